"""The names a partner goes by, as one index for every command, `vpa check` and completion.

Light on purpose (it imports only `text`): shell completion builds it from the raw
JSON on every Tab, without reading the checked dataset.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from vpa_cli.text import name_key


def partner_names(partners: Iterable[tuple[str, str, Sequence[str]]]) -> dict[str, str]:
    """Every name a partner goes by, as written (its id, its name, its aliases) -> its
    id, from `(id, name, aliases)` triples. Where two partners share a name the first
    keeps it (`vpa check` refuses a shared alias)."""
    names: dict[str, str] = {}
    for pid, name, aliases in partners:
        for written in (pid, name, *aliases):
            names.setdefault(written, pid)
    return names


def partner_keys(names: dict[str, str]) -> dict[str, str]:
    """`partner_names` as people may type them: each name's `name_key` -> the id."""
    keys: dict[str, str] = {}
    for written, pid in names.items():
        keys.setdefault(name_key(written), pid)
    return keys
