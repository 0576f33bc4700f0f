"""The records of the dataset, each type declared once: sources, events, partners,
facts, skipped lines, and the citations, people and statements inside them.

Each field is one line (see fields.py): its type, whether it is required (no
default), its vocabulary, its search weight and its documentation. The reader,
`to_dict`, the JSON Schema, search, `vpa show` and the docs' field tables are all
derived from these declarations. Rules across fields are the small `invalid`
methods.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from vpa_cli import vocab
from vpa_cli.dates import FuzzyDate
from vpa_cli.fields import (
    QUOTE,
    SUMMARY,
    TITLE,
    choice,
    date,
    ident,
    line,
    nested,
    ref,
    refs,
    relative_path,
    sha256,
    strings,
    text,
)
from vpa_cli.record import Record


class Citation(Record):
    """`{"source": ID, "line": N, "quote": TEXT}`: a verbatim quote at a line of a source."""

    PLURAL = "citations"
    SHOW_ONE_ROW = True

    source: str = ref("source", doc="the id of a source (bundled or yours)")
    line: int = line(doc="the line of the source's text the quote stands on, from 1")
    quote: str = text(
        search=QUOTE,
        doc="non-empty text that `vpa check` finds verbatim in that line (typographic "
        "quotes and apostrophes must match the text exactly)",
    )

    def summary_text(self, context: Any) -> str:
        where = context.locator(self) if context is not None else f"{self.source}:{self.line}"
        return f"{self.source} line {self.line} ({where}): \u201c{self.quote}\u201d"


class Person(Record):
    """An author or translator: a `family` name (with `given`), or a `literal` name kept whole."""

    PLURAL = "people"
    SHOW_ONE_ROW = True

    family: str | None = text(default=None, doc="family name")
    given: str | None = text(default=None, doc="given name(s)")
    literal: str | None = text(default=None, doc="the name kept whole, when its parts are unknown")
    rank: str | None = text(default=None, doc="rank or title, as the text gives it")
    affiliation: str | None = text(default=None, doc="affiliation, as the text gives it")

    def invalid(self) -> tuple[str, str] | None:
        if not (self.family or self.literal):
            return "", "needs a family name or a literal name"
        return None

    @property
    def display_name(self) -> str:
        if self.literal:
            return self.literal
        return " ".join(p for p in (self.family, self.given) if p)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in super().to_dict().items() if v is not None}

    def summary_text(self, context: Any) -> str:
        return self.display_name


class Statement(Record):
    """What the sources say of a partner in one area, in our words, with its citations."""

    area: str = choice(vocab.AREAS, doc="an area of the relationship")
    text: str = text(search=SUMMARY, doc="non-empty text, in our own words")
    citations: list[Citation] = nested(Citation, nonempty=True, doc="the quotes it rests on")


class Source(Record):
    """A text you cite."""

    LIST = "sources"

    id: str = ident()
    file: str = relative_path()
    sha256: str | None = sha256(default=None)
    title: str = text(doc="non-empty text; a bracketed description for an untitled work")
    authors: list[Person] = nested(Person, default_factory=list)
    translators: list[Person] = nested(Person, default_factory=list)
    publication: str | None = text(default=None, doc="where it was published")
    date: FuzzyDate | None = date(default=None, doc="when it was published")
    type: str | None = choice(vocab.SOURCE_TYPES, default=None, show_as="source_type")
    note: str | None = text(default=None)
    citations: list[Citation] = nested(
        Citation,
        nonempty=True,
        doc="where the text shows its own title, byline or date",
    )

    # Where the text lives on this machine (the file, relative to the data file).
    path: Path | None = None

    def rows(self, context: Any, prefix: str = "") -> Iterator[tuple[str, str]]:
        # `file` as people can open it (seeds/... for the bundled texts), not as written.
        for name, value in super().rows(context, prefix):
            if name == prefix + "file":
                from vpa_cli.sources import source_file

                value = source_file(self)
            yield name, value


class Event(Record):
    """Something that happened, at a date."""

    LIST = "events"

    id: str = ident(search=SUMMARY)
    date: FuzzyDate = date(search=SUMMARY)
    date_basis: str = choice(vocab.DATE_BASES, doc="where the date comes from")
    date_note: str | None = text(
        default=None,
        search=QUOTE,
        doc="how the date was worked out; required when the basis is `derived` or `supplied`",
    )
    date_label: str | None = text(
        default=None, doc="text shown instead of the date; must contain its year(s)"
    )
    title: str = text(search=TITLE, doc="non-empty text, in your own words")
    summary: str = text(search=SUMMARY, doc="non-empty text, in your own words")
    kind: str = choice(vocab.EVENT_KINDS, search=SUMMARY)
    partners: list[str] = refs("partner", default_factory=list, search=QUOTE)
    note: str | None = text(default=None, search=QUOTE)
    citations: list[Citation] = nested(Citation, nonempty=True)

    def invalid(self) -> tuple[str, str] | None:
        if self.date_basis != "stated" and not (self.date_note and self.date_note.strip()):
            return "date_note", f"a {self.date_basis} date needs a note saying how"
        if self.date_label is not None and not label_shows_years(self.date_label, self.date):
            return "date_label", f"{self.date_label!r} must show the year(s) of {self.date.text}"
        return None

    @property
    def date_display(self) -> str:
        return self.date_label or self.date.display()


class Partner(Record):
    """A country, organisation or forum Vietnam deals with."""

    LIST = "partners"

    id: str = ident(search=SUMMARY)
    name: str = text(search=TITLE)
    kind: str = choice(vocab.PARTNER_KINDS, search=SUMMARY)
    aliases: list[str] = strings(
        default_factory=list,
        search=SUMMARY,
        doc="other names, matched like the name (`vpa partner UN`)",
    )
    note: str | None = text(default=None, search=QUOTE)
    citations: list[Citation] = nested(Citation, nonempty=True)
    statements: list[Statement] = nested(
        Statement, default_factory=list, doc="what the sources say, by area"
    )

    def all_citations(self) -> list[Citation]:
        return self.citations + [c for s in self.statements for c in s.citations]


class Fact(Record):
    """A standing fact, without a date."""

    LIST = "facts"

    id: str = ident(search=SUMMARY)
    title: str = text(search=TITLE, doc="non-empty text, in your own words")
    summary: str = text(search=SUMMARY, doc="non-empty text, in your own words")
    kind: str = choice(vocab.FACT_KINDS, search=SUMMARY)
    partners: list[str] = refs("partner", default_factory=list, search=QUOTE)
    note: str | None = text(default=None, search=QUOTE)
    citations: list[Citation] = nested(Citation, nonempty=True)


class Skipped(Record):
    """A line of a source deliberately left uncited (see coverage in `vpa check`)."""

    LIST = "skipped"
    PLURAL = "skipped lines"

    source: str = ref("source")
    line: int = line()
    reason: str = choice(vocab.SKIP_REASONS)
    note: str | None = text(default=None)

    @property
    def label(self) -> str:
        return f"skipped {self.source}:{self.line}"


def label_shows_years(label: str, when: FuzzyDate) -> bool:
    """A date label must show the year(s) of its date ("post-1995" for 1995/..)."""
    return all(str(y) in label for y in when.year_span() if y is not None)


# The top-level record types, in the order of a data file's lists.
TOP_LEVEL: tuple[type[Record], ...] = (Source, Event, Partner, Fact, Skipped)
WITH_IDS: tuple[type[Record], ...] = (Source, Event, Partner, Fact)
SUB_RECORDS: tuple[type[Record], ...] = (Citation, Person, Statement)
LISTS = tuple(t.LIST for t in TOP_LEVEL)

Identified = Source | Event | Partner | Fact


def record_type(record: Record) -> str:
    return type(record).TYPE


def record_citations(record: Record) -> list[Citation]:
    """Every citation inside a record, its statements' included, in order."""
    from vpa_cli.record import sub_records

    return [c for _, c in sub_records(record, Citation)]


