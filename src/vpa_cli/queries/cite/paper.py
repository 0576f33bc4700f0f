"""The citation keys a paper cites, read as pandoc reads them, from its file.

Markdown (pandoc's reader): `[@key]`, `[@key, para. 6]`, `[-@key]`, `[see @a; @b]`
and `@key` in running text; LaTeX cite commands too (`\\cite{a,b}`, natbib's
`\\citep`, `\\citet`, biblatex's `\\parencite`, `\\textcite`, `\\autocite`, ...,
their optional arguments and the multicite forms), which pandoc passes to LaTeX.
As pandoc does, nothing is read inside code (fenced or indented blocks, code spans),
HTML comments, link destinations and autolinks; an `@` after a letter, a digit or
a full stop (`x@y.com`) starts no key, nor does an escaped `\\@`; a key ends where
pandoc ends it (`@smith04.` is `smith04`); `@{...}` is a braced key; example-list
labels (`(@good)`) are not keys. A `.tex`, `.ltx` or `.latex` file is LaTeX: only
its cite commands count, outside `%` comments and verbatim environments.

Each pass is one walk over the text (regular expressions that cannot backtrack far,
searches that never restart behind themselves), so the work is linear in the
paper's size, which is bounded by MAX_PAPER_BYTES. Nothing here knows the dataset:
`bibliography.py` matches the keys to sources.
"""

from __future__ import annotations

import os
import re
import stat
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO, NamedTuple

from vpa_cli.claims.keys import KEY
from vpa_cli.errors import UsageError, VpaError

MAX_PAPER_BYTES = 4 * 1024 * 1024
STDIN = "-"
LATEX_SUFFIXES = frozenset({".tex", ".ltx", ".latex"})


@dataclass(frozen=True)
class CitedKey:
    """A key as a paper cites it, where it first does (for messages)."""

    key: str
    paper: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.paper}:{self.line}"


@dataclass(frozen=True)
class Paper:
    """A paper's text, and whether it is LaTeX (else Markdown)."""

    name: str
    text: str
    latex: bool = False

    def cited(self) -> list[CitedKey]:
        """Every key the paper cites, in order, as often as it cites it."""
        found = latex_keys(self.text) if self.latex else markdown_keys(self.text)
        starts = _line_starts(self.text)
        return [CitedKey(key, self.name, bisect_right(starts, at) + 1) for key, at in found]


# ---------------------------------------------------------------- reading the file


def read_paper(name: str, stdin: BinaryIO | None = None) -> Paper:
    """The paper at path `name` (`-`: `stdin`), UTF-8 text of at most MAX_PAPER_BYTES.

    UsageError (exit 2) for no path, a missing path or a folder; VpaError (exit 1)
    for a file that cannot be read, is too large, binary or not UTF-8.
    """
    if not name.strip():
        raise UsageError("--paper: an empty path was given; give the file of your paper")
    if name == STDIN:
        if stdin is None:
            raise UsageError("--paper -: there is no standard input to read")
        shown = "standard input"
        raw = stdin.read(MAX_PAPER_BYTES + 1)
    else:
        shown = name
        raw = _read_file(Path(name), shown)
    if len(raw) > MAX_PAPER_BYTES:
        raise VpaError(
            f"{shown}: over the {MAX_PAPER_BYTES // (1024 * 1024)} MiB limit for a paper; "
            "give each chapter with its own --paper"
        )
    latex = name != STDIN and PurePath(name).suffix.lower() in LATEX_SUFFIXES
    return Paper(name if name != STDIN else shown, _decode(raw, shown), latex)


