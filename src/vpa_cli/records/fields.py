"""Field declarations: each record type is declared once, one line per field.

A record class (types.py) lists its fields with the specifiers below. From
that one declaration come the reader that checks a data file (`Record.read`),
the JSON form (`Record.to_dict`), the JSON Schema (schema.py), the texts that
search looks in, the rows `vpa show` prints, the references that must resolve,
and the field tables in the docs. A field with a default is optional; one
without is required.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, Generic, Protocol, TypeVar

from vpa_cli.records.dates import DateSyntaxError, FuzzyDate
from vpa_cli.records.problems import Problems, hint, kind_of

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")
SHA256_PATTERN = re.compile(r"^[0-9a-f]{64}$")

# Search weights: where a word found in a field counts most.
TITLE, SUMMARY, QUOTE = 3, 2, 1

T = TypeVar("T")


class Context(Protocol):
    """What showing and searching a record asks of what surrounds it: a `Dataset`, or the
    `Claims` view of one, which also words citations and partner links (`citation_text`,
    `link_text`) as every output does. None where a record stands alone."""

    def ref_label(self, target: str, rid: str) -> str: ...

    def ref_names(self, target: str, rid: str) -> list[str]: ...

    def source_file(self, source: Any) -> str: ...


class _Bad:
    """What a field's reader returns for a value it refused (after noting why)."""

    __slots__ = ()


BAD: Any = _Bad()


class Field(Generic[T]):
    """One field of a record type: its name, type, whether it is required, and what
    search and `vpa show` do with it.

    Subclasses say how a JSON value is read (`read`), written (`dump`), described
    in JSON Schema (`schema`) and in the docs (`doc_type`).
    """

    name: str = ""
    doc_type: str = "text"
    # How the field's value is shown in the shape of a record a message writes out.
    placeholder: str = "TEXT"

    def __init__(
        self,
        *,
        doc: str = "",
        search: int = 0,
        show: bool = True,
        show_as: str | None = None,
        default: Any = BAD,
        default_factory: Callable[[], Any] | None = None,
        computed: bool = False,
    ) -> None:
        self.computed = computed
        self.doc = doc
        self.search = search
        self.show = show
        self.show_as = show_as
        self.default = default
        self.default_factory = default_factory

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @property
    def required(self) -> bool:
        return self.default is BAD and self.default_factory is None

    def empty(self) -> Any:
        """The value of an optional field left out or null."""
        return self.default_factory() if self.default_factory is not None else self.default

    # -- reading and writing

    def read(self, value: Any, problems: Problems, rid: str, where: str) -> Any:
        """The value for a present, non-null JSON `value`; BAD after noting why not."""
        raise NotImplementedError

    def dump(self, value: Any) -> Any:
        return value

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError

    # -- search and show

    def texts(self, value: Any, context: Context | None) -> Iterator[tuple[str, int, str]]:
        """(field path, weight, text) for search, in order."""
        if self.search and value is not None:
            yield self.name, self.search, self.shown(value, context)

    def rows(
        self, value: Any, context: Context | None, prefix: str = ""
    ) -> Iterator[tuple[str, str]]:
        """(name, text) rows for `vpa show`; text is empty where the record has no value
        (the table, plain lines and Markdown show `-`, CSV an empty cell)."""
        if self.show:
            yield (
                prefix + (self.show_as or self.name),
                "" if value is None else self.shown(value, context),
            )

    def shown(self, value: Any, context: Context | None) -> str:
        return str(value)


