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
from datetime import date as date_type
from pathlib import Path
from typing import Any, ClassVar

from vpa_cli.records import vocab
from vpa_cli.records.dates import FuzzyDate
from vpa_cli.records.fields import (
    ISO_DAY,
    QUOTE,
    SUMMARY,
    TITLE,
    Context,
    choice,
    edtf,
    flag,
    ident,
    integer,
    line,
    prose,
    ref,
    relative_path,
    sha256,
    span,
    strings,
    text,
)
from vpa_cli.records.record import Record, links, nested

SOURCES_DOC = "the ids of the sources its quotes come from, in order of first use"


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
    paragraph: int | None = integer(
        default=None,
        computed=True,
        doc="the paragraph of the work the line is, as a reader counts them; "
        "null for a title, heading, byline, caption or dateline",
    )
    place: str | None = text(
        default=None,
        computed=True,
        doc="where a reader finds the quote, as a citation's locator: `para. 6`, or what "
        "the line is (`dateline`, `title`)",
    )

    def summary_text(self, context: Context | None) -> str:
        # The view of a claim (claims/view.py) says how a citation reads; without one,
        # its source, line and quote.
        if context is not None and hasattr(context, "citation_text"):
            return str(context.citation_text(self))
        return f"{self.source} line {self.line}: \u201c{self.quote}\u201d"


class Person(Record):
    """An author or translator: a `family` name (with `given`), or a `literal` name kept whole."""

    PLURAL = "people"
    SHOW_ONE_ROW = True

    family: str | None = text(default=None, doc="family name")
    given: str | None = text(default=None, doc="given name(s)")
    literal: str | None = text(default=None, doc="the name kept whole, when its parts are unknown")
    family_first: bool | None = flag(
        default=None,
        doc="true: the bearer writes the family name first (Vietnamese: Nguyen Ba Duong), "
        "never inverted in running text; false: given name first; left out: vpa "
        "recognises common Vietnamese family names",
    )
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

    def summary_text(self, context: Context | None) -> str:
        return self.display_name


class LineRole(Record):
    """What some lines of a source are, when they are not paragraphs of the work."""

    PLURAL = "line roles"
    SHOW_ONE_ROW = True

    lines: str = span(doc="the lines, `FIRST-LAST` (`3-3` for one)")
    role: str = choice(vocab.LINE_ROLES)

    def summary_text(self, context: Context | None) -> str:
        return f"{self.lines}: {self.role}"


class Provenance(Record):
    """Where some of a source's details come from, when the text itself does not show them."""

    PLURAL = "provenance notes"
    SHOW_ONE_ROW = True

    fields: list[str] = strings(doc="the source's fields this note is about (`url`, `date`, ...)")
    basis: str = choice(vocab.METADATA_BASES)
    note: str = text(doc="which page or document shows them, so a reader can follow it")

    def summary_text(self, context: Context | None) -> str:
        return f"{', '.join(self.fields)} ({self.basis}): {self.note}"


class PartnerLink(Record):
    """A partner of an event or fact: its id, its role, and whether a quote names it."""

    PLURAL = "partner links"
    SHOW_ONE_ROW = True
    SHAPE_NOTE = "or the partner's id alone"

    id: str = ref("partner", doc="the id of a partner")
    role: str | None = choice(vocab.PARTNER_ROLES, default=None, doc="its part in the record")
    basis: str = choice(
        vocab.PARTNER_BASES, default="named", doc="whether a quote names it (default `named`)"
    )
    note: str | None = text(
        default=None,
        doc="what a reader must know of the link (which forces a name stands for, who "
        "the members are); required when the basis is `inferred`, saying how it is implied",
    )
    name: str | None = text(default=None, computed=True, doc="the partner's name")

    def invalid(self) -> tuple[str, str] | None:
        if self.basis == "inferred" and not (self.note and self.note.strip()):
            return "note", "an inferred partner needs a note saying how it is implied"
        return None

    @classmethod
    def linking(cls, partner_id: str) -> PartnerLink:
        """The link a plain id stands for: named, no role, no note."""
        link = cls.__new__(cls)
        link.__dict__ = {
            "id": partner_id,
            "role": None,
            "basis": "named",
            "note": None,
            "name": None,
        }
        return link

    def summary_text(self, context: Context | None) -> str:
        if context is not None and hasattr(context, "link_text"):
            return str(context.link_text(self))
        return self.id


