"""Rendering a timeline: events in every format, and the chart of events per period.

Every format renders each event's view (claims/view.py). Plain output is one
event per line, five tab-separated fields (date as people read it with its basis
mark, title, partner names with their roles and a note's mark, source ids with
weak ones marked, the event's id; lists joined with ", "), so `cut`, `grep` and
`head` work, and the id leads on to `vpa show` and `vpa cite`. Each field is
cleaned on its own, so no data text can add or remove a field: `clean` turns tabs
and newlines inside data into spaces.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from vpa_cli.claims.columns import header, row
from vpa_cli.claims.marks import legend
from vpa_cli.claims.view import Claims, ClaimView, Listing
from vpa_cli.formats import CHART, EVENTS, Renderers
from vpa_cli.loading.dataset import Dataset
from vpa_cli.queries.timeline import Bar, Chart, period_label, period_start
from vpa_cli.records.types import Event
from vpa_cli.render import Output, json_item

if TYPE_CHECKING:
    from rich.text import Text

    from vpa_cli.render.layout import Row, Section

HEADER = ("Date", "Title", "Partners", "Sources", "Id")
CHART_CSV_HEADER = ("period", "start", "events")
PLAIN_BAR = "#"
TABLE_BAR = "\u2588"


def _row(view: ClaimView) -> tuple[str, str, str, str, str]:
    """The human-facing fields: the date marked with its basis, the title, partners with
    their roles (a link's note marked `*`), source ids (weak ones marked), and the id."""
    return (
        view.date_text or "",
        view.headline(weak=False),
        view.partners_text(),
        view.sources_text(),
        view.id,
    )


def render_events(
    events: Sequence[Event],
    fmt: str,
    out: Output,
    dataset: Dataset | None = None,
    filters: Sequence[str] = (),
) -> None:
    """Write `events` in `fmt`, each as its claim's view (claims/view.py); `filters` name
    what chose them, for a page's heading."""
    listing = Listing(Claims(dataset or Dataset()), events, filters)
    EVENTS.renderer(out.resolve(fmt), RENDERERS)(listing, out)


def events_json(listing: Listing, out: Output) -> None:
    out.json([v.to_dict() for v in listing.views])


def json_pieces(dataset: Dataset) -> tuple[None, list[bytes]]:
    """What the dataset cache keeps (cache.DERIVED "timeline-json"): each event's item of
    `--format json`, in timeline order (queries.timeline.event_keys gives its rank)."""
    from vpa_cli.queries.timeline import sort_key

    claims = Claims(dataset)
    return None, [
        json_item(claims.of(e).to_dict()).encode("ascii")
        for e in sorted(dataset.events, key=sort_key)
    ]


def kept_json(pieces: Sequence[bytes], out: Output) -> None:
    """`--format json` of the events whose items the dataset cache kept (`json_pieces`)."""
    out.json_items([p.decode("ascii") for p in pieces])


def events_csv(listing: Listing, out: Output) -> None:
    """One column per field of an event, from its declaration (claims/columns.py)."""
    out.csv(header(Event), (row(v.record) for v in listing.views))


def events_html(listing: Listing, out: Output) -> None:
    """One self-contained, offline HTML page (see vpa_cli.page). A page is a file for a
    browser, not text for a terminal: on a terminal, vpa asks for a file instead."""
    if out.is_terminal:
        from vpa_cli.errors import UsageError

        raise UsageError(
            "--format html writes a whole web page: send it to a file, "
            "e.g. vpa timeline --format html > timeline.html, and open that in a browser"
        )
    from vpa_cli.page import render_page
    from vpa_cli.page.payload import build_payload

    out.write(render_page(build_payload(listing)))


def events_timelinejs(listing: Listing, out: Output) -> None:
    """The TimelineJS 3 JSON format (see vpa_cli.exports.timelinejs)."""
    from vpa_cli.exports.timelinejs import timelinejs

    out.json(timelinejs(listing.views))


def events_markdown(listing: Listing, out: Output) -> None:
    out.markdown_table(HEADER, (_row(v) for v in listing.views))
    marks = legend(listing.marks(claim_flag=False))
    if marks:
        out.lines(["", *(f"- {out.md(line)}" for line in marks)])


def events_plain(listing: Listing, out: Output) -> None:
    out.lines("\t".join(out.clean(field) for field in _row(v)) for v in listing.views)


def _section(event: Event) -> str:
    """The decade heading an event is listed under in the table."""
    if event.date.start is None:
        # Sorted first (its earliest day is unknown), so not under its end's decade.
        return "start unknown"
    return period_label(period_start(event.date.anchor_year, "decade"), "decade")


def events_table(listing: Listing, out: Output) -> None:
    """A table, one section per decade, opened by a row naming the decade.

    The id goes under the title (on a line of its own when the title column is
    narrower); partners and sources are one a line. When the four columns do not
    fit, sources are stacked under the partners, then dropped, with a note. The
    legend under it explains every mark the rows use."""
    claims_table(listing, out, _event_section, lambda view: view.date_text or "")


def claims_table(
    listing: Listing,
    out: Output,
    section_of: Callable[[ClaimView], str],
    when: Callable[[ClaimView], str],
) -> None:
    """The table of a listing of claims (`vpa timeline`, `vpa facts`): date, title,
    partners and sources, in the first of its shapes that fits the terminal, then the
    legend of every mark its rows use. A row naming `section_of` a claim opens each run
    of claims that share it (a decade, a kind); `when` is the date column's text."""
    views = listing.views
    if not views:
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
        return _claim_rows(views, out, shape, section_of, when)

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
    marks = legend(listing.marks(claim_flag=False))
    if marks:
        console = out.console()
        for line in marks:
            console.print(Text(out.clean(line), style="dim"))


def _event_section(view: ClaimView) -> str:
    assert isinstance(view.record, Event)
    return _section(view.record)


def _claim_rows(
    views: Sequence[ClaimView],
    out: Output,
    shape: str,
    section_of: Callable[[ClaimView], str],
    when: Callable[[ClaimView], str],
) -> list[Row | Section]:
    """The table's rows for one shape of it: partners and sources in columns of their
    own ("all"), stacked in one ("stacked"), partners only, or neither ("none")."""
    from rich.text import Text

    from vpa_cli.render.layout import Row, Section

    made: list[Row | Section] = []
    section: str | None = None
    for view in views:
        this = section_of(view)
        if this != section:
            section = this
            made.append(Section(Text(out.clean(this), style="bold magenta")))
        names = Text("\n".join(out.clean(p.shown()) for p in view.partners))
        cited = Text("\n".join(out.clean(s.shown) for s in view.sources))
        cells = [Text(out.clean(when(view))), Text(out.clean(view.headline(weak=False)))]
        if shape == "all":
            cells += [names, cited]
        elif shape == "stacked":
            # Sources under the partners, labelled: dimming alone is lost without colour.
            both = names.copy()
            if names and view.sources:
                both.append("\n")
            if view.sources:
                label = "source: " if len(view.sources) == 1 else "sources: "
                shown = ", ".join(out.clean(s.shown) for s in view.sources)
                both.append_text(Text(label + shown, style="dim"))
            cells.append(both)
        elif shape == "partners":
            cells.append(names)
        rid = Text(out.clean(view.id), style="dim")
        made.append(Row(cells, extra=rid, extra_column=1))
    return made


def render_chart(chart: Chart, fmt: str, out: Output) -> None:
    """Events per period: a bar chart for people, the counts for scripts."""
    CHART.renderer(out.resolve(fmt), RENDERERS)(chart, out)


def chart_json(chart: Chart, out: Output) -> None:
    out.json(chart.rows())


def chart_csv(chart: Chart, out: Output) -> None:
    """One row per period; with a split, a column per kind before the total."""
    split = chart.split
    out.csv(
        (*CHART_CSV_HEADER[:2], *split, CHART_CSV_HEADER[2]),
        (
            (
                b.label,
                "" if b.start is None else b.start,
                *(b.kinds.get(k, 0) for k in split),
                b.count,
            )
            for b in chart.bars
        ),
    )


def chart_markdown(chart: Chart, out: Output) -> None:
    split = chart.split
    out.markdown_table(
        ("Period", *split, "Events"),
        ((b.label, *(str(b.kinds.get(k, 0)) for k in split), str(b.count)) for b in chart.bars),
    )


def _split_text(bar: Bar, split: tuple[str, ...]) -> str:
    """`agreement 1, visit 2`: the kinds a bar holds, in the split's order."""
    return ", ".join(f"{k} {bar.kinds[k]}" for k in split if bar.kinds.get(k))


def chart_plain(chart: Chart, out: Output) -> None:
    bars = chart.bars
    if not bars:
        return
    label_w, count_w, lengths = _layout(bars, out.width)
    if chart.split:
        out.lines(
            f"{b.label:<{label_w}}  {b.count:>{count_w}}  {_split_text(b, chart.split)}".rstrip()
            for b in bars
        )
        return
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


def chart_table(chart: Chart, out: Output) -> None:
    bars = chart.bars
    if not bars:
        return
    from rich.table import Table
    from rich.text import Text

    lengths = _layout(bars, out.width)[2]
    table = Table(box=None, show_header=False, pad_edge=False, expand=False)
    table.add_column("Period", style="bold", no_wrap=True)
    table.add_column("Events", justify="right", no_wrap=True)
    if chart.split:
        # The kinds as words beside the count (`war 1, diplomacy 1`), wrapped at any width:
        # a column per kind would not fit a terminal; CSV and JSON give the columns.
        table.add_column("Kinds")
        for bar in bars:
            label, count = _chart_cells(bar, 0, out)[:2]
            table.add_row(label, count, Text(out.clean(_split_text(bar, chart.split))))
    else:
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


# The renderers of this module, by kind of result and format: the registry in
# vpa_cli.formats names the formats, these are the functions that write them.
RENDERERS: Renderers = {
    EVENTS: {
        "table": events_table,
        "plain": events_plain,
        "json": events_json,
        "csv": events_csv,
        "markdown": events_markdown,
        "html": events_html,
        "timelinejs": events_timelinejs,
    },
    CHART: {
        "table": chart_table,
        "plain": chart_plain,
        "json": chart_json,
        "csv": chart_csv,
        "markdown": chart_markdown,
    },
}
