"""`vpa sources`."""

from __future__ import annotations

from typing import Annotated

import typer

from vpa_cli.formats import OUTSIDE, SOURCE_TEXT, SOURCES, SourcesFormat
from vpa_cli.options import DataOpt, FormatOpt, NoColorOpt, NoPagerOpt


def sources(
    sid: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]", help="A source's id: print its text; leave out to list the sources."
        ),
    ] = None,
    line: Annotated[
        str | None,
        typer.Option(
            "--line",
            "-l",
            metavar="N|N-M",
            help="With ID: only this line, or these lines (29-33), with their paragraph "
            "numbers and the records citing them.",
            show_default=False,
        ),
    ] = None,
    outside: Annotated[
        bool,
        typer.Option(
            "--outside",
            help="List the pages outside the texts the data rests on: each outside "
            "reference with its record, what it supports, its grade and its excerpt.",
        ),
    ] = False,
    data: DataOpt = None,
    fmt: FormatOpt[SourcesFormat] = "auto",
    no_color: NoColorOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """The sources, or one source's text with what cites it.

    Without ID: every source with its id, author, date, where it was published,
    who speaks, whether it is weak, and how many records cite it (--format json
    or markdown add the speaker and the assessment). With ID: the text, each line
    with its number and its paragraph number ("para. 3") or what else it is
    (title, dateline, byline...); a cited line is marked * and ends with the ids
    of the records citing it. This is how to check a claim in its context.

    \b
    Examples:
      vpa sources
      vpa sources --format json
      vpa sources nguyen-chi-vinh-2015
      vpa sources nguyen-chi-vinh-2015 --line 19
      vpa sources hoang-xuan-chien --line 29-33
      vpa sources --outside --format csv
    """
    from vpa_cli.errors import UsageError
    from vpa_cli.loading.reading import load_dataset
    from vpa_cli.queries.sources import list_sources, outside_references, parse_lines, source_text
    from vpa_cli.render import Output
    from vpa_cli.render.sources import render_outside, render_sources, render_text

    if sid is None and line is not None:
        raise UsageError("--line needs a source id (vpa sources ID --line N)")
    lines = parse_lines(line) if line is not None else None
    if outside and sid is not None:
        raise UsageError("--outside lists every outside reference: leave out the source id")
    (OUTSIDE if outside else SOURCE_TEXT if sid else SOURCES).require(fmt)
    dataset = load_dataset(data or [])
    out = Output.detect(no_color)
    if outside:
        render_outside(outside_references(dataset), fmt, out)
    elif sid is None:
        render_sources(list_sources(dataset), fmt, out)
    else:
        render_text(source_text(dataset, sid, lines), fmt, out)
