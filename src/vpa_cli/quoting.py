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
from vpa_cli.model import Dataset, Source
from vpa_cli.sources import MAX_SOURCE_BYTES, SourceUnreadable, split_lines
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
class Citation:
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


class QuoteNotFound(NotFound):
    """The text is not in the file; `near` holds the closest lines."""

    def __init__(self, message: str, near: list[NearLine]) -> None:
        super().__init__(message)
        self.near = near


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
) -> list[Citation]:
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
    key = _RUNS.sub(" ", comparable(wanted)).strip()
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
        raise QuoteNotFound(message, closest_lines(lines, key))
    begin = _uncollapsed(folded, at)
    end = _uncollapsed(folded, at + len(key) - 1) + 1
    digest = hashlib.sha256(raw).hexdigest()
    return _per_line(lines, sid, begin, end, _Works(path, digest, dataset, source))


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


def _per_line(lines: list[str], sid: str, begin: int, end: int, works: _Works) -> list[Citation]:
    out: list[Citation] = []
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
                out.append(Citation(source, n, quote, paragraph, shown))
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
    best: dict[int, float] = {}
    # The heap keeps NEAR_ALIGNED_LINES candidates, not one per line of the text.
    for _, number, start, stop in heapq.nsmallest(
        NEAR_ALIGNED_LINES, _candidates(lines, folded, key)
    ):
        compared = _RUNS.sub(" ", folded[start:stop])
        matcher = difflib.SequenceMatcher(None, key, compared, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        if not blocks:
            continue
        held = sum(b.size for b in blocks)
        stretch = blocks[-1].b + blocks[-1].size - blocks[0].b
        best[number] = max(best.get(number, 0.0), 2 * held / (len(key) + stretch))
    scored = [NearLine(number, lines[number - 1].strip(), score) for number, score in best.items()]
    scored.sort(key=lambda near: (-near.score, near.line))
    return [near for near in scored[:n] if near.score >= 0.5]


def _candidates(lines: list[str], folded: str, key: str) -> Iterator[tuple[int, int, int, int]]:
    """(-shared, line number, start, stop) for each line, or window of a long line, that
    could be half alike to `key`: `shared` is how many characters of the key's words
    it holds, `start` and `stop` its place in `folded`."""
    words = set(_WORD.findall(key))
    offset = 0
    for number, line in enumerate(lines, 1):
        if line.strip() and 3 * len(line) >= len(key):
            for start, stop in _windows(len(line), len(key)):
                stretch = folded[offset + start : offset + stop]
                shared = sum(len(w) for w in words.intersection(_WORD.findall(stretch)))
                yield -shared, number, offset + start, offset + stop
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
