"""The dataset as one SQLite database, for Datasette or any SQL tool (`vpa export sqlite`).

The tables are derived from the record declarations (records/types.py): one table per
top-level type (`sources`, `events`, ...), a column per scalar field, and one
child table per list of sub-records or references (`event_citations`,
`partner_statements`, `statement_citations`, `event_partners`, ...), keyed by
the parent's key and a `position` from 1, with foreign keys. The records are
written with the view of each claim filled in (claims/view.py: an event's
`date_shown`, `date_mark`, `date_start`, ..., a link's `name`, a citation's
`paragraph` and `place`), so the database says what every other output says.
Flags are INTEGER 0/1. `source_lines` holds every line of every source text
with its paragraph and place, worked out by the same code as a citation's;
`search` is an FTS5 index of the free text, stemmed (porter), with each text also
folded as `vpa search` folds it and the names and spellings search takes for it
(`fold_for_index`); the view `citations` unites every table of citations;
`vpa_columns` says what each column holds; `vpa_export` and `vpa_export_files` say
what went in (vpa's version, the time, each data file with its sha256). docs/sqlite.md
shows queries.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import sqlite3
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from vpa_cli.claims.view import Claims
from vpa_cli.errors import DataError, UsageError
from vpa_cli.loading.dataset import Dataset
from vpa_cli.queries.search.matching import prefixable
from vpa_cli.queries.search.names import EQUIVALENT_NAMES
from vpa_cli.queries.search.query import SYNONYMS
from vpa_cli.queries.search.words import US_UK, stems, tokenize
from vpa_cli.records.fields import (
    Choice,
    Date,
    Field,
    Flag,
    Id,
    Line,
    Number,
    Ref,
    RelativePath,
    Sha256,
    Strings,
    Text,
)
from vpa_cli.records.record import Nested, Record
from vpa_cli.records.types import TOP_LEVEL, Citation
from vpa_cli.text import fold

__all__ = [
    "CITATIONS_VIEW",
    "EXPORT_FILES_TABLE",
    "EXPORT_TABLE",
    "SEARCH_TABLE",
    "SEARCH_TOKENIZER",
    "SOURCE_LINES",
    "DataFile",
    "Table",
    "TableColumn",
    "Written",
    "data_files",
    "export_sqlite",
    "fold_for_index",
    "tables",
]

SOURCE_LINES = "source_lines"
SEARCH_TABLE = "search"
COLUMNS_TABLE = "vpa_columns"
CITATIONS_VIEW = "citations"
EXPORT_TABLE = "vpa_export"
EXPORT_FILES_TABLE = "vpa_export_files"
SEARCH_TOKENIZER = "porter unicode61 remove_diacritics 2"


@dataclass
class TableColumn:
    name: str
    sql_type: str = "TEXT"
    not_null: bool = False
    references: str | None = None  # a table whose `id` this column holds
    doc: str = ""

    def sql(self) -> str:
        out = f"{_q(self.name)} {self.sql_type}"
        if self.not_null:
            out += " NOT NULL"
        if self.references:
            out += f" REFERENCES {_q(self.references)}(id)"
        return out


# What a field's value becomes in its columns, one value per column.
Values = Callable[[Any], list[Any]]


@dataclass
class Table:
    """One table: its key columns, the columns of its fields, and its child tables."""

    name: str
    doc: str
    key: list[TableColumn]
    # The record type whose fields make the columns.
    record: type[Record]
    # The columns that hold the parent's key, and the parent table they point at.
    parent: Table | None = None
    parent_key: list[str] = field(default_factory=list)
    fields: list[tuple[Field[Any], list[TableColumn], Values]] = field(default_factory=list)
    # (field holding the list, child table) for each list of sub-records.
    children: list[tuple[Field[Any], Table]] = field(default_factory=list)
    # How a child table names this table's key columns.
    key_for_children: list[str] = field(default_factory=list)

    @property
    def columns(self) -> list[TableColumn]:
        return [*self.key, *(c for _, cols, _ in self.fields for c in cols)]

    def create_sql(self) -> str:
        parts = [c.sql() for c in self.columns]
        parts.append(f"PRIMARY KEY ({', '.join(_q(c.name) for c in self.key)})")
        if self.parent is not None:
            mine = ", ".join(_q(n) for n in self.parent_key)
            theirs = ", ".join(_q(c.name) for c in self.parent.key)
            parent = _q(self.parent.name)
            parts.append(f"FOREIGN KEY ({mine}) REFERENCES {parent}({theirs}) ON DELETE CASCADE")
        return f"CREATE TABLE {_q(self.name)} (\n  " + ",\n  ".join(parts) + "\n)"

    def walk(self) -> Iterator[Table]:
        yield self
        for _, child in self.children:
            yield from child.walk()


def _q(name: str) -> str:
    """An SQL identifier, quoted."""
    return '"' + name.replace('"', '""') + '"'


def _doc(f: Field[Any]) -> str:
    return f.doc or f.doc_type


def _first_line(text: str | None) -> str:
    return (text or "").strip().split("\n", 1)[0]


def _is_free_text(f: Field[Any]) -> bool:
    """Text written in words (a title, a quote), as opposed to an id, a term or a path."""
    return isinstance(f, Text) and not isinstance(f, (Id, Choice, Ref, Sha256, RelativePath))


def _scalar(value: Any) -> Any:
    """A dumped value as SQLite stores it: lists and objects as JSON text."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    return json.dumps(value, ensure_ascii=False)


