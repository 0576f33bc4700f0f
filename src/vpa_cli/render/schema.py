"""Rendering `vpa schema`: the JSON Schema of data files, or the docs' field tables."""

from __future__ import annotations

from vpa_cli.formats import SCHEMA, Renderers
from vpa_cli.render import Output


def render_schema(fmt: str, out: Output) -> None:
    SCHEMA.renderer(fmt, RENDERERS)(out)


def schema_json(out: Output) -> None:
    from vpa_cli.records.schema import data_file_schema

    out.json(data_file_schema())


def schema_markdown(out: Output) -> None:
    from vpa_cli.records.schema import field_tables

    out.lines(f"### {name}\n\n{table}\n" for name, table in field_tables().items())


# The renderers of this module, by kind of result and format: the registry in
# vpa_cli.formats names the formats, these are the functions that write them.
RENDERERS: Renderers = {
    SCHEMA: {
        "json": schema_json,
        "markdown": schema_markdown,
    },
}
