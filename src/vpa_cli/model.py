"""The records of the dataset: sources, events, partners, facts, and skipped lines.

Each record keeps `origin`, the data file it came from, so errors can name
both places of a clash. `to_dict` gives the documented JSON shape, the same
shape a data file is written in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vpa_cli.dates import FuzzyDate


@dataclass(frozen=True)
class Citation:
    source: str
    line: int
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "quote": self.quote}


@dataclass(frozen=True)
class Person:
    family: str | None = None
    given: str | None = None
    literal: str | None = None
    rank: str | None = None
    affiliation: str | None = None

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


@dataclass
class Source:
    id: str
    file: str
    title: str
    sha256: str | None = None
    authors: list[Person] = field(default_factory=list)
    translators: list[Person] = field(default_factory=list)
    publication: str | None = None
    date: str | None = None
    type: str | None = None
    note: str | None = None
    citations: list[Citation] = field(default_factory=list)
    origin: str = ""
    path: Path | None = None  # where the text lives on this machine

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


@dataclass
class Event:
    id: str
    date: FuzzyDate
    date_basis: str
    title: str
    summary: str
    kind: str
    partners: list[str]
    citations: list[Citation]
    date_note: str | None = None
    date_label: str | None = None
    note: str | None = None
    origin: str = ""

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


@dataclass
class Statement:
    area: str
    text: str
    citations: list[Citation]

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "text": self.text,
            "citations": [c.to_dict() for c in self.citations],
        }


@dataclass
class Partner:
    id: str
    name: str
    kind: str
    aliases: list[str]
    statements: list[Statement]
    citations: list[Citation]
    note: str | None = None
    origin: str = ""

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


@dataclass
class Fact:
    id: str
    title: str
    summary: str
    kind: str
    partners: list[str]
    citations: list[Citation]
    note: str | None = None
    origin: str = ""

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


@dataclass(frozen=True)
class Skipped:
    source: str
    line: int
    reason: str
    note: str | None = None
    origin: str = ""

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


@dataclass
class Dataset:
    sources: dict[str, Source] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    partners: dict[str, Partner] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def records(self) -> list[Record]:
        return [*self.sources.values(), *self.events, *self.partners.values(), *self.facts]

    def by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self.records()}
