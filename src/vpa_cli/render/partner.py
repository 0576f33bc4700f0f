"""Rendering `vpa partner`: one partner's profile, or the list of partners."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from vpa_cli import markdown
from vpa_cli.claims.marks import NOTE_MARK, WEAK, legend, weak_source
from vpa_cli.claims.view import CitationView, ClaimView
from vpa_cli.formats import PARTNERS, PROFILE, Renderers
from vpa_cli.queries.partner import ForumLink, PartnerProfile, PartnerSummary, Related, SourceLines
from vpa_cli.render import Output

if TYPE_CHECKING:
    from rich.text import Text

    from vpa_cli.render.layout import Layout

LIST_HEADER = ("id", "name", "kind", "events", "facts", "statements", "first", "last")
# CSV carries the JSON keys and raw values, for scripts.
CSV_HEADER = (
    "id",
    "name",
    "kind",
    "event_count",
    "fact_count",
    "statement_count",
    "first_year",
    "last_year",
    "open_start",
    "ongoing",
)


def heading(description: str) -> str:
    """An area's description as a heading: 'arms trade and ...' -> 'Arms trade and ...'."""
    return description[:1].upper() + description[1:]


def citation_text(c: CitationView) -> str:
    """A quote with its place, as every output writes it."""
    return f"{c.cited}: \u201c{c.quote}\u201d"


def statement_text(s: ClaimView) -> str:
    """A statement with what a reader needs to weigh it: weak sources, an inferred partner."""
    text = s.title
    if s.inferred_note:
        text += f" [inferred: {s.inferred_note}]"
    return text + s.weak_text + s.contradicted_text


def claim_title(view: ClaimView) -> str:
    """An event's or fact's title, flagged when it rests only on weak sources or is
    contradicted."""
    return view.headline()


def role_text(profile: PartnerProfile, view: ClaimView) -> str:
    """The partner's part in an event or fact: its role and basis, and its note in full."""
    link = profile.link(view)
    if link is None:
        return ""
    parts = ", ".join(link.parts)
    if link.note:
        return f"{parts}: {link.note}" if parts else link.note
    return parts


def forum_via(f: ForumLink) -> str:
    """The records that place Vietnam at a forum with the partner, or why it is listed."""
    parts = ["hosts it"] if f.hosts else []
    parts += f.via
    return ", ".join(parts) or "itself"


def related_text(r: Related) -> str:
    """`2 events (vpa partner soviet-union)`, then the relation's basis and note."""
    events = f"{r.events} event{'' if r.events == 1 else 's'} (vpa partner {r.partner.id})"
    note = f"; {r.basis}: {r.note}" if r.note else f"; {r.basis}"
    return events + note


def source_label(src: SourceLines) -> str:
    return weak_source(src.source.id) if src.source.weak else src.source.id


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
    PARTNERS.renderer(out.resolve(fmt), RENDERERS)(rows, out)


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
            str(r.statement_count),
            first_display(r),
            last_display(r),
        ]
        for r in rows
    ]


def partners_markdown(rows: Sequence[PartnerSummary], out: Output) -> None:
    out.markdown_table(LIST_HEADER, _cells(rows))


def partners_table(rows: Sequence[PartnerSummary], out: Output) -> None:
    """The list; ids are never narrowed, names and kinds wrap between words."""
    from rich.text import Text

    from vpa_cli.render.layout import Column, Layout, Row, print_layout

    columns = [
        Column("id", keep=True),
        Column("name", min_width=10, weight=2),
        Column("kind", keep=True),
        Column("events", justify="right", min_width=1),
        Column("facts", justify="right", min_width=1),
        Column("statements", justify="right", min_width=1),
        Column("first", min_width=4),
        Column("last", min_width=4),
    ]
    cells = [Row([Text(out.clean(v)) for v in row]) for row in _cells(rows)]
    # Narrower, the kind goes under the name and the years share a column.
    stacked = [
        Column("id", keep=True),
        Column("name, kind", min_width=10, weight=2),
        Column("events", justify="right", min_width=1),
        Column("facts", justify="right", min_width=1),
        Column("state-\nments", justify="right", min_width=1),
        Column("years", min_width=5),
    ]
    # Narrowest, the years go under the kind, and each count says what it counts.
    narrowest = [
        Column("id", keep=True),
        Column("name, kind, years", min_width=10, weight=2),
        Column("records", keep=True),
    ]
    narrow, tightest = [], []
    for pid, name, kind, events, facts, statements, first, last in _cells(rows):
        who = Text(out.clean(name))
        who.append("\n" + out.clean(kind), style="dim")
        years = first if first == last else f"{first}\u2013{last}"
        counts = [Text(events), Text(facts), Text(statements)]
        narrow.append(Row([Text(out.clean(pid)), who, *counts, Text(out.clean(years))]))
        when = who.copy()
        when.append("\n" + out.clean(years))
        counted = "\n".join(
            f"{n}\u00a0{noun}{'' if n == '1' else 's'}"
            for n, noun in ((events, "event"), (facts, "fact"), (statements, "statement"))
        )
        tightest.append(Row([Text(out.clean(pid)), when, Text(counted)]))
    print_layout(
        [
            Layout(columns, cells, rule=False),
            Layout(stacked, narrow, rule=False),
            Layout(narrowest, tightest, rule=False),
        ],
        out,
    )


