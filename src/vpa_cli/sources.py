"""The texts of the sources: reading them (one rule for bytes and line endings),
and naming the place of a citation (one locator for every command).

A line of a work is a paragraph unless the source's `layout` gives it another role
(title, heading, caption, byline, dateline, furniture, reference list); blank lines
are nothing. Paragraphs are numbered from 1 inside the work's span, as a reader
counts them in the published article; the view of a claim (claims/view.py) names
a citation's place from them: "para. 12" (APA 7's locator for unpaginated works)
or the line's role ("dateline"). A source without a layout counts every
non-blank line of its span as a paragraph.

`vpa check`, `vpa show`, `vpa cite` and search all read a source's text here:
bytes are UTF-8 (a byte-order mark is ignored; anything else is refused), lines
are split on LF and a CR before it is dropped, so a file saved with Windows
line endings reads the same. Lines are numbered from 1 by position.
"""

from __future__ import annotations

from functools import cache

from vpa_cli.dataset import bundled_files, package_root
from vpa_cli.errors import DataError
from vpa_cli.model import Citation, Dataset, Source


class SourceUnreadable(DataError):
    """A source's text cannot be read or is not UTF-8; the message says which and why."""


def read_bytes(source: Source) -> bytes:
    """The bytes of a source's text; SourceUnreadable if there are none to read."""
    if source.path is None:
        raise SourceUnreadable(f"{source.file}: no path to read")
    try:
        return source.path.read_bytes()
    except (OSError, ValueError) as exc:
        # ValueError: a path the OS cannot take (a NUL byte, a lone surrogate).
        reason = getattr(exc, "strerror", None) or "not a valid path"
        raise SourceUnreadable(f"cannot read {source.file}: {reason}") from None


def split_lines(raw: bytes, shown: str) -> list[str]:
    """The lines of a text, by the one rule; SourceUnreadable if it is not UTF-8."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceUnreadable(f"{shown} is not UTF-8") from None
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def read_lines(source: Source) -> list[str]:
    """The lines of a source's text, numbered from 1 by position."""
    return split_lines(read_bytes(source), source.file)


@cache
def bundled_origins() -> frozenset[str]:
    """The names the bundled data files go by in messages and `origin` (data/events.json)."""
    root = package_root()
    return frozenset(p.relative_to(root).as_posix() for p in bundled_files())


def source_file(source: Source) -> str:
    """Where a source's text is, as people can open it: relative to the package for
    the bundled data (seeds/...), else the path the user's data file leads to."""
    if source.path is None:
        return source.file
    root = package_root()
    if source.origin in bundled_origins() and source.path.is_relative_to(root):
        return source.path.relative_to(root).as_posix()
    return source.path.as_posix()


PARAGRAPH = "paragraph"


def line_roles(source: Source) -> dict[int, str]:
    """The role of each line the source's layout names (the rest are paragraphs)."""
    roles: dict[int, str] = {}
    for role in source.layout:
        first, _, last = role.lines.partition("-")
        for n in range(int(first), int(last or first) + 1):
            roles[n] = role.role
    return roles


def paragraph_numbers(source: Source, lines: list[str]) -> dict[int, int]:
    """Line number -> paragraph number, for every paragraph line of the work."""
    roles = line_roles(source)
    first, last = source.span
    end = len(lines) if last is None else min(last, len(lines))
    numbers: dict[int, int] = {}
    for n in range(first, end + 1):
        if lines[n - 1].strip() and n not in roles:
            numbers[n] = len(numbers) + 1
    return numbers


def role_of(source: Source, lines: list[str], line: int) -> str | None:
    """What a line is: "paragraph", a layout role, or None (blank or outside the work)."""
    if not source.holds(line) or not 1 <= line <= len(lines) or not lines[line - 1].strip():
        return None
    return line_roles(source).get(line, PARAGRAPH)


def paragraph(source: Source, line: int) -> int | None:
    """The paragraph number a reader counts for `line`, or None if it is no paragraph."""
    return paragraph_numbers(source, read_lines(source)).get(line)


def locator(dataset: Dataset, citation: Citation) -> str:
    """The place of a citation as every command names it: FILE:LINE."""
    source = dataset.sources.get(citation.source)
    where = source_file(source) if source else citation.source
    return f"{where}:{citation.line}"
