"""Events in the TimelineJS 3 JSON format (`vpa timeline --format timelinejs`).

Format: https://timeline.knightlab.com/docs/json-format.html. A date object
carries only the parts the data know (a year-precision date has no month).
TimelineJS renders `headline`, `text`, `display_date` and `group` as HTML, so
every string from the data is escaped with `html.escape`, and `display_date` and
`group`, which TimelineJS first strips of markup by decoding them, twice (`plain`):
only the markup built here is markup. tests/test_timelinejs.py loads the output
in TimelineJS 3.9.11 itself, in Chromium.

Each slide renders its event's view (claims/view.py): the date as shown, with its
basis mark, what the source says where the record corrects it, and how far an open
range runs; each partner with its role and note; each quote with its place
("para. 6, line 10") and its source, marked when weak.

TimelineJS has no open ends. An open range (`2014/..`) ends at its as-of date,
the last date the sources speak of it (`until`), and its displayed date says so:
"since 2014 (as of 2 Sep 2025)". A range open at its start (`../1975`) is a slide
at its end, "until 1975". Drawing a span to today would invent an end the
sources do not give.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from vpa_cli.claims.marks import WEAK_CLAIM, basis_line, standing_line
from vpa_cli.claims.view import ClaimView
from vpa_cli.records.dates import DatePoint
from vpa_cli.records.types import Event, OutsideReference

__all__ = ["timelinejs"]

TITLE = "Defence diplomacy of the Vietnam People's Army"


def plain(text: str) -> str:
    """Text for a field TimelineJS strips of markup and then inserts as HTML
    (`display_date`, `group`): TimelineJS 3.9.11 parses such a field as HTML and keeps its
    `textContent`, which decodes one level of entities, then sets the result as HTML. So
    the text is escaped twice: the decoding leaves it escaped once, and it shows as text.
    (`headline` and `text` go through DOMPurify instead, and are escaped once.)"""
    return escape(escape(text))


def _date(point: DatePoint) -> dict[str, Any]:
    """A TimelineJS date object at the point's precision, never finer."""
    out: dict[str, Any] = {"year": point.year}
    if point.month:
        out["month"] = point.month
        if point.day:
            out["day"] = point.day
    out["display_date"] = plain(point.display())
    return out


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _small(text: str) -> str:
    return f"<p><small>{escape(text)}</small></p>"


def _text(view: ClaimView) -> str:
    event = view.record
    assert isinstance(event, Event)
    parts = [f"<p>{escape(event.summary)}</p>"]
    if view.partners:
        items = "".join(f"<li>{escape(p.full)}</li>" for p in view.partners)
        parts.append(f"<p>Partners:</p><ul>{items}</ul>")
    if event.date_basis != "stated":
        note = f" {event.date_note}" if event.date_note else ""
        parts.append(_small(f"{_capital(basis_line(event.date_basis))}.{note}"))
    if event.source_date is not None:
        parts.append(_small(f"The source gives {event.source_date.display()}."))
    if view.weak:
        weak = ", ".join(s.id for s in view.sources if s.weak)
        parts.append(_small(f"{WEAK_CLAIM.capitalize()}: {weak}, assessed as weak."))
    parts.append(_small(f"Standing: {standing_line(view.standing)}."))
    if event.note:
        parts.append(_small(event.note))
    quotes = "".join(
        f"<li>\u201c{escape(c.quote)}\u201d <cite>{escape(_work(view, c.source.id))}"
        f"{escape(c.cited)}</cite></li>"
        for c in view.citations
    )
    if quotes:
        parts.append(f"<ul>{quotes}</ul>")
    outside = "".join(f"<li>{escape(_outside(o))}</li>" for o in view.outside)
    if outside:
        parts.append(f"<p>Outside the texts:</p><ul>{outside}</ul>")
    return "".join(parts)


def _outside(ref: OutsideReference) -> str:
    said = "says otherwise" if ref.stance == "contradicts" else "supports"
    return (
        f"{ref.publisher}, \u201c{ref.title}\u201d ({ref.url}), grade {ref.grade}, {said} "
        f"{ref.supports}: \u201c{ref.excerpt}\u201d"
    )


def _work(view: ClaimView, source_id: str) -> str:
    source = view.claims.dataset.sources.get(source_id)
    return f"{source.title}, " if source is not None else ""


def _slide(view: ClaimView) -> dict[str, Any]:
    event = view.record
    assert isinstance(event, Event)
    when = event.date
    first = when.start or when.end
    assert first is not None  # a stored date is never open at both ends
    slide: dict[str, Any] = {"start_date": _date(first)}
    if when.interval and when.start is not None and when.end is not None:
        slide["end_date"] = _date(when.end)
    elif event.open_end and event.until is not None:
        # An open range ends where the sources stop speaking of it.
        last = event.until.end or event.until.start
        assert last is not None
        slide["end_date"] = _date(last)
    slide["display_date"] = plain(view.date_text or "")
    slide["text"] = {"headline": escape(event.title), "text": _text(view)}
    slide["group"] = plain(event.kind)
    slide["unique_id"] = event.id
    # Links are written by us or not at all: no <a> made from URLs in the data.
    slide["autolink"] = False
    return slide


def timelinejs(views: Iterable[ClaimView], *, title: str = TITLE) -> dict[str, Any]:
    """The TimelineJS 3 JSON object for the events' views (a slide each, in order)."""
    slides = [_slide(v) for v in views]
    return {
        "title": {
            "text": {
                "headline": escape(title),
                "text": f"<p>{len(slides)} events, each with the quotes it rests on.</p>",
            }
        },
        "events": slides,
        "scale": "human",
    }