class OutsideReference(Record):
    """A page outside the five texts that a part of a record rests on, or that says
    otherwise: its address, title, publisher and dates, a verbatim excerpt holding the
    value it bears on, and its grade."""

    TYPE = "outside"
    PLURAL = "outside references"
    SHOW_ONE_ROW = True

    url: str = text(doc="the page's address")
    title: str = text(doc="the page's title, as the page shows it")
    publisher: str = text(doc="who publishes the page: a ministry, a news agency, a journal")
    date: FuzzyDate | None = edtf(default=None, doc="the page's own date, where it has one")
    accessed: FuzzyDate | None = edtf(
        default=None, doc="when the page, or a stored copy of it, was read"
    )
    # Not searched: `vpa search` finds what the five texts and the records say; an
    # outside page's words are evidence of one part of a record, shown with it.
    excerpt: str = text(doc="a short verbatim excerpt of the page that holds the value")
    supports: str = text(
        doc="what in the record it bears on: a field (`date`, `as_of`, `publisher`, `note`, "
        "...), `partners.ID` for a partner link, `relations.ID` for a partner relation, "
        "`partner` for how a statement implies its partner"
    )
    value: str = text(
        doc="the value it bears on: a date as EDTF (`1954-07-21`), else the words the "
        "excerpt holds (`Pathet Lao`); `vpa check` finds it in the excerpt in one of its "
        "written forms"
    )
    grade: str = choice(vocab.REFERENCE_GRADES)
    stance: str = choice(
        vocab.STANCES,
        default="supports",
        doc="whether the page supports the record or says otherwise",
    )
    note: str | None = text(default=None)

    def summary_text(self, context: Context | None) -> str:
        said = "contradicts" if self.stance == "contradicts" else "supports"
        return (
            f"{said} {self.supports} ({self.value}), grade {self.grade}: {self.publisher}, "
            f"\u201c{self.title}\u201d, {self.url}: \u201c{self.excerpt}\u201d"
        )


class PartnerRelation(Record):
    """Another partner this one continues, is continued by, hosts or is hosted by."""

    PLURAL = "partner relations"
    SHOW_ONE_ROW = True

    id: str = ref("partner", doc="the id of the other partner")
    relation: str = choice(vocab.RELATIONS, doc="what the other partner is to this one")
    basis: str = choice(
        vocab.RELATION_BASES,
        default="supplied",
        doc="whether a quote says so, or an outside reference (default `supplied`)",
    )
    note: str | None = text(default=None, doc="what a reader must know of the relation")

    def summary_text(self, context: Context | None) -> str:
        label = context.ref_label("partner", self.id) if context is not None else self.id
        text = f"{label}: {self.relation} ({self.basis})"
        return f"{text}: {self.note}" if self.note else text


OUTSIDE_DOC = (
    "pages outside the five texts that its supplied or inferred parts rest on, or that say "
    "otherwise"
)
CONTRARY_DOC = "quotes from the texts that say otherwise (the claim is then contradicted)"
STANDING_DOC = (
    "how well it stands: corroborated (two or more texts, one not weak), single-source, "
    "or contradicted (an outside reference or a text says otherwise)"
)


class Statement(Record):
    """What the sources say of a partner in one area, in our words, with its citations."""

    area: str = choice(vocab.AREAS, doc="an area of the relationship")
    text: str = text(search=SUMMARY, doc="non-empty text, in our own words")
    basis: str = choice(
        vocab.PARTNER_BASES,
        default="named",
        doc="whether a quote names the partner (default `named`)",
    )
    note: str | None = prose(
        default=None, doc="how the partner is implied; required when the basis is `inferred`"
    )
    citations: list[Citation] = nested(Citation, nonempty=True, doc="the quotes it rests on")
    contrary: list[Citation] = nested(Citation, default_factory=list, doc=CONTRARY_DOC)
    outside: list[OutsideReference] = nested(
        OutsideReference, default_factory=list, doc=OUTSIDE_DOC
    )
    weak: bool = flag(default=False, computed=True, doc="every quote is from a weak source")
    sources: list[str] = strings(default_factory=list, computed=True, doc=SOURCES_DOC)
    standing: str | None = choice(vocab.STANDINGS, default=None, computed=True, doc=STANDING_DOC)

    def invalid(self) -> tuple[str, str] | None:
        if self.basis == "inferred" and not (self.note and self.note.strip()):
            return "note", "an inferred statement needs a note saying how the partner is implied"
        return None


