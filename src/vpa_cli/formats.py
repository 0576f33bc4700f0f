"""The registry of output formats: for each kind of result, its formats and their renderers.

Command signatures read it at start-up (to list `--format`'s choices in
`--help` and refuse any other while parsing), so it imports nothing heavy: a
renderer is named by its function in a render module, imported only when a
command runs. Adding a format is one entry here and one function there.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from vpa_cli.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from vpa_cli.catalogue import SourceSummary, SourceText
    from vpa_cli.check import CheckReport
    from vpa_cli.claims.view import Listing
    from vpa_cli.profiles import PartnerProfile, PartnerSummary
    from vpa_cli.render import Output
    from vpa_cli.timeline import Bar

    EventsRenderer = Callable[[Listing, Output], None]
    ChartRenderer = Callable[[Sequence[Bar], Output], None]
    PartnersRenderer = Callable[[Sequence[PartnerSummary], Output], None]
    ProfileRenderer = Callable[[PartnerProfile, Output], None]
    # A search hit and a shown record, whichever module defines them.
    HitsRenderer = Callable[[Sequence[Any], Output], None]
    RecordRenderer = Callable[[Any, Output], None]
    CheckRenderer = Callable[[CheckReport, Output], None]
    SchemaRenderer = Callable[[Output], None]
    SourcesRenderer = Callable[[Sequence[SourceSummary], Output], None]
    SourceTextRenderer = Callable[[SourceText, Output], None]
    DisputesRenderer = Callable[[Sequence[Any], Output], None]
    OutsideRenderer = Callable[[Sequence[Any], Output], None]

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


class Formats(Generic[R]):
    """One kind of result's formats: format name -> the function in `module` that writes it.

    `auto` is offered where there are both `table` and `plain` (`Output.resolve`
    picks one). `what` names the result in the message that refuses a format.
    """

    __slots__ = ("module", "renderers", "what")

    def __init__(self, what: str, module: str, renderers: Mapping[str, str]) -> None:
        self.what = what
        self.module = module
        self.renderers = renderers

    @property
    def names(self) -> tuple[str, ...]:
        auto = (AUTO,) if {"table", "plain"} <= self.renderers.keys() else ()
        return (*auto, *self.renderers)

    def require(self, fmt: str) -> None:
        """Refuse, as a usage error, a format this kind of result does not have."""
        name = format_name(fmt)
        if name not in self.names:
            raise UsageError(
                f"--format {name} is not available for {self.what} "
                f"(choose from: {', '.join(self.names)})"
            )

    def renderer(self, fmt: str) -> R:
        """The function that writes `fmt` (resolve `auto` first: `Output.resolve`)."""
        self.require(fmt)
        module = importlib.import_module(self.module)
        return cast(R, getattr(module, self.renderers[format_name(fmt)]))


def choice(name: str, *kinds: Formats[Any]) -> type[FormatChoice]:
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
EVENTS: Formats[EventsRenderer] = Formats(
    "the timeline",
    _TIMELINE,
    {
        "table": "events_table",
        "plain": "events_plain",
        "json": "events_json",
        "csv": "events_csv",
        "markdown": "events_markdown",
        "html": "events_html",
        "timelinejs": "events_timelinejs",
    },
)
CHART: Formats[ChartRenderer] = Formats(
    "the chart (--chart)",
    _TIMELINE,
    {
        "table": "chart_table",
        "plain": "chart_plain",
        "json": "chart_json",
        "csv": "chart_csv",
        "markdown": "chart_markdown",
    },
)

_PARTNER = "vpa_cli.render.partner"
PARTNERS: Formats[PartnersRenderer] = Formats(
    "the list of partners",
    _PARTNER,
    {
        "table": "partners_table",
        "plain": "partners_plain",
        "json": "partners_json",
        "csv": "partners_csv",
        "markdown": "partners_markdown",
    },
)
PROFILE: Formats[ProfileRenderer] = Formats(
    "one partner's profile",
    _PARTNER,
    {
        "table": "profile_table",
        "plain": "profile_plain",
        "json": "profile_json",
        "markdown": "profile_markdown",
    },
)

_SEARCH = "vpa_cli.render.search"
HITS: Formats[HitsRenderer] = Formats(
    "search hits",
    _SEARCH,
    {
        "table": "hits_table",
        "plain": "hits_plain",
        "json": "hits_json",
        "csv": "hits_csv",
        "markdown": "hits_markdown",
    },
)
RECORD: Formats[RecordRenderer] = Formats(
    "a record (vpa show)",
    _SEARCH,
    {
        "table": "record_table",
        "plain": "record_plain",
        "json": "record_json",
        "csv": "record_csv",
        "markdown": "record_markdown",
    },
)

DISPUTES: Formats[DisputesRenderer] = Formats(
    "vpa disputes",
    "vpa_cli.render.disputes",
    {
        "table": "disputes_table",
        "plain": "disputes_plain",
        "json": "disputes_json",
        "csv": "disputes_csv",
        "markdown": "disputes_markdown",
    },
)

# No table: one line per problem, `file: record: field: message`, reads the
# same on a terminal as in a pipe, and editors jump to it.
CHECK: Formats[CheckRenderer] = Formats(
    "vpa check",
    "vpa_cli.render.check",
    {
        "plain": "check_plain",
        "json": "check_json",
        "csv": "check_csv",
        "markdown": "check_markdown",
    },
)

SCHEMA: Formats[SchemaRenderer] = Formats(
    "vpa schema",
    "vpa_cli.render.schema",
    {"json": "schema_json", "markdown": "schema_markdown"},
)

_SOURCES = "vpa_cli.render.sources"
SOURCES: Formats[SourcesRenderer] = Formats(
    "the list of sources",
    _SOURCES,
    {
        "table": "sources_table",
        "plain": "sources_plain",
        "json": "sources_json",
        "csv": "sources_csv",
        "markdown": "sources_markdown",
    },
)
# A text reads as numbered lines on a terminal too: table and plain are the same.
SOURCE_TEXT: Formats[SourceTextRenderer] = Formats(
    "a source's text",
    _SOURCES,
    {
        "table": "text_plain",
        "plain": "text_plain",
        "json": "text_json",
        "csv": "text_csv",
        "markdown": "text_markdown",
    },
)

# `vpa sources --outside`: every page outside the texts the data rests on.
OUTSIDE: Formats[OutsideRenderer] = Formats(
    "the outside references (--outside)",
    _SOURCES,
    {
        "table": "outside_table",
        "plain": "outside_plain",
        "json": "outside_json",
        "csv": "outside_csv",
        "markdown": "outside_markdown",
    },
)

# ---------------------------------------------------------------- each command's --format

if TYPE_CHECKING:
    # To mypy a format is its name (a member of a str Enum is one); Typer, at run
    # time, needs the command's own Enum, built from the registry.
    TimelineFormat = str
    PartnerFormat = str
    SearchFormat = str
    ShowFormat = str
    CheckFormat = str
    SchemaFormat = str
    SourcesFormat = str
    DisputesFormat = str

# Each Enum is built when its command's module first asks for it (`vpa NAME` imports
# only NAME's), not all at once: building an Enum is not free at start-up.
_CHOICES: dict[str, tuple[Formats[Any], ...]] = {
    "TimelineFormat": (EVENTS, CHART),
    "PartnerFormat": (PARTNERS, PROFILE),
    "SearchFormat": (HITS,),
    "ShowFormat": (RECORD,),
    "CheckFormat": (CHECK,),
    "SchemaFormat": (SCHEMA,),
    "SourcesFormat": (SOURCES, SOURCE_TEXT, OUTSIDE),
    "DisputesFormat": (DISPUTES,),
}


def __getattr__(name: str) -> Any:
    kinds = _CHOICES.get(name)
    if kinds is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    built = globals()[name] = choice(name, *kinds)
    return built