def partners_plain(rows: Sequence[PartnerSummary], out: Output) -> None:
    out.lines("\t".join(out.clean(v) for v in row) for row in _cells(rows))


# ---------------------------------------------------------------- one profile


def render_profile(profile: PartnerProfile, fmt: str, out: Output) -> None:
    PROFILE.renderer(out.resolve(fmt), RENDERERS)(profile, out)


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
            yield row("statement", group.area, statement_text(s), cites)
    for e in profile.events:
        kind = e.kind
        yield row("event", e.date_text or "", e.id, kind, claim_title(e), role_text(profile, e))
    for f in profile.forums:
        yield row("forum", f.forum.id, f.forum.name, forum_via(f))
    for r in profile.related:
        yield row("related", r.partner.id, r.partner.name, r.relation, related_text(r))
    for fact in profile.facts:
        yield row("fact", fact.id, fact.kind, claim_title(fact), role_text(profile, fact))
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
                yield f"  - {out.md(citation_text(c))}"
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
        ("date", "event", "kind", "role", "id"),
        [
            [e.date_text or "", claim_title(e), e.kind, role_text(profile, e), e.id]
            for e in profile.events
        ],
    )
    yield from table(
        "Forums where Vietnam meets it",
        ("forum", "id", "via"),
        [[f.forum.name, f.forum.id, forum_via(f)] for f in profile.forums],
    )
    yield from table(
        "Related partners",
        ("partner", "id", "relation", "events and basis"),
        [[r.partner.name, r.partner.id, r.relation, related_text(r)] for r in profile.related],
    )
    yield from table(
        "Facts",
        ("id", "kind", "title", "role"),
        [[f.id, f.kind, claim_title(f), role_text(profile, f)] for f in profile.facts],
    )
    # The last section ends the document: no trailing blank line.
    *body, _ = table(
        "Sources",
        ("source", "lines", "title"),
        [[source_label(s), lines_text(s), s.source.title] for s in profile.sources],
    )
    yield from body
    marks = legend(profile_marks(profile))
    if marks:
        yield ""
        yield from (f"- {out.md(line)}" for line in marks)


def profile_table(profile: PartnerProfile, out: Output) -> None:
    from rich.text import Text

    from vpa_cli.render.layout import print_layout

    console = out.console()
    p = profile.partner
    title = Text(out.clean(p.name), style="bold")
    title.append(out.clean(f"  {p.id} \u00b7 {p.kind}"), style="dim")
    console.print(title)
    if p.aliases:
        console.print(Text("also: " + out.clean(", ".join(p.aliases))))
    if p.note:
        console.print(Text(out.clean(p.note), style="italic"))
    sections = (
        ("What the sources say", _statement_layouts),
        ("Timeline", _event_layouts),
        ("Forums where Vietnam meets it", _forum_layouts),
        ("Related partners", _related_layouts),
        ("Facts", _fact_layouts),
        ("Sources", _source_layouts),
    )
    for heading_text, layouts_of in sections:
        console.print()
        console.print(Text(heading_text, style="bold underline"))
        layouts = layouts_of(profile, _Texts(out))
        if layouts:
            print_layout(layouts, out)
        else:
            console.print(Text("none in the dataset", style="dim"))
    marks = legend(profile_marks(profile))
    if marks:
        console.print()
        for line in marks:
            console.print(Text(out.clean(line), style="dim"))


def profile_marks(profile: PartnerProfile) -> set[str]:
    """The legend's keys a profile uses: its dates' marks, weak flags, weak sources.
    (Link notes are given in full, so their mark is not used.)"""
    claims = [*profile.events, *profile.facts, *(s for a in profile.areas for s in a.statements)]
    used = set().union(*(c.marks() for c in claims)) - {NOTE_MARK}
    if any(s.source.weak for s in profile.sources):
        used.add(f"({WEAK})")
    return used


class _Texts:
    """Data text cleaned for the output, as rich Text (never markup)."""

    def __init__(self, out: Output) -> None:
        self.out = out

    def __call__(self, value: str, style: str = "") -> Text:
        from rich.text import Text

        return Text(self.out.clean(value), style=style)

    def lines(self, values: Iterable[str], style: str = "") -> Text:
        """One value a line (`clean` would turn the newlines between them into spaces)."""
        from rich.text import Text

        return Text("\n".join(self.out.clean(v) for v in values), style=style)


