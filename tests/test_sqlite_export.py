"""`export_sqlite`: the bundled dataset as a SQLite database with foreign keys and
FTS5, the queries of docs/sqlite.md, and the database as Datasette serves it."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO

from vpa_cli.dataset import load_dataset
from vpa_cli.errors import DataError, UsageError
from vpa_cli.exports.sqlite import export_sqlite
from vpa_cli.fields import Date, Nested
from vpa_cli.model import TOP_LEVEL, Citation, Dataset, Source, record_citations
from vpa_cli.sources import read_lines

DOC = REPO / "docs" / "sqlite.md"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset([])


@pytest.fixture(scope="module")
def exported(
    dataset: Dataset, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("export") / "vpa.db"
    counts = export_sqlite(dataset, path)
    return path, counts


@pytest.fixture
def db(exported: tuple[Path, dict[str, int]]) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{exported[0]}?mode=ro", uri=True)
    conn.execute("PRAGMA foreign_keys = ON")
    yield conn
    conn.close()


def count(db: sqlite3.Connection, table: str) -> int:
    result: int = db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    return result


def table_names(db: sqlite3.Connection) -> set[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
    # FTS5 keeps its index in shadow tables (search_data, ...); they are not ours.
    return {name for (name,) in rows if not re.match(r"search_", name)}


# ---------------------------------------------------------------- structure


def test_foreign_keys_hold(db: sqlite3.Connection) -> None:
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_foreign_keys_are_declared(db: sqlite3.Connection, tmp_path: Path) -> None:
    # The check above passes on a database without keys too: prove they exist.
    referenced = {
        (table, row[2], row[3], row[4])
        for table in table_names(db)
        for row in db.execute(f"PRAGMA foreign_key_list('{table}')")
    }
    assert ("event_citations", "events", "event_id", "id") in referenced
    assert ("event_citations", "sources", "source", "id") in referenced
    assert ("event_partners", "partners", "id", "id") in referenced
    assert (
        "statement_citations",
        "partner_statements",
        "statement_position",
        "position",
    ) in referenced
    assert ("source_lines", "sources", "source", "id") in referenced


def test_a_broken_reference_is_refused(
    exported: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    copy = tmp_path / "copy.db"
    copy.write_bytes(exported[0].read_bytes())
    conn = sqlite3.connect(copy)
    conn.execute("PRAGMA foreign_keys = ON")
    event = conn.execute("SELECT id FROM events LIMIT 1").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO event_citations (event_id, position, source, line, quote) "
            "VALUES (?, 99, 'no-such-source', 1, 'q')",
            (event,),
        )
    conn.close()


def test_every_scalar_field_has_a_column(db: sqlite3.Connection) -> None:
    for record_type in TOP_LEVEL:
        columns = {row[1] for row in db.execute(f"PRAGMA table_info('{record_type.LIST}')")}
        for f in record_type.FIELDS:
            if isinstance(f, Nested):
                continue
            wanted = (
                {f.name, f"{f.name}_start", f"{f.name}_end"} if isinstance(f, Date) else {f.name}
            )
            assert wanted <= columns, (record_type.LIST, f.name)


def test_counts_equal_the_dataset(
    db: sqlite3.Connection, dataset: Dataset, exported: tuple[Path, dict[str, int]]
) -> None:
    assert count(db, "events") == len(dataset.events)
    assert count(db, "facts") == len(dataset.facts)
    assert count(db, "partners") == len(dataset.partners)
    assert count(db, "sources") == len(dataset.sources)
    assert count(db, "skipped") == len(dataset.skipped)
    assert count(db, "event_citations") == sum(len(e.citations) for e in dataset.events)
    assert count(db, "partner_statements") == sum(
        len(p.statements) for p in dataset.partners.values()
    )
    assert count(db, "event_partners") == sum(len(e.partners) for e in dataset.events)
    every_citation = sum(len(record_citations(r)) for r in dataset.records())
    assert count(db, "citations") == every_citation > 0
    # The five seed texts, counted here without vpa's reader: lines split on LF. Six
    # sources: seed 004 holds two works (lines 1-32 and 33-34), each with its own lines.
    seeds = sorted((REPO / "seeds").glob("*.txt"))
    assert len(seeds) == 5 and len(dataset.sources) == 6
    lines = sum(len(p.read_text(encoding="utf-8-sig").split("\n")) for p in seeds)
    assert count(db, "source_lines") == lines
    # What export_sqlite reports is what the file holds.
    counts = exported[1]
    assert counts["source_lines"] == lines
    for table, n in counts.items():
        assert count(db, table) == n, table


def test_rows_keep_the_values(db: sqlite3.Connection, dataset: Dataset) -> None:
    db.row_factory = sqlite3.Row
    for event in dataset.events:
        row = db.execute("SELECT * FROM events WHERE id = ?", (event.id,)).fetchone()
        assert row["title"] == event.title
        assert row["date"] == event.date.text
        earliest, latest = event.date.earliest, event.date.latest
        assert row["date_start"] == (earliest.isoformat() if earliest else None)
        assert row["date_end"] == (latest.isoformat() if latest else None)
        quotes = db.execute(
            "SELECT source, line, quote FROM event_citations WHERE event_id = ? ORDER BY position",
            (event.id,),
        ).fetchall()
        assert [tuple(q) for q in quotes] == [(c.source, c.line, c.quote) for c in event.citations]
    for partner in dataset.partners.values():
        row = db.execute("SELECT aliases FROM partners WHERE id = ?", (partner.id,)).fetchone()
        assert json.loads(row["aliases"]) == partner.aliases
        for i, statement in enumerate(partner.statements, 1):
            quotes = db.execute(
                "SELECT quote FROM statement_citations WHERE partner_id = ? "
                "AND statement_position = ? ORDER BY position",
                (partner.id, i),
            ).fetchall()
            assert [q["quote"] for q in quotes] == [c.quote for c in statement.citations]


def test_a_source_holds_only_the_lines_of_its_span(
    db: sqlite3.Connection, dataset: Dataset
) -> None:
    for source in dataset.sources.values():
        first, last = source.span
        lines = [
            n
            for (n,) in db.execute(
                "SELECT line FROM source_lines WHERE source = ? ORDER BY line", (source.id,)
            )
        ]
        total = len(read_lines(source))
        assert lines == list(range(first, (last or total) + 1)), source.id


def test_every_cited_line_is_in_source_lines(db: sqlite3.Connection) -> None:
    missing = db.execute(
        "SELECT c.source, c.line FROM citations AS c LEFT JOIN source_lines AS l "
        "ON l.source = c.source AND l.line = c.line WHERE l.text IS NULL"
    ).fetchall()
    assert missing == []
    # And each quote stands on its line, as `vpa check` requires.
    rows = db.execute(
        "SELECT c.quote, l.text FROM citations AS c JOIN source_lines AS l "
        "ON l.source = c.source AND l.line = c.line"
    ).fetchall()
    assert rows and all(quote in text for quote, text in rows)


# ---------------------------------------------------------------- queries


def test_fts_finds_events_and_source_lines(db: sqlite3.Connection, dataset: Dataset) -> None:
    hits = db.execute(
        "SELECT kind, id, field, line FROM search WHERE search MATCH 'peacekeeping'"
    ).fetchall()
    assert ("event", "2014-first-un-peacekeepers", "title", None) in hits
    assert any(kind == "fact" and field.endswith(".quote") for kind, _, field, _ in hits)
    wanted = {
        (source.id, n)
        for source in dataset.sources.values()
        for n, text in enumerate(read_lines(source), 1)
        if source.holds(n) and "peacekeeping" in re.findall(r"\w+", text.lower())
    }
    found = {(rid, line) for kind, rid, _, line in hits if kind == "source_line"}
    assert wanted and found == wanted


def test_fts_folds_accents(db: sqlite3.Connection) -> None:
    # The seed texts spell Vietnamese names with and without diacritics.
    with_marks = db.execute("SELECT count(*) FROM search WHERE search MATCH 'Lượt'").fetchone()[0]
    without = db.execute("SELECT count(*) FROM search WHERE search MATCH 'Luot'").fetchone()[0]
    assert with_marks == without > 0


def test_date_range_query(db: sqlite3.Connection, dataset: Dataset) -> None:
    from datetime import date

    lo, hi = date(1990, 1, 1), date(1999, 12, 31)
    rows = db.execute(
        "SELECT id FROM events WHERE date_start <= ? AND (date_end IS NULL OR date_end >= ?)",
        (hi.isoformat(), lo.isoformat()),
    ).fetchall()
    expected = {e.id for e in dataset.events if e.date.overlaps(lo, hi)}
    assert {r[0] for r in rows} == expected
    assert "1995-us-normalisation" in expected


def doc_queries() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_the_docs_have_queries() -> None:
    assert len(doc_queries()) >= 5


@pytest.mark.parametrize("query", doc_queries(), ids=lambda q: q.split("\n")[0][:40])
def test_doc_query_runs(db: sqlite3.Connection, query: str) -> None:
    rows = db.execute(query).fetchall()
    assert rows, query


def test_the_docs_name_every_table(db: sqlite3.Connection) -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in table_names(db):
        assert f"`{name}`" in text, name


# ---------------------------------------------------------------- writing the file


def test_an_existing_file_is_kept(dataset: Dataset, tmp_path: Path) -> None:
    path = tmp_path / "out.db"
    path.write_text("mine", encoding="utf-8")
    with pytest.raises(UsageError, match="exists"):
        export_sqlite(dataset, path)
    assert path.read_text(encoding="utf-8") == "mine"
    export_sqlite(dataset, path, overwrite=True)
    conn = sqlite3.connect(path)
    assert count(conn, "events") == len(dataset.events)
    conn.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.db"]


def test_a_failure_leaves_no_file(dataset: Dataset, tmp_path: Path) -> None:
    broken = Dataset()
    for source in dataset.sources.values():
        broken.add(source)
    gone = Source(
        id="gone",
        file="gone.txt",
        title="A text that is not there",
        citations=[Citation(source="gone", line=1, quote="x")],
        path=tmp_path / "gone.txt",
    )
    broken.add(gone)
    path = tmp_path / "out.db"
    with pytest.raises(DataError, match=r"gone\.txt"):
        export_sqlite(broken, path)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_a_usage_error(dataset: Dataset, tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        export_sqlite(dataset, tmp_path / "no" / "such" / "vpa.db")


def test_user_data_goes_in_verbatim(tmp_path: Path) -> None:
    data = tmp_path / "mine.json"
    data.write_text(json.dumps({"events": [hostile_event()]}), encoding="utf-8")
    dataset = load_dataset([str(data)])
    path = tmp_path / "out.db"
    export_sqlite(dataset, path)
    conn = sqlite3.connect(path)
    title = conn.execute("SELECT title FROM events WHERE id = 'hostile'").fetchone()[0]
    assert title == "<script>alert(1)</script> x'); DROP TABLE events; --"
    conn.close()


def hostile_event() -> dict[str, Any]:
    return {
        "id": "hostile",
        "date": "2015-03-02",
        "date_basis": "stated",
        "title": "<script>alert(1)</script> x'); DROP TABLE events; --",
        "summary": "<b>bold</b> & more",
        "kind": "publication",
        "citations": [
            {"source": "nguyen-chi-vinh-2015", "line": 3, "quote": "Monday, March 02, 2015"}
        ],
    }


# ---------------------------------------------------------------- Datasette


def test_datasette_serves_the_database(exported: tuple[Path, dict[str, int]]) -> None:
    pytest.importorskip(
        "datasette.app", reason="datasette is a test dependency: pip install datasette"
    )
    from datasette.app import Datasette

    path = exported[0]
    name = path.stem

    async def fetch() -> dict[str, Any]:
        ds = Datasette([str(path)])
        startup = getattr(ds, "invoke_startup", None)
        if startup is not None:
            await startup()
        index = await ds.client.get("/")
        table = await ds.client.get(f"/{name}/events")
        rows = await ds.client.get(f"/{name}/events.json?_shape=array&kind=peacekeeping")
        found = await ds.client.get(f"/{name}/search.json?_shape=array&_search=peacekeeping")
        linked = await ds.client.get(
            f"/{name}/event_partners.json?_shape=array&_labels=on&event_id=1995-us-normalisation"
        )
        return {"index": index, "table": table, "rows": rows, "search": found, "linked": linked}

    got = asyncio.run(fetch())
    for response in got.values():
        assert response.status_code == 200, response.url
    assert name in got["index"].text
    assert "2014-first-un-peacekeepers" in got["table"].text
    peacekeeping = {row["id"] for row in got["rows"].json()}
    assert "2014-first-un-peacekeepers" in peacekeeping
    hits = got["search"].json()
    assert any(h["kind"] == "event" and h["id"] == "2014-first-un-peacekeepers" for h in hits)
    assert any(h["kind"] == "source_line" for h in hits)
    # Datasette follows the declared foreign keys, labelling each with its target's name.
    linked = got["linked"].json()
    assert {"value": "united-states", "label": "United States"} in [row["id"] for row in linked]
    assert linked[0]["event_id"]["label"] == "Normalisation of relations with the United States"
