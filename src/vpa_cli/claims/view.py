"""The view of a claim: everything a reader must see to weigh an event, a fact or a
partner statement, worked out once, here, and rendered by every output.

A claim's view holds its date as people read it (the label, the basis mark, what
the source says where the record corrects it, how far an open range runs), each
partner with its role, basis and note, each citation with its place written one
way ("para. 6, line 10"), its source's voice and weight, whether the claim rests
only on weak sources, and its own note. The terminal's tables and plain lines,
Markdown, CSV, JSON, `vpa show`, `vpa partner`, `vpa search`, `vpa cite`, the page,
TimelineJS and SQLite all render it; none of them works evidence out again.

The parts that programs read are the records' computed fields (records/types.py declares
them: `date_shown`, `date_mark`, `date_start`, ..., a link's `name`, a citation's
`paragraph` and `place`); `Claims` fills them in, so a record's `to_dict`, its CSV
columns and its SQLite row carry the view. No terminal code here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from vpa_cli.claims.keys import pandoc_citation
from vpa_cli.claims.marks import (
    CONTRADICTED,
    DATE_MARKS,
    NOTE_MARK,
    WEAK,
    WEAK_CLAIM,
    weak_source,
)
from vpa_cli.loading.dataset import Dataset
from vpa_cli.loading.texts import (
    PARAGRAPH,
    SourceUnreadable,
    line_roles,
    paragraph_numbers,
    read_lines,
)
from vpa_cli.records.record import Record, sub_records
from vpa_cli.records.types import (
    Citation,
    Event,
    Fact,
    OutsideReference,
    Partner,
    PartnerLink,
    Source,
    Statement,
)

Claim = Event | Fact | Statement

__all__ = [
    "CitationView",
    "Claim",
    "ClaimView",
    "Claims",
    "LinkView",
    "Listing",
    "SourceMark",
    "Texts",
    "where",
]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def where(place: str, line: int) -> str:
    """A citation's place written the one way every output writes it: "para. 6, line 10";
    "line 34" alone where the line is no paragraph and has no role."""
    return place if place == f"line {line}" else f"{place}, line {line}"


class Texts:
    """The source texts, read once per run and only when a place is asked for."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self._read: dict[str, tuple[list[str], dict[int, int], dict[int, str]] | None] = {}

    def of(self, source_id: str) -> tuple[list[str], dict[int, int], dict[int, str]] | None:
        """A source's lines, paragraph numbers and line roles; None if it cannot be read."""
        if source_id not in self._read:
            source = self.dataset.sources.get(source_id)
            found = None
            if source is not None:
                try:
                    lines = read_lines(source)
                except SourceUnreadable:
                    pass
                else:
                    found = (lines, paragraph_numbers(source, lines), line_roles(source))
            self._read[source_id] = found
        return self._read[source_id]

    def place(self, source_id: str, line: int) -> tuple[int | None, str | None, str]:
        """(paragraph, role, place) of a line: (6, "paragraph", "para. 6"), (None,
        "dateline", "dateline"), or (None, None, "line 34") for a blank line, a line
        outside the work or a text that cannot be read."""
        text = self.of(source_id)
        source = self.dataset.sources.get(source_id)
        if text is None or source is None:
            return None, None, f"line {line}"
        lines, paragraphs, roles = text
        number = paragraphs.get(line)
        if number is not None:
            return number, PARAGRAPH, f"para. {number}"
        if not source.holds(line) or not 1 <= line <= len(lines) or not lines[line - 1].strip():
            return None, None, f"line {line}"
        role = roles.get(line, PARAGRAPH)
        return None, role, role


class SourceMark:
    """A source as a claim shows it: its id, whether it is weak, who speaks."""

    __slots__ = ("id", "voice", "weak")

    def __init__(self, source_id: str, source: Source | None) -> None:
        self.id = source_id
        self.weak = bool(source and source.weak)
        self.voice = source.voice if source else None

    @property
    def shown(self) -> str:
        """`vpa-impact (weak)`, or the id alone."""
        return weak_source(self.id) if self.weak else self.id

    @property
    def described(self) -> str:
        """`vpa-impact (weak), voice: unattributed`: the id, its weight and who speaks."""
        return f"{self.shown}, voice: {self.voice}" if self.voice else self.shown


