"""Rendering `vpa cite`: references as text or Markdown, records as JSON, and the
BibTeX, CSL-JSON and RIS exports.

A quote from a paragraph is shown as "quote" with its place ("para. 12"); a quote
from a title, byline or dateline is labelled by what the line is ("date line"):
it supports the record's date or attribution, not its claim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from vpa_cli.claims.marks import DISPUTES, WEAK_CLAIM, WHY_WEAK, basis_line, standing_line
from vpa_cli.formats import BIBLIOGRAPHY, CITED, Renderers, Style
from vpa_cli.markdown import escape_line_start
from vpa_cli.queries.cite.bibtex import to_bibtex
from vpa_cli.queries.cite.csl import to_csl_json
from vpa_cli.queries.cite.records import CitedQuote, CitedRecord, cited_sources
from vpa_cli.queries.cite.reference import Reference, bibliography
from vpa_cli.queries.cite.ris import to_ris
from vpa_cli.records.types import Event, Source
from vpa_cli.render import Output


def render_bibliography(sources: Sequence[Source], style: Style, fmt: str, out: Output) -> None:
    """All of `sources`: records (json), exports, or the style's sorted list."""
    BIBLIOGRAPHY.renderer(fmt, RENDERERS)(sources, style, out)


def bibliography_json(sources: Sequence[Source], style: Style, out: Output) -> None:
    out.json([s.to_dict() for s in sources])


def _bibtex(sources: Sequence[Source], out: Output) -> None:
    # BibTeX is written as UTF-8; on a stream that cannot carry it, clean()
    # degrades typographic punctuation and the stream replaces the rest.
    out.write(out.clean(to_bibtex(sources), keep_newlines=True))


def bibliography_bibtex(sources: Sequence[Source], style: Style, out: Output) -> None:
    _bibtex(sources, out)


def bibliography_csl_json(sources: Sequence[Source], style: Style, out: Output) -> None:
    out.json(to_csl_json(sources))


def bibliography_ris(sources: Sequence[Source], style: Style, out: Output) -> None:
    _ris(sources, out)


def _ris(sources: Sequence[Source], out: Output) -> None:
    # The text is cleaned with LF ends (clean() would show a CR), then given the
    # CRLF ends the format requires.
    text = out.clean(to_ris(sources, newline="\n"), keep_newlines=True)
    out.write(text.replace("\n", "\r\n"))


def bibliography_markdown(sources: Sequence[Source], style: Style, out: Output) -> None:
    out.lines(f"- {r.entry.markdown(out.clean)}" for r in bibliography(sources, style))


def bibliography_text(sources: Sequence[Source], style: Style, out: Output) -> None:
    out.lines(out.clean(r.entry.plain()) for r in bibliography(sources, style))


def _forms(reference: Reference) -> list[tuple[str, str]]:
    """(label, text) pairs: one reference, or Chicago's note and bibliography forms."""
    if reference.note is not None:
        return [("note", reference.note.plain()), ("bibliography", reference.entry.plain())]
    return [("reference", reference.entry.plain())]


def _markdown_forms(reference: Reference, out: Output) -> list[str]:
    if reference.note is not None:
        return [
            f"- Note: {reference.note.markdown(out.clean)}",
            f"- Bibliography: {reference.entry.markdown(out.clean)}",
        ]
    return [f"- Reference: {reference.entry.markdown(out.clean)}"]


ROLE_LABELS = {
    "paragraph": "quote",
    "dateline": "date line",
    "byline": "byline",
    "title": "title",
    "heading": "heading",
    "caption": "caption",
    "furniture": "page text",
    "reference-list": "reference list",
}


def label(quote: CitedQuote) -> str:
    """What a quote is shown as: "quote" for evidence, else what its line is."""
    return ROLE_LABELS.get(quote.role, "line")


def claim_rows(item: CitedRecord) -> list[tuple[str, str]]:
    """What a citer must know of the claim before its quotes (its view, claims/view.py):
    the date as shown with its basis and what the source says where the record
    corrects it, and whether it rests only on weak sources."""
    view = item.claim
    if view is None:
        return []
    rows = []
    record = view.record
    if isinstance(record, Event):
        rows.append(("date", view.date_text or ""))
        if record.date_basis != "stated":
            rows.append(("basis", f"{basis_line(record.date_basis)} (vpa show {view.id})"))
    if view.weak:
        weak = [s.id for s in view.sources if s.weak]
        why = f"vpa show {weak[0]} gives its assessment" if len(weak) == 1 else WHY_WEAK
        rows.append(("weak", f"{WEAK_CLAIM} ({', '.join(weak)}); {why}"))
    standing = standing_line(view.standing)
    if view.contradicted:
        standing += f" ({DISPUTES} gives both sides)"
    rows.append(("standing", standing))
    return rows


