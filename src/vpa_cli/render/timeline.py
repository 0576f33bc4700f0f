"""Rendering a timeline: events in every format, and the chart of events per period.

Plain output is one event per line, five tab-separated fields (date as people
read it with its basis mark, title, partner names with their roles, source ids
with weak ones marked, the event's id; lists joined with ", "), so `cut`, `grep`
and `head` work, and the id leads on to `vpa show` and `vpa cite`. Each field is
cleaned on its own, so no data text can add or remove a field: `clean` turns tabs
and newlines inside data into spaces.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from vpa_cli.evidence import LEGEND, shown_date, shown_partner, shown_source
from vpa_cli.formats import CHART, EVENTS
from vpa_cli.model import Dataset, Event, PartnerLink
from vpa_cli.render import Output
from vpa_cli.timeline import Bar, anchor_year, period_label, period_start

if TYPE_CHECKING:
    from rich.text import Text

    from vpa_cli.render.layout import Row, Section

CSV_HEADER = (
    "date",
    "date_basis",
    "start",
    "end",
    "as_of",
    "id",
    "title",
    "kind",
    "partners",
    "partner_roles",
    "inferred_partners",
    "sources",
    "weak",
    "source_date",
)
HEADER = ("Date", "Title", "Partners", "Sources", "Id")
CHART_CSV_HEADER = ("period", "start", "events")
PLAIN_BAR = "#"
TABLE_BAR = "\u2588"


def event_sources(event: Event) -> list[str]:
    """Source ids in the order the event cites them, each once."""
    return list(dict.fromkeys(c.source for c in event.citations))


def _partners(event: Event, dataset: Dataset) -> str:
    partners = dataset.partners
    return ", ".join(
        shown_partner(p, partners[p.id].name if p.id in partners else p.id) for p in event.partners
    )


def _sources(event: Event, dataset: Dataset) -> str:
    sources = dataset.sources
    return ", ".join(
        shown_source(sid, sid in sources and sources[sid].weak) for sid in event_sources(event)
    )


def _row(event: Event, dataset: Dataset) -> tuple[str, str, str, str, str]:
    """The human-facing fields: the date marked with its basis, the title, partner names
    with their roles, source ids (weak ones marked), and the event's id."""
    return (
        shown_date(event),
        event.title,
        _partners(event, dataset),
        _sources(event, dataset),
        event.id,
    )


def render_events(
    events: Sequence[Event], fmt: str, out: Output, dataset: Dataset | None = None
) -> None:
    """Write `events` in `fmt`; the dataset gives partner names and which sources are weak."""
    EVENTS.renderer(out.resolve(fmt))(events, out, dataset or Dataset())


def events_json(events: Sequence[Event], out: Output, dataset: Dataset) -> None:
    out.json([e.to_dict() for e in events])


def events_csv(events: Sequence[Event], out: Output, dataset: Dataset) -> None:
    """Ids and raw values, for scripts: the date as written with its basis, its first and
    last day as ISO dates (an open range runs to its as-of date), partner and source ids."""
    out.csv(CSV_HEADER, (_csv_row(e) for e in events))


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _csv_row(e: Event) -> tuple[str, ...]:
    start, end = e.span
    return (
        e.date.text,
        e.date_basis,
        _iso(start),
        _iso(end),
        e.until.text if e.until is not None and e.date.end is None else "",
        e.id,
        e.title,
        e.kind,
        ";".join(e.partner_ids),
        ";".join(f"{p.id}:{p.role or ''}" for p in e.partners),
        ";".join(p.id for p in e.partners if p.basis == "inferred"),
        ";".join(event_sources(e)),
        "true" if e.weak else "false",
        e.source_date.text if e.source_date is not None else "",
    )


def events_html(events: Sequence[Event], out: Output, dataset: Dataset) -> None:
    """One self-contained, offline HTML page (see vpa_cli.page)."""
    from vpa_cli.page import render_page
    from vpa_cli.page.payload import build_payload

    out.write(render_page(build_payload(events, dataset, f"vpa: {len(events)} events")))


def events_timelinejs(events: Sequence[Event], out: Output, dataset: Dataset) -> None:
    """The TimelineJS 3 JSON format (see vpa_cli.exports.timelinejs)."""
    from vpa_cli.exports.timelinejs import timelinejs

    out.json(timelinejs(events, dataset))


def events_markdown(events: Sequence[Event], out: Output, dataset: Dataset) -> None:
    out.markdown_table(HEADER, (_row(e, dataset) for e in events))


def events_plain(events: Sequence[Event], out: Output, dataset: Dataset) -> None:
    out.lines("\t".join(out.clean(field) for field in _row(e, dataset)) for e in events)


def _section(event: Event) -> str:
    """The decade heading an event is listed under in the table."""
    if event.date.start is None:
        # Sorted first (its earliest day is unknown), so not under its end's decade.
        return "start unknown"
    return period_label(period_start(anchor_year(event), "decade"), "decade")


