"""`vpa check`."""

from __future__ import annotations

from typing import Annotated

import typer

from vpa_cli.formats import CheckFormat
from vpa_cli.options import DataOpt, NoColorOpt, NoPagerOpt

# No table (so no auto): one line per problem reads the same on a terminal and in a pipe.
CheckFormatOpt = Annotated[
    CheckFormat,
    typer.Option(
        "--format",
        "-f",
        help="plain: one line per problem (file: record: field: message) or the counts; "
        "json: the report; csv and markdown: a table of the problems.",
        case_sensitive=False,
    ),
]


StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Fail on your files' warnings too: outside references, weak-source titles, "
        "date precision (the bundled data always keeps these rules).",
    ),
]


def check(
    data: DataOpt = None,
    fmt: CheckFormatOpt = "plain",
    strict: StrictOpt = False,
    no_color: NoColorOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """Prove the dataset, and your own data files, against the sources.

    Checks every record's fields, ids, dates and references; every quote,
    verbatim at its line; every seed's checksum; coverage: each source line
    that names a year is cited or listed as skipped; and knowledge from outside
    the texts: every supplied date, inferred partner and supplied detail rests
    on an outside reference with an excerpt, never on grade C pages alone. With
    --data (or VPA_DATA) your files are checked by the same rules, with the same
    messages; the outside-knowledge rules only warn on them unless --strict.
    Exit 0 when all is well (warnings are said on stdout), 1 with one line per
    problem.

    \b
    Examples:
      vpa check
      vpa check --data my-events.json
      vpa check --format json
    """
    from vpa_cli.checks.run import run_check
    from vpa_cli.render import Output, note
    from vpa_cli.render.check import render_check

    report = run_check(data or [], strict=strict)
    out = Output.detect(no_color)
    render_check(report, fmt, out)
    if report.warnings:
        note(f"vpa check: {len(report.warnings)} warning(s) (--strict makes them problems)")
    if not report.ok:
        note(f"vpa check: {len(report.problems)} problem(s)")
        raise typer.Exit(1)