def quote_rows(quote: CitedQuote) -> list[tuple[str, str]]:
    """A quote, its reference, its source (marked when weak) and its place."""
    return [
        (label(quote), quote.citation.quote),
        *_forms(quote.reference),
        ("source", quote.view.source.described),
        ("place", quote.view.where),
        ("pandoc", quote.view.pandoc),
    ]


def _aligned(rows: Sequence[tuple[str, str]], out: Output) -> list[str]:
    width = max(len(label) for label, _ in rows) + 1
    return [f"  {(label + ':').ljust(width)} {out.clean(t)}" for label, t in rows]


def _text(cited: Sequence[CitedRecord], out: Output) -> list[str]:
    lines: list[str] = []
    for item in cited:
        if lines:
            lines.append("")
        lines.append(f"{item.record.id} ({item.kind})")
        if item.reference is not None:
            lines += _aligned(_forms(item.reference), out)
            continue
        head = claim_rows(item)
        if head:
            lines += [*_aligned(head, out), ""]
        for n, quote in enumerate(item.quotes):
            if n:
                lines.append("")
            lines += _aligned(quote_rows(quote), out)
    return lines


def _markdown(cited: Sequence[CitedRecord], out: Output) -> list[str]:
    lines: list[str] = []
    for item in cited:
        if lines:
            lines.append("")
        lines += [f"## {item.record.id} ({item.kind})", ""]
        if item.reference is not None:
            lines += _markdown_forms(item.reference, out)
            continue
        head = claim_rows(item)
        if head:
            lines += [f"- {name.capitalize()}: {out.md(text)}" for name, text in head]
            lines.append("")
        for n, quote in enumerate(item.quotes):
            if n:
                lines.append("")
            text = escape_line_start(out.md(quote.citation.quote))
            shown = f"> {text}" if quote.is_evidence else f"{label(quote).capitalize()}: {text}"
            lines += [
                shown,
                "",
                *_markdown_forms(quote.reference, out),
                f"- Source: {out.md(quote.view.source.described)}",
                f"- Place: {out.md(quote.view.where)}",
                f"- Pandoc: {code_span(quote.view.pandoc)}",
            ]
    return lines


def render_cited(cited: Sequence[CitedRecord], fmt: str, out: Output) -> None:
    """Records asked for by id: their quotes and references, or the sources they cite."""
    CITED.renderer(fmt, RENDERERS)(cited, out)


def cited_json(cited: Sequence[CitedRecord], out: Output) -> None:
    out.json([c.to_dict() for c in cited])


def code_span(text: str) -> str:
    """`text` as a Markdown code span: shown as written, never read as a citation."""
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def cited_text(cited: Sequence[CitedRecord], out: Output) -> None:
    out.lines(_text(cited, out))


def cited_markdown(cited: Sequence[CitedRecord], out: Output) -> None:
    out.lines(_markdown(cited, out))


# Records are exported as the sources they cite.
def cited_bibtex(cited: Sequence[CitedRecord], out: Output) -> None:
    _bibtex(cited_sources(cited), out)


def cited_csl_json(cited: Sequence[CitedRecord], out: Output) -> None:
    out.json(to_csl_json(cited_sources(cited)))


def cited_ris(cited: Sequence[CitedRecord], out: Output) -> None:
    _ris(cited_sources(cited), out)


# The renderers of this module, by kind of result and format: the registry in
# vpa_cli.formats names the formats, these are the functions that write them.
RENDERERS: Renderers = {
    BIBLIOGRAPHY: {
        "text": bibliography_text,
        "json": bibliography_json,
        "markdown": bibliography_markdown,
        "bibtex": bibliography_bibtex,
        "csl-json": bibliography_csl_json,
        "ris": bibliography_ris,
    },
    CITED: {
        "text": cited_text,
        "json": cited_json,
        "markdown": cited_markdown,
        "bibtex": cited_bibtex,
        "csl-json": cited_csl_json,
        "ris": cited_ris,
    },
}
