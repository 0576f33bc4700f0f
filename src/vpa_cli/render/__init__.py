"""The one place that writes results: formats, terminals, pipes and encodings.

Commands hand data to a renderer in this package; nothing else prints to
stdout. On a terminal, what a command writes is held and, when it is taller
than the screen, sent through a pager as git does (`finish`). Text that comes
from data files goes through `clean` (control and bidi characters made
visible, typographic punctuation degraded when the output encoding cannot
carry it) and reaches rich only as `Text`, never as markup. Piped output is
produced without importing rich at all."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

from vpa_cli.formats import OutputFormat, format_name
from vpa_cli.text import defuse_formula, printable

__all__ = [
    "Output",
    "OutputFormat",
    "clean_for",
    "finish",
    "json_text",
    "note",
    "reset",
    "set_color",
    "set_pager",
]

if TYPE_CHECKING:
    from rich.console import Console


# What typographic characters become when the output encoding cannot carry them.
_ASCII = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "--",
        "\u2026": "...",
        "\u00a0": " ",
        "\u2192": "->",
        "\u00b7": "-",
        "\u2022": "*",
        "\u2588": "#",
        # The marks of a date's basis stay distinct where the encoding has no dagger.
        "\u2020": "(s)",
        "\u2021": "(d)",
        "\u258c": "#",
        # The control pictures `printable` shows control characters as (␛ for
        # ESC) become caret notation (^[), as terminals write them.
        **{chr(0x2400 + code): "^" + chr(0x40 + code) for code in range(0x20)},
    }
)


def _is_utf(stream: IO[str]) -> bool:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    return encoding.startswith("utf")


def _columns() -> int:
    raw = os.environ.get("COLUMNS", "")
    try:
        width = int(raw)
    except ValueError:
        width = 0
    return width if 20 <= width <= 1000 else 100


def in_notebook() -> bool:
    """Whether vpa runs from a Jupyter kernel (`!vpa ...` in a notebook cell).

    ipykernel runs a cell's `!` command on a pseudo-terminal and sets, for every command it
    runs, `MPLBACKEND=module://matplotlib_inline.backend_inline` (its inline plots, unless
    the user set another) and `TERM=xterm-color`, `PAGER=cat`, `GIT_PAGER=cat` (with
    `FORCE_COLOR`, `CLICOLOR` and `CLICOLOR_FORCE`, which ask for colour). Either signal
    is taken: the output then is what a pipe gets, plain lines with no escape codes and
    no pager, so that a notebook saved or exported keeps readable text."""
    env = os.environ
    if env.get("MPLBACKEND", "").startswith("module://matplotlib_inline"):
        return True
    return env.get("TERM") == "xterm-color" and env.get("PAGER") == env.get("GIT_PAGER") == "cat"


def clean_for(stream: IO[str], text: str, *, keep_newlines: bool = False) -> str:
    """`text` safe to write to `stream`: controls made visible, typographic
    punctuation degraded to ASCII when the stream's encoding is not UTF."""
    text = printable(text, keep_newlines=keep_newlines)
    if not _is_utf(stream):
        text = text.translate(_ASCII)
    return text


