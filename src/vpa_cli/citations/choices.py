"""The citation styles and output formats `vpa cite` offers (no imports: read at start-up)."""

from __future__ import annotations

from enum import Enum


class Style(str, Enum):
    """apa: APA 7; chicago: Chicago 17 notes and bibliography; mla: MLA 9; plain: ours."""

    apa = "apa"
    chicago = "chicago"
    mla = "mla"
    plain = "plain"


class CiteFormat(str, Enum):
    """text and markdown show references; json the records; bibtex and csl-json export them."""

    text = "text"
    json = "json"
    markdown = "markdown"
    bibtex = "bibtex"
    csl_json = "csl-json"
