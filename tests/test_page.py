"""The self-contained HTML page (vpa_cli.page): nothing fetched from outside, data
shown as text and never as markup, every event listed and every quote anchored.

`payload_from_dataset` builds the page's payload from the bundled data, the way
`vpa timeline --format html` will; the browser tests (test_page_browser.py) use it too.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from typing import Any

import pytest

from vpa_cli.dataset import load_dataset
from vpa_cli.page import render_page, script_json

HOSTILE = "</script><script>alert(1)</script><b>x</b>"
LEGEND = {"supplied": "\u2020", "derived": "\u2021"}


# ---------------------------------------------------------------- the payload


def payload_from_dataset() -> dict[str, Any]:
    """The page's data for every bundled event, as `vpa timeline --format html` builds it."""
    from vpa_cli.page.payload import build_payload
    from vpa_cli.timeline import TimelineQuery, select_events

    dataset = load_dataset([])
    events = select_events(dataset, TimelineQuery())
    return build_payload(events, dataset, "vpa (test), all bundled events")


def hostile_payload() -> dict[str, Any]:
    """A small payload whose every text field tries to end the script or add markup."""
    payload = payload_from_dataset()
    payload["events"] = payload["events"][:3]
    payload["title"] = payload["generated_from"] = HOSTILE
    for event in payload["events"]:
        event["title"] = event["summary"] = event["note"] = HOSTILE
        event["date"]["note"] = event["date"]["source_says"] = HOSTILE
        event["citations"][0]["quote"] = HOSTILE + "\u2028\u2029 & {{script}}"
        for partner in event["partners"]:
            partner["name"] = partner["role"] = HOSTILE
    for source in payload["sources"]:
        source["reference"] = source["assessment"] = source["speaker"] = HOSTILE
        for line in source["lines"]:
            line["text"] = HOSTILE
    return payload


def variety_payload() -> dict[str, Any]:
    """Dates of every shape the page draws, which the bundled data may not all have:
    open at the start, open at the end with and without an as-of date, approximate,
    uncertain, a day, and a partner with a role."""
    payload = payload_from_dataset()
    shapes = [
        ("../1975", "until 1975", None, "1975-12-31", None, "year", {"open_start": True}),
        ("1995~", "c. 1995", "1995-01-01", "1995-12-31", None, "year", {"approximate": True}),
        ("2014/..", "since 2014", "2014-01-01", None, "2018-03-22", "year", {"open_end": True}),
        ("2016/..", "since 2016", "2016-01-01", None, None, "year", {"open_end": True}),
        (
            "2015-03-02?",
            "2 Mar 2015?",
            "2015-03-02",
            "2015-03-02",
            None,
            "day",
            {"uncertain": True},
        ),
    ]
    events = []
    for event, (text, display, start, end, as_of, precision, flags) in zip(
        payload["events"][: len(shapes)], shapes, strict=True
    ):
        event = copy.deepcopy(event)
        event["date"].update(
            text=text,
            display=display,
            start=start,
            end=end,
            as_of=as_of,
            precision=precision,
            approximate=False,
            uncertain=False,
            open_start=False,
            open_end=False,
        )
        event["date"].update(flags)
        events.append(event)
    events[1]["partners"] = [
        {
            "id": "united-states",
            "name": "United States",
            "role": "counterpart",
            "basis": "inferred",
            "note": None,
        }
    ]
    payload["events"] = sorted(events, key=lambda e: e["date"]["start"] or "")
    return payload


@pytest.fixture(scope="module")
def payload() -> dict[str, Any]:
    return payload_from_dataset()


@pytest.fixture(scope="module")
def page(payload: dict[str, Any]) -> str:
    return render_page(payload)


# ---------------------------------------------------------------- parsing the page