def _field_columns(
    f: Field[Any], table_of: dict[str, str], declared: set[str]
) -> tuple[list[TableColumn], Values]:
    """The columns of a scalar field and how its value fills them; `declared` are the
    names of the record's fields."""
    name, required, doc = f.name, f.required, _doc(f)
    if isinstance(f, Date):
        if {f"{name}_start", f"{name}_end"} & declared:
            # The record declares the days itself (an event's computed `date_start`,
            # `date_end`, `until_end`): the date is its stored form alone.
            return [TableColumn(name, "TEXT", required, None, doc + " (EDTF)")], lambda v: [
                None if v is None else v.text
            ]

        def date_values(v: Any) -> list[Any]:
            if v is None:
                return [None, None, None]
            lo, hi = v.earliest, v.latest
            return [v.text, lo and lo.isoformat(), hi and hi.isoformat()]

        return [
            TableColumn(name, "TEXT", required, None, doc + " (EDTF)"),
            TableColumn(
                f"{name}_start", "TEXT", False, None, "first day it can mean (ISO); null if open"
            ),
            TableColumn(
                f"{name}_end", "TEXT", False, None, "last day it can mean (ISO); null if open"
            ),
        ], date_values
    if isinstance(f, Flag):
        return [TableColumn(name, "INTEGER", required, None, doc + " (1 yes, 0 no)")], lambda v: [
            None if v is None else int(bool(v))
        ]
    if isinstance(f, (Line, Number)):
        return [TableColumn(name, "INTEGER", required, None, doc)], lambda v: [v]
    if isinstance(f, Strings):
        return [TableColumn(name, "TEXT", required, None, doc + " (JSON list)")], lambda v: [
            None if v is None else json.dumps(list(v), ensure_ascii=False)
        ]
    target = table_of.get(f.target) if isinstance(f, Ref) else None
    return [TableColumn(name, "TEXT", required, target, doc)], lambda v: [_scalar(f.dump(v))]


def _add_fields(
    table: Table, record: type[Record], table_of: dict[str, str], taken: set[str]
) -> None:
    """Columns for the scalar fields of `record`, child tables for its lists."""
    declared = {f.name for f in record.FIELDS}
    for f in record.FIELDS:
        if isinstance(f, Nested):
            name = f"{record.TYPE}_{f.name}"
            if name in taken:
                name = f"{table.name}_{f.name}"
            taken.add(name)
            parent_cols = [
                TableColumn(n, c.sql_type, True, None, f"key of the {table.name} row")
                for n, c in zip(table.key_for_children, table.key, strict=True)
            ]
            position = TableColumn(
                "position", "INTEGER", True, None, f"place in the {f.name} list, from 1"
            )
            child = Table(
                name,
                doc=f"{table.name}.{f.name}: {_doc(f)}",
                key=[*parent_cols, position],
                parent=table,
                parent_key=[c.name for c in parent_cols],
                record=f.record,
            )
            child.key_for_children = [*child.parent_key, f"{f.record.TYPE}_position"]
            _add_fields(child, f.record, table_of, taken)
            _no_clash(child)
            table.children.append((f, child))
        else:
            cols, values = _field_columns(f, table_of, declared)
            table.fields.append((f, cols, values))


