"""`vpa timeline --format html|timelinejs` and `vpa export sqlite`: the commands that make
a timeline people can look at and share, with every filter of `vpa timeline`."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from conftest import run
from test_timelinejs import problems as timelinejs_problems


def test_html_is_one_offline_page_with_the_filtered_events() -> None:
    result = run("timeline", "--format", "html", "--from", "2014", "--to", "2015")
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>")
    ids = run("timeline", "--format", "json", "--from", "2014", "--to", "2015").json()
    for event in ids:
        assert f'id="event-{event["id"]}"' in page
    assert page.count('<article class="event" id="event-') == len(ids)
    # Nothing the page loads: no src, href or url() that leaves the file.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "url(http" not in page


def test_html_keeps_data_text_as_text() -> None:
    result = run("timeline", "--format", "html", "--data", "tests/data/hostile-example.json")
    assert result.exit_code == 0, result.stderr
    assert "<b>" not in result.stdout.split('<script type="application/json"')[0].split("<body")[1]


def test_timelinejs_follows_the_format_rules() -> None:
    result = run("timeline", "--format", "timelinejs", "--partner", "united states")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert timelinejs_problems(doc) == []
    expected = run("timeline", "--format", "json", "--partner", "united states").json()
    assert [e["unique_id"] for e in doc["events"]] == [e["id"] for e in expected]


def test_export_sqlite_writes_a_database_and_will_not_overwrite(tmp_path: Path) -> None:
    db = tmp_path / "vpa.db"
    result = run("export", "sqlite", str(db))
    assert result.exit_code == 0, result.stderr
    assert "wrote" in result.stderr and result.stdout == ""
    with sqlite3.connect(db) as con:
        events = con.execute("select count(*) from events").fetchone()[0]
    assert events == len(run("timeline", "--format", "json").json())
    again = run("export", "sqlite", str(db))
    assert again.exit_code == 2
    assert again.stderr.strip() == f"vpa: error: {db} exists; give --force to replace it"
    assert run("export", "sqlite", str(db), "--force").exit_code == 0


def test_export_of_an_unknown_kind_is_a_usage_error(tmp_path: Path) -> None:
    result = run("export", "csv", str(tmp_path / "x"))
    assert result.exit_code == 2
    assert "'csv' is not one of 'sqlite'" in result.stderr
