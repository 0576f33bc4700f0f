"""Full-text search over events, facts, partners and the lines of the sources; `show` views.

Matching forgives case, accents, typographic quotes (all via `text.fold`),
digit grouping (`1,100` is `1100`), dotted acronyms (`U.N.` is `UN`), British
and American spelling (`defense`, `normalization`) and simple English endings
(`peacekeepers`, `peacekeeping`). Ranking, best first:

1. how many of the query's words (or "quoted phrases") a hit contains;
2. a score: each word adds its rarity (inverse document frequency) times the
   weight of the best field it is in (title/name 3, summary/aliases/id/kind/date 2,
   quotes/notes/passages 1); a word matched only as a prefix (`guide` in
   `guidelines`) counts half; the query's words side by side in a field add a
   phrase bonus;
3. type (event, fact, partner, passage), then id: ties are always broken the same way.

Question words and other stop-words ("when did", "which", "the") are dropped
unless the query has nothing else; a word found in more than half of all
indexed texts (`vietnam`, `defence`) still scores but is not counted in (1),
so it cannot outvote the words that carry the question. No terminal code here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from typing import NamedTuple

from vpa_cli.dataset import bundled_files, package_root
from vpa_cli.errors import NotFound, UsageError
from vpa_cli.lookup import find_record
from vpa_cli.model import (
    Citation,
    Dataset,
    Event,
    Fact,
    Partner,
    Person,
    Record,
    Source,
    record_citations,
    record_type,
)
from vpa_cli.text import closest, fold

TYPES = ("event", "fact", "partner", "passage")
TYPE_RANK = {name: rank for rank, name in enumerate(TYPES)}
DEFAULT_LIMIT = 10
TITLE, SUMMARY, QUOTE = 3, 2, 1
PREFIX_FACTOR = 0.5
COMMON_SHARE = 0.5
SNIPPET_WIDTH = 110
SNIPPET_LEAD = 30
ELLIPSIS = "\u2026"

STOP_WORDS = frozenset(
    """
    a about all an and any are as at be been being but by can could did didnt do
    does doesnt doing done dont ever for from get gets got had has have having he
    her hers him his how i if in into is it its itself many me much my of on or
    other others our ours please she should so some tell than that thats the their
    theirs them then there these they this those to was we were what whats when
    where which while who whom whose why will with would you your yours
    """.split()  # noqa: SIM905 (a word list reads better as words)
)
# Not stop-words: `no`/`not` ("four no's", "no cooperation against third
# parties") and `us` (the United States).

# A token of folded text: a dotted acronym (u.n., u.s.a.), a grouped number
# (1,100), a word with inner apostrophes (no's), or a `+` glued to a word (ADMM+).
_TOKEN = re.compile(
    r"[a-z](?:\.[a-z])+\.?(?![a-z0-9])"
    r"|\d{1,3}(?:,\d{3})+(?!\d)"
    r"|[a-z0-9]+(?:'[a-z0-9]+)*"
    r"|(?<=[a-z0-9])\+"
)
_PHRASE = re.compile(r'"([^"]*)"?')
_PASSAGE_ID = re.compile(r"^(?P<source>.+):(?P<line>\d+)$")
_IZE = re.compile(r"iz(e|es|ed|ing|ation|ations|er|ers)$")
_US_UK = (
    ("defense", "defence"),
    ("offense", "offence"),
    ("skeptic", "sceptic"),
    ("neighbor", "neighbour"),
    ("favor", "favour"),
    ("honor", "honour"),
    ("labor", "labour"),
    ("behavior", "behaviour"),
    ("endeavor", "endeavour"),
    ("harbor", "harbour"),
    ("center", "centre"),
)


# ---------------------------------------------------------------- words
# (Records here are NamedTuples: defining a frozen dataclass costs ~0.6 ms of
# start-up each, a NamedTuple a tenth of that.)


_US_PREFIXES = tuple(us for us, _ in _US_UK)


def _spelling(key: str) -> str:
    """One spelling for British and American variants (defence, normalisation)."""
    if key.startswith(_US_PREFIXES):
        for us, uk in _US_UK:
            if key.startswith(us):
                return uk + key[len(us) :]
    return _IZE.sub(r"is\1", key) if "iz" in key else key


def stem(key: str) -> str:
    """A light English stemmer (plurals, -ing, -ed, -er, -ical, -ism).

    Both the query and the indexed text go through it, so it only has to map
    the forms of one word together, not produce real words.
    """
    if len(key) <= 3 or not key.isalpha():
        return key
    if key.endswith("ies") and len(key) > 4:
        key = key[:-3] + "y"
    elif key.endswith("sses"):
        key = key[:-2]
    elif key.endswith("s") and not key.endswith(("ss", "us", "is")):
        key = key[:-1]
    for ending, instead in (("ically", "ic"), ("ical", "ic"), ("ism", "")):
        if key.endswith(ending) and len(key) - len(ending) >= 4:
            return key[: -len(ending)] + instead  # sceptical, scepticism -> sceptic
    for ending in ("ing", "ed", "er"):
        if key.endswith(ending) and len(key) - len(ending) >= 4:
            key = key[: -len(ending)]
            if len(key) > 4 and key[-1] == key[-2] and key[-1] not in "lsz":
                key = key[:-1]  # planning -> plann -> plan
            break
    return key


_WORDS: dict[str, tuple[str, str]] = {}


def _word(raw: str) -> tuple[str, str]:
    """(key, stem) of a raw folded token; cached, as the same words recur."""
    found = _WORDS.get(raw)
    if found is None:
        key = "plus" if raw == "+" else raw.replace("'", "").replace(".", "").replace(",", "")
        key = _spelling(key)
        found = _WORDS[raw] = (key, stem(key))
    return found


class Token(NamedTuple):
    key: str
    stem: str
    start: int  # offsets into the original (unfolded) text
    end: int


_CHAR_FOLD: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    folded = _CHAR_FOLD.get(ch)
    if folded is None:
        folded = " " if ch.isspace() else fold(ch)
        _CHAR_FOLD[ch] = folded
    return folded


def fold_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """`text` folded character by character, and where each folded character came from.

    The offsets are None when folding kept the length (the usual case), so a
    position in the folded text is the same position in the original.
    """
    if text.isascii():
        return text.lower(), None
    table: dict[int, str] = {}
    same_length = True
    for ch in set(text):
        if not ch.isascii():
            table[ord(ch)] = folded = _fold_char(ch)
            same_length = same_length and len(folded) == 1
    if same_length:
        return text.translate(table).lower(), None
    pieces: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = table.get(ord(ch), ch.lower())
        pieces.append(folded)
        offsets.extend([i] * len(folded))
    offsets.append(len(text))
    return "".join(pieces), offsets


def tokenize(text: str) -> list[Token]:
    """The words of `text`, folded and normalised, with their places in `text`."""
    folded, offsets = fold_with_offsets(text)
    tokens = []
    for m in _TOKEN.finditer(folded):
        start, end = m.span()
        if offsets is not None:
            start, end = offsets[start], offsets[end - 1] + 1
        key, stemmed = _word(m.group())
        tokens.append(Token(key, stemmed, start, end))
    return tokens


# ---------------------------------------------------------------- the query

# Words people use in questions that the sources say otherwise; each group
# matches as one word ("which forums does it attend" finds "participation").
SYNONYMS = (
    ("attend", "participate", "participat", "participation", "take part", "took part", "join"),
    ("start", "begin", "began", "begun"),
)


def _stems(text: str) -> tuple[str, ...]:
    folded, _ = fold_with_offsets(text)
    return tuple(_word(raw)[1] for raw in _TOKEN.findall(folded))


def _synonym_forms() -> dict[str, tuple[tuple[str, ...], ...]]:
    """stem of a one-word synonym -> the stems of every form in its group."""
    out = {}
    for group in SYNONYMS:
        forms = tuple(_stems(form) for form in group)
        out.update({form[0]: forms for form in forms if len(form) == 1})
    return out


_SYNONYM_FORMS = _synonym_forms()


class Unit(NamedTuple):
    """One thing the query asks for: a word or a "quoted phrase", in one or more forms.

    Each form is a run of stems (a phrase when longer than one); the unit
    matches where any form does.
    """

    text: str
    forms: tuple[tuple[str, ...], ...]
    quoted: bool = False


class ParsedQuery(NamedTuple):
    units: tuple[Unit, ...]
    words: tuple[str, ...]  # the free words, in order, for the side-by-side bonus


def parse_query(text: str) -> ParsedQuery:
    """Words and "quoted phrases" of a query; UsageError if there is nothing to look for."""
    if not text.strip():
        raise UsageError("empty search query (give a word, a name or a question)")
    folded = fold(text)
    units: list[Unit] = []
    free: list[tuple[str, str]] = []
    position = 0
    for m in _PHRASE.finditer(folded):
        free += [_word(raw) for raw in _TOKEN.findall(folded[position : m.start()])]
        position = m.end()
        stems = _stems(m.group(1))
        if stems and all(u.forms != (stems,) for u in units):
            units.append(Unit(m.group(1).strip(), (stems,), quoted=True))
    free += [_word(raw) for raw in _TOKEN.findall(folded[position:])]
    if not units and not free:
        raise UsageError(f"nothing to search for in {text!r} (no letters or digits)")
    content = [(key, s) for key, s in free if key not in STOP_WORDS]
    if not content and not units:
        content = free  # a query of stop-words only searches for them
    words = tuple(dict.fromkeys(s for _, s in content))
    for w in words:
        forms = _SYNONYM_FORMS.get(w, ((w,),))
        if all(u.forms != forms and u.forms != ((w,),) for u in units):
            units.append(Unit(w, forms))
    return ParsedQuery(tuple(units), words)


# ---------------------------------------------------------------- the documents


class Field(NamedTuple):
    """One searchable text of a document and its weight."""

    name: str
    weight: int
    text: str


class Document(NamedTuple):
    type: str
    id: str
    text: str
    fields: list[Field]
    source: str | None = None
    line: int | None = None

    @property
    def order(self) -> tuple[int, str, int]:
        return (TYPE_RANK[self.type], self.source or self.id, self.line or 0)


# The fields of events and facts, in order; their quotes follow as citations[i].quote.
EVENT_FIELDS: tuple[tuple[str, int], ...] = (
    ("title", TITLE),
    ("id", SUMMARY),
    ("summary", SUMMARY),
    ("date", SUMMARY),
    ("kind", SUMMARY),
    ("partners", QUOTE),
    ("date_note", QUOTE),
    ("note", QUOTE),
)
FACT_FIELDS: tuple[tuple[str, int], ...] = (
    ("title", TITLE),
    ("id", SUMMARY),
    ("summary", SUMMARY),
    ("kind", SUMMARY),
    ("partners", QUOTE),
    ("note", QUOTE),
)
PASSAGE_FIELDS: tuple[tuple[str, int], ...] = (("line", QUOTE),)


class _Entry(NamedTuple):
    """A document before it is known to match: its texts, and where their names come from."""

    type: str
    id: str
    text: str
    texts: Sequence[str | None]
    schema: Sequence[tuple[str, int]]  # names and weights of the first texts; quotes follow
    source: str | None = None
    line: int | None = None

    def field(self, i: int) -> Field:
        if i < len(self.schema):
            name, weight = self.schema[i]
        else:
            name, weight = f"citations[{i - len(self.schema)}].quote", QUOTE
        return Field(name, weight, self.texts[i] or "")

    def document(self) -> Document:
        fields = [self.field(i) for i in range(len(self.texts))]
        return Document(self.type, self.id, self.text, fields, self.source, self.line)


class SearchIndex(NamedTuple):
    """What search looks through: the records, and the non-blank lines of every source.

    Words are found while searching, once per distinct text and only in texts
    that can match, so building this costs little more than reading the
    source files, and memory stays that of the data.
    """

    dataset: Dataset
    passages: list[tuple[str, int, str]]  # (source id, line number, text)

    def entries(self) -> Iterator[_Entry]:
        dataset = self.dataset
        names: dict[tuple[str, ...], str] = {}

        def partner_names(ids: list[str]) -> str:
            key = tuple(ids)
            found = names.get(key)
            if found is None:
                found = names[key] = _partner_names(dataset, ids)
            return found

        for e in dataset.events:
            texts: list[str | None] = [e.title, e.id, e.summary, e.date.text, e.kind]
            texts.append(partner_names(e.partners))
            texts += [e.date_note, e.note, *[c.quote for c in e.citations]]
            yield _Entry("event", e.id, e.title, texts, EVENT_FIELDS)
        for f in dataset.facts:
            texts = [f.title, f.id, f.summary, f.kind, partner_names(f.partners), f.note]
            texts += [c.quote for c in f.citations]
            yield _Entry("fact", f.id, f.title, texts, FACT_FIELDS)
        for p in dataset.partners.values():
            fields = _partner_fields(p)
            schema = [(name, weight) for name, weight, _ in fields]
            yield _Entry("partner", p.id, p.name, [text for *_, text in fields], schema)
        for sid, n, line in self.passages:
            yield _Entry("passage", f"{sid}:{n}", line, [line], PASSAGE_FIELDS, sid, n)

    @property
    def size(self) -> int:
        d = self.dataset
        return len(d.events) + len(d.facts) + len(d.partners) + len(self.passages)


def _partner_names(dataset: Dataset, ids: Iterable[str]) -> str:
    """Names and aliases of a record's partners, so `Türkiye` finds events with Turkey."""
    names = []
    for pid in ids:
        partner = dataset.partners.get(pid)
        names += [partner.name, *partner.aliases] if partner else [pid]
    return "; ".join(names)


