"""Starting a data file for a new source text (`vpa init`): only what the file
itself proves, and the list of what is left to do.

The data file gets the source record: its id (from the file name), its path
(relative to the data file, as data files name sources), its sha256, and its
first non-blank line as a placeholder title, cited at that line so the record
is valid. Nothing unverified is written: no dates, no events, no skipped lines.
What remains is what `vpa check --data FILE` reports: the source is cited by no
record yet, and each line that names a year must be cited or skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vpa_cli.errors import DataError, UsageError
from vpa_cli.queries.quote import read_text_lines, source_id_for

TITLE_NOTE = (
    "Title: a placeholder, the text's first line, written by vpa init. Replace it "
    "with the work's title (or a [bracketed description] if it has none)."
)


@dataclass(frozen=True)
class DatedLine:
    """A line of the new text that names a year: to cite, or to skip with a reason."""

    line: int
    text: str


@dataclass(frozen=True)
class Scaffold:
    path: Path
    document: dict[str, Any]
    dated: list[DatedLine]


def start_data_file(data: Path, source: Path, *, source_id: str | None = None) -> Scaffold:
    """The new data file for `source`, and its lines that name a year; refuses to
    replace an existing `data`."""
    from vpa_cli.records.dates import YEAR

    if data.exists():
        raise UsageError(f"{data} already exists; vpa init never replaces a data file")
    if data.suffix.lower() != ".json":
        raise UsageError(f"{data}: a data file is JSON; give it a .json name")
    lines = read_text_lines(source)
    raw = source.read_bytes()
    first = next(((n, t.strip()) for n, t in enumerate(lines, 1) if t.strip()), None)
    if first is None:
        raise DataError(f"{source}: the text is empty")
    title_line, title = first
    sid = source_id or source_id_for(source)
    relative = os.path.relpath(source.resolve(), data.resolve().parent)
    record = {
        "id": sid,
        "file": Path(relative).as_posix(),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "title": title,
        "note": TITLE_NOTE,
        "citations": [{"source": sid, "line": title_line, "quote": title}],
    }
    dated = [
        DatedLine(n, text.strip())
        for n, text in enumerate(lines, 1)
        if n != title_line and YEAR.search(text)
    ]
    return Scaffold(data, {"sources": [record]}, dated)


def write_scaffold(scaffold: Scaffold) -> None:
    """Write the new data file; never over an existing one (checked again, atomically)."""
    text = json.dumps(scaffold.document, ensure_ascii=False, indent=2) + "\n"
    try:
        with scaffold.path.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        raise UsageError(
            f"{scaffold.path} already exists; vpa init never replaces a data file"
        ) from None
    except OSError as exc:
        raise DataError(f"cannot write {scaffold.path}: {exc.strerror or exc}") from None
