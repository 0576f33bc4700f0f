"""Reading data files into a `Dataset`: strict JSON, the record schema, references.

The bundled data (data/*.json, seeds/) ships inside the package; user files
come from `--data` and `VPA_DATA` and have the same shape. Loading checks
structure, types, dates, ids and references and stops at the first problem;
`vpa check` (check.py) collects every problem and also verifies quotes,
checksums and coverage against the seed texts.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vpa_cli import vocab
from vpa_cli.dates import DateSyntaxError, FuzzyDate
from vpa_cli.errors import DataError, MissingPath
from vpa_cli.model import (
    Citation,
    Dataset,
    Event,
    Fact,
    Partner,
    Person,
    Skipped,
    Source,
    Statement,
)

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_NUMBER_DIGITS = 30
MAX_DEPTH = 64
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")
SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")
LISTS = ("sources", "events", "partners", "facts", "skipped")
# The fields each record may have (frozensets: checked with one C-level subset test).
_CITATION_KEYS = frozenset(("source", "line", "quote"))
_PARTNER_KEYS = frozenset(("id", "name", "kind", "aliases", "statements", "citations", "note"))
_STATEMENT_KEYS = frozenset(("area", "text", "citations"))
_FACT_KEYS = frozenset(("id", "title", "summary", "kind", "partners", "citations", "note"))
_SKIPPED_KEYS = frozenset(("source", "line", "reason", "note"))
_SOURCE_KEYS = frozenset(
    (
        "id",
        "file",
        "sha256",
        "title",
        "authors",
        "translators",
        "publication",
        "date",
        "type",
        "note",
        "citations",
    )
)
_EVENT_KEYS = frozenset(
    (
        "id",
        "date",
        "date_basis",
        "date_note",
        "date_label",
        "title",
        "summary",
        "kind",
        "partners",
        "citations",
        "note",
    )
)


@dataclass(frozen=True)
class Problem:
    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.field}: {self.message}"


_ROOT: list[Path] = []


def package_root() -> Path:
    """The folder holding data/ and seeds/: inside the installed package, or the checkout."""
    if _ROOT:
        return _ROOT[0]
    from importlib.resources import files

    root = Path(str(files("vpa_cli")))
    if not (root / "data").is_dir():
        # An editable install (pip install -e .) maps only src/ into the
        # package; data/ and seeds/ then stay at the top of the checkout.
        root = Path(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    _ROOT.append(root)
    return root


def bundled_files() -> list[Path]:
    return sorted((package_root() / "data").glob("*.json"))


def user_paths(data: Sequence[str] = (), env: str | None = None) -> list[str]:
    """`VPA_DATA` paths (OS path separator) then `--data` paths, in that order."""
    raw = os.environ.get("VPA_DATA", "") if env is None else env
    from_env = [p for p in raw.split(os.pathsep) if p]
    return [*from_env, *data]


# ---------------------------------------------------------------- strict JSON


class _JsonRule(ValueError):
    """A strict-JSON rule broken inside the parser, which does not say where."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


def _number_problem(text: str) -> str | None:
    """Why a JSON number literal is refused, or None when it is fine."""
    is_float = any(c in text for c in ".eE")
    limit = MAX_NUMBER_DIGITS + 10 if is_float else MAX_NUMBER_DIGITS
    if len(text.lstrip("-")) > limit:
        return f"number {text[:12]}... is too long ({len(text)} characters, at most {limit})"
    if is_float and not math.isfinite(float(text)):
        return f"number {text} is out of range"
    return None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) == len(pairs):  # no key twice: the common case, decided in C
        return out
    out = {}
    for key, value in pairs:
        if key in out:
            raise _JsonRule(f"duplicate key {key!r}", key)
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise _JsonRule(f"{name} is not valid JSON")


