"""The flat columns of a record type, from its declaration (records/types.py): the CSV of a
listing, and the column contract docs/output.md promises.

A scalar field is one column named after it, its computed fields included (`weak`,
`date_start`, ...); a list of text (`sources`, `aliases`) is one column, items
joined by `; `; a list of links (`partners`) is one column per part of the link:
`partners` for the ids, then `partner_roles`, `partner_bases`, `partner_notes` and
`partner_names`, items joined by `; ` in the same order. An item's own `;` is written
`\\;` (and its `\\` as `\\\\`), so a column always splits into as many items as
there are partners: split on a `; ` that follows no backslash, then undo the escapes
(`split_items` does both). Other lists of sub-records (citations) stay in JSON. So a
field added to a record type appears here with no change to this code. Columns are
only added, never renamed or given a new meaning, except as CHANGELOG says.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from vpa_cli.records.dates import FuzzyDate
from vpa_cli.records.fields import Field
from vpa_cli.records.record import Links, Nested, Record

SEPARATOR = "; "

Getter = Callable[[Record], str]


def _plural(word: str) -> str:
    if word.endswith("is"):
        return word[:-2] + "es"  # basis -> bases
    return word + ("es" if word.endswith("s") else "s")


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") else word


_ESCAPE = str.maketrans({"\\": "\\\\", ";": "\\;"})
_ITEM = re.compile(r"(?<!\\)((?:\\\\)*); ")
_UNESCAPE = re.compile(r"\\(.)")


def cell(value: Any) -> str:
    """A value as one CSV cell: text as it is, dates as EDTF, true/false, lists joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, FuzzyDate):
        return value.text
    if isinstance(value, list):
        return join_items(cell(v) for v in value)
    return str(value)


def join_items(items: Iterable[str]) -> str:
    """Items joined by `; `, each item's own `;` and `\\` escaped with a backslash."""
    return SEPARATOR.join(item.translate(_ESCAPE) for item in items)


def split_items(text: str, count: int | None = None) -> list[str]:
    """The items of a list column, as `join_items` joined them."""
    if not text and count != 1:
        return [] if count is None else [""] * count
    parts, start = [], 0
    for m in _ITEM.finditer(text):
        parts.append(text[start : m.end(1)])
        start = m.end()
    parts.append(text[start:])
    return [_UNESCAPE.sub(r"\1", p) for p in parts]


def _scalar(f: Field[Any]) -> Getter:
    name = f.name
    return lambda record: cell(getattr(record, name))


def _link_part(f: Field[Any], part: str) -> Getter:
    name = f.name
    return lambda record: join_items(cell(getattr(link, part)) for link in getattr(record, name))


_COLUMNS: dict[type[Record], list[tuple[str, Getter]]] = {}


def columns(kind: type[Record]) -> list[tuple[str, Getter]]:
    """(column name, how a record fills it) for every column of a record type."""
    found = _COLUMNS.get(kind)
    if found is None:
        found = _COLUMNS[kind] = _columns(kind)
    return found


def _columns(kind: type[Record]) -> list[tuple[str, Getter]]:
    out: list[tuple[str, Getter]] = []
    for f in kind.FIELDS:
        if isinstance(f, Links):
            for part in f.record.FIELDS:
                plural = _plural(part.name)
                column = f.name if part.name == "id" else f"{_singular(f.name)}_{plural}"
                out.append((column, _link_part(f, part.name)))
        elif isinstance(f, Nested):
            continue  # citations stay in JSON
        else:
            out.append((f.name, _scalar(f)))
    return out


def header(kind: type[Record]) -> list[str]:
    return [name for name, _ in columns(kind)]


def row(record: Record) -> list[str]:
    return [get(record) for _, get in columns(type(record))]
