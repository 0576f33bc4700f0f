"""Rendering `vpa search` hits and the full record that `vpa show` prints.

A snippet's matches are highlighted with rich styles on a colour terminal, marked
«like this» in a table without colour (>>like this<< when the output encoding
cannot carry guillemets) and **like this** in Markdown. Plain lines, CSV and JSON,
which programs read and people copy from, carry the text exactly, unmarked (JSON
gives the matches' offsets).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from vpa_cli.claims.marks import CONTRADICTED, WEAK_CLAIM, legend
from vpa_cli.formats import HITS, RECORD, Renderers
from vpa_cli.render import Output

if TYPE_CHECKING:
    from rich.text import Text

    from vpa_cli.queries.search import Hit, Snippet
    from vpa_cli.queries.show import RecordView

HIGHLIGHT = "bold yellow"


def _marks(out: Output) -> tuple[str, str]:
    return ("\u00ab", "\u00bb") if out.utf else (">>", "<<")


def marked(
    snippet: Snippet, out: Output, marks: tuple[str, str] | None = None, *, md: bool = False
) -> str:
    """The snippet cleaned for `out` (and escaped, `md`), with every match between the marks."""
    left, right = marks or _marks(out)
    piece = out.md if md else out.clean
    parts, position = [], 0
    for start, end in snippet.marks:
        parts += [piece(snippet.text[position:start]), left]
        parts += [piece(snippet.text[start:end]), right]
        position = end
    parts.append(piece(snippet.text[position:]))
    return "".join(parts)


def highlighted(snippet: Snippet, out: Output) -> Text:
    """The snippet as rich Text with the matches styled (cleaned piece by piece)."""
    from rich.text import Text

    text = Text()
    position = 0
    for start, end in snippet.marks:
        text.append(out.clean(snippet.text[position:start]))
        begin = len(text)
        text.append(out.clean(snippet.text[start:end]))
        text.stylize(HIGHLIGHT, begin, len(text))
        position = end
    text.append(out.clean(snippet.text[position:]))
    return text


def render_hits(hits: Sequence[Hit], fmt: str, out: Output) -> None:
    HITS.renderer(out.resolve(fmt), RENDERERS)(hits, out)


def hits_json(hits: Sequence[Hit], out: Output) -> None:
    out.json([h.to_dict() for h in hits])


CSV_HEADER = (
    "type",
    "id",
    "source",
    "line",
    "field",
    "score",
    "text",
    "snippet",
    "weak",
    "paragraph",
    "place",
    "standing",
)


def hits_csv(hits: Sequence[Hit], out: Output) -> None:
    out.csv(
        CSV_HEADER,
        (
            (
                h.type,
                h.id,
                h.source or "",
                h.line or "",
                h.field,
                h.score,
                h.text,
                h.snippet.text,
                "true" if h.weak else "false",
                "" if h.paragraph is None else h.paragraph,
                h.place or "",
                h.standing or "",
            )
            for h in hits
        ),
    )


def _field(hit: Hit) -> str:
    """Where the match is: a record's field, a passage's place ("para. 6, line 10"), or
    a quote's field with its source and place."""
    if hit.type == "passage":
        return hit.where or hit.field
    return f"{hit.field} ({hit.where})" if hit.where else hit.field


def _flag(hit: Hit) -> str:
    """` [weak source only]` after a hit that rests only on weak sources, ` [contradicted]`
    after one something says otherwise of."""
    flags = f" [{WEAK_CLAIM}]" if hit.weak else ""
    return flags + (f" [{CONTRADICTED}]" if hit.standing == "contradicted" else "")


def hits_markdown(hits: Sequence[Hit], out: Output) -> None:
    """A table; a match is **bold**, its text escaped like every other cell."""
    rows = (
        [out.md(h.type), out.md(h.id), out.md(_field(h)), _bold(h, out) + out.md(_flag(h))]
        for h in hits
    )
    from vpa_cli import markdown  # only Markdown output needs it

    out.lines(markdown.table(["type", "id", "field", "match"], rows))
    _legend_lines(hits, out, lambda line: f"- {out.md(line)}")


def _used(hits: Sequence[Hit]) -> set[str]:
    used = {f"[{WEAK_CLAIM}]"} if any(h.weak for h in hits) else set()
    if any(h.standing == "contradicted" for h in hits):
        used.add(f"[{CONTRADICTED}]")
    return used