class LinkView:
    """A partner of a claim: who, in what role, on what basis, and its note."""

    __slots__ = ("basis", "id", "name", "note", "role")

    def __init__(self, link: PartnerLink) -> None:
        self.id = link.id
        self.name = link.name or link.id
        self.role = link.role
        self.basis = link.basis
        self.note = link.note

    @property
    def parts(self) -> list[str]:
        """What is said of the link in brackets: its role, and `inferred`."""
        return [p for p in (self.role, "inferred" if self.basis == "inferred" else None) if p]

    def shown(self, *, marked: bool = True) -> str:
        """`Laos (ally*)`: the name, the role and basis, and the note's mark (`marked`);
        `Laos (ally)` without the mark, where the note is given in full beside it."""
        mark = NOTE_MARK if marked and self.note else ""
        parts = ", ".join(self.parts)
        if parts:
            return f"{self.name} ({parts}{mark})"
        return self.name + mark

    @property
    def full(self) -> str:
        """`Laos (ally): the Lao resistance forces ...`: the link with its note in full."""
        shown = self.shown(marked=False)
        return f"{shown}: {self.note}" if self.note else shown


class CitationView:
    """A quote as a reader checks it: its source, its place, and its source's weight."""

    __slots__ = ("_file_line", "citation", "dataset", "paragraph", "place", "role", "source")

    def __init__(
        self,
        citation: Citation,
        source: SourceMark,
        paragraph: int | None,
        role: str | None,
        place: str,
        dataset: Dataset,
    ) -> None:
        self.citation = citation
        self.source = source
        self.paragraph = paragraph
        self.role = role
        self.place = place
        self.dataset = dataset
        self._file_line: str | None = None

    @property
    def file_line(self) -> str:
        """FILE:LINE, as editors and grep name a place (sources.locator)."""
        if self._file_line is None:
            self._file_line = self.dataset.locator(self.citation)
        return self._file_line

    @property
    def line(self) -> int:
        return self.citation.line

    @property
    def quote(self) -> str:
        return self.citation.quote

    @property
    def where(self) -> str:
        """ "para. 6, line 10": the place, written one way in every output."""
        return where(self.place, self.citation.line)

    @property
    def pandoc(self) -> str:
        """`[@dd-achievements, para. 6]`: the place as a citation to paste into a
        Markdown paper for pandoc (citations/keys.py)."""
        return pandoc_citation(self.source.id, self.place)

    @property
    def cited(self) -> str:
        """`dd-achievements, para. 6, line 10`; `vpa-impact (weak), para. 25, line 31`."""
        return f"{self.source.shown}, {self.where}"

    @property
    def is_evidence(self) -> bool:
        """A quote from a paragraph; a title, byline or dateline supports a date or an
        attribution, not the claim."""
        return self.role == PARAGRAPH