class Output:
    """Where and how a command's result is written."""

    __slots__ = ("color", "is_terminal", "stream", "utf", "width")

    def __init__(
        self, stream: IO[str], is_terminal: bool, color: bool, utf: bool, width: int
    ) -> None:
        self.stream = stream
        self.is_terminal = is_terminal
        self.color = color
        self.utf = utf
        self.width = width

    @classmethod
    def detect(cls, no_color: bool = False, stream: IO[str] | None = None) -> Output:
        """How to write to `stream` (stdout by default, held for the pager on a terminal)."""
        to_stdout = stream is None
        stream = stream or sys.stdout
        try:
            # A notebook's `!vpa` runs on a pseudo-terminal that shows no table well and
            # cannot page: it is written to as a pipe is (plain lines, no colour).
            tty = stream.isatty() and not in_notebook()
        except (AttributeError, ValueError):
            tty = False
        color = (
            tty
            and not no_color
            and _pager.color
            # no-color.org: NO_COLOR set to a non-empty value turns colour off.
            and not os.environ.get("NO_COLOR")
            and os.environ.get("TERM") != "dumb"
        )
        try:
            width = os.get_terminal_size(stream.fileno()).columns if tty else 0
        except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
            width = 0
        if width <= 0:
            # Not a terminal, or one that reports no size (a fresh pty in CI or
            # a container says 0 columns): COLUMNS, else 100.
            width = _columns()
        utf = _is_utf(stream)
        if to_stdout and tty and _pager.wanted:
            held = io.StringIO()
            _pager.held.append((held, stream))
            stream = held
        return cls(stream, tty, color, utf, width)

    def resolve(self, fmt: str) -> str:
        """`auto` as a table on a terminal and plain lines when piped; any other as it is."""
        if format_name(fmt) == OutputFormat.auto:
            return OutputFormat.table if self.is_terminal else OutputFormat.plain
        return fmt

    def clean(self, text: str, *, keep_newlines: bool = False) -> str:
        """Data text made safe for this stream (not for JSON: json.dumps escapes)."""
        text = printable(text, keep_newlines=keep_newlines)
        if not self.utf:
            text = text.translate(_ASCII)
        return text

    def write(self, text: str) -> None:
        self.stream.write(text)

    def lines(self, lines: Iterable[str]) -> None:
        write = self.stream.write
        for line in lines:
            write(line + "\n")

    def json(self, data: Any) -> None:
        # ensure_ascii keeps JSON valid on any output encoding and escapes
        # every control character; scripts decode it back to the exact text.
        self.stream.write(json_text(data) + "\n")

    def json_items(self, items: Sequence[str]) -> None:
        """`json` of a list whose items `json_item` wrote before (the dataset cache keeps
        them)."""
        self.stream.write(json_items(items) + "\n")

    def csv(self, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        buffer = io.StringIO()
        import csv  # only the csv format needs it

        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(
                [defuse_formula(self.clean(v)) if isinstance(v, str) else v for v in row]
            )
        self.stream.write(buffer.getvalue())

    def md(self, text: str) -> str:
        """Data text made safe for this stream, then literal Markdown."""
        from vpa_cli import markdown  # only Markdown output needs it

        return markdown.escape(self.clean(text))

    def markdown_table(self, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
        """A Markdown table of data text (each cell cleaned and escaped)."""
        from vpa_cli import markdown

        self.lines(markdown.table(header, ([self.md(v) for v in row] for row in rows)))

    def console(self) -> Console:
        """A rich Console for this stream; imported only on the paths that draw tables."""
        from rich.console import Console

        class _Console(Console):
            def on_broken_pipe(self) -> None:
                # rich would exit 1 here; vpa's one handler decides (cli.py).
                self.quiet = True
                raise BrokenPipeError

        return _Console(
            file=self.stream,
            force_terminal=self.is_terminal and self.color,
            no_color=not self.color,
            color_system="auto" if self.color else None,
            width=self.width,
            legacy_windows=False,
            emoji=False,
            markup=False,
            highlight=False,
            safe_box=not self.utf,
        )


def json_text(data: Any) -> str:
    """`json.dumps(data, ensure_ascii=True, indent=2)`, about twice as fast.

    The standard library writes indented JSON with its pure-Python encoder (its C
    encoder cannot indent before Python 3.13); a listing of thousands of records spent
    most of its output time there. Strings go through the C string encoder; anything
    this writer does not know (a float, a key that is not a string) goes to json.dumps.
    """
    out: list[str] = []
    try:
        _json_value(data, out, "\n")
    except _NotPlain:
        return json.dumps(data, ensure_ascii=True, indent=2)
    return "".join(out)


def json_item(data: Any) -> str:
    """One item of a list as `json_text` writes the list: indented one step, so that
    `json_items` of the items is `json_text` of the list."""
    out: list[str] = []
    try:
        _json_value(data, out, "\n" + _STEP)
    except _NotPlain:
        return json.dumps(data, ensure_ascii=True, indent=2).replace("\n", "\n" + _STEP)
    return "".join(out)


def json_items(items: Sequence[str]) -> str:
    """`json_text` of a list, from its items as `json_item` wrote them."""
    if not items:
        return "[]"
    return "[\n" + _STEP + (",\n" + _STEP).join(items) + "\n]"


class _NotPlain(Exception):
    """A value `json_text` leaves to json.dumps."""


_STEP = "  "
_string = json.encoder.encode_basestring_ascii


def _json_value(value: Any, out: list[str], newline: str) -> None:
    string = _string
    kind = type(value)
    if kind is str:
        out.append(string(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + _STEP
        lead = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            out.append(lead + string(key) + ": ")
            lead = "," + inner
            _json_value(item, out, inner)
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + _STEP
        lead = "[" + inner
        for item in value:
            out.append(lead)
            lead = "," + inner
            _json_value(item, out, inner)
        out.append(newline + "]")
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    else:
        out.append(json.dumps(value, ensure_ascii=True))


class _Pager:
    """Whether the pager may be used (`--no-pager`) and colour too (`--no-color`), and
    the output held for the pager."""

    def __init__(self) -> None:
        self.wanted = True
        self.color = True
        self.held: list[tuple[io.StringIO, IO[str]]] = []


_pager = _Pager()


def set_pager(wanted: bool) -> None:
    """Allow the pager or not (`--no-pager`); also forgets any held output."""
    _pager.wanted = wanted
    _pager.held.clear()


def set_color(wanted: bool) -> None:
    """Allow colour on a terminal or not (`--no-color`, before or after the command)."""
    _pager.color = wanted


def reset() -> None:
    """A fresh start for one run: pager and colour allowed, nothing held."""
    set_pager(True)
    set_color(True)


def finish(page: bool = True) -> None:
    """Write the output held for a terminal: through the pager when `page` and it is
    taller than the screen, else straight to the terminal."""
    while _pager.held:
        held, terminal = _pager.held.pop(0)
        text = held.getvalue()
        if text and not (page and _taller_than(terminal, text) and _page(text, terminal)):
            terminal.write(text)
            terminal.flush()


def _taller_than(terminal: IO[str], text: str) -> bool:
    try:
        rows = os.get_terminal_size(terminal.fileno()).lines
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        rows = 0
    if rows <= 0:
        # A terminal that reports no size: LINES, else never page.
        rows = int(os.environ["LINES"]) if os.environ.get("LINES", "").isdigit() else 0
    # The shell's prompt needs the last line, as `less -F` counts it.
    return rows > 0 and text.count("\n") > rows - 1


def _page(text: str, terminal: IO[str]) -> bool:
    """Show `text` in $PAGER (default `less -R`, with LESS=FRX unless LESS is set, as
    git does); False when there is no pager to run (PAGER empty or not found)."""
    import shlex
    import shutil
    import signal
    import subprocess

    try:
        argv = shlex.split(os.environ.get("PAGER", "less -R"))
    except ValueError:
        return False
    if not argv or argv == ["cat"] or shutil.which(argv[0]) is None:
        return False
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    terminal.flush()
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    assert proc.stdin is not None
    # Ctrl-C belongs to the pager while it runs (git ignores it the same way).
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        try:
            proc.stdin.write(
                text.encode(getattr(terminal, "encoding", None) or "utf-8", errors="replace")
            )
            proc.stdin.close()
        except BrokenPipeError:
            pass  # the reader quit before the end: their choice
        proc.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return True


def note(message: str) -> None:
    """A message for people: always stderr, never stdout."""
    sys.stderr.write(clean_for(sys.stderr, message) + "\n")