class Source(Record):
    """A text you cite."""

    LIST = "sources"

    id: str = ident()
    file: str = relative_path()
    lines: str | None = span(
        default=None, doc="when the file holds more than one work: the lines of this one"
    )
    sha256: str | None = sha256(default=None)
    title: str = text(doc="non-empty text; a bracketed description for an untitled work")
    short_title: str | None = text(
        default=None,
        doc="a short name for the work (`Overview essay`): citations in running text, and the "
        "title of a record resting only on this source when it is weak",
    )
    authors: list[Person] = nested(Person, default_factory=list)
    translators: list[Person] = nested(Person, default_factory=list)
    original_title: str | None = text(
        default=None, doc="the title in the original language, where known"
    )
    publication: str | None = text(
        default=None, doc="the journal, newspaper or site that published it"
    )
    publisher: str | None = text(default=None, doc="who publishes that journal or site")
    volume: str | None = text(default=None)
    issue: str | None = text(default=None)
    pages: str | None = text(default=None)
    url: str | None = text(default=None, doc="where it is published on the web")
    accessed: FuzzyDate | None = edtf(default=None, doc="when the URL was read")
    date: FuzzyDate | None = edtf(default=None, doc="when it was published")
    type: str | None = choice(vocab.SOURCE_TYPES, default=None, show_as="source_type")
    as_of: FuzzyDate | None = edtf(
        default=None,
        doc="for an undated text: the latest date it speaks of, so what it says holds until then",
    )
    as_of_note: str | None = text(default=None, doc="how `as_of` was worked out")
    as_of_or_later: bool = flag(
        default=False,
        doc="the text was written on `as_of` or later (its date is the earliest it can be): "
        "a figure or finding resting on it holds as of that date or a later one",
    )
    voice: str | None = choice(vocab.SOURCE_VOICES, default=None, doc="who speaks")
    speaker: str | None = text(default=None, doc="who speaks, in words")
    weak: bool = flag(default=False, doc="a claim resting only on weak sources is flagged")
    assessment: str | None = text(default=None, doc="what a reader needs to weigh the text")
    layout: list[LineRole] = nested(
        LineRole,
        default_factory=list,
        doc="the lines that are not paragraphs (headings, captions, page furniture), "
        "so paragraphs are numbered as a reader counts them",
    )
    provenance: list[Provenance] = nested(
        Provenance,
        default_factory=list,
        doc="where details the text does not show come from",
    )
    note: str | None = text(default=None)
    citations: list[Citation] = nested(
        Citation,
        nonempty=True,
        doc="where the text shows its own title, byline or date",
    )
    outside: list[OutsideReference] = nested(
        OutsideReference,
        default_factory=list,
        doc="pages outside the text that show its supplied details (url, publication, ...)",
    )

    @property
    def span(self) -> tuple[int, int | None]:
        """The first and last line of this work in its file (None: to the end)."""
        if not self.lines:
            return 1, None
        first, last = self.lines.split("-")
        return int(first), int(last)

    def holds(self, line: int) -> bool:
        first, last = self.span
        return first <= line and (last is None or line <= last)

    @property
    def speaks_to(self) -> FuzzyDate | None:
        """How far the text speaks: its date, or for an undated text its `as_of`."""
        return self.date or self.as_of

    # Where the text lives on this machine (the file, relative to the data file).
    path: Path | None = None

    def rows(self, context: Context | None, prefix: str = "") -> Iterator[tuple[str, str]]:
        # `file` as people can open it (seeds/... for the bundled texts), not as written.
        for name, value in super().rows(context, prefix):
            if name == prefix + "file" and context is not None:
                value = context.source_file(self)
            yield name, value


