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

Data files come from other people, so a source's `file` is read only if, with every
link followed, it is inside the folder of the data file that names it (the package's
data/ and seeds/ for the bundled data), is a regular file (never a FIFO, a device, a
socket or a folder) and holds at most MAX_SOURCE_BYTES; loading refuses the rest
(`file_problem`), and reading checks again, never waiting on a FIFO nor following a
link swapped in meanwhile.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from functools import cache
from pathlib import Path, PurePath

from vpa_cli.errors import DataError
from vpa_cli.loading.paths import bundled_files, package_root
from vpa_cli.records.types import Source

MAX_SOURCE_BYTES = 16 * 1024 * 1024

# Opening never waits (a FIFO swapped in after the check) and never follows a link
# swapped in for the file itself; the folders above it were resolved just before.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class SourceUnreadable(DataError):
    """A source's text cannot be read or is not UTF-8; the message says which and why."""


class SourceRefused(SourceUnreadable):
    """A source's text that may not be read: it leads outside its folder, is no regular
    file, or is over MAX_SOURCE_BYTES. Loading refuses the data file that names it."""


def _limit_text(n: int) -> str:
    mib = 1024 * 1024
    return f"{n // mib} MiB" if n % mib == 0 else f"{n} bytes"


def _kind(mode: int) -> str:
    kinds = {
        stat.S_IFDIR: "a directory",
        stat.S_IFIFO: "a FIFO (named pipe)",
        stat.S_IFCHR: "a character device",
        stat.S_IFBLK: "a block device",
        stat.S_IFSOCK: "a socket",
        stat.S_IFLNK: "a symbolic link",
    }
    return kinds.get(stat.S_IFMT(mode), "not a plain file")


def _folders(source: Source, path: Path) -> tuple[list[Path], str]:
    """The folders a source's text must be inside, and how messages name them."""
    # path is the data file's folder joined with `file`: take `file`'s parts off again.
    depth = len(PurePath(source.file).parts)
    base = path.parents[depth - 1] if 0 < depth <= len(path.parents) else path
    root = package_root()
    if source.origin in bundled_origins() and base == root:
        return [root / "data", root / "seeds"], "the package's data and seeds folders"
    return [base], f"the folder of {source.origin}"


def _inside(real: str, folder: str) -> bool:
    try:
        return real != folder and os.path.commonpath([real, folder]) == folder
    except ValueError:  # on another drive (Windows)
        return False


def _refused(source: Source, why: str) -> SourceRefused:
    return SourceRefused(f"cannot read {source.file}: {why}")


def _unreadable(source: Source, exc: Exception) -> SourceUnreadable:
    # ValueError: a path the OS cannot take (a NUL byte, a lone surrogate).
    reason = getattr(exc, "strerror", None) or "not a valid path"
    return SourceUnreadable(f"cannot read {source.file}: {reason}")


def _located(source: Source) -> tuple[str, os.stat_result]:
    """The real path of a source's text and its figures, when it may be read: inside
    its folder once every link is followed, a regular file, at most MAX_SOURCE_BYTES
    (else SourceRefused); SourceUnreadable when it cannot be (missing, say)."""
    if source.path is None:
        raise SourceUnreadable(f"{source.file}: no path to read")
    try:
        real = os.path.realpath(source.path)
        folders, named = _folders(source, source.path)
        if not any(_inside(real, os.path.realpath(f)) for f in folders):
            raise _refused(source, f"it leads outside {named} (to {real})")
        st = os.lstat(real)
    except (OSError, ValueError) as exc:
        raise _unreadable(source, exc) from None
    if not stat.S_ISREG(st.st_mode):
        raise _refused(source, f"it is {_kind(st.st_mode)}, not a regular file")
    if st.st_size > MAX_SOURCE_BYTES:
        raise _refused(source, _over_limit(st.st_size))
    return real, st


