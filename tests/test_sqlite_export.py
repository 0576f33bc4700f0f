"""`export_sqlite`: the bundled dataset as a SQLite database with foreign keys and
FTS5, the view of each claim as the other outputs give it, the queries of
docs/sqlite.md, and the database as Datasette serves it."""

from __future__ import annotations

import asyncio
import json
import re
import shlex
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, run_json

from vpa_cli.errors import DataError, UsageError
from vpa_cli.exports.sqlite import export_sqlite, fold_for_index, tables
from vpa_cli.loading.dataset import Dataset
from vpa_cli.loading.reading import load_dataset
from vpa_cli.loading.texts import read_lines
from vpa_cli.queries.search import parse_query
from vpa_cli.queries.search.matching import Matcher
from vpa_cli.records.fields import Date, Flag, Line, Number, Strings
from vpa_cli.records.record import Nested
from vpa_cli.records.types import TOP_LEVEL, Citation, Event, Source, record_citations

DOC = REPO / "docs" / "sqlite.md"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset([])


@pytest.fixture(scope="module")
def exported(
    dataset: Dataset, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("export") / "vpa.db"
    counts = export_sqlite(dataset, path).rows
    return path, counts


@pytest.fixture
def db(exported: tuple[Path, dict[str, int]]) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{exported[0]}?mode=ro", uri=True)
    conn.execute("PRAGMA foreign_keys = ON")
    yield conn
    conn.close()


# The bundled data alone, whatever VPA_DATA the shell running the tests has.
BUNDLED_ONLY = {"VPA_DATA": ""}


@pytest.fixture(scope="module")
def timeline_json() -> dict[str, dict[str, Any]]:
    """Every event as `vpa timeline --format json` gives it, by id."""
    events = run_json("timeline", "--limit", "0", env=BUNDLED_ONLY)
    return {event["id"]: event for event in events}


@pytest.fixture(scope="module")
def shown_json(dataset: Dataset) -> dict[str, dict[str, Any]]:
    """Every source, partner and fact as `vpa show ID --format json` gives it, by id."""
    ids = [*dataset.sources, *dataset.partners, *(fact.id for fact in dataset.facts)]
    return {rid: run_json("show", rid, env=BUNDLED_ONLY)["record"] for rid in ids}


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
        declared = {f.name for f in record_type.FIELDS}
        for f in record_type.FIELDS:
            if isinstance(f, Nested):
                continue
            days = {f"{f.name}_start", f"{f.name}_end"}
            # A date gets its first and last day, unless the record declares them itself.
            wanted = {f.name} | days if isinstance(f, Date) and not days & declared else {f.name}
            assert wanted <= columns, (record_type.LIST, f.name)
    # The event's date and as-of date are such dates: their days are the view's.
    events = {row[1] for row in db.execute("PRAGMA table_info('events')")}
    assert {"date_start", "date_end", "until", "until_end"} <= events
    assert "until_start" not in events
    assert {"as_of_start", "as_of_end", "source_date_start"} <= events


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
    # The view holds the quotes that say otherwise too, each from its `*_contrary` table.
    (resting,) = db.execute(
        "SELECT count(*) FROM citations WHERE from_table NOT LIKE '%\\_contrary' ESCAPE '\\'"
    ).fetchone()
    assert resting == every_citation > 0
    contrary = sum(len(getattr(r, "contrary", ()) or ()) for r in dataset.records())
    contrary += sum(len(s.contrary) for p in dataset.partners.values() for s in p.statements)
    assert count(db, "citations") == every_citation + contrary
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


# ---------------------------------------------------------------- the view of each claim

# The parts of an event's view a reader of the database needs most (issue 19).
EVENT_VIEW = ("date_shown", "date_mark", "weak", "date_start", "date_end", "until", "until_end")


def from_sql(f: Any, value: Any) -> Any:
    """A column's value as the JSON of the same field holds it."""
    if value is None:
        return None
    if isinstance(f, Flag):
        assert type(value) is int and value in (0, 1), (f.name, value)
        return bool(value)
    if isinstance(f, (Number, Line)):
        assert type(value) is int, (f.name, value)
    if isinstance(f, Strings):
        return json.loads(value)
    return value


def test_events_carry_the_view_the_timeline_gives(
    db: sqlite3.Connection, timeline_json: dict[str, dict[str, Any]]
) -> None:
    db.row_factory = sqlite3.Row
    rows = {row["id"]: row for row in db.execute("SELECT * FROM events")}
    assert rows and rows.keys() == timeline_json.keys()
    computed = [f for f in Event.FIELDS if f.computed]
    assert set(EVENT_VIEW) <= {f.name for f in computed}
    for event_id, event in timeline_json.items():
        row = rows[event_id]
        # Every computed field, so `date_precision`, the flags and `count_year` too.
        for f in computed:
            assert from_sql(f, row[f.name]) == event[f.name], (event_id, f.name)
        assert type(row["weak"]) is int and row["weak"] == int(event["weak"]), event_id
    # The marks and open ranges the comparison covers are there to compare.
    assert {row["date_mark"] for row in rows.values()} >= {"", "\u2020"}
    assert any(row["weak"] for row in rows.values())
    # An open range ends nowhere; how far it is known to run is its as-of end.
    open_ranges = [row for row in rows.values() if row["open_end"]]
    assert open_ranges
    for row in open_ranges:
        assert row["date_end"] is None and row["until"] and row["until_end"], row["id"]
        assert row["until_end"] == timeline_json[row["id"]]["until_end"]


def json_citations(record: dict[str, Any], key: str = "citations") -> list[tuple[Any, ...]]:
    return [(c["source"], c["line"], c["quote"], c["paragraph"], c["place"]) for c in record[key]]


# Each table of citations and the columns that name its record.
CITATION_TABLES = {
    "source_citations": "source_id",
    "event_citations": "event_id",
    "partner_citations": "partner_id",
    "statement_citations": "partner_id, statement_position",
    "fact_citations": "fact_id",
    # The quotes of another text that say otherwise (`contrary`).
    "event_contrary": "event_id",
    "statement_contrary": "partner_id, statement_position",
    "fact_contrary": "fact_id",
}


def test_every_citation_has_the_place_the_json_gives(
    db: sqlite3.Connection,
    dataset: Dataset,
    timeline_json: dict[str, dict[str, Any]],
    shown_json: dict[str, dict[str, Any]],
) -> None:
    assert {
        table.name for top in tables() for table in top.walk() if table.record is Citation
    } == set(CITATION_TABLES)
    expected: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for event_id, event in timeline_json.items():
        expected["event_citations", event_id] = json_citations(event)
        expected["event_contrary", event_id] = json_citations(event, "contrary")
    for source_id in dataset.sources:
        expected["source_citations", source_id] = json_citations(shown_json[source_id])
    for partner_id in dataset.partners:
        partner = shown_json[partner_id]
        expected["partner_citations", partner_id] = json_citations(partner)
        for i, statement in enumerate(partner["statements"], 1):
            expected["statement_citations", partner_id, i] = json_citations(statement)
            expected["statement_contrary", partner_id, i] = json_citations(statement, "contrary")
    for fact in dataset.facts:
        expected["fact_citations", fact.id] = json_citations(shown_json[fact.id])
        expected["fact_contrary", fact.id] = json_citations(shown_json[fact.id], "contrary")
    got: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for table, key in CITATION_TABLES.items():
        width = key.count(",") + 1
        for row in db.execute(
            f"SELECT {key}, source, line, quote, paragraph, place FROM {table} "
            f"ORDER BY {key}, position"
        ):
            got.setdefault((table, *row[:width]), []).append(tuple(row[width:]))
    assert got == {k: v for k, v in expected.items() if v}
    # The view unites them, places included.
    every = [c for cs in expected.values() for c in cs]
    view = db.execute("SELECT source, line, quote, paragraph, place FROM citations").fetchall()
    assert Counter(view) == Counter(every)
    places = {place for *_, paragraph, place in every if paragraph is None}
    assert {"dateline", "title"} <= places
    assert all(place == f"para. {n}" for *_, n, place in every if n is not None)


def test_partner_links_carry_their_notes_and_names(
    db: sqlite3.Connection,
    dataset: Dataset,
    timeline_json: dict[str, dict[str, Any]],
    shown_json: dict[str, dict[str, Any]],
) -> None:
    expected: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    links = [("event_partners", eid, event["partners"]) for eid, event in timeline_json.items()]
    links += [("fact_partners", f.id, shown_json[f.id]["partners"]) for f in dataset.facts]
    for table, rid, partners in links:
        for i, link in enumerate(partners, 1):
            parts = (link["id"], link["role"], link["basis"], link["note"], link["name"])
            expected[table, rid, i] = parts
    got: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for table, key in (("event_partners", "event_id"), ("fact_partners", "fact_id")):
        for rid, position, *parts in db.execute(
            f"SELECT {key}, position, id, role, basis, note, name FROM {table}"
        ):
            got[table, rid, position] = tuple(parts)
    assert got == expected
    # Notes and names that are not all null, in both tables.
    for table in ("event_partners", "fact_partners"):
        assert any(k[0] == table and v[3] for k, v in expected.items()), table
    assert all(v[4] for v in expected.values())


def test_source_lines_have_the_places_citations_have(
    db: sqlite3.Connection, dataset: Dataset
) -> None:
    # A citation joins its line on (source, line), and both say the same place.
    rows = db.execute(
        "SELECT c.paragraph, l.paragraph, c.place, l.place FROM citations AS c "
        "JOIN source_lines AS l ON l.source = c.source AND l.line = c.line"
    ).fetchall()
    assert len(rows) == count(db, "citations")
    assert all(cp == lp and cw == lw for cp, lp, cw, lw in rows)
    # Every line's paragraph is the one `vpa sources ID --format json` gives; its place
    # is `para. N`, else the line's role, else `line N` (a blank line).
    for source_id in dataset.sources:
        shown = run_json("sources", source_id, env=BUNDLED_ONLY)["lines"]
        expected = [
            (
                line["line"],
                line["paragraph"],
                f"para. {line['paragraph']}"
                if line["paragraph"] is not None
                else line["role"] or f"line {line['line']}",
            )
            for line in shown
        ]
        got = db.execute(
            "SELECT line, paragraph, place FROM source_lines WHERE source = ? ORDER BY line",
            (source_id,),
        ).fetchall()
        assert got == expected, source_id
    types = {t for (t,) in db.execute("SELECT DISTINCT typeof(paragraph) FROM source_lines")}
    assert types == {"integer", "null"}


def test_flags_and_numbers_are_integers(db: sqlite3.Connection) -> None:
    assert db.execute("SELECT DISTINCT typeof(weak) FROM events").fetchall() == [("integer",)]
    assert db.execute("SELECT DISTINCT weak FROM events ORDER BY weak").fetchall() == [(0,), (1,)]
    checked = set()
    for top in tables():
        for table in top.walk():
            for f, columns, _ in table.fields:
                if not isinstance(f, (Flag, Number, Line)):
                    continue
                (column,) = columns
                assert column.sql_type == "INTEGER", (table.name, column.name)
                found = db.execute(
                    f'SELECT DISTINCT typeof("{column.name}") FROM "{table.name}"'
                ).fetchall()
                assert {t for (t,) in found} <= {"integer", "null"}, (table.name, column.name)
                checked.add(f.name)
    assert {"weak", "open_end", "family_first", "count_year", "paragraph", "line"} <= checked


# ---------------------------------------------------------------- queries


def test_fts_finds_events_and_source_lines(db: sqlite3.Connection, dataset: Dataset) -> None:
    hits = db.execute(
        "SELECT kind, id, field, line FROM search WHERE search MATCH 'peacekeeping'"
    ).fetchall()
    assert ("event", "2014-first-un-peacekeepers", "title", None) in hits
    assert any(kind == "fact" and field.endswith(".quote") for kind, _, field, _ in hits)
    # The lines that say peacekeeping in any form: peacekeepers, `peace keeping` written
    # apart (nguyen-ba-duong-2018), `peace-keeping`, or PKO, as `vpa search` folds them.
    forms = re.compile(r"\bpeace[ -]?keep(?:ing|ers?)?\b|\bpkos?\b", re.IGNORECASE)
    wanted = {
        (source.id, n)
        for source in dataset.sources.values()
        for n, text in enumerate(read_lines(source), 1)
        if source.holds(n) and forms.search(text)
    }
    found = {(rid, line) for kind, rid, _, line in hits if kind == "source_line"}
    assert found == wanted
    apart = {line for rid, line in wanted if rid == "nguyen-ba-duong-2018"}
    assert {23, 29, 57, 83, 89} <= apart


def test_fts_folds_accents(db: sqlite3.Connection) -> None:
    # The seed texts spell Vietnamese names with and without diacritics.
    with_marks = db.execute("SELECT count(*) FROM search WHERE search MATCH 'Lượt'").fetchone()[0]
    without = db.execute("SELECT count(*) FROM search WHERE search MATCH 'Luot'").fetchone()[0]
    assert with_marks == without > 0


def test_fts_stems_words(db: sqlite3.Connection) -> None:
    def matched(word: str) -> set[tuple[Any, ...]]:
        rows = db.execute(
            "SELECT kind, id, field, line FROM search WHERE search MATCH ?", (word,)
        ).fetchall()
        return set(rows)

    # Porter stems all three to `peacekeep`: each finds what the others find (unstemmed,
    # `peacekeepers` found one row).
    found = matched("peacekeepers")
    assert found == matched("peacekeeping") == matched("peacekeeper")
    # Against `vpa search`: its hits are records and passages, the index's rows are pieces
    # of text (a title, a summary, each quote, a source line), so the counts differ; compare
    # where they are. The index folds what search folds (`peace keeping` written apart,
    # `PKO`), so the two find the same records and passages.
    hits = run_json("search", "peacekeepers", "--limit", "0", env=BUNDLED_ONLY)
    hit_places = {(h["type"], h["id"]) for h in hits}
    places = {
        ("passage", f"{rid}:{line}") if kind == "source_line" else (kind, rid)
        for kind, rid, _, line in found
    }
    assert places == hit_places
    assert len(found) >= len(places) >= len(hits) * 2 // 3 > 10
    assert {kind for kind, *_ in found} >= {"event", "fact", "source_line"}


def test_date_range_query(db: sqlite3.Connection, dataset: Dataset) -> None:
    from datetime import date

    from vpa_cli.queries.timeline import in_window

    lo, hi = date(1990, 1, 1), date(1999, 12, 31)
    rows = db.execute(
        "SELECT id FROM events WHERE date_start <= ? AND (date_end IS NULL OR date_end >= ?)",
        (hi.isoformat(), lo.isoformat()),
    ).fetchall()
    spans = {e.id: (e.date.earliest, e.date.latest) for e in dataset.events}
    expected = {rid for rid, span in spans.items() if in_window(span, lo, hi, False)}
    assert {r[0] for r in rows} == expected
    assert "1995-us-normalisation" in expected


def doc_queries() -> list[str]:
    return re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


def test_the_docs_have_queries() -> None:
    assert len(doc_queries()) >= 5


def test_the_decade_query_counts_as_the_chart_does(db: sqlite3.Connection) -> None:
    (query,) = [q for q in doc_queries() if "AS decade" in q]
    chart = run_json("timeline", "--chart", env=BUNDLED_ONLY)
    assert "count_year" in query
    got = db.execute(query).fetchall()
    assert got == [(bar["start"], bar["events"]) for bar in chart if bar["events"]]


def test_the_decade_query_counts_ranges_open_at_the_start(tmp_path: Path) -> None:
    # No bundled event is open at the start; one of yours is counted in the year it
    # ends, where `vpa timeline --chart` counts it (its date_start is null).
    event = hostile_event() | {"id": "open-start", "date": "../1975", "title": "Open"}
    data = tmp_path / "mine.json"
    data.write_text(json.dumps({"events": [event]}), encoding="utf-8")
    path = tmp_path / "out.db"
    export_sqlite(load_dataset([str(data)]), path)
    conn = sqlite3.connect(path)
    (query,) = [q for q in doc_queries() if "AS decade" in q]
    got = conn.execute(query).fetchall()
    row = conn.execute("SELECT date_start, count_year FROM events WHERE id = 'open-start'")
    assert row.fetchone() == (None, 1975)
    conn.close()
    chart = run_json("timeline", "--chart", "--data", str(data), env=BUNDLED_ONLY)
    assert got == [(bar["start"], bar["events"]) for bar in chart if bar["events"]]
    assert (1970, 2) in got


def test_the_paragraph_query_gives_paragraphs(db: sqlite3.Connection) -> None:
    (query,) = [q for q in doc_queries() if "c.place" in q]
    rows = db.execute(query).fetchall()
    assert rows and any(row[0].startswith("para. ") for row in rows)


@pytest.mark.parametrize("query", doc_queries(), ids=lambda q: q.split("\n")[0][:40])
def test_doc_query_runs(db: sqlite3.Connection, query: str) -> None:
    rows = db.execute(query).fetchall()
    assert rows, query


# A count on a query's first line, and the `vpa search` that finds the same passages.
STATED = re.compile(r"-- (\d+) rows?(?:: vpa search (.+))?\n")


def stated_queries() -> list[str]:
    return [q for q in doc_queries() if STATED.match(q)]


def test_the_search_examples_state_their_counts() -> None:
    stated = stated_queries()
    assert len(stated) >= 3
    assert all("MATCH" in q for q in stated)
    assert sum(bool(STATED.match(q).group(2)) for q in stated) >= 2  # type: ignore[union-attr]


@pytest.mark.parametrize("query", stated_queries(), ids=lambda q: q.split("\n")[0][3:40])
def test_a_stated_count_is_what_the_query_gives(db: sqlite3.Connection, query: str) -> None:
    stated = STATED.match(query)
    assert stated is not None
    rows = db.execute(query).fetchall()
    assert len(rows) == int(stated.group(1)), query
    if stated.group(2):
        # The same passages `vpa search ... --type passage` finds, one by one.
        args = shlex.split(stated.group(2))
        hits = run_json("search", *args, "--limit", "0", env=BUNDLED_ONLY)
        assert {h["id"] for h in hits} == {f"{source}:{line}" for source, line, _ in rows}
        assert len(hits) == len(rows)


def test_the_quotes_example_finds_what_search_matches(db: sqlite3.Connection) -> None:
    # Every quote in the database that `vpa search peacekeeping` matches, by search's own
    # matcher, and no other: the doc's count of quotes is search's.
    (query,) = [q for q in stated_queries() if "'%quote'" in q]
    found = {(kind, rid, where) for kind, rid, where, _ in db.execute(query)}
    matcher = Matcher(parse_query("peacekeeping"))
    quotes = db.execute(
        "SELECT kind, id, field, text FROM search WHERE field LIKE '%quote'"
    ).fetchall()
    matched = {(k, r, f) for k, r, f, text in quotes if any(matcher.match(text).qualities)}
    assert found == matched
    # Among them the quotes that write it apart, which porter alone never joined.
    apart = {(k, r, f) for k, r, f, text in quotes if "peace keeping" in text.lower()}
    assert apart and apart <= found
    # Their records are among the hits of `vpa search peacekeeping`.
    hits = run_json("search", "peacekeeping", "--limit", "0", env=BUNDLED_ONLY)
    assert {(kind, rid) for kind, rid, _ in found} <= {(h["type"], h["id"]) for h in hits}


@pytest.mark.parametrize(
    ("typed", "fts"),
    [
        ("peacekeeping", "peacekeeping"),
        ("East Sea", '"east sea"'),
        ("South China Sea", '"south china sea"'),
        ("defense", "defense"),
        ("defence", "defence"),
        ("normalization", "normalization"),
        ("UN", "un"),
        ("attend", "attend"),
        ("cooperation", "cooperation"),
        ("1,100", "1100"),
        ("HADR", "hadr"),
    ],
)
def test_the_index_finds_the_passages_search_finds(
    db: sqlite3.Connection, typed: str, fts: str
) -> None:
    hits = run_json("search", typed, "--type", "passage", "--limit", "0", env=BUNDLED_ONLY)
    rows = db.execute(
        "SELECT id, line FROM search WHERE search MATCH ? AND kind = 'source_line'", (fts,)
    ).fetchall()
    assert hits
    assert {f"{source}:{line}" for source, line in rows} == {h["id"] for h in hits}


def test_folding_as_search_folds() -> None:
    folded, variants = fold_for_index("The U.N. peace keeping force of 1,100 in the Biển Đông")
    assert folded == "the un peace keeping force of 1100 in the bien dong"
    assert "peacekeeping" in variants.split() and "east sea" in variants
    folded, variants = fold_for_index("defense normalization; see https://example.org/japan")
    assert folded == "defence normalisation see"
    assert variants.split() == ["defense", "normalization"]
    assert fold_for_index("Nothing to add here.") == ("nothing to add here", "")


def test_every_true_false_column_is_declared_integer(db: sqlite3.Connection) -> None:
    # pandas and DuckDB read a column by its declared type: a flag is INTEGER 0/1 there,
    # never the text '0' or '1' (`astype(bool)` takes any text as true).
    flags: list[tuple[str, str]] = []
    for top in tables():
        for child in top.walk():
            for f, (col, *_), _ in child.fields:
                if isinstance(f, Flag):
                    flags.append((child.name, col.name))
    flags.append(("vpa_export_files", "bundled"))
    assert ("events", "weak") in flags and ("source_authors", "family_first") in flags
    for table, column in flags:
        declared = {row[1]: row[2] for row in db.execute(f'PRAGMA table_info("{table}")')}
        assert declared[column] == "INTEGER", (table, column)
        values = {v for (v,) in db.execute(f'SELECT DISTINCT "{column}" FROM "{table}"')}
        assert values <= {0, 1, None} and all(type(v) is not str for v in values)
    # And no column of any table holds a flag as text.
    for table in table_names(db) - {"search"}:
        for column in [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]:
            texts = db.execute(
                f'SELECT count(*) FROM "{table}" WHERE typeof("{column}") = \'text\' '
                f"AND \"{column}\" IN ('0', '1', 'true', 'false')"
            ).fetchone()[0]
            assert texts == 0, (table, column)


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
    written = export_sqlite(dataset, path, overwrite=True)
    # Not a database: it says nothing of what it was made from, so nothing is said.
    assert written.changes == ()
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
    assert linked[0]["event_id"]["label"] == (
        "Overview essay: normalisation of relations with the United States"
    )


def test_a_missing_or_wrong_folder_is_named(tmp_path: Path, dataset: Dataset) -> None:
    with pytest.raises(UsageError, match="does not exist: create it first"):
        export_sqlite(dataset, tmp_path / "no-such-folder" / "vpa.db")
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    with pytest.raises((UsageError, DataError), match=r"a-file.*[Nn]ot a directory"):
        export_sqlite(dataset, tmp_path / "a-file" / "vpa.db")