class Event(Record):
    """Something that happened, at a date."""

    LIST = "events"

    id: str = ident(search=SUMMARY)
    date: FuzzyDate = edtf(search=SUMMARY)
    date_shown: str | None = text(
        default=None,
        computed=True,
        doc="the date as people read it, with how far an open range is known to run: "
        "`since 2014 (as of 2 Sep 2025)`",
    )
    date_mark: str = text(
        default="",
        computed=True,
        doc="the mark of the date's basis: `\u2020` supplied, `\u2021` derived, empty when stated",
    )
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
    source_date: FuzzyDate | None = edtf(
        default=None,
        doc="the date the cited source gives, where it is known to be wrong; "
        "`date` holds the right one and `date_note` says why",
    )
    as_of: FuzzyDate | None = edtf(
        default=None,
        doc="for an open range: how far the sources speak of it, when their dates do not say",
    )
    kind: str = choice(vocab.EVENT_KINDS, search=SUMMARY)
    partners: list[PartnerLink] = links(PartnerLink, default_factory=list, search=QUOTE)
    note: str | None = text(default=None, search=QUOTE)
    citations: list[Citation] = nested(Citation, nonempty=True)
    contrary: list[Citation] = nested(Citation, default_factory=list, doc=CONTRARY_DOC)
    outside: list[OutsideReference] = nested(
        OutsideReference, default_factory=list, doc=OUTSIDE_DOC
    )
    until: FuzzyDate | None = edtf(
        default=None,
        computed=True,
        doc="for an open range, the as-of date it runs to: `as_of`, else the latest date "
        "of the sources it cites",
    )
    weak: bool = flag(default=False, computed=True, doc="every quote is from a weak source")
    sources: list[str] = strings(default_factory=list, computed=True, doc=SOURCES_DOC)
    standing: str | None = choice(vocab.STANDINGS, default=None, computed=True, doc=STANDING_DOC)
    date_start: str | None = text(
        default=None,
        computed=True,
        show=False,
        pattern=ISO_DAY,
        doc="the first day the date can mean (ISO); null when open at the start",
    )
    date_end: str | None = text(
        default=None,
        computed=True,
        show=False,
        pattern=ISO_DAY,
        doc="the last day the date can mean (ISO); null when open at the end",
    )
    until_end: str | None = text(
        default=None,
        computed=True,
        show=False,
        pattern=ISO_DAY,
        doc="for an open range, the last day of its as-of date (ISO): how far it is known to run",
    )
    date_precision: str | None = choice(
        vocab.DATE_PRECISIONS,
        default=None,
        computed=True,
        show=False,
        doc="the precision of the date: year, month or day",
    )
    date_approximate: bool = flag(
        default=False, computed=True, show=False, doc="the date is approximate (`~`)"
    )
    date_uncertain: bool = flag(
        default=False, computed=True, show=False, doc="the date is uncertain (`?`)"
    )
    open_start: bool = flag(
        default=False, computed=True, show=False, doc="a range with no known start (`../1975`)"
    )
    open_end: bool = flag(
        default=False,
        computed=True,
        show=False,
        doc="a range with no known end (`2014/..`); it runs to `until`",
    )
    count_year: int | None = integer(
        default=None,
        computed=True,
        show=False,
        doc="the year `vpa timeline --chart` counts it in: its start, or its end when "
        "open at the start",
    )

    def invalid(self) -> tuple[str, str] | None:
        if self.date_basis != "stated" and not (self.date_note and self.date_note.strip()):
            return "date_note", f"a {self.date_basis} date needs a note saying how"
        if self.date_label is not None and not label_shows_years(self.date_label, self.date):
            return "date_label", f"{self.date_label!r} must show the year(s) of {self.date.text}"
        if self.source_date is not None and self.date_basis == "stated":
            return "source_date", "a date that corrects its source is not `stated`"
        return None

    @property
    def partner_ids(self) -> list[str]:
        return [p.id for p in self.partners]

    @property
    def span(self) -> tuple[date_type | None, date_type | None]:
        """First and last day the event can mean; an open range ends at its as-of date."""
        last = self.date.latest
        if last is None and self.date.start is not None and self.until is not None:
            last = self.until.latest
        return self.date.earliest, last

    @property
    def date_display(self) -> str:
        """The date as people read it, with how far an open range is known to run."""
        shown = self.date_label or self.date.display()
        if self.date.interval and self.date.end is None and self.until is not None:
            shown += f" (as of {self.until.display()})"
        return shown


class Partner(Record):
    """A country, organisation or forum Vietnam deals with."""

    LIST = "partners"
    SHAPE_NOTE = "a partner's id alone stands for it only in an event's or a fact's partners"

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
    relations: list[PartnerRelation] = nested(
        PartnerRelation,
        default_factory=list,
        doc="the partner it continues or is continued by, the forums it hosts or its host",
    )
    outside: list[OutsideReference] = nested(
        OutsideReference, default_factory=list, doc=OUTSIDE_DOC
    )


