"""`vpa schema`: the JSON Schema of data files, generated from the record declarations,
agrees with the reader: what the reader accepts the schema accepts, and what the
reader refuses for a structural reason the schema refuses too."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import REPO, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vpa_cli.errors import DataError
from vpa_cli.loading.reading import collect
from vpa_cli.records import vocab
from vpa_cli.records.types import TOP_LEVEL

SCHEMA = json.loads(run("schema").stdout)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

# What the reader says when a file's shape is wrong, as opposed to rules a schema
# cannot state (a calendar date, a note a derived date needs, unique ids, quotes).
STRUCTURAL = (
    "unknown field",
    "missing",
    "must not be null",
    "must be a string",
    "must be a list",
    "must be an object",
    "must be a non-empty list",
    "is not one of",
    "must be a line number",
    "must be a source id",
    "must be a partner id",
    "must not be empty",
    "is not an id like",
    "must be 64 lower-case hex digits",
    "must be a date string",
    "a data file must be a JSON object",
)


def schema_errors(doc: Any) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(doc)]


def reader_problems(doc: Any) -> list[str]:
    """Problems the reader finds in `doc` alone (references to records elsewhere aside)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        _, problems = collect([str(path)], bundled=False)
    return [
        p.message
        for p in problems
        if not p.message.startswith(("unknown source", "unknown partner"))
    ]


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_covers_every_record_type_and_field() -> None:
    for cls in TOP_LEVEL:
        definition = SCHEMA["$defs"][cls.__name__]
        assert set(definition["properties"]) == {f.name for f in cls.FIELDS}
        assert set(definition["required"]) == {f.name for f in cls.FIELDS if f.required}
        assert SCHEMA["properties"][cls.LIST]["items"] == {"$ref": f"#/$defs/{cls.__name__}"}


def _valid_files() -> list[Path]:
    """The bundled data and every file under tests/data that vpa reads without error."""
    found = sorted((REPO / "data").glob("*.json"))
    for path in sorted((REPO / "tests" / "data").rglob("*.json")):
        try:
            _, problems = collect([str(path)])
        except DataError:
            continue  # not JSON at all (truncated, duplicate keys)
        if not [p for p in problems if any(s in p.message for s in STRUCTURAL)]:
            found.append(path)
    return found


@pytest.mark.parametrize("path", _valid_files(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_schema_accepts_the_bundled_data_and_every_valid_test_file(path: Path) -> None:
    assert schema_errors(json.loads(path.read_text(encoding="utf-8"))) == []


def test_a_data_file_may_name_its_schema() -> None:
    doc = {"$schema": "./vpa-data.schema.json", "events": []}
    assert schema_errors(doc) == []
    assert reader_problems(doc) == []


# ---------------------------------------------------------------- properties

CITATION = {"source": "nguyen-chi-vinh-2015", "line": 3, "quote": "Monday, March 02, 2015"}
VALID = {
    "sources": [
        {
            "id": "my-notes",
            "file": "notes.txt",
            "title": "Notes",
            "authors": [{"family": "Nguyen", "given": "Van A"}],
            "date": "2015-03",
            "type": "report",
            "citations": [CITATION],
        }
    ],
    "events": [
        {
            "id": "2015-event",
            "date": "2015-03-02",
            "date_basis": "stated",
            "title": "An event",
            "summary": "What happened.",
            "kind": "conference",
            "partners": ["russia"],
            "citations": [CITATION],
        }
    ],
    "partners": [
        {
            "id": "atlantis",
            "name": "Atlantis",
            "kind": "country",
            "aliases": ["Atl"],
            "statements": [{"area": "general", "text": "Said.", "citations": [CITATION]}],
            "citations": [CITATION],
        }
    ],
    "facts": [
        {
            "id": "a-fact",
            "title": "A fact",
            "summary": "True.",
            "kind": "figure",
            "citations": [CITATION],
        }
    ],
    "skipped": [{"source": "nguyen-chi-vinh-2015", "line": 1, "reason": "dateline"}],
}

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from(["", " ", "x", "2015", "1995-07-12", "stated", "country", "seeds/a.txt"]),
    st.just([]),
    st.just({}),
    st.lists(st.sampled_from(["a", 1, None]), max_size=2),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside `value` (dict keys and list indexes)."""
    out = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            out += _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            out += _paths(inner, (*prefix, i))
    return out


def _mutate(doc: Any, path: tuple[Any, ...], how: str, junk: Any) -> Any:
    doc = json.loads(json.dumps(doc))
    if not path:
        return junk
    *head, last = path
    parent = doc
    for step in head:
        parent = parent[step]
    if how == "replace":
        parent[last] = junk
    elif how == "drop" and isinstance(parent, dict):
        del parent[last]
    elif how == "add" and isinstance(parent, dict):
        parent["extra_" + str(last)] = junk
    elif isinstance(parent, list):
        parent.append(junk)
    return doc


PATHS = _paths(VALID)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from(PATHS),
    how=st.sampled_from(["replace", "drop", "add", "append"]),
    junk=JUNK,
    vocabulary_term=st.sampled_from(
        [t for v in (vocab.EVENT_KINDS, vocab.FACT_KINDS, vocab.AREAS) for t in v]
    ),
)
def test_reader_and_schema_agree_on_structure(
    path: tuple[Any, ...], how: str, junk: Any, vocabulary_term: str
) -> None:
    doc = _mutate(VALID, path, how, vocabulary_term if junk == "stated" else junk)
    problems = reader_problems(doc)
    errors = schema_errors(doc)
    if not problems:
        assert errors == [], f"the reader accepts what the schema refuses: {doc}"
    if any(any(s in p for s in STRUCTURAL) for p in problems):
        assert errors, f"the schema accepts what the reader refuses ({problems}): {doc}"


def test_the_unchanged_document_is_valid_for_both() -> None:
    assert reader_problems(VALID) == []
    assert schema_errors(VALID) == []


def test_markdown_field_tables_name_every_field() -> None:
    result = run("schema", "--format", "markdown")
    assert result.exit_code == 0
    for cls in TOP_LEVEL:
        assert f"### {cls.TYPE}" in result.stdout
        for f in cls.FIELDS:
            need = "computed" if f.computed else "required" if f.required else "optional"
            assert f"| `{f.name}` | {need} |" in result.stdout
