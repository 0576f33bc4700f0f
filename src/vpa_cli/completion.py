"""Values for shell completion: partner names, kinds, source and record ids.

Typer calls these while the shell waits, so they read only what they need
(the data files as plain JSON, not a checked dataset), never raise and never
print: a file that cannot be read just offers nothing. docs/completion.md says
how to turn completion on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

# (value, help) as Typer takes them: zsh and fish show the help beside the value.
Candidate = tuple[str, str]

_RECORD_LISTS = ("sources", "events", "partners", "facts")


def _data_paths(ctx: Any, *lists: str) -> list[Path]:
    """The bundled files holding `lists`, then VPA_DATA and --data (as typed so far)."""
    from vpa_cli.dataset import package_root, user_paths

    bundled = [package_root() / "data" / f"{name}.json" for name in lists]
    typed = getattr(ctx, "params", {}).get("data") or []
    return [*bundled, *(Path(p) for p in user_paths(typed))]


def _records(ctx: Any, *lists: str) -> Iterator[dict[str, Any]]:
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


def _matching(
    candidates: Iterable[Candidate], incomplete: str, *, spaces: bool = True
) -> list[Candidate]:
    """Candidates that begin with what was typed, each value once (Typer keeps only
    those, case and all, and so do the shells); without `spaces`, one-word values."""
    from vpa_cli.text import printable

    seen: set[str] = set()
    out: list[Candidate] = []
    for value, help_text in candidates:
        if not value.startswith(incomplete) or value in seen:
            continue
        if not spaces and any(c.isspace() for c in value):
            continue
        seen.add(value)
        out.append((printable(value), printable(help_text)))
    return out


def _bash() -> bool:
    # Typer's bash script inserts a candidate as it is, unquoted: "United States"
    # would become two words on the command line. The id (united-states) serves.
    return os.environ.get("_VPA_COMPLETE", "").endswith("bash")


def _quiet(find: Any) -> list[Candidate]:
    try:
        found: list[Candidate] = find()
        return found
    except Exception:  # a completion never prints an error into the command line
        return []


def complete_partner(ctx: Any, incomplete: str) -> list[Candidate]:
    """Partner ids, names and aliases, each with the id it stands for."""

    def find() -> list[Candidate]:
        pairs = []
        for record in _records(ctx, "partners"):
            pid = _text(record.get("id"))
            aliases = record.get("aliases")
            names = [record.get("name"), *(aliases if isinstance(aliases, list) else [])]
            pairs.append((pid, _text(record.get("name"))))
            pairs += [(_text(n), pid) for n in names]
        return _matching(pairs, incomplete, spaces=not _bash())

    return _quiet(find)


def complete_kind(incomplete: str) -> list[Candidate]:
    """Event kinds, with what each means."""
    from vpa_cli.vocab import EVENT_KINDS

    return _quiet(lambda: _matching(EVENT_KINDS.items(), incomplete))


def complete_standing(incomplete: str) -> list[Candidate]:
    """Standings of a claim, with what each means."""
    from vpa_cli.vocab import STANDINGS

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