def _partner_fields(partner: Partner) -> list[tuple[str, int, str | None]]:
    fields: list[tuple[str, int, str | None]] = [
        ("name", TITLE, partner.name),
        ("aliases", SUMMARY, "; ".join(partner.aliases)),
        ("id", SUMMARY, partner.id),
        ("kind", SUMMARY, partner.kind),
        ("note", QUOTE, partner.note),
    ]
    fields += [(f"citations[{i}].quote", QUOTE, c.quote) for i, c in enumerate(partner.citations)]
    for si, st in enumerate(partner.statements):
        fields.append((f"statements[{si}].text", SUMMARY, st.text))
        fields += [
            (f"statements[{si}].citations[{i}].quote", QUOTE, c.quote)
            for i, c in enumerate(st.citations)
        ]
    return fields


def source_lines(source: Source) -> list[str] | None:
    """The lines of a source's text (numbered from 1 by position), or None if unreadable."""
    if source.path is None:
        return None
    try:
        raw = source.path.read_bytes()
    except OSError:
        return None  # `vpa check` reports unreadable sources; search goes on without them
    return [line.rstrip("\r") for line in raw.decode("utf-8", errors="replace").split("\n")]


def build_index(dataset: Dataset) -> SearchIndex:
    """Every event, fact and partner, and every non-blank line of every source."""
    passages = [
        (source.id, n, line)
        for source in dataset.sources.values()
        for n, line in enumerate(source_lines(source) or [], 1)
        if line.strip()
    ]
    return SearchIndex(dataset, passages)