def _over_limit(size: int | None) -> str:
    held = f"{size} bytes is" if size is not None else "it is"
    return f"{held} over the {_limit_text(MAX_SOURCE_BYTES)} limit for a source's text"


def file_problem(source: Source) -> str | None:
    """Why a source's `file` may not be read (outside its folder, not a regular file,
    over the limit), or None: loading refuses a data file for it. A text that cannot be
    read (missing, say) is left to `vpa check`, as before."""
    try:
        _located(source)
    except SourceRefused as exc:
        return str(exc)
    except SourceUnreadable:
        pass
    return None


def read_bytes(source: Source) -> bytes:
    """The bytes of a source's text; SourceUnreadable if there are none to read, or if
    they may not be read (see the module's docstring)."""
    real, before = _located(source)
    try:
        descriptor = os.open(real, _OPEN_FLAGS)
    except OSError as exc:
        # ELOOP: the file was replaced by a link after it was checked.
        raise _unreadable(source, exc) from None
    with open(descriptor, "rb") as handle:
        now = os.fstat(descriptor)
        if not stat.S_ISREG(now.st_mode) or (now.st_dev, now.st_ino) != (
            before.st_dev,
            before.st_ino,
        ):
            raise _refused(source, "it was replaced while it was read")
        try:
            raw = handle.read(MAX_SOURCE_BYTES + 1)
        except OSError as exc:
            raise _unreadable(source, exc) from None
    if len(raw) > MAX_SOURCE_BYTES:
        raise _refused(source, _over_limit(None))
    return raw


def split_lines(raw: bytes, shown: str) -> list[str]:
    """The lines of a text, by the one rule; SourceUnreadable if it is not UTF-8."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceUnreadable(f"{shown} is not UTF-8") from None
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


# How many lines each text had when it was last read, so that the roles of its lines
# are worked out for those lines alone, whatever span a layout gives.
_LINE_COUNTS: dict[Path, int] = {}


def read_lines(source: Source) -> list[str]:
    """The lines of a source's text, numbered from 1 by position."""
    lines = split_lines(read_bytes(source), source.file)
    if source.path is not None:
        _LINE_COUNTS[source.path] = len(lines)
    return lines


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


def line_roles(source: Source, lines: Sequence[str] | None = None) -> dict[int, str]:
    """The role of each line the source's layout names (the rest are paragraphs), for
    the lines its text has (`lines`, else as `read_lines` last read it): a layout's
    span is never walked past the end of the file, however far it says it reaches."""
    if lines is not None:
        count = len(lines)
    elif source.path is not None and source.path in _LINE_COUNTS:
        count = _LINE_COUNTS[source.path]
    else:
        count = len(read_lines(source))
    roles: dict[int, str] = {}
    for role in source.layout:
        first, _, last = role.lines.partition("-")
        for n in range(int(first), min(int(last or first), count) + 1):
            roles[n] = role.role
    return roles


def paragraph_numbers(source: Source, lines: list[str]) -> dict[int, int]:
    """Line number -> paragraph number, for every paragraph line of the work."""
    roles = line_roles(source, lines)
    first, last = source.span
    end = len(lines) if last is None else min(last, len(lines))
    numbers: dict[int, int] = {}
    for n in range(first, end + 1):
        if lines[n - 1].strip() and n not in roles:
            numbers[n] = len(numbers) + 1
    return numbers


def role_of(
    source: Source, lines: list[str], line: int, roles: dict[int, str] | None = None
) -> str | None:
    """What a line is: "paragraph", a layout role, or None (blank or outside the work);
    `roles` is `line_roles(source, lines)`, when the caller has it already."""
    if not source.holds(line) or not 1 <= line <= len(lines) or not lines[line - 1].strip():
        return None
    return (line_roles(source, lines) if roles is None else roles).get(line, PARAGRAPH)


def paragraph(source: Source, line: int) -> int | None:
    """The paragraph number a reader counts for `line`, or None if it is no paragraph."""
    return paragraph_numbers(source, read_lines(source)).get(line)
