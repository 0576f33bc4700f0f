"""Every date basis and every date shape, pinned in every output (issue 23).

A mutation that dropped the HTML page's mark for a derived date once survived the
suite, because the substring checks of test_one_truth.py find `2025` inside `2025‡`
and no output was held to the exact date. tests/data/every-basis.json holds one event
per case: a date stated, derived and supplied; to the day, month and year;
approximate (`~`), uncertain (`?`); a closed range, an open range with its as_of, a
derived open range shown by its label and running to its source's as-of date, and a
range open at the start. Each output must show each of them exactly as the claim's
view says (claims/view.py, marks from claims/marks.py): `†` supplied, `‡` derived,
nothing when stated, the mark after the date and before how far an open range runs.

CASES writes out what the view must give, as a spec, so a change to the view itself
fails here too; every output is then compared with the view. The page is checked in
the HTML it is sent as, and in chromium (its list, its evidence panel and what
page.js draws on the axis); those tests skip where chromium is missing.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from browser import MISSING, chromium
from conftest import REPO, run

from vpa_cli.claims.marks import DATE_MARKS, WEAK_CLAIM, basis_line, basis_words
from vpa_cli.claims.view import Claims, ClaimView
from vpa_cli.loading.reading import load_dataset
from vpa_cli.records.types import Event

DATA = REPO / "tests" / "data" / "every-basis.json"
FORMATS = ("table", "plain", "json", "csv", "markdown", "html", "timelinejs")
MARKS = ("\u2020", "\u2021")  # † supplied, ‡ derived


class Case(NamedTuple):
    """What the view must give an event: its basis and mark, the date as people read it
    (`shown`, without the mark: JSON's, CSV's and `vpa show`'s `date_shown`) and as every
    output shows it (`text`, with the mark), its precision and its qualities."""

    basis: str
    mark: str
    shown: str
    text: str
    precision: str
    qualities: frozenset[str] = frozenset()  # approximate, uncertain, open_start, open_end
    until: str | None = None


CASES: dict[str, Case] = {
    "every-basis-stated-day": Case("stated", "", "26 Feb 2024", "26 Feb 2024", "day"),
    "every-basis-month": Case("stated", "", "Aug 1945", "Aug 1945", "month"),
    "every-basis-year": Case("stated", "", "2009", "2009", "year"),
    "every-basis-derived": Case("derived", "\u2021", "2025", "2025\u2021", "year"),
    "every-basis-supplied": Case("supplied", "\u2020", "Feb 2023", "Feb 2023\u2020", "month"),
    "every-basis-approximate": Case(
        "derived", "\u2021", "c. 2001", "c. 2001\u2021", "year", frozenset({"approximate"})
    ),
    "every-basis-uncertain": Case(
        "derived", "\u2021", "2024?", "2024?\u2021", "year", frozenset({"uncertain"})
    ),
    "every-basis-closed-range": Case("stated", "", "2015\u20132020", "2015\u20132020", "year"),
    "every-basis-open-range": Case(
        "stated",
        "",
        "since 2014 (as of 2 Sep 2025)",
        "since 2014 (as of 2 Sep 2025)",
        "year",
        frozenset({"open_end"}),
        "2025-09-02",
    ),
    "every-basis-derived-open-range": Case(
        "derived",
        "\u2021",
        "post-1995 (as of 2014)",
        "post-1995\u2021 (as of 2014)",
        "year",
        frozenset({"open_end"}),
        "2014",
    ),
    "every-basis-open-start": Case(
        "stated", "", "until 1944", "until 1944", "year", frozenset({"open_start"})
    ),
}


# ---------------------------------------------------------------- what to compare with


@cache
def views() -> dict[str, ClaimView]:
    """The view of each event of the file, from a dataset of its own."""
    claims = Claims(load_dataset([str(DATA)]))
    dataset = claims.dataset
    return {e.id: claims.of(e) for e in dataset.events if e.id in CASES}


def event_of(view: ClaimView) -> Event:
    record = view.record
    assert isinstance(record, Event)
    return record


@cache
def timeline(fmt: str) -> str:
    """`vpa timeline --data every-basis.json --format FMT`: the bundled events and ours."""
    # Wide enough that no table cell wraps.
    result = run("timeline", "--data", str(DATA), "--format", fmt, env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def page_quality_words(case: Case) -> list[str]:
    """The qualities as the page words them after the basis (page/__init__.py)."""
    words: list[str] = [q for q in ("approximate", "uncertain") if q in case.qualities]
    if "open_end" in case.qualities:
        words.append(f"open-ended: the sources speak of it as of {shown_until(case)}")
    if "open_start" in case.qualities:
        words.append("open at the start")
    return words


def shown_until(case: Case) -> str:
    """How far an open range runs, as people read it: the `(as of ...)` of its text."""
    found = re.search(r"\(as of (.+)\)$", case.text)
    assert found, case
    return found[1]


def page_basis_line(case: Case) -> str:
    """`Date derived: worked out ...; approximate.`: the page's line under the date."""
    line = capital(basis_line(case.basis))
    qualities = page_quality_words(case)
    return line + ("; " + ", ".join(qualities) if qualities else "") + "."


# ---------------------------------------------------------------- the data and the view


def test_the_file_passes_check_with_no_warnings() -> None:
    result = run("check", "--strict", "--data", str(DATA), "--format", "json")
    assert result.exit_code == 0, result.stdout + result.stderr
    report = result.json()
    assert report["ok"] is True
    assert report["problems"] == [] and report["warnings"] == []


def test_the_file_holds_every_case_and_no_bundled_id() -> None:
    events = json.loads(DATA.read_text(encoding="utf-8"))["events"]
    assert [e["id"] for e in events if e["id"] not in CASES] == []
    assert sorted(CASES) == sorted(e["id"] for e in events)
    bundled = load_dataset([])
    assert not set(CASES) & {e.id for e in bundled.events}
    assert {c.basis for c in CASES.values()} == set(DATE_MARKS)
    for event in events:
        if event["date_basis"] != "stated":
            assert event.get("date_note"), event["id"]
    shapes = {c.precision for c in CASES.values()}
    assert shapes == {"day", "month", "year"}
    qualities = set().union(*(c.qualities for c in CASES.values()))
    assert qualities == {"approximate", "uncertain", "open_start", "open_end"}
    assert any("/" in e["date"] and ".." not in e["date"] for e in events)  # a closed range
    assert any(e["date"].endswith("/..") and e.get("as_of") for e in events)


def test_the_marks_are_dagger_for_supplied_double_dagger_for_derived() -> None:
    assert DATE_MARKS == {"stated": "", "derived": "\u2021", "supplied": "\u2020"}


@pytest.mark.parametrize("rid", CASES)
def test_the_view_gives_each_case_its_date(rid: str) -> None:
    case, view = CASES[rid], views()[rid]
    event = event_of(view)
    assert event.date_basis == case.basis
    assert view.date_mark == event.date_mark == case.mark == DATE_MARKS[case.basis]
    assert view.date_text == case.text
    assert event.date_shown == case.shown
    assert event.date_precision == case.precision
    assert event.date_approximate == ("approximate" in case.qualities)
    assert event.date_uncertain == ("uncertain" in case.qualities)
    assert event.open_start == ("open_start" in case.qualities)
    assert event.open_end == ("open_end" in case.qualities)
    assert (event.until.text if event.open_end and event.until else None) == case.until


# ---------------------------------------------------------------- vpa timeline, each format


def _rows(fmt: str) -> dict[str, list[str]]:
    """Each of our events' row in a plain or Markdown timeline, its cells by position."""
    rows: dict[str, list[str]] = {}
    for line in timeline(fmt).splitlines():
        if fmt == "plain":
            cells = line.split("\t")
        elif line.startswith("| "):
            cells = [c.strip().replace("\\", "") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        else:
            continue
        if cells[-1] in CASES:
            rows[cells[-1]] = cells
    assert sorted(rows) == sorted(CASES), fmt
    return rows


@pytest.mark.parametrize("fmt", ["plain", "markdown"])
def test_plain_and_markdown_show_exactly_the_views_date(fmt: str) -> None:
    for rid, cells in _rows(fmt).items():
        assert cells[0] == views()[rid].date_text, (fmt, rid, cells)


def test_the_table_shows_exactly_the_views_date() -> None:
    """The id sits under the title; the line above it starts with the date cell."""
    lines = timeline("table").splitlines()
    title_at = lines[0].index("Title")
    found: dict[str, str] = {}
    for above, line in pairwise(lines):
        rid = line[title_at:].strip()
        if rid in CASES and not line[:title_at].strip():
            found[rid] = above[:title_at].strip()
    assert found == {rid: view.date_text for rid, view in views().items()}


def test_csv_gives_each_date_column_as_the_view() -> None:
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(timeline("csv")))}
    for rid, view in views().items():
        event, row = event_of(view), rows[rid]
        assert row["date_mark"] == view.date_mark, rid
        assert row["date_basis"] == event.date_basis, rid
        assert row["date_shown"] == event.date_shown, rid
        assert row["date_precision"] == event.date_precision, rid
        for key in ("date_approximate", "date_uncertain", "open_start", "open_end"):
            assert row[key] == ("true" if getattr(event, key) else "false"), (rid, key)
        assert row["until"] == (event.until.text if event.until else ""), rid


