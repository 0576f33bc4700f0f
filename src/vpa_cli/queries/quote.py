"""Finding a quote in a source text (`vpa quote`): the citation to paste, with the
exact text of the file, or the closest lines when the text is not there.

Finding forgives what copying from a page changes: straight and typographic
quotes and apostrophes, dashes, case, and runs of spaces, non-breaking spaces
and line breaks. What is printed is always the file's own text for the span
found, so the quote stays verbatim and `vpa check` accepts it.

Every input is bounded (docs/your-own-sources.md): a text of at most MAX_TEXT_BYTES, a
quote of at most MAX_QUOTE_CHARS. The exact search is one pass over the text and a
`str.find`, linear in both. The search for the closest lines has a budget: lines are
chosen by the words they share with the quote (one pass), and difflib aligns the quote
with at most NEAR_ALIGNED_LINES of them, each at most NEAR_WINDOW_CHARS long, for a
quote of at most NEAR_MAX_CHARS.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vpa_cli.errors import MissingPath, NotFound, UsageError
from vpa_cli.loading.dataset import Dataset
from vpa_cli.loading.texts import MAX_SOURCE_BYTES, SourceUnreadable, split_lines
from vpa_cli.records.types import Source
from vpa_cli.text import STRAIGHT

# The largest text read, in bytes (as stored, UTF-8): the limit every command reads a
# source's text by, so a text vpa quote takes is one a data file can name.
MAX_TEXT_BYTES = MAX_SOURCE_BYTES
# The longest quote looked for, in characters: the most one command-line argument
# holds on Linux (MAX_ARG_STRLEN), so one pasted argument always fits.
MAX_QUOTE_CHARS = 128 * 1024
# The closest lines' budget. A longer quote gets none (a line less than a third as long
# as the quote can never be half alike, so only a few lines could qualify anyway).
NEAR_MAX_CHARS = 1_000
# How many lines (or windows of a long line) difflib aligns the quote with.
NEAR_ALIGNED_LINES = 20
# A line longer than this is aligned in overlapping windows of this many characters,
# each a stretch of the line a quote of NEAR_MAX_CHARS could be half alike to.
NEAR_WINDOW_CHARS = 4 * NEAR_MAX_CHARS

# `vpa check` looks for the closest text of a quote that is not verbatim on the line
# cited and the lines either side, for at most this many quotes a run, in lines of at
# most this many characters: a run's work stays bounded whatever a file holds.
CHECK_NEAR_QUOTES = 100
CHECK_NEAR_LINE_CHARS = 64 * 1024

# Characters that copying changes, each to the one it is found as.
_SAME = str.maketrans(STRAIGHT)
_ID_PART = re.compile(r"[^a-z0-9]+")
_MIB = f"{MAX_TEXT_BYTES // 2**20} MiB"
_RUNS = re.compile(" {2,}")
_WORD = re.compile(r"\w+")


def source_id_for(path: Path) -> str:
    """The id a new source gets from its file name: my_Article (2).txt -> my-article-2."""
    from vpa_cli.text import fold

    slug = _ID_PART.sub("-", fold(path.stem)).strip("-")
    return slug or "source"


def _comparable(ch: str) -> str:
    """One character as finding compares it: one character out, so offsets hold."""
    if ch.isspace():
        return " "
    folded = ch.translate(_SAME).lower()
    return folded if len(folded) == 1 else ch


def comparable(text: str) -> str:
    """`text` as finding compares it, character by character (the same length, so
    offsets hold): the rule of _comparable for each distinct character, applied in
    one pass by str.translate rather than one Python call per character."""
    table = {ord(ch): folded for ch in set(text) if (folded := _comparable(ch)) != ch}
    return text.translate(table) if table else text


def _uncollapsed(folded: str, at: int) -> int:
    """Where character `at` of `folded` with its runs of spaces made one is in `folded`."""
    removed = 0
    for run in _RUNS.finditer(folded):
        if run.start() - removed >= at:
            break
        removed += run.end() - run.start() - 1
    return at + removed


@dataclass(frozen=True)
class QuoteCitation:
    """One line's part of a quote found: what to paste into a record's citations, and
    its place as every output writes it ("para. 6, line 10")."""

    source: str
    line: int
    quote: str
    paragraph: int | None
    where: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "quote": self.quote}


@dataclass(frozen=True)
class NearLine:
    line: int
    text: str
    score: float  # 0..1: how alike the quote and the stretch of the line it matches are
    # The stretch itself, as the file has it, widened to whole words: what to quote.
    stretch: str = ""


class QuoteNotFound(NotFound):
    """The text is not in the file; `near` holds the closest lines, and `citations`
    the citation of each one's matching stretch (None where it cannot be placed)."""

    def __init__(
        self,
        message: str,
        near: list[NearLine],
        citations: list[QuoteCitation | None] | None = None,
    ) -> None:
        super().__init__(message)
        self.near = near
        self.citations = citations or [None] * len(near)


