"""What a SQLite export says went into it (`vpa_export`, `vpa_export_files`), and what
`vpa export sqlite --force` says when it replaces a database made from other data files."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path
from typing import Any

from conftest import REPO, Result, run

from vpa_cli.exports.sqlite import data_files, export_sqlite
from vpa_cli.loading.reading import load_dataset


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def my_data(folder: Path, title: str = "Mine") -> Path:
    event = {
        "id": "mine",
        "date": "2015-03-02",
        "date_basis": "stated",
        "title": title,
        "summary": "A publication of my own.",
        "kind": "publication",
        "citations": [
            {"source": "nguyen-chi-vinh-2015", "line": 3, "quote": "Monday, March 02, 2015"}
        ],
    }
    path = folder / "mine.json"
    path.write_text(json.dumps({"events": [event]}), encoding="utf-8")
    return path


def export(db: Path, *args: str) -> Result:
    result = run("export", "sqlite", str(db), *args, env={"VPA_DATA": ""})
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return result


def replaced(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if "replaced" in line]


def rows(db: Path, query: str) -> list[Any]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(query).fetchall()
    finally:
        conn.close()


def test_an_export_says_what_went_in(tmp_path: Path) -> None:
    mine = my_data(tmp_path)
    db = tmp_path / "vpa.db"
    before = datetime.now(timezone.utc).replace(microsecond=0)
    export(db, "--data", str(mine))
    after = datetime.now(timezone.utc)
    ((vpa_version, exported_at),) = rows(db, "SELECT vpa_version, exported_at FROM vpa_export")
    assert vpa_version == version("vpa-cli")
    assert exported_at.endswith("Z")
    assert before <= datetime.fromisoformat(exported_at) <= after
    files = rows(db, "SELECT position, file, bundled, sha256 FROM vpa_export_files")
    bundled = sorted((REPO / "data").glob("*.json"))
    expected = [(f"data/{p.name}", 1, sha256(p)) for p in bundled]
    expected.append((str(mine), 0, sha256(mine)))
    assert [row[1:] for row in files] == expected
    assert [row[0] for row in files] == list(range(1, len(expected) + 1))
    declared = {row[1]: row[2] for row in rows(db, "PRAGMA table_info(vpa_export_files)")}
    assert declared["bundled"] == "INTEGER"


def test_the_files_are_those_read_from_the_cache_too(tmp_path: Path) -> None:
    # A dataset read a second time comes from the cache: it names the same files.
    mine = my_data(tmp_path)
    first = data_files(load_dataset([str(mine)], env=""))
    assert first == data_files(load_dataset([str(mine)], env=""))
    assert [f.bundled for f in first] == [True] * (len(first) - 1) + [False]


def test_force_says_when_the_data_files_differ(tmp_path: Path) -> None:
    mine = my_data(tmp_path)
    db = tmp_path / "nb.db"
    export(db, "--data", str(mine))
    # The same data again: nothing to say.
    assert replaced(export(db, "--data", str(mine), "--force")) == []
    # Without --data: the events of mine.json are gone, and vpa says so.
    result = export(db, "--force")
    assert replaced(result) == [
        f"vpa export: replaced {db}, made from other data files: without {mine}"
    ]
    assert result.stderr.splitlines()[-1].startswith(f"vpa export: wrote {db} (")
    assert rows(db, "SELECT count(*) FROM events WHERE id = 'mine'") == [(0,)]
    assert replaced(export(db, "--force", "--data", str(mine))) == [
        f"vpa export: replaced {db}, made from other data files: now with {mine}"
    ]
    my_data(tmp_path, title="Mine, corrected")
    assert replaced(export(db, "--force", "--data", str(mine))) == [
        f"vpa export: replaced {db}, made from other data files: {mine} has changed"
    ]


def test_the_checks_on_what_may_be_replaced_come_first(tmp_path: Path) -> None:
    mine = my_data(tmp_path)
    db = tmp_path / "vpa.db"
    export(db, "--data", str(mine))
    kept = db.read_bytes()
    # Without --force: refused, as before, and nothing said of its data.
    result = run("export", "sqlite", str(db), env={"VPA_DATA": ""})
    assert result.exit_code == 2
    assert result.stderr.strip() == f"vpa: error: {db} exists; give --force to replace it"
    # A link to it is never replaced, nor read.
    link = tmp_path / "link.db"
    link.symlink_to(db)
    result = run("export", "sqlite", str(link), "--force", env={"VPA_DATA": ""})
    assert result.exit_code == 2
    assert "symbolic link" in result.stderr and replaced(result) == []
    assert db.read_bytes() == kept


def test_a_file_that_does_not_say_is_replaced_quietly(tmp_path: Path) -> None:
    # Not a database, or one written before exports said what went in: nothing known.
    notes = tmp_path / "notes.db"
    notes.write_text("not a database", encoding="utf-8")
    assert replaced(export(notes, "--force")) == []
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old)
    conn.execute("CREATE TABLE events (id TEXT)")
    conn.close()
    written = export_sqlite(load_dataset([], env=""), old, overwrite=True)
    assert written.changes == ()
    assert written.rows["vpa_export_files"] == len(list((REPO / "data").glob("*.json")))
