"""Choosing facts for `vpa facts` (no terminal code here).

The timeline's filters that apply to an undated claim, resolved as the timeline
resolves them (queries/resolve.py): partner, kind, source, text, standing and
weak. Different filters narrow (AND); the values of one repeated filter widen
(OR). Facts come grouped by kind, in the vocabulary's order, and within a kind
in the order the data files give them.
"""

from __future__ import annotations

from collections.abc import Sequence

from vpa_cli.errors import UsageError
from vpa_cli.loading.dataset import Dataset
from vpa_cli.queries.timeline import check_contains, claim_filters, claim_matches, weak_words
from vpa_cli.records import vocab
from vpa_cli.records.types import Fact

_KIND_ORDER = {kind: i for i, kind in enumerate(vocab.FACT_KINDS)}


class FactsQuery:
    """Which facts to list: filters, all optional, already resolved to ids and terms."""

    __slots__ = ("contains", "kinds", "limit", "partners", "sources", "standings", "weak")

    def __init__(
        self,
        *,
        partners: frozenset[str] = frozenset(),
        kinds: frozenset[str] = frozenset(),
        sources: frozenset[str] = frozenset(),
        contains: tuple[str, ...] = (),  # as typed; matched folded
        standings: frozenset[str] = frozenset(),
        weak: bool | None = None,  # True: only weak; False: none weak; None: either
        limit: int | None = None,
    ) -> None:
        if limit is not None and limit < 0:
            raise UsageError(f"--limit: {limit} is negative; give 0 or more")
        self.partners = partners
        self.kinds = kinds
        self.sources = sources
        self.contains = contains
        self.standings = standings
        self.weak = weak
        self.limit = limit

    def describe(self) -> str:
        """The filters in words, for messages: 'partner china, kind figure'."""
        parts = [
            f"{label} {' or '.join(sorted(values))}"
            for label, values in (
                ("partner", self.partners),
                ("kind", self.kinds),
                ("source", self.sources),
            )
            if values
        ]
        if self.contains:
            parts.append("containing " + " or ".join(repr(c) for c in self.contains))
        if self.standings:
            parts.append(f"standing {' or '.join(sorted(self.standings))}")
        if self.weak is not None:
            parts.append(weak_words(self.weak))
        return ", ".join(parts) or "no filters"

    def matches(self, fact: Fact) -> bool:
        return claim_matches(self, fact)


def build_query(
    dataset: Dataset,
    *,
    partners: Sequence[str] = (),
    kinds: Sequence[str] = (),
    sources: Sequence[str] = (),
    contains: Sequence[str] = (),
    standings: Sequence[str] = (),
    weak: bool | None = None,
    limit: int | None = None,
) -> FactsQuery:
    """A FactsQuery from option values as typed; UsageError names the first bad one,
    worded as `vpa timeline` words it."""
    check_contains(contains)
    return FactsQuery(
        **claim_filters(dataset, partners, kinds, sources, contains, standings, vocab.FACT_KINDS),
        weak=weak,
        limit=limit,
    )


def select_facts(dataset: Dataset, query: FactsQuery) -> list[Fact]:
    """The facts the query matches, by kind (in the vocabulary's order), then in the data
    files' order; at most `limit` (0: no limit, as in `vpa timeline`)."""
    facts = sorted(
        (f for f in dataset.facts if query.matches(f)), key=lambda f: _KIND_ORDER.get(f.kind, 0)
    )
    if query.limit:
        facts = facts[: query.limit]
    return facts
