"""`timelinejs`: the TimelineJS 3 JSON format, checked against the rules its
documentation gives (https://timeline.knightlab.com/docs/json-format.html), with
dates at their precision and every string from the data escaped as HTML."""

from __future__ import annotations

import calendar
import json
from datetime import date
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from vpa_cli.claims.view import Claims
from vpa_cli.exports.timelinejs import timelinejs
from vpa_cli.loading.dataset import Dataset
from vpa_cli.loading.reading import load_dataset
from vpa_cli.records.dates import DatePoint

# The markup the exporter writes itself; anything else in a text came from data.
OWN_TAGS = {"p", "small", "ul", "li", "cite"}


def date_problems(where: str, obj: Any) -> list[str]:
    """What breaks the documented rules for a date object: year required (an
    integer), month 1-12, day a day of that month, and a day only with a month."""
    if not isinstance(obj, dict):
        return [f"{where}: not an object"]
    out = []
    year, month, day = obj.get("year"), obj.get("month"), obj.get("day")
    if type(year) is not int:
        out.append(f"{where}: year {year!r} is not an integer")
    if month is not None and (type(month) is not int or not 1 <= month <= 12):
        out.append(f"{where}: month {month!r} is not 1-12")
    if day is not None:
        if month is None:
            out.append(f"{where}: a day without a month")
        elif type(day) is not int or type(year) is not int or type(month) is not int:
            out.append(f"{where}: day {day!r} is not an integer")
        elif 1 <= month <= 12 and not 1 <= day <= calendar.monthrange(year, month)[1]:
            out.append(f"{where}: day {day} is not in {year}-{month:02}")
    if "display_date" in obj and not isinstance(obj["display_date"], str):
        out.append(f"{where}: display_date is not a string")
    return out


def first_day(obj: dict[str, Any]) -> date:
    return date(obj["year"], obj.get("month", 1), obj.get("day", 1))


def last_day(obj: dict[str, Any]) -> date:
    month = obj.get("month", 12)
    return date(obj["year"], month, obj.get("day", calendar.monthrange(obj["year"], month)[1]))


def problems(doc: Any) -> list[str]:
    """Every way `doc` breaks the TimelineJS 3 JSON format; empty when it is valid."""
    if not isinstance(doc, dict) or not isinstance(doc.get("events"), list):
        return ["events: a list is required"]
    out: list[str] = []
    seen: set[str] = set()
    for i, slide in enumerate(doc["events"]):
        where = f"events[{i}]"
        if "start_date" not in slide:
            out.append(f"{where}: start_date is required")
            continue
        dated = date_problems(f"{where}.start_date", slide["start_date"])
        if "end_date" in slide:
            dated += date_problems(f"{where}.end_date", slide["end_date"])
            if not dated and last_day(slide["end_date"]) < first_day(slide["start_date"]):
                out.append(f"{where}: end_date is before start_date")
        out += dated
        text = slide.get("text", {})
        for key in ("headline", "text"):
            if not isinstance(text.get(key), str):
                out.append(f"{where}.text.{key}: not a string")
        for key in ("display_date", "group"):
            if key in slide and not isinstance(slide[key], str):
                out.append(f"{where}.{key}: not a string")
        uid = slide.get("unique_id")
        if not isinstance(uid, str) or not uid:
            out.append(f"{where}.unique_id: not a string")
        elif uid in seen:
            out.append(f"{where}.unique_id: {uid} is not unique")
        else:
            seen.add(uid)
    return out


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)


def tags(html: str) -> set[str]:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def shown(field: str) -> str:
    """What a reader sees of `display_date` or `group`: TimelineJS keeps the text of the
    field parsed as HTML (one decoding), then inserts that as HTML (a second)."""
    return unescape(unescape(field))


def markup_after_stripping(field: str) -> set[str]:
    """The tags TimelineJS would insert from `display_date` or `group`."""
    return tags(unescape(field))


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset([str(REPO / "tests" / "data" / "hostile-example.json")])


