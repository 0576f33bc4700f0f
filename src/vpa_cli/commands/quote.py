"""`vpa quote`: find a quote in a source text and print the citation to paste."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vpa_cli.options import NoColorOpt, NoPagerOpt

if TYPE_CHECKING:
    from vpa_cli.loading.dataset import Dataset

# Characters a terminal could be tricked by (bidi overrides, C1 controls): JSON
# escapes keep the quote exact once parsed.
_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def quote(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="The source text (UTF-8).", show_default=False),
    ],
    text: Annotated[
        list[str],
        typer.Argument(metavar="TEXT", help="The words to find, as copied.", show_default=False),
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            "-s",
            metavar="ID",
            help="The source id to cite (default: from the file name, as vpa init names it).",
            show_default=False,
        ),
    ] = None,
    no_color: NoColorOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """Find TEXT in a source file and print the citation to paste.

    Finding forgives straight and typographic quotes and apostrophes, dashes,
    case, and runs of spaces, non-breaking spaces and line breaks; the quote
    printed is the file's own text, so it stays verbatim. stdout gets
    {"source": ..., "line": N, "quote": ...}, one per line the text runs over
    (comma-separated, ready for a "citations" list); stderr says the line and
    paragraph. When the text is not there: the closest lines, and exit 1.

    \b
    Examples:
      vpa quote article.txt "the East Sea"
      vpa quote seeds/003_63a1bbc26c6926c5.txt 'opposition of "peaceful evolution"'
    """
    import json

    from vpa_cli.queries.quote import QuoteCitation, QuoteNotFound, find_quote
    from vpa_cli.render import Output, note

    out = Output.detect(no_color=True)

    def pasted(c: QuoteCitation) -> str:
        dumped = json.dumps(c.to_dict(), ensure_ascii=not out.utf)
        return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)

    try:
        found = find_quote(file, " ".join(text), source, _dataset())
    except QuoteNotFound as missing:
        if missing.near:
            note(
                f"vpa quote: not in {file} as typed; the closest lines, each with the"
                " citation of its matching stretch:"
            )
        for near, cited in zip(missing.near, missing.citations, strict=True):
            note(f"  line {near.line} ({near.score:.0%} alike): {near.text[:100]}")
            if cited is not None:
                note(f"    {pasted(cited)}")
        raise
    out.write(",\n".join(pasted(c) for c in found))
    out.write("\n")
    for c in found:
        note(f"vpa quote: {file}: {c.source}, {c.where}")
    if len(found) > 1:
        note("vpa quote: the text runs over several lines: one citation per line")


def _dataset() -> Dataset | None:
    """The bundled data and VPA_DATA's files, to place a quote in a source they know;
    None when they cannot be read (the quote is still found, by the file alone)."""
    from vpa_cli.errors import DataError, UsageError
    from vpa_cli.loading.reading import load_dataset

    try:
        return load_dataset([])
    except (DataError, UsageError):
        return None