def events_table(events: Sequence[Event], out: Output, dataset: Dataset) -> None:
    """A table, one section per decade, opened by a row naming the decade.

    The id goes under the title (on a line of its own when the title column is
    narrower); partners and sources are one a line. When the four columns do not
    fit, sources are stacked under the partners, then dropped, with a note."""
    if not events:
        return
    from rich.text import Text

    from vpa_cli.render.layout import Column, Layout, print_layout

    date = Column("Date", style="cyan", min_width=10)
    # Four columns only while the title keeps room to read; narrower, they stack.
    wide_title = Column("Title", min_width=28, weight=2)
    title = Column("Title", min_width=20, weight=2)
    partners = Column("Partners", style="green", min_width=12)
    sources = Column("Sources", style="dim", keep=True)
    stacked = Column("Partners, sources", style="green", keep=True)

    def rows(shape: str) -> list[Row | Section]:
        return _event_rows(events, out, dataset, shape)

    dropped = "{} column left out at {} columns: --format plain or `vpa show ID` show {}"
    print_layout(
        [
            Layout([date, wide_title, partners, sources], rows("all")),
            Layout([date, title, stacked], rows("stacked")),
            Layout(
                [date, title, partners],
                rows("partners"),
                note=dropped.format("Sources", out.width, "them"),
            ),
            Layout(
                [date, title],
                rows("none"),
                note=dropped.format("Partners and Sources", out.width, "them"),
            ),
        ],
        out,
    )
    # A legend when some date carries a mark (its basis is not `stated`) or some source is weak.
    if any(e.date_basis != "stated" or e.weak for e in events):
        out.console().print(
            Text(out.clean(LEGEND + "; (weak): an unsigned, undated source"), style="dim")
        )


def _event_rows(
    events: Sequence[Event], out: Output, dataset: Dataset, shape: str
) -> list[Row | Section]:
    """The table's rows for one shape of it: partners and sources in columns of their
    own ("all"), stacked in one ("stacked"), partners only, or neither ("none")."""
    from rich.text import Text

    from vpa_cli.render.layout import Row, Section

    made: list[Row | Section] = []
    section: str | None = None
    for event in events:
        this = _section(event)
        if this != section:
            section = this
            made.append(Section(Text(this, style="bold magenta")))
        names = Text("\n".join(out.clean(_partner(p, dataset)) for p in event.partners))
        cited = Text("\n".join(out.clean(s) for s in _source_list(event, dataset)))
        cells = [Text(out.clean(shown_date(event))), Text(out.clean(event.title))]
        if shape == "all":
            cells += [names, cited]
        elif shape == "stacked":
            both = names.copy()
            if names and cited:
                both.append("\n")
            both.append_text(Text(cited.plain, style="dim"))
            cells.append(both)
        elif shape == "partners":
            cells.append(names)
        rid = Text(out.clean(event.id), style="dim")
        made.append(Row(cells, extra=rid, extra_column=1))
    return made


def _partner(link: PartnerLink, dataset: Dataset) -> str:
    partners = dataset.partners
    return shown_partner(link, partners[link.id].name if link.id in partners else link.id)


def _source_list(event: Event, dataset: Dataset) -> list[str]:
    sources = dataset.sources
    return [shown_source(sid, sid in sources and sources[sid].weak) for sid in event_sources(event)]


def render_chart(bars: Sequence[Bar], fmt: str, out: Output) -> None:
    """Events per period: a bar chart for people, the counts for scripts."""
    CHART.renderer(out.resolve(fmt))(bars, out)


def chart_json(bars: Sequence[Bar], out: Output) -> None:
    out.json([b.to_dict() for b in bars])


def chart_csv(bars: Sequence[Bar], out: Output) -> None:
    out.csv(
        CHART_CSV_HEADER, ((b.label, "" if b.start is None else b.start, b.count) for b in bars)
    )


def chart_markdown(bars: Sequence[Bar], out: Output) -> None:
    out.markdown_table(("Period", "Events"), ((b.label, str(b.count)) for b in bars))


def chart_plain(bars: Sequence[Bar], out: Output) -> None:
    if not bars:
        return
    label_w, count_w, lengths = _layout(bars, out.width)
    out.lines(
        f"{b.label:<{label_w}}  {b.count:>{count_w}}  {PLAIN_BAR * n}".rstrip()
        for b, n in zip(bars, lengths, strict=True)
    )


def _layout(bars: Sequence[Bar], width: int) -> tuple[int, int, list[int]]:
    """Column widths and bar lengths: one character per event, scaled down to fit `width`."""
    label_w = max(len(b.label) for b in bars)
    count_w = max(len(str(b.count)) for b in bars)
    room = max(10, width - label_w - count_w - 6)
    top = max(b.count for b in bars)
    if top <= room:
        return label_w, count_w, [b.count for b in bars]
    # Scaled, a non-empty period keeps at least one character so it never looks empty.
    return label_w, count_w, [max(1, round(b.count * room / top)) if b.count else 0 for b in bars]


def chart_table(bars: Sequence[Bar], out: Output) -> None:
    if not bars:
        return
    from rich.table import Table

    lengths = _layout(bars, out.width)[2]
    table = Table(box=None, show_header=False, pad_edge=False, expand=False)
    table.add_column("Period", style="bold", no_wrap=True)
    table.add_column("Events", justify="right", no_wrap=True)
    table.add_column("Bar", no_wrap=True)
    for bar, n in zip(bars, lengths, strict=True):
        table.add_row(*_chart_cells(bar, n, out))
    out.console().print(table)


def _chart_cells(bar: Bar, length: int, out: Output) -> tuple[Text, Text, Text]:
    from rich.text import Text

    return (
        Text(bar.label),
        Text(str(bar.count)),
        Text(out.clean(TABLE_BAR * length), style="cyan"),
    )
