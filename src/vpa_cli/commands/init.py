"""`vpa init`: start a data file for a new source text."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Annotated

import typer

from vpa_cli.options import NoColorOpt, NoPagerOpt


def init(
    data: Annotated[
        Path,
        typer.Argument(metavar="DATA.json", help="The data file to create.", show_default=False),
    ],
    source: Annotated[
        Path,
        typer.Option(
            "--source",
            "-s",
            metavar="FILE",
            help="The source text (UTF-8) the data file is for.",
            show_default=False,
        ),
    ],
    source_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            metavar="ID",
            help="The source's id (default: from the file name).",
            show_default=False,
        ),
    ] = None,
    no_color: NoColorOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """Start a data file for a new source text.

    Writes DATA.json with the source record only: its id, its file (relative to
    DATA.json), its sha256, and its first line as a placeholder title (cited, with
    a note to replace it). Never replaces an existing file. Prints the lines that
    name a year: each must be cited by a record or skipped with a reason, and
    `vpa check --data DATA.json` lists what is left to do until it is clean.

    \b
    Examples:
      vpa init my-article.json --source my-article.txt
      vpa check --data my-article.json
    """
    from vpa_cli.queries.init import start_data_file, write_scaffold
    from vpa_cli.render import Output, note

    scaffold = start_data_file(data, source, source_id=source_id)
    write_scaffold(scaffold)
    out = Output.detect(no_color=True)
    # File names are data too: control characters in them are shown, not sent.
    name = out.clean(str(source))
    out.lines(f"{name}:{d.line}\t{out.clean(d.text)}" for d in scaffold.dated)
    sid = scaffold.document["sources"][0]["id"]
    # The commands to run next, quoted so they can be pasted into a shell.
    note(
        f"vpa init: wrote {data} (source {sid}); {len(scaffold.dated)} line(s) name a year: "
        f"cite each (vpa quote {shlex.quote(str(source))} TEXT) or skip it; "
        f"vpa check --data {shlex.quote(str(data))} lists what is left"
    )