class Text(Field[str]):
    """A string; a required one must not be blank."""

    def __init__(self, *, pattern: re.Pattern[str] | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.pattern = pattern

    def read(self, value: Any, problems: Problems, rid: str, where: str) -> Any:
        if type(value) is not str:
            problems.add(rid, where, f"must be a string, not {kind_of(value)}")
            return BAD
        if self.required and not value.strip():
            problems.add(rid, where, "must not be empty")
            return BAD
        if self.pattern is not None and not self.pattern.match(value):
            problems.add(rid, where, self.pattern_message(value))
            return BAD
        return value

    def pattern_message(self, value: str) -> str:
        return f"{value!r} does not have the required form"

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string"}
        if self.required:
            out["pattern"] = r"\S"
        if self.pattern is not None:
            out["pattern"] = self.pattern.pattern
        return out


class Id(Text):
    doc_type = (
        "id: lower-case letters and digits in words joined by `-` or `.`, unique across all records"
    )
    placeholder = "ID"

    def __init__(self, **kw: Any) -> None:
        super().__init__(pattern=ID_PATTERN, **kw)

    def read(self, value: Any, problems: Problems, rid: str, where: str) -> Any:
        if type(value) is str and ID_PATTERN.match(value):
            return value
        # Whatever it is (a number, a sentence), what is wanted is shown.
        problems.add(rid, where, self.pattern_message(value))
        return BAD

    def pattern_message(self, value: Any) -> str:
        return f"{value!r} is not an id like 1995-us-normalisation"


class Sha256(Text):
    doc_type = "64 lower-case hex digits; `vpa check` verifies the file against it"
    placeholder = "SHA256"

    def __init__(self, **kw: Any) -> None:
        super().__init__(pattern=SHA256_PATTERN, **kw)

    def pattern_message(self, value: str) -> str:
        return "must be 64 lower-case hex digits"


class RelativePath(Text):
    doc_type = (
        "path of the text (UTF-8), relative to the data file and inside its folder: "
        "no absolute path, no `..`"
    )
    placeholder = "PATH"

    def read(self, value: Any, problems: Problems, rid: str, where: str) -> Any:
        value = super().read(value, problems, rid, where)
        if value is BAD:
            return BAD
        from pathlib import PurePath

        path = PurePath(value)
        if path.is_absolute() or ".." in path.parts or value.startswith(("/", "\\")):
            problems.add(rid, where, "must be a path relative to the data file, inside its folder")
            return BAD
        return value

    def schema(self) -> dict[str, Any]:
        # Not absolute (/, \, C:), no `..` part.
        return {
            "type": "string",
            "pattern": r"^(?![/\\])(?![A-Za-z]:)(?!(.*[/\\])?\.\.([/\\]|$))\S",
        }


class Choice(Text):
    """A term of a controlled vocabulary (term -> what it means)."""

    def __init__(self, vocabulary: dict[str, str], **kw: Any) -> None:
        super().__init__(**kw)
        self.vocabulary = vocabulary

    @property
    def doc_type(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(f"`{t}`" for t in self.vocabulary)

    @property
    def placeholder(self) -> str:  # type: ignore[override]
        # A short vocabulary in full; a long one by the field's name (`vpa schema` lists it).
        terms = list(self.vocabulary)
        return "|".join(f'"{t}"' for t in terms) if len(terms) <= 4 else self.name.upper()

    def read(self, value: Any, problems: Problems, rid: str, where: str) -> Any:
        if type(value) is str and value in self.vocabulary:
            return value
        value = super().read(value, problems, rid, where)
        if value is BAD:
            return BAD
        terms = list(self.vocabulary)
        problems.add(rid, where, f"{value!r} is not one of {', '.join(terms)}{hint(value, terms)}")
        return BAD

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.vocabulary)}


class Ref(Text):
    """The id of another record (a source, a partner), which must exist."""

    def __init__(self, target: str, **kw: Any) -> None:
        super().__init__(**kw)
        self.target = target

    placeholder = "ID"

    @property
    def doc_type(self) -> str:  # type: ignore[override]
        return f"a {self.target} id"

    def read(self, value: Any, problems: Problems, rid: str, where: str) -> Any:
        if type(value) is str and value:
            return value
        problems.add(rid, where, f"must be a {self.target} id")
        return BAD

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1}


class Line(Field[int]):
    doc_type = "a line number, from 1"
    placeholder = "N"

    def read(self, value: Any, problems: Problems, rid: str, where: str) -> Any:
        if type(value) is int and value >= 1:
            return value
        problems.add(rid, where, f"must be a line number from 1, not {value!r}")
        return BAD

    def schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": 1}


