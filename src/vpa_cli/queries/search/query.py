"""What a query asks for: its words and "quoted phrases", without the question's
stop-words, each word with its synonyms."""

from __future__ import annotations

import re
from typing import NamedTuple

from vpa_cli.errors import UsageError
from vpa_cli.queries.search.names import EQUIVALENT_NAMES
from vpa_cli.queries.search.words import TOKEN, key_and_stem, stems
from vpa_cli.text import fold

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

# Words people use in questions that the sources say otherwise; each group
# matches as one word ("which forums does it attend" finds "participation").
SYNONYMS = (
    ("attend", "participate", "participat", "participation", "take part", "took part", "join"),
    ("start", "begin", "began", "begun"),
    ("work", "cooperate", "cooperat", "cooperation", "collaborate", "collaborat"),
)

_PHRASE = re.compile(r'"([^"]*)"?')


def _synonym_forms() -> dict[str, tuple[tuple[str, ...], ...]]:
    """stem of a one-word synonym -> the stems of every form in its group."""
    out = {}
    for group in SYNONYMS:
        forms = tuple(stems(form) for form in group)
        out.update({form[0]: forms for form in forms if len(form) == 1})
    return out


_SYNONYM_FORMS = _synonym_forms()


def _name_forms() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """stems of each equivalent name -> the stems of every name in its group."""
    out = {}
    for group in EQUIVALENT_NAMES:
        forms = tuple(dict.fromkeys(stems(name) for name in group))
        out.update(dict.fromkeys(forms, forms))
    return out


_NAME_FORMS = _name_forms()
_LONGEST_NAME = max(map(len, _NAME_FORMS))


def _name_at(words: list[str], start: int) -> int:
    """How many of `words` from `start` spell an equivalent name (the longest); 0 if none."""
    for n in range(min(_LONGEST_NAME, len(words) - start), 0, -1):
        if tuple(words[start : start + n]) in _NAME_FORMS:
            return n
    return 0


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
    # Per unit: the word as typed (folded) where it differs from its stem, else "";
    # a text holding that very form ranks a little above one holding only another
    # form ("peacekeepers" above "peacekeeping").
    typed: tuple[str, ...] = ()
    # The query asks for a number ("how many", "how much", "number of"): a text that
    # gives a count ranks first.
    counting: bool = False


# A question asking for a number.
_COUNTING = re.compile(r"\bhow (?:many|much)\b|\bnumbers? of\b")


def parse_query(text: str) -> ParsedQuery:
    """Words and "quoted phrases" of a query; UsageError if there is nothing to look for."""
    if not text.strip():
        raise UsageError("empty search query (give a word, a name or a question)")
    folded = fold(text)
    units: list[Unit] = []
    free: list[tuple[str, str]] = []
    position = 0
    for m in _PHRASE.finditer(folded):
        free += [key_and_stem(raw) for raw in TOKEN.findall(folded[position : m.start()])]
        position = m.end()
        phrase = stems(m.group(1))
        forms = _NAME_FORMS.get(phrase, (phrase,))
        if phrase and all(u.forms != forms for u in units):
            units.append(Unit(m.group(1).strip(), forms, quoted=True))
    free += [key_and_stem(raw) for raw in TOKEN.findall(folded[position:])]
    if not units and not free:
        raise UsageError(f"nothing to search for in {text!r} (no letters or digits)")
    named = _names_as_units(free, units)
    content = [(key, s) for key, s in free if key not in STOP_WORDS]
    if not content and not units:
        content = free  # a query of stop-words only searches for them
    # The side-by-side bonus still looks for every word as typed, names too.
    words = tuple(dict.fromkeys(s for _, s in content))
    keys: dict[str, str] = {}
    for key, w in content:
        if key not in named:
            keys.setdefault(w, key)
    for w in keys:
        forms = _SYNONYM_FORMS.get(w, ((w,),))
        if all(u.forms != forms and u.forms != ((w,),) for u in units):
            units.append(Unit(w, forms))
    typed = tuple(_typed(u, keys) for u in units)
    return ParsedQuery(tuple(units), words, typed, bool(_COUNTING.search(folded)))


def _typed(unit: Unit, keys: dict[str, str]) -> str:
    """The one word `unit` was typed as, where it is not its own stem ("peacekeepers"
    for peacekeep), else ""."""
    key = keys.get(unit.text, unit.text)
    if unit.quoted or " " in key:
        return ""
    return key if key_and_stem(key)[1] != key else ""


def _names_as_units(free: list[tuple[str, str]], units: list[Unit]) -> set[str]:
    """Add a unit, with every name of its group, for each run of free words that
    spells an equivalent name; return the keys of those words (no unit of their own)."""
    stemmed = [s for _, s in free]
    named: set[str] = set()
    i = 0
    while i < len(free):
        n = _name_at(stemmed, i)
        if n == 0:
            i += 1
            continue
        forms = _NAME_FORMS[tuple(stemmed[i : i + n])]
        if all(u.forms != forms for u in units):
            units.append(Unit(" ".join(key for key, _ in free[i : i + n]), forms))
        named.update(key for key, _ in free[i : i + n])
        i += n
    return named