class ClaimView:
    """One event, fact or partner statement as every output shows it."""

    __slots__ = ("_citations", "_partners", "claims", "id", "record", "type")

    def __init__(self, claims: Claims, record: Claim, rid: str) -> None:
        self.claims = claims
        self.record = record
        self.type = type(record).TYPE  # event, fact or statement
        self.id = rid
        # Worked out on first use: a listing of thousands of events written as JSON
        # needs neither.
        self._partners: list[LinkView] | None = None
        self._citations: list[CitationView] | None = None

    @property
    def partners(self) -> list[LinkView]:
        if self._partners is None:
            self._partners = [LinkView(link) for link in getattr(self.record, "partners", ())]
        return self._partners

    @property
    def sources(self) -> list[SourceMark]:
        return [self.claims.source(sid) for sid in self.record.sources]

    # -- what the claim says and how much it weighs

    @property
    def title(self) -> str:
        record = self.record
        return record.text if isinstance(record, Statement) else record.title

    @property
    def kind(self) -> str:
        """An event's or fact's kind (`war`, `figure`), a statement's area."""
        record = self.record
        return record.area if isinstance(record, Statement) else record.kind

    @property
    def weak(self) -> bool:
        return self.record.weak

    @property
    def note(self) -> str | None:
        return self.record.note

    @property
    def weak_text(self) -> str:
        """` [weak source only]` for a claim resting only on weak sources, else empty."""
        return f" [{WEAK_CLAIM}]" if self.weak else ""

    @property
    def standing(self) -> str:
        """`corroborated`, `single-source` or `contradicted` (model.Dataset.standing)."""
        return self.record.standing or "single-source"

    @property
    def contradicted(self) -> bool:
        return self.standing == "contradicted"

    @property
    def contradicted_text(self) -> str:
        """` [contradicted]` for a claim something says otherwise of, else empty."""
        return f" [{CONTRADICTED}]" if self.contradicted else ""

    def headline(self, *, weak: bool = True) -> str:
        """The title with its flags: `[weak source only]` (unless `weak` is False, where
        the sources are listed marked), `[contradicted]`."""
        return self.title + (self.weak_text if weak else "") + self.contradicted_text

    @property
    def outside(self) -> list[OutsideReference]:
        return list(self.record.outside)

    @property
    def inferred_note(self) -> str | None:
        """For a statement whose partner no quote names: how it is implied."""
        record = self.record
        if isinstance(record, Statement) and record.basis == "inferred":
            return record.note
        return None

    # -- the date

    @property
    def date_text(self) -> str | None:
        """`10 Apr 2013† (source: Dec 2013)`: the date as shown, its basis mark, and what the
        source says where the record corrects it; None for a claim without a date."""
        record = self.record
        if not isinstance(record, Event):
            return None
        # The mark follows the date it qualifies, before how far an open range runs:
        # `since 2014† (as of 2 Sep 2025)`.
        return self.date_label + record.date_mark + self.date_tail

    @property
    def date_tail(self) -> str:
        """What follows the date and its mark where it is shown: how far an open range
        runs and the source's own date where the record corrects it (` (as of 2 Sep
        2025)`, ` (source: Dec 2013)`); "" for neither. The page sets the mark apart in
        markup and writes this after it, so it shows what `date_text` says."""
        record = self.record
        assert isinstance(record, Event)
        text = ""
        if self.as_of is not None:
            text += f" (as of {self.as_of})"
        if record.source_date is not None:
            text += f" (source: {record.source_date.display()})"
        return text

    @property
    def date_label(self) -> str:
        """The date alone as people read it (`since 2014`), without its as-of date."""
        record = self.record
        assert isinstance(record, Event)
        return record.date_label or record.date.display()

    @property
    def date_mark(self) -> str:
        return self.record.date_mark if isinstance(self.record, Event) else ""

    @property
    def as_of(self) -> str | None:
        """How far an open range is known to run, or the date a fact is known to hold
        (its `until`), as people read it: `2 Sep 2025`."""
        record = self.record
        if isinstance(record, Fact):
            if record.until is None:
                return None
            shown = record.until.display()
            return f"{shown} or later" if record.until_or_later else shown
        if (
            isinstance(record, Event)
            and record.date.interval
            and record.date.end is None
            and record.until is not None
        ):
            return record.until.display()
        return None

    # -- partners, sources and citations

    def partners_text(self, *, marked: bool = True, sep: str = ", ") -> str:
        return sep.join(p.shown(marked=marked) for p in self.partners)

    def link(self, partner_id: str) -> LinkView | None:
        """This claim's link to one partner (in a partner's profile)."""
        return next((p for p in self.partners if p.id == partner_id), None)

    def sources_text(self, sep: str = ", ") -> str:
        return sep.join(s.shown for s in self.sources)

    @property
    def citations(self) -> list[CitationView]:
        """Each quote with its place; the source texts are read on first use."""
        if self._citations is None:
            self._citations = [self.claims.citation(c) for c in self.record.citations]
        return self._citations

    def marks(self, *, claim_flag: bool = True) -> set[str]:
        """The legend's keys (marks.LEGEND) this claim's rendering uses; without
        `claim_flag` where a weak claim shows as its sources marked `(weak)` alone."""
        used = set()
        if self.date_mark:
            used.add(self.date_mark)
        if any(p.note for p in self.partners):
            used.add(NOTE_MARK)
        if any(s.weak for s in self.sources):
            used.add(f"({WEAK})")
        if self.weak and claim_flag:
            used.add(f"[{WEAK_CLAIM}]")
        if self.contradicted:
            used.add(f"[{CONTRADICTED}]")
        return used

    def to_dict(self) -> dict[str, object]:
        """The record as JSON, with every part of the view (places included)."""
        self.citations  # noqa: B018 (fills each citation's paragraph and place)
        for quote in self.record.contrary:
            self.claims.citation(quote)
        return self.record.to_dict()


