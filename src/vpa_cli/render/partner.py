"""Rendering `vpa partner`: one partner's profile, or the list of partners."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from vpa_cli import markdown
from vpa_cli.evidence import shown_date, shown_source
from vpa_cli.formats import PARTNERS, PROFILE
from vpa_cli.model import Citation, Statement
from vpa_cli.profiles import PartnerProfile, PartnerSummary, SourceLines
from vpa_cli.render import Output

LIST_HEADER = ("id", "name", "kind", "events", "facts", "first", "last")
# CSV carries the JSON keys and raw values, for scripts.
CSV_HEADER = (
    "id",
    "name",
    "kind",
    "event_count",
    "fact_count",
    "first_year",
    "last_year",
    "open_start",
    "ongoing",
)


def heading(description: str) -> str:
    """An area's description as a heading: 'arms trade and ...' -> 'Arms trade and ...'."""
    return description[:1].upper() + description[1:]


def citation_text(c: Citation) -> str:
    return f"{c.source}:{c.line} \u201c{c.quote}\u201d"


def statement_text(s: Statement) -> str:
    """A statement with what a reader needs to weigh it: weak sources, an inferred partner."""
    text = s.text
    if s.basis == "inferred":
        text += f" [inferred: {s.note}]"
    if s.weak:
        text += " [weak source only]"
    return text


def source_label(src: SourceLines) -> str:
    return shown_source(src.source.id, src.source.weak)


def lines_text(src: SourceLines) -> str:
    """Lines that name the partner, then lines that only imply it, with how."""
    parts = [str(n) for n in src.lines]
    parts += [f"{n} (implied: {note})" for n, note in sorted(src.implied.items())]
    return ", ".join(parts)


def first_display(row: PartnerSummary) -> str:
    if row.first_year is None:
        return "-"
    return f"{row.first_year} or earlier" if row.open_start else str(row.first_year)


def last_display(row: PartnerSummary) -> str:
    """The last year; for an open range, the year of its as-of date (`2025, open`)."""
    if row.last_year is None:
        return "ongoing" if row.ongoing else "-"
    return f"{row.last_year}, open" if row.ongoing else str(row.last_year)


# ---------------------------------------------------------------- the list


def render_partner_list(rows: Sequence[PartnerSummary], fmt: str, out: Output) -> None:
    PARTNERS.renderer(out.resolve(fmt))(rows, out)


def partners_json(rows: Sequence[PartnerSummary], out: Output) -> None:
    out.json([r.to_dict() for r in rows])


def partners_csv(rows: Sequence[PartnerSummary], out: Output) -> None:
    out.csv(
        CSV_HEADER,
        (
            [str(v).lower() if isinstance(v, bool) else v for v in map(r.to_dict().get, CSV_HEADER)]
            for r in rows
        ),
    )


def _cells(rows: Sequence[PartnerSummary]) -> list[list[str]]:
    return [
        [
            r.partner.id,
            r.partner.name,
            r.partner.kind,
            str(r.event_count),
            str(r.fact_count),
            first_display(r),
            last_display(r),
        ]
        for r in rows
    ]


def partners_markdown(rows: Sequence[PartnerSummary], out: Output) -> None:
    out.markdown_table(LIST_HEADER, _cells(rows))


def partners_table(rows: Sequence[PartnerSummary], out: Output) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(*LIST_HEADER, box=None, pad_edge=False)
    for column in table.columns[3:5]:
        column.justify = "right"
    for row in _cells(rows):
        table.add_row(*(Text(out.clean(v)) for v in row))
    out.console().print(table)


def partners_plain(rows: Sequence[PartnerSummary], out: Output) -> None:
    out.lines("\t".join(out.clean(v) for v in row) for row in _cells(rows))


# ---------------------------------------------------------------- one profile


def render_profile(profile: PartnerProfile, fmt: str, out: Output) -> None:
    PROFILE.renderer(out.resolve(fmt))(profile, out)


def profile_json(profile: PartnerProfile, out: Output) -> None:
    out.json(profile.to_dict())


def profile_plain(profile: PartnerProfile, out: Output) -> None:
    out.lines(_plain(profile, out))


def profile_markdown(profile: PartnerProfile, out: Output) -> None:
    out.lines(_markdown(profile, out))


def _plain(profile: PartnerProfile, out: Output) -> Iterable[str]:
    """One record per line, tab-separated, its kind first (partner, statement, event, ...)."""

    def row(*fields: str) -> str:
        return "\t".join(out.clean(f) for f in fields)

    p = profile.partner
    yield row("partner", p.id, p.name, p.kind, ", ".join(p.aliases))
    if p.note:
        yield row("note", p.note)
    for group in profile.areas:
        for s in group.statements:
            cites = "; ".join(citation_text(c) for c in s.citations)
            yield row("statement", s.area, statement_text(s), cites)
    for e in profile.events:
        yield row("event", shown_date(e), e.id, e.kind, e.title)
    for f in profile.forums:
        yield row("forum", f.forum.id, f.forum.name, ", ".join(f.via) or "itself")
    for fact in profile.facts:
        yield row("fact", fact.id, fact.kind, fact.title)
    for src in profile.sources:
        yield row("source", source_label(src), lines_text(src), src.source.title)


