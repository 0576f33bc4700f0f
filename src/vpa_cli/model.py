"""The records of the dataset: sources, events, partners, facts, and skipped lines.

Each record keeps `origin`, the data file it came from, so errors can name
both places of a clash. `to_dict` gives the documented JSON shape, the same
shape a data file is written in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vpa_cli.dates import FuzzyDate
from vpa_cli.values import MutableValue, Value


class Citation(Value):
    __slots__ = ("line", "quote", "source")

    source: str
    line: int
    quote: str

    def __init__(
        self,
        source: str,
        line: int,
        quote: str,
    ) -> None:
        self.source = source
        self.line = line
        self.quote = quote

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "quote": self.quote}


class Person(Value):
    __slots__ = ("affiliation", "family", "given", "literal", "rank")

    family: str | None
    given: str | None
    literal: str | None
    rank: str | None
    affiliation: str | None

    def __init__(
        self,
        family: str | None = None,
        given: str | None = None,
        literal: str | None = None,
        rank: str | None = None,
        affiliation: str | None = None,
    ) -> None:
        self.family = family
        self.given = given
        self.literal = literal
        self.rank = rank
        self.affiliation = affiliation

    @property
    def display_name(self) -> str:
        if self.literal:
            return self.literal
        return " ".join(p for p in (self.family, self.given) if p)

    def to_dict(self) -> dict[str, Any]:
        return {
            k: v
            for k, v in (
                ("family", self.family),
                ("given", self.given),
                ("literal", self.literal),
                ("rank", self.rank),
                ("affiliation", self.affiliation),
            )
            if v is not None
        }


class Source(MutableValue):
    __slots__ = (
        "authors",
        "citations",
        "date",
        "file",
        "id",
        "note",
        "origin",
        "path",
        "publication",
        "sha256",
        "title",
        "translators",
        "type",
    )

    id: str
    file: str
    title: str
    sha256: str | None
    authors: list[Person]
    translators: list[Person]
    publication: str | None
    date: str | None
    type: str | None
    note: str | None
    citations: list[Citation]
    origin: str
    path: Path | None

    def __init__(
        self,
        id: str,
        file: str,
        title: str,
        sha256: str | None = None,
        authors: list[Person] | None = None,
        translators: list[Person] | None = None,
        publication: str | None = None,
        date: str | None = None,
        type: str | None = None,
        note: str | None = None,
        citations: list[Citation] | None = None,
        origin: str = "",
        path: Path | None = None,  # where the text lives on this machine,
    ) -> None:
        self.id = id
        self.file = file
        self.title = title
        self.sha256 = sha256
        self.authors = list() if authors is None else authors
        self.translators = list() if translators is None else translators
        self.publication = publication
        self.date = date
        self.type = type
        self.note = note
        self.citations = list() if citations is None else citations
        self.origin = origin
        self.path = path

    @property
    def fuzzy_date(self) -> FuzzyDate | None:
        return FuzzyDate.parse(self.date) if self.date else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "file": self.file,
            "sha256": self.sha256,
            "title": self.title,
            "authors": [p.to_dict() for p in self.authors],
            "translators": [p.to_dict() for p in self.translators],
            "publication": self.publication,
            "date": self.date,
            "type": self.type,
            "note": self.note,
            "citations": [c.to_dict() for c in self.citations],
        }


class Event(MutableValue):
    __slots__ = (
        "citations",
        "date",
        "date_basis",
        "date_label",
        "date_note",
        "id",
        "kind",
        "note",
        "origin",
        "partners",
        "summary",
        "title",
    )

    id: str
    date: FuzzyDate
    date_basis: str
    title: str
    summary: str
    kind: str
    partners: list[str]
    citations: list[Citation]
    date_note: str | None
    date_label: str | None
    note: str | None
    origin: str

    def __init__(
        self,
        id: str,
        date: FuzzyDate,
        date_basis: str,
        title: str,
        summary: str,
        kind: str,
        partners: list[str],
        citations: list[Citation],
        date_note: str | None = None,
        date_label: str | None = None,
        note: str | None = None,
        origin: str = "",
    ) -> None:
        self.id = id
        self.date = date
        self.date_basis = date_basis
        self.title = title
        self.summary = summary
        self.kind = kind
        self.partners = partners
        self.citations = citations
        self.date_note = date_note
        self.date_label = date_label
        self.note = note
        self.origin = origin

    @property
    def date_display(self) -> str:
        return self.date_label or self.date.display()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": self.date.text,
            "date_basis": self.date_basis,
            "date_note": self.date_note,
            "date_label": self.date_label,
            "title": self.title,
            "summary": self.summary,
            "kind": self.kind,
            "partners": list(self.partners),
            "citations": [c.to_dict() for c in self.citations],
            "note": self.note,
        }


class Statement(MutableValue):
    __slots__ = ("area", "citations", "text")

    area: str
    text: str
    citations: list[Citation]

    def __init__(
        self,
        area: str,
        text: str,
        citations: list[Citation],
    ) -> None:
        self.area = area
        self.text = text
        self.citations = citations

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "text": self.text,
            "citations": [c.to_dict() for c in self.citations],
        }


class Partner(MutableValue):
    __slots__ = ("aliases", "citations", "id", "kind", "name", "note", "origin", "statements")

    id: str
    name: str
    kind: str
    aliases: list[str]
    statements: list[Statement]
    citations: list[Citation]
    note: str | None
    origin: str

    def __init__(
        self,
        id: str,
        name: str,
        kind: str,
        aliases: list[str],
        statements: list[Statement],
        citations: list[Citation],
        note: str | None = None,
        origin: str = "",
    ) -> None:
        self.id = id
        self.name = name
        self.kind = kind
        self.aliases = aliases
        self.statements = statements
        self.citations = citations
        self.note = note
        self.origin = origin

    def all_citations(self) -> list[Citation]:
        return self.citations + [c for s in self.statements for c in s.citations]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "statements": [s.to_dict() for s in self.statements],
            "citations": [c.to_dict() for c in self.citations],
            "note": self.note,
        }


class Fact(MutableValue):
    __slots__ = ("citations", "id", "kind", "note", "origin", "partners", "summary", "title")

    id: str
    title: str
    summary: str
    kind: str
    partners: list[str]
    citations: list[Citation]
    note: str | None
    origin: str

    def __init__(
        self,
        id: str,
        title: str,
        summary: str,
        kind: str,
        partners: list[str],
        citations: list[Citation],
        note: str | None = None,
        origin: str = "",
    ) -> None:
        self.id = id
        self.title = title
        self.summary = summary
        self.kind = kind
        self.partners = partners
        self.citations = citations
        self.note = note
        self.origin = origin

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "kind": self.kind,
            "partners": list(self.partners),
            "citations": [c.to_dict() for c in self.citations],
            "note": self.note,
        }


class Skipped(Value):
    __slots__ = ("line", "note", "origin", "reason", "source")

    source: str
    line: int
    reason: str
    note: str | None
    origin: str

    def __init__(
        self,
        source: str,
        line: int,
        reason: str,
        note: str | None = None,
        origin: str = "",
    ) -> None:
        self.source = source
        self.line = line
        self.reason = reason
        self.note = note
        self.origin = origin

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "reason": self.reason, "note": self.note}


Record = Source | Event | Partner | Fact

RECORD_TYPES: dict[type, str] = {Source: "source", Event: "event", Partner: "partner", Fact: "fact"}


def record_type(record: Record) -> str:
    return RECORD_TYPES[type(record)]


def record_citations(record: Record) -> list[Citation]:
    if isinstance(record, Partner):
        return record.all_citations()
    return list(record.citations)


class Dataset(MutableValue):
    __slots__ = ("events", "facts", "files", "partners", "skipped", "sources")

    sources: dict[str, Source]
    events: list[Event]
    partners: dict[str, Partner]
    facts: list[Fact]
    skipped: list[Skipped]
    files: list[str]

    def __init__(
        self,
        sources: dict[str, Source] | None = None,
        events: list[Event] | None = None,
        partners: dict[str, Partner] | None = None,
        facts: list[Fact] | None = None,
        skipped: list[Skipped] | None = None,
        files: list[str] | None = None,
    ) -> None:
        self.sources = dict() if sources is None else sources
        self.events = list() if events is None else events
        self.partners = dict() if partners is None else partners
        self.facts = list() if facts is None else facts
        self.skipped = list() if skipped is None else skipped
        self.files = list() if files is None else files

    def records(self) -> list[Record]:
        return [*self.sources.values(), *self.events, *self.partners.values(), *self.facts]

    def by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self.records()}