class Claims:
    """The views of a dataset's claims, each worked out once, with the source texts read
    once for all of them. It is also the context `Record.rows` and `summary_text` take,
    so `vpa show` prints a citation and a partner link the way every output does."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.texts = Texts(dataset)
        self._views: dict[int, ClaimView] = {}
        self._marks: dict[str, SourceMark] = {}

    # -- views

    def of(self, record: Claim, rid: str | None = None) -> ClaimView:
        """The view of an event, fact or statement (`rid` names a statement)."""
        view = self._views.get(id(record))
        if view is None:
            fill(record, self.dataset)
            view = ClaimView(self, record, rid or str(getattr(record, "id", "")))
            self._views[id(record)] = view
        return view

    def many(self, records: Iterable[Event | Fact]) -> list[ClaimView]:
        return [self.of(r) for r in records]

    def statements(self, partner: Partner) -> list[ClaimView]:
        """A partner's statements, each named `PARTNER statements[i]`."""
        return [
            self.of(s, f"{partner.id} statements[{i}]") for i, s in enumerate(partner.statements)
        ]

    def source(self, source_id: str) -> SourceMark:
        mark = self._marks.get(source_id)
        if mark is None:
            mark = self._marks[source_id] = SourceMark(
                source_id, self.dataset.sources.get(source_id)
            )
        return mark

    def citation(self, citation: Citation) -> CitationView:
        """A citation with its place; fills its `paragraph` and `place`."""
        paragraph, role, place = self.texts.place(citation.source, citation.line)
        citation.paragraph, citation.place = paragraph, place
        return CitationView(
            citation,
            self.source(citation.source),
            paragraph,
            role,
            place,
            self.dataset,
        )

    def record(self, record: Record) -> Record:
        """Any record with its view's parts filled in: its own, its claims' and its
        citations' (for `vpa show`, profiles, the SQLite export)."""
        if isinstance(record, (Event, Fact)):
            self.of(record)
        elif isinstance(record, Partner):
            self.statements(record)
        for _, citation in sub_records(record, Citation):
            self.citation(citation)
        return record

    def everything(self) -> Dataset:
        """The whole dataset with every view's parts filled in (the SQLite export)."""
        for record in self.dataset.records():
            self.record(record)
        return self.dataset

    # -- the context of Record.rows and summary_text (see fields.py)

    def ref_label(self, target: str, rid: str) -> str:
        return self.dataset.ref_label(target, rid)

    def ref_names(self, target: str, rid: str) -> list[str]:
        return self.dataset.ref_names(target, rid)

    def locator(self, citation: Citation) -> str:
        return self.dataset.locator(citation)

    def source_file(self, source: Source) -> str:
        return self.dataset.source_file(source)

    def citation_text(self, citation: Citation) -> str:
        """`dd-achievements, para. 6, line 10 (seeds/...:10): “quote”` for `vpa show`."""
        view = self.citation(citation)
        return f"{view.cited} ({view.file_line}): \u201c{view.quote}\u201d"

    def link_text(self, link: PartnerLink) -> str:
        """`Laos (ally) [laos]: note` for `vpa show`: every part of the link, as every
        output writes it, with the partner's id."""
        if link.name is None:
            link.name = _partner_name(self.dataset, link.id)
        view = LinkView(link)
        text = f"{view.shown(marked=False)} [{view.id}]"
        return f"{text}: {view.note}" if view.note else text


def _partner_name(dataset: Dataset, partner_id: str) -> str:
    partner = dataset.partners.get(partner_id)
    return partner.name if partner else partner_id


def _source_ids(citations: Sequence[Citation]) -> list[str]:
    return list(dict.fromkeys(c.source for c in citations))


def fill(record: Claim, dataset: Dataset) -> None:
    """Work out a claim's computed parts that need no source text: its sources, its
    partners' names, and an event's date as shown with its mark, days and flags."""
    record.sources = _source_ids(record.citations)
    for link in getattr(record, "partners", ()):
        link.name = _partner_name(dataset, link.id)
    if isinstance(record, Event):
        _fill_date(record)


def _fill_date(event: Event) -> None:
    when = event.date
    open_end = when.interval and when.end is None
    event.date_shown = event.date_display
    event.date_mark = DATE_MARKS.get(event.date_basis, "")
    event.date_start = _iso(when.earliest)
    event.date_end = _iso(when.latest)
    event.until_end = _iso(event.until.latest) if open_end and event.until else None
    event.date_precision = when.precision
    event.date_approximate = when.approximate
    event.date_uncertain = when.uncertain
    event.open_start = when.interval and when.start is None
    event.open_end = open_end
    event.count_year = when.anchor_year


class Listing:
    """Claims chosen for a listing, in order, with the filters that chose them (a page
    names them in its heading: `partner United States`, `from 1 Jan 2010`)."""

    __slots__ = ("claims", "filters", "views")

    def __init__(
        self, claims: Claims, records: Iterable[Event | Fact], filters: Sequence[str] = ()
    ) -> None:
        self.claims = claims
        self.views = claims.many(records)
        self.filters = list(filters)

    @property
    def dataset(self) -> Dataset:
        return self.claims.dataset

    def marks(self, *, claim_flag: bool = True) -> set[str]:
        """The legend's keys every view of the listing uses."""
        return set().union(*(v.marks(claim_flag=claim_flag) for v in self.views))