def _no_clash(table: Table) -> None:
    """A ValueError naming the columns a table would have twice (a field named like a
    key column, or like another field's derived column)."""
    names = [c.name for c in table.columns]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"{table.name}: column(s) {twice} would appear twice")


_TABLES: list[Table] = []


def tables() -> list[Table]:
    """The top-level tables (their children inside), derived from model.TOP_LEVEL."""
    if _TABLES:
        return _TABLES
    table_of = {t.TYPE: t.LIST for t in TOP_LEVEL if any(isinstance(f, Id) for f in t.FIELDS)}
    taken = {t.LIST for t in TOP_LEVEL} | {
        SOURCE_LINES,
        SEARCH_TABLE,
        COLUMNS_TABLE,
        CITATIONS_VIEW,
        EXPORT_TABLE,
        EXPORT_FILES_TABLE,
    }
    out = []
    for record in TOP_LEVEL:
        id_field = next((f for f in record.FIELDS if isinstance(f, Id)), None)
        if id_field is not None:
            key = TableColumn(id_field.name, "TEXT", True, None, _doc(id_field))
        else:
            key = TableColumn(
                "position", "INTEGER", True, None, f"place in the {record.LIST} list, from 1"
            )
        table = Table(
            record.LIST,
            doc=_first_line(record.DOC or record.__doc__) or record.PLURAL,
            key=[key],
            key_for_children=[f"{record.TYPE}_{key.name}"],
            record=record,
        )
        _add_fields(table, record, table_of, taken)
        # The key field is the key column; it is not repeated.
        table.fields = [t for t in table.fields if t[0] is not id_field]
        _no_clash(table)
        out.append(table)
    _TABLES.extend(out)
    return _TABLES


def _rows(
    table: Table, record: Record, key: list[Any], into: dict[str, list[tuple[Any, ...]]]
) -> None:
    row = list(key)
    for f, _, values in table.fields:
        row.extend(values(getattr(record, f.name)))
    into[table.name].append(tuple(row))
    for f, child in table.children:
        for i, item in enumerate(getattr(record, f.name) or (), 1):
            _rows(child, item, [*key, i], into)


def _free_texts(record: Record, prefix: str = "") -> Iterator[tuple[str, str]]:
    """(field path, text) of the searchable free text inside a record, sub-records included."""
    for f in record.FIELDS:
        value = getattr(record, f.name)
        if isinstance(f, Nested):
            for i, item in enumerate(value or ()):
                yield from _free_texts(item, f"{prefix}{f.name}[{i}].")
        elif f.search and _is_free_text(f) and value:
            yield prefix + f.name, value


# ---------------------------------------------------------------- folding as search does

# The endings search reads as one spelling in -ise and -ize (words.spelling).
_ISE = re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$")


class _Groups(NamedTuple):
    """The names (names.EQUIVALENT_NAMES) and question words (query.SYNONYMS) search
    takes as one, as it matches them: each form a run of stems."""

    words: list[str]  # per group: its forms folded, for the `variants` column
    by_first: dict[str, list[tuple[tuple[str, ...], int]]]  # first stem -> (form, group)
    # One-word forms that also match the words they begin: form -> groups.
    prefixes: dict[str, set[int]]
    lengths: list[int]  # the lengths of those forms


_GROUPS: list[_Groups] = []


def _groups() -> _Groups:
    if not _GROUPS:
        groups = _Groups([], {}, {}, [])
        for g, group in enumerate((*EQUIVALENT_NAMES, *SYNONYMS)):
            groups.words.append(" ".join(dict.fromkeys(fold(name) for name in group)))
            for form in dict.fromkeys(stems(name) for name in group):
                if form:
                    groups.by_first.setdefault(form[0], []).append((form, g))
                    if len(form) == 1 and prefixable(form[0]):
                        groups.prefixes.setdefault(form[0], set()).add(g)
        groups.lengths.extend(sorted({len(p) for p in groups.prefixes}))
        _GROUPS.append(groups)
    return _GROUPS[0]


def _other_spellings(key: str) -> Iterator[str]:
    """The American spellings search reads as the British `key` (defense, normalization)."""
    for us, uk in US_UK:
        if key.startswith(uk):
            yield us + key[len(uk) :]
    found = _ISE.search(key)
    if found:
        yield key[: found.start()] + "iz" + found.group(1)


