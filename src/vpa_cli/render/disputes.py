"""Rendering `vpa disputes`: each dispute with both sides and their places."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from vpa_cli.formats import DISPUTES, Renderers
from vpa_cli.render import Output

if TYPE_CHECKING:
    from vpa_cli.queries.disputes import Dispute

CSV_HEADER = (
    "kind",
    "id",
    "type",
    "title",
    "field",
    "standing",
    "ours",
    "ours_where",
    "theirs",
    "theirs_where",
)


def render_disputes(disputes: Sequence[Dispute], fmt: str, out: Output) -> None:
    DISPUTES.renderer(out.resolve(fmt), RENDERERS)(disputes, out)


def _row(d: Dispute) -> tuple[str, ...]:
    return (
        d.kind,
        d.id,
        d.claim.type,
        d.claim.title,
        d.field,
        d.claim.standing,
        d.ours.says,
        "; ".join(d.ours.where),
        d.theirs.says,
        "; ".join(d.theirs.where),
    )


def disputes_json(disputes: Sequence[Dispute], out: Output) -> None:
    out.json([d.to_dict() for d in disputes])


def disputes_csv(disputes: Sequence[Dispute], out: Output) -> None:
    out.csv(CSV_HEADER, (_row(d) for d in disputes))


def disputes_plain(disputes: Sequence[Dispute], out: Output) -> None:
    """One dispute per line: kind, id, field, what the dataset says, what the other side
    says and where, tab-separated."""
    out.lines(
        "\t".join(
            out.clean(v)
            for v in (d.kind, d.id, d.field, d.ours.says, d.theirs.says, "; ".join(d.theirs.where))
        )
        for d in disputes
    )


def _blocks(d: Dispute) -> list[tuple[str, str]]:
    rows = [("dataset", d.ours.says)]
    rows += [("", where) for where in d.ours.where]
    rows += [("other side", d.theirs.says)]
    rows += [("", where) for where in d.theirs.where]
    return rows


def disputes_markdown(disputes: Sequence[Dispute], out: Output) -> None:
    lines: list[str] = []
    for d in disputes:
        if lines:
            lines.append("")
        lines += [f"## {out.md(d.id)} ({out.md(d.kind)}, {out.md(d.field)})", ""]
        lines.append(f"- **The dataset:** {out.md(d.ours.says)}")
        lines += [f"  - {out.md(w)}" for w in d.ours.where]
        lines.append(f"- **The other side:** {out.md(d.theirs.says)}")
        lines += [f"  - {out.md(w)}" for w in d.theirs.where]
    out.lines(lines)


def disputes_table(disputes: Sequence[Dispute], out: Output) -> None:
    """Per dispute, a heading (id, kind, field), then what each side says and where."""
    if not disputes:
        return
    from rich.text import Text

    from vpa_cli.render.layout import Column, Layout, Row, Section, print_layout

    rows: list[Row | Section] = []
    for d in disputes:
        head = Text(out.clean(d.id), style="bold")
        head.append(out.clean(f"  {d.kind} \u00b7 {d.field}"), style="dim")
        rows.append(Section(head))
        for label, text in _blocks(d):
            rows.append(Row([Text(label, style="bold"), Text(out.clean(text))]))
    columns = [Column("side", keep=True), Column("what it says, and where", min_width=20)]
    print_layout([Layout(columns, rows, header=False)], out)


# The renderers of this module, by kind of result and format: the registry in
# vpa_cli.formats names the formats, these are the functions that write them.
RENDERERS: Renderers = {
    DISPUTES: {
        "table": disputes_table,
        "plain": disputes_plain,
        "json": disputes_json,
        "csv": disputes_csv,
        "markdown": disputes_markdown,
    },
}
