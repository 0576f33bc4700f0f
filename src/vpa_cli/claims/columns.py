"""The flat columns of a record type, from its declaration (model.py): the CSV of a
listing, and the column contract docs/output.md promises.

A scalar field is one column named after it, its computed fields included (`weak`,
`date_start`, ...); a list of text (`sources`, `aliases`) is one column, items
joined by `; `; a list of links (`partners`) is one column per part of the link:
`partners` for the ids, then `partner_roles`, `partner_bases`, `partner_notes` and
`partner_names`, items joined by `; ` in the same order. Other lists of sub-records
(citations) stay in JSON. So a field added to a record type appears here with no
change to this code. Columns are only added, never renamed or given a new meaning,
except as CHANGELOG says.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vpa_cli.dates import FuzzyDate
from vpa_cli.fields import Field, Links, Nested
from vpa_cli.record import Record

SEPARATOR = "; "

Getter = Callable[[Record], str]


def _plural(word: str) -> str:
    if word.endswith("is"):
        return word[:-2] + "es"  # basis -> bases
    return word + ("es" if word.endswith("s") else "s")


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") else word


def cell(value: Any) -> str:
    """A value as one CSV cell: text as it is, dates as EDTF, true/false, lists joined."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, FuzzyDate):
        return value.text
    if isinstance(value, list):
        return SEPARATOR.join(cell(v) for v in value)
    return str(value)


def _scalar(f: Field[Any]) -> Getter:
    name = f.name
    return lambda record: cell(getattr(record, name))


def _link_part(f: Field[Any], part: str) -> Getter:
    name = f.name
    return lambda record: SEPARATOR.join(
        cell(getattr(link, part)) for link in getattr(record, name)
    )


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
