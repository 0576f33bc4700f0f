"""Partner profiles and the partner list for `vpa partner`, built only from the dataset.

A profile gathers what the data files hold about one partner: its statements
grouped by area, the events and facts that list it, the forums where Vietnam
meets it, and every source line cited on the way. No relationship text lives
here; every word shown comes from a record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from vpa_cli.claims.evidence import names
from vpa_cli.claims.view import Claims, ClaimView, LinkView
from vpa_cli.errors import UsageError
from vpa_cli.loading.dataset import Dataset
from vpa_cli.records import vocab
from vpa_cli.records.types import Citation, Event, Fact, Partner, Source, Statement
from vpa_cli.text import closest, fold

SORTS = ("name", "count")


@dataclass(frozen=True)
class AreaStatements:
    """The statements about a partner in one area of cooperation, in data order, each
    as its claim's view."""

    area: str
    description: str
    statements: list[ClaimView]

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "description": self.description,
            "statements": [s.to_dict() for s in self.statements],
        }


@dataclass(frozen=True)
class ForumLink:
    """A forum where Vietnam meets the partner, and the records that place it there.

    `via` is empty when the profiled partner is the forum itself; `hosts` says the
    partner hosts the forum (a partner relation).
    """

    forum: Partner
    via: list[str]
    hosts: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.forum.id,
            "name": self.forum.name,
            "via": list(self.via),
            "hosts": self.hosts,
        }


# A relation seen from the other partner: the Soviet Union's successor is Russia, so
# Russia's predecessor is the Soviet Union.
INVERSE = {"predecessor": "successor", "successor": "predecessor", "host": "hosts", "hosts": "host"}


@dataclass(frozen=True)
class Related:
    """Another partner and what it is to this one (its predecessor, a forum it hosts),
    with the basis and note of the relation and how many events list the other one."""

    partner: Partner
    relation: str
    basis: str
    note: str | None
    events: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.partner.id,
            "name": self.partner.name,
            "relation": self.relation,
            "basis": self.basis,
            "note": self.note,
            "events": self.events,
        }


def related(dataset: Dataset, partner: Partner) -> list[Related]:
    """The partners related to `partner`, declared on either side, each once."""
    found: dict[str, Related] = {}

    def add(other_id: str, relation: str, basis: str, note: str | None) -> None:
        other = dataset.partners.get(other_id)
        if other is not None and other.id != partner.id and other.id not in found:
            found[other.id] = Related(other, relation, basis, note, event_count(dataset, other))

    for rel in partner.relations:
        add(rel.id, rel.relation, rel.basis, rel.note)
    for other in dataset.partners.values():
        for rel in other.relations:
            if rel.id == partner.id:
                add(other.id, INVERSE.get(rel.relation, rel.relation), rel.basis, rel.note)
    return list(found.values())


@dataclass(frozen=True)
class SourceLines:
    """A source and the lines of it cited about the partner: `lines` name it; `implied`
    lines do not, and map to the note that says how they imply it."""

    source: Source
    lines: list[int]
    implied: dict[int, str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.source.id,
            "title": self.source.title,
            "weak": self.source.weak,
            "lines": list(self.lines),
            "implied": [{"line": n, "note": note} for n, note in sorted(self.implied.items())],
        }


@dataclass(frozen=True)
class PartnerProfile:
    """A partner, and every claim about it as its view (claims/view.py): each event and
    fact carries this partner's link (`link`), with its role and note."""

    partner: Partner
    areas: list[AreaStatements]
    events: list[ClaimView]
    forums: list[ForumLink]
    facts: list[ClaimView]
    sources: list[SourceLines]
    related: list[Related]

    def link(self, view: ClaimView) -> LinkView | None:
        """This partner's link in an event or fact: its role, basis and note."""
        return view.link(self.partner.id)

    def to_dict(self) -> dict[str, Any]:
        p = self.partner
        return {
            "id": p.id,
            "name": p.name,
            "kind": p.kind,
            "aliases": list(p.aliases),
            "note": p.note,
            "citations": [c.to_dict() for c in p.citations],
            "areas": [a.to_dict() for a in self.areas],
            "events": [e.to_dict() for e in self.events],
            "forums": [f.to_dict() for f in self.forums],
            "related": [r.to_dict() for r in self.related],
            "facts": [f.to_dict() for f in self.facts],
            "sources": [s.to_dict() for s in self.sources],
        }