def _markdown(profile: PartnerProfile, out: Output) -> Iterable[str]:
    p = profile.partner
    yield f"# {out.md(p.name)}"
    yield ""
    yield f"- **id:** {out.md(p.id)}"
    yield f"- **kind:** {out.md(p.kind)}"
    yield f"- **aliases:** {', '.join(out.md(a) for a in p.aliases) or 'none'}"
    if p.note:
        yield f"- **note:** {out.md(p.note)}"
    yield ""
    yield "## What the sources say"
    yield ""
    if not profile.areas:
        yield "None in the dataset."
        yield ""
    for group in profile.areas:
        yield f"### {out.md(heading(group.description))}"
        yield ""
        for s in group.statements:
            yield f"- {markdown.escape_line_start(out.md(statement_text(s)))}"
            for c in s.citations:
                quote = out.md(f"\u201c{c.quote}\u201d")
                yield f"  - {out.md(c.source)}, line {c.line}: {quote}"
        yield ""

    def table(title: str, header: tuple[str, ...], rows: list[list[str]]) -> Iterable[str]:
        yield f"## {title}"
        yield ""
        if rows:
            yield from markdown.table(header, ([out.md(v) for v in r] for r in rows))
        else:
            yield "None in the dataset."
        yield ""

    yield from table(
        "Timeline",
        ("date", "event", "kind", "id"),
        [[shown_date(e), e.title, e.kind, e.id] for e in profile.events],
    )
    yield from table(
        "Forums where Vietnam meets it",
        ("forum", "id", "via"),
        [[f.forum.name, f.forum.id, ", ".join(f.via) or "itself"] for f in profile.forums],
    )
    yield from table(
        "Facts",
        ("id", "kind", "title"),
        [[f.id, f.kind, f.title] for f in profile.facts],
    )
    # The last section ends the document: no trailing blank line.
    *body, _ = table(
        "Sources",
        ("source", "lines", "title"),
        [[source_label(s), lines_text(s), s.source.title] for s in profile.sources],
    )
    yield from body


def profile_table(profile: PartnerProfile, out: Output) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    console = out.console()
    p = profile.partner

    def section(title: str) -> None:
        console.print()
        console.print(Text(title, style="bold underline"))

    def none() -> None:
        console.print(Text("none in the dataset", style="dim"))

    def grid(*columns: str) -> Table:
        return Table(*columns, box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)

    title = Text(out.clean(p.name), style="bold")
    title.append(out.clean(f"  {p.id} \u00b7 {p.kind}"), style="dim")
    console.print(title)
    if p.aliases:
        console.print(Text("also: " + out.clean(", ".join(p.aliases))))
    if p.note:
        console.print(Text(out.clean(p.note), style="italic"))

    section("What the sources say")
    if not profile.areas:
        none()
    else:
        # One table for every area keeps the columns aligned; areas are section rows.
        table = grid("statement", "citations")
        for group in profile.areas:
            table.add_row(Text(out.clean(heading(group.description)), style="bold"), "")
            for i, s in enumerate(group.statements, 1):
                cites = "\n".join(out.clean(citation_text(c)) for c in s.citations)
                table.add_row(
                    Text(out.clean(statement_text(s))),
                    Text(cites, style="dim"),
                    end_section=i == len(group.statements),
                )
        console.print(table)

    section("Timeline")
    if profile.events:
        table = grid("date", "event", "kind")
        for e in profile.events:
            table.add_row(*(Text(out.clean(v)) for v in (shown_date(e), e.title, e.kind)))
        console.print(table)
    else:
        none()

    section("Forums where Vietnam meets it")
    if profile.forums:
        table = grid("forum", "via")
        for f in profile.forums:
            via = ", ".join(f.via) or "itself"
            table.add_row(Text(out.clean(f.forum.name)), Text(out.clean(via)))
        console.print(table)
    else:
        none()

    section("Facts")
    if profile.facts:
        table = grid("fact", "kind", "title")
        for fact in profile.facts:
            table.add_row(*(Text(out.clean(v)) for v in (fact.id, fact.kind, fact.title)))
        console.print(table)
    else:
        none()

    section("Sources")
    table = grid("source", "lines", "title")
    for src in profile.sources:
        cells = (source_label(src), lines_text(src), src.source.title)
        table.add_row(*(Text(out.clean(v)) for v in cells))
    console.print(table)
