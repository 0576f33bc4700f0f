"""The citation styles and output formats `vpa cite` offers (light: read at start-up)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import Enum
from typing import TYPE_CHECKING

from vpa_cli.errors import UsageError
from vpa_cli.formats import Formats, choice, format_name

if TYPE_CHECKING:
    from vpa_cli.citations.records import CitedRecord
    from vpa_cli.model import Source
    from vpa_cli.render import Output


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
BIBLIOGRAPHY: Formats[Callable[[Sequence[Source], Style, Output], None]] = Formats(
    "the bibliography",
    _CITE,
    {
        "text": "bibliography_text",
        "json": "bibliography_json",
        "markdown": "bibliography_markdown",
        "bibtex": "bibliography_bibtex",
        "csl-json": "bibliography_csl_json",
        "ris": "bibliography_ris",
    },
)
CITED: Formats[Callable[[Sequence[CitedRecord], Output], None]] = Formats(
    "cited records",
    _CITE,
    {
        "text": "cited_text",
        "json": "cited_json",
        "markdown": "cited_markdown",
        "bibtex": "cited_bibtex",
        "csl-json": "cited_csl_json",
        "ris": "cited_ris",
    },
)

if TYPE_CHECKING:
    CiteFormat = str  # as in vpa_cli.formats: to mypy a name, to Typer an Enum
else:
    CiteFormat = choice("CiteFormat", BIBLIOGRAPHY, CITED)