def _read_file(path: Path, shown: str) -> bytes:
    try:
        if not path.exists():
            raise UsageError(f"{shown}: no such file; give --paper the path of your paper")
        if path.is_dir():
            raise UsageError(f"{shown}: is a folder; give --paper the paper's file itself")
        # Never waiting on a FIFO put in the file's place since it was looked at.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        with open(os.open(path, flags), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise VpaError(
                    f"{shown}: not a regular file (a pipe or a device); save the paper "
                    "to a file, or pipe it to --paper -"
                )
            return handle.read(MAX_PAPER_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise VpaError(f"{shown}: cannot read: {reason}; check the file's permissions") from None
    except ValueError:  # a NUL byte in the path
        raise UsageError(f"{shown!r}: not a valid path") from None


def _decode(raw: bytes, shown: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise VpaError(f"{shown}: UTF-16 text; save the paper as UTF-8, as pandoc reads it")
    if b"\0" in raw or raw.startswith(b"%PDF-"):
        raise VpaError(
            f"{shown}: a binary file, not Markdown or LaTeX text; give the Markdown "
            f"(pandoc converts a .docx: pandoc {shown} -t markdown -o paper.md)"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise VpaError(
            f"{shown}: line {line}: not UTF-8 (byte 0x{raw[exc.start]:02x}); "
            "save the paper as UTF-8, as pandoc reads it"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_starts(text: str) -> list[int]:
    """The offset of each line's start but the first: bisect_right gives a line number."""
    return [m.end() for m in re.finditer("\n", text)]


# ---------------------------------------------------------------- masking

# Masked text keeps its length and its line breaks, so offsets still give lines:
# code blocks become blank lines (they end paragraphs), inline code and the like
# become NULs (they do not; nor is a NUL a letter before an `@`).
_NOT_NEWLINE = re.compile("[^\n]")


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each (start, end) span, in order and apart, made NULs."""
    if not spans:
        return text
    pieces = []
    at = 0
    for start, end in spans:
        pieces.append(text[at:start])
        pieces.append(_NOT_NEWLINE.sub("\0", text[start:end]))
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


# ---------------------------------------------------------------- Markdown: blocks

_QUOTE_MARKS = re.compile(r"(?:[ ]{0,3}>[ ]?)*")
_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})(.*)")
_RAW_LATEX = re.compile(r"\{\s*=(?:latex|tex)\s*\}\s*")
# Lines after which a fence may open though no blank line comes between: a
# heading, a rule or setext underline, the end of the YAML block.
_BLOCK_END = re.compile(
    r"[ ]{0,3}(?:#{1,6}(?:[ \t].*)?|(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}"
    r"|=+[ \t]*|\.\.\.[ \t]*)"
)
# What opens a list item, a definition, a footnote or an example: after one, an
# indented paragraph continues the item rather than being code. Generous on purpose:
# taking code for text reads a key too many, never one too few.
_LIST_ITEM = re.compile(
    r"[ ]{0,3}(?:[-+*:~]|\(?(?:\d{1,9}|#|[A-Za-z]|[ivxlcdmIVXLCDM]+)[.)]|\(@[\w-]*\)"
    r"|@[\w-]*[.)]|\[\^[^\]\n]+\]:)(?:[ \t]|$)"
)


def _blank(line: str) -> bool:
    """A blank line, or one of a block quote's `>` marks alone."""
    return not line.strip(" \t>")


def _indent(line: str) -> int:
    """The line's indentation in columns, a tab reaching the next multiple of 4."""
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


class _Fence(NamedTuple):
    char: str
    length: int
    closes: bool  # could close a block: nothing after the fence
    info: str


def _fences(lines: list[str]) -> dict[int, _Fence]:
    """The lines that are fences, by number."""
    found = {}
    for i, line in enumerate(lines):
        if "```" not in line and "~~~" not in line:
            continue
        quoted = _QUOTE_MARKS.match(line)
        m = _FENCE.fullmatch(line, quoted.end() if quoted else 0)
        if m is not None and not (m[1][0] == "`" and "`" in m[2]):
            found[i] = _Fence(m[1][0], len(m[1]), not m[2].strip(), m[2])
    return found


class _Closers:
    """The fences that could close a block, of one character, so that an opening
    fence that nothing closes (pandoc: text) is known at once."""

    def __init__(self, fences: dict[int, _Fence], char: str) -> None:
        self.fences = fences
        self.lines = [i for i, f in fences.items() if f.closes and f.char == char]
        # longest[k]: the longest of the closers from the k-th on.
        self.longest = [fences[i].length for i in self.lines] + [0]
        for k in range(len(self.lines) - 1, -1, -1):
            self.longest[k] = max(self.longest[k], self.longest[k + 1])

    def after(self, line: int, length: int) -> int | None:
        """The first closer after `line` at least `length` long."""
        k = bisect_right(self.lines, line)
        if self.longest[k] < length:
            return None
        while self.fences[self.lines[k]].length < length:
            k += 1
        return self.lines[k]


def _code_blocks(lines: list[str]) -> tuple[set[int], list[tuple[int, int]]]:
    """The lines in fenced and indented code blocks (not the YAML block at the top),
    and the (first, last) lines inside raw LaTeX blocks (```{=latex})."""
    fences = _fences(lines)
    closers = {char: _Closers(fences, char) for char in "`~"}
    n = len(lines)
    code: set[int] = set()
    raw: list[tuple[int, int]] = []
    i = _yaml_block_end(lines)
    block_start, in_list = True, False
    while i < n:
        line = lines[i]
        fence = fences.get(i)
        end = closers[fence.char].after(i, fence.length) if fence and block_start else None
        if fence and end is not None:
            if _RAW_LATEX.fullmatch(fence.info):
                raw.append((i + 1, end - 1))
            code.update(range(i, end + 1))
            i, block_start = end + 1, True
            continue
        if _blank(line):
            i, block_start = i + 1, True
            continue
        indent = _indent(line)
        if indent >= 4 and block_start and not in_list:
            while i < n and (_blank(lines[i]) or _indent(lines[i]) >= 4):
                code.add(i)
                i += 1
            continue
        if indent < 4 and _LIST_ITEM.match(line):
            in_list = True
        elif indent == 0 and block_start:
            in_list = False
        # A heading or rule opens no block unless it started one itself.
        block_start = block_start and bool(_BLOCK_END.fullmatch(line))
        i += 1
    return code, raw


def _yaml_block_end(lines: list[str]) -> int:
    """The first line after a YAML metadata block at the top (0 if there is none)."""
    if not lines or lines[0].rstrip() != "---":
        return 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return i + 1
    return 0


# ---------------------------------------------------------------- Markdown: inlines

_CODE_OR_COMMENT = re.compile(r"<!--|`+")
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")
_LINK_PARTS = re.compile(
    # an autolink: <scheme:...> or <name@host>
    r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>"
    # a link's destination and title: ](...), one level of parentheses inside
    r"|(?<=\])\((?:[^()\n]|\([^()\n]*\))*\)"
    # a reference definition, [label]: destination "title" (not a footnote's [^1]:)
    r"|(?m:^[ ]{0,3}\[(?!\^)[^\[\]\n@]+\]:.*$)"
)
_EXAMPLE = re.compile(r"[ ]{0,3}(?:\(@([\w-]*)\)|@([\w-]*)[.)])(?=[ \t]|$)")
_CITE_TOKEN = re.compile(rf"(\[)|(\])|@(?:\{{([^\s{{}}]+)\}}|({KEY}))")


def _escaped(text: str, at: int) -> bool:
    """Whether the character at `at` follows an odd run of backslashes."""
    run = 0
    while at - run > 0 and text[at - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _inline_code_and_comments(text: str) -> list[tuple[int, int]]:
    """Code spans and HTML comments, whichever opens first, left to right.

    A code span runs from a run of backticks to the next run exactly as long in the
    same paragraph. As in pandoc, a run that has none (or is escaped) is one literal
    backtick, and the rest of it opens a span of its own: ``` ``a`b ``` is `a`."""
    tokens = list(_CODE_OR_COMMENT.finditer(text))
    paragraph_ends = [m.start() for m in _BLANK_LINE.finditer(text)] + [len(text)]
    runs: dict[int, list[int]] = {}  # length -> where each run of that length starts
    for m in tokens:
        if m[0][0] == "`":
            runs.setdefault(len(m[0]), []).append(m.start())
    spans: list[tuple[int, int]] = []
    at = 0
    comments_close = True
    for m in tokens:
        start = m.start()
        if start < at:
            continue
        if m[0] == "<!--":
            end = text.find("-->", start + 4) if comments_close else -1
            if end < 0:
                comments_close = False  # none closes: no later one can either
                continue
            spans.append((start, end + 3))
            at = end + 3
            continue
        paragraph_end = paragraph_ends[bisect_right(paragraph_ends, start)]
        run = len(m[0])
        for length in range(run - _escaped(text, start), 0, -1):
            closers = runs.get(length, [])
            k = bisect_right(closers, start)
            if k < len(closers) and closers[k] < paragraph_end:
                spans.append((m.end() - length, closers[k] + length))
                at = closers[k] + length
                break
    return spans


def _after_text(text: str, at: int) -> bool:
    """Whether an `@` at `at` continues a word (pandoc reads no key there): after a
    letter, digit or full stop, or an escaping backslash."""
    if at == 0:
        return False
    before = text[at - 1]
    if before.isalnum() or before == ".":
        return True
    return before == "\\" and _escaped(text, at)


def _examples(text: str) -> tuple[set[str], list[tuple[int, int]]]:
    """Example-list labels (`(@good)`, `@good.` opening a paragraph or following an
    item) and the markers' spans, which are not keys."""
    labels: set[str] = set()
    spans: list[tuple[int, int]] = []
    at = 0
    opens = True
    for line in text.split("\n"):
        m = _EXAMPLE.match(line) if opens else None
        if m:
            labels.add(m[1] if m[1] is not None else m[2])
            spans.append((at, at + m.end()))
        opens = m is not None or not line.strip()
        at += len(line) + 1
    labels.discard("")
    return labels, spans


def markdown_keys(text: str) -> list[tuple[str, int]]:
    """(key, offset) of every citation key in Markdown `text`, in order."""
    lines = text.split("\n")
    code, raw = _code_blocks(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    latex = [
        found
        for first, last in raw
        for found in _latex_keys_at(text, starts[first], starts[last + 1])
    ]
    text = "\n".join(" " * len(line) if i in code else line for i, line in enumerate(lines))
    text = _masked(text, _inline_code_and_comments(text))
    text = _masked(text, [m.span() for m in _LINK_PARTS.finditer(text)])
    labels, markers = _examples(text)
    text = _masked(text, markers)
    found = []
    depth = 0
    key_end = -1
    for m in _CITE_TOKEN.finditer(text):
        if m[1]:
            depth += 1
        elif m[2]:
            depth = max(0, depth - 1)
        else:
            at = m.start()
            key = m[3] or m[4]
            if at != key_end and _after_text(text, at):
                continue
            if depth == 0 and key in labels:
                continue  # a reference to an example, not a citation
            found.append((key, at))
            key_end = m.end()
    found += latex
    found += _latex_keys_at(text, 0, len(text))
    return sorted(found, key=lambda item: item[1])


# ---------------------------------------------------------------- LaTeX

# natbib's and biblatex's citation commands, pandoc's LaTeX reader's list; the
# multicite forms take several `[pre][post]{keys}` groups.
_ONE_GROUP = frozenset(
    (  # noqa: SIM905 (a list of words reads better as words)
        "cite Cite citep Citep citet Citet citealt Citealt citealp Citealp citeauthor "
        "Citeauthor citeyear citeyearpar citetitle Citetitle citedate citeurl citenum "
        "parencite Parencite footcite Footcite footcitetext textcite Textcite smartcite "
        "Smartcite supercite autocite Autocite fullcite footfullcite nocite"
    ).split()
)
_MULTICITE = frozenset(
    (  # noqa: SIM905
        "cites Cites parencites Parencites footcites Footcites textcites Textcites "
        "smartcites Smartcites supercites autocites Autocites"
    ).split()
)
_COMMAND = re.compile(r"\\([A-Za-z]+)\*?")
_NOTE = re.compile(r"\s*\([^()]*\)")
_OPTION = re.compile(r"\s*\[[^\[\]]*\]")
_KEYS = re.compile(r"\s*\{([^{}]*)\}")
_COMMENT = re.compile(r"(?<!\\)%[^\n]*")
_VERBATIM = re.compile(r"\\begin\{(verbatim|Verbatim|lstlisting|minted|comment)\*?\}")


def _keys_group(text: str, at: int) -> tuple[list[tuple[str, int]], int] | None:
    """Up to two optional arguments, then `{a, b}`: its keys and where it ends."""
    for _ in range(2):
        option = _OPTION.match(text, at)
        if option is None:
            break
        at = option.end()
    group = _KEYS.match(text, at)
    if group is None:
        return None
    keys = []
    start = group.start(1)
    for part in group[1].split(","):
        key = part.strip()
        if key:
            keys.append((key, start + part.index(key)))
        start += len(part) + 1
    return keys, group.end()


def _latex_keys_at(text: str, start: int, end: int) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for m in _COMMAND.finditer(text, start, end):
        name = m[1]
        if name not in _ONE_GROUP and name not in _MULTICITE:
            continue
        at = m.end()
        if name in _MULTICITE:
            for _ in range(2):
                note = _NOTE.match(text, at)
                if note is None:
                    break
                at = note.end()
        while (group := _keys_group(text, at)) is not None:
            keys, at = group
            found += keys
            if name not in _MULTICITE:
                break
    return found


def latex_keys(text: str) -> list[tuple[str, int]]:
    """(key, offset) of every key a LaTeX text's cite commands cite, in order,
    outside comments and verbatim environments."""
    text = _masked(text, [m.span() for m in _COMMENT.finditer(text)])
    spans = []
    at = 0
    closed: set[str] = set()
    for m in _VERBATIM.finditer(text):
        if m.start() < at or m[1] in closed:
            continue
        end = text.find(f"\\end{{{m[1]}}}", m.end())
        if end < 0:
            closed.add(m[1])  # nothing ends it: no later one ends either
            continue
        spans.append((m.start(), end))
        at = end
    return _latex_keys_at(_masked(text, spans), 0, len(text))