@dataclass(frozen=True)
class PartnerSummary:
    """One row of the partner list.

    `first_year`/`last_year` are the earliest and latest years its events
    state. An event open at the start (`../1975`) makes `open_start` true: the
    first year is then an upper bound. An event open at the end (`2014/..`)
    makes `ongoing` true: `last_year` is then the year of its as-of date, how far
    the sources speak of it.
    """

    partner: Partner
    event_count: int
    fact_count: int
    statement_count: int
    first_year: int | None
    last_year: int | None
    open_start: bool
    ongoing: bool

    @property
    def count(self) -> int:
        return self.event_count + self.fact_count + self.statement_count

    def to_dict(self) -> dict[str, Any]:
        p = self.partner
        return {
            "id": p.id,
            "name": p.name,
            "kind": p.kind,
            "event_count": self.event_count,
            "fact_count": self.fact_count,
            "statement_count": self.statement_count,
            "first_year": self.first_year,
            "last_year": self.last_year,
            "open_start": self.open_start,
            "ongoing": self.ongoing,
        }


def partner_events(dataset: Dataset, partner: Partner) -> list[Event]:
    """Events that list the partner, in date order (ties by id)."""
    found = [e for e in dataset.events if partner.id in e.partner_ids]
    return sorted(found, key=lambda e: (e.date.sort_key(), e.id))


def event_count(dataset: Dataset, partner: Partner) -> int:
    """How many events list the partner; from the dataset cache's keys (queries.timeline
    .event_keys) when it kept them, without reading the events."""
    from vpa_cli.loading import cache

    keys = cache.derived(dataset, "timeline")
    if keys is not None:
        return len(keys["partners"].get(partner.id, ()))
    return sum(1 for e in dataset.events if partner.id in e.partner_ids)


def partner_facts(dataset: Dataset, partner: Partner) -> list[Fact]:
    """Facts that list the partner, in data order."""
    return [f for f in dataset.facts if partner.id in f.partner_ids]


def group_statements(statements: Iterable[ClaimView]) -> list[AreaStatements]:
    """Statements grouped by area, areas in the order of `vocab.AREAS`."""
    by_area: dict[str, list[ClaimView]] = {}
    for statement in statements:
        assert isinstance(statement.record, Statement)
        by_area.setdefault(statement.record.area, []).append(statement)
    order = {area: i for i, area in enumerate(vocab.AREAS)}
    return [
        AreaStatements(area, vocab.AREAS.get(area, area), by_area[area])
        for area in sorted(by_area, key=lambda a: (order.get(a, len(order)), a))
    ]


def meeting_forums(
    dataset: Dataset, partner: Partner, events: list[Event], facts: list[Fact]
) -> list[ForumLink]:
    """Forums where Vietnam meets the partner.

    A forum's own profile lists only itself: other forums named alongside it
    are neighbours, not places where Vietnam meets it. For any other partner,
    every forum-kind partner listed together with it in an event or fact,
    most shared records first (ties by name), each with those records' ids.
    """
    if partner.kind == "forum":
        return [ForumLink(partner, [])]
    via: dict[str, list[str]] = {}
    hosted = {r.partner.id for r in related(dataset, partner) if r.relation == "hosts"}
    records: list[Event | Fact] = [*events, *facts]
    for record in records:
        for pid in record.partner_ids:
            other = dataset.partners.get(pid)
            if other is None or other.id == partner.id or other.kind != "forum":
                continue
            ids = via.setdefault(pid, [])
            if record.id not in ids:
                ids.append(record.id)
    for pid in hosted:
        via.setdefault(pid, [])
    links = [ForumLink(dataset.partners[pid], ids, pid in hosted) for pid, ids in via.items()]
    return sorted(links, key=lambda f: (not f.hosts, -len(f.via), fold(f.forum.name), f.forum.id))


