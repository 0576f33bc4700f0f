"""Reading data files into a `Dataset`: strict JSON, the record schema, references.

The bundled data (data/*.json, seeds/) ships inside the package; user files
come from `--data` and `VPA_DATA` and have the same shape. Loading checks
structure, types, dates, ids and references and stops at the first problem;
`vpa check` (checks/run.py) collects every problem and also verifies quotes,
checksums and coverage against the seed texts.
"""

from __future__ import annotations

import math
import os
import re
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from vpa_cli.errors import DataError, MissingPath
from vpa_cli.loading.dataset import Dataset
from vpa_cli.loading.paths import bundled_files, package_root, use_root, user_paths
from vpa_cli.records.fields import ID_PATTERN
from vpa_cli.records.names import partner_names
from vpa_cli.records.problems import Problem, Problems, hint, kind_of
from vpa_cli.records.record import Refused, references
from vpa_cli.records.types import LISTS, TOP_LEVEL, Partner, Skipped, Source
from vpa_cli.text import name_key

__all__ = ["Problem", "collect", "load_dataset", "package_root", "read_json_file", "user_paths"]

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_NUMBER_DIGITS = 30
MAX_DEPTH = 64


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
    import json

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
    if not isinstance(doc, (dict, list)):
        return False
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


def _read_bytes(path: Path, shown: str) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; MissingPath or DataError."""
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
        # Never waiting on a FIFO put in the file's place since it was looked at.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        with open(os.open(path, flags), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise DataError(f"{shown}: not a regular file (a pipe or a device cannot be read)")
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise DataError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    except ValueError:
        # os.stat refuses a path with a NUL byte in it.
        raise MissingPath(f"{shown}: not a valid path") from None
    if len(raw) > limit:
        raise DataError(f"{shown}: over the {_size(limit)} limit")
    return raw


def read_json_file(path: Path, shown: str, *, check_depth: bool = True) -> Any:
    """Parse one data file strictly, raising DataError with file, line and column.

    With `check_depth=False` the walk for nesting deeper than MAX_DEPTH is left
    to the caller: `_read_and_add` does it only for a file whose records have
    problems, since a file that passes the schema cannot be nested that deep.

    Exit 2 (MissingPath) for a path that is missing or a directory; 1 for the
    rest. Only regular files are read, so a FIFO or /dev/zero cannot hang vpa.
    """
    import json  # here, not at the top: a dataset the cache serves needs no JSON reader

    raw = _read_bytes(path, shown)
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


# ---------------------------------------------------------------- records


def _add_document(dataset: Dataset, doc: Any, shown: str, base: Path, sink: list[Problem]) -> None:
    """Read the records of one parsed data file into `dataset`, noting every problem."""
    problems = Problems(shown, sink)
    if type(doc) is not dict:
        problems.add("-", "-", f"a data file must be a JSON object, not {kind_of(doc)}")
        return
    for key in doc:
        if key not in LISTS and key != "$schema":
            problems.add("-", key, "unknown field")
    places = {r.id: f"{r.TYPE} in {r.origin}" for r in dataset.records()}
    for cls in TOP_LEVEL:
        items = doc.get(cls.LIST, [])
        if type(items) is not list:
            problems.add("-", cls.LIST, f"must be a list, not {kind_of(items)}")
            continue
        read = cls.read
        refused = dataset.refused
        for index, obj in enumerate(items):
            # A record without a good id is named by its place; it is still read, so
            # that its other problems are listed with the id's, and never added.
            rid = f"{cls.TYPE}[{index}]"
            usable = True
            if cls is not Skipped:
                found = _record_id(obj)
                if found is None:
                    usable = False
                else:
                    rid = found
                    if rid in places:
                        problems.add(rid, "id", f"duplicate id: already used by the {places[rid]}")
                        usable = False
            before = len(refused)
            record = read(obj, problems, rid, refused=refused)
            if record is None or not usable:
                if record is not None:
                    refused.append(Refused(cls, rid, record.__dict__))
                for kept in refused[before:]:
                    kept.origin = shown
                continue
            record.origin = shown
            if isinstance(record, Source):
                record.path = base / record.file
                _check_file(record, problems)
            if cls is not Skipped:
                places[rid] = f"{cls.TYPE} in {shown}"
            dataset.add(record)
    dataset.files.append(shown)


def _check_file(source: Source, problems: Problems) -> None:
    """A source's `file` that leads outside its folder, is no regular file or is too
    large is a problem of the data file: every command refuses it, none reads it."""
    from vpa_cli.loading.texts import file_problem

    problem = file_problem(source)
    if problem is not None:
        problems.add(source.id, "file", problem)


def _record_id(obj: Any) -> str | None:
    """The id of a record, when it has one that is an id; reading it says what is wrong."""
    rid = obj.get("id") if type(obj) is dict else None
    return rid if type(rid) is str and ID_PATTERN.match(rid) else None


def _shared_names(dataset: Dataset, sink: list[Problem]) -> None:
    """A name (id, name or alias, as people type it) stands for one partner only."""
    owner: dict[str, str] = {}
    for partner in dataset.partners.values():
        mine: set[str] = set()
        for written in (partner.id, partner.name, *partner.aliases):
            key = name_key(written)
            other = owner.setdefault(key, partner.id)
            if other != partner.id and key not in mine:
                field = "name" if written == partner.name else "aliases"
                sink.append(
                    Problem(
                        partner.origin,
                        partner.id,
                        field,
                        f"{written!r} is also a name of partner {other!r}: each name, "
                        "alias and id must stand for one partner (drop it from one of them)",
                    )
                )
            mine.add(key)


def check_references(dataset: Dataset, sink: list[Problem]) -> None:
    """Every reference (a citation's source, an event's partner) names a known record."""
    names = {
        "source": {s: s for s in dataset.sources},
        "partner": partner_names((p.id, p.name, p.aliases) for p in dataset.partners.values()),
    }
    _shared_names(dataset, sink)
    # A source or partner refused for a problem of its own is there all the same: the
    # records naming it are not told it is unknown.
    present = {"source": set(dataset.sources), "partner": set(dataset.partners)}
    for kept in dataset.refused:
        if kept.cls in (Source, Partner) and type(kept.values.get("id")) is str:
            present[kept.cls.TYPE].add(kept.values["id"])
    for record in [*dataset.records(), *dataset.skipped]:
        label = record.label if isinstance(record, Skipped) else record.id
        for where, target, rid in references(record):
            if rid not in present[target]:
                message = f"unknown {target} {rid!r}{hint(rid, names[target])}"
                sink.append(Problem(record.origin, label, where, message))
    for kept in dataset.refused:
        for where, target, rid in kept.references():
            if rid not in present[target]:
                message = f"unknown {target} {rid!r}{hint(rid, names[target])}"
                sink.append(Problem(kept.origin, kept.label, where, message))


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
        except (ValueError, OSError):  # a NUL byte, a current folder deleted: read_json_file
            real = raw  # says what is wrong with the path
        if real in seen:
            continue
        seen.add(real)
        _read_and_add(dataset, path, raw, path.parent, problems)
    check_references(dataset, problems)
    dataset.resolve()
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
    """The dataset every command reads; raises DataError on the first problem.

    What was read before from the same unchanged files comes from the cache
    (cache.py), with the package root the data was found in then.
    """
    from vpa_cli.loading import cache

    paths = user_paths(data, env)
    kept = cache.fetch(paths, lambda: _checked(data, env))
    if kept is not None:
        dataset, root = kept
        use_root(root)
        return dataset
    before = cache.snapshot(paths, package_root(), bundled_files())
    dataset = _checked(data, env)
    cache.store(dataset, before)
    return dataset


def _checked(data: Sequence[str], env: str | None) -> Dataset:
    """The data files read and checked; DataError on the first problem."""
    dataset, problems = collect(data, env=env)
    if problems:
        more = (
            f" (and {len(problems) - 1} more; run 'vpa check' to list them)"
            if len(problems) > 1
            else ""
        )
        raise DataError(f"{problems[0]}{more}")
    return dataset