def test_json_gives_each_date_field_as_the_view() -> None:
    got = {e["id"]: e for e in json.loads(timeline("json"))}
    for rid, view in views().items():
        event, data = event_of(view), got[rid]
        for key in (
            "date_mark",
            "date_basis",
            "date_shown",
            "date_precision",
            "date_approximate",
            "date_uncertain",
            "open_start",
            "open_end",
        ):
            assert data[key] == getattr(event, key), (rid, key)
        assert data["until"] == (event.until.text if event.until else None), rid


def test_timelinejs_shows_the_views_date_and_its_basis() -> None:
    slides = {s["unique_id"]: s for s in json.loads(timeline("timelinejs"))["events"]}
    for rid, view in views().items():
        slide = slides[rid]
        # TimelineJS decodes a display date twice before a reader sees it.
        assert html.unescape(html.unescape(slide["display_date"])) == view.date_text, rid
        text = html.unescape(re.sub(r"<[^>]+>", " ", slide["text"]["text"]))
        basis = event_of(view).date_basis
        for other in DATE_MARKS:
            said = capital(basis_line(other)) in text
            assert said == (other == basis != "stated"), (rid, other)


# ---------------------------------------------------------------- the HTML page as sent


def _article(page: str, rid: str) -> str:
    found = re.search(
        rf'<article class="event" id="event-{re.escape(rid)}".*?</article>', page, re.S
    )
    assert found, rid
    return found.group()