def cited_lines(
    dataset: Dataset, named: Iterable[Citation], implied: Iterable[tuple[Citation, str]] = ()
) -> list[SourceLines]:
    """Each source among the citations, in dataset order: the lines that name the
    partner, and the lines that only imply it with the note that says how."""
    lines: dict[str, set[int]] = {}
    notes: dict[str, dict[int, str]] = {}
    for c in named:
        lines.setdefault(c.source, set()).add(c.line)
    for c, note in implied:
        if c.line not in lines.get(c.source, ()):
            notes.setdefault(c.source, {}).setdefault(c.line, note)
    return [
        SourceLines(source, sorted(lines.get(sid, ())), notes.get(sid, {}))
        for sid, source in dataset.sources.items()
        if sid in lines or sid in notes
    ]


def evidence_lines(
    dataset: Dataset, partner: Partner, events: list[Event], facts: list[Fact]
) -> tuple[list[Citation], list[tuple[Citation, str]]]:
    """The citations about `partner` that name it, and those that only imply it (with
    the note of the inferred link or statement). A record's other quotes are left out:
    a line that never names the partner is no evidence about it."""
    names_of = [partner.name, *partner.aliases]
    named = [c for c in partner.citations if names(c.quote, names_of)]
    implied: list[tuple[Citation, str]] = []
    for st in partner.statements:
        if st.basis == "inferred":
            implied += [(c, st.note or "") for c in st.citations]
        else:
            named += [c for c in st.citations if names(c.quote, names_of)]
    records: list[Event | Fact] = [*events, *facts]
    for record in records:
        for link in record.partners:
            if link.id != partner.id:
                continue
            if link.basis == "inferred":
                implied += [(c, link.note or "") for c in record.citations]
            else:
                named += [c for c in record.citations if names(c.quote, names_of)]
    return named, implied


def build_profile(dataset: Dataset, partner: Partner) -> PartnerProfile:
    """Everything the dataset holds about `partner` (found with lookup.resolve_partner)."""
    events = partner_events(dataset, partner)
    facts = partner_facts(dataset, partner)
    named, implied = evidence_lines(dataset, partner, events, facts)
    claims = Claims(dataset)
    claims.record(partner)
    return PartnerProfile(
        partner=partner,
        areas=group_statements(claims.statements(partner)),
        events=claims.many(events),
        forums=meeting_forums(dataset, partner, events, facts),
        facts=claims.many(facts),
        sources=cited_lines(dataset, named, implied),
        related=related(dataset, partner),
    )


def summarise(dataset: Dataset, partner: Partner) -> PartnerSummary:
    events = partner_events(dataset, partner)
    starts: list[int] = []
    ends: list[int] = []
    for event in events:
        # An interval open at one end still states the year of its other end; an
        # open range runs to its as-of date.
        known = [y for y in event.date.year_span() if y is not None]
        last = event.span[1]
        starts.append(min(known))
        ends.append(max(known) if last is None else max(*known, last.year))
    return PartnerSummary(
        partner=partner,
        event_count=len(events),
        fact_count=len(partner_facts(dataset, partner)),
        statement_count=len(partner.statements),
        first_year=min(starts) if starts else None,
        last_year=max(ends) if ends else None,
        open_start=any(e.date.start is None for e in events),
        ongoing=any(e.date.end is None for e in events),
    )


def list_partners(dataset: Dataset, sort: str = "name") -> list[PartnerSummary]:
    """Every partner, by name (`name`) or by events + facts + statements, most first, ties
    by name (`count`)."""
    if sort not in SORTS:
        raise UsageError(f"unknown sort {sort!r}", suggestions=closest(sort, SORTS))
    rows = [summarise(dataset, p) for p in dataset.partners.values()]

    def by_name(row: PartnerSummary) -> tuple[str, str]:
        return (fold(row.partner.name), row.partner.id)

    if sort == "count":
        return sorted(rows, key=lambda r: (-r.count, *by_name(r)))
    return sorted(rows, key=by_name)
