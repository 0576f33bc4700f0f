"""The registry of output formats: for each kind of result, its formats and their renderers.

Command signatures read it at start-up (to list `--format`'s choices in
`--help` and refuse any other while parsing), so it imports nothing heavy: each
kind of result names the render module that writes it, imported only when a
command runs, whose `RENDERERS` holds the functions themselves. Adding a format is
its name here, and its function and one line in that module's `RENDERERS`
(tests/test_formats.py checks that the two agree).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar, cast

from vpa_cli.errors import UsageError

R = TypeVar("R", bound=Callable[..., None])

AUTO = "auto"


class OutputFormat(str, Enum):
    """The format names most commands share; `auto` is a table on a terminal, plain when piped."""

    auto = "auto"
    table = "table"
    plain = "plain"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class FormatChoice(str, Enum):
    """The base of each command's `--format` Enum, which `choice` builds from the registry."""


def format_name(fmt: str) -> str:
    """The name of a format given as a string or as a member of a format Enum."""
    return str(fmt.value) if isinstance(fmt, Enum) else fmt


class Formats:
    """One kind of result and the formats it is written in.

    `module` is the render module that writes it, imported only when a command runs
    (so that `--help` and completion stay light); that module's `RENDERERS` maps
    this kind to its functions, as objects. `auto` is offered where there are both
    `table` and `plain` (`Output.resolve` picks one). `what` names the result in the
    message that refuses a format.
    """

    __slots__ = ("formats", "module", "what")

    def __init__(self, what: str, module: str, formats: tuple[str, ...]) -> None:
        self.what = what
        self.module = module
        self.formats = formats

    @property
    def names(self) -> tuple[str, ...]:
        auto = (AUTO,) if {"table", "plain"} <= set(self.formats) else ()
        return (*auto, *self.formats)

    def require(self, fmt: str) -> None:
        """Refuse, as a usage error, a format this kind of result does not have."""
        name = format_name(fmt)
        if name not in self.names:
            raise UsageError(
                f"--format {name} is not available for {self.what} "
                f"(choose from: {', '.join(self.names)})"
            )

    def renderer(self, fmt: str, renderers: Mapping[Formats, Mapping[str, R]]) -> R:
        """The function that writes `fmt` (resolve `auto` first: `Output.resolve`),
        from the render module's `RENDERERS`."""
        self.require(fmt)
        return renderers[self][format_name(fmt)]


# A render module's `RENDERERS`: for each kind of result it writes, format -> function.
Renderers = dict[Formats, dict[str, Callable[..., None]]]


def choice(name: str, *kinds: Formats) -> type[FormatChoice]:
    """A command's `--format` Enum: the formats of the kinds of result it gives, in order.

    Typer lists an Enum's values in `--help` and refuses any other value, exit 2,
    while the command line is parsed. A command that gives several kinds of
    result calls `require` on the one it is about to give, before reading data.
    """
    names = dict.fromkeys(n for kind in kinds for n in kind.names)
    functional: Any = FormatChoice  # Enum's functional API, which mypy cannot follow
    return cast(type[FormatChoice], functional(name, [(n.replace("-", "_"), n) for n in names]))


# ---------------------------------------------------------------- the registry

_TIMELINE = "vpa_cli.render.timeline"
EVENTS = Formats(
    "the timeline",
    _TIMELINE,
    ("table", "plain", "json", "csv", "markdown", "html", "timelinejs"),
)
CHART = Formats(
    "the chart (--chart)",
    _TIMELINE,
    ("table", "plain", "json", "csv", "markdown"),
)

FACTS = Formats(
    "the list of facts",
    "vpa_cli.render.facts",
    ("table", "plain", "json", "csv", "markdown"),
)

_PARTNER = "vpa_cli.render.partner"
PARTNERS = Formats(
    "the list of partners",
    _PARTNER,
    ("table", "plain", "json", "csv", "markdown"),
)
PROFILE = Formats(
    "one partner's profile",
    _PARTNER,
    ("table", "plain", "json", "markdown"),
)

_SEARCH = "vpa_cli.render.search"
HITS = Formats(
    "search hits",
    _SEARCH,
    ("table", "plain", "json", "csv", "markdown"),
)
RECORD = Formats(
    "a record (vpa show)",
    _SEARCH,
    ("table", "plain", "json", "csv", "markdown"),
)

