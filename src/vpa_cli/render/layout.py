"""Tables that fit the terminal's width without ever breaking an id.

rich's Table narrows every column it must, ids included, and then folds or cuts
them ("hoang-xuan-c", "2023-10-8th-plenum-fathe"), which cannot be copied. Here a
renderer offers one or more `Layout`s, widest first (all columns; some stacked in
one cell; some dropped, with a note saying how to see them); the first whose
columns fit at their narrowest is drawn. Prose wraps between words, a column that
holds ids is never narrower than its longest id, and an id too wide for its cell
(`Row.extra`) gets a line of its own, in full.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from rich.text import Text

    from vpa_cli.render import Output

GUTTER = 2
# A line breaks at spaces, and after the en dash of a range ("25 Jan 2021–" / "1 Feb
# 2021"); never at a hyphen, which ids are made of, nor at a no-break space.
_TOKEN = re.compile(r"[^ \t\n\u2013]+\u2013?[ \t]*|\u2013[ \t]*|[ \t]+")


@dataclass(frozen=True)
class Column:
    """A column: `keep` for one holding ids, never narrower than its longest word."""

    header: str
    style: str = ""
    min_width: int = 10
    keep: bool = False
    weight: int = 1  # a heavier column keeps more of the room when columns narrow
    justify: Literal["left", "right"] = "left"


@dataclass
class Row:
    """One row; `extra` (an id) goes into column `extra_column`, above or below its
    text, when it fits there, and on a line of its own otherwise."""

    cells: Sequence[Text]
    extra: Text | None = None
    extra_column: int = 0
    extra_first: bool = False


@dataclass
class Section:
    """A heading row across the table (a decade, an area)."""

    title: Text


@dataclass
class Layout:
    columns: Sequence[Column]
    rows: Sequence[Row | Section]
    # Said under the table when this layout leaves something out.
    note: str | None = None
    header: bool = True
    rule: bool = True
    blank_before_sections: bool = True
    widths: list[int] = field(default_factory=list)


def _cell_len(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def longest_word(text: Text) -> int:
    """The widest piece `wrap` will not break."""
    return max((_cell_len(m.group().rstrip()) for m in _TOKEN.finditer(text.plain)), default=0)


def _natural(text: Text) -> int:
    return max((_cell_len(line.rstrip()) for line in text.plain.split("\n")), default=0)


def wrap(text: Text, width: int) -> list[Text]:
    """`text` in lines of at most `width` cells, broken between words; a word wider
    than `width` (never an id, whose column is wide enough) is cut to fit."""
    lines: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        plain = paragraph.plain
        cuts: list[tuple[int, int]] = []
        start = end = 0  # the current line: [start, end) without its trailing spaces
        after_dash = False
        for match in _TOKEN.finditer(plain):
            word_end = match.start() + len(match.group().rstrip())
            if word_end == match.start():
                continue  # spaces alone
            if end == start or (not after_dash and _cell_len(plain[start:word_end]) <= width):
                end = word_end
            else:
                cuts.append((start, end))
                start, end = match.start(), word_end
            # A range that will not fit on this line breaks after its dash, so each
            # end stays whole ("25 Jan 2021–" / "1 Feb 2021").
            after_dash = plain[start:end].endswith("\u2013") and (
                _cell_len(plain[start:].rstrip()) > width
            )
            while _cell_len(plain[start:end]) > width:
                # One word wider than the column: cut it where it must be.
                cut = start + 1
                while cut < end and _cell_len(plain[start : cut + 1]) <= width:
                    cut += 1
                cuts.append((start, cut))
                start = cut
        cuts.append((start, end))
        lines.extend(paragraph[a:b] for a, b in cuts)
    return lines


def _widths(layout: Layout, room: int, force: bool) -> list[int] | None:
    columns = layout.columns
    rows = [r for r in layout.rows if isinstance(r, Row)]
    natural = [_natural_header(c) for c in columns]
    least = [longest_word_plain(c.header) for c in columns]
    # A layout that fits only by breaking a word ("Internation" / "al") gives way to
    # the next; the last one, which must fit, breaks words where it must.
    words = least[:]
    for row in rows:
        for i, cell in enumerate(row.cells):
            natural[i] = max(natural[i], _natural(cell))
            words[i] = max(words[i], longest_word(cell))
            if columns[i].keep:
                least[i] = max(least[i], words[i])
        if row.extra is not None:
            i = row.extra_column
            natural[i] = max(natural[i], _natural(row.extra))
    for i, column in enumerate(columns):
        floor = column.min_width if not column.keep else 0
        least[i] = max(least[i], min(floor, natural[i]), 1)
        if not force:
            least[i] = max(least[i], words[i])
        natural[i] = max(natural[i], least[i])
    widths = natural[:]
    total = sum(widths) + GUTTER * (len(widths) - 1)
    while total > room:
        shrinkable = [i for i, w in enumerate(widths) if w > least[i]]
        if not shrinkable:
            if not force:
                return None
            shrinkable = [i for i, w in enumerate(widths) if w > 1]
            if not shrinkable:
                break
        i = max(shrinkable, key=lambda i: widths[i] / columns[i].weight)
        widths[i] -= 1
        total -= 1
    return widths


def _natural_header(column: Column) -> int:
    return _cell_len(column.header)


def longest_word_plain(text: str) -> int:
    return max((_cell_len(w) for w in text.split()), default=0)


def choose(layouts: Sequence[Layout], room: int) -> Layout:
    """The first layout that fits `room` columns (the last one, squeezed, if none does)."""
    for i, layout in enumerate(layouts):
        widths = _widths(layout, room, force=i == len(layouts) - 1)
        if widths is not None:
            layout.widths = widths
            return layout
    raise ValueError("no layouts")


def lines(layout: Layout, room: int, out: Output) -> list[Text]:
    """The chosen layout drawn as lines of at most `room` cells."""
    from rich.text import Text

    widths = layout.widths
    columns = layout.columns
    starts = [sum(widths[:i]) + GUTTER * i for i in range(len(widths))]
    table_width = sum(widths) + GUTTER * (len(widths) - 1)

    def join(cells: Sequence[list[Text]], styles: Sequence[str]) -> list[Text]:
        height = max((len(c) for c in cells), default=0)
        joined = []
        for n in range(height):
            line = Text()
            for i, cell in enumerate(cells):
                piece = cell[n] if n < len(cell) else Text()
                pad = widths[i] - piece.cell_len
                if i:
                    line.append(" " * GUTTER)
                if columns[i].justify == "right":
                    line.append(" " * pad)
                styled = Text(style=styles[i])
                styled.append_text(piece)
                line.append_text(styled)
                if columns[i].justify != "right":
                    line.append(" " * pad)
            line.rstrip()
            joined.append(line)
        return joined

    drawn: list[Text] = []
    if layout.header:
        heads = [wrap(Text(c.header), w) for c, w in zip(columns, widths, strict=True)]
        drawn += join(heads, ["bold"] * len(columns))
        if layout.rule:
            drawn.append(Text(("\u2500" if out.utf else "-") * table_width, style="dim"))
    first = True
    for row in layout.rows:
        if isinstance(row, Section):
            if layout.blank_before_sections and not first:
                drawn.append(Text())
            drawn += wrap(row.title, room)
            first = False
            continue
        first = False
        cells = [wrap(cell, w) for cell, w in zip(row.cells, widths, strict=True)]
        after: list[Text] = []
        if row.extra is not None:
            i = row.extra_column
            if _natural(row.extra) <= widths[i]:
                extra = wrap(row.extra, widths[i])
                cells[i] = extra + cells[i] if row.extra_first else cells[i] + extra
            else:
                # Too wide for its cell: a line of its own, from the cell's left edge
                # if it fits there, else from the margin.
                indent = starts[i] if starts[i] + _natural(row.extra) <= room else 0
                after = [Text(" " * indent) + piece for piece in wrap(row.extra, room - indent)]
        body = join(cells, [c.style for c in columns])
        drawn += (after + body) if row.extra_first else (body + after)
    return drawn


def print_layout(layouts: Sequence[Layout], out: Output) -> Layout:
    """Draw the first layout that fits `out.width`, then its note; returns the one drawn."""
    from rich.text import Text

    layout = choose(layouts, out.width)
    console = out.console()
    text = Text("\n").join(lines(layout, out.width, out))
    console.print(text, no_wrap=True, overflow="ignore", crop=False)
    if layout.note:
        console.print(Text(out.clean(layout.note), style="dim"))
    return layout
