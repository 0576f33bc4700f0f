"""One column contract: the date columns (and `weak`) have the same names and values in
`vpa timeline`'s JSON and CSV and in the SQLite export, for every bundled event and for a
user's events of every date shape, an open start ("until 1990") included (issue 25)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, run, run_json

# The contract (docs/output.md, "CSV and the column contract"): names shared by all three.
COLUMNS = (
    "date", "date_shown", "date_mark", "date_basis", "date_label", "source_date", "as_of",
    "until", "until_end", "date_start", "date_end", "date_precision", "date_approximate",
    "date_uncertain", "open_start", "open_end", "count_year", "weak",
)  # fmt: skip
BOOLEANS = {"date_approximate", "date_uncertain", "open_start", "open_end", "weak"}
INTEGERS = {"count_year"}

EXAMPLE = json.loads((REPO / "tests/data/example/my-data.json").read_text(encoding="utf-8"))
BASE = EXAMPLE["events"][0]
SHAPES = {
    "open-start": {"date": "../1990"},
    "open-end": {"date": "2014/..", "as_of": "2020-06"},
    "approximate": {"date": "1995~"},
    "uncertain": {"date": "1995-07?"},
    "month-range": {"date": "1975-04/1986-12"},
    "year": {"date": "2001"},
}


@pytest.fixture(scope="module")
def user_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    events = [BASE | {"id": f"shape-{name}", **change} for name, change in SHAPES.items()]
    folder = tmp_path_factory.mktemp("contract")
    notes = REPO / "tests/data/example/reading-notes.txt"
    (folder / notes.name).write_bytes(notes.read_bytes())
    path = folder / "shapes.json"
    doc = {"sources": EXAMPLE["sources"], "events": events}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _from_csv(name: str, cell: str) -> Any:
    if cell == "":
        return None
    if name in BOOLEANS:
        assert cell in ("true", "false"), (name, cell)
        return cell == "true"
    if name in INTEGERS:
        return int(cell)
    return cell


def _from_sql(name: str, value: Any) -> Any:
    if name in BOOLEANS and value is not None:
        assert type(value) is int and value in (0, 1), (name, value)
        return bool(value)
    return value


@pytest.mark.parametrize("mine", [False, True], ids=["bundled", "user-file"])
def test_json_csv_and_sqlite_agree_on_every_date_column(
    mine: bool, user_file: str, tmp_path: Path
) -> None:
    flags = ["--data", user_file] if mine else []
    as_json = {e["id"]: e for e in run_json("timeline", *flags)}
    as_csv = {
        row["id"]: row
        for row in csv.DictReader(io.StringIO(run("timeline", "--format", "csv", *flags).stdout))
    }
    db = tmp_path / "out.db"
    assert run("export", "sqlite", str(db), *flags).exit_code == 0
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    as_sql = {row["id"]: row for row in conn.execute("SELECT * FROM events")}
    types = {r[1]: r[2] for r in conn.execute("PRAGMA table_info(events)")}
    conn.close()
    assert as_json.keys() == as_csv.keys() == as_sql.keys()
    if mine:
        assert {f"shape-{name}" for name in SHAPES} <= as_json.keys()
        assert as_json["shape-open-start"]["open_start"] is True
        assert as_json["shape-open-start"]["date_start"] is None
        assert as_json["shape-open-start"]["count_year"] == 1990
    for name in COLUMNS:
        assert types[name] == ("INTEGER" if name in BOOLEANS | INTEGERS else "TEXT"), name
    for rid, event in as_json.items():
        for name in COLUMNS:
            want = event[name]
            # CSV writes null and "" alike (an empty cell: docs/output.md).
            assert _from_csv(name, as_csv[rid][name]) == (None if want == "" else want), (rid, name)
            assert _from_sql(name, as_sql[rid][name]) == want, (rid, name)
