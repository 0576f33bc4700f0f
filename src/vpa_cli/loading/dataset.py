"""The dataset: every record read, by type, with the fields worked out once all are read."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from vpa_cli.loading.texts import source_file
from vpa_cli.records.dates import FuzzyDate
from vpa_cli.records.record import Record, Refused
from vpa_cli.records.types import (
    Citation,
    Event,
    Fact,
    Identified,
    Partner,
    Skipped,
    Source,
    Statement,
)


class Dataset:
    """Every record read, by type; `files` are the data files read, in order."""

    def __init__(self) -> None:
        self.sources: dict[str, Source] = {}
        self._events: list[Event] | None = []
        # Where the events come from when they are not held yet (the dataset cache keeps
        # them apart, so that a query answered from its index never reads them).
        self._load_events: Callable[[], list[Event]] | None = None
        self.partners: dict[str, Partner] = {}
        self.facts: list[Fact] = []
        self.skipped: list[Skipped] = []
        self.files: list[str] = []
        # What could be read of the records refused for a problem (none once loaded
        # without one): vpa check checks their references and quotes all the same.
        self.refused: list[Refused] = []

    @property
    def events(self) -> list[Event]:
        if self._events is None:
            assert self._load_events is not None
            self._events = self._load_events()
            self._load_events = None
        return self._events

    @events.setter
    def events(self, events: list[Event]) -> None:
        self._events, self._load_events = events, None

    def events_pending(self) -> bool:
        """Whether the events are still to be read (`events_later`)."""
        return self._events is None

    def events_later(self, load: Callable[[], list[Event]]) -> None:
        """Read the events with `load` when they are first asked for."""
        self._events, self._load_events = None, load

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

    def resolve(self) -> None:
        """Work out the computed fields, once every file is read: how far each claim
        is known to hold, and whether it rests only on weak sources."""
        # Many records cite the same few sources: work each set of sources out once.
        known: dict[frozenset[str], tuple[FuzzyDate | None, bool, bool]] = {}

        def basis(citations: list[Citation]) -> tuple[FuzzyDate | None, bool, bool]:
            key = frozenset(c.source for c in citations)
            found = known.get(key)
            if found is None:
                latest = self.latest(key)
                found = known[key] = (latest, self.or_later(key, latest), self.only_weak(key))
            return found

        for event in self.events:
            latest, _, event.weak = basis(event.citations)
            # Only an open range runs to an as-of date; a closed one ends where it ends.
            if event.date.end is None and event.date.start is not None:
                event.until = event.as_of or latest
            event.standing = self.standing(event)
        for fact in self.facts:
            latest, or_later, fact.weak = basis(fact.citations)
            fact.until = fact.as_of or latest
            fact.until_or_later = fact.as_of is None and or_later
            fact.standing = self.standing(fact)
        for partner in self.partners.values():
            for statement in partner.statements:
                statement.weak = basis(statement.citations)[2]
                statement.standing = self.standing(statement)

    def standing(self, claim: Event | Fact | Statement) -> str:
        """`contradicted` when the record names a page or a quote that says otherwise;
        `corroborated` when two or more texts state it, one of them not weak; else
        `single-source`."""
        if claim.contrary or any(o.stance == "contradicts" for o in claim.outside):
            return "contradicted"
        cited = {c.source for c in claim.citations}
        strong = [sid for sid in cited if sid in self.sources and not self.sources[sid].weak]
        return "corroborated" if len(cited) >= 2 and strong else "single-source"

    def latest(self, source_ids: Iterable[str]) -> FuzzyDate | None:
        """The latest date that the sources named speak to."""
        dates = [
            when
            for sid in source_ids
            if sid in self.sources and (when := self.sources[sid].speaks_to) is not None
        ]
        return max(dates, key=lambda d: d.sort_key()[1], default=None)

    def or_later(self, source_ids: Iterable[str], latest: FuzzyDate | None) -> bool:
        """Whether `latest` (of the sources named) is the as-of date of a text written then
        or later, so that what rests on it holds as of that date or a later one (no dated
        source reaches as far)."""
        if latest is None:
            return False
        reaching = [
            s
            for sid in source_ids
            if (s := self.sources.get(sid)) is not None and s.speaks_to is latest
        ]
        return bool(reaching) and all(s.date is None and s.as_of_or_later for s in reaching)

    def only_weak(self, source_ids: Iterable[str]) -> bool:
        """Whether every one of the sources named is weak (and there is at least one)."""
        sources = [self.sources.get(sid) for sid in source_ids]
        return bool(sources) and all(s is not None and s.weak for s in sources)

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
        """The place of a citation as every command names it: FILE:LINE."""
        source = self.sources.get(citation.source)
        where = source_file(source) if source else citation.source
        return f"{where}:{citation.line}"

    def source_file(self, source: Source) -> str:
        """Where a source's text is, as people can open it (seeds/... for the bundled texts)."""
        return source_file(source)
