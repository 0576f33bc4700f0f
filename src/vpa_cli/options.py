"""Options shared by several commands, defined once as `Annotated` aliases."""

from __future__ import annotations

from typing import Annotated, TypeVar

import typer

from vpa_cli.completion import complete_standing

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

# Tri-state: a reader asks for what rests only on weak sources, or for everything but it.
WeakOpt = Annotated[
    bool | None,
    typer.Option(
        "--weak/--no-weak",
        help="--weak: only what rests only on sources assessed as weak; --no-weak: leave "
        "it out. Neither: both.",
        show_default=False,
    ),
]

# The standing of a claim (an event, a fact; in search, those hits): one definition.
StandingOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--standing",
        metavar="STANDING",
        help="Only claims that stand so (repeatable: any of them): corroborated (two or more "
        "texts, one not weak), single-source, contradicted (vpa disputes says by what).",
        show_default=False,
        autocompletion=complete_standing,
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


def _no_color(value: bool) -> bool:
    if value:
        from vpa_cli.render import set_color

        set_color(False)
    return value


# Before or after the command's name alike: parsing it turns colour off for the run.
NoColorOpt = Annotated[
    bool,
    typer.Option(
        "--no-color",
        help="No colour (also NO_COLOR=1 or TERM=dumb).",
        callback=_no_color,
        show_default=False,
    ),
]

PAGER_HELP = (
    "Do not page. On a terminal, output taller than the screen goes through $PAGER "
    "(default 'less -R', LESS=FRX unless set); PAGER= also turns it off. Piped output "
    "is never paged."
)


def _no_pager(value: bool) -> None:
    if value:
        from vpa_cli.render import set_pager

        set_pager(False)


# Taken before or after the command's name (`vpa --no-pager timeline`, `vpa timeline
# --no-pager`): it acts as it is parsed, so a command declares it and never reads it.
NoPagerOpt = Annotated[
    bool,
    typer.Option(
        "--no-pager", help=PAGER_HELP, callback=_no_pager, expose_value=False, show_default=False
    ),
]
