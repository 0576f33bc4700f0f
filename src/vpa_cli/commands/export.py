"""`vpa export`."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from vpa_cli.options import DataOpt, NoColorOpt, NoPagerOpt


class ExportKind(str, Enum):
    sqlite = "sqlite"


def export(
    kind: Annotated[
        ExportKind,
        typer.Argument(help="What to write: sqlite, a database for Datasette or any SQL tool."),
    ],
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="The file to write (not overwritten unless --force)."),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    data: DataOpt = None,
    no_color: NoColorOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """Export every record and every line of the sources to a database.

    sqlite: one table per record type (sources, events, partners, facts, skipped)
    and per list inside them (citations, partners, statements, authors), with
    foreign keys; every line of every source in source_lines; an FTS5 full-text
    index in `search`, folded as `vpa search` folds; what went in (vpa's version,
    each data file and its sha256, the time) in vpa_export and vpa_export_files.
    Open it with `datasette FILE` or any SQL tool. Replacing a database made from
    other data files (--force) says what changed.

    \b
    Examples:
      vpa export sqlite vpa.db
      vpa export sqlite vpa.db --data my-data.json --force
    """
    from vpa_cli.errors import UsageError
    from vpa_cli.exports.sqlite import export_sqlite
    from vpa_cli.loading.reading import load_dataset
    from vpa_cli.render import note

    if file.exists() and not force:
        raise UsageError(f"{file} exists; give --force to replace it")

    written = export_sqlite(load_dataset(data or []), file, overwrite=force)
    if written.changes:
        note(
            f"vpa export: replaced {file}, made from other data files: "
            + "; ".join(written.changes)
        )
    rows = sum(written.rows.values())
    note(f"vpa export: wrote {file} ({rows} rows in {len(written.rows)} tables)")
