"""The data-file format as JSON Schema (draft 2020-12) and as the docs' field tables,
both generated from the record declarations in types.py.

The schema states structure: keys, types, required fields, vocabularies, id and
date shapes. What needs the whole dataset or the texts (ids unique and resolved,
quotes verbatim, coverage) is for `vpa check`.
"""

from __future__ import annotations

from typing import Any

from vpa_cli.records.fields import Field
from vpa_cli.records.record import Record
from vpa_cli.records.types import SUB_RECORDS, TOP_LEVEL

SCHEMA_ID = "https://vpa-cli.invalid/schema/data-file.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _field_schema(field: Field[Any]) -> dict[str, Any]:
    if field.computed:
        # In vpa's JSON output; worked out anew, whatever a file says.
        return {"readOnly": True, "description": f"computed by vpa: {field.doc}"}
    out = field.schema()
    if field.doc:
        out = {**out, "description": field.doc}
    if not field.required:
        # An optional field may be left out or be null.
        out = {
            "anyOf": [out, {"type": "null"}],
            **({"description": field.doc} if field.doc else {}),
        }
    return out


def record_schema(cls: type[Record]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": {f.name: _field_schema(f) for f in cls.FIELDS},
        "required": [f.name for f in cls.FIELDS if f.required],
        "additionalProperties": False,
        **cls.SCHEMA_RULES,
    }


def data_file_schema() -> dict[str, Any]:
    """The JSON Schema of a vpa data file."""
    properties: dict[str, Any] = {
        "$schema": {"type": "string", "description": "the schema this file follows"}
    }
    for cls in TOP_LEVEL:
        properties[cls.LIST] = {"type": "array", "items": {"$ref": f"#/$defs/{cls.__name__}"}}
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "vpa data file",
        "description": "Records for vpa: sources, events, partners, facts and skipped lines. "
        "Run `vpa check --data FILE` for what a schema cannot check.",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "$defs": {cls.__name__: record_schema(cls) for cls in (*TOP_LEVEL, *SUB_RECORDS)},
    }


def field_table(cls: type[Record]) -> str:
    """The Markdown table of a record type's fields, for the docs."""
    rows = ["| field | | |", "|---|---|---|"]
    for f in cls.FIELDS:
        need = "computed" if f.computed else "required" if f.required else "optional"
        what = f.doc_type
        if f.doc:
            what = f"{what}: {f.doc}" if what != "text" else f.doc
        rows.append(f"| `{f.name}` | {need} | {what} |")
    return "\n".join(rows)


def field_tables() -> dict[str, str]:
    """Each record type's field table, by type name (source, event, ..., citation)."""
    return {cls.TYPE: field_table(cls) for cls in (*TOP_LEVEL, *SUB_RECORDS)}
