"""Options shared by several commands, defined once as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated, TypeVar

import typer

F = TypeVar("F", bound=str)

DataOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--data",
        metavar="FILE",
        help="Add records from a JSON data file (repeatable; also VPA_DATA).",
        show_default=False,
    ),
]

# Generic in the command's own format Enum (`FormatOpt[TimelineFormat]`), from the
# registry in vpa_cli.formats: --help lists exactly the command's formats.
FormatOpt = Annotated[
    F,
    typer.Option(
        "--format",
        "-f",
        help="Output format: auto is a table on a terminal, plain lines when piped.",
        case_sensitive=False,
    ),
]

NoColorOpt = Annotated[
    bool,
    typer.Option(
        "--no-color", help="No colour (also NO_COLOR=1 or TERM=dumb).", show_default=False
    ),
]
