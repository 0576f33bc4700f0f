"""Finding a quote in a source text (`vpa quote`): the citation to paste, with the
exact text of the file, or the closest lines when the text is not there.

Finding forgives what copying from a page changes: straight and typographic
quotes and apostrophes, dashes, case, and runs of spaces, non-breaking spaces
and line breaks. What is printed is always the file's own text for the span
found, so the quote stays verbatim and `vpa check` accepts it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vpa_cli.errors import MissingPath, NotFound, UsageError
from vpa_cli.model import Dataset, Source
from vpa_cli.sources import SourceUnreadable, split_lines
from vpa_cli.text import STRAIGHT

# Characters that copying changes, each to the one it is found as.
_SAME = str.maketrans(STRAIGHT)
_ID_PART = re.compile(r"[^a-z0-9]+")


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
    shown = str(path)
    try:
        if not path.is_file():
            raise MissingPath(f"{shown}: no such file")
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceUnreadable(f"cannot read {shown}: {exc.strerror or exc}") from None
    except ValueError:
        raise MissingPath(f"{shown}: not a valid path") from None
    return split_lines(raw, shown)


def paragraph_of(lines: list[str], line: int) -> int | None:
    """The paragraph a reader counts for `line` in a text with no layout declared:
    non-blank lines, numbered from 1 (None for a blank line)."""
    if not lines[line - 1].strip():
        return None
    return sum(1 for text in lines[:line] if text.strip())


def find_quote(
    path: Path, wanted: str, source: str | None = None, dataset: Dataset | None = None
) -> list[Citation]:
    """The citation(s) for `wanted` in the file at `path`: one per line the text
    spans, each the file's exact text. QuoteNotFound with the closest lines.

    When the file is the text of a source of `dataset`, a line is cited as a line of
    the work that holds it (where one file holds two works, the one whose lines
    these are), and its place comes from that work's layout, as in every other
    output; otherwise every non-blank line is a paragraph."""
    key = "".join(_comparable(ch) for ch in wanted).strip()
    key = re.sub(" +", " ", key)
    if not key:
        raise UsageError("empty quote: give the text to find")
    lines = read_text_lines(path)
    sid = source or source_id_for(path)
    text = "\n".join(lines)
    # The text as compared, with runs of spaces made one; `starts` maps each
    # compared character back to its place in `text`.
    compared: list[str] = []
    starts: list[int] = []
    for i, ch in enumerate(text):
        c = _comparable(ch)
        if c == " " and compared and compared[-1] == " ":
            continue
        compared.append(c)
        starts.append(i)
    at = "".join(compared).find(key)
    if at < 0:
        near = closest_lines(lines, key)
        raise QuoteNotFound(f"not found in {path}: {wanted.strip()[:60]!r}", near)
    begin, end = starts[at], starts[at + len(key) - 1] + 1
    return _per_line(lines, sid, begin, end, _Works(path, dataset, source))


class _Works:
    """The works of a dataset whose text is the file quoted from."""

    def __init__(self, path: Path, dataset: Dataset | None, chosen: str | None) -> None:
        self.claims = None
        self.chosen = chosen
        self.works: list[Source] = []
        if dataset is None:
            return
        try:
            here = path.resolve()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
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

    def place(self, lines: list[str], n: int, sid: str) -> tuple[str, int | None, str]:
        """(source id, paragraph, where) of line `n`."""
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
        number = paragraph_of(lines, n)
        return sid, number, where(f"para. {number}" if number else f"line {n}", n)


def _per_line(lines: list[str], sid: str, begin: int, end: int, works: _Works) -> list[Citation]:
    out: list[Citation] = []
    offset = 0
    for n, line in enumerate(lines, 1):
        lo, hi = max(begin, offset), min(end, offset + len(line))
        if lo < hi:
            quote = line[lo - offset : hi - offset].strip()
            if quote:
                source, paragraph, shown = works.place(lines, n, sid)
                out.append(Citation(source, n, quote, paragraph, shown))
        offset += len(line) + 1
    return out


def closest_lines(lines: list[str], key: str, n: int = 3) -> list[NearLine]:
    """The lines most like the quote, best first: difflib's ratio between the quote
    and the stretch of the line from its first to its last matching character (a
    whole line would make every long line look unlike a short quote)."""
    import difflib

    scored = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        compared = re.sub(" +", " ", "".join(_comparable(ch) for ch in line))
        matcher = difflib.SequenceMatcher(None, key, compared, autojunk=False)
        blocks = [b for b in matcher.get_matching_blocks() if b.size]
        if not blocks:
            continue
        held = sum(b.size for b in blocks)
        stretch = blocks[-1].b + blocks[-1].size - blocks[0].b
        scored.append(NearLine(number, line.strip(), 2 * held / (len(key) + stretch)))
    scored.sort(key=lambda near: (-near.score, near.line))
    return [near for near in scored[:n] if near.score >= 0.5]
