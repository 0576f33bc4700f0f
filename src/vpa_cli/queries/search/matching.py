"""Matching a query's units against texts: which units a text holds (a word, or
only a prefix of one), and where.

Each distinct text is analysed once per query, and a text that lacks every
unit's "needle" (a cheap substring test) is not analysed at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from vpa_cli.queries.search.query import ParsedQuery, Unit
from vpa_cli.queries.search.words import (
    TOKEN,
    US_UK,
    fold_plain,
    fold_with_offsets,
    key_and_stem,
    tokenize,
)

PREFIX_FACTOR = 0.5


def prefixable(word: str) -> bool:
    """Whether a query's word also matches the longer words it begins (guide, guidelines)."""
    return len(word) >= 4 and word.isalpha()


def runs(stems: Sequence[str], form: Sequence[str]) -> list[int]:
    """Where the run of stems `form` starts in `stems`."""
    n = len(form)
    first = form[0]
    return [
        i
        for i in range(len(stems) - n + 1)
        if stems[i] == first and all(stems[i + j] == form[j] for j in range(1, n))
    ]


# ---------------------------------------------------------------- the quick test


def squeeze(text: str) -> str:
    """`text` without apostrophes, dots and commas, `+` read as "plus" (1,100 = 1100, U.N. = UN).

    Four str.replace calls, not str.translate with a table: this runs on every
    distinct text a search looks at.
    """
    return text.replace("'", "").replace(".", "").replace(",", "").replace("+", "plus")


def _shared(a: str, b: str) -> str:
    """The longest piece of text both spellings contain (defen, eptic)."""
    pieces = [a[i:j] for i in range(len(a)) for j in range(i + 1, len(a) + 1) if a[i:j] in b]
    return max(pieces, key=len, default="")


_SHARED = {uk: (us, _shared(uk, us)) for us, uk in US_UK}


def needle(word: str) -> str:
    """A part of `word` (a stem) that every text holding it, or a word it begins,
    contains in any spelling.

    A stem is the start of the word it came from, but for `-ies` (policy <-
    policies) and the spellings made one (defence <- defense, -ise <- -ize),
    so those are cut back to what all the forms share. A stem may also be only
    the start of a British spelling (centr, from centred, begins centre, which
    a text may spell center): then the needle is what it shares with the
    American one.
    """
    if word.endswith("y"):
        word = word[:-1]
    for uk, (us, shared) in _SHARED.items():
        if word.startswith(uk):
            return shared
        if uk.startswith(word):
            return _shared(word, us)
    cut = word.rfind("is")  # -is- may have been -iz-
    return word if cut < 0 else word[:cut]


# ---------------------------------------------------------------- the matcher


class TextMatch(NamedTuple):
    qualities: tuple[float, ...]  # per unit: 1, PREFIX_FACTOR or 0
    side_by_side: bool  # the query's free words appear in a row


NO_MATCH = TextMatch((), False)
# Between texts folded together: folding, squeezing and blanking web addresses leave
# it as it is, and no word or address runs across it.
_APART = "\n\x00\n"
_BATCH = 2000  # texts folded together: a large file's texts are not copied all at once

_STEM_OF: dict[str, str] = {}  # raw token -> stem: the hot path


def _stem_of(raw: str) -> str:
    _STEM_OF[raw] = stemmed = key_and_stem(raw)[1]
    return stemmed


def text_stems(folded: str) -> list[str]:
    """The stems of the words of a folded text, in order."""
    known = _STEM_OF.get
    return [known(raw) or _stem_of(raw) for raw in TOKEN.findall(folded)]


# A text as matching sees it, worked out before: (its fold, squeezed; its stems, joined
# by spaces). Both are pure functions of the text, so a table of them kept between runs
# (the dataset cache keeps one, cache.DERIVED) is right for any text it holds.
Prepared = tuple[str, str]


