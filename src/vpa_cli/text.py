"""Text folding for matching what people type, and cleaning text for terminals.

`fold` makes matching forgive case, accents (including Vietnamese đ), typographic
apostrophes and quotes, and non-breaking spaces; `name_key` also drops
punctuation so `U.S.`, `us` and `US` are one key. `printable` removes control
characters and bidirectional overrides from data before it reaches a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00a0": " ",
        "\u2013": "-",
        "\u2014": "-",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "ß": "ss",
    }
)
_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case, accent-free, straight-quoted, single-spaced form of `text`."""
    import unicodedata  # here, not at the top: plain `vpa timeline` never folds text

    text = unicodedata.normalize("NFKD", text.translate(_TRANSLATE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text.casefold()).strip()


def name_key(text: str) -> str:
    """`fold` without punctuation or spaces: the key names and aliases are matched on.

    A `+` reads as "plus", so ADMM+ and ADMM-Plus are one key but ADMM another.
    """
    return _NOT_ALNUM.sub("", fold(text).replace("+", "plus"))


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates closest to `word`, best first, for a 'did you mean' hint."""
    pool = list(dict.fromkeys(candidates))
    keyed = {name_key(c): c for c in pool}
    import difflib  # only on a miss: 2 ms of every start-up otherwise

    key = name_key(word)
    hits = difflib.get_close_matches(key, list(keyed), n=n, cutoff=0.6)
    if hits:
        # Keep only hints nearly as close as the best: "rusia" -> russia, not also "usa".
        best = difflib.SequenceMatcher(None, key, hits[0]).ratio()
        hits = [h for h in hits if difflib.SequenceMatcher(None, key, h).ratio() >= best - 0.1]
    out = [keyed[h] for h in hits]
    if not out:
        out = [c for k, c in keyed.items() if key and (key in k or k in key)][:n]
    return out


# C0 and C1 controls (but tab and newline), DEL, the bidirectional marks,
# embeddings, overrides and isolates that can make text lie about its order,
# the line and paragraph separators (a record is one line), and lone
# surrogates (JSON can escape them; no output encoding can write them).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _visible(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control picture, e.g. ␛ for ESC
    return f"<U+{code:04X}>"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with control and bidi-override characters made visible, safe for a terminal."""
    if not keep_newlines:
        text = text.replace("\n", " ").replace("\t", " ")
    return _UNSAFE.sub(_visible, text)
