"""Citing records by id: each citation of an event, fact or partner with its quote,
reference and place; a source with its reference.

A record's quotes from paragraphs come first, in the record's order: they are the
evidence. Quotes from a title, byline or dateline follow, shown as what they are
("dateline"), since they support a record's date or attribution, not its claim.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from vpa_cli.claims.view import CitationView, Claims, ClaimView
from vpa_cli.formats import Style
from vpa_cli.loading.dataset import Dataset
from vpa_cli.queries.cite.manuals import for_manual
from vpa_cli.queries.cite.reference import Reference, format_reference
from vpa_cli.queries.resolve import find_record
from vpa_cli.records.types import (
    Citation,
    Event,
    Fact,
    Identified,
    Source,
    record_citations,
    record_type,
)


@dataclass(frozen=True)
class CitedQuote:
    """One citation: the verbatim quote, where it is, and the reference of its source."""

    view: CitationView
    reference: Reference

    @property
    def citation(self) -> Citation:
        return self.view.citation

    @property
    def source(self) -> Source:
        return self.reference.source

    @property
    def locator(self) -> str:
        """FILE:LINE, as editors and grep print it (Dataset.locator)."""
        return self.view.file_line

    @property
    def place(self) -> str:
        """Where a reader finds it, as a citation's locator: "para. 12", or the line's
        role ("dateline")."""
        return self.view.place

    @property
    def role(self) -> str:
        """ "paragraph", a layout role, or "line" when the text cannot say."""
        return self.view.role or "line"

    @property
    def is_evidence(self) -> bool:
        return self.view.is_evidence

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.id,
            "file": self.source.file,
            "line": self.citation.line,
            "locator": self.locator,
            "paragraph": self.view.paragraph,
            "place": self.place,
            "where": self.view.where,
            # The citation to paste into a Markdown paper, after the place it names.
            "pandoc": self.view.pandoc,
            "role": self.role,
            "weak": self.view.source.weak,
            "quote": self.citation.quote,
            "reference": self.reference.to_dict(),
        }


@dataclass(frozen=True)
class CitedRecord:
    """A record asked for by id: a source carries its reference, any other its quotes;
    an event or fact also its claim's view (its date as shown, whether it is weak)."""

    record: Identified
    reference: Reference | None = None
    quotes: list[CitedQuote] = field(default_factory=list)
    claim: ClaimView | None = None

    @property
    def kind(self) -> str:
        return record_type(self.record)

    def sources(self) -> list[Source]:
        if self.reference is not None:
            return [self.reference.source]
        return [q.source for q in self.quotes]

    def to_dict(self) -> dict[str, Any]:
        """The record as `vpa cite --format json` writes it (and the Python API returns)."""
        out: dict[str, Any] = {"id": self.record.id, "type": self.kind}
        claim = self.record
        if isinstance(claim, Event):
            out.update(
                date=claim.date.text,
                date_shown=claim.date_shown,
                date_mark=claim.date_mark,
                date_basis=claim.date_basis,
                date_note=claim.date_note,
                source_date=claim.source_date.text if claim.source_date else None,
            )
        if isinstance(claim, (Event, Fact)):
            out["weak"] = claim.weak
            out["standing"] = claim.standing
        if self.reference is not None:
            out["reference"] = self.reference.to_dict()
        else:
            out["citations"] = [q.to_dict() for q in self.quotes]
        return out


def _sources_of(dataset: Dataset, record: Identified) -> list[Source]:
    if isinstance(record, Source):
        return [record]
    return [dataset.sources[c.source] for c in record_citations(record)]


def cite_record(
    claims: Claims,
    record: Identified,
    style: Style,
    among: Sequence[Source] = (),
    manual: Style = Style.plain,
) -> CitedRecord:
    """`record`'s citations in `style`; `among`: every work cited with it, for the
    in-text citations that depend on the others (APA 7 §8.20); `manual`: the manual the
    exports of its sources are for (`vpa cite --for`)."""
    if isinstance(record, Source):
        source = for_manual(record, manual)
        return CitedRecord(source, reference=format_reference(source, style, among))
    references: dict[str, Reference] = {}
    quotes = []
    claims.record(record)
    for citation in record_citations(record):
        source = for_manual(claims.dataset.sources[citation.source], manual)
        if source.id not in references:
            references[source.id] = format_reference(source, style, among)
        quotes.append(CitedQuote(claims.citation(citation), references[source.id]))
    # Evidence first; a stable sort keeps each group in the record's order.
    quotes.sort(key=lambda q: not q.is_evidence)
    claim = claims.of(record) if isinstance(record, (Event, Fact)) else None
    return CitedRecord(record, quotes=quotes, claim=claim)


def cite_ids(
    dataset: Dataset, ids: Sequence[str], style: Style, manual: Style = Style.plain
) -> list[CitedRecord]:
    """The records named by `ids`, in order and once each; NotFound (with the closest
    ids) for the first id that names nothing, before anything is cited. Their sources'
    exports are for `manual` (`vpa cite --for`)."""
    records: dict[str, Identified] = {}
    for rid in ids:
        record = find_record(dataset, rid)
        records.setdefault(record.id, record)
    claims = Claims(dataset)
    among = list({s.id: s for r in records.values() for s in _sources_of(dataset, r)}.values())
    return [cite_record(claims, r, style, among, manual) for r in records.values()]


def every_source(dataset: Dataset, manual: Style = Style.plain) -> list[Source]:
    """Every source, each with its citations' places filled in (the JSON of the
    bibliography writes them as every other output does); their exports are for
    `manual` (`vpa cite --for`)."""
    claims = Claims(dataset)
    for source in dataset.sources.values():
        claims.record(source)
    return [for_manual(s, manual) for s in dataset.sources.values()]


def cited_sources(cited: Sequence[CitedRecord]) -> list[Source]:
    """Every source the cited records rest on, once each, in order of first use."""
    seen: dict[str, Source] = {}
    for item in cited:
        for source in item.sources():
            seen.setdefault(source.id, source)
    return list(seen.values())
