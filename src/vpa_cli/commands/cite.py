"""`vpa cite`."""

from __future__ import annotations

from typing import Annotated

import typer

from vpa_cli.citations.choices import CiteFormat, Style
from vpa_cli.completion import complete_record
from vpa_cli.options import DataOpt, NoColorOpt

IdsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="[ID]...",
        help="Events, facts, partners or sources to cite (default: every source).",
        show_default=False,
        autocompletion=complete_record,
    ),
]
StyleOpt = Annotated[
    Style,
    typer.Option(
        "--style",
        "-s",
        help="apa (APA 7), chicago (Chicago 17 note and bibliography), mla (MLA 9), plain.",
        case_sensitive=False,
    ),
]
# cite has its own formats: references (text, markdown), records (json), exports.
CiteFormatOpt = Annotated[
    CiteFormat,
    typer.Option(
        "--format",
        "-f",
        help="text or markdown references; json records; bibtex, csl-json or ris exports.",
        case_sensitive=False,
    ),
]


def cite(
    ids: IdsArg = None,
    style: StyleOpt = Style.apa,
    fmt: CiteFormatOpt = "text",
    data: DataOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Cite in APA, Chicago, MLA; export BibTeX, CSL-JSON, RIS.

    Styles: APA 7, Chicago 17 notes and bibliography (both forms), MLA 9, or plain.
    With no ID, the bibliography of every source. With IDs, each citation of each
    record: first what a citer must know of the claim (its date as shown, with its
    basis where the sources do not state it; whether it rests only on weak
    sources), then the quotes from paragraphs, each with the reference of its
    source, the source (marked when weak, with who speaks) and its place ("para.
    12, line 20"; json adds file, locator and the place alone), then any date
    line, byline or title it rests on; a source id gives its reference. bibtex,
    csl-json and ris export the sources concerned, for pandoc, Zotero, EndNote.

    \b
    Examples:
      vpa cite
      vpa cite --style chicago
      vpa cite 2015-03-02-defence-diplomacy-guidelines --style mla
      vpa cite nguyen-chi-vinh-2015 --style chicago --format markdown
      vpa cite --format bibtex > vpa.bib
      vpa cite --format ris > vpa.ris
    """
    from vpa_cli.citations.choices import BIBLIOGRAPHY, CITED
    from vpa_cli.citations.records import cite_ids, every_source
    from vpa_cli.dataset import load_dataset
    from vpa_cli.render import Output
    from vpa_cli.render.cite import render_bibliography, render_cited

    (CITED if ids else BIBLIOGRAPHY).require(fmt)
    dataset = load_dataset(data or [])
    out = Output.detect(no_color)
    if ids:
        render_cited(cite_ids(dataset, ids, style), fmt, out)
    else:
        render_bibliography(every_source(dataset), style, fmt, out)
