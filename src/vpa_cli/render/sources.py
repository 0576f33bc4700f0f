"""Rendering `vpa sources`: the list of sources in every format, and one source's text
with its line and paragraph numbers and the records citing each line."""

from __future__ import annotations

from collections.abc import Sequence

from vpa_cli.formats import OUTSIDE, SOURCE_TEXT, SOURCES, Renderers
from vpa_cli.queries.sources import OutsideRow, SourceSummary, SourceText, TextLine, authors_text
from vpa_cli.render import Output

LIST_HEADER = ["id", "author", "date", "published in", "voice", "weak", "records"]
CSV_HEADER = [
    "id",
    "title",
    "authors",
    "date",
    "publication",
    "url",
    "type",
    "voice",
    "speaker",
    "weak",
    "assessment",
    "records",
]


def render_sources(rows: Sequence[SourceSummary], fmt: str, out: Output) -> None:
    SOURCES.renderer(out.resolve(fmt), RENDERERS)(rows, out)


def _cells(rows: Sequence[SourceSummary]) -> list[list[str]]:
    return [
        [
            r.source.id,
            authors_text(r.source),
            r.source.date.display() if r.source.date else "",
            r.source.publication or "",
            r.source.voice or "",
            "weak" if r.source.weak else "",
            str(r.records),
        ]
        for r in rows
    ]


def sources_json(rows: Sequence[SourceSummary], out: Output) -> None:
    out.json([r.to_dict() for r in rows])


def sources_csv(rows: Sequence[SourceSummary], out: Output) -> None:
    def cell(value: object) -> object:
        return str(value).lower() if isinstance(value, bool) else value

    out.csv(CSV_HEADER, ([cell(r.to_dict()[k]) for k in CSV_HEADER] for r in rows))


def sources_plain(rows: Sequence[SourceSummary], out: Output) -> None:
    out.lines("\t".join(out.clean(v) for v in row) for row in _cells(rows))


def sources_table(rows: Sequence[SourceSummary], out: Output) -> None:
    """Ids are never cut (they are what `vpa sources ID` takes next); narrower, the
    date goes under the author and voice and weak under the publication, then all
    four are stacked in one column."""
    from rich.text import Text

    from vpa_cli.render.layout import Column, Layout, Row, print_layout

    def text(value: str, style: str = "") -> Text:
        return Text(out.clean(value), style=style)

    def under(*values: str) -> Text:
        # Each value cleaned on its own: `clean` turns newlines into spaces.
        return Text("\n".join(out.clean(v) for v in values if v))

    cells = _cells(rows)
    records = Column("records", justify="right", min_width=1)
    wide = [
        Column("id", keep=True),
        Column("author", min_width=10),
        Column("date", min_width=11),
        Column("published in", min_width=10, weight=2),
        Column("voice", keep=True),
        Column("weak", keep=True),
        records,
    ]
    stacked = [
        Column("id", keep=True),
        Column("author, date", min_width=10),
        Column("published in, voice", min_width=10, weight=2),
        records,
    ]
    print_layout(
        [
            Layout(wide, [Row([text(v) for v in row]) for row in cells], rule=False),
            Layout(
                stacked,
                [
                    Row([text(sid), under(author, date), under(where, voice, weak), text(n)])
                    for sid, author, date, where, voice, weak, n in cells
                ],
                rule=False,
            ),
            Layout(
                [Column("id", keep=True), Column("author, date, published in, voice"), records],
                [
                    Row([text(sid), under(author, date, where, voice, weak), text(n)])
                    for sid, author, date, where, voice, weak, n in cells
                ],
                rule=False,
            ),
        ],
        out,
    )


def sources_markdown(rows: Sequence[SourceSummary], out: Output) -> None:
    lines: list[str] = []
    for r in rows:
        s = r.source
        if lines:
            lines.append("")
        lines.append(f"## {out.md(s.id)}{' (weak source)' if s.weak else ''}")
        lines.append("")
        facts = [
            ("Title", s.title),
            ("Author", authors_text(s)),
            ("Date", s.date.display() if s.date else ""),
            ("Published in", s.publication or ""),
            ("URL", s.url or ""),
            ("Who speaks", "; ".join(v for v in (s.voice, s.speaker) if v)),
            ("Assessment", s.assessment or ""),
            ("Cited by", f"{r.records} record(s)"),
        ]
        lines += [f"- {name}: {out.md(value)}" for name, value in facts if value]
    out.lines(lines)


# ---------------------------------------------------------------- one source's text


def render_text(text: SourceText, fmt: str, out: Output) -> None:
    SOURCE_TEXT.renderer(out.resolve(fmt), RENDERERS)(text, out)


def _where(line: TextLine) -> str:
    return f"para. {line.paragraph}" if line.paragraph is not None else (line.role or "")


