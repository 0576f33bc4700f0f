"""Events in the TimelineJS 3 JSON format (`vpa timeline --format timelinejs`).

Format: https://timeline.knightlab.com/docs/json-format.html. A date object
carries only the parts the data know (a year-precision date has no month).
TimelineJS renders `headline`, `text`, `display_date` and `group` as HTML, so
every string from the data is escaped with `html.escape`: only the markup built
here is markup.

An open range has one end in the data and TimelineJS has no open ends: `2014/..`
becomes a slide at its start with no `end_date` and "since 2014" (or the
event's date label) as `display_date`; `../1975` a slide at its end, "until
1975". Drawing the span to today would invent an end the sources do not give.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from vpa_cli.dates import DatePoint
from vpa_cli.evidence import shown_date, shown_partner
from vpa_cli.model import Citation, Dataset, Event

__all__ = ["timelinejs"]

TITLE = "Defence diplomacy of the Vietnam People's Army"


def _date(point: DatePoint) -> dict[str, Any]:
    """A TimelineJS date object at the point's precision, never finer."""
    out: dict[str, Any] = {"year": point.year}
    if point.month:
        out["month"] = point.month
        if point.day:
            out["day"] = point.day
    out["display_date"] = point.display()
    return out


def _citation(citation: Citation, dataset: Dataset) -> str:
    source = dataset.sources.get(citation.source)
    title = f"{source.title}, " if source is not None else ""
    return (
        f"<li>\u201c{escape(citation.quote)}\u201d "
        f"<cite>{escape(title)}{escape(citation.source)}, line {citation.line}</cite></li>"
    )


def _partners(event: Event, dataset: Dataset) -> str:
    names = [
        shown_partner(p, dataset.partners[p.id].name if p.id in dataset.partners else p.id)
        for p in event.partners
    ]
    return f"<p>Partners: {escape(', '.join(names))}</p>" if names else ""


def _text(event: Event, dataset: Dataset) -> str:
    parts = [f"<p>{escape(event.summary)}</p>", _partners(event, dataset)]
    if event.date_basis != "stated":
        note = f": {event.date_note}" if event.date_note else ""
        parts.append(f"<p><small>Date {escape(event.date_basis)}{escape(note)}</small></p>")
    if event.source_date is not None:
        said = f"The source gives {event.source_date.display()}."
        parts.append(f"<p><small>{escape(said)}</small></p>")
    if event.weak:
        parts.append("<p><small>Rests only on a weak source (see its assessment).</small></p>")
    if event.note:
        parts.append(f"<p><small>{escape(event.note)}</small></p>")
    quotes = "".join(_citation(c, dataset) for c in event.citations)
    if quotes:
        parts.append(f"<ul>{quotes}</ul>")
    return "".join(parts)


def _slide(event: Event, dataset: Dataset) -> dict[str, Any]:
    when = event.date
    first = when.start or when.end
    assert first is not None  # a stored date is never open at both ends
    slide: dict[str, Any] = {"start_date": _date(first)}
    if when.interval and when.start is not None and when.end is not None:
        slide["end_date"] = _date(when.end)
    slide["display_date"] = escape(shown_date(event))
    slide["text"] = {"headline": escape(event.title), "text": _text(event, dataset)}
    slide["group"] = escape(event.kind)
    slide["unique_id"] = event.id
    # Links are written by us or not at all: no <a> made from URLs in the data.
    slide["autolink"] = False
    return slide


def timelinejs(events: Iterable[Event], dataset: Dataset, *, title: str = TITLE) -> dict[str, Any]:
    """The TimelineJS 3 JSON object for `events` (a slide each, in the order given)."""
    slides = [_slide(e, dataset) for e in events]
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
