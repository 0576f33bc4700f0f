"""The one Markdown escaper: data text made literal in every Markdown vpa writes.

Every renderer's Markdown (timeline, partner, search, show, check, cite) goes
through `escape`, so a title like `<b>claim</b>` or `[link](x)` is shown as
written, never read as HTML, a link, emphasis or a table's column.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# Every ASCII character CommonMark or pandoc's Markdown could read as syntax:
# emphasis, links, code, HTML, headings, tables, strike-out, citations, maths.
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~@$^])")
# A line break inside a value would end a table row or start a new block.
_LINE_BREAK = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
_LIST_MARKER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)|^([-+])(?=\s|$)")


def escape(text: str) -> str:
    """`text` as literal Markdown on one line: safe inline, in a heading and in a table cell."""
    return _SPECIAL.sub(r"\\\1", _LINE_BREAK.sub(" ", text))


def escape_line_start(markdown: str) -> str:
    """Markdown that would open a list where it starts a line ("1984. ", "- ") made literal."""
    return _LIST_MARKER.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", markdown)


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A pipe table's lines; cells are Markdown already (`escape` any text from data)."""

    def row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(_LINE_BREAK.sub(" ", c) for c in cells) + " |"

    return [row(header), "|" + "|".join("---" for _ in header) + "|", *map(row, rows)]