def text_plain(text: SourceText, out: Output) -> None:
    """`LINE  PLACE  TEXT`, blank lines left out; a cited line ends with the ids
    citing it in brackets and is marked with `*` before its number."""
    lines = [f"{out.clean(text.source.id)}: {out.clean(text.file)}"]
    for line in text.lines:
        if line.role is None:
            continue
        mark = "*" if line.cited_by else " "
        row = f"{mark}{line.number:>4}  {_where(line):<10} {out.clean(line.text)}"
        if line.cited_by:
            row += f"  [{out.clean(', '.join(line.cited_by))}]"
        lines.append(row)
    out.lines(lines)


def text_json(text: SourceText, out: Output) -> None:
    out.json(text.to_dict())


def text_csv(text: SourceText, out: Output) -> None:
    out.csv(
        ["source", "line", "paragraph", "role", "text", "cited_by"],
        (
            [text.source.id, ln.number, ln.paragraph, ln.role, ln.text, " ".join(ln.cited_by)]
            for ln in text.lines
        ),
    )


def text_markdown(text: SourceText, out: Output) -> None:
    out.lines([f"## {out.md(text.source.id)}", "", f"File: `{out.clean(text.file)}`", ""])
    out.markdown_table(
        ["line", "place", "text", "cited by"],
        (
            [str(ln.number), _where(ln), ln.text, ", ".join(ln.cited_by)]
            for ln in text.lines
            if ln.role is not None
        ),
    )


# ---------------------------------------------------------------- outside references

OUTSIDE_HEADER = (
    "record",
    "supports",
    "value",
    "stance",
    "grade",
    "publisher",
    "title",
    "date",
    "url",
    "excerpt",
)


def render_outside(rows: Sequence[OutsideRow], fmt: str, out: Output) -> None:
    OUTSIDE.renderer(out.resolve(fmt), RENDERERS)(rows, out)


def _outside_cells(row: OutsideRow) -> list[str]:
    ref = row.reference
    return [
        row.record,
        ref.supports,
        ref.value,
        ref.stance,
        ref.grade,
        ref.publisher,
        ref.title,
        ref.date.text if ref.date else "",
        ref.url,
        ref.excerpt,
    ]


def outside_json(rows: Sequence[OutsideRow], out: Output) -> None:
    out.json([r.to_dict() for r in rows])


def outside_csv(rows: Sequence[OutsideRow], out: Output) -> None:
    out.csv(OUTSIDE_HEADER, (_outside_cells(r) for r in rows))


def outside_markdown(rows: Sequence[OutsideRow], out: Output) -> None:
    out.markdown_table(OUTSIDE_HEADER, (_outside_cells(r) for r in rows))


def outside_plain(rows: Sequence[OutsideRow], out: Output) -> None:
    """One reference per line: record, supports, grade, stance, url, excerpt."""

    def fields(r: OutsideRow) -> tuple[str, ...]:
        ref = r.reference
        return (r.record, ref.supports, ref.grade, ref.stance, ref.url, ref.excerpt)

    out.lines("\t".join(out.clean(v) for v in fields(r)) for r in rows)


def outside_table(rows: Sequence[OutsideRow], out: Output) -> None:
    """Per record, each reference: what it supports and its grade, then who publishes it,
    its address and its excerpt."""
    if not rows:
        return
    from rich.text import Text

    from vpa_cli.render.layout import Column, Layout, Row, Section, print_layout

    made: list[Row | Section] = []
    record = None
    for r in rows:
        if r.record != record:
            record = r.record
            made.append(Section(Text(out.clean(record), style="bold")))
        ref = r.reference
        what = Text(out.clean(f"{ref.supports} ({ref.value})"))
        what.append(out.clean(f"\ngrade {ref.grade}, {ref.stance}"), style="dim")
        said = Text(out.clean(f"{ref.publisher}: {ref.url}"), style="dim")
        said.append(out.clean(f"\n\u201c{ref.excerpt}\u201d"), style="")
        made.append(Row([what, said]))
    columns = [Column("supports", min_width=16), Column("page and excerpt", min_width=24, weight=2)]
    print_layout([Layout(columns, made)], out)


# The renderers of this module, by kind of result and format: the registry in
# vpa_cli.formats names the formats, these are the functions that write them.
RENDERERS: Renderers = {
    SOURCES: {
        "table": sources_table,
        "plain": sources_plain,
        "json": sources_json,
        "csv": sources_csv,
        "markdown": sources_markdown,
    },
    SOURCE_TEXT: {
        "table": text_plain,
        "plain": text_plain,
        "json": text_json,
        "csv": text_csv,
        "markdown": text_markdown,
    },
    OUTSIDE: {
        "table": outside_table,
        "plain": outside_plain,
        "json": outside_json,
        "csv": outside_csv,
        "markdown": outside_markdown,
    },
}
