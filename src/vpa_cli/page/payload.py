"""The data of the HTML timeline page, built from the dataset (see the contract in
`vpa_cli.page`): each event with its date's basis and as-of date, its partners with
their roles, its quotes with their places, and the sources with every cited line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from vpa_cli.evidence import DATE_MARKS
from vpa_cli.model import Dataset, Event, Source
from vpa_cli.sources import SourceUnreadable, paragraph_numbers, place_of, read_lines


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


class _Texts:
    """Each source's lines and paragraph numbers, read once for the whole page."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.lines: dict[str, list[str]] = {}
        self.paragraphs: dict[str, dict[int, int]] = {}

    def of(self, sid: str) -> tuple[list[str], dict[int, int]]:
        if sid not in self.lines:
            source = self.dataset.sources.get(sid)
            try:
                lines = read_lines(source) if source else []
            except SourceUnreadable:
                lines = []
            self.lines[sid] = lines
            self.paragraphs[sid] = paragraph_numbers(source, lines) if source else {}
        return self.lines[sid], self.paragraphs[sid]

    def place(self, sid: str, line: int) -> tuple[int | None, str]:
        lines, paragraphs = self.of(sid)
        source = self.dataset.sources.get(sid)
        shown = place_of(source, lines, line) if source and lines else f"line {line}"
        return paragraphs.get(line), shown


def _citation(c: Any, texts: _Texts) -> dict[str, Any]:
    paragraph, place = texts.place(c.source, c.line)
    return {
        "source": c.source,
        "line": c.line,
        "paragraph": paragraph,
        "locator": f"{place}, line {c.line}",
        "quote": c.quote,
    }


def _event(event: Event, dataset: Dataset, texts: _Texts) -> dict[str, Any]:
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
        "citations": [_citation(c, texts) for c in event.citations],
        "weak": event.weak,
        "note": event.note,
    }


def _reference(source: Source) -> str:
    from vpa_cli.citations.choices import Style
    from vpa_cli.citations.reference import format_reference

    return format_reference(source, Style.apa).entry.plain()


def _source(source: Source, events: Sequence[Event], texts: _Texts) -> dict[str, Any]:
    cited: dict[int, list[str]] = {}
    for event in events:
        for c in event.citations:
            if c.source == source.id and event.id not in cited.setdefault(c.line, []):
                cited[c.line].append(event.id)
    text, paragraphs = texts.of(source.id)
    return {
        "id": source.id,
        "reference": _reference(source),
        "speaker": source.speaker,
        "assessment": source.assessment,
        "weak": source.weak,
        "lines": [
            {
                "line": n,
                "paragraph": paragraphs.get(n),
                "text": text[n - 1] if n <= len(text) else "",
                "cited_by": ids,
            }
            for n, ids in sorted(cited.items())
        ],
    }


def build_payload(events: Sequence[Event], dataset: Dataset, described: str) -> dict[str, Any]:
    """The page's data for `events` (in the order given), with the sources they cite."""
    used = dict.fromkeys(c.source for e in events for c in e.citations)
    texts = _Texts(dataset)
    return {
        "title": "Defence diplomacy of the Vietnam People\u2019s Army: a timeline",
        "generated_from": described,
        "legend": {"supplied": DATE_MARKS["supplied"], "derived": DATE_MARKS["derived"]},
        "events": [_event(e, dataset, texts) for e in events],
        "sources": [
            _source(dataset.sources[s], events, texts) for s in used if s in dataset.sources
        ],
    }
