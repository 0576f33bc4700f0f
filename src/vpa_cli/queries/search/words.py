"""The words of a text as search sees them: folded (case, accents, typographic
quotes), one spelling for British and American variants, and lightly stemmed.

Both the query and the indexed texts go through the same functions here, so a
word matches whatever form the other side wrote it in.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from vpa_cli.text import fold

# A token of folded text: a dotted acronym (u.n., u.s.a.), a grouped number
# (1,100), a word with inner apostrophes (no's), or a `+` glued to a word (ADMM+).
TOKEN = re.compile(
    r"[a-z](?:\.[a-z])+\.?(?![a-z0-9])"
    r"|\d{1,3}(?:,\d{3})+(?!\d)"
    r"|[a-z0-9]+(?:'[a-z0-9]+)*"
    r"|(?<=[a-z0-9])\+"
)
_IZE = re.compile(r"iz(e|es|ed|ing|ation|ations|er|ers)$")
# (American, British) beginnings of words; the British one is the key.
US_UK = (
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
_US_PREFIXES = tuple(us for us, _ in US_UK)

# (Records here are NamedTuples: defining a frozen dataclass costs more
# start-up time than a NamedTuple.)


def spelling(key: str) -> str:
    """One spelling for British and American variants (defence, normalisation)."""
    if key.startswith(_US_PREFIXES):
        for us, uk in US_UK:
            if key.startswith(us):
                return uk + key[len(us) :]
    return _IZE.sub(r"is\1", key) if "iz" in key else key


def _singular(key: str) -> str:
    if key.endswith("ies") and len(key) > 4:
        return key[:-3] + "y"
    if key.endswith("sses"):
        return key[:-2]
    if key.endswith("s") and not key.endswith(("ss", "us", "is")):
        return key[:-1]
    return key


def stem(key: str) -> str:
    """A light English stemmer (plurals, -ing, -ed, -er, -ical, -ism).

    Both the query and the indexed text go through it, so it only has to map
    the forms of one word together, not produce real words.
    """
    if len(key) <= 3 or not key.isalpha():
        return key
    key = _singular(key)
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


def key_and_stem(raw: str) -> tuple[str, str]:
    """(key, stem) of a raw folded token; cached, as the same words recur."""
    found = _WORDS.get(raw)
    if found is None:
        key = "plus" if raw == "+" else raw.replace("'", "").replace(".", "").replace(",", "")
        key = spelling(key)
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


# A web address in a note is where a reader checks a fact, not words to search:
# "vnanet.vn/japanese/..." must not answer a question about Japan.
_URL = re.compile(r"\b(?:https?://|www\.)\S+")


def _no_urls(folded: str) -> str:
    """`folded` with web addresses blanked out, its length (and so every offset) kept.

    Every address begins "http" or "www.": the pattern is tried only where those
    are (found at C speed), not at every character of a long text.
    """
    starts = sorted(_all(folded, "http") + _all(folded, "www."))
    if not starts:
        return folded
    pieces: list[str] = []
    done = 0
    for at in starts:
        found = _URL.match(folded, at) if at >= done else None
        if found is not None:
            pieces += [folded[done:at], " " * (found.end() - at)]
            done = found.end()
    pieces.append(folded[done:])
    return "".join(pieces)


def _all(text: str, piece: str) -> list[int]:
    """Where `piece` begins in `text`, left to right."""
    out: list[int] = []
    at = text.find(piece)
    while at >= 0:
        out.append(at)
        at = text.find(piece, at + 1)
    return out


def fold_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """`text` folded character by character, and where each folded character came from;
    web addresses are blanked out (see `_no_urls`).

    The offsets are None when folding kept the length (the usual case), so a
    position in the folded text is the same position in the original.
    """
    folded, offsets = _fold(text)
    return _no_urls(folded), offsets


def fold_plain(text: str) -> str:
    """`fold_with_offsets(text)[0]` without the offsets, at C speed however long `text` is
    (search folds every text of the dataset at once with it)."""
    if not text.isascii():
        table = {ch: _known(ch) for ch in set(_NON_ASCII.findall(text))}
        if all(folded.isascii() for folded in table.values()):
            # One replace per distinct character: a text has few, however long it is.
            for ch, folded in table.items():
                text = text.replace(ch, folded)
        else:  # a replacement must not be replaced again
            text = _NON_ASCII.sub(_folded_char, text)
    return _no_urls(text.lower())


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Every non-ASCII character met so far -> its folded form, as one translation table;
# and those whose folded form is not one character (so offsets must be kept).
_TABLE: dict[int, str] = {}
_LONGER: set[str] = set()


def _known(ch: str) -> str:
    """The folded form of the non-ASCII character `ch`, noted in the table."""
    folded = _TABLE.get(ord(ch))
    if folded is None:
        folded = _TABLE[ord(ch)] = _fold_char(ch)
        if len(folded) != 1:
            _LONGER.add(ch)
    return folded


def _folded_char(match: re.Match[str]) -> str:
    return _TABLE[ord(match.group())]


def _fold(text: str) -> tuple[str, list[int] | None]:
    if text.isascii():
        return text.lower(), None
    chars = set(_NON_ASCII.findall(text))
    for ch in chars:
        _known(ch)
    if _LONGER.isdisjoint(chars):
        # Only the few non-ASCII characters are looked up (str.translate would look up
        # every character of the text in the table).
        return _NON_ASCII.sub(_folded_char, text).lower(), None
    pieces: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        folded = _TABLE.get(ord(ch), ch.lower())
        pieces.append(folded)
        offsets.extend([i] * len(folded))
    offsets.append(len(text))
    return "".join(pieces), offsets


def tokenize(text: str) -> list[Token]:
    """The words of `text`, folded and normalised, with their places in `text`."""
    folded, offsets = fold_with_offsets(text)
    tokens = []
    for m in TOKEN.finditer(folded):
        start, end = m.span()
        if offsets is not None:
            start, end = offsets[start], offsets[end - 1] + 1
        key, stemmed = key_and_stem(m.group())
        tokens.append(Token(key, stemmed, start, end))
    return tokens


def stems(text: str) -> tuple[str, ...]:
    """The stems of the words of `text`, in order."""
    folded, _ = fold_with_offsets(text)
    return tuple(key_and_stem(raw)[1] for raw in TOKEN.findall(folded))