# ---------------------------------------------------------------- matching


_STEM_OF: dict[str, str] = {}  # raw token -> stem: the hot path


def _stem_of(raw: str) -> str:
    _STEM_OF[raw] = stemmed = _word(raw)[1]
    return stemmed


def _prefixable(word: str) -> bool:
    return len(word) >= 4 and word.isalpha()


def _runs(stems: Sequence[str], form: Sequence[str]) -> list[int]:
    """Where the run of stems `form` starts in `stems`."""
    n = len(form)
    first = form[0]
    return [
        i
        for i in range(len(stems) - n + 1)
        if stems[i] == first and all(stems[i + j] == form[j] for j in range(1, n))
    ]


# Folded text with the characters that tokens drop removed, for the quick test.
def _squeeze(text: str) -> str:
    """`text` without apostrophes, dots and commas, `+` read as "plus" (1,100 = 1100, U.N. = UN).

    Four str.replace calls, not str.translate with a table: five times faster,
    and this runs on every distinct text a search looks at.
    """
    return text.replace("'", "").replace(".", "").replace(",", "").replace("+", "plus")


def _shared(a: str, b: str) -> str:
    """The longest piece of text both spellings contain (defen, eptic)."""
    pieces = [a[i:j] for i in range(len(a)) for j in range(i + 1, len(a) + 1) if a[i:j] in b]
    return max(pieces, key=len, default="")


