"""Our TimelineJS JSON in TimelineJS itself (3.9.11, from npm), in Debian's chromium.

TimelineJS sanitises `headline` and `text` with DOMPurify, but strips `display_date`
and `group` of markup by decoding them and then inserts the result as HTML; the
exporter escapes those twice. Here a data file whose date label and title are
markup is rendered by TimelineJS: no element from the data appears, no handler
runs, and the reader sees the label as text.

TimelineJS comes from $VPA_TIMELINEJS (a folder holding dist/js/timeline.js, or the
npm tarball), else from the npm registry into pytest's cache, checked against the
tarball's published sha512 (`npm view @knight-lab/timelinejs@3.9.11 dist.integrity`).
Skipped, with the reason, without chromium or selenium, or where the registry cannot
be reached.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tarfile
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import MISSING, chromium
from conftest import run

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")

from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

if MISSING:
    pytest.skip(MISSING, allow_module_level=True)

PACKAGE = "@knight-lab/timelinejs@3.9.11"
TARBALL = "knight-lab-timelinejs-3.9.11.tgz"
URL = "https://registry.npmjs.org/@knight-lab/timelinejs/-/timelinejs-3.9.11.tgz"
# `npm view @knight-lab/timelinejs@3.9.11 dist.integrity`
INTEGRITY = (
    "sha512-+jUuY1OJ+9zSO5O3AfYSLd1yB0vQkm22zyIElz8B"
    "WT5DQ9mL0rsxlQkBKAqLbWpJjFuAAJeqzLY35xFIg6GW4g=="
)

HOSTILE_LABEL = "2 March 2015 <img src=x onerror=\"window.pwned='date'\">"
HOSTILE_TITLE = "<img src=x onerror=\"window.pwned='title'\"> title"


def _integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def _unpack(tarball: Path, into: Path) -> Path:
    if _integrity(tarball) != INTEGRITY:
        pytest.fail(f"{tarball} is not {PACKAGE} as published (sha512 differs)")
    with tarfile.open(tarball) as tar:
        tar.extractall(into, filter="data")
    return into / "package" / "dist"


@pytest.fixture(scope="module")
def dist(request: pytest.FixtureRequest) -> Path:
    """TimelineJS's dist folder (js/timeline.js, css/timeline.css)."""
    given = os.environ.get("VPA_TIMELINEJS")
    cache = Path(request.config.cache.mkdir("timelinejs-3.9.11"))
    if given:
        path = Path(given)
        if path.is_file():
            return _unpack(path, cache)
        return path / "dist" if (path / "dist").is_dir() else path
    tarball = cache / TARBALL
    if not tarball.is_file():
        try:
            with urllib.request.urlopen(URL, timeout=120) as response:
                tarball.write_bytes(response.read())
        except OSError as error:
            pytest.skip(f"could not fetch {URL}: {error}")
    return _unpack(tarball, cache)


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with chromium(webdriver) as browser:
        yield browser


def page(dist: Path, doc: dict[str, Any], where: Path) -> str:
    """A page that shows `doc` in TimelineJS, loaded from files only."""
    data = json.dumps(doc).replace("<", "\\u003c")
    script = (dist / "js").as_uri()
    html = f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{(dist / "css" / "timeline.css").as_uri()}">
<script src="{(dist / "js" / "timeline.js").as_uri()}"></script></head>
<body><div id="tl" style="width: 1000px; height: 600px"></div>
<script>window.tl = new TL.Timeline("tl", {data}, {{script_path: "{script}/"}});</script>
</body></html>"""
    path = where / "timelinejs.html"
    path.write_text(html, encoding="utf-8")
    return path.as_uri()


def test_markup_in_the_data_stays_text_in_timelinejs(
    dist: Path, driver: Any, tmp_path: Path
) -> None:
    data = tmp_path / "hostile.json"
    event = {
        "id": "hostile",
        "date": "2015-03-02",
        "date_basis": "supplied",
        "date_note": "A test of markup in a date label.",
        "date_label": HOSTILE_LABEL,
        "title": HOSTILE_TITLE,
        "summary": "<img src=x onerror=\"window.pwned='summary'\">",
        "kind": "publication",
        "citations": [{"source": "nguyen-chi-vinh-2015", "line": 3, "quote": "q"}],
    }
    data.write_text(json.dumps({"events": [event]}), encoding="utf-8")
    doc = run(
        "timeline",
        "--format",
        "timelinejs",
        "--data",
        str(data),
        "--source",
        "nguyen-chi-vinh-2015",
        "--from",
        "2015-03-02",
        "--to",
        "2015-03-02",
        "--kind",
        "publication",
    ).json()
    assert [slide["unique_id"] for slide in doc["events"]] == ["hostile"]
    driver.get(page(dist, doc, tmp_path))
    WebDriverWait(driver, 20).until(
        lambda d: d.execute_script("return document.querySelectorAll('.tl-slide').length > 0")
    )
    driver.execute_script("window.tl.goToId('hostile')")
    # The slide's date is in place, and any image the data smuggled in has loaded or failed.
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script(
            """return document.querySelector('.tl-slide .tl-headline-date') !== null
                && [...document.querySelectorAll('#tl img')].every(i => i.complete)"""
        )
    )
    state = driver.execute_script(
        """return {pwned: window.pwned || null,
                   images: [...document.querySelectorAll('#tl img')].map(i => i.outerHTML),
                   handlers: [...document.querySelectorAll('#tl *')]
                       .filter(e => [...e.attributes].some(a => a.name.startsWith('on')))
                       .map(e => e.outerHTML),
                   dates: [...document.querySelectorAll('.tl-headline-date, .tl-timemarker-text')]
                       .map(e => e.textContent)}"""
    )
    assert state["pwned"] is None
    assert state["images"] == []
    assert state["handlers"] == []
    # The label reads as written (marked as supplied), on the slide and on the axis.
    assert any(HOSTILE_LABEL in text for text in state["dates"]), state["dates"]