def read_text_lines(path: Path) -> list[str]:
    """The lines of a text file, by the one rule every command reads sources by."""
    return split_lines(_read_text(path), str(path))


def _read_text(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_TEXT_BYTES."""
    shown = str(path)
    limit = MAX_TEXT_BYTES
    try:
        if path.is_dir():
            raise MissingPath(f"{shown}: is a directory, not a text file")
        if not path.is_file():
            if path.exists():
                raise SourceUnreadable(f"{shown}: not a regular file (a pipe or a device)")
            raise MissingPath(f"{shown}: no such file")
        size = path.stat().st_size
        if size > limit:
            raise SourceUnreadable(f"{shown}: {size:,} bytes is over the {_MIB} limit for a text")
        with path.open("rb") as handle:
            # As many bytes as the file says it holds (a larger read sets aside its
            # whole size first), then whatever it has grown by, up to the limit.
            raw = handle.read(size + 1)
            if len(raw) > size:
                raw += handle.read(limit + 1 - len(raw))
    except OSError as exc:
        raise SourceUnreadable(f"cannot read {shown}: {exc.strerror or exc}") from None
    except ValueError:
        raise MissingPath(f"{shown}: not a valid path") from None
    if len(raw) > limit:  # it grew while it was read
        raise SourceUnreadable(f"{shown}: over the {_MIB} limit for a text")
    return raw


def find_quote(
    path: Path, wanted: str, source: str | None = None, dataset: Dataset | None = None
) -> list[QuoteCitation]:
    """The citation(s) for `wanted` in the file at `path`: one per line the text
    spans, each the file's exact text. QuoteNotFound with the closest lines.

    When the file is the text of a source of `dataset`, a line is cited as a line of
    the work that holds it (where one file holds two works, the one whose lines
    these are), and its place comes from that work's layout, as in every other
    output; otherwise every non-blank line is a paragraph."""
    if len(wanted) > MAX_QUOTE_CHARS:
        raise UsageError(
            f"the quote is {len(wanted):,} characters, over the limit of {MAX_QUOTE_CHARS:,}:"
            " quote a shorter passage"
        )
    key = search_key(wanted)
    if not key:
        raise UsageError("empty quote: give the text to find")
    raw = _read_text(path)
    lines = split_lines(raw, str(path))
    sid = source or source_id_for(path)
    # The text as compared, then with runs of spaces made one (as the key is).
    folded = comparable("\n".join(lines))
    at = _RUNS.sub(" ", folded).find(key)
    if at < 0:
        message = f"not found in {path}: {wanted.strip()[:60]!r}"
        if len(key) > NEAR_MAX_CHARS:
            message += (
                f" (closest lines are looked for only for a quote of at most {NEAR_MAX_CHARS:,}"
                " characters)"
            )
        near = closest_lines(lines, key)
        works = _Works(path, hashlib.sha256(raw).hexdigest(), dataset, source)
        raise QuoteNotFound(message, near, [_near_citation(n, lines, sid, works) for n in near])
    begin = _uncollapsed(folded, at)
    end = _uncollapsed(folded, at + len(key) - 1) + 1
    digest = hashlib.sha256(raw).hexdigest()
    return _per_line(lines, sid, begin, end, _Works(path, digest, dataset, source))


def search_key(wanted: str) -> str:
    """A quote as finding compares it: folded, its runs of spaces made one, stripped."""
    return _RUNS.sub(" ", comparable(wanted)).strip()


def _near_citation(
    near: NearLine, lines: list[str], sid: str, works: _Works
) -> QuoteCitation | None:
    """The citation of a close line's matching stretch, placed as a found quote is;
    None when --source names a work the line is not part of."""
    if not near.stretch:
        return None
    paragraphs = sum(1 for line in lines[: near.line] if line.strip())
    try:
        source, paragraph, shown = works.place(near.line, paragraphs, sid)
    except UsageError:
        return None
    return QuoteCitation(source, near.line, near.stretch, paragraph, shown)


class _Works:
    """The works of a dataset whose text is the file quoted from."""

    def __init__(
        self, path: Path, digest: str, dataset: Dataset | None, chosen: str | None
    ) -> None:
        self.claims = None
        self.chosen = chosen
        self.works: list[Source] = []
        if dataset is None:
            return
        try:
            here = path.resolve()
            # The same file, or a copy of it (the sha256 a source records).
            self.works = [
                s
                for s in dataset.sources.values()
                if s.sha256 == digest or (s.path is not None and s.path.resolve() == here)
            ]
        except (OSError, ValueError):
            self.works = []
        from vpa_cli.claims.view import Claims

        self.claims = Claims(dataset)

    def place(self, n: int, number: int | None, sid: str) -> tuple[str, int | None, str]:
        """(source id, paragraph, where) of line `n`, whose paragraph is `number` in a
        text with no layout declared (non-blank lines, numbered from 1)."""
        from vpa_cli.claims.view import where

        work = next((w for w in self.works if w.holds(n)), None)
        if self.chosen and any(w.id == self.chosen for w in self.works):
            if work is None or work.id != self.chosen:
                holder = f"; it is a line of {work.id}" if work is not None else ""
                raise UsageError(f"--source {self.chosen}: line {n} is not part of it{holder}")
        elif self.chosen:
            work = None  # a source of the user's own, which the dataset does not know yet
        if work is not None and self.claims is not None:
            paragraph, _, place = self.claims.texts.place(work.id, n)
            return work.id, paragraph, where(place, n)
        return sid, number, where(f"para. {number}" if number else f"line {n}", n)


def _per_line(
    lines: list[str], sid: str, begin: int, end: int, works: _Works
) -> list[QuoteCitation]:
    out: list[QuoteCitation] = []
    offset = 0
    paragraphs = 0  # non-blank lines so far: counted as we go, not again for each line
    for n, line in enumerate(lines, 1):
        if offset >= end:
            break
        if line.strip():
            paragraphs += 1
        lo, hi = max(begin, offset), min(end, offset + len(line))
        if lo < hi:
            quote = line[lo - offset : hi - offset].strip()
            if quote:
                number = paragraphs if line.strip() else None
                source, paragraph, shown = works.place(n, number, sid)
                out.append(QuoteCitation(source, n, quote, paragraph, shown))
        offset += len(line) + 1
    return out


def closest_lines(lines: list[str], key: str, n: int = 3) -> list[NearLine]:
    """The lines most like the quote, best first: difflib's ratio between the quote
    and the stretch of the line from its first to its last matching character (a
    whole line would make every long line look unlike a short quote). Only those at
    least half alike are given.

    The budget: none for a quote longer than NEAR_MAX_CHARS; otherwise the lines
    (or NEAR_WINDOW_CHARS windows of a longer line) that share the most of the quote's
    words, at most NEAR_ALIGNED_LINES, are aligned. A line less than a third as long
    as the quote is never aligned: it cannot be half alike."""
    if len(key) > NEAR_MAX_CHARS:
        return []
    import difflib

    folded = comparable("\n".join(lines))
    best: dict[int, tuple[float, int, int]] = {}  # line -> (score, its stretch's span)
    # The heap keeps NEAR_ALIGNED_LINES candidates, not one per line of the text.
    for _, number, start, stop, offset in heapq.nsmallest(
        NEAR_ALIGNED_LINES, _candidates(lines, folded, key)
    ):
        window = folded[start:stop]
        compared = _RUNS.sub(" ", window)
        matcher = difflib.SequenceMatcher(None, key, compared, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        if not blocks:
            continue
        held = sum(b.size for b in blocks)
        first, last = blocks[0].b, blocks[-1].b + blocks[-1].size
        score = 2 * held / (len(key) + last - first)
        if score > best.get(number, (0.0, 0, 0))[0]:
            # The stretch in the line: its runs of spaces as the file has them.
            begin = start - offset + _uncollapsed(window, first)
            end = start - offset + _uncollapsed(window, last - 1) + 1
            best[number] = (score, begin, end)
    scored = [
        NearLine(number, lines[number - 1].strip(), score, _whole_words(lines[number - 1], a, b))
        for number, (score, a, b) in best.items()
    ]
    scored.sort(key=lambda near: (-near.score, near.line))
    return [near for near in scored[:n] if near.score >= 0.5]


def closest_around(lines: list[str], number: int, quote: str) -> NearLine | None:
    """The closest text to `quote` on line `number` of `lines` or a line either side,
    the line cited first among equals; None when none is at least half alike. Lines
    longer than CHECK_NEAR_LINE_CHARS are not looked in."""
    key = search_key(quote)
    first = max(number - 2, 0)
    near = [
        line if len(line) <= CHECK_NEAR_LINE_CHARS else "" for line in lines[first : number + 1]
    ]
    found = closest_lines(near, key) if key else []
    found.sort(key=lambda n: (-n.score, abs(first + n.line - number)))
    if not found:
        return None
    best = found[0]
    return NearLine(first + best.line, best.text, best.score, best.stretch)


# The part of a word either side of a stretch that it is widened by: a word longer than
# this is cut, so widening costs the same on a line of any length.
_WORD_BEFORE = re.compile(r"\w{1,40}$")
_WORD_AFTER = re.compile(r"\w{1,40}")


def _whole_words(line: str, begin: int, end: int) -> str:
    """line[begin:end] widened to the whole words it starts and ends in, stripped: a
    quote that begins or ends inside a word would read as a typo of it."""
    if begin > 0 and line[begin : begin + 1].isalnum():
        before = _WORD_BEFORE.search(line, max(0, begin - 40), begin)
        if before:
            begin = before.start()
    if end < len(line) and line[end - 1 : end].isalnum():
        after = _WORD_AFTER.match(line, end)
        if after:
            end = after.end()
    # A quotation mark or bracket the stretch opens and the line closes just after it
    # (or closes and the line opened just before it) is taken in: quotes stay paired.
    for opening, closing in _PAIRS:
        held = line[begin:end]
        if opening == closing:  # a straight quote: one left unpaired, either way
            opens = closes = held.count(opening) % 2 == 1
        else:
            opens = held.count(opening) > held.count(closing)
            closes = held.count(closing) > held.count(opening)
        if opens and line[end : end + 1] == closing:
            end += 1
        elif closes and begin > 0 and line[begin - 1] == opening:
            begin -= 1
    return line[begin:end].strip()


_PAIRS = (
    ("\u201c", "\u201d"),
    ("\u2018", "\u2019"),
    ('"', '"'),
    ("(", ")"),
    ("[", "]"),
    ("\u00ab", "\u00bb"),
)


def _candidates(
    lines: list[str], folded: str, key: str
) -> Iterator[tuple[int, int, int, int, int]]:
    """(-shared, line number, start, stop, offset) for each line, or window of a long
    line, that could be half alike to `key`: `shared` is how many characters of the
    key's words it holds, `start` and `stop` its place in `folded`, `offset` where its
    line begins there."""
    words = set(_WORD.findall(key))
    offset = 0
    for number, line in enumerate(lines, 1):
        if line.strip() and 3 * len(line) >= len(key):
            for start, stop in _windows(len(line), len(key)):
                stretch = folded[offset + start : offset + stop]
                shared = sum(len(w) for w in words.intersection(_WORD.findall(stretch)))
                yield -shared, number, offset + start, offset + stop, offset
        offset += len(line) + 1


def _windows(length: int, wanted: int) -> list[tuple[int, int]]:
    """The stretches of a line of `length` characters aligned with a quote of `wanted`:
    the whole line, or windows of NEAR_WINDOW_CHARS that overlap by 3 * `wanted`, so
    that any stretch a quote could be half alike to (at most three times its length)
    lies whole in one of them."""
    if length <= NEAR_WINDOW_CHARS:
        return [(0, length)]
    step = NEAR_WINDOW_CHARS - 3 * wanted
    starts = range(0, length - NEAR_WINDOW_CHARS + step, step)
    return [(start, min(start + NEAR_WINDOW_CHARS, length)) for start in starts]
