"""What is wrong with a data file: a `Problem` names the file, the record, the field
and why; `Problems` collects those of one file. `vpa check` lists them all; loading
stops at the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple


class Problem(NamedTuple):
    """One thing wrong with a data file: `file: record: field: message`."""

    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.field}: {self.message}"


class Problems:
    """Collects the problems of one data file (`origin`) into a shared list."""

    def __init__(self, origin: str, sink: list[Problem] | None = None) -> None:
        self.origin = origin
        self.sink: list[Problem] = [] if sink is None else sink

    def add(self, record: str, field: str, message: str) -> None:
        self.sink.append(Problem(self.origin, record, field, message))


def kind_of(value: Any) -> str:
    """How a JSON value is named in messages: 'an object', 'a list', 'a number'."""
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def hint(value: str, names: Mapping[str, str] | list[str]) -> str:
    """' (did you mean a, b?)' for the names closest to `value`; a mapping gives
    names (and aliases) -> the id to suggest."""
    from vpa_cli.text import closest, name_key

    ids = names if isinstance(names, Mapping) else {n: n for n in names}
    # A name or alias written where its id belongs: that id, and only it.
    same = [i for n, i in ids.items() if name_key(n) == name_key(value)]
    near = list(dict.fromkeys(same or [ids[n] for n in closest(value, ids)]))
    return f" (did you mean {', '.join(near)}?)" if near else ""