def fold_for_index(text: str) -> tuple[str, str]:
    """`text` as `vpa search` reads it, for the full-text index: (folded, variants).

    `folded` is its words one by one as search folds them (case, accents and đ,
    typographic quotes, dotted acronyms and grouped numbers joined: `U.N.` is `un`,
    `1,100` is `1100`; British spelling; web addresses left out). `variants` holds the
    other spellings of those words (`defense` beside `defence`) and every name of each
    group of equivalent names or question words the text holds as search matches them
    (a line saying `peace keeping` gets `peacekeeping operations pko peacekeeping ...`),
    so an FTS5 query in any of them finds it. SQLite's tokenizer cannot be taught
    search's rules in a way Python's sqlite3 module and Datasette can read: the
    folding is written into the text instead.
    """
    tokens = tokenize(text)
    keys = [t.key for t in tokens]
    found = [t.stem for t in tokens]
    variants: dict[str, None] = {}
    for key in dict.fromkeys(keys):
        variants.update(dict.fromkeys(k for k in _other_spellings(key) if k != key))
    groups = _groups()
    held: set[int] = set()
    for i, first in enumerate(found):
        for form, g in groups.by_first.get(first, ()):
            if tuple(found[i : i + len(form)]) == form:
                held.add(g)
    for word in set(found):
        for n in groups.lengths:
            if n >= len(word):
                break
            held.update(groups.prefixes.get(word[:n], ()))
    variants.update(dict.fromkeys(groups.words[g] for g in sorted(held)))
    return " ".join(keys), " ".join(variants)


# ---------------------------------------------------------------- what went in


class DataFile(NamedTuple):
    """A data file an export was made from: its name as vpa shows it (a bundled file's
    under the package, `data/events.json`; yours as given), and its contents' sha256."""

    file: str
    bundled: bool
    sha256: str


def data_files(dataset: Dataset) -> list[DataFile]:
    """The data files `dataset` was read from, in the order they were read.

    The bundled files are read first, every one of them (loading.reading.collect);
    the names after them are the user's, as given.
    """
    from vpa_cli.loading.paths import bundled_files, package_root

    root = package_root()
    bundled = [(p.relative_to(root).as_posix(), p) for p in bundled_files()]
    names = list(dataset.files)
    n = len(bundled) if names[: len(bundled)] == [name for name, _ in bundled] else 0
    paths = [path for _, path in bundled[:n]] + [Path(name) for name in names[n:]]
    out = []
    for i, (name, path) in enumerate(zip(names, paths, strict=True)):
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            raise DataError(f"cannot read {name}: {exc.strerror or exc}") from None
        shown = name if i < n else os.path.normpath(name)
        out.append(DataFile(shown, i < n, digest))
    return out


def _vpa_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vpa-cli")
    except PackageNotFoundError:
        return "unknown"


