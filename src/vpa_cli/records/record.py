"""The base class of every record type: its fields are the `Field`s among its class
attributes, and from them it reads a JSON object, writes `to_dict`, yields the texts
search looks in and the rows `vpa show` prints (see fields.py and types.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from vpa_cli.records.fields import (
    BAD,
    Choice,
    Context,
    Field,
    Line,
    Ref,
    Text,
    choice,
    edtf,
    flag,
    ident,
    integer,
    line,
    prose,
    ref,
    relative_path,
    sha256,
    span,
    strings,
    text,
)
from vpa_cli.records.problems import Problems, kind_of

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:
        return lambda cls: cls


R = TypeVar("R", bound="Record")

# How Record.read checks a field's common value without calling the field's reader.
_OTHER, _TEXT, _TERM, _LINE = range(4)


def nested(record: type[Record], **kw: Any) -> Any:
    return Nested(record, **kw)


def links(record: type[Record], **kw: Any) -> Any:
    return Links(record, **kw)


@dataclass_transform(
    kw_only_default=True,
    field_specifiers=(
        text,
        prose,
        ident,
        choice,
        ref,
        line,
        edtf,
        strings,
        nested,
        sha256,
        relative_path,
        flag,
        integer,
        span,
        links,
        Field,
    ),
)
class Record:
    """A record type: its fields are the `Field`s among its class attributes, in order.

    Instances keep their values in plain attributes; `origin` (the data file a
    top-level record came from) is not a field.
    """

    FIELDS: ClassVar[tuple[Field[Any], ...]] = ()
    BY_NAME: ClassVar[dict[str, Field[Any]]] = {}
    KEYS: ClassVar[frozenset[str]] = frozenset()
    # The JSON list a top-level record type lives in ("events"), or "" for a sub-record.
    LIST: ClassVar[str] = ""
    TYPE: ClassVar[str] = ""
    PLURAL: ClassVar[str] = ""
    DOC: ClassVar[str] = ""
    # A sub-record `vpa show` prints as one row (a citation), not a row per field.
    SHOW_ONE_ROW: ClassVar[bool] = False
    # A rule across fields that JSON Schema can state too (if/then), for editors.
    SCHEMA_RULES: ClassVar[dict[str, Any]] = {}
    # What a message adds to the shape of the record when something else was given.
    SHAPE_NOTE: ClassVar[str] = ""

    origin: str

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        fields = {
            f.name: f for base in reversed(cls.__mro__[1:]) for f in getattr(base, "FIELDS", ())
        }
        fields.update((k, v) for k, v in vars(cls).items() if isinstance(v, Field))
        cls.FIELDS = tuple(fields.values())
        cls.BY_NAME = dict(fields)
        cls.KEYS = frozenset(fields)
        cls.TYPE = cls.TYPE or cls.__name__.lower()
        cls.PLURAL = cls.PLURAL or cls.TYPE + "s"

    def __init__(self, **values: Any) -> None:
        for f in self.FIELDS:
            if f.name in values:
                setattr(self, f.name, values.pop(f.name))
            elif f.required:
                raise TypeError(f"{type(self).__name__}: missing field {f.name!r}")
            else:
                setattr(self, f.name, f.empty())
        self.origin = values.pop("origin", "")
        for name, value in values.items():
            if not hasattr(type(self), name):
                raise TypeError(f"{type(self).__name__}: unknown field {name!r}")
            setattr(self, name, value)

    # -- reading

    @classmethod
    def read(  # noqa: C901 (the reader of every record, one loop: docs/development.md)
        cls: type[R],
        obj: Any,
        problems: Problems,
        rid: str,
        where: str = "",
        refused: list[Refused] | None = None,
    ) -> R | None:
        """The record for the JSON object `obj`, or None after noting every problem.

        `rid` names the record in messages; `where` is the path of a sub-record
        inside it (`citations[0]`), empty for a top-level record. A record refused
        for a problem leaves what could be read of it in `refused`, if given.
        """
        dot = where + "." if where else ""
        if type(obj) is not dict:
            problems.add(rid, where or "-", cls.not_an_object(obj))
            return None
        if not cls.KEYS.issuperset(obj):
            for key in obj:
                if key not in cls.KEYS:
                    problems.add(rid, dot + key, "unknown field")
        values: dict[str, Any] = {}
        ok = True
        get = obj.get
        # The common cases are decided here without a call: a string where plain
        # text, an id or a vocabulary term is wanted, a line number, an absent or
        # null optional field. Anything else goes to the field's own reader.
        for name, field, kind, terms, required, empty in cls._plan():
            raw = get(name)
            if raw is None:
                if required:
                    problems.add(rid, dot + name, "must not be null" if name in obj else "missing")
                    ok = False
                else:
                    values[name] = empty() if empty is not None else None
                continue
            if kind == _TEXT:
                if type(raw) is str and (raw.strip() or not required):
                    values[name] = raw
                    continue
            elif kind == _TERM:
                if type(raw) is str and raw in terms:
                    values[name] = raw
                    continue
            elif kind == _LINE and type(raw) is int and raw >= 1:
                values[name] = raw
                continue
            value = field.read(raw, problems, rid, dot + name)
            if value is BAD:
                ok = False
            else:
                values[name] = value
        if not ok:
            if refused is not None:
                refused.append(Refused(cls, rid, values))
            return None
        for f in cls._computed():
            # Worked out by vpa once every file is read (see Dataset.resolve); a value
            # in the file (as in vpa's own JSON output, read back) is ignored.
            values[f.name] = f.empty()
        record = cls.__new__(cls)
        record.__dict__ = values
        problem = record.invalid()
        if problem is not None:
            field_name, message = problem
            problems.add(rid, dot + field_name if field_name else where or "-", message)
            if refused is not None:
                refused.append(Refused(cls, rid, values))
            return None
        return record

    @classmethod
    def not_an_object(cls, given: Any) -> str:
        """The message for a record given as something else: the object it should be,
        with its required fields (a string given where an id belongs, as that id)."""
        note = f" ({cls.SHAPE_NOTE})" if cls.SHAPE_NOTE else ""
        return f"must be an object, not {kind_of(given)}: write {cls.shape(given)}{note}"

    @classmethod
    def shape(cls, given: Any = None) -> str:
        """The object with the required fields, each a placeholder (`{"source": ID,
        "line": N, "quote": TEXT}`); a string `given` that is an id fills in `id`."""
        import json

        from vpa_cli.records.fields import ID_PATTERN

        parts = []
        for f in cls.FIELDS:
            if f.required and not f.computed:
                value = f.placeholder
                if f.name == "id" and type(given) is str and ID_PATTERN.match(given):
                    value = json.dumps(given)
                parts.append(f'"{f.name}": {value}')
        return "{" + ", ".join(parts) + "}"

    @classmethod
    def _plan(cls) -> list[tuple[str, Field[Any], int, Any, bool, Any]]:
        """Per field, worked out once per type: (name, field, how a common value is
        checked without a call, its vocabulary, required, factory of the empty value)."""
        plan: list[tuple[str, Field[Any], int, Any, bool, Any]] | None = cls.__dict__.get("_PLAN")
        if plan is None:
            plan = []
            for f in cls.FIELDS:
                if f.computed:
                    continue
                kind, terms = _OTHER, None
                if isinstance(f, Choice):
                    kind, terms = _TERM, f.vocabulary
                elif type(f) is Ref or (type(f) is Text and f.pattern is None):
                    kind = _TEXT  # any string, not blank when required
                elif type(f) is Line:
                    kind = _LINE
                factory = f.default_factory
                if factory is None and f.default is not None:
                    factory = f.empty
                plan.append((f.name, f, kind, terms, f.required, factory))
            cls._PLAN = plan  # type: ignore[attr-defined]
        return plan

    @classmethod
    def _computed(cls) -> list[Field[Any]]:
        found: list[Field[Any]] | None = cls.__dict__.get("_COMPUTED")
        if found is None:
            found = [f for f in cls.FIELDS if f.computed]
            cls._COMPUTED = found  # type: ignore[attr-defined]
        return found

    def invalid(self) -> tuple[str, str] | None:
        """A rule across fields that this record breaks, as (field, message); None if none."""
        return None

    # -- writing

    def to_dict(self) -> dict[str, Any]:
        values = self.__dict__
        return {
            name: values[name] if dump is None else dump(values[name])
            for name, dump in type(self)._dumpers()
        }

    @classmethod
    def _dumpers(cls) -> list[tuple[str, Callable[[Any], Any] | None]]:
        """Per field, worked out once per type: its name, and how its value is written
        (None: as it is, the common case, decided without a call)."""
        found: list[tuple[str, Callable[[Any], Any] | None]] | None = cls.__dict__.get("_DUMP")
        if found is None:
            found = [(f.name, None if type(f).dump is Field.dump else f.dump) for f in cls.FIELDS]
            cls._DUMP = found  # type: ignore[attr-defined]
        return found

    def texts(self, context: Context | None) -> Iterator[tuple[str, int, str]]:
        for f in self.FIELDS:
            yield from f.texts(getattr(self, f.name), context)

    def rows(self, context: Context | None, prefix: str = "") -> Iterator[tuple[str, str]]:
        for f in self.FIELDS:
            yield from f.rows(getattr(self, f.name), context, prefix)

    def summary_text(self, context: Context | None) -> str:
        return "; ".join(f"{n}: {t or '-'}" for n, t in self.rows(context))

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in self.FIELDS)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        inner = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in self.FIELDS)
        return f"{type(self).__name__}({inner})"


class Nested(Field[list[Any]]):
    """A list of sub-records (citations, people, statements), each an object."""

    def __init__(self, record: type[Record], *, nonempty: bool = False, **kw: Any) -> None:
        super().__init__(**kw)
        self.record = record
        self.nonempty = nonempty

    @property
    def doc_type(self) -> str:  # type: ignore[override]
        what = self.record.PLURAL
        return f"non-empty list of {what}" if self.nonempty else f"list of {what}"

    @property
    def placeholder(self) -> str:  # type: ignore[override]
        return f"[{self.record.shape()}, ...]"

    def read(self, value: Any, problems: Problems, rid: str, where: str) -> Any:
        if type(value) is not list or (self.nonempty and not value):
            problems.add(rid, where, self.shape_message())
            return BAD
        out = []
        record = self.record
        for i, item in enumerate(value):
            got = record.read(item, problems, rid, f"{where}[{i}]")
            if got is not None:
                out.append(got)
        if len(out) < len(value):
            return BAD
        return out

    def shape_message(self) -> str:
        what = self.record.PLURAL
        return (
            f"must be a non-empty list of {what}" if self.nonempty else f"must be a list of {what}"
        )

    def dump(self, value: Any) -> Any:
        return [v.to_dict() for v in value]

    def texts(self, value: Any, context: Context | None) -> Iterator[tuple[str, int, str]]:
        for i, item in enumerate(value or ()):
            for name, weight, said in item.texts(context):
                yield f"{self.name}[{i}].{name}", weight, said

    def rows(
        self, value: Any, context: Context | None, prefix: str = ""
    ) -> Iterator[tuple[str, str]]:
        if not self.show:
            return
        record = self.record
        for i, item in enumerate(value or ()):
            where = f"{prefix}{self.name}[{i}]"
            if record.SHOW_ONE_ROW:
                yield where, item.summary_text(context)
            else:
                yield from item.rows(context, where + ".")
        if not value and record.SHOW_ONE_ROW:
            yield prefix + self.name, ""

    def shown(self, value: Any, context: Context | None) -> str:
        return "; ".join(item.summary_text(context) for item in value)

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "array",
            "items": {"$ref": f"#/$defs/{self.record.__name__}"},
        }
        if self.nonempty:
            out["minItems"] = 1
        return out


class Links(Nested):
    """Links to other records with a role and a basis (an event's partners).

    A plain id is short for `{"id": ID}`. Search sees the partners' names and
    aliases under the field's own name; `vpa show` prints one row.
    """

    def read(self, value: Any, problems: Problems, rid: str, where: str) -> Any:
        if type(value) is list and set(map(type, value)) <= {str} and all(value):
            # Plain ids, the common case: links named by their id, nothing more to check.
            link: Any = self.record  # a link record type: it has `linking(id)`
            return [link.linking(v) for v in value]
        if type(value) is list:
            value = [{"id": v} if type(v) is str else v for v in value]
        return super().read(value, problems, rid, where)

    @property
    def doc_type(self) -> str:  # type: ignore[override]
        return f'list of {self.record.PLURAL} (a plain id is short for `{{"id": ID}}`)'

    def texts(self, value: Any, context: Context | None) -> Iterator[tuple[str, int, str]]:
        if self.search and value and context is not None:
            names = [n for link in value for n in context.ref_names("partner", link.id)]
            yield self.name, self.search, "; ".join(names)

    def rows(
        self, value: Any, context: Context | None, prefix: str = ""
    ) -> Iterator[tuple[str, str]]:
        # One row a link: a link's note is prose, which may hold a `;` of its own.
        if not self.show:
            return
        for i, link in enumerate(value or ()):
            yield f"{prefix}{self.name}[{i}]", link.summary_text(context)
        if not value:
            yield prefix + self.name, ""

    def schema(self) -> dict[str, Any]:
        item = {"$ref": f"#/$defs/{self.record.__name__}"}
        return {"type": "array", "items": {"anyOf": [{"type": "string", "minLength": 1}, item]}}


# The specifiers, as functions typed to return Any so `title: str = text()` type-checks.


class Refused:
    """What could be read of a top-level record refused for a problem: its fields that
    read well, by name. `vpa check` still checks their references and quotes, and the
    lines they cite or skip count as cited or skipped, so one problem hides no other."""

    __slots__ = ("cls", "label", "origin", "values")

    def __init__(self, cls: type[Record], label: str, values: dict[str, Any]) -> None:
        self.cls = cls
        self.label = label  # as its problems name it: its id, or `event[3]`
        self.origin = ""
        self.values = values

    def references(self) -> Iterator[tuple[str, str, str]]:
        return _references_in(self.cls, self.values.get, "")

    def sub_records(self, kind: type[R]) -> Iterator[tuple[str, R]]:
        return _sub_records_in(self.cls, self.values.get, kind)


def references(record: Record, where: str = "") -> Iterator[tuple[str, str, str]]:
    """(field path, target type, id) of every reference inside `record`, in order."""
    return _references_in(type(record), lambda name: getattr(record, name), where)


def _references_in(
    cls: type[Record], get: Callable[[str], Any], where: str
) -> Iterator[tuple[str, str, str]]:
    """references(), of a record or of what was read of one refused (`get` gives a
    field's value, None for one that was not read)."""
    dot = where + "." if where else ""
    for f in _reference_fields(cls):
        value = get(f.name)
        if value is None:
            continue
        if isinstance(f, Ref):
            yield dot + f.name, f.target, value
        elif isinstance(f, Links):
            # A link is named by its place, as the plain id it may be written as.
            for i, item in enumerate(value):
                yield f"{dot}{f.name}[{i}]", "partner", item.id
        elif isinstance(f, Nested):
            for i, item in enumerate(value):
                yield from references(item, f"{dot}{f.name}[{i}]")


_REFERENCE_FIELDS: dict[type, list[Field[Any]]] = {}


def _reference_fields(cls: type[Record]) -> list[Field[Any]]:
    """The fields of a record type that hold references or sub-records that may."""
    found = _REFERENCE_FIELDS.get(cls)
    if found is None:
        found = _REFERENCE_FIELDS[cls] = [
            f
            for f in cls.FIELDS
            if isinstance(f, Ref) or (isinstance(f, Nested) and _reference_fields(f.record))
        ]
    return found


def sub_records(record: Record, kind: type[R]) -> Iterator[tuple[str, R]]:
    """(path, sub-record) of every sub-record of type `kind` inside `record`, in order."""
    return _sub_records_in(type(record), lambda name: getattr(record, name), kind)


def _sub_records_in(
    cls: type[Record], get: Callable[[str], Any], kind: type[R]
) -> Iterator[tuple[str, R]]:
    for f in cls.FIELDS:
        if isinstance(f, Nested):
            for i, item in enumerate(get(f.name) or ()):
                path = f"{f.name}[{i}]"
                if isinstance(item, kind):
                    yield path, item
                for inner, found in sub_records(item, kind):
                    yield f"{path}.{inner}", found