class Dataset:
    """Every record read, by type; `files` are the data files read, in order."""

    def __init__(self) -> None:
        self.sources: dict[str, Source] = {}
        self.events: list[Event] = []
        self.partners: dict[str, Partner] = {}
        self.facts: list[Fact] = []
        self.skipped: list[Skipped] = []
        self.files: list[str] = []

    def add(self, record: Record) -> None:
        if isinstance(record, Source):
            self.sources[record.id] = record
        elif isinstance(record, Event):
            self.events.append(record)
        elif isinstance(record, Partner):
            self.partners[record.id] = record
        elif isinstance(record, Fact):
            self.facts.append(record)
        elif isinstance(record, Skipped):
            self.skipped.append(record)

    def records(self) -> list[Identified]:
        return [*self.sources.values(), *self.events, *self.partners.values(), *self.facts]

    def by_id(self) -> dict[str, Identified]:
        return {r.id: r for r in self.records()}

    # -- what fields.py asks of the dataset to show and search references

    def ref_label(self, target: str, rid: str) -> str:
        partner = self.partners.get(rid) if target == "partner" else None
        return f"{rid} ({partner.name})" if partner else rid

    def ref_names(self, target: str, rid: str) -> list[str]:
        partner = self.partners.get(rid) if target == "partner" else None
        return [partner.name, *partner.aliases] if partner else [rid]

    def locator(self, citation: Citation) -> str:
        from vpa_cli.sources import locator

        return locator(self, citation)
