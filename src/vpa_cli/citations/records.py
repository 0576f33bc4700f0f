"""Citing records by id: each citation of an event, fact or partner with its quote,
reference and locator; a source with its reference."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from vpa_cli.citations.choices import Style
from vpa_cli.citations.reference import Reference, format_reference
from vpa_cli.lookup import find_record
from vpa_cli.model import Citation, Dataset, Identified, Source, record_citations, record_type
from vpa_cli.sources import locator


@dataclass(frozen=True)
class CitedQuote:
    """One citation: the verbatim quote, where it is, and the reference of its source."""

    citation: Citation
    reference: Reference
    # FILE:LINE, as editors and grep print it, and as `vpa show` names the place
    # (vpa_cli.sources.locator).
    locator: str

    @property
    def source(self) -> Source:
        return self.reference.source

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.id,
            "file": self.source.file,
            "line": self.citation.line,
            "locator": self.locator,
            "quote": self.citation.quote,
            "reference": self.reference.to_dict(),
        }


@dataclass(frozen=True)
class CitedRecord:
    """A record asked for by id: a source carries its reference, any other its quotes."""

    record: Identified
    reference: Reference | None = None
    quotes: list[CitedQuote] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return record_type(self.record)

    def sources(self) -> list[Source]:
        if self.reference is not None:
            return [self.reference.source]
        return [q.source for q in self.quotes]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.record.id, "type": self.kind}
        if self.reference is not None:
            out["reference"] = self.reference.to_dict()
        else:
            out["citations"] = [q.to_dict() for q in self.quotes]
        return out


def cite_record(dataset: Dataset, record: Identified, style: Style) -> CitedRecord:
    if isinstance(record, Source):
        return CitedRecord(record, reference=format_reference(record, style))
    references: dict[str, Reference] = {}
    quotes = []
    for citation in record_citations(record):
        source = dataset.sources[citation.source]
        if source.id not in references:
            references[source.id] = format_reference(source, style)
        quotes.append(CitedQuote(citation, references[source.id], locator(dataset, citation)))
    return CitedRecord(record, quotes=quotes)


def cite_ids(dataset: Dataset, ids: Sequence[str], style: Style) -> list[CitedRecord]:
    """The records named by `ids`, in order and once each; NotFound (with the closest
    ids) for the first id that names nothing, before anything is cited."""
    records: dict[str, Identified] = {}
    for rid in ids:
        record = find_record(dataset, rid)
        records.setdefault(record.id, record)
    return [cite_record(dataset, r, style) for r in records.values()]


def cited_sources(cited: Sequence[CitedRecord]) -> list[Source]:
    """Every source the cited records rest on, once each, in order of first use."""
    seen: dict[str, Source] = {}
    for item in cited:
        for source in item.sources():
            seen.setdefault(source.id, source)
    return list(seen.values())