def _statement_layouts(profile: PartnerProfile, text: _Texts) -> list[Layout]:
    """One table for every area keeps the columns aligned; areas are section rows.
    A citation's "source:line" is one word, so it is never broken."""
    from vpa_cli.render.layout import Column, Layout, Row, Section

    if not profile.areas:
        return []
    statements: list[Row | Section] = []
    for group in profile.areas:
        statements.append(Section(text(heading(group.description), "bold")))
        for n, s in enumerate(group.statements, 1):
            # Each citation's source and place on a line, its quote from the next, and a
            # blank line before the next citation or statement: without colour nothing
            # else parts them.
            lines: list[str] = []
            for c in s.citations:
                lines += [""] if lines else []
                lines += [c.cited + ":", f"\u201c{c.quote}\u201d"]
            if n < len(group.statements):
                lines.append("")
            cites = text.lines(lines, "dim")
            statements.append(Row([text(statement_text(s)), cites]))
    columns = [Column("statement", min_width=20), Column("citations", min_width=24)]
    return [Layout(columns, statements)]


def _event_layouts(profile: PartnerProfile, text: _Texts) -> list[Layout]:
    """The event's id under its title, as in `vpa timeline`: what `vpa show` takes."""
    from vpa_cli.render.layout import Column, Layout, Row

    if not profile.events:
        return []
    events = [
        Row(
            [
                text(e.date_text or ""),
                text(claim_title(e)),
                text(e.kind),
                text(role_text(profile, e)),
            ],
            extra=text(e.id, "dim"),
            extra_column=1,
        )
        for e in profile.events
    ]
    columns = [
        Column("date", style="cyan"),
        Column("event", min_width=20, weight=2),
        Column("kind", min_width=8),
        Column("role", min_width=10, weight=2),
    ]
    return [Layout(columns, events)]


def _forum_layouts(profile: PartnerProfile, text: _Texts) -> list[Layout]:
    from vpa_cli.render.layout import Column, Layout, Row

    if not profile.forums:
        return []
    forums = [
        Row(
            [text(f.forum.name), text.lines(forum_via(f).split(", "))],
            extra=text(f.forum.id, "dim"),
        )
        for f in profile.forums
    ]
    columns = [Column("forum", min_width=20, weight=2), Column("via", keep=True)]
    return [Layout(columns, forums)]


def _related_layouts(profile: PartnerProfile, text: _Texts) -> list[Layout]:
    from vpa_cli.render.layout import Column, Layout, Row

    if not profile.related:
        return []
    rows = [
        Row(
            [text(r.partner.name), text(r.relation), text(related_text(r))],
            extra=text(r.partner.id, "dim"),
        )
        for r in profile.related
    ]
    columns = [
        Column("partner", min_width=12),
        Column("relation", keep=True),
        Column("events and basis", min_width=20, weight=2),
    ]
    return [Layout(columns, rows)]


def _fact_layouts(profile: PartnerProfile, text: _Texts) -> list[Layout]:
    """Wide: fact, kind, title; narrower, the kind goes under the fact's id."""
    from rich.text import Text

    from vpa_cli.render.layout import Column, Layout, Row

    if not profile.facts:
        return []

    def title(f: ClaimView) -> Text:
        role = role_text(profile, f)
        shown = text(claim_title(f))
        if role:
            shown.append_text(text("\nrole: " + role, "dim"))
        return shown

    facts = [Row([text(f.id), text(f.kind), title(f)]) for f in profile.facts]
    columns = [
        Column("fact", keep=True),
        Column("kind", keep=True),
        Column("title", min_width=24, weight=2),
    ]
    stacked = [
        Row([Text.assemble(text(f.id), "\n", text(f.kind, "dim")), title(f)]) for f in profile.facts
    ]
    narrow = [Column("fact, kind", keep=True), Column("title", min_width=16)]
    return [Layout(columns, facts), Layout(narrow, stacked)]


def _source_layouts(profile: PartnerProfile, text: _Texts) -> list[Layout]:
    """Wide: source, lines, title; narrower, the title goes above the lines."""
    from rich.text import Text

    from vpa_cli.render.layout import Column, Layout, Row

    if not profile.sources:
        return []
    sources = [
        Row([text(source_label(s)), text(lines_text(s)), text(s.source.title)])
        for s in profile.sources
    ]
    columns = [
        Column("source", keep=True),
        Column("lines", min_width=24),
        Column("title", min_width=24),
    ]
    stacked = [
        Row(
            [
                text(source_label(s)),
                Text.assemble(text(s.source.title), "\n", text(lines_text(s), "dim")),
            ]
        )
        for s in profile.sources
    ]
    narrow = [Column("source", keep=True), Column("title, lines", min_width=16)]
    return [Layout(columns, sources), Layout(narrow, stacked)]


# The renderers of this module, by kind of result and format: the registry in
# vpa_cli.formats names the formats, these are the functions that write them.
RENDERERS: Renderers = {
    PARTNERS: {
        "table": partners_table,
        "plain": partners_plain,
        "json": partners_json,
        "csv": partners_csv,
        "markdown": partners_markdown,
    },
    PROFILE: {
        "table": profile_table,
        "plain": profile_plain,
        "json": profile_json,
        "markdown": profile_markdown,
    },
}