class Fact(Record):
    """A standing fact, without a date."""

    LIST = "facts"

    id: str = ident(search=SUMMARY)
    title: str = text(search=TITLE, doc="non-empty text, in your own words")
    summary: str = text(search=SUMMARY, doc="non-empty text, in your own words")
    kind: str = choice(vocab.FACT_KINDS, search=SUMMARY)
    partners: list[PartnerLink] = links(PartnerLink, default_factory=list, search=QUOTE)
    as_of: FuzzyDate | None = edtf(
        default=None, doc="when a figure held, when the dates of its sources do not say"
    )
    note: str | None = text(default=None, search=QUOTE)
    citations: list[Citation] = nested(Citation, nonempty=True)
    contrary: list[Citation] = nested(Citation, default_factory=list, doc=CONTRARY_DOC)
    outside: list[OutsideReference] = nested(
        OutsideReference, default_factory=list, doc=OUTSIDE_DOC
    )
    until: FuzzyDate | None = edtf(
        default=None,
        computed=True,
        doc="the date it is known to hold: `as_of`, else the latest date of its sources",
    )
    until_or_later: bool = flag(
        default=False,
        computed=True,
        doc="`until` is the earliest date of an undated text (its `as_of_or_later`): the claim "
        "holds as of that date or a later one",
    )
    weak: bool = flag(default=False, computed=True, doc="every quote is from a weak source")
    sources: list[str] = strings(default_factory=list, computed=True, doc=SOURCES_DOC)
    standing: str | None = choice(vocab.STANDINGS, default=None, computed=True, doc=STANDING_DOC)

    @property
    def partner_ids(self) -> list[str]:
        return [p.id for p in self.partners]


# The skipped reason that is a reading of the line, not its layout: it needs a note.
NOT_A_CLAIM = "not-a-claim"


class Skipped(Record):
    """A line of a source deliberately left uncited (see coverage in `vpa check`)."""

    LIST = "skipped"
    PLURAL = "skipped lines"

    source: str = ref("source")
    line: int = line()
    reason: str = choice(vocab.SKIP_REASONS)
    note: str | None = text(
        default=None, doc=f"why the line is left out; required with `{NOT_A_CLAIM}`"
    )

    SCHEMA_RULES: ClassVar[dict[str, Any]] = {
        "if": {"properties": {"reason": {"const": NOT_A_CLAIM}}, "required": ["reason"]},
        "then": {
            "required": ["note"],
            "properties": {"note": {"type": "string", "pattern": r"\S"}},
        },
    }

    @property
    def label(self) -> str:
        return f"skipped {self.source}:{self.line}"

    def invalid(self) -> tuple[str, str] | None:
        # A layout reason speaks for itself; that a sentence claims nothing is a reading
        # of it, which a reviewer must be able to weigh.
        if self.reason == NOT_A_CLAIM and not (self.note or "").strip():
            return (
                "note",
                f"a line skipped as {NOT_A_CLAIM} needs a note saying why it is not a claim "
                '(a plan, an opinion): add "note": "..."',
            )
        return None


def label_shows_years(label: str, when: FuzzyDate) -> bool:
    """A date label must show the year(s) of its date ("post-1995" for 1995/..)."""
    return all(str(y) in label for y in when.year_span() if y is not None)


# The top-level record types, in the order of a data file's lists.
TOP_LEVEL: tuple[type[Record], ...] = (Source, Event, Partner, Fact, Skipped)
SUB_RECORDS: tuple[type[Record], ...] = (
    Citation,
    Person,
    PartnerLink,
    Statement,
    LineRole,
    Provenance,
    OutsideReference,
    PartnerRelation,
)
LISTS = tuple(t.LIST for t in TOP_LEVEL)

Identified = Source | Event | Partner | Fact


def record_type(record: Record) -> str:
    return type(record).TYPE


def record_citations(record: Record) -> list[Citation]:
    """Every citation a record rests on, its statements' included, in order: not the
    quotes that say otherwise (`contrary`)."""
    from vpa_cli.records.record import sub_records

    return [c for path, c in sub_records(record, Citation) if "contrary[" not in path]
