"""`vpa show`: one record in full, its rows derived from its declaration (records/types.py),
or one line of a source (a passage, `SOURCE:LINE`) with the records that cite it."""

from __future__ import annotations

import re
from typing import NamedTuple

from vpa_cli.claims.view import Claims, where
from vpa_cli.errors import NotFound
from vpa_cli.loading.dataset import Dataset
from vpa_cli.loading.texts import SourceUnreadable, read_lines, source_file
from vpa_cli.queries.resolve import find_record
from vpa_cli.records.fields import MAX_LINE_DIGITS
from vpa_cli.records.types import Source, record_citations, record_type
from vpa_cli.text import fold

_PASSAGE_ID = re.compile(r"^(?P<source>.+):(?P<line>\d+)$")


class Passage(NamedTuple):
    source: Source
    line: int
    text: str
    cited_by: tuple[str, ...]
    # Where a reader finds it, written as every output writes a place: "para. 1, line 34".
    where: str

    @property
    def id(self) -> str:
        return f"{self.source.id}:{self.line}"


class RecordView(NamedTuple):
    """One record in full: (field, value) rows in order, and its JSON form."""

    type: str
    id: str
    rows: tuple[tuple[str, str], ...]
    data: dict[str, object]


def _cited_by(dataset: Dataset, source: str, line: int) -> tuple[str, ...]:
    return tuple(
        r.id
        for r in dataset.records()
        if any(c.source == source and c.line == line for c in record_citations(r))
    )


def find_passage(dataset: Dataset, ident: str) -> Passage | None:
    """The source line named by `source:line`, or None if `ident` is not of that shape."""
    m = _PASSAGE_ID.match(ident.strip())
    if not m:
        return None
    sources = {fold(s): s for s in dataset.sources}
    sid = sources.get(fold(m.group("source")))
    if sid is None:
        return None
    source, typed = dataset.sources[sid], m.group("line")
    try:
        lines = read_lines(source)
    except SourceUnreadable as exc:
        raise NotFound(f"cannot read the text of {sid}: {exc}") from None
    line = int(typed) if len(typed) <= MAX_LINE_DIGITS else 0
    if not 1 <= line <= len(lines):
        shown = typed if len(typed) <= MAX_LINE_DIGITS else typed[:MAX_LINE_DIGITS] + "…"
        raise NotFound(f"{sid} has {len(lines)} lines, not {shown}")
    if not source.holds(line):
        # One file can hold two works: a line of the other is not this one's to cite.
        holder = next(
            (s.id for s in dataset.sources.values() if s.path == source.path and s.holds(line)),
            None,
        )
        first, last = source.span
        hint = f"; it is {holder}:{line}" if holder else ""
        span = f"lines {first}-{last}" if last is not None else f"lines {first} to the end"
        raise NotFound(f"line {line} is not part of {sid} ({span}){hint}")
    _, _, place = Claims(dataset).texts.place(sid, line)
    return Passage(source, line, lines[line - 1], _cited_by(dataset, sid, line), where(place, line))


def passage_view(passage: Passage) -> RecordView:
    file = source_file(passage.source)
    rows = (
        ("type", "passage"),
        ("id", passage.id),
        ("source", passage.source.id),
        ("line", str(passage.line)),
        ("place", passage.where),
        ("file", f"{file}:{passage.line}"),
        ("text", passage.text),
        ("cited_by", ", ".join(passage.cited_by)),
    )
    record = {
        "id": passage.id,
        "source": passage.source.id,
        "line": passage.line,
        "place": passage.where,
        "file": file,
        "text": passage.text,
        "cited_by": list(passage.cited_by),
    }
    return RecordView("passage", passage.id, rows, {"type": "passage", "record": record})


def show_view(dataset: Dataset, ident: str) -> RecordView:
    """Any record by id (or a passage by `source:line`), every field and citation."""
    passage = find_passage(dataset, ident)
    if passage is not None:
        return passage_view(passage)
    record = find_record(dataset, ident.strip())
    kind = record_type(record)
    rid = record.id
    # The record with its view's parts filled in (claims/view.py): the date as shown
    # with its mark, each link with its note, each citation with its place.
    claims = Claims(dataset)
    claims.record(record)
    rows = (
        ("type", kind),
        ("id", rid),
        *[(name, text) for name, text in record.rows(claims) if name != "id"],
        ("defined_in", record.origin),
    )
    # Nested, because a source's own fields include a `type` (web-article, ...).
    return RecordView(kind, rid, rows, {"type": kind, "record": record.to_dict()})