DISPUTES = Formats(
    "vpa disputes",
    "vpa_cli.render.disputes",
    ("table", "plain", "json", "csv", "markdown"),
)

# No table: one line per problem, `file: record: field: message`, reads the
# same on a terminal as in a pipe, and editors jump to it.
CHECK = Formats(
    "vpa check",
    "vpa_cli.render.check",
    ("plain", "json", "csv", "markdown"),
)

SCHEMA = Formats(
    "vpa schema",
    "vpa_cli.render.schema",
    ("json", "markdown"),
)

_SOURCES = "vpa_cli.render.sources"
SOURCES = Formats(
    "the list of sources",
    _SOURCES,
    ("table", "plain", "json", "csv", "markdown"),
)
# A text reads as numbered lines on a terminal too: table and plain are the same.
SOURCE_TEXT = Formats(
    "a source's text",
    _SOURCES,
    ("table", "plain", "json", "csv", "markdown"),
)

# `vpa sources --outside`: every page outside the texts the data rests on.
OUTSIDE = Formats(
    "the outside references (--outside)",
    _SOURCES,
    ("table", "plain", "json", "csv", "markdown"),
)

# ---------------------------------------------------------------- vpa cite


class Style(str, Enum):
    """apa: APA 7; chicago: Chicago 17 notes and bibliography; mla: MLA 9; plain: ours.

    As the manual an export is written for (`vpa cite --for`), plain means none:
    everything the data has."""

    apa = "apa"
    chicago = "chicago"
    mla = "mla"
    plain = "plain"


# The formats that export the sources for other programs; `--for` applies to them.
EXPORT_FORMATS = ("bibtex", "csl-json", "ris")


class CslStyle(str, Enum):
    """The CSL project's styles that ship with vpa (`vpa cite --csl NAME`)."""

    apa = "apa"
    chicago = "chicago"
    chicago_author_date = "chicago-author-date"
    mla = "mla"


def require_export(fmt: str, manual: Style | None) -> None:
    """Refuse, as a usage error, `--for` with a format that is not an export."""
    name = format_name(fmt)
    if manual is not None and name not in EXPORT_FORMATS:
        raise UsageError(
            f"--for is for the exports ({', '.join(EXPORT_FORMATS)}), not --format {name}"
        )


# text and markdown show references; json the records; bibtex, csl-json and ris export them.
_CITE = "vpa_cli.render.cite"
BIBLIOGRAPHY = Formats(
    "the bibliography",
    _CITE,
    ("text", "json", "markdown", "bibtex", "csl-json", "ris"),
)
CITED = Formats(
    "cited records",
    _CITE,
    ("text", "json", "markdown", "bibtex", "csl-json", "ris"),
)


# ---------------------------------------------------------------- each command's --format

if TYPE_CHECKING:
    # To mypy a format is its name (a member of a str Enum is one); Typer, at run
    # time, needs the command's own Enum, built from the registry.
    TimelineFormat = str
    FactsFormat = str
    PartnerFormat = str
    SearchFormat = str
    ShowFormat = str
    CheckFormat = str
    SchemaFormat = str
    SourcesFormat = str
    DisputesFormat = str
    CiteFormat = str

# Each Enum is built when its command's module first asks for it (`vpa NAME` imports
# only NAME's), not all at once: building an Enum is not free at start-up.
_CHOICES: dict[str, tuple[Formats, ...]] = {
    "TimelineFormat": (EVENTS, CHART),
    "FactsFormat": (FACTS,),
    "PartnerFormat": (PARTNERS, PROFILE),
    "SearchFormat": (HITS,),
    "ShowFormat": (RECORD,),
    "CheckFormat": (CHECK,),
    "SchemaFormat": (SCHEMA,),
    "SourcesFormat": (SOURCES, SOURCE_TEXT, OUTSIDE),
    "DisputesFormat": (DISPUTES,),
    "CiteFormat": (BIBLIOGRAPHY, CITED),
}


def __getattr__(name: str) -> Any:
    kinds = _CHOICES.get(name)
    if kinds is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    built = globals()[name] = choice(name, *kinds)
    return built
