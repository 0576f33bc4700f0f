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

from vpa_cli.citations.choices import Style
from vpa_cli.citations.reference import Reference, format_reference
from vpa_cli.lookup import find_record
from vpa_cli.model import Citation, Dataset, Identified, Source, record_citations, record_type
from vpa_cli.sources import (
    PARAGRAPH,
    SourceUnreadable,
    locator,
    paragraph_numbers,
    place_of,
    read_lines,
    role_of,
)


@dataclass(frozen=True)
class CitedQuote:
    """One citation: the verbatim quote, where it is, and the reference of its source."""

    citation: Citation
    reference: Reference
    # FILE:LINE, as editors and grep print it, and as `vpa show` names the place
    # (vpa_cli.sources.locator).
    locator: str
    # Where a reader finds it: "para. 12", or the line's role ("dateline").
    place: str = ""
    # "paragraph", a layout role, or "line" when the text cannot say.
    role: str = PARAGRAPH
    paragraph: int | None = None

    @property
    def source(self) -> Source:
        return self.reference.source

    @property
    def is_evidence(self) -> bool:
        return self.role == PARAGRAPH

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.id,
            "file": self.source.file,
            "line": self.citation.line,
            "locator": self.locator,
            "paragraph": self.paragraph,
            "place": self.place,
            "role": self.role,
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
    texts: dict[str, list[str] | None] = {}
    quotes = []
    for citation in record_citations(record):
        source = dataset.sources[citation.source]
        if source.id not in references:
            references[source.id] = format_reference(source, style)
            texts[source.id] = _lines(source)
        quotes.append(_quote(dataset, citation, references[source.id], texts[source.id]))
    # Evidence first; a stable sort keeps each group in the record's order.
    quotes.sort(key=lambda q: not q.is_evidence)
    return CitedRecord(record, quotes=quotes)


def _lines(source: Source) -> list[str] | None:
    try:
        return read_lines(source)
    except SourceUnreadable:
        return None


def _quote(
    dataset: Dataset, citation: Citation, reference: Reference, lines: list[str] | None
) -> CitedQuote:
    where = locator(dataset, citation)
    if lines is None:
        return CitedQuote(citation, reference, where, f"line {citation.line}", "line")
    source = reference.source
    role = role_of(source, lines, citation.line) or "line"
    number = paragraph_numbers(source, lines).get(citation.line)
    return CitedQuote(
        citation, reference, where, place_of(source, lines, citation.line), role, number
    )


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
