"""Running a search: which documents match, how they rank, and the hits to show."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from vpa_cli.claims.view import Claims, where
from vpa_cli.errors import UsageError
from vpa_cli.loading.dataset import Dataset
from vpa_cli.queries.search.index import (
    TYPE_RANK,
    TYPES,
    Document,
    SearchIndex,
    Weighted,
    build_index,
)
from vpa_cli.queries.search.matching import Matcher, TextMatch, spans
from vpa_cli.queries.search.query import ParsedQuery, Unit, parse_query
from vpa_cli.queries.search.snippets import Snippet, make_snippet
from vpa_cli.records.types import Event, Fact, Partner
from vpa_cli.text import closest

DEFAULT_LIMIT = 10
# What a text holding a word in the very form typed gains over one holding another form
# of it, as a share of what the word scores there: enough to part a tie, rarely more.
EXACT_SHARE = 0.1
# A count in a text: a grouped number (1,100) or a number after a word that qualifies an
# amount (over 100, more than 30). Years and days stand alone, so they are not counts.
_COUNT = re.compile(
    r"\b\d{1,3}(?:,\d{3})+\b|\b(?:over|more than|nearly|almost|about|around|some|"
    r"at least|up to|fewer than|less than|some)\s+\d+\b",
    re.IGNORECASE,
)
# A word in more than this share of all documents does not count toward "all words".
COMMON_SHARE = 0.5
# Fields too terse to make a good snippet: any other field that matches is shown instead.
_TERSE = frozenset({"id", "kind", "date", "partners"})


class Hit(NamedTuple):
    type: str
    id: str
    text: str
    score: float
    matched: int  # how many of the query's words and phrases the hit contains
    field: str  # where the snippet comes from
    snippet: Snippet
    source: str | None = None
    line: int | None = None
    # What the claim's view says (claims/view.py): the hit rests only on weak sources
    # (an event, a fact, a partner's statement, a line of a weak source) ...
    weak: bool = False
    # ... and, for a passage, its place: "para. 6" and "para. 6, line 10"; for a match
    # in a record's quote, that quote's source and place ("dd-achievements, para. 6,
    # line 10").
    paragraph: int | None = None
    place: str | None = None
    where: str | None = None
    # How well the claim stands (an event, a fact, a partner's statement), else None.
    standing: str | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"type": self.type, "id": self.id, "text": self.text}
        if self.type == "passage":
            out["source"] = self.source
            out["line"] = self.line
            out["paragraph"] = self.paragraph
            out["place"] = self.place
        out["where"] = self.where
        out.update(
            score=self.score,
            matched=self.matched,
            field=self.field,
            snippet=self.snippet.text,
            marks=[list(m) for m in self.snippet.marks],
            weak=self.weak,
            standing=self.standing,
        )
        return out


class SearchQuery(NamedTuple):
    text: str
    types: tuple[str, ...] = ()  # empty: every type
    limit: int | None = DEFAULT_LIMIT  # None or 0: every hit
    # True: only hits that rest only on weak sources; False: none of them; None: either.
    weak: bool | None = None
    # Only the claims (events, facts) that stand so; empty: every hit.
    standings: tuple[str, ...] = ()


Found = list[tuple[int, TextMatch]]  # (field number, match) for the fields that match


class Weights(NamedTuple):
    """How much each unit of a query weighs, from how many documents hold it."""

    rarity: list[float]  # per unit: the inverse document frequency
    counted: list[bool]  # per unit: whether it counts toward "all words"
    side_by_side: float  # the bonus for the query's free words in a row, per field weight
    # Per unit: the form typed, as a pattern, where it differs from the unit's stem.
    typed: list[re.Pattern[str] | None]
    counting: bool  # the query asks for a number: a count earns the side-by-side bonus


class Scored(NamedTuple):
    doc: Document
    matched: int
    score: float
    field: Weighted

    @property
    def key(self) -> tuple[int, float, tuple[int, str, int]]:
        return (-self.matched, -round(self.score, 6), self.doc.order)


def run_search(index: SearchIndex | Dataset, query: SearchQuery) -> list[Hit]:
    """The hits for `query`, best first, at most `query.limit` of them (0 or None: all)."""
    _check(query)
    parsed = parse_query(query.text)
    if isinstance(index, Dataset):
        index = build_index(index)
    kept, holders = _collect(index, parsed, set(query.types) or set(TYPES))
    weights = _weigh(parsed, holders, index.size)
    scored = sorted((_score(doc, found, weights) for doc, found in kept), key=lambda s: s.key)

    def hit(s: Scored) -> Hit:
        return _hit(
            s._replace(doc=index.complete(s.doc)), parsed.units, weights.rarity, index.claims
        )

    if query.weak is None and not query.standings:
        if query.limit:
            scored = scored[: query.limit]
        return [hit(s) for s in scored]
    # Whether a hit is weak is the view's word on it, known once the hit is made.
    chosen = [
        h
        for h in map(hit, scored)
        if (query.weak is None or h.weak == query.weak)
        and (not query.standings or h.standing in query.standings)
    ]
    return chosen[: query.limit] if query.limit else chosen


def _check(query: SearchQuery) -> None:
    if query.limit is not None and query.limit < 0:
        raise UsageError(f"--limit must be 0 or more, not {query.limit}")
    unknown = [t for t in query.types if t not in TYPE_RANK]
    if unknown:
        raise UsageError(f"unknown type {unknown[0]!r}", suggestions=closest(unknown[0], TYPES))


def _collect(
    index: SearchIndex, parsed: ParsedQuery, wanted: set[str]
) -> tuple[list[tuple[Document, Found]], list[int]]:
    """One pass over the index: the matching documents of the wanted types with
    where they match, and how many documents of any type hold each unit."""
    # The texts as matching sees them, worked out when the dataset was cached.
    matcher = Matcher(parsed, index.kept["prepared"] if index.kept else None)
    # The matcher's cache looked up here: most texts recur, and this runs per text.
    known, match = matcher.cache.get, matcher.match
    holders = [0] * len(parsed.units)
    kept: list[tuple[Document, Found]] = []
    # Only the documents that may hold a unit: a word of any form begins with its stem.
    entries = list(index.entries([form[0] for unit in parsed.units for form in unit.forms]))
    matcher.rule_out(text for entry in entries for text in entry.texts)
    for entry in entries:
        found = [
            (fi, m)
            for fi, text in enumerate(entry.texts)
            if text and (m := known(text) or match(text)).qualities
        ]
        if not found:
            continue
        for ui in range(len(holders)):
            if any(m.qualities[ui] for _, m in found):
                holders[ui] += 1
        if entry.type in wanted:
            kept.append((index.document(entry), found))
    return kept, holders


def _weigh(parsed: ParsedQuery, holders: Sequence[int], size: int) -> Weights:
    units = parsed.units
    total = max(1, size)
    # Rarer words weigh more; a word in most texts does not count toward "all words".
    rarity = [math.log(1 + total / max(1, h)) for h in holders]
    counted = [h <= COMMON_SHARE * total for h in holders]
    if not any(counted):
        counted = [True] * len(units)
    # The free words side by side weigh as much as one of them on average.
    free = [w for u, w in zip(units, rarity, strict=True) if not u.quoted] or [0.0]
    typed = [
        re.compile(rf"\b{re.escape(key)}\b") if key else None
        for key in parsed.typed or [""] * len(units)
    ]
    return Weights(rarity, counted, sum(free) / len(free), typed, parsed.counting)


def _score(doc: Document, found: Found, weights: Weights) -> Scored:
    best = [0.0] * len(weights.rarity)
    # A word counts as found when it stands whole (or as a form of itself): "work"
    # in "workshops" adds to the score, but a hit does not "have" the word.
    whole = [False] * len(weights.rarity)
    exact = [False] * len(weights.rarity)
    side_by_side = count = 0
    for fi, match in found:
        field = doc.fields[fi]
        weight = field.weight
        lowered = ""
        for ui, quality in enumerate(match.qualities):
            best[ui] = max(best[ui], quality * weight)
            whole[ui] = whole[ui] or quality >= 1.0
            pattern = weights.typed[ui]
            if quality and pattern is not None and not exact[ui]:
                lowered = lowered or field.text.lower()
                exact[ui] = pattern.search(lowered) is not None
        if match.side_by_side:
            side_by_side = max(side_by_side, weight)
        if weights.counting and weight > count and _COUNT.search(field.text):
            count = weight
    score = sum(
        b * w * (1 + EXACT_SHARE * e) for b, w, e in zip(best, weights.rarity, exact, strict=True)
    )
    score += (side_by_side + count) * weights.side_by_side
    matched = sum(1 for w, c in zip(whole, weights.counted, strict=True) if w and c)
    return Scored(doc, matched, score, _shown_field(doc, found, weights.counted))


def _shown_field(doc: Document, found: Found, counted: Sequence[bool]) -> Weighted:
    """The field the snippet shows: the one with the most counted matches (then the
    weightiest), preferring text to the terse id, kind, date and partner fields."""

    def rank(item: tuple[int, TextMatch]) -> tuple[bool, int, int, int, int]:
        fi, match = item
        f = doc.fields[fi]
        hits = [q > 0 for q in match.qualities]
        in_counted = sum(1 for h, c in zip(hits, counted, strict=True) if h and c)
        return (f.name not in _TERSE, in_counted, f.weight, sum(hits), -fi)

    return doc.fields[max(found, key=rank)[0]]


_STATEMENT = re.compile(r"^statements\[(\d+)\]")
_QUOTE = re.compile(r"^(?:statements\[(\d+)\]\.)?citations\[(\d+)\]\.quote$")


def _hit(s: Scored, units: Sequence[Unit], rarity: Sequence[float], claims: Claims) -> Hit:
    text = s.field.text
    doc = s.doc
    weak, paragraph, place, where_, standing = False, None, None, None, None
    if doc.source is not None and doc.line is not None:
        weak = claims.source(doc.source).weak
        paragraph, _, place = claims.texts.place(doc.source, doc.line)
        where_ = where(place, doc.line)
    elif isinstance(doc.record, Partner):
        # A partner is no claim; the statement the snippet comes from is.
        m = _STATEMENT.match(s.field.name)
        if m is not None:
            view = claims.of(doc.record.statements[int(m.group(1))])
            weak, standing = view.weak, view.standing
    elif isinstance(doc.record, (Event, Fact)):
        view = claims.of(doc.record)
        weak, standing = view.weak, view.standing
    quoted = _QUOTE.match(s.field.name) if doc.record is not None else None
    if quoted is not None:
        holder: Any = doc.record
        if quoted.group(1) is not None:
            holder = holder.statements[int(quoted.group(1))]
        where_ = claims.citation(holder.citations[int(quoted.group(2))]).cited
    return Hit(
        type=doc.type,
        id=doc.id,
        text=doc.text,
        score=round(s.score, 3),
        matched=s.matched,
        field=s.field.name,
        snippet=make_snippet(text, spans(text, units), rarity),
        source=doc.source,
        line=doc.line,
        weak=weak,
        paragraph=paragraph,
        place=place,
        where=where_,
        standing=standing,
    )