def _int(text: str) -> int:
    if len(text) <= MAX_NUMBER_DIGITS:  # the common case, kept cheap
        return int(text)
    problem = _number_problem(text)
    if problem:
        raise _JsonRule(problem)
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if len(text) <= MAX_NUMBER_DIGITS and math.isfinite(value):
        return value
    problem = _number_problem(text)
    if problem:
        raise _JsonRule(problem)
    return value


def _position(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line} column {column}"


# One JSON token. Only used to say where a refused file breaks a rule.
_TOKEN = re.compile(
    r'"[^"\\]*(?:\\.[^"\\]*)*"|-?Infinity|NaN|-?\d[\d.eE+-]*|[{}\[\]:,]|true|false|null|\s+',
    re.DOTALL,
)


_LITERALS = ("true", "false", "null")


def _locate(text: str, rule: _JsonRule | None) -> int | None:
    """Index of the first place `rule` is broken (None: nesting deeper than MAX_DEPTH).

    json's hooks are told what is wrong but not where, so the text is walked
    again, token by token, up to that place; this runs only on refused files.
    """
    # Per open container: its keys so far (None for an array), and whether
    # the next string in it is a key.
    stack: list[tuple[set[str] | None, list[bool]]] = []
    message = str(rule) if rule else ""
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            return None
        token, start, pos = m.group(), m.start(), m.end()
        first = token[0]
        if first in "{[":
            stack.append((set() if first == "{" else None, [first == "{"]))
            if rule is None and len(stack) > MAX_DEPTH:
                return start
        elif first in "}]":
            if stack:
                stack.pop()
        elif first == ",":
            if stack and stack[-1][0] is not None:
                stack[-1][1][0] = True
        elif first == '"':
            keys, expect_key = stack[-1] if stack else (None, [False])
            if keys is not None and expect_key[0]:
                expect_key[0] = False
                key = json.loads(token)
                if rule is not None and rule.key == key and key in keys:
                    return start
                keys.add(key)
        elif rule is None or rule.key is not None or first.isspace() or token in _LITERALS:
            continue
        elif message == f"{token} is not valid JSON" or _number_problem(token) == message:
            return start
    return None


