"""`vpa schema`."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer


class SchemaFormat(str, Enum):
    json = "json"
    markdown = "markdown"


def schema(
    fmt: Annotated[
        SchemaFormat,
        typer.Option(
            "--format",
            "-f",
            help="json: the JSON Schema (draft 2020-12); markdown: the field tables of the docs.",
            case_sensitive=False,
        ),
    ] = SchemaFormat.json,
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
    from vpa_cli.schema import data_file_schema, field_tables

    out = Output.detect()
    if fmt is SchemaFormat.json:
        out.json(data_file_schema())
    else:
        out.lines(f"### {name}\n\n{table}\n" for name, table in field_tables().items())
