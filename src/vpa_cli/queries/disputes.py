"""`vpa disputes`: every place where something says otherwise, with both sides.

Three kinds, each with what the dataset says (the claim, its date or value, the
quotes it rests on and their places) and what the other side says (with its place):

- **correction**: the dataset corrects a source (Politburo Resolution No. 22 is dated
  10 April 2013; the 2018 article says December 2013), from an event's `source_date`;
- **contradiction**: a page outside the texts says otherwise (an outside reference whose
  stance is `contradicts`);
- **disagreement**: another of the texts says otherwise (a record's `contrary` quotes).

No terminal code here.
"""

from __future__ import annotations

from typing import Any

from vpa_cli.claims.view import Claims, ClaimView
from vpa_cli.loading.dataset import Dataset
from vpa_cli.records.types import Event, OutsideReference

KINDS = ("correction", "contradiction", "disagreement")


class Side:
    """One side of a dispute: what it says, and where."""

    __slots__ = ("says", "where")

    def __init__(self, says: str, where: list[str]) -> None:
        self.says = says
        self.where = where

    def to_dict(self) -> dict[str, Any]:
        return {"says": self.says, "where": list(self.where)}


class Dispute:
    """A claim, and what the dataset and the other side each say of it."""

    __slots__ = ("claim", "field", "kind", "ours", "theirs")

    def __init__(self, kind: str, claim: ClaimView, field: str, ours: Side, theirs: Side):
        self.kind = kind
        self.claim = claim
        self.field = field
        self.ours = ours
        self.theirs = theirs

    @property
    def id(self) -> str:
        return self.claim.id

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.claim.id,
            "type": self.claim.type,
            "title": self.claim.title,
            "field": self.field,
            "standing": self.claim.standing,
            "ours": self.ours.to_dict(),
            "theirs": self.theirs.to_dict(),
        }


def _quotes(view: ClaimView) -> list[str]:
    return [f"{c.cited}: \u201c{c.quote}\u201d" for c in view.citations]


def _corrections(view: ClaimView) -> list[Dispute]:
    event = view.record
    if not isinstance(event, Event) or event.source_date is None:
        return []
    said = event.source_date.display()
    # The quotes that give the source's date: those naming its year, else all of them.
    year = str(event.source_date.anchor_year)
    giving = [c for c in view.citations if year in c.quote] or view.citations
    ours = f"{view.date_text}, date {event.date_basis}"
    refs = [
        f"{o.publisher}, {o.url}: \u201c{o.excerpt}\u201d"
        for o in view.outside
        if o.supports == "date"
    ] or ([event.date_note] if event.date_note else [])
    theirs = [f"{c.cited}: \u201c{c.quote}\u201d" for c in giving]
    return [
        Dispute(
            "correction",
            view,
            "date",
            Side(ours, refs),
            Side(f"the source gives {said}", theirs),
        )
    ]


def _says(view: ClaimView, field: str) -> str:
    """What the record says in `field`, as people read it: the date as shown, the text of
    a summary or note, else the claim's title."""
    record = view.record
    if field == "date" and view.date_text is not None:
        return view.date_text
    value = getattr(record, field, None) if field in record.BY_NAME else None
    return value if isinstance(value, str) and value else view.headline()


def _contradictions(view: ClaimView) -> list[Dispute]:
    """One dispute per part of the claim pages say otherwise of, with all those pages."""
    fields: dict[str, list[OutsideReference]] = {}
    for ref in view.outside:
        if ref.stance == "contradicts":
            fields.setdefault(ref.supports, []).append(ref)
    out = []
    for field, refs in fields.items():
        theirs = " ".join(
            f"{r.publisher}: \u201c{r.excerpt}\u201d" + (f" ({r.note})" if r.note else "")
            for r in refs
        )
        out.append(
            Dispute(
                "contradiction",
                view,
                field,
                Side(_says(view, field), _quotes(view)),
                Side(theirs, [r.url for r in refs]),
            )
        )
    return out


def _disagreements(view: ClaimView) -> list[Dispute]:
    out = []
    for c in view.record.contrary:
        cited = view.claims.citation(c)
        out.append(
            Dispute(
                "disagreement",
                view,
                "contrary",
                Side(view.headline(), _quotes(view)),
                Side(f"\u201c{c.quote}\u201d", [cited.cited]),
            )
        )
    return out


def find_disputes(dataset: Dataset, kinds: tuple[str, ...] = ()) -> list[Dispute]:
    """Every dispute in the dataset, by kind (corrections, contradictions,
    disagreements), then in the records' order: events by date, facts, statements."""
    claims = Claims(dataset)
    events = sorted(dataset.events, key=lambda e: (e.date.sort_key(), e.id))
    views = claims.many(events) + claims.many(dataset.facts)
    for partner in dataset.partners.values():
        views += claims.statements(partner)
    found = {
        "correction": [d for v in views for d in _corrections(v)],
        "contradiction": [d for v in views for d in _contradictions(v)],
        "disagreement": [d for v in views for d in _disagreements(v)],
    }
    return [d for kind in KINDS if not kinds or kind in kinds for d in found[kind]]