def prepared_for(dataset: Any) -> tuple[dict[str, Any], list[bytes]]:
    """What the dataset cache keeps for search (cache.DERIVED), a value and a piece per
    event. The value: the searchable texts of each fact and partner, in the dataset's
    order (`records`); every text search looks through but the events', the source
    lines included, prepared (`prepared`); how many events there are (`events`); and
    every stem of the events' texts, sorted (`stems`). The pieces: for each event, its
    id, title, searchable texts with their names and weights, and each text prepared;
    then for each stem, the numbers of the events that hold it. So a search reads only
    the events that hold a word it asks for."""
    import pickle
    from array import array

    from vpa_cli.queries.search.index import PIECE_APART, build_index

    index = build_index(dataset)
    entries = list(index.entries())
    count = len(dataset.events)
    others = entries[count:]
    pieces = []
    holders: dict[str, list[int]] = {}
    for number, entry in enumerate(entries[:count]):
        fields = index.document(entry).fields
        prepared = prepare(f.text for f in fields)
        parts = [entry.id, entry.text]
        for name, weight, text in fields:
            parts += [name, str(weight), text, *prepared.get(text, ("", ""))]
        if any(PIECE_APART in part for part in parts):  # cannot be split apart again
            pieces.append(pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL))
        else:
            pieces.append(PIECE_APART.join(parts).encode("utf-8"))
        held = {stem for _, stems in prepared.values() for stem in stems.split(" ")}
        held.discard("")
        for stem in held:
            holders.setdefault(stem, []).append(number)
    stems = sorted(holders)
    value = {
        "records": [e.texts for e in others if e.record is not None],
        "prepared": prepare(t for e in others for t in e.texts),
        "events": count,
        "stems": stems,
        "postings": len(pieces),  # the pieces from here on: each stem's event numbers
    }
    pieces += [array("i", holders[s]).tobytes() for s in stems]
    return value, pieces


def prepare(texts: Iterable[str]) -> dict[str, Prepared]:
    """`texts` as matching sees them, folded together in batches as `rule_out` does."""
    distinct = list(dict.fromkeys(t for t in texts if t))
    out: dict[str, Prepared] = {}
    for at in range(0, len(distinct), _BATCH):
        batch = distinct[at : at + _BATCH]
        folded = fold_plain(_APART.join(batch)).split(_APART)
        if len(folded) != len(batch):  # a text holds the separator
            folded = [fold_with_offsets(t)[0] for t in batch]
        for text, fold in zip(batch, folded, strict=True):
            out[text] = (squeeze(fold), " ".join(text_stems(fold)))
    return out