_SHARED = {uk: _shared(uk, us) for us, uk in _US_UK}


def needle(word: str) -> str:
    """A part of `word` (a stem) that every text holding it, in any spelling, contains.

    A stem is the start of the word it came from, but for `-ies` (policy <-
    policies) and the spellings made one (defence <- defense, -ise <- -ize),
    so those are cut back to what all the forms share.
    """
    if word.endswith("y"):
        word = word[:-1]
    for uk, shared in _SHARED.items():
        if word.startswith(uk):
            return shared
    cut = word.rfind("is")  # -is- may have been -iz-
    return word if cut < 0 else word[:cut]


class _TextMatch(NamedTuple):
    qualities: tuple[float, ...]  # per unit: 1, PREFIX_FACTOR or 0
    side_by_side: bool  # the query's free words appear in a row


_NO_MATCH = _TextMatch((), False)


class _Matcher:
    """Matches the units of one query against texts, analysing each distinct text once.

    A text that lacks every unit's needles (a cheap substring test) cannot
    match and is not analysed at all.
    """

    def __init__(self, parsed: ParsedQuery) -> None:
        self.units = parsed.units
        self.words = parsed.words
        self.flags: dict[str, int] = {}  # stem -> bit 2u: unit u's word; bit 2u+1: its prefix
        self.cache: dict[str, _TextMatch] = {}
        self.phrases = [[f for f in u.forms if len(f) > 1] for u in self.units]
        self.needles = [tuple(needle(s) for s in form) for u in self.units for form in u.forms]
        singles = [form[0] for form in self.needles if len(form) == 1]
        if len(singles) == len(self.needles) == 1:
            # One word, the usual query: a plain substring test, no generators.
            only = singles[0]
            self._may_match: Callable[[str], bool] = lambda s: only in s
        else:
            self._may_match = self._any_needles

    def _any_needles(self, squeezed: str) -> bool:
        return any(all(n in squeezed for n in form) for form in self.needles)

    def _flags(self, s: str) -> int:
        bits = 0
        for n, unit in enumerate(self.units):
            for form in unit.forms:
                if len(form) > 1:
                    continue
                if s == form[0]:
                    bits |= 1 << (2 * n)
                elif not unit.quoted and _prefixable(form[0]) and s.startswith(form[0]):
                    bits |= 1 << (2 * n + 1)
        self.flags[s] = bits
        return bits

    def match(self, text: str) -> _TextMatch:
        found = self.cache.get(text)
        if found is not None:
            return found
        folded, _ = fold_with_offsets(text)
        squeezed = _squeeze(folded)
        if not self._may_match(squeezed):
            self.cache[text] = _NO_MATCH
            return _NO_MATCH
        known = _STEM_OF.get
        stems = [known(raw) or _stem_of(raw) for raw in _TOKEN.findall(folded)]
        present = set(stems)
        flags, bits = self.flags, 0
        for s in present:
            f = flags.get(s)
            bits |= self._flags(s) if f is None else f
        qualities = []
        for n, phrases in enumerate(self.phrases):
            if bits >> (2 * n) & 1 or any(p[0] in present and _runs(stems, p) for p in phrases):
                qualities.append(1.0)
            else:
                qualities.append(PREFIX_FACTOR if bits >> (2 * n + 1) & 1 else 0.0)
        if any(qualities):
            side_by_side = len(self.words) > 1 and bool(_runs(stems, self.words))
            found = _TextMatch(tuple(qualities), side_by_side)
        else:
            found = _NO_MATCH
        self.cache[text] = found
        return found


