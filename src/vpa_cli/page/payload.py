"""The data of the HTML timeline page, built from each event's view (claims/view.py;
see the contract in `vpa_cli.page`): the date as shown with its basis, its qualities
and how far an open range runs, each partner with its role and note, each quote with
its place written one way ("para. 6, line 10"), the sources with every cited line,
and the marks and their meanings, which the page's script takes from here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vpa_cli.claims.marks import vocabulary
from vpa_cli.claims.view import CitationView, ClaimView, Listing, Texts, where
from vpa_cli.records.types import Event, OutsideReference, Source

TITLE = "Defence diplomacy of the Vietnam People\u2019s Army: a timeline"


def _date(view: ClaimView) -> dict[str, Any]:
    event = view.record
    assert isinstance(event, Event)
    return {
        "text": event.date.text,
        "label": view.date_label,
        "display": event.date_shown,
        "shown": view.date_text,
        "tail": view.date_tail,
        "mark": event.date_mark,
        "start": event.date_start,
        "end": event.date_end,
        "as_of": event.until_end,
        "as_of_shown": view.as_of,
        "precision": event.date_precision,
        "approximate": event.date_approximate,
        "uncertain": event.date_uncertain,
        "open_start": event.open_start,
        "open_end": event.open_end,
        "basis": event.date_basis,
        "note": event.date_note,
        "source_says": event.source_date.display() if event.source_date else None,
    }


def _citation(c: CitationView) -> dict[str, Any]:
    return {
        "source": c.source.id,
        "line": c.line,
        "paragraph": c.paragraph,
        "place": c.place,
        "where": c.where,
        "quote": c.quote,
        "weak": c.source.weak,
    }


def _event(view: ClaimView) -> dict[str, Any]:
    event = view.record
    assert isinstance(event, Event)
    return {
        "id": event.id,
        "title": event.title,
        "summary": event.summary,
        "kind": event.kind,
        "date": _date(view),
        "partners": [
            {
                "id": p.id,
                "name": p.name,
                "role": p.role,
                "basis": p.basis,
                "note": p.note,
                "shown": p.shown(marked=False),
            }
            for p in view.partners
        ],
        "citations": [_citation(c) for c in view.citations],
        "sources": [s.id for s in view.sources],
        "weak": view.weak,
        "standing": view.standing,
        "outside": [_outside(o) for o in view.outside],
        "note": event.note,
    }


def _outside(ref: OutsideReference) -> dict[str, Any]:
    return {
        "url": ref.url,
        "title": ref.title,
        "publisher": ref.publisher,
        "date": ref.date.display() if ref.date else None,
        "excerpt": ref.excerpt,
        "supports": ref.supports,
        "value": ref.value,
        "grade": ref.grade,
        "stance": ref.stance,
    }


def _reference(source: Source) -> str:
    from vpa_cli.formats import Style
    from vpa_cli.queries.cite.reference import format_reference

    return format_reference(source, Style.apa).entry.plain()


def _source(source: Source, views: Sequence[ClaimView], texts: Texts) -> dict[str, Any]:
    cited: dict[int, list[str]] = {}
    for view in views:
        for c in view.record.citations:
            if c.source == source.id and view.id not in cited.setdefault(c.line, []):
                cited[c.line].append(view.id)
    read = texts.of(source.id)
    lines = read[0] if read else []
    return {
        "id": source.id,
        "reference": _reference(source),
        "speaker": source.speaker,
        "voice": source.voice,
        "assessment": source.assessment,
        "weak": source.weak,
        "lines": [
            {
                "line": n,
                "paragraph": texts.place(source.id, n)[0],
                "place": texts.place(source.id, n)[2],
                "where": where(texts.place(source.id, n)[2], n),
                "text": lines[n - 1] if n <= len(lines) else "",
                "cited_by": ids,
            }
            for n, ids in sorted(cited.items())
        ],
    }


def build_payload(listing: Listing, generated_from: str = "") -> dict[str, Any]:
    """The page's data for the listing's events (in its order), with the sources they
    cite, the filters that chose them and the marks' meanings."""
    views = listing.views
    dataset = listing.dataset
    used = dict.fromkeys(s.id for v in views for s in v.sources)
    count = f"{len(views)} event" + ("" if len(views) == 1 else "s")
    return {
        "title": TITLE,
        "filters": list(listing.filters),
        "generated_from": generated_from or f"vpa: {count}",
        "marks": vocabulary(),
        "events": [_event(v) for v in views],
        "sources": [
            _source(dataset.sources[s], views, listing.claims.texts)
            for s in used
            if s in dataset.sources
        ],
    }
