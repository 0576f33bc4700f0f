"""The data of the HTML timeline page, built from the dataset (see the contract in
`vpa_cli.page`): each event with its date's basis and as-of date, its partners with
their roles, its quotes with their places, and the sources with every cited line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from vpa_cli.evidence import DATE_MARKS
from vpa_cli.model import Dataset, Event, Source
from vpa_cli.sources import SourceUnreadable, read_lines


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _date(event: Event) -> dict[str, Any]:
    when = event.date
    last = event.span[1]
    open_end = when.interval and when.end is None
    return {
        "text": when.text,
        "display": event.date_label or when.display(),
        "start": _iso(when.earliest),
        "end": _iso(when.latest),
        "as_of": _iso(last) if open_end else None,
        "precision": when.precision,
        "approximate": when.approximate,
        "uncertain": when.uncertain,
        "open_start": when.interval and when.start is None,
        "open_end": open_end,
        "basis": event.date_basis,
        "note": event.date_note,
        "source_says": event.source_date.display() if event.source_date else None,
    }


def _event(event: Event, dataset: Dataset) -> dict[str, Any]:
    partners = dataset.partners
    return {
        "id": event.id,
        "title": event.title,
        "summary": event.summary,
        "kind": event.kind,
        "date": _date(event),
        "partners": [
            {
                "id": p.id,
                "name": partners[p.id].name if p.id in partners else p.id,
                "role": p.role,
                "basis": p.basis,
                "note": p.note,
            }
            for p in event.partners
        ],
        "citations": [
            {
                "source": c.source,
                "line": c.line,
                "paragraph": None,
                "locator": f"line {c.line}",
                "quote": c.quote,
            }
            for c in event.citations
        ],
        "weak": event.weak,
        "note": event.note,
    }


def _reference(source: Source) -> str:
    from vpa_cli.citations.choices import Style
    from vpa_cli.citations.reference import format_reference

    return format_reference(source, Style.apa).entry.plain()


def _source(source: Source, events: Sequence[Event]) -> dict[str, Any]:
    cited: dict[int, list[str]] = {}
    for event in events:
        for c in event.citations:
            if c.source == source.id and event.id not in cited.setdefault(c.line, []):
                cited[c.line].append(event.id)
    try:
        text = read_lines(source)
    except SourceUnreadable:
        text = []
    return {
        "id": source.id,
        "reference": _reference(source),
        "speaker": source.speaker,
        "assessment": source.assessment,
        "weak": source.weak,
        "lines": [
            {
                "line": n,
                "paragraph": None,
                "text": text[n - 1] if n <= len(text) else "",
                "cited_by": ids,
            }
            for n, ids in sorted(cited.items())
        ],
    }


def build_payload(events: Sequence[Event], dataset: Dataset, described: str) -> dict[str, Any]:
    """The page's data for `events` (in the order given), with the sources they cite."""
    used = dict.fromkeys(c.source for e in events for c in e.citations)
    return {
        "title": "Defence diplomacy of the Vietnam People\u2019s Army: a timeline",
        "generated_from": described,
        "legend": {"supplied": DATE_MARKS["supplied"], "derived": DATE_MARKS["derived"]},
        "events": [_event(e, dataset) for e in events],
        "sources": [_source(dataset.sources[s], events) for s in used if s in dataset.sources],
    }
