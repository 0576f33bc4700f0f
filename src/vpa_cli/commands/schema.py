"""`vpa schema`."""

from __future__ import annotations

from typing import Annotated

import typer

from vpa_cli.formats import SchemaFormat
from vpa_cli.options import NoColorOpt, NoPagerOpt


def schema(
    fmt: Annotated[
        SchemaFormat,
        typer.Option(
            "--format",
            "-f",
            help="json: the JSON Schema (draft 2020-12); markdown: the field tables of the docs.",
            case_sensitive=False,
        ),
    ] = "json",
    no_color: NoColorOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """The format of data files, as a JSON Schema (draft 2020-12).

    Point your editor at it to get completion and errors as you write your own
    data file (see the data-format docs), or add "$schema" to the file. The
    schema checks structure; `vpa check --data FILE` checks the rest (ids,
    references, quotes verbatim at their lines, coverage).

    \b
    Examples:
      vpa schema > vpa-data.schema.json
      vpa schema --format markdown
    """
    from vpa_cli.render import Output
    from vpa_cli.render.schema import render_schema

    render_schema(fmt, Output.detect())