def _made_from(target: Path) -> list[DataFile] | None:
    """The data files an earlier export at `target` says it was made from; None when it
    says nothing (not a database, or written before vpa recorded them). Opened read-only:
    looking never changes it."""
    try:
        conn = sqlite3.connect(f"{target.absolute().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, ValueError):
        return None
    try:
        rows = conn.execute(
            f"SELECT file, bundled, sha256 FROM {EXPORT_FILES_TABLE} ORDER BY position"
        ).fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    return [DataFile(str(f), bool(b), str(h)) for f, b, h in rows]


def _changes(before: list[DataFile], now: list[DataFile]) -> tuple[str, ...]:
    """What differs between two sets of data files: those left out, those added, those
    whose contents changed, by name."""
    old = {f.file: f.sha256 for f in before}
    new = {f.file: f.sha256 for f in now}
    gone = [name for name in old if name not in new]
    added = [name for name in new if name not in old]
    changed = [name for name in new if name in old and old[name] != new[name]]
    out = []
    if gone:
        out.append("without " + ", ".join(gone))
    if added:
        out.append("now with " + ", ".join(added))
    if changed:
        out.append(", ".join(changed) + (" has" if len(changed) == 1 else " have") + " changed")
    return tuple(out)


def _schema_sql() -> list[str]:
    out = []
    for top in tables():
        for table in top.walk():
            out.append(table.create_sql())
            for c in table.columns:
                if c.references and c not in table.key:
                    out.append(
                        f"CREATE INDEX {_q(f'{table.name}_{c.name}')} "
                        f"ON {_q(table.name)}({_q(c.name)})"
                    )
    source_table = next((t.name for t in tables() if t.name == "sources"), None)
    ref = f" REFERENCES {_q(source_table)}(id)" if source_table else ""
    out.append(
        f"CREATE TABLE {SOURCE_LINES} (\n  source TEXT NOT NULL{ref},\n  line INTEGER NOT NULL,\n"
        "  text TEXT NOT NULL,\n  paragraph INTEGER,\n  place TEXT NOT NULL,\n"
        "  PRIMARY KEY (source, line)\n)"
    )
    # One full-text table over every kind of text, so one query finds a word in
    # titles, quotes and the sources alike; kind/id/field/line say where it is.
    # Porter stems English words (`peacekeepers` finds `peacekeeping`); unicode61
    # folds case and accents first.
    # `folded` and `variants` (fold_for_index) add what `vpa search` folds that the
    # tokenizer cannot (words written apart, other names, other spellings).
    out.append(
        f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(kind UNINDEXED, id UNINDEXED, "
        f"field UNINDEXED, line UNINDEXED, text, folded, variants, "
        f"tokenize = '{SEARCH_TOKENIZER}')"
    )
    # Every citation wherever it stands, so "what cites this line" is one query.
    selects = []
    for top in tables():
        for table in top.walk():
            if table.record is Citation:
                names = ", ".join(_q(f.name) for f in Citation.FIELDS)
                selects.append(
                    f"SELECT '{table.name}' AS from_table, {_q(table.key[0].name)} AS record_id, "
                    f"{names} FROM {_q(table.name)}"
                )
    if selects:
        out.append(f"CREATE VIEW {CITATIONS_VIEW} AS\n" + "\nUNION ALL\n".join(selects))
    out.append(
        f"CREATE TABLE {COLUMNS_TABLE} (table_name TEXT NOT NULL, column_name TEXT NOT NULL, "
        "description TEXT NOT NULL, PRIMARY KEY (table_name, column_name))"
    )
    out.append(
        f"CREATE TABLE {EXPORT_TABLE} (vpa_version TEXT NOT NULL, exported_at TEXT NOT NULL)"
    )
    out.append(
        f"CREATE TABLE {EXPORT_FILES_TABLE} (position INTEGER NOT NULL PRIMARY KEY, "
        "file TEXT NOT NULL, bundled INTEGER NOT NULL, sha256 TEXT NOT NULL)"
    )
    return out


def _column_docs() -> list[tuple[str, str, str]]:
    docs: list[tuple[str, str, str]] = []
    for top in tables():
        for table in top.walk():
            docs.append((table.name, "", table.doc))
            docs.extend((table.name, c.name, c.doc) for c in table.columns)
    docs += [
        (SOURCE_LINES, "", "every line of every source text, numbered from 1"),
        (SOURCE_LINES, "source", "a source id"),
        (SOURCE_LINES, "line", "the line number, from 1, as citations count it"),
        (SOURCE_LINES, "text", "the text of the line"),
        (
            SOURCE_LINES,
            "paragraph",
            "the paragraph of the work the line is, as a reader counts them (a citation's "
            "`paragraph`); null for a blank line, a title, heading, byline, caption or dateline",
        ),
        (
            SOURCE_LINES,
            "place",
            "where a reader finds the line, as a citation's `place` says it: `para. 6`, "
            "what the line is (`dateline`, `caption`), or `line 34` for a blank line",
        ),
        (
            SEARCH_TABLE,
            "",
            "FTS5 index of titles, summaries, notes, statements, quotes and source lines; "
            "words are stemmed (porter) and accents folded; each text also folded as "
            "`vpa search` folds it, with the names and spellings search takes for it",
        ),
        (SEARCH_TABLE, "kind", "record type (event, fact, partner, source) or source_line"),
        (SEARCH_TABLE, "id", "the record's id (for a source line, the source's)"),
        (SEARCH_TABLE, "field", "where in the record: title, citations[0].quote, ..."),
        (SEARCH_TABLE, "line", "for a source line, its number; else null"),
        (SEARCH_TABLE, "text", "the text indexed"),
        (
            SEARCH_TABLE,
            "folded",
            "the text's words as `vpa search` folds them: case, accents and đ, dotted "
            "acronyms (U.N. is un), grouped numbers (1,100 is 1100), British spelling, "
            "web addresses left out",
        ),
        (
            SEARCH_TABLE,
            "variants",
            "other spellings of its words (defense, normalization) and every name of each "
            "group of equivalent names or question words it holds as search matches them "
            "(peace keeping: peacekeeping, pko, ...; East Sea: south china sea, ...)",
        ),
        (EXPORT_TABLE, "", "what made this database: one row"),
        (EXPORT_TABLE, "vpa_version", "the version of vpa that wrote it"),
        (EXPORT_TABLE, "exported_at", "when it was written (UTC, ISO 8601)"),
        (EXPORT_FILES_TABLE, "", "every data file it was made from, in the order read"),
        (EXPORT_FILES_TABLE, "position", "the order the file was read in, from 1"),
        (
            EXPORT_FILES_TABLE,
            "file",
            "a bundled file under the package (data/events.json), or yours as given",
        ),
        (EXPORT_FILES_TABLE, "bundled", "1 for a file shipped with vpa, 0 for yours"),
        (EXPORT_FILES_TABLE, "sha256", "the SHA-256 of the file's bytes, in hex"),
        (CITATIONS_VIEW, "", "every citation of every table above, in one view"),
        (CITATIONS_VIEW, "from_table", "the table the citation is in"),
        (CITATIONS_VIEW, "record_id", "the id of the top-level record it belongs to"),
    ]
    return docs


def _collect(dataset: Dataset) -> dict[str, list[tuple[Any, ...]]]:
    from vpa_cli.loading.texts import read_lines

    # Every record with its view filled in: dates as shown, marks, places, names.
    claims = Claims(dataset)
    claims.everything()
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for top in tables():
        for table in top.walk():
            rows[table.name] = []
    rows[SOURCE_LINES] = []
    rows[SEARCH_TABLE] = []
    for top, record_type in zip(tables(), TOP_LEVEL, strict=True):
        records: Any = getattr(dataset, record_type.LIST)
        found = records.values() if isinstance(records, dict) else records
        id_name = top.key[0].name
        for i, record in enumerate(found, 1):
            rid = getattr(record, id_name) if id_name != "position" else i
            _rows(top, record, [rid], rows)
            for path, text in _free_texts(record):
                rows[SEARCH_TABLE].append(
                    (record_type.TYPE, str(rid), path, None, text, *fold_for_index(text))
                )
    for source in dataset.sources.values():
        # read_lines raises the DataError that says why a text cannot be read.
        for n, text in enumerate(read_lines(source), 1):
            if not source.holds(n):
                continue  # a line of another work in the same file
            # The place a citation of this line has (Claims.citation), so the two agree.
            paragraph, _, place = claims.texts.place(source.id, n)
            rows[SOURCE_LINES].append((source.id, n, text, paragraph, place))
            if text.strip():
                rows[SEARCH_TABLE].append(
                    ("source_line", source.id, "line", n, text, *fold_for_index(text))
                )
    return rows


# SQLite's INTEGER is a signed 64-bit number.
SQLITE_INTEGER_MAX = 2**63 - 1


def _unstorable(table: str, rows: list[tuple[Any, ...]]) -> str:
    """Why SQLite refused a row of `table`: a number past its INTEGER, or a lone
    surrogate (text that is not Unicode, which no encoding can write)."""
    for row in rows:
        for value in row:
            if (
                isinstance(value, int)
                and not -SQLITE_INTEGER_MAX - 1 <= value <= SQLITE_INTEGER_MAX
            ):
                shown = str(value) if value.bit_length() < 128 else f"{str(value)[:12]}..."
                return f"{table}: the number {shown} is too large for SQLite (at most 2**63-1)"
            if isinstance(value, str):
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError as exc:
                    code = ord(value[exc.start])
                    return f"{table}: a text holds a lone surrogate (U+{code:04X}), not Unicode"
    return f"{table}: a value SQLite cannot store"


def _write(conn: sqlite3.Connection, dataset: Dataset, files: list[DataFile]) -> dict[str, int]:
    from datetime import datetime, timezone

    rows = _collect(dataset)
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    rows[EXPORT_TABLE] = [(_vpa_version(), now)]
    rows[EXPORT_FILES_TABLE] = [
        (i, f.file, int(f.bundled), f.sha256) for i, f in enumerate(files, 1)
    ]
    try:
        for statement in _schema_sql():
            conn.execute(statement)
    except sqlite3.OperationalError as exc:
        if "fts5" in str(exc):
            raise DataError(f"this Python's SQLite has no FTS5 full-text search ({exc})") from None
        raise
    for name, table_rows in rows.items():
        if table_rows:
            marks = ", ".join("?" * len(table_rows[0]))
            try:
                conn.executemany(f"INSERT INTO {_q(name)} VALUES ({marks})", table_rows)
            except (OverflowError, UnicodeEncodeError):
                raise DataError(_unstorable(name, table_rows)) from None
    conn.executemany(f"INSERT INTO {COLUMNS_TABLE} VALUES (?, ?, ?)", _column_docs())
    # Rows went in with the checks off (parents need not come first); check them all now.
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise DataError(
            f"{len(broken)} reference(s) lead nowhere, the first in {table} row {rowid} to {parent}"
        )
    return {name: len(table_rows) for name, table_rows in rows.items()}


def _replaceable(target: Path, overwrite: bool) -> None:
    """A UsageError unless `target` is free, or a regular file (not a link) that may be
    replaced: a device node, a FIFO, a socket, a folder or a link is never replaced."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or "not a valid path"
        raise UsageError(f"cannot write {target}: {reason}") from None
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise UsageError(f"{target} is a directory")
    if not stat.S_ISREG(mode):
        what = "a symbolic link" if stat.S_ISLNK(mode) else "not a regular file"
        kinds = {
            stat.S_IFIFO: "a FIFO (named pipe)",
            stat.S_IFCHR: "a character device",
            stat.S_IFBLK: "a block device",
            stat.S_IFSOCK: "a socket",
        }
        what = kinds.get(stat.S_IFMT(mode), what)
        raise UsageError(
            f"{target} is {what}: vpa export replaces only a regular file, "
            "so give the path of a new or regular file"
        )
    if not overwrite:
        raise UsageError(f"{target} exists; choose another name or overwrite it")


def _new_file(folder: Path, name: str) -> Path:
    """A new, empty file beside the target, made here (never an existing file or a
    link someone put there) for SQLite to write into."""
    for _ in range(8):
        tmp = folder / f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            os.close(os.open(tmp, flags, 0o666))
        except FileExistsError:
            continue
        return tmp
    raise DataError(f"cannot make a temporary file in {folder}")


class Written(NamedTuple):
    """What `export_sqlite` wrote: the rows per table, and how the data files differ
    from those of the database it replaced ("without mine.json", "now with ...",
    "... has changed"); empty when it replaced none, the same, or one that does not say."""

    rows: dict[str, int]
    changes: tuple[str, ...] = ()


def export_sqlite(
    dataset: Dataset, path: str | os.PathLike[str], *, overwrite: bool = False
) -> Written:
    """Write `dataset` as a new SQLite database at `path`; the rows per table and what
    differs from the data files of the database it replaced.

    The database is written beside `path` under a temporary name and renamed
    when complete, so a failure leaves no half-written file. An existing regular
    file is replaced only with `overwrite`; anything else there (a folder, a link,
    a device node, a FIFO, a socket) never is: a UsageError. A source text that
    cannot be read is a DataError: the database promises every line of every
    source; so is a database that cannot be written (a full disk, say).
    """
    target = Path(path)
    _replaceable(target, overwrite)
    # Only now, a regular file that may be replaced: what was it made from?
    before = _made_from(target) if target.exists() else None
    files = data_files(dataset)
    folder = target.parent
    if not folder.is_dir():
        missing = not folder.exists() and not folder.is_symlink()
        raise UsageError(
            f"{folder} does not exist: create it first, or write the database elsewhere"
            if missing
            else f"{folder} is not a directory"
        )
    tmp: Path | None = None
    try:
        tmp = _new_file(folder, target.name)
        conn = sqlite3.connect(tmp)
        try:
            with conn:
                counts = _write(conn, dataset, files)
        finally:
            conn.close()
        # Checked again: something may have been put there while the database was written.
        _replaceable(target, overwrite)
        os.replace(tmp, target)
        tmp = None
    except sqlite3.Error as exc:
        raise DataError(f"cannot write {target}: {exc}") from None
    except OSError as exc:
        raise DataError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
                with contextlib.suppress(OSError):
                    leftover.unlink(missing_ok=True)
    return Written(counts, () if before is None else _changes(before, files))
