"""The sources as a reader checks them (`vpa sources`): the list, with who speaks, how
much weight each bears and how many records cite it; and one source's text, each line
with its paragraph number and the ids of the records that cite it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vpa_cli.errors import UsageError
from vpa_cli.loading.dataset import Dataset
from vpa_cli.loading.texts import line_roles, paragraph_numbers, read_lines, role_of, source_file
from vpa_cli.queries.cite.people import join_names, running
from vpa_cli.queries.resolve import find_source
from vpa_cli.records.types import OutsideReference, Source, record_citations


def citing_records(dataset: Dataset) -> dict[str, dict[int, list[str]]]:
    """source id -> line -> ids of the events, partners and facts citing that line, in
    the dataset's order. A source's citations of its own title, byline and date are not
    counted: they say where the text shows its details, not what rests on it."""
    cited: dict[str, dict[int, list[str]]] = {}
    for record in dataset.records():
        if isinstance(record, Source):
            continue
        for citation in record_citations(record):
            ids = cited.setdefault(citation.source, {}).setdefault(citation.line, [])
            if record.id not in ids:
                ids.append(record.id)
    return cited


def authors_text(source: Source) -> str:
    return join_names([running(p) for p in source.authors], "and")


@dataclass(frozen=True)
class SourceSummary:
    """One source in the list: its id, author, date, where published, who speaks, its
    assessment, and how many records cite it."""

    source: Source
    records: int

    def to_dict(self) -> dict[str, Any]:
        s = self.source
        return {
            "id": s.id,
            "title": s.title,
            "authors": authors_text(s) or None,
            "date": s.date.text if s.date else None,
            "date_display": s.date.display() if s.date else None,
            "publication": s.publication,
            "url": s.url,
            "type": s.type,
            "voice": s.voice,
            "speaker": s.speaker,
            "weak": s.weak,
            "assessment": s.assessment,
            "records": self.records,
        }


def list_sources(dataset: Dataset) -> list[SourceSummary]:
    """Every source, in the dataset's order, with the number of records citing it."""
    cited = citing_records(dataset)
    out = []
    for source in dataset.sources.values():
        ids = {rid for lines in cited.get(source.id, {}).values() for rid in lines}
        out.append(SourceSummary(source, len(ids)))
    return out


@dataclass(frozen=True)
class TextLine:
    """A line of a source's text: its number, what it is and who cites it."""

    number: int
    text: str
    role: str | None  # "paragraph", a layout role, or None for a blank line
    paragraph: int | None
    cited_by: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.number,
            "paragraph": self.paragraph,
            "role": self.role,
            "text": self.text,
            "cited_by": self.cited_by,
        }


@dataclass(frozen=True)
class SourceText:
    """A source's text, line by line (all of its span, or the one line asked for)."""

    source: Source
    file: str
    lines: list[TextLine]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.source.id,
            "file": self.file,
            "weak": self.source.weak,
            "lines": [line.to_dict() for line in self.lines],
        }


def parse_lines(text: str) -> tuple[int, int]:
    """`--line` as typed: one line (`29`) or a range of them (`29-33`, `29..33`)."""
    import re

    found = re.fullmatch(r"\s*(\d{1,9})\s*(?:(?:-|–|\.\.)\s*(\d{1,9}))?\s*", text)
    if not found:
        raise UsageError(
            f"--line: {text!r} is not a line number; give N or a range N-M, e.g. 29-33"
        )
    first = int(found[1])
    last = int(found[2]) if found[2] else first
    if first < 1:
        raise UsageError(f"--line: {text!r}: lines are numbered from 1")
    if last < first:
        raise UsageError(f"--line: {text!r} ends before it starts; give {last}-{first}")
    return first, last


def source_text(
    dataset: Dataset, sid: str, line: int | tuple[int, int] | None = None
) -> SourceText:
    """The text of source `sid`, each line with its paragraph number and the records
    citing it; with `line`, that line or that range of lines only (a UsageError if
    any of them is not in the work)."""
    source = dataset.sources[find_source(dataset, sid)]
    lines = read_lines(source)
    numbers = paragraph_numbers(source, lines)
    roles = line_roles(source, lines)  # once, not once a line
    cited = citing_records(dataset).get(source.id, {})
    first, last = source.span
    end = len(lines) if last is None else min(last, len(lines))
    wanted = range(first, end + 1)
    if line is not None:
        low, high = (line, line) if isinstance(line, int) else line
        shown = str(low) if low == high else f"{low}-{high}"
        if low not in wanted or high not in wanted:
            raise UsageError(f"--line {shown} is not in {source.id} (lines {first}-{end})")
        wanted = range(low, high + 1)
    return SourceText(
        source,
        source_file(source),
        [
            TextLine(
                n, lines[n - 1], role_of(source, lines, n, roles), numbers.get(n), cited.get(n, [])
            )
            for n in wanted
        ],
    )


@dataclass(frozen=True)
class OutsideRow:
    """An outside reference and the record it belongs to (`vpa sources --outside`)."""

    record: str  # the record's id; a statement's as `PARTNER statements[i]`
    reference: OutsideReference

    def to_dict(self) -> dict[str, Any]:
        return {"record": self.record, **self.reference.to_dict()}


def outside_references(dataset: Dataset) -> list[OutsideRow]:
    """Every outside reference in the dataset, record by record in the dataset's order."""
    rows: list[OutsideRow] = []
    for record in dataset.records():
        rows += [OutsideRow(record.id, ref) for ref in record.outside]
        for i, statement in enumerate(getattr(record, "statements", ())):
            rows += [OutsideRow(f"{record.id} statements[{i}]", ref) for ref in statement.outside]
    return rows
