"""What a claim rests on: whether a quote names a partner, and which numbers a text
states.

`vpa check` uses these to enforce the faithfulness rules, and profiles to find the
lines that name a partner. How a claim's basis is shown to a reader is the view of
a claim (claims/). No terminal code here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vpa_cli.text import fold

# A number as a text writes it: 1,100 / 2015 / 13th / 2662-NQ/QUTW's 2662.
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:st|nd|rd|th)?(?![\w])")
# Ordinals written as words stand for their numbers ("Firstly" is guideline 1).
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
}
_ORDINAL_WORD = re.compile(r"\b(" + "|".join(_ORDINALS) + r")(?:ly)?\b")
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twice": 2,
}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b")


def numbers(text: str | None) -> set[str]:
    """The numbers `text` writes in digits, without grouping or ordinal endings."""
    if not text:
        return set()
    return {m.group(1).replace(",", "") for m in _NUMBER.finditer(text)}


def supported_numbers(text: str | None) -> set[str]:
    """The numbers a basis text supports: its digits, and its ordinal and number words."""
    if not text:
        return set()
    folded = fold(text)
    found = numbers(text)
    found |= {str(_ORDINALS[m.group(1)]) for m in _ORDINAL_WORD.finditer(folded)}
    found |= {str(_NUMBER_WORDS[m.group(1)]) for m in _NUMBER_WORD.finditer(folded)}
    return found


def unsupported_numbers(claims: Iterable[str | None], basis: Iterable[str | None]) -> list[str]:
    """Numbers written in `claims` that no text of `basis` states, in order."""
    supported: set[str] = set()
    for text in basis:
        supported |= supported_numbers(text)
    out: list[str] = []
    for text in claims:
        for m in _NUMBER.finditer(text or ""):
            n = m.group(1).replace(",", "")
            if n not in supported and n not in out:
                out.append(n)
    return out


def _name_pattern(name: str) -> re.Pattern[str]:
    """A name as a whole word or phrase: `US` matches `US imperialists`, not `focus`."""
    return re.compile(r"(?<![0-9a-z])" + re.escape(name) + r"(?![0-9a-z])")


def names(text: str, names_of: Iterable[str]) -> bool:
    """Whether `text` names one of `names_of` (a partner's name and aliases).

    A name in capitals (an acronym: US, UN, ASEAN) must stand in capitals, so
    the word "us" does not name the United States; other names match ignoring
    case, accents and apostrophe style.
    """
    folded = None
    for name in names_of:
        if len(name) <= 5 and name.isupper():
            if re.search(r"(?<![0-9A-Za-z])" + re.escape(name) + r"(?![0-9A-Za-z])", text):
                return True
            continue
        if folded is None:
            folded = fold(text)
        if _name_pattern(fold(name)).search(folded):
            return True
    return False