def _depth_over_limit(doc: Any) -> bool:
    stack: list[tuple[Any, int]] = [(doc, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def _size(n: int) -> str:
    mib = 1024 * 1024
    return f"{n // mib} MiB" if n % mib == 0 else f"{n} bytes"


def read_json_file(path: Path, shown: str, *, check_depth: bool = True) -> Any:
    """Parse one data file strictly, raising DataError with file, line and column.

    With `check_depth=False` the walk for nesting deeper than MAX_DEPTH is left
    to the caller: `_read_and_add` does it only for a file whose records have
    problems, since a file that passes the schema cannot be nested that deep.

    Exit 2 (MissingPath) for a path that is missing or a directory; 1 for the
    rest. Only regular files are read, so a FIFO or /dev/zero cannot hang vpa.
    """
    limit = MAX_FILE_BYTES
    if not shown.strip():
        raise MissingPath("an empty path was given as a data file")
    try:
        if not path.exists():
            raise MissingPath(f"{shown}: no such file")
        if path.is_dir():
            raise MissingPath(f"{shown}: is a directory, not a data file")
        if not path.is_file():
            raise DataError(f"{shown}: not a regular file (a pipe or a device cannot be read)")
        size = path.stat().st_size
        if size > limit:
            raise DataError(f"{shown}: {size} bytes is over the {_size(limit)} limit")
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise DataError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    except ValueError:
        # os.stat refuses a path with a NUL byte in it.
        raise MissingPath(f"{shown}: not a valid path") from None
    if len(raw) > limit:
        raise DataError(f"{shown}: over the {_size(limit)} limit")
    try:
        # A UTF-8 byte-order mark is allowed (RFC 8259 lets parsers ignore it).
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataError(
            f"{shown}: line {line} column {column}: not UTF-8 (byte 0x{raw[exc.start]:02x})"
        ) from None
    if not text.strip():
        raise DataError(f"{shown}: empty file, expected a JSON object")
    rule: _JsonRule | None = None
    try:
        doc = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constant,
            parse_int=_int,
            parse_float=_float,
        )
    except json.JSONDecodeError as exc:
        raise DataError(f"{shown}: line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        pass
    except _JsonRule as exc:
        rule = exc
    else:
        if not check_depth or not _depth_over_limit(doc):
            return doc
    message = str(rule) if rule else f"nested deeper than {MAX_DEPTH} levels"
    where = _locate(text, rule)
    at = f" {_position(text, where)}:" if where is not None else ""
    raise DataError(f"{shown}:{at} {message}")


# ---------------------------------------------------------------- schema


class _Reader:
    """Builds records from parsed JSON, noting every problem instead of stopping."""

    def __init__(self, shown: str, base: Path, problems: list[Problem]) -> None:
        self.shown = shown
        self.base = base
        self.problems = problems

    def problem(self, record: str, field: str, message: str) -> None:
        self.problems.append(Problem(self.shown, record, field, message))

    def text(self, obj: dict[str, Any], rid: str, key: str, *, required: bool = True) -> str | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.problem(rid, key, "missing" if key not in obj else "must not be null")
            return None
        if not isinstance(value, str):
            self.problem(rid, key, f"must be a string, not {_kind(value)}")
            return None
        if required and not value.strip():
            self.problem(rid, key, "must not be empty")
            return None
        return value

    def choice(self, obj: dict[str, Any], rid: str, key: str, allowed: dict[str, str]) -> str:
        value = self.text(obj, rid, key)
        if value is not None and value not in allowed:
            from vpa_cli.text import closest

            hint = closest(value, allowed)
            extra = f" (did you mean {', '.join(hint)}?)" if hint else ""
            self.problem(rid, key, f"{value!r} is not one of {', '.join(allowed)}{extra}")
            return ""
        return value or ""

    def strings(self, obj: dict[str, Any], rid: str, key: str) -> list[str]:
        value = obj.get(key, [])
        # set(map(type, ...)) runs in C: this is on the path of every record.
        if not isinstance(value, list) or not set(map(type, value)) <= {str}:
            self.problem(rid, key, "must be a list of strings")
            return []
        return list(value)

    def fields(self, obj: dict[str, Any], rid: str, allowed: Iterable[str]) -> None:
        if isinstance(allowed, frozenset) and allowed.issuperset(obj):
            return  # the common case, decided in C
        allowed = set(allowed)
        for key in obj:
            if key not in allowed:
                self.problem(rid, key, "unknown field")

    def citations(
        self, obj: dict[str, Any], rid: str, key: str = "citations", label: str | None = None
    ) -> list[Citation]:
        label = label or key
        value = obj.get(key)
        if not isinstance(value, list) or not value:
            self.problem(rid, label, "must be a non-empty list of citations")
            return []
        out = []
        for i, item in enumerate(value):
            where = f"{label}[{i}]"
            if not isinstance(item, dict):
                self.problem(rid, where, f"must be an object, not {_kind(item)}")
                continue
            self.fields(item, rid, _CITATION_KEYS)
            source, line, quote = item.get("source"), item.get("line"), item.get("quote")
            if not isinstance(source, str) or not source:
                self.problem(rid, f"{where}.source", "must be a source id")
                continue
            if isinstance(line, bool) or not isinstance(line, int) or line < 1:
                self.problem(rid, f"{where}.line", f"must be a line number from 1, not {line!r}")
                continue
            if not isinstance(quote, str) or not quote.strip():
                self.problem(rid, f"{where}.quote", "must be a non-empty string")
                continue
            out.append(Citation(source, line, quote))
        return out

    def person(self, value: Any, rid: str, where: str) -> Person | None:
        if not isinstance(value, dict):
            self.problem(rid, where, f"must be an object, not {_kind(value)}")
            return None
        keys = ("family", "given", "literal", "rank", "affiliation")
        self.fields(value, rid, keys)
        if any(value.get(k) is not None and not isinstance(value.get(k), str) for k in keys):
            self.problem(rid, where, "name parts must be strings")
            return None
        if not (value.get("family") or value.get("literal")):
            self.problem(rid, where, "needs a family name or a literal name")
            return None
        return Person(**{k: value.get(k) for k in keys})

    def people(self, obj: dict[str, Any], rid: str, key: str) -> list[Person]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.problem(rid, key, "must be a list of people")
            return []
        people = [self.person(v, rid, f"{key}[{i}]") for i, v in enumerate(value)]
        return [p for p in people if p]

    def record_id(self, obj: Any, kind: str, index: int) -> str | None:
        where = f"{kind}[{index}]"
        if not isinstance(obj, dict):
            self.problem(where, "-", f"must be an object, not {_kind(obj)}")
            return None
        rid = obj.get("id")
        if not isinstance(rid, str) or not ID_PATTERN.match(rid):
            self.problem(where, "id", f"{rid!r} is not an id like 1995-us-normalisation")
            return None
        return rid

    # -- records

    def source(self, obj: dict[str, Any], rid: str) -> Source | None:
        self.fields(obj, rid, _SOURCE_KEYS)
        file = self.text(obj, rid, "file")
        title = self.text(obj, rid, "title")
        sha = self.text(obj, rid, "sha256", required=False)
        if sha is not None and not SHA256_PATTERN.match(sha):
            self.problem(rid, "sha256", "must be 64 lower-case hex digits")
        date = self.text(obj, rid, "date", required=False)
        if date is not None:
            self.date(date, rid, "date")
        kind = obj.get("type")
        if kind is not None:
            self.choice(obj, rid, "type", vocab.SOURCE_TYPES)
        citations = self.citations(obj, rid)
        if file is None or title is None:
            return None
        path = Path(file)
        if path.is_absolute() or ".." in path.parts:
            self.problem(rid, "file", "must be a path relative to the data file, inside its folder")
            return None
        return Source(
            id=rid,
            file=file,
            title=title,
            sha256=sha,
            authors=self.people(obj, rid, "authors"),
            translators=self.people(obj, rid, "translators"),
            publication=self.text(obj, rid, "publication", required=False),
            date=date,
            type=kind if isinstance(kind, str) else None,
            note=self.text(obj, rid, "note", required=False),
            citations=citations,
            origin=self.shown,
            path=self.base / path,
        )

    def date(self, text: str, rid: str, key: str) -> FuzzyDate | None:
        try:
            return FuzzyDate.parse(text)
        except DateSyntaxError as exc:
            self.problem(rid, key, str(exc))
            return None

    def event(self, obj: dict[str, Any], rid: str) -> Event | None:
        fast = _well_formed_event(obj, rid, self.shown)
        if fast is not None:
            return fast
        return self._event(obj, rid)

    def _event(self, obj: dict[str, Any], rid: str) -> Event | None:
        self.fields(obj, rid, _EVENT_KEYS)
        date_text = self.text(obj, rid, "date")
        date = self.date(date_text, rid, "date") if date_text else None
        basis = self.choice(obj, rid, "date_basis", vocab.DATE_BASES)
        note = self.text(obj, rid, "date_note", required=False)
        if basis in ("derived", "supplied") and not (note and note.strip()):
            self.problem(rid, "date_note", f"a {basis} date needs a note saying how")
        label = self.text(obj, rid, "date_label", required=False)
        if label is not None and date is not None and not _label_shows_years(label, date):
            self.problem(rid, "date_label", f"{label!r} must show the year(s) of {date.text}")
        title = self.text(obj, rid, "title")
        summary = self.text(obj, rid, "summary")
        kind = self.choice(obj, rid, "kind", vocab.EVENT_KINDS)
        partners = self.strings(obj, rid, "partners")
        citations = self.citations(obj, rid)
        if date is None or title is None or summary is None or not kind or not basis:
            return None
        return Event(
            id=rid,
            date=date,
            date_basis=basis,
            title=title,
            summary=summary,
            kind=kind,
            partners=partners,
            citations=citations,
            date_note=note,
            date_label=label,
            note=self.text(obj, rid, "note", required=False),
            origin=self.shown,
        )

    def partner(self, obj: dict[str, Any], rid: str) -> Partner | None:
        self.fields(obj, rid, _PARTNER_KEYS)
        name = self.text(obj, rid, "name")
        kind = self.choice(obj, rid, "kind", vocab.PARTNER_KINDS)
        aliases = self.strings(obj, rid, "aliases")
        statements: list[Statement] = []
        raw = obj.get("statements", [])
        if not isinstance(raw, list):
            self.problem(rid, "statements", "must be a list")
            raw = []
        for i, item in enumerate(raw):
            where = f"statements[{i}]"
            if not isinstance(item, dict):
                self.problem(rid, where, f"must be an object, not {_kind(item)}")
                continue
            self.fields(item, rid, _STATEMENT_KEYS)
            area = item.get("area")
            if not isinstance(area, str) or area not in vocab.AREAS:
                hint = _hint(area, list(vocab.AREAS)) if isinstance(area, str) else ""
                self.problem(
                    rid, f"{where}.area", f"{area!r} is not one of {', '.join(vocab.AREAS)}{hint}"
                )
                continue
            text = item.get("text")
            if not isinstance(text, str) or not text.strip():
                self.problem(rid, f"{where}.text", "must be a non-empty string")
                continue
            statements.append(
                Statement(area, text, self.citations(item, rid, "citations", f"{where}.citations"))
            )
        citations = self.citations(obj, rid)
        if name is None or not kind:
            return None
        return Partner(
            id=rid,
            name=name,
            kind=kind,
            aliases=aliases,
            statements=statements,
            citations=citations,
            note=self.text(obj, rid, "note", required=False),
            origin=self.shown,
        )

    def fact(self, obj: dict[str, Any], rid: str) -> Fact | None:
        self.fields(obj, rid, _FACT_KEYS)
        title = self.text(obj, rid, "title")
        summary = self.text(obj, rid, "summary")
        kind = self.choice(obj, rid, "kind", vocab.FACT_KINDS)
        partners = self.strings(obj, rid, "partners")
        citations = self.citations(obj, rid)
        if title is None or summary is None or not kind:
            return None
        return Fact(
            id=rid,
            title=title,
            summary=summary,
            kind=kind,
            partners=partners,
            citations=citations,
            note=self.text(obj, rid, "note", required=False),
            origin=self.shown,
        )

    def skipped(self, obj: Any, index: int) -> Skipped | None:
        where = f"skipped[{index}]"
        if not isinstance(obj, dict):
            self.problem(where, "-", f"must be an object, not {_kind(obj)}")
            return None
        self.fields(obj, where, _SKIPPED_KEYS)
        source, line = obj.get("source"), obj.get("line")
        if not isinstance(source, str):
            self.problem(where, "source", "must be a source id")
            return None
        if isinstance(line, bool) or not isinstance(line, int) or line < 1:
            self.problem(where, "line", f"must be a line number from 1, not {line!r}")
            return None
        reason = self.choice(obj, where, "reason", vocab.SKIP_REASONS)
        if not reason:
            return None
        note = obj.get("note")
        return Skipped(source, line, reason, note if isinstance(note, str) else None, self.shown)


def _label_shows_years(label: str, date: FuzzyDate) -> bool:
    """A date label must show the year(s) of its date ("post-1995" for 1995/..)."""
    return all(str(y) in label for y in date.year_span() if y is not None)


def _plain_citations(value: Any) -> list[Citation] | None:
    """The citations when every one is exactly well formed, else None (let the reader say why)."""
    if type(value) is not list or not value:
        return None
    out = []
    for item in value:
        if type(item) is not dict or not _CITATION_KEYS.issuperset(item):
            return None
        source, line, quote = item.get("source"), item.get("line"), item.get("quote")
        if type(source) is not str or not source or type(line) is not int or line < 1:
            return None
        if type(quote) is not str or not quote.strip():
            return None
        out.append(Citation(source, line, quote))
    return out


def _well_formed_event(obj: dict[str, Any], rid: str, origin: str) -> Event | None:
    """The event, when it passes every rule of `_Reader._event` at once; else None.

    A large user file is mostly well-formed events: checking them in one
    function, without the reader's per-field calls, keeps loading close to
    the cost of parsing the JSON. Anything unusual returns None, and the
    reader then checks the record field by field and reports what is wrong.
    """
    if not _EVENT_KEYS.issuperset(obj):
        return None
    get = obj.get
    date_text, basis, kind = get("date"), get("date_basis"), get("kind")
    title, summary = get("title"), get("summary")
    if type(date_text) is not str or type(title) is not str or type(summary) is not str:
        return None
    if type(basis) is not str or type(kind) is not str:
        return None
    if basis not in vocab.DATE_BASES or kind not in vocab.EVENT_KINDS:
        return None
    if not (date_text.strip() and title.strip() and summary.strip()):
        return None
    note, label, extra = get("date_note"), get("date_label"), get("note")
    if not (note is None or type(note) is str) or not (extra is None or type(extra) is str):
        return None
    if basis != "stated" and not (note and note.strip()):
        return None
    partners = get("partners", [])
    if type(partners) is not list or not set(map(type, partners)) <= {str}:
        return None
    citations = _plain_citations(get("citations"))
    if citations is None:
        return None
    try:
        date = FuzzyDate.parse(date_text)
    except DateSyntaxError:
        return None
    if label is not None:
        if type(label) is not str:
            return None
        if not _label_shows_years(label, date):
            return None
    return Event(
        id=rid,
        date=date,
        date_basis=basis,
        title=title,
        summary=summary,
        kind=kind,
        partners=list(partners),
        citations=citations,
        date_note=note,
        date_label=label,
        note=extra,
        origin=origin,
    )


def _kind(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


# ---------------------------------------------------------------- loading


def _add_document(
    dataset: Dataset, doc: Any, shown: str, base: Path, problems: list[Problem]
) -> None:
    reader = _Reader(shown, base, problems)
    if not isinstance(doc, dict):
        reader.problem("-", "-", f"a data file must be a JSON object, not {_kind(doc)}")
        return
    reader.fields(doc, "-", LISTS)
    places = _places(dataset)
    builders: dict[str, Callable[[dict[str, Any], str], Any]] = {
        "sources": reader.source,
        "events": reader.event,
        "partners": reader.partner,
        "facts": reader.fact,
    }
    for key, build in builders.items():
        items = doc.get(key, [])
        if not isinstance(items, list):
            reader.problem("-", key, f"must be a list, not {_kind(items)}")
            continue
        singular = key[:-1]
        for index, obj in enumerate(items):
            rid = reader.record_id(obj, singular, index)
            if rid is None:
                continue
            if rid in places:
                reader.problem(rid, "id", f"duplicate id: already used by the {places[rid]}")
                continue
            record = build(obj, rid)
            if record is None:
                continue
            places[rid] = f"{singular} in {shown}"
            if isinstance(record, Source):
                dataset.sources[rid] = record
            elif isinstance(record, Event):
                dataset.events.append(record)
            elif isinstance(record, Partner):
                dataset.partners[rid] = record
            else:
                dataset.facts.append(record)
    items = doc.get("skipped", [])
    if not isinstance(items, list):
        reader.problem("-", "skipped", f"must be a list, not {_kind(items)}")
    else:
        for index, obj in enumerate(items):
            skip = reader.skipped(obj, index)
            if skip:
                dataset.skipped.append(skip)
    dataset.files.append(shown)


def _places(dataset: Dataset) -> dict[str, str]:
    return {r.id: f"{type(r).__name__.lower()} in {r.origin}" for r in dataset.records()}


def _hint(word: str, names: Iterable[str] | dict[str, str]) -> str:
    """' (did you mean a, b?)' for the ids closest to `word`; `names` may map
    names and aliases to the id to suggest."""
    from vpa_cli.text import closest, name_key

    ids = names if isinstance(names, dict) else {n: n for n in names}
    # A name or alias written where its id belongs: that id, and only it.
    same = [i for n, i in ids.items() if name_key(n) == name_key(word)]
    near = list(dict.fromkeys(same or [ids[n] for n in closest(word, ids)]))
    return f" (did you mean {', '.join(near)}?)" if near else ""


def check_references(dataset: Dataset, problems: list[Problem]) -> None:
    """Every citation names a known source; every partner id resolves."""
    sources, partners = dataset.sources, dataset.partners
    partner_names = {n: p.id for p in partners.values() for n in (p.id, p.name, *p.aliases)}
    for record in dataset.records():
        cits: list[tuple[str, Citation]] = [
            (f"citations[{i}].source", c) for i, c in enumerate(record.citations)
        ]
        if isinstance(record, Partner):
            for si, st in enumerate(record.statements):
                cits += [
                    (f"statements[{si}].citations[{i}].source", c)
                    for i, c in enumerate(st.citations)
                ]
        for where, c in cits:
            if c.source not in sources:
                problems.append(
                    Problem(
                        record.origin,
                        record.id,
                        where,
                        f"unknown source {c.source!r}{_hint(c.source, list(sources))}",
                    )
                )
        if isinstance(record, (Event, Fact)):
            for i, pid in enumerate(record.partners):
                if pid not in partners:
                    problems.append(
                        Problem(
                            record.origin,
                            record.id,
                            f"partners[{i}]",
                            f"unknown partner {pid!r}{_hint(pid, partner_names)}",
                        )
                    )
    for skip in dataset.skipped:
        if skip.source not in sources:
            problems.append(
                Problem(
                    skip.origin,
                    f"skipped {skip.source}:{skip.line}",
                    "source",
                    f"unknown source{_hint(skip.source, list(sources))}",
                )
            )


def collect(
    data: Sequence[str] = (), *, bundled: bool = True, env: str | None = None
) -> tuple[Dataset, list[Problem]]:
    """Read the bundled data and the user's files; return the dataset and every problem."""
    dataset = Dataset()
    problems: list[Problem] = []
    if bundled:
        root = package_root()
        for path in bundled_files():
            shown = path.relative_to(root).as_posix()
            _read_and_add(dataset, path, shown, root, problems)
    seen: set[str] = set()
    for raw in user_paths(data, env):
        path = Path(raw)
        # The same file named twice (in VPA_DATA and --data, say) is read once,
        # not reported as clashing with itself.
        try:
            real = os.path.realpath(path) if raw.strip() else raw
        except ValueError:  # a NUL byte: read_json_file says so
            real = raw
        if real in seen:
            continue
        seen.add(real)
        _read_and_add(dataset, path, raw, path.parent, problems)
    check_references(dataset, problems)
    return dataset, problems


def _read_and_add(
    dataset: Dataset, path: Path, shown: str, base: Path, problems: list[Problem]
) -> None:
    # The schema never accepts a container deeper than a citation (a few
    # levels), so the walk for too-deep nesting, costly on a large file, is
    # needed only when the file has problems: then it gives the clearer error.
    doc = read_json_file(path, shown, check_depth=False)
    before = len(problems)
    _add_document(dataset, doc, shown, base, problems)
    if len(problems) > before and _depth_over_limit(doc):
        read_json_file(path, shown)  # raises the error with its line and column


def load_dataset(data: Sequence[str] = (), *, env: str | None = None) -> Dataset:
    """The dataset every command reads; raises DataError on the first problem."""
    dataset, problems = collect(data, env=env)
    if problems:
        more = (
            f" (and {len(problems) - 1} more; run 'vpa check' to list them)"
            if len(problems) > 1
            else ""
        )
        raise DataError(f"{problems[0]}{more}")
    return dataset
