"""Values for shell completion: partner names, kinds, source and record ids.

Typer calls these while the shell waits, so they read only what they need
(the data files as plain JSON, not a checked dataset), never raise and never
print: a file that cannot be read just offers nothing. The values come from
data files anyone may write and end up on a command line, so each one is
checked and quoted for the shell that asks (`_offered`, `_quoting`).
docs/completion.md says how to turn completion on and what is offered.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

# (value, help) as Typer takes them: zsh and fish show the help beside the value.
Candidate = tuple[str, str]

_RECORD_LISTS = ("sources", "events", "partners", "facts")

# Besides letters, marks and digits of any script, the only characters a value
# may hold: these, and single spaces between words. Every other character means
# something to bash, zsh or fish (quotes, backslash, $ ` ; | & < > ( ) { } [ ]
# * ? ~ ! # = : % ^ @ /, control and format characters, other spaces), so a
# value holding one is not offered: names and ids need none of them. Nor is one
# that begins with "-", which vpa would read as an option.
_MARKS = frozenset("-._+,'")
_PLAIN = re.compile(r"[\w .,+'-]+")  # \w: what isalnum() allows, and "_"
_BADLY_PLACED = re.compile(r"^[- ]| $|  ")

# Help is shown, never inserted, so it is cleaned rather than dropped. Typer has
# rich render it: `[word]` would be read as markup (and `[/x]` fails), and rich
# takes away the backslash put before it, as `rich.markup.escape` does.
_MARKUP = re.compile(r"\[(?=[a-z#/@][^\[]*?\])")
_HELP_MOST = 60  # cells; shells cut long help to the terminal anyway


def _data_paths(ctx: Any, *lists: str) -> list[Path]:
    """The bundled files holding `lists`, then VPA_DATA and --data (as typed so far)."""
    from vpa_cli.loading.paths import package_root, user_paths

    bundled = [package_root() / "data" / f"{name}.json" for name in lists]
    typed = getattr(ctx, "params", {}).get("data") or []
    return [*bundled, *(Path(p) for p in user_paths(typed))]


def _records(ctx: Any, *lists: str) -> Iterator[dict[str, Any]]:
    import json  # only on Tab: every command's start-up imports this module

    for path in _data_paths(ctx, *lists):
        try:
            doc = json.loads(path.read_bytes())
        except (OSError, ValueError):
            continue
        if not isinstance(doc, dict):
            continue
        for name in lists:
            items = doc.get(name)
            if isinstance(items, list):
                yield from (r for r in items if isinstance(r, dict))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _offered(value: str) -> bool:
    """Whether `value` is plain enough to put on a command line at all."""
    if not value or _BADLY_PLACED.search(value):
        return False
    if _PLAIN.fullmatch(value):
        return True
    for ch in value:
        if ch.isalnum() or ch == " " or ch in _MARKS:
            continue
        import unicodedata  # only for the rare value with a combining mark

        if not unicodedata.category(ch).startswith("M"):
            return False
    return True


def _bash_quoting() -> Callable[[str], str | None]:
    """Typer's bash script prints each value into COMPREPLY, and bash puts it on the
    command line as it is, in place of the word being completed (after its opening
    quote, if it has one, then closes the quote when one value is left)."""
    # The script passes the words as typed, quotes and all, joined by newlines.
    words = os.environ.get("COMP_WORDS", "").split("\n")
    try:
        word = words[int(os.environ.get("COMP_CWORD", ""))]
    except (ValueError, IndexError):
        word = ""
    if not any(q in word for q in "'\""):
        return lambda value: value.replace(" ", "\\ ").replace("'", "\\'")
    opening, rest = word[0], word[1:]
    if opening in "'\"" and not any(q in rest for q in "'\"\\"):
        return lambda value: None if opening in value else value
    # A quote or backslash further in: where bash starts replacing is not worth guessing.
    return lambda value: None


def _shell() -> str:
    # Typer's completion instruction, in _VPA_COMPLETE, is `complete_SHELL`.
    return os.environ.get("_VPA_COMPLETE", "").partition("_")[2]


def _quoting(shell: str) -> Callable[[str], str | None]:
    """How to write a value for `shell` (None: not offered to it)."""
    if shell == "bash":
        return _bash_quoting()
    if shell == "zsh":
        # zsh quotes what it inserts. Typer's script passes the values inside single
        # quotes, doubling an apostrophe, which then vanishes: Queen's would be Queens.
        return lambda value: None if "'" in value else value
    if shell == "fish":
        return lambda value: value  # fish quotes what it inserts
    # Others (PowerShell) insert the value as it is: one plain word only.
    return lambda value: None if any(c in value for c in " ',") else value


def _help_width() -> int:
    """Cells of help that rich, rendering it for Typer, does not wrap onto a second
    line: fish reads every line Typer prints as a value of its own."""
    widths = [80]
    for name in ("TERMINAL_WIDTH", "COLUMNS"):  # Typer's setting, then rich's
        columns = os.environ.get(name, "")
        if columns.isdigit() and int(columns):
            widths.append(int(columns))
    for fd in (0, 1, 2):  # the streams rich asks, in its order
        try:
            widths.append(os.get_terminal_size(fd).columns or 80)
            break
        except OSError:
            continue
    return max(10, min(_HELP_MOST, *widths) - 1)


def _cells(ch: str) -> int:
    if ch.isascii():
        return 1
    import unicodedata

    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _help(text: str, width: int) -> str:
    """`text` as one short line of plain words, the same in every shell."""
    from vpa_cli.text import printable

    # In zsh the help goes between double quotes, where Typer escapes $ and ` but
    # not a backslash, which would undo that escape.
    line = " ".join(printable(text).replace("\\", " ").split())
    if line.isascii():
        if len(line) > width:
            line = line[: width - 1].rstrip() + "…"
    elif len(line) * 2 > width:  # else it fits, even in wide characters
        used = cut = 0
        for end, ch in enumerate(line):
            used += _cells(ch)
            if used > width:
                line = line[:cut].rstrip() + "…"
                break
            if used < width:  # room left for the "…"
                cut = end + 1
    return _MARKUP.sub(r"\\[", line)


class _Matched(str):
    """A value already matched against what was typed, ignoring case and accents.

    Typer keeps only the values that begin with what was typed, case and all
    (`value.startswith(incomplete)`); this value says it does, so `united` keeps
    United States. Every other str method gives back a plain str."""

    __slots__ = ()

    def startswith(self, *args: Any, **kwargs: Any) -> bool:
        return True


def _matching(candidates: Iterable[Candidate], incomplete: str) -> list[Candidate]:
    """Candidates that begin with what was typed; when none does, those that begin with
    it ignoring case and accents, as vpa reads names (`UNITED` offers United States);
    each value once, written for the shell asking."""
    from vpa_cli.text import fold

    shell = _shell()
    quote = _quoting(shell)
    width = _help_width() if shell != "bash" else 0  # bash shows no help
    typed = fold(incomplete)
    pool = list(candidates)
    # As fish does: what begins with the text as typed, if anything does (`united`
    # gets the ids, `United` the names); else what begins with it folded.
    exact = [(v, h) for v, h in pool if v.startswith(incomplete) and _offered(v)]
    if not exact:
        pool = [(v, h) for v, h in pool if fold(v).startswith(typed)]
    seen: set[str] = set()
    out: list[Candidate] = []
    for value, help_text in exact or pool:
        if value in seen or not _offered(value):
            continue
        written = quote(value)
        if written is None:
            continue
        seen.add(value)
        # Matched as typed, Typer's own check stays (bash's quoting can undo a match).
        shown = written if exact else _Matched(written)
        out.append((shown, _help(help_text, width) if width else ""))
    return out


def _quiet(find: Any) -> list[Candidate]:
    try:
        found: list[Candidate] = find()
        return found
    except Exception:  # a completion never prints an error into the command line
        return []


def complete_partner(ctx: Any, incomplete: str) -> list[Candidate]:
    """Partner ids, names and aliases, each with the id it stands for."""

    def find() -> list[Candidate]:
        from vpa_cli.records.names import partner_names

        partners = []
        for record in _records(ctx, "partners"):
            aliases = record.get("aliases")
            aliases = [_text(a) for a in aliases] if isinstance(aliases, list) else []
            partners.append((_text(record.get("id")), _text(record.get("name")), aliases))
        titles = {pid: name for pid, name, _ in partners}
        # Each id with its partner's name; each name and alias with the id it stands for.
        names = partner_names(partners)
        return _matching(((n, titles.get(n) or pid) for n, pid in names.items()), incomplete)

    return _quiet(find)


def complete_kind(incomplete: str) -> list[Candidate]:
    """Event kinds, with what each means."""
    from vpa_cli.records.vocab import EVENT_KINDS

    return _quiet(lambda: _matching(EVENT_KINDS.items(), incomplete))


def complete_fact_kind(incomplete: str) -> list[Candidate]:
    """Fact kinds, with what each means."""
    from vpa_cli.records.vocab import FACT_KINDS

    return _quiet(lambda: _matching(FACT_KINDS.items(), incomplete))


def complete_standing(incomplete: str) -> list[Candidate]:
    """Standings of a claim, with what each means."""
    from vpa_cli.records.vocab import STANDINGS

    return _quiet(lambda: _matching(STANDINGS.items(), incomplete))


def complete_source(ctx: Any, incomplete: str) -> list[Candidate]:
    """Source ids, with their titles."""

    def find() -> list[Candidate]:
        pairs = [(_text(r.get("id")), _text(r.get("title"))) for r in _records(ctx, "sources")]
        return _matching(pairs, incomplete)

    return _quiet(find)


def complete_record(ctx: Any, incomplete: str) -> list[Candidate]:
    """Ids of sources, events, partners and facts, with their titles or names."""

    def find() -> list[Candidate]:
        pairs = [
            (_text(r.get("id")), _text(r.get("title") or r.get("name") or r.get("text")))
            for r in _records(ctx, *_RECORD_LISTS)
        ]
        return _matching(pairs, incomplete)

    return _quiet(find)
