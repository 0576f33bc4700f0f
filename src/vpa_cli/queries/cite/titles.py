"""Titles in references: untitled works described in brackets, headline-style case, and
short titles.

A title stored in square brackets ("[Overview essay on ...]") is our description of a
work that has no title. APA 7 prints such a description in square brackets, not in
italics (§9.21); Chicago 17 and MLA 9 print a description without brackets, quotation
marks or italics, capitalized like a sentence. Real titles are stored as the source
prints them. APA asks for sentence case, Chicago (17 §8.159) and MLA 9 for headline
style: we never lower-case a stored title for APA (we cannot tell a proper noun such
as "Party" from a common word), and `headline` only raises the words Chicago and MLA
capitalize.

A short title (a source's `short_title`) stands for the title where a citation names the
work by its title: APA 7's in-text citation of a work without author (§8.14, "shorten
long titles"), Chicago 17's short notes (§14.30, §14.33: "the main title ... usually
shortened if more than four words", in the title's own words and order) and MLA 9's
in-text citations. All three shorten a title to words of the title, so a reader finds
the entry it stands for: a `short_title` that is not made of the title's words, in their
order, is not used (`shortened`). A description's short form is a shorter description.
"""

from __future__ import annotations

import itertools
import re

from vpa_cli.text import fold

# Articles, coordinating conjunctions, "to" and "as", and prepositions: lower case in
# headline style unless first or last (Chicago 17 §8.159; MLA 9 alike). Words that are as
# often adverbs or subordinating conjunctions (up, out, off, down, after, before, since,
# until) are left out and so capitalized, as both manuals do for those uses.
MINOR_WORDS = frozenset(
    """
    a an the and but for or nor as to about above across against along amid among around
    at behind below beneath beside besides between beyond by concerning despite during
    except from in inside into like near of on onto outside over per regarding through
    throughout toward towards under underneath unlike upon versus via with within
    without
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

# APA 7 (§6.17) lower-cases only the minor words of three letters or fewer.
APA_MINOR_WORDS = frozenset(w for w in MINOR_WORDS if len(w) <= 3)

# Prefixes that cannot stand alone: the element after their hyphen stays lower case
# (Chicago 17 §8.161: "Anti-intellectual", "Pre-emptive").
PREFIXES = frozenset(
    """
    anti co counter de extra inter intra macro micro mid multi non over post pre pro re
    semi sub super trans ultra un
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

_WORD = re.compile(r"\S+")
_LETTER = re.compile(r"[^\W\d_]")


def is_description(title: str) -> bool:
    """A bracketed title is our description of an untitled work."""
    title = title.strip()
    return len(title) > 2 and title.startswith("[") and title.endswith("]")


def description_text(title: str) -> str:
    """The description without its brackets, its first letter capitalized."""
    inner = title.strip()[1:-1].strip()
    return _upper_first(inner)


def _upper_first(word: str) -> str:
    match = _LETTER.search(word)
    if not match:
        return word
    i = match.start()
    return word[:i] + _upper(word[i]) + word[i + 1 :]


def _upper(ch: str) -> str:
    """Upper case of one letter, unless that is not one letter (ß -> SS): then as is."""
    up = ch.upper()
    return up if len(up) == 1 else ch


def _lower(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


def _core(word: str) -> str:
    """The word's letters, lower-cased, without surrounding punctuation."""
    return re.sub(r"^[^\w]+|[^\w]+$", "", word).lower()


def _has_capital_inside(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return any(ch.isupper() for ch in letters[1:])


def _capitalize(
    word: str, *, first_or_last: bool, minor: frozenset[str], prefixes: frozenset[str]
) -> str:
    if _has_capital_inside(word):  # VPA, U.S., iPhone, McNamara: keep as written
        return word
    if not first_or_last and _core(word) in minor:
        match = _LETTER.search(word)
        if match and word[match.start()].isupper():
            i = match.start()
            return word[:i] + _lower(word[i]) + word[i + 1 :]
        return word
    pieces = word.split("-")
    out = [_upper_first(pieces[0])]
    for before, piece in itertools.pairwise(pieces):
        if _core(before) in prefixes or _core(piece) in minor:
            out.append(piece)
        else:
            out.append(_upper_first(piece))
    return "-".join(out)


def headline(
    title: str, *, minor: frozenset[str] = MINOR_WORDS, prefixes: frozenset[str] = PREFIXES
) -> str:
    """Headline-style capitalization (Chicago 17 §8.159; MLA 9 alike).

    First and last words, and the first word after a colon, are capitalized; minor words
    are lower-cased; words with capitals inside (VPA, U.S.) are kept as written.
    """
    matches = list(_WORD.finditer(title))
    if not matches:
        return title
    out = []
    last = len(matches) - 1
    after_colon = False
    pos = 0
    for i, match in enumerate(matches):
        word = match.group()
        out.append(title[pos : match.start()])
        first_or_last = i in (0, last) or after_colon
        out.append(_capitalize(word, first_or_last=first_or_last, minor=minor, prefixes=prefixes))
        after_colon = word.endswith((":", "—", "?", "!"))
        pos = match.end()
    out.append(title[pos:])
    return "".join(out)


def apa_title_case(title: str) -> str:
    """APA 7 title case (§6.17), for titles in the text: words of four letters or more
    and major words capitalized, both parts of a hyphenated compound too."""
    return headline(title, minor=APA_MINOR_WORDS, prefixes=frozenset())


_WORDS = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return _WORDS.findall(fold(text))


def shortened(title: str, short: str | None) -> str | None:
    """`short` without brackets, when it is made of `title`'s words in their order (a
    leading article may go); None when there is none or it is not (`August 1945 teaser`
    is no short form of "The armed forces' role in August 1945 ...")."""
    if not short:
        return None
    bare = short.strip()
    if len(bare) > 2 and bare.startswith("[") and bare.endswith("]"):
        bare = bare[1:-1].strip()
    wanted, words = _words(bare), iter(_words(title))
    if not wanted or not all(any(w == t for t in words) for w in wanted):
        return None
    return bare