def _spans(text: str, units: Sequence[Unit]) -> list[tuple[int, int, int]]:
    """Where in `text` the units match: (start, end, unit number), offsets of the original."""
    tokens = tokenize(text)
    stems = [t.stem for t in tokens]
    spans: list[tuple[int, int, int]] = []
    for n, unit in enumerate(units):
        for form in unit.forms:
            if len(form) > 1:
                spans += [
                    (tokens[i].start, tokens[i + len(form) - 1].end, n) for i in _runs(stems, form)
                ]
                continue
            word = form[0]
            prefix = not unit.quoted and _prefixable(word)
            spans += [
                (t.start, t.end, n)
                for t in tokens
                if t.stem == word or (prefix and t.stem.startswith(word))
            ]
    return sorted(spans)


# ---------------------------------------------------------------- snippets


class Snippet(NamedTuple):
    """A window of a field's text; `marks` are (start, end) spans of the matches in `text`."""

    text: str
    marks: tuple[tuple[int, int], ...]


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def make_snippet(
    text: str,
    spans: Sequence[tuple[int, int, int]],
    weights: Sequence[float] = (),
    width: int = SNIPPET_WIDTH,
) -> Snippet:
    """About `width` characters of `text`, cut at spaces, around the matches.

    `spans` are (start, end, unit) and `weights` the units' rarity: the window
    shows the weightiest set of different units it can (a rare name rather
    than a third "Vietnam"), then the most matches.
    """
    if len(text) <= width:
        return Snippet(text, _joined(text, _merge((a, b) for a, b, _ in spans)))
    best_start, best = 0, (-1.0, -1)
    for s, _, _ in spans or [(0, 0, 0)]:
        start = max(0, min(s - SNIPPET_LEAD, len(text) - width))
        inside = [n for a, b, n in spans if a >= start and b <= start + width]
        value = sum(weights[n] if n < len(weights) else 1.0 for n in set(inside))
        if (value, len(inside)) > best:
            best_start, best = start, (value, len(inside))
    start, end = best_start, best_start + width
    if start > 0:
        space = text.find(" ", start)
        if 0 <= space < start + SNIPPET_LEAD and not any(a <= space < b for a, b, _ in spans):
            start = space + 1
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start + width // 2:
            end = space
    lead = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(text) else ""
    shift = len(lead) - start
    shown = lead + text[start:end] + tail
    marks = _merge((a + shift, b + shift) for a, b, _ in spans if a >= start and b <= end)
    return Snippet(shown, _joined(shown, marks))


