"""Text folding for matching what people type, and cleaning text for terminals.

`fold` makes matching forgive case, accents (including Vietnamese đ), typographic
apostrophes and quotes, and non-breaking spaces; `name_key` also drops
punctuation so `U.S.`, `us` and `US` are one key. `printable` removes control
characters and bidirectional overrides from data before it reaches a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Typographic quotes, apostrophes and dashes, each as the plain character people type.
STRAIGHT: dict[str, str] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201b": "'",
    "\u2032": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2033": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
}
_TRANSLATE = str.maketrans(
    {
        **STRAIGHT,
        "\u00a0": " ",
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


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from `a` to `b`, or
    `limit + 1` as soon as it is clear there are more than `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = current[j - 1] + 1, previous[j] + 1, previous[j - 1] + (ca != cb)
            current[j] = min(cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def typo_allowance(a: str, b: str) -> int:
    """How many edits still read as a slip of the keyboard between two keys.

    None under four letters (UK is not uc, UAE is not USA), one up to nine
    (rusia, inida, but not Austria for Australia), then one more per five letters.
    """
    length = max(len(a), len(b))
    return 0 if length < 4 else 1 if length < 10 else 2 if length < 15 else 3


_WORD = re.compile(r"[0-9a-z]+")


def _starts_with(name: str, typed: list[str]) -> bool:
    words = _WORD.findall(fold(name).replace("+", " plus"))
    if len(words) < len(typed) or not typed:
        return False
    *whole, last = typed
    return words[: len(whole)] == whole and words[len(whole)].startswith(last)


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates `word` is close enough to be a slip for, best first, for a
    'did you mean' hint; none when nothing is that close.

    Close is a few typing slips (`typo_allowance`) on the `name_key`s, and only
    the fewest slips are kept ("rusia" -> russia, not also usa); failing that,
    names that begin with the words typed ("Shangri-La" -> Shangri-La Dialogue,
    but "Sudan" is not South Sudan and "South Korea" not South Sudan).
    """
    pool = list(dict.fromkeys(candidates))
    key = name_key(word)
    if not key:
        return []
    scored: list[tuple[int, int, str]] = []
    for order, candidate in enumerate(pool):
        other = name_key(candidate)
        allowed = typo_allowance(key, other)
        distance = edit_distance(key, other, allowed)
        if other and distance <= allowed:
            scored.append((distance, order, candidate))
    if scored:
        fewest = min(scored)[0]
        return [c for d, _, c in sorted(scored) if d == fewest][:n]
    if len(key) < 4:
        return []
    typed = _WORD.findall(fold(word).replace("+", " plus"))
    return [c for c in pool if _starts_with(c, typed)][:n]


def closest_id(word: str, ids: Iterable[str], n: int = 3) -> list[str]:
    """`closest`, else the ids `word` names by their words (dates and numbers aside):
    its words a run of the id's with at most one other word left out ("impact" ->
    vpa-impact, "us-normalisation" -> 1995-us-normalisation), best first; none when
    several words are missing ("peacekeeping" is not 2014-un-peacekeeping-deployments).
    Not for names, where a shared word is not a slip ("Sudan" is not South Sudan)."""
    pool = list(dict.fromkeys(ids))
    found = closest(word, pool, n)
    typed = _WORD.findall(fold(word))
    if found or not typed or all(w.isdigit() for w in typed):
        return found
    scored: list[tuple[int, int, str]] = []
    for order, candidate in enumerate(pool):
        words = _WORD.findall(fold(candidate))
        for start in range(len(words) - len(typed) + 1):
            if words[start : start + len(typed)] == typed:
                rest = words[:start] + words[start + len(typed) :]
                left_out = sum(not w.isdigit() for w in rest)
                if left_out <= 1:
                    scored.append((left_out, order, candidate))
                break
    return [c for _, _, c in sorted(scored)][:n]


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


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV
# Injection"); a cell that does, after any run of apostrophes, gets one more in front.
_FORMULA = re.compile(r"'*[=+\-@\t\r\0]")
_DEFUSED = re.compile(r"'+[=+\-@\t\r\0]")


def defuse_formula(cell: str) -> str:
    """`cell` as a spreadsheet shows it as text: a leading `'` where it could start a
    formula. Reversible: `read_cell(defuse_formula(s)) == s` for every string."""
    return "'" + cell if _FORMULA.match(cell) else cell


def read_cell(cell: str) -> str:
    """The text of a CSV cell vpa wrote: one leading `'` dropped where `defuse_formula`
    added it (a `'` followed by more `'` and then `=`, `+`, `-`, `@`, tab, CR or NUL)."""
    return cell[1:] if _DEFUSED.match(cell) else cell