def _text(markup: str) -> str:
    """What a sighted reader sees of `markup`: no text only screen readers hear."""
    seen = re.sub(r'<span class="visually-hidden">.*?</span>', "", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", seen))


def test_the_pages_list_shows_exactly_the_views_date_and_mark() -> None:
    page = timeline("html")
    for rid, view in views().items():
        case, article = CASES[rid], _article(page, rid)
        date = re.search(r'<span class="date">(.*?)</span> · <span class="kind">', article)
        assert date, rid
        assert _text(date[1]) == view.date_text, rid
        marks = re.findall(r'<span class="basis-mark" title="date (\w+)">(.*?)</span>', date[1])
        assert marks == ([(case.basis, view.date_mark)] if view.date_mark else []), rid
        hidden = re.findall(r'<span class="visually-hidden">(.*?)</span>', date[1])
        assert hidden == ([f" (date {case.basis})"] if view.date_mark else []), rid
        line = re.search(r'<p class="date-basis basis-(\w+)">(.*?)</p>', article)
        assert line and line[1] == case.basis, rid
        assert html.unescape(line[2]) == page_basis_line(case), rid


# ---------------------------------------------------------------- vpa show ID


@pytest.mark.parametrize("rid", CASES)
def test_show_gives_the_views_date(rid: str) -> None:
    view = views()[rid]
    event = event_of(view)
    plain = run("show", "--data", str(DATA), rid, "--format", "plain")
    assert plain.exit_code == 0, plain.stderr
    rows = dict(line.split(": ", 1) for line in plain.stdout.splitlines() if ": " in line)
    assert rows["date_shown"] == event.date_shown
    assert rows["date_mark"] == (view.date_mark or "-")
    assert rows["date_basis"] == event.date_basis
    record = run("show", "--data", str(DATA), rid, "--format", "json").json()["record"]
    assert (record["date_mark"], record["date_basis"], record["date_shown"]) == (
        view.date_mark,
        event.date_basis,
        event.date_shown,
    )
    table = run("show", "--data", str(DATA), rid, "--format", "csv")
    cells = dict(csv.reader(io.StringIO(table.stdout)))
    assert cells["date_mark"] == view.date_mark
    assert cells["date_shown"] == event.date_shown


# ---------------------------------------------------------------- the page in chromium


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    if MISSING:
        pytest.skip(MISSING)
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
    with chromium(webdriver) as browser:
        yield browser


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    result = run("timeline", "--data", str(DATA), "--format", "html")
    assert result.exit_code == 0, result.stderr
    path: Path = tmp_path_factory.mktemp("every-basis") / "timeline.html"
    path.write_text(result.stdout, encoding="utf-8")
    return path.as_uri()


# The date of an article as a reader sees it, its marks, what only screen readers hear
# of it, and the basis line under it.
READ_DATE = """
const read = (article) => {
    const date = article.querySelector('.date');
    const seen = date.cloneNode(true);
    seen.querySelectorAll('.visually-hidden').forEach((n) => n.remove());
    const basis = article.querySelector('.date-basis');
    return {date: seen.textContent,
            marks: [...date.querySelectorAll('.basis-mark')].map((m) => [m.textContent, m.title]),
            hidden: [...date.querySelectorAll('.visually-hidden')].map((n) => n.textContent),
            basis: basis.textContent, basisClass: basis.className};
};
"""

LIST_AND_AXIS = (
    READ_DATE
    + """
const [ids] = arguments;
return Object.fromEntries(ids.map((id) => {
    const g = [...document.querySelectorAll('#axis g.event')].find((n) => n.dataset.id === id);
    return [id, {list: read(document.getElementById('event-' + id)),
                 label: g ? g.querySelector('text.label').textContent : null,
                 aria: g ? g.getAttribute('aria-label') : null}];
}));
"""
)

PANEL = READ_DATE + "return read(document.querySelector('#panel article'));"


def _expected_in_page(rid: str) -> dict[str, Any]:
    case, view = CASES[rid], views()[rid]
    return {
        "date": view.date_text,
        "marks": [[view.date_mark, f"date {case.basis}"]] if view.date_mark else [],
        "hidden": [f" (date {case.basis})"] if view.date_mark else [],
        "basis": page_basis_line(case),
        "basisClass": f"date-basis basis-{case.basis}",
    }


def _check_label(rid: str, label: str) -> None:
    """page.js labels a mark on the axis with the title (cut to fit, with `…`) and then
    the date's mark after a space; a stated date's label ends with no mark."""
    view = views()[rid]
    stem = label
    if view.date_mark:
        assert label.endswith(" " + view.date_mark), (rid, label)
        stem = label[: -len(view.date_mark) - 1]
    assert stem == view.title or (stem.endswith("\u2026") and view.title.startswith(stem[:-1])), (
        rid,
        label,
    )


def _check_aria(rid: str, aria: str) -> None:
    """What a screen reader hears of the mark on the axis: the basis when it is marked,
    and each quality of the date."""
    case, view = CASES[rid], views()[rid]
    event = event_of(view)
    assert aria.startswith(f"{view.title}, {event.date_shown}, "), (rid, aria)
    for basis in DATE_MARKS:
        said = f", date {basis}: {basis_words(basis)}," in aria
        assert said == (basis == case.basis and bool(view.date_mark)), (rid, basis, aria)
    assert (", approximate," in aria) == ("approximate" in case.qualities), (rid, aria)
    assert (", uncertain," in aria) == ("uncertain" in case.qualities), (rid, aria)
    open_end = f", open-ended, as of {shown_until(case)}," if case.until else ", open-ended,"
    assert (open_end in aria) == ("open_end" in case.qualities), (rid, aria)
    assert aria.endswith(f", {WEAK_CLAIM}") == view.weak, (rid, aria)


def test_the_page_in_a_browser_shows_each_date_and_mark_in_the_list_and_on_the_axis(
    driver: Any, page_url: str
) -> None:
    driver.get(page_url)
    seen = driver.execute_script(LIST_AND_AXIS, list(CASES))
    for rid in CASES:
        assert seen[rid]["list"] == _expected_in_page(rid), rid
        assert seen[rid]["label"] is not None, rid
        _check_label(rid, seen[rid]["label"])
        _check_aria(rid, seen[rid]["aria"])
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def test_the_evidence_panel_shows_each_date_and_mark(driver: Any, page_url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(page_url)
    for rid in CASES:
        mark = next(
            g
            for g in driver.find_elements(By.CSS_SELECTOR, "#axis g.event")
            if g.get_attribute("data-id") == rid
        )
        mark.send_keys(Keys.ENTER)
        assert driver.execute_script("return document.getElementById('panel').hidden") is False
        assert driver.execute_script(PANEL) == _expected_in_page(rid), rid
        driver.switch_to.active_element.send_keys(Keys.ESCAPE)