class Matcher:
    """Matches the units of one query against texts, analysing each distinct text once."""

    def __init__(self, parsed: ParsedQuery, prepared: dict[str, Prepared] | None = None) -> None:
        self.prepared = prepared or {}
        self.units = parsed.units
        self.words = parsed.words
        self.flags: dict[str, int] = {}  # stem -> bit 2u: unit u's word; bit 2u+1: its prefix
        self.cache: dict[str, TextMatch] = {}
        self.phrases = [[f for f in u.forms if len(f) > 1] for u in self.units]
        self.needles = _needles(self.units)
        self.may_match = _quick_test(self.needles)

    def rule_out(self, texts: Iterable[str]) -> None:
        """Note as NO_MATCH each text that the quick test rules out, testing them all
        at once: one substring search per needle and text, without a call per text."""
        distinct = [t for t in dict.fromkeys(texts) if t and t not in self.cache]
        prepared = self.prepared
        if prepared and all(t in prepared for t in distinct):
            squeezed = [prepared[t][0] for t in distinct]
            distinct_left: list[str] = []
        else:
            squeezed, distinct_left = [], distinct
        for at in range(0, len(distinct_left), _BATCH):
            batch = distinct_left[at : at + _BATCH]
            # Folded and squeezed as one text: a few C calls, not a few per text.
            done = squeeze(fold_plain(_APART.join(batch))).split(_APART)
            if len(done) != len(batch):  # a text holds the separator
                done = [squeeze(fold_with_offsets(t)[0]) for t in batch]
            squeezed += done
        possible: set[int] = set()
        for form in self.needles:  # a text may match a form that has all its needles
            first, *rest = form
            held = [i for i, s in enumerate(squeezed) if first in s]
            for n in rest:
                held = [i for i in held if n in squeezed[i]]
            possible.update(held)
        for i, text in enumerate(distinct):
            if i not in possible:
                self.cache[text] = NO_MATCH

    def match(self, text: str) -> TextMatch:
        """Which units `text` holds, and how well; NO_MATCH if none."""
        found = self.cache.get(text)
        if found is None:
            found = self.cache[text] = self._analyse(text)
        return found

    def _analyse(self, text: str) -> TextMatch:
        prepared = self.prepared.get(text)
        if prepared is None:
            folded, _ = fold_with_offsets(text)
            if not self.may_match(squeeze(folded)):
                return NO_MATCH
            stems = text_stems(folded)
        else:
            if not self.may_match(prepared[0]):
                return NO_MATCH
            stems = prepared[1].split(" ") if prepared[1] else []
        qualities = self._qualities(stems)
        if not any(qualities):
            return NO_MATCH
        side_by_side = len(self.words) > 1 and bool(runs(stems, self.words))
        return TextMatch(qualities, side_by_side)

    def _qualities(self, stems: list[str]) -> tuple[float, ...]:
        present = set(stems)
        bits = 0
        for s in present:
            f = self.flags.get(s)
            bits |= self._flags(s) if f is None else f
        qualities = []
        for n, phrases in enumerate(self.phrases):
            if bits >> (2 * n) & 1 or any(p[0] in present and runs(stems, p) for p in phrases):
                qualities.append(1.0)
            else:
                qualities.append(PREFIX_FACTOR if bits >> (2 * n + 1) & 1 else 0.0)
        return tuple(qualities)

    def _flags(self, s: str) -> int:
        """Which units' words the stem `s` is (bit 2u) or begins with (bit 2u+1)."""
        bits = 0
        for n, unit in enumerate(self.units):
            for form in unit.forms:
                if len(form) > 1:
                    continue
                if s == form[0]:
                    bits |= 1 << (2 * n)
                elif not unit.quoted and prefixable(form[0]) and s.startswith(form[0]):
                    bits |= 1 << (2 * n + 1)
        self.flags[s] = bits
        return bits


def _needles(units: Sequence[Unit]) -> list[tuple[str, ...]]:
    """For each form of each unit, the needles a squeezed text holds if it may match."""
    return [tuple(needle(s) for s in form) for u in units for form in u.forms]


def _quick_test(needles: Sequence[tuple[str, ...]]) -> Callable[[str], bool]:
    """A test of a squeezed text that is False only if no unit can match it."""
    if len(needles) == 1 and len(needles[0]) == 1:
        # One word, the usual query: a plain substring test, no generators.
        only = needles[0][0]
        return lambda squeezed: only in squeezed
    return lambda squeezed: any(all(n in squeezed for n in form) for form in needles)


def spans(text: str, units: Sequence[Unit]) -> list[tuple[int, int, int]]:
    """Where in `text` the units match: (start, end, unit number), offsets of the original."""
    tokens = tokenize(text)
    stems = [t.stem for t in tokens]
    out: list[tuple[int, int, int]] = []
    for n, unit in enumerate(units):
        for form in unit.forms:
            if len(form) > 1:
                out += [
                    (tokens[i].start, tokens[i + len(form) - 1].end, n) for i in runs(stems, form)
                ]
                continue
            word = form[0]
            prefix = not unit.quoted and prefixable(word)
            out += [
                (t.start, t.end, n)
                for t in tokens
                if t.stem == word or (prefix and t.stem.startswith(word))
            ]
    return sorted(out)