class Parsed(HTMLParser):
    """Every element with its attributes, the ids, and the text inside each element kind."""

    def __init__(self, document: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None
        self.feed(document)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if tag in ("script", "style"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "style":
            self.styles.append(data)
        else:
            self.text.append(data)

    def attribute_values(self, name: str) -> list[str]:
        return [str(a[name]) for _, a in self.tags if a.get(name) is not None]


def data_block(document: str) -> Any:
    match = re.search(r'<script type="application/json" id="vpa-data">(.*?)</script>', document)
    assert match, "no #vpa-data block"
    return json.loads(match[1])


# ---------------------------------------------------------------- tests


def test_page_is_one_html_document_with_the_data_inside(page: str, payload: dict[str, Any]) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert data_block(page) == payload
    parsed = Parsed(page)
    assert [t for t, _ in parsed.tags].count("script") == 2  # the data and the code
    assert [t for t, _ in parsed.tags].count("style") == 1


def test_no_reference_leaves_the_page(page: str) -> None:
    parsed = Parsed(page)
    for name in ("src", "href", "action", "srcset", "poster", "data", "formaction"):
        for value in parsed.attribute_values(name):
            assert value.startswith("#"), f"{name}={value!r} points outside the page"
    for tag, attrs in parsed.tags:
        for attr, raw in attrs.items():
            if attr != "content":  # the CSP names no place, only 'none' and hashes
                assert "//" not in (raw or ""), f"<{tag} {attr}={raw!r}>"
    code = "\n".join(parsed.scripts[1:] + parsed.styles)
    assert not re.search(r"url\(\s*(?![\s'\"]*#)", code), "url() to something other than #id"
    for call in (
        "@import",
        "fetch(",
        "XMLHttpRequest",
        "import(",
        "WebSocket",
        "EventSource",
        "sendBeacon",
        "Worker(",
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
    ):
        assert call not in code, f"the page's code uses {call}"
    urls = set(re.findall(r"[a-z]+://[^\s\"'`)]*", code))
    assert urls <= {"http://www.w3.org/2000/svg"}, urls  # SVG's namespace, never fetched


def test_content_security_policy_refuses_the_network_and_matches_the_code(page: str) -> None:
    parsed = Parsed(page)
    csp = next(
        a["content"] for t, a in parsed.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp is not None and "default-src 'none'" in csp
    for text in (parsed.scripts[1], parsed.styles[0]):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp  # else the browser refuses our own code


def test_hostile_text_is_shown_as_text() -> None:
    payload = hostile_payload()
    page = render_page(payload)
    parsed = Parsed(page)
    tags = [t for t, _ in parsed.tags]
    assert tags.count("script") == 2 and "b" not in tags
    assert page.count("</script>") == 2
    assert data_block(page) == payload
    shown = "".join(parsed.text)
    assert shown.count(HOSTILE) >= 5  # the heading, and each event's title and summary
    assert "{{script}}" in shown  # placeholders in data are not filled in


def test_data_block_escapes_what_could_end_it() -> None:
    raw = script_json({"t": "</script><!-- & \u2028\u2029 -->"})
    assert not set(raw) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(raw) == {"t": "</script><!-- & \u2028\u2029 -->"}


def test_every_event_is_in_the_list_view(page: str, payload: dict[str, Any]) -> None:
    parsed = Parsed(page)
    articles = [a["id"] for t, a in parsed.tags if t == "article" and "event" in (a["class"] or "")]
    assert articles == [f"event-{e['id']}" for e in payload["events"]]
    shown = "".join(parsed.text)
    for event in payload["events"]:
        assert event["title"] in shown
        assert event["date"]["display"] in shown


def test_every_link_reaches_an_anchor_and_every_quote_is_linked(
    page: str, payload: dict[str, Any]
) -> None:
    parsed = Parsed(page)
    hrefs = parsed.attribute_values("href")
    missing = [h for h in hrefs if h[1:] not in parsed.ids]
    assert not missing
    for event in payload["events"]:
        for c in event["citations"]:
            assert f"#src-{c['source']}-{c['line']}" in hrefs


def test_sources_section_holds_every_cited_line(page: str, payload: dict[str, Any]) -> None:
    parsed = Parsed(page)
    cited = {(c["source"], c["line"]) for e in payload["events"] for c in e["citations"]}
    assert {f"src-{s}-{n}" for s, n in cited} <= parsed.ids
    assert {f"source-{s['id']}" for s in payload["sources"]} <= parsed.ids
    assert page.index('id="list"') < page.index('id="sources"')


def test_supplied_and_derived_dates_carry_their_mark(page: str, payload: dict[str, Any]) -> None:
    for event in payload["events"]:
        article = page[page.index(f'id="event-{event["id"]}"') :].split("</article>")[0]
        symbol = LEGEND.get(event["date"]["basis"])
        if symbol:
            assert f">{symbol}</span>" in article, event["id"]
        else:
            assert "basis-mark" not in article, event["id"]
    for basis, symbol in LEGEND.items():
        assert f'<span class="basis-mark">{symbol}</span> {basis} date' in page


def test_every_date_shape_is_listed_with_its_qualities() -> None:
    payload = variety_payload()
    page = render_page(payload)
    text = "".join(Parsed(page).text)
    for event in payload["events"]:
        assert event["date"]["display"] in text
    assert "open-ended (the sources speak of it as of 2018)" in text
    assert "open at the start" in text and "approximate" in text and "uncertain" in text
    assert "United States (counterpart, inferred)" in text


def test_render_does_not_change_the_payload(payload: dict[str, Any]) -> None:
    before = copy.deepcopy(payload)
    render_page(payload)
    assert payload == before


def test_page_core_imports_neither_typer_nor_rich() -> None:
    code = (
        "import sys, vpa_cli.page; "
        "bad = {'typer', 'rich'} & {m.split('.')[0] for m in sys.modules}; "
        "sys.exit(', '.join(sorted(bad)) or None)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
