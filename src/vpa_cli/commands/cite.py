"""`vpa cite`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from vpa_cli.completion import complete_record
from vpa_cli.formats import CiteFormat, CslStyle, Style
from vpa_cli.options import DataOpt, NoColorOpt, NoPagerOpt

if TYPE_CHECKING:
    from vpa_cli.loading.dataset import Dataset
    from vpa_cli.queries.cite.paper import CitedKey
    from vpa_cli.records.types import Source

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

ForOpt = Annotated[
    Style | None,
    typer.Option(
        "--for",
        help="With an export: give what this manual prints (apa, chicago, mla), for pandoc "
        "with the CSL style of that manual (--csl); plain or left out: everything the "
        "data has.",
        case_sensitive=False,
        show_default=False,
    ),
]


def _print_csl(name: CslStyle | None) -> None:
    """--csl: print the style file and stop, before anything else is read."""
    if name is None:
        return
    from vpa_cli.queries.cite.csl_styles import csl_style
    from vpa_cli.render import Output

    Output.detect(True).write(csl_style(name))
    raise typer.Exit()


CslOpt = Annotated[
    CslStyle | None,
    typer.Option(
        "--csl",
        help="Print a CSL style that ships with vpa, for pandoc --csl (apa: APA 7; chicago: "
        "Chicago 17 notes and bibliography; chicago-author-date; mla: MLA 9), and stop.",
        callback=_print_csl,
        is_eager=True,
        case_sensitive=False,
        show_default=False,
    ),
]

PaperOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--paper",
        metavar="FILE",
        help="The bibliography of exactly the sources a Markdown or LaTeX paper cites "
        "([@key], @key, \\cite{key}); repeatable; - reads standard input.",
        show_default=False,
    ),
]
StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="With --paper: fail (exit 1) when the paper cites a key that is not a vpa source.",
    ),
]


def cite(
    ids: IdsArg = None,
    style: StyleOpt = Style.apa,
    fmt: CiteFormatOpt = "text",
    paper: PaperOpt = None,
    strict: StrictOpt = False,
    data: DataOpt = None,
    no_color: NoColorOpt = False,
    no_pager: NoPagerOpt = False,
    manual: ForOpt = None,
    csl: CslOpt = None,
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
    With --paper FILE (Markdown or LaTeX), the bibliography of exactly the sources
    the paper cites, each once; a key that is not a vpa source is a warning, or
    exit 1 with --strict.

    \b
    Examples:
      vpa cite
      vpa cite --style chicago
      vpa cite 2015-03-02-defence-diplomacy-guidelines --style mla
      vpa cite nguyen-chi-vinh-2015 --style chicago --format markdown
      vpa cite --format bibtex > vpa.bib
      vpa cite --format ris > vpa.ris
      vpa cite --paper paper.md --format csl-json > vpa.json
      vpa cite --format csl-json --for apa > vpa.json
      vpa cite --csl apa > apa.csl
    """
    from vpa_cli.formats import BIBLIOGRAPHY, CITED, require_export
    from vpa_cli.loading.reading import load_dataset
    from vpa_cli.queries.cite.records import cite_ids, every_source
    from vpa_cli.render import Output
    from vpa_cli.render.cite import render_bibliography, render_cited

    (CITED if ids and not paper else BIBLIOGRAPHY).require(fmt)
    require_export(fmt, manual)
    keys = _paper_keys(paper, ids, strict)  # read before the dataset: a wrong file fails fast
    dataset = load_dataset(data or [])
    out = Output.detect(no_color)
    if keys is not None:
        sources = _paper_sources(
            dataset, keys, every_source(dataset, manual or Style.plain), strict
        )
        render_bibliography(sources, style, fmt, out)
    elif ids:
        render_cited(cite_ids(dataset, ids, style, manual or Style.plain), fmt, out)
    else:
        render_bibliography(every_source(dataset, manual or Style.plain), style, fmt, out)


def _paper_keys(
    papers: list[str] | None, ids: list[str] | None, strict: bool
) -> list[CitedKey] | None:
    """--paper: each key the papers cite, once (None without --paper)."""
    from vpa_cli.errors import UsageError

    if not papers:
        if strict:
            raise UsageError("--strict checks a paper's keys: give the paper with --paper FILE")
        return None
    if ids:
        raise UsageError(
            "give IDs or --paper, not both: vpa cite ID... cites records, "
            "vpa cite --paper FILE the sources a paper cites"
        )
    import sys

    from vpa_cli.queries.cite.bibliography import cited_keys
    from vpa_cli.queries.cite.paper import read_paper

    return cited_keys([read_paper(p, sys.stdin.buffer) for p in papers])


def _paper_sources(
    dataset: Dataset, keys: list[CitedKey], every: list[Source], strict: bool
) -> list[Source]:
    """The sources of `every` the keys name; a warning on stderr for those that name none."""
    from vpa_cli.queries.cite.bibliography import paper_bibliography
    from vpa_cli.render import note

    found = paper_bibliography(dataset, keys, every)
    for warning in found.warnings():
        note(f"vpa: warning: {warning}")
    if strict and found.missed:
        raise found.strict_error()
    return found.sources