class Date(Field[FuzzyDate]):
    doc_type = "a date (see Dates)"
    placeholder = "DATE"

    def read(self, value: Any, problems: Problems, rid: str, where: str) -> Any:
        if type(value) is not str or not value.strip():
            problems.add(rid, where, f"must be a date string, not {kind_of(value)}")
            return BAD
        try:
            return FuzzyDate.parse(value)
        except DateSyntaxError as exc:
            problems.add(rid, where, str(exc))
            return BAD

    def dump(self, value: Any) -> Any:
        return None if value is None else value.text

    def texts(self, value: Any, context: Context | None) -> Iterator[tuple[str, int, str]]:
        if self.search and value is not None:
            yield self.name, self.search, value.text

    def shown(self, value: Any, context: Context | None) -> str:
        # The stored form, and how people read it where that differs: 2014/.. (since 2014).
        shown = value.display()
        return str(value.text) if shown == value.text else f"{value.text} ({shown})"

    def schema(self) -> dict[str, Any]:
        point = r"\d{4}(-\d{2}(-\d{2})?)?[~?%]?"
        return {
            "type": "string",
            "pattern": rf"^({point}|{point}/{point}|\.\./{point}|{point}/\.\.)$",
        }


class Strings(Field[list[str]]):
    doc_type = "list of text"
    placeholder = "[TEXT, ...]"

    def read(self, value: Any, problems: Problems, rid: str, where: str) -> Any:
        # set(map(type, ...)) runs in C: this is on the path of every record.
        if type(value) is not list or not set(map(type, value)) <= {str}:
            problems.add(rid, where, "must be a list of strings")
            return BAD
        return list(value)

    def dump(self, value: Any) -> Any:
        return list(value)

    def shown(self, value: Any, context: Context | None) -> str:
        return "; ".join(value)

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": {"type": "string"}}


class Number(Field[int]):
    """A whole number (a year)."""

    doc_type = "a whole number"
    placeholder = "N"

    def read(self, value: Any, problems: Problems, rid: str, where: str) -> Any:
        if type(value) is int:
            return value
        problems.add(rid, where, f"must be a whole number, not {kind_of(value)}")
        return BAD

    def schema(self) -> dict[str, Any]:
        return {"type": "integer"}


class Flag(Field[bool]):
    doc_type = "true or false"
    placeholder = "true"

    def read(self, value: Any, problems: Problems, rid: str, where: str) -> Any:
        if type(value) is bool:
            return value
        problems.add(rid, where, f"must be true or false, not {kind_of(value)}")
        return BAD

    def shown(self, value: Any, context: Context | None) -> str:
        return "yes" if value else "no"

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


SPAN_PATTERN = re.compile(r"^[1-9]\d*-[1-9]\d*$")
# A line number of a text: at most 9 digits (a text is at most 16 MiB, so far fewer lines).
MAX_LINE_DIGITS = 9


class LineSpan(Text):
    """A range of lines of a file, FIRST-LAST."""

    doc_type = "a range of lines of `file`, `FIRST-LAST` (default: the whole file)"

    def __init__(self, **kw: Any) -> None:
        super().__init__(pattern=SPAN_PATTERN, **kw)

    def pattern_message(self, value: str) -> str:
        return f"{value!r} is not a range of lines like 1-31"

    def read(self, value: Any, problems: Problems, rid: str, where: str) -> Any:
        value = super().read(value, problems, rid, where)
        if value is not BAD:
            parts = value.split("-")
            if max(map(len, parts)) > MAX_LINE_DIGITS:
                problems.add(rid, where, f"a line number has more than {MAX_LINE_DIGITS} digits")
                return BAD
            first, last = (int(n) for n in parts)
            if last < first:
                problems.add(rid, where, f"{value!r} ends before it starts")
                return BAD
        return value


def text(**kw: Any) -> Any:
    return Text(**kw)


def prose(**kw: Any) -> Any:
    """`text`, under another name for a record type that has a field called `text`."""
    return Text(**kw)


def ident(**kw: Any) -> Any:
    return Id(**kw)


def choice(vocabulary: dict[str, str], **kw: Any) -> Any:
    return Choice(vocabulary, **kw)


def ref(target: str, **kw: Any) -> Any:
    return Ref(target, **kw)


def line(**kw: Any) -> Any:
    return Line(**kw)


def edtf(**kw: Any) -> Any:
    """A date in vpa's EDTF subset (named so a record's own `date` field cannot hide it)."""
    return Date(**kw)


def strings(**kw: Any) -> Any:
    return Strings(**kw)


def sha256(**kw: Any) -> Any:
    return Sha256(**kw)


def relative_path(**kw: Any) -> Any:
    return RelativePath(**kw)


def flag(**kw: Any) -> Any:
    return Flag(**kw)


def integer(**kw: Any) -> Any:
    return Number(**kw)


def span(**kw: Any) -> Any:
    return LineSpan(**kw)