def _legend_lines(hits: Sequence[Hit], out: Output, shape: Callable[[str], str]) -> None:
    used = _used(hits)
    lines = legend(used)
    if lines:
        out.lines(["", *(shape(line) for line in lines)])


def _bold(hit: Hit, out: Output) -> str:
    return marked(hit.snippet, out, ("**", "**"), md=True)


def hits_plain(hits: Sequence[Hit], out: Output) -> None:
    out.lines(
        "\t".join(
            [h.type, out.clean(h.id), out.clean(_field(h)), out.clean(h.snippet.text) + _flag(h)]
        )
        for h in hits
    )


def hits_table(hits: Sequence[Hit], out: Output) -> None:
    """Type, id, field and match side by side; narrower, the id goes above the match
    (on a line of its own when it is wider than the match column) and the field
    leads the match."""
    from rich.text import Text

    from vpa_cli.render.layout import Column, Layout, Row, print_layout

    def match(h: Hit) -> Text:
        shown = highlighted(h.snippet, out) if out.color else Text(marked(h.snippet, out))
        if _flag(h):
            shown.append(_flag(h), style="bold")
        return shown

    wide = [
        Row([Text(h.type), Text(out.clean(h.id)), Text(out.clean(_field(h))), match(h)])
        for h in hits
    ]
    narrow = []
    for h in hits:
        found = Text(out.clean(_field(h)) + ": ", style="dim")
        found.append_text(match(h))
        narrow.append(
            Row(
                [Text(h.type), found], extra=Text(out.clean(h.id)), extra_column=1, extra_first=True
            )
        )
    columns = [
        Column("type", keep=True),
        Column("id", keep=True),
        Column("field", style="dim", keep=True),
        Column("match", min_width=24),
    ]
    stacked = [Column("type", keep=True), Column("id, field: match", min_width=20)]
    print_layout([Layout(columns, wide, rule=False), Layout(stacked, narrow, rule=False)], out)
    if _used(hits):
        console = out.console()
        for line in legend(_used(hits)):
            console.print(Text(out.clean(line), style="dim"))


# What the table, plain lines and Markdown show for a field the record leaves empty.
NONE = "-"


def render_record(view: RecordView, fmt: str, out: Output) -> None:
    RECORD.renderer(out.resolve(fmt), RENDERERS)(view, out)


def record_json(view: RecordView, out: Output) -> None:
    out.json(view.data)


def record_csv(view: RecordView, out: Output) -> None:
    out.csv(["field", "value"], view.rows)


def record_markdown(view: RecordView, out: Output) -> None:
    out.markdown_table(["field", "value"], ((name, value or NONE) for name, value in view.rows))


def record_plain(view: RecordView, out: Output) -> None:
    out.lines(f"{name}: {out.clean(value) or NONE}" for name, value in view.rows)


def record_table(view: RecordView, out: Output) -> None:
    """Field and value side by side; a value with a word (an id) wider than the value
    column goes on a line of its own, in full, below its field's name."""
    from rich.text import Text

    from vpa_cli.render.layout import Column, Layout, Row, longest_word, print_layout

    columns = [Column("field", style="bold", keep=True), Column("value", min_width=20)]
    room = out.width - max((len(name) for name, _ in view.rows), default=0) - 2
    rows = []
    for name, value in view.rows:
        text = Text(out.clean(value) or NONE)
        # Spilling helps only a word that then fits (an id); a longer URL folds anyway.
        if not room < longest_word(text) <= out.width:
            rows.append(Row([Text(name), text]))
        else:
            rows.append(Row([Text(name), Text()], extra=text, extra_column=1))
    print_layout([Layout(columns, rows, header=False)], out)


# The renderers of this module, by kind of result and format: the registry in
# vpa_cli.formats names the formats, these are the functions that write them.
RENDERERS: Renderers = {
    HITS: {
        "table": hits_table,
        "plain": hits_plain,
        "json": hits_json,
        "csv": hits_csv,
        "markdown": hits_markdown,
    },
    RECORD: {
        "table": record_table,
        "plain": record_plain,
        "json": record_json,
        "csv": record_csv,
        "markdown": record_markdown,
    },
}