def _joined(text: str, marks: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Marks with only spaces between them made one: «Phan Van Giang», not «Phan» «Van» «Giang»."""
    out: list[tuple[int, int]] = []
    for a, b in marks:
        if out and not text[out[-1][1] : a].strip():
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return tuple(out)


# ---------------------------------------------------------------- ranking


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

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"type": self.type, "id": self.id, "text": self.text}
        if self.type == "passage":
            out["source"] = self.source
            out["line"] = self.line
        out.update(
            score=self.score,
            matched=self.matched,
            field=self.field,
            snippet=self.snippet.text,
            marks=[list(m) for m in self.snippet.marks],
        )
        return out


class SearchQuery(NamedTuple):
    text: str
    types: tuple[str, ...] = ()  # empty: every type
    limit: int | None = DEFAULT_LIMIT  # None or 0: every hit


class _Scored(NamedTuple):
    doc: Document
    matched: int
    score: float
    field: Field

    @property
    def key(self) -> tuple[int, float, tuple[int, str, int]]:
        return (-self.matched, -round(self.score, 6), self.doc.order)


_TERSE = frozenset({"id", "kind", "date", "partners"})
_Found = list[tuple[int, _TextMatch]]  # (field number, match) for the fields that match


def _score(
    doc: Document,
    found: _Found,
    weights: Sequence[float],
    counted: Sequence[bool],
    side_by_side_weight: float,
) -> _Scored:
    best = [0.0] * len(weights)
    # The snippet shows the field with the most counted matches (then the
    # weightiest), preferring text to the terse id, kind, date and partner fields.
    shown: tuple[bool, int, int, int, int] | None = None
    show_field = doc.fields[found[0][0]]
    side_by_side = 0
    for fi, match in found:
        f = doc.fields[fi]
        hits = [q > 0 for q in match.qualities]
        for ui, quality in enumerate(match.qualities):
            best[ui] = max(best[ui], quality * f.weight)
        if match.side_by_side:
            side_by_side = max(side_by_side, f.weight)
        in_counted = sum(1 for h, c in zip(hits, counted, strict=True) if h and c)
        rank = (f.name not in _TERSE, in_counted, f.weight, sum(hits), -fi)
        if shown is None or rank > shown:
            shown, show_field = rank, f
    score = sum(b * w for b, w in zip(best, weights, strict=True))
    score += side_by_side * side_by_side_weight
    count = sum(1 for b, c in zip(best, counted, strict=True) if b and c)
    return _Scored(doc, count, score, show_field)


def run_search(index: SearchIndex | Dataset, query: SearchQuery) -> list[Hit]:
    """The hits for `query`, best first, at most `query.limit` of them (0 or None: all)."""
    if query.limit is not None and query.limit < 0:
        raise UsageError(f"--limit must be 0 or more, not {query.limit}")
    unknown = [t for t in query.types if t not in TYPE_RANK]
    if unknown:
        raise UsageError(f"unknown type {unknown[0]!r}", suggestions=closest(unknown[0], TYPES))
    parsed = parse_query(query.text)
    if isinstance(index, Dataset):
        index = build_index(index)
    units = parsed.units
    match = _Matcher(parsed).match
    wanted = set(query.types) or set(TYPES)
    # One pass: how many documents hold each unit (for rarity, over every
    # type), and where, for the documents of the wanted types.
    holders = [0] * len(units)
    kept: list[tuple[Document, _Found]] = []
    for entry in index.entries():
        found: _Found = []
        for fi, text in enumerate(entry.texts):
            if text:
                m = match(text)
                if m.qualities:
                    found.append((fi, m))
        if not found:
            continue
        for ui in range(len(units)):
            if any(m.qualities[ui] for _, m in found):
                holders[ui] += 1
        if entry.type in wanted:
            kept.append((entry.document(), found))
    total = max(1, index.size)
    # Rarer words weigh more; a word in most texts does not count toward "all words".
    weights = [math.log(1 + total / max(1, h)) for h in holders]
    counted = [h <= COMMON_SHARE * total for h in holders]
    if not any(counted):
        counted = [True] * len(units)
    # The free words side by side weigh as much as one of them on average.
    free = [w for u, w in zip(units, weights, strict=True) if not u.quoted] or [0.0]
    side_by_side_weight = sum(free) / len(free)
    scored = [_score(doc, found, weights, counted, side_by_side_weight) for doc, found in kept]
    scored.sort(key=lambda s: s.key)
    if query.limit:
        scored = scored[: query.limit]
    return [
        Hit(
            type=s.doc.type,
            id=s.doc.id,
            text=s.doc.text,
            score=round(s.score, 3),
            matched=s.matched,
            field=s.field.name,
            snippet=make_snippet(s.field.text, _spans(s.field.text, units), weights),
            source=s.doc.source,
            line=s.doc.line,
        )
        for s in scored
    ]


# ---------------------------------------------------------------- show


class Passage(NamedTuple):
    source: Source
    line: int
    text: str
    cited_by: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"{self.source.id}:{self.line}"


class RecordView(NamedTuple):
    """One record in full: (field, value) rows in order, and its JSON form."""

    type: str
    id: str
    rows: tuple[tuple[str, str], ...]
    data: dict[str, object]


@cache
def _bundled_origins() -> frozenset[str]:
    root = package_root()
    return frozenset(p.relative_to(root).as_posix() for p in bundled_files())


def source_file(source: Source) -> str:
    """Where a source's text is: relative to the package for the bundled data
    (seeds/...), else the path as the user's data file leads to it."""
    if source.path is None:
        return source.file
    root = package_root()
    if source.origin in _bundled_origins() and source.path.is_relative_to(root):
        return source.path.relative_to(root).as_posix()
    return str(source.path)


def locator(dataset: Dataset, citation: Citation) -> str:
    source = dataset.sources.get(citation.source)
    where = source_file(source) if source else citation.source
    return f"{where}:{citation.line}"


def _citation_rows(
    dataset: Dataset, citations: Sequence[Citation], prefix: str = ""
) -> list[tuple[str, str]]:
    return [
        (
            f"{prefix}citations[{i}]",
            f"{c.source} line {c.line} ({locator(dataset, c)}): \u201c{c.quote}\u201d",
        )
        for i, c in enumerate(citations)
    ]


def _date(event: Event) -> str:
    shown = event.date_display
    return event.date.text if shown == event.date.text else f"{event.date.text} ({shown})"


def _people(people: Sequence[Person]) -> str:
    return "; ".join(p.display_name for p in people)


def _text(value: str | None) -> str:
    return "-" if value is None else value


def _partner_list(dataset: Dataset, ids: Sequence[str]) -> str:
    return (
        ", ".join(f"{p} ({dataset.partners[p].name})" if p in dataset.partners else p for p in ids)
        or "-"
    )


def _rows(dataset: Dataset, record: Record) -> list[tuple[str, str]]:
    if isinstance(record, Event):
        return [
            ("title", record.title),
            ("date", _date(record)),
            ("date_basis", record.date_basis),
            ("date_note", _text(record.date_note)),
            ("date_label", _text(record.date_label)),
            ("kind", record.kind),
            ("partners", _partner_list(dataset, record.partners)),
            ("summary", record.summary),
            ("note", _text(record.note)),
            *_citation_rows(dataset, record.citations),
        ]
    if isinstance(record, Fact):
        return [
            ("title", record.title),
            ("kind", record.kind),
            ("partners", _partner_list(dataset, record.partners)),
            ("summary", record.summary),
            ("note", _text(record.note)),
            *_citation_rows(dataset, record.citations),
        ]
    if isinstance(record, Partner):
        rows = [
            ("name", record.name),
            ("kind", record.kind),
            ("aliases", "; ".join(record.aliases) or "-"),
            ("note", _text(record.note)),
            *_citation_rows(dataset, record.citations),
        ]
        for i, st in enumerate(record.statements):
            rows += [(f"statements[{i}].area", st.area), (f"statements[{i}].text", st.text)]
            rows += _citation_rows(dataset, st.citations, f"statements[{i}].")
        return rows
    return [
        ("title", record.title),
        ("file", source_file(record)),
        ("sha256", _text(record.sha256)),
        ("authors", _people(record.authors) or "-"),
        ("translators", _people(record.translators) or "-"),
        ("publication", _text(record.publication)),
        ("date", _text(record.date)),
        ("source_type", _text(record.type)),
        ("note", _text(record.note)),
        *_citation_rows(dataset, record.citations),
    ]


def _cited_by(dataset: Dataset, source: str, line: int) -> tuple[str, ...]:
    return tuple(
        r.id
        for r in dataset.records()
        if any(c.source == source and c.line == line for c in record_citations(r))
    )


def find_passage(dataset: Dataset, ident: str) -> Passage | None:
    """The source line named by `source:line`, or None if `ident` is not of that shape."""
    m = _PASSAGE_ID.match(ident.strip())
    if not m:
        return None
    sources = {fold(s): s for s in dataset.sources}
    sid = sources.get(fold(m.group("source")))
    if sid is None:
        return None
    source, line = dataset.sources[sid], int(m.group("line"))
    lines = source_lines(source)
    if lines is None:
        raise NotFound(f"cannot read the text of {sid} ({source_file(source)})")
    if not 1 <= line <= len(lines):
        raise NotFound(f"{sid} has {len(lines)} lines, not {line}")
    return Passage(source, line, lines[line - 1], _cited_by(dataset, sid, line))


def show_view(dataset: Dataset, ident: str) -> RecordView:
    """Any record by id (or a passage by `source:line`), every field and citation."""
    passage = find_passage(dataset, ident)
    if passage is not None:
        where = f"{source_file(passage.source)}:{passage.line}"
        return RecordView(
            "passage",
            passage.id,
            (
                ("type", "passage"),
                ("id", passage.id),
                ("source", passage.source.id),
                ("line", str(passage.line)),
                ("file", where),
                ("text", passage.text),
                ("cited_by", ", ".join(passage.cited_by) or "-"),
            ),
            {
                "type": "passage",
                "record": {
                    "id": passage.id,
                    "source": passage.source.id,
                    "line": passage.line,
                    "file": source_file(passage.source),
                    "text": passage.text,
                    "cited_by": list(passage.cited_by),
                },
            },
        )
    record = find_record(dataset, ident.strip())
    kind = record_type(record)
    rows = (
        ("type", kind),
        ("id", record.id),
        *_rows(dataset, record),
        ("defined_in", record.origin),
    )
    # Nested, because a source's own fields include a `type` (web-article, ...).
    return RecordView(kind, record.id, rows, {"type": kind, "record": record.to_dict()})
