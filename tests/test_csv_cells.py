"""CSV cells a spreadsheet cannot run: the OWASP rule for formulas, reversibly.

A cell that starts with `=`, `+`, `-`, `@`, tab, CR or NUL (after any run of
apostrophes) is written with one more `'` in front; `vpa_cli.text.read_cell` takes
it off again, so every cell reads back to the exact text (docs/output.md)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from conftest import run
from hypothesis import given
from hypothesis import strategies as st

from vpa_cli.text import defuse_formula, read_cell

# What a spreadsheet would take for a formula.
FORMULA = re.compile(r"[=+\-@\t\r\0]")


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@given(st.text())
def test_defusing_is_reversible_and_leaves_no_formula(text: str) -> None:
    cell = defuse_formula(text)
    assert read_cell(cell) == text
    assert not FORMULA.match(cell)


@given(st.text(alphabet="'=+-@\t\r\0ab", max_size=8))
def test_defusing_apostrophes_and_triggers(text: str) -> None:
    assert read_cell(defuse_formula(text)) == text


def test_examples() -> None:
    assert defuse_formula("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert defuse_formula("- Sharing") == "'- Sharing"
    assert defuse_formula("'=x") == "''=x"
    assert defuse_formula("'quoted'") == "'quoted'"
    assert defuse_formula("1995") == "1995"
    assert read_cell("'- Sharing") == "- Sharing"
    assert read_cell("'quoted'") == "'quoted'"


def test_bundled_quotes_that_begin_with_a_dash_read_back_exactly() -> None:
    record = run("show", "bilateral-cooperation-fields-essay", "--format", "json").json()
    quotes = [c["quote"] for c in record["record"]["citations"]]
    assert any(q.startswith("- ") for q in quotes)
    rows = cells(run("show", "bilateral-cooperation-fields-essay", "--format", "csv").stdout)
    values = [read_cell(value) for field, value in rows[1:] if field.startswith("citations[")]
    for quote in quotes:
        assert any(f"\u201c{quote}\u201d" in value for value in values), quote
    hits = cells(run("search", "Sharing intelligence", "--format", "csv").stdout)
    header = hits[0]
    passage = next(dict(zip(header, row, strict=True)) for row in hits[1:] if row[0] == "passage")
    assert passage["text"] == "'- Sharing intelligence and information"
    assert read_cell(passage["text"]) == "- Sharing intelligence and information"


def test_formulas_from_a_data_file_are_text(tmp_path: Path) -> None:
    data = tmp_path / "formulas.json"
    event = {
        "id": "formula-demo",
        "date": "2015-03-02",
        "date_basis": "supplied",
        "date_note": '=HYPERLINK("http://example.invalid","x")',
        "title": "=1+1",
        "summary": "@SUM(A1:A2)",
        "kind": "publication",
        "note": "+cmd|' /C calc'!A0",
        "citations": [{"source": "nguyen-chi-vinh-2015", "line": 3, "quote": "-2+3"}],
    }
    data.write_text(json.dumps({"events": [event]}), encoding="utf-8")
    outputs = {
        "timeline": run(
            "timeline", "--data", str(data), "--format", "csv", "--kind", "publication"
        ),
        "search": run("search", "HYPERLINK", "--data", str(data), "--format", "csv"),
        "show": run("show", "formula-demo", "--data", str(data), "--format", "csv"),
    }
    written = {name: cells(result.stdout) for name, result in outputs.items()}
    for name, rows in written.items():
        assert len(rows) > 1, name
        for row in rows:
            for cell in row:
                assert not FORMULA.match(cell), (name, cell)
    timeline = [dict(zip(written["timeline"][0], r, strict=True)) for r in written["timeline"][1:]]
    demo = next(r for r in timeline if r["id"] == "formula-demo")
    assert [read_cell(demo[k]) for k in ("title", "summary", "note", "date_note")] == [
        event["title"],
        event["summary"],
        event["note"],
        event["date_note"],
    ]
    show = dict(written["show"][1:])
    assert read_cell(show["title"]) == "=1+1"
