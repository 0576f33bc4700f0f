"""Choosing, ordering and counting events for `vpa timeline` (no terminal code here).

A query is built from what people type (`build_query`), checked against the
dataset, then applied (`select_events`). Different filters narrow (AND); the
values of one repeated filter widen (OR). An event is in a date window when
any day it can mean falls inside it; with `strict`, only when every day does
(`in_window`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, Protocol, TypedDict

from vpa_cli.errors import UsageError
from vpa_cli.loading.dataset import Dataset
from vpa_cli.queries.resolve import find_source, resolve_choice, resolve_partner
from vpa_cli.records import vocab
from vpa_cli.records.dates import QueryDate, parse_query_date
from vpa_cli.records.types import Event, Fact
from vpa_cli.text import closest, fold

CHART_PERIODS = ("decade", "year")


class TimelineQuery:
    """What to show: a date window and filters, all optional, already resolved to ids.

    (A plain class, not a dataclass: this module is on every `vpa timeline`'s path.)
    """

    __slots__ = (
        "contains",
        "end",
        "kinds",
        "limit",
        "partners",
        "reverse",
        "sources",
        "standings",
        "start",
        "strict",
        "weak",
    )

    def __init__(
        self,
        *,
        start: QueryDate | None = None,
        end: QueryDate | None = None,
        partners: frozenset[str] = frozenset(),
        kinds: frozenset[str] = frozenset(),
        sources: frozenset[str] = frozenset(),
        contains: tuple[str, ...] = (),  # as typed; matched folded
        standings: frozenset[str] = frozenset(),
        weak: bool | None = None,  # True: only weak; False: none weak; None: either
        strict: bool = False,
        reverse: bool = False,
        limit: int | None = None,
    ) -> None:
        self.standings = standings
        self.weak = weak
        self.start = start
        self.end = end
        self.partners = partners
        self.kinds = kinds
        self.sources = sources
        self.contains = contains
        self.strict = strict
        self.reverse = reverse
        self.limit = limit
        self._check()

    def _check(self) -> None:
        if self.limit is not None and self.limit < 0:
            raise UsageError(f"--limit: {self.limit} is negative; give 0 or more")
        if self.start and self.end and self.start.first_day > self.end.last_day:
            raise UsageError(
                f"--from {self.start.text!r} is after --to {self.end.text!r} "
                f"({self.start.first_day} > {self.end.last_day})"
            )

    @property
    def window(self) -> tuple[date | None, date | None]:
        """First and last day of the window (None: unbounded)."""
        return (
            self.start.first_day if self.start else None,
            self.end.last_day if self.end else None,
        )

    def describe(self) -> str:
        """The filters in words, for messages: 'from 2015-03-01, partner russia'."""
        parts = []
        if self.start:
            parts.append(f"from {self.start.first_day.isoformat()}")
        if self.end:
            parts.append(f"to {self.end.last_day.isoformat()}")
        for label, values in (
            ("partner", self.partners),
            ("kind", self.kinds),
            ("source", self.sources),
        ):
            if values:
                parts.append(f"{label} {' or '.join(sorted(values))}")
        if self.contains:
            parts.append("containing " + " or ".join(repr(c) for c in self.contains))
        if self.standings:
            parts.append(f"standing {' or '.join(sorted(self.standings))}")
        if self.weak is not None:
            parts.append(weak_words(self.weak))
        if self.strict and (self.start or self.end):
            parts.append("strictly inside the window")
        return ", ".join(parts) or "no filters"

    def headline(self, dataset: Dataset) -> list[str]:
        """The filters as a reader names them, for a page's heading: `partner United
        States`, `from 1 Jan 2010`, `kind war or exercise`."""
        parts = []
        if self.start:
            parts.append(f"from {_day(self.start.first_day)}")
        if self.end:
            parts.append(f"to {_day(self.end.last_day)}")
        if self.strict and (self.start or self.end):
            parts.append("wholly inside those dates")
        names = sorted(
            dataset.partners[p].name if p in dataset.partners else p for p in self.partners
        )
        for label, values in (
            ("partner", names),
            ("kind", sorted(self.kinds)),
            ("source", sorted(self.sources)),
        ):
            if values:
                parts.append(f"{label} {' or '.join(values)}")
        if self.contains:
            parts.append("containing " + " or ".join(f"\u201c{c}\u201d" for c in self.contains))
        if self.standings:
            parts.append(f"standing {' or '.join(sorted(self.standings))}")
        if self.weak is not None:
            parts.append(weak_words(self.weak))
        if self.limit:
            parts.append(f"{'the last' if self.reverse else 'the first'} {self.limit}")
        return parts

    def matches(self, event: Event) -> bool:
        lo, hi = self.window
        if (lo or hi) and not in_window(event.span, lo, hi, self.strict):
            return False
        return claim_matches(self, event)


def weak_words(weak: bool) -> str:
    """`--weak` or `--no-weak` in words, for messages and headings."""
    return "resting only on weak sources" if weak else "not resting only on weak sources"


def _day(day: date) -> str:
    return f"{day.day} {day.strftime('%b')} {day.year}"


def in_window(
    span: tuple[date | None, date | None], lo: date | None, hi: date | None, strict: bool
) -> bool:
    """Whether a span of days [first, last] is in the window [lo, hi]: any day of it, or
    with `strict` every day. None is an open end, of the span or of the window. An
    event's span (`Event.span`) ends an open range at its as-of date: the sources do not
    speak of it after that."""
    first, last = span
    if strict:
        return (lo is None or (first is not None and first >= lo)) and (
            hi is None or (last is not None and last <= hi)
        )
    if hi is not None and first is not None and first > hi:
        return False
    return not (lo is not None and last is not None and last < lo)


class ClaimFilters(Protocol):
    """The filters an event and a fact share (`vpa timeline`, `vpa facts`)."""

    partners: frozenset[str]
    kinds: frozenset[str]
    sources: frozenset[str]
    contains: tuple[str, ...]
    standings: frozenset[str]
    weak: bool | None


class ClaimFilterValues(TypedDict):
    """The shared filters as `claim_filters` resolves them, keyword by keyword: unpacked
    into TimelineQuery and FactsQuery, so mypy checks each against the query's field."""

    partners: frozenset[str]
    kinds: frozenset[str]
    sources: frozenset[str]
    contains: tuple[str, ...]
    standings: frozenset[str]


def claim_matches(query: ClaimFilters, claim: Event | Fact) -> bool:
    """Whether an event or a fact passes the filters they share: different filters
    narrow, the values of one widen."""
    if query.partners and not query.partners.intersection(claim.partner_ids):
        return False
    if query.kinds and claim.kind not in query.kinds:
        return False
    if query.sources and not query.sources.intersection(c.source for c in claim.citations):
        return False
    if query.contains:
        haystack = _searchable(claim)
        if not any(fold(needle) in haystack for needle in query.contains):
            return False
    if query.standings and claim.standing not in query.standings:
        return False
    return query.weak is None or claim.weak == query.weak


def _searchable(claim: Event | Fact) -> str:
    """Title, summary and quotes, folded, separated so no match spans two of them (what
    `--contains` looks through)."""
    return "\n".join(
        fold(t) for t in (claim.title, claim.summary, *(c.quote for c in claim.citations))
    )


def build_query(
    dataset: Dataset,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    partners: Sequence[str] = (),
    kinds: Sequence[str] = (),
    sources: Sequence[str] = (),
    contains: Sequence[str] = (),
    standings: Sequence[str] = (),
    weak: bool | None = None,
    strict: bool = False,
    reverse: bool = False,
    limit: int | None = None,
) -> TimelineQuery:
    """A TimelineQuery from option values as typed; UsageError names the first bad one."""
    check_contains(contains)
    start = parse_query_date(date_from, "--from") if date_from is not None else None
    end = parse_query_date(date_to, "--to") if date_to is not None else None
    return TimelineQuery(
        start=start,
        end=end,
        **claim_filters(
            dataset,
            partners,
            kinds,
            sources,
            contains,
            standings,
            vocab.EVENT_KINDS,
            vocab.EVENT_KIND_SYNONYMS,
        ),
        weak=weak,
        strict=strict,
        reverse=reverse,
        limit=limit,
    )


def check_contains(contains: Sequence[str]) -> None:
    """Refuse an empty `--contains`, before anything else is resolved."""
    for text in contains:
        if not fold(text):
            raise UsageError(f"--contains: {text!r} is empty; give some text to look for")


def resolve_standings(typed: Sequence[str]) -> tuple[str, ...]:
    """`--standing` values as typed, each resolved loosely, in the order typed, each once;
    UsageError lists the standings."""
    return tuple(
        dict.fromkeys(
            resolve_choice(s, vocab.STANDINGS, "standing", option="--standing") for s in typed
        )
    )


def claim_filters(
    dataset: Dataset,
    partners: Sequence[str],
    kinds: Sequence[str],
    sources: Sequence[str],
    contains: Sequence[str],
    standings: Sequence[str],
    kind_terms: dict[str, str],
    kind_synonyms: dict[str, str] | None = None,
) -> ClaimFilterValues:
    """The filters an event and a fact share (ClaimFilters), resolved from what was typed,
    in the order a user reads them; UsageError names the first bad value."""
    return {
        "partners": frozenset(resolve_partner(dataset, p, usage=True).id for p in partners),
        "kinds": frozenset(
            resolve_choice(k, kind_terms, "kind", option="--kind", synonyms=kind_synonyms)
            for k in kinds
        ),
        "sources": frozenset(find_source(dataset, s, option="--source") for s in sources),
        "contains": tuple(dict.fromkeys(contains)),
        "standings": frozenset(resolve_standings(standings)),
    }


def select_events(dataset: Dataset, query: TimelineQuery) -> list[Event]:
    """The events the query matches, oldest first (newest first with `reverse`), at most `limit`.

    A limit of 0 means no limit, as in `vpa search` (where the default is 10).
    """
    events = sorted((e for e in dataset.events if query.matches(e)), key=sort_key)
    if query.reverse:
        events.reverse()  # no two events tie (their ids differ): the same as reverse=True
    if query.limit:
        events = events[: query.limit]
    return events


def sort_key(event: Event) -> tuple[Any, str]:
    """The order of a timeline: by date, ties by id (ids are unique, so no two tie)."""
    return (event.date.sort_key(), event.id)


# ---------------------------------------------------------------- from the cache's keys


def event_keys(dataset: Dataset) -> tuple[dict[str, Any], None]:
    """What the dataset cache keeps so that a timeline is chosen without reading the
    events (cache.DERIVED): the events in date order, each by its rank in that order,
    with what every filter but --contains asks of it. Dates are day numbers (0: open)."""
    from array import array

    ranked = sorted(dataset.events, key=sort_key)
    first, last = array("i"), array("i")
    postings: dict[str, dict[Any, list[int]]] = {
        "partners": {},
        "kinds": {},
        "sources": {},
        "standings": {},
    }
    weak = []
    for rank, event in enumerate(ranked):
        lo, hi = event.span
        first.append(lo.toordinal() if lo else 0)
        last.append(hi.toordinal() if hi else 0)
        for name, values in (
            ("partners", dict.fromkeys(event.partner_ids)),
            ("kinds", (event.kind,)),
            ("sources", dict.fromkeys(c.source for c in event.citations)),
            ("standings", (event.standing,)),
        ):
            for value in values:
                postings[name].setdefault(value, []).append(rank)
        if event.weak:
            weak.append(rank)
    keys: dict[str, Any] = {
        name: {value: array("i", ranks) for value, ranks in table.items()}
        for name, table in postings.items()
    }
    keys.update(
        count=len(ranked), first=first, last=last, weak=array("i", weak), end=data_end(dataset)
    )
    return keys, None


# Every part of a TimelineQuery that kept_ranks reads (tests/test_cache.py checks this is
# all of them, so a new filter cannot be ignored by the cache's fast path).
KEPT_FILTERS = frozenset(
    ("partners", "kinds", "sources", "standings", "weak", "contains", "start", "end", "strict",
     "reverse", "limit")
)  # fmt: skip


def kept_ranks(dataset: Dataset, query: TimelineQuery) -> list[int] | None:
    """The ranks (cache.DERIVED "timeline") of the events `select_events` chooses, in its
    order; None when the cache kept no keys for this dataset or the query needs the
    events' texts (--contains)."""
    if query.contains:
        return None
    from vpa_cli.loading import cache

    keys = cache.derived(dataset, "timeline")
    if keys is None:
        return None
    chosen: set[int] | None = None
    for name, values in (
        ("partners", query.partners),
        ("kinds", query.kinds),
        ("sources", query.sources),
        ("standings", query.standings),
    ):
        if values:
            found: set[int] = set()
            for value in values:
                found.update(keys[name].get(value, ()))
            chosen = found if chosen is None else chosen & found
    if query.weak is not None:
        weak = set(keys["weak"])
        if query.weak:  # --weak: only these
            chosen = weak if chosen is None else chosen & weak
        else:  # --no-weak: all but these
            chosen = (set(range(keys["count"])) if chosen is None else chosen) - weak
    ranks: list[int] = sorted(chosen) if chosen is not None else list(range(keys["count"]))
    lo, hi = query.window
    if lo or hi:
        # Day numbers in place of days: in_window only compares them.
        low: Any = lo.toordinal() if lo else None
        high: Any = hi.toordinal() if hi else None
        first, last, strict = keys["first"], keys["last"], query.strict
        ranks = [
            r for r in ranks if in_window((first[r] or None, last[r] or None), low, high, strict)
        ]
    if query.reverse:
        ranks.reverse()
    return ranks[: query.limit] if query.limit else ranks


def kept_json(dataset: Dataset, query: TimelineQuery) -> list[bytes] | None:
    """The `--format json` item of each event `select_events` chooses, as the dataset
    cache kept them; None when it cannot tell (see `kept_ranks`) or a piece does not
    match its digest."""
    ranks = kept_ranks(dataset, query)
    if ranks is None:
        return None
    from vpa_cli.loading import cache

    return cache.pieces(dataset, "timeline-json", ranks)


def related_hints(dataset: Dataset, query: TimelineQuery) -> list[str]:
    """For a timeline of one partner, where the rest of its history is: the events of the
    partner it continues or is continued by (the Soviet Union for Russia), which
    `--partner` does not merge in."""
    if not query.partners:
        return []  # (and profiles, with its dataclasses, is not imported)
    from vpa_cli.queries.partner import event_count, related

    hints = []
    for pid in sorted(query.partners):
        partner = dataset.partners.get(pid)
        if partner is None:
            continue
        for other in related(dataset, partner):
            if (
                other.relation not in ("predecessor", "successor")
                or other.partner.id in query.partners
            ):
                continue
            n = event_count(dataset, other.partner)
            if n:
                hints.append(
                    f"{other.partner.name}, the {other.relation} of {partner.name}, has "
                    f"{n} event{'' if n == 1 else 's'} of its own: "
                    f"--partner {other.partner.id}"
                )
    return hints


def data_end(dataset: Dataset) -> date | None:
    """The last day the data speak of: the latest end of an event, an open range
    counting to its as-of date."""
    ends = [last for e in dataset.events if (last := e.span[1]) is not None]
    return max(ends, default=None)


def no_events_reason(dataset: Dataset, query: TimelineQuery) -> str:
    """Why a window holds no events, when it starts after the data end."""
    from vpa_cli.loading import cache

    keys = cache.derived(dataset, "timeline")
    end = keys["end"] if keys is not None else data_end(dataset)
    if query.start is not None and end is not None and query.start.first_day > end:
        return f"; the data run to {end.isoformat()}, the latest as-of date of the sources"
    return ""


def anchor_year(event: Event) -> int:
    """The year an event is filed under: its start, or its end when open at the start."""
    return event.date.anchor_year


def period_start(year: int, by: str) -> int:
    return year - year % 10 if by == "decade" else year


def period_label(start: int, by: str) -> str:
    return f"{start}s" if by == "decade" else str(start)


class Bar:
    """One bar of the chart: a year or decade (start None: before or after the window),
    with its events counted by kind too (`--split kind`)."""

    __slots__ = ("count", "kinds", "label", "start")

    def __init__(
        self, start: int | None, label: str, count: int, kinds: dict[str, int] | None = None
    ) -> None:
        self.start = start
        self.label = label
        self.count = count
        self.kinds = kinds or {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bar) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict[str, object]:
        return {"period": self.label, "start": self.start, "events": self.count}


class Chart:
    """The bars of `vpa timeline --chart`, and the kinds each is split into (`--split
    kind`: the kinds of the events counted, in the vocabulary's order; empty: no split)."""

    __slots__ = ("bars", "split")

    def __init__(self, bars: list[Bar], split: tuple[str, ...] = ()) -> None:
        self.bars = bars
        self.split = split

    def rows(self) -> list[dict[str, object]]:
        """The counts as programs read them: one row per bar, or with a split, one row per
        bar and kind (zeros included, so every period has every kind)."""
        if not self.split:
            return [b.to_dict() for b in self.bars]
        return [
            {"period": b.label, "start": b.start, "kind": k, "events": b.kinds.get(k, 0)}
            for b in self.bars
            for k in self.split
        ]


CHART_SPLITS = ("kind",)


def chart_split(split: str | None, period: str | None) -> str | None:
    """What `--split` divides each bar by (only `kind`), or None; it needs `--chart`."""
    if split is None:
        return None
    if split not in CHART_SPLITS:
        raise UsageError(
            f"--split: unknown split {split!r}", then=f"one of: {', '.join(CHART_SPLITS)}"
        )
    if period is None:
        raise UsageError(f"--split {split} divides the bars of the chart; add --chart")
    return split


def chart(
    events: Sequence[Event],
    by: str = "decade",
    *,
    split: str | None = None,
    reverse: bool = False,
    window: tuple[date | None, date | None] = (None, None),
) -> Chart:
    """The chart of `events`: `count_events`' bars, split by kind when asked."""
    bars = count_events(events, by, reverse=reverse, window=window)
    if split is None:
        return Chart(bars)
    present = {e.kind for e in events}
    return Chart(bars, tuple(k for k in vocab.EVENT_KINDS if k in present))


def count_events(
    events: Iterable[Event],
    by: str = "decade",
    *,
    reverse: bool = False,
    window: tuple[date | None, date | None] = (None, None),
) -> list[Bar]:
    """Events per year or decade, oldest first (or newest), empty periods between included.

    Each event counts once, at its anchor year: an interval at the year it
    starts (`2014/..` in 2014), a date open at the start (`../1975`) at its
    end. An event that overlaps the window but is anchored outside it (an
    ongoing event begun earlier) counts in a `before YEAR` or `after YEAR` bar,
    so the chart keeps to the window asked for.
    """
    if by not in CHART_PERIODS:
        raise UsageError(f"--by: unknown period {by!r}", suggestions=closest(by, CHART_PERIODS))
    step = 10 if by == "decade" else 1
    lo = period_start(window[0].year, by) if window[0] else None
    hi = period_start(window[1].year, by) if window[1] else None
    counts: Counter[int] = Counter()
    kinds: dict[int | str, Counter[str]] = {}
    before = after = 0
    for event in events:
        period = period_start(anchor_year(event), by)
        if lo is not None and period < lo:
            before += 1
            where: int | str = "before"
        elif hi is not None and period > hi:
            after += 1
            where = "after"
        else:
            counts[period] += 1
            where = period
        kinds.setdefault(where, Counter())[event.kind] += 1
    bars = [
        Bar(start, period_label(start, by), counts.get(start, 0), dict(kinds.get(start, {})))
        for start in (range(min(counts), max(counts) + 1, step) if counts else ())
    ]
    if before:
        bars.insert(0, Bar(None, f"before {lo}", before, dict(kinds["before"])))
    if after and hi is not None:
        bars.append(Bar(None, f"after {hi + step - 1}", after, dict(kinds["after"])))
    return bars[::-1] if reverse else bars


def chart_period(chart: bool, by: str | None) -> str | None:
    """The period of the chart to draw (`decade` or `year`), or None for no chart."""
    if by is None:
        return "decade" if chart else None
    if by not in CHART_PERIODS:
        raise UsageError(f"--by: unknown period {by!r}", suggestions=closest(by, CHART_PERIODS))
    if not chart:
        raise UsageError(f"--by {by} shapes the chart; add --chart")
    return by