@pytest.fixture(scope="module")
def doc(dataset: Dataset) -> dict[str, Any]:
    return timelinejs(Claims(dataset).many(dataset.events))


def slide_of(doc: dict[str, Any], uid: str) -> dict[str, Any]:
    slides: list[dict[str, Any]] = doc["events"]
    (slide,) = [s for s in slides if s["unique_id"] == uid]
    return slide


# ---------------------------------------------------------------- the rules


def test_the_validator_finds_what_breaks_the_rules() -> None:
    bad = {
        "events": [
            {"text": {"headline": "no date", "text": ""}, "unique_id": "a"},
            {
                "start_date": {"year": "1995"},
                "text": {"headline": "h", "text": ""},
                "unique_id": "b",
            },
            {
                "start_date": {"year": 1995, "month": 13},
                "text": {"headline": "h", "text": ""},
                "unique_id": "c",
            },
            {
                "start_date": {"year": 1995, "day": 3},
                "text": {"headline": "h", "text": ""},
                "unique_id": "d",
            },
            {
                "start_date": {"year": 1995, "month": 2, "day": 30},
                "text": {"headline": "h", "text": ""},
                "unique_id": "e",
            },
            {
                "start_date": {"year": 1995},
                "end_date": {"year": 1994},
                "text": {"headline": "h", "text": ""},
                "unique_id": "f",
            },
            {"start_date": {"year": 1995}, "text": {"headline": 1, "text": ""}, "unique_id": "g"},
            {"start_date": {"year": 1995}, "text": {"headline": "h", "text": ""}, "unique_id": "g"},
        ]
    }
    found = problems(bad)
    for what in (
        "start_date is required",
        "is not an integer",
        "is not 1-12",
        "a day without a month",
        "day 30 is not in 1995-02",
        "end_date is before start_date",
        "headline: not a string",
        "g is not unique",
    ):
        assert any(what in p for p in found), what


def test_every_event_is_a_valid_slide(doc: dict[str, Any], dataset: Dataset) -> None:
    assert problems(doc) == []
    assert [s["unique_id"] for s in doc["events"]] == [e.id for e in dataset.events]
    assert isinstance(doc["title"]["text"]["headline"], str)
    # What TimelineJS reads is JSON: it survives a round trip unchanged.
    assert json.loads(json.dumps(doc)) == doc


def test_dates_keep_their_precision(doc: dict[str, Any], dataset: Dataset) -> None:
    for event in dataset.events:
        slide = slide_of(doc, event.id)
        point = event.date.start or event.date.end
        assert point is not None
        start = slide["start_date"]
        assert start["year"] == point.year
        assert start.get("month") == point.month
        assert start.get("day") == point.day
    year_only = slide_of(doc, "2009-defence-white-book")["start_date"]
    assert "month" not in year_only and "day" not in year_only
    month = slide_of(doc, "1945-08-general-uprising")["start_date"]
    assert (month["year"], month["month"]) == (1945, 8) and "day" not in month


def test_ranges_have_an_end_and_open_ranges_end_at_their_as_of_date(
    doc: dict[str, Any], dataset: Dataset
) -> None:
    for event in dataset.events:
        slide = slide_of(doc, event.id)
        when = event.date
        last: DatePoint | None
        if when.interval and when.start and when.end:
            last = when.end
        elif when.interval and when.start and event.until is not None:
            # An open range runs to the last date the sources speak of it, not to today.
            last = event.until.end or event.until.start
        else:
            assert "end_date" not in slide, event.id
            continue
        assert last is not None
        end = slide["end_date"]
        assert (end["year"], end.get("month"), end.get("day")) == (last.year, last.month, last.day)
    # An open range says so in its display date, from the label or the date itself, with
    # the as-of date it runs to; a period the texts close shows its end.
    deployments = slide_of(doc, "2014-un-peacekeeping-deployments")
    assert shown(deployments["display_date"]) == "since 2014 (as of 2 Sep 2025)"
    end = deployments["end_date"]
    assert (end["year"], end["month"], end["day"]) == (2025, 9, 2)
    post_war = slide_of(doc, "1975-post-war-defence-diplomacy")
    # The label, marked as a date supplied from outside the sources (its end is).
    assert shown(post_war["display_date"]) == "after 1975, before Doi Moi (December 1986)\u2020"
    assert (post_war["end_date"]["year"], post_war["end_date"]["month"]) == (1986, 12)


