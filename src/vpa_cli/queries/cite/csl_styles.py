"""The CSL project's styles that ship with vpa (`styles/`, with their README and
licence), so that a paper renders in APA, Chicago or MLA with no style to find:
`vpa cite --csl apa > apa.csl`. Read from the installed package: nothing is fetched."""

from __future__ import annotations

from importlib import resources

from vpa_cli.formats import CslStyle

FILES = {
    CslStyle.apa: "apa.csl",
    CslStyle.chicago: "chicago-notes-bibliography-17th-edition.csl",
    CslStyle.chicago_author_date: "chicago-author-date-17th-edition.csl",
    CslStyle.mla: "modern-language-association.csl",
}


def csl_style(name: CslStyle) -> str:
    """The style file's text, as the CSL project wrote it (UTF-8 XML)."""
    path = resources.files("vpa_cli.queries.cite").joinpath("styles").joinpath(FILES[name])
    return path.read_text(encoding="utf-8")