def test_headline_group_and_citations(doc: dict[str, Any], dataset: Dataset) -> None:
    for event in dataset.events:
        slide = slide_of(doc, event.id)
        assert slide["text"]["headline"] == escape(event.title)
        assert shown(slide["group"]) == event.kind
        text = slide["text"]["text"]
        assert escape(event.summary) in text
        # Each quote with its source (marked when weak) and its place, written one way.
        for c in Claims(dataset).of(event).citations:
            assert escape(c.quote) in text
            assert escape(c.cited) in text
            assert f", line {c.line}" in c.cited
        assert tags(text) <= OWN_TAGS


# ---------------------------------------------------------------- hostile data


def test_markup_from_a_data_file_is_text(tmp_path: Path) -> None:
    data = tmp_path / "hostile.json"
    event = {
        "id": "hostile",
        "date": "2015-03-02",
        "date_basis": "supplied",
        "date_note": "<img src=x onerror=alert(1)>",
        "date_label": "2 March 2015 <i>or so</i>",
        "title": "<script>alert('title')</script>",
        "summary": '<b>x</b> & "quoted"',
        "kind": "publication",
        "note": "</small></p><script>alert(2)</script>",
        "citations": [
            {"source": "nguyen-chi-vinh-2015", "line": 3, "quote": "<a href='javascript:x'>q</a>"}
        ],
    }
    data.write_text(json.dumps({"events": [event]}), encoding="utf-8")
    dataset = load_dataset([str(data)])
    doc = timelinejs(Claims(dataset).many(e for e in dataset.events if e.id == "hostile"))
    assert problems(doc) == []
    (slide,) = doc["events"]
    assert slide["text"]["headline"] == "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;"
    assert "&lt;b&gt;x&lt;/b&gt; &amp; &quot;quoted&quot;" in slide["text"]["text"]
    # The label as text, marked as supplied (its basis in the data).
    assert shown(slide["display_date"]) == "2 March 2015 <i>or so</i>\u2020"
    # TimelineJS strips markup from a display date by decoding it, then inserts it as
    # HTML: escaped twice, it is still text after the first decoding.
    assert slide["display_date"] == "2 March 2015 &amp;lt;i&amp;gt;or so&amp;lt;/i&amp;gt;\u2020"
    assert markup_after_stripping(slide["display_date"]) == set()
    for html in (slide["text"]["headline"], slide["text"]["text"], unescape(slide["display_date"])):
        assert tags(html) <= OWN_TAGS
        assert "<script" not in html and "<a " not in html and "<img" not in html
    assert slide["autolink"] is False


def test_the_hostile_example_is_valid(dataset: Dataset, doc: dict[str, Any]) -> None:
    slide = slide_of(doc, "2015-03-02-hostile-title-demo")
    assert "[bold red]markup[/]" in slide["text"]["headline"]
    assert problems(doc) == []


def test_a_slide_shows_the_basis_of_its_claims(doc: dict[str, Any]) -> None:
    """Roles, a corrected date, weak sources: what the terminal shows, the slide shows."""
    war = slide_of(doc, "1945-resistance-war-against-france")
    assert "France (adversary, inferred): The quote names" in war["text"]["text"]
    assert "Laos (ally): the article" in war["text"]["text"]  # a named link's note too
    resolution = slide_of(doc, "2013-04-10-politburo-resolution-22")
    assert shown(resolution["display_date"]) == "10 Apr 2013\u2020 (source: Dec 2013)"
    assert "The source gives Dec 2013." in resolution["text"]["text"]
    founding = slide_of(doc, "1944-vpa-founding")
    assert "Weak source only: vpa-impact, assessed as weak." in founding["text"]["text"]
