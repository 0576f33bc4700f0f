"""`vpa timeline`: its options, then parse, query, render."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from vpa_cli.completion import (
    complete_kind,
    complete_partner,
    complete_source,
)
from vpa_cli.formats import CHART, EVENTS, TimelineFormat
from vpa_cli.options import DataOpt, FormatOpt, NoColorOpt, NoPagerOpt, StandingOpt, WeakOpt
from vpa_cli.records.vocab import EVENT_KINDS


def _many(name: str, short: str, metavar: str, help: str, **extra: Any) -> Any:
    return typer.Option(name, short, metavar=metavar, help=help, show_default=False, **extra)


FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="DATE",
        help="Events from this date on: 1995, 1995-07, 1995-07-12, 'March 2015', "
        "'2 Mar 2015'. Read at the precision typed: 'March 2015' starts on 1 March.",
        show_default=False,
    ),
]
ToOpt = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="DATE",
        help="Events up to this date, read at the precision typed: 2015 runs through "
        "31 December 2015.",
        show_default=False,
    ),
]
StrictOpt = Annotated[
    bool,
    typer.Option(
        "--strict",
        help="Only events whose whole date range lies inside --from/--to. By default an "
        "event matches when any day of it does: '1995' is inside 1995-07-12..1995-07-12.",
    ),
]
PartnerOpt = Annotated[
    list[str] | None,
    _many(
        "--partner",
        "-p",
        "NAME",
        "Only events with this partner: id, name or alias, e.g. us, USA, 'United States' "
        "(repeatable: any of them).",
        autocompletion=complete_partner,
    ),
]
KindOpt = Annotated[
    list[str] | None,
    _many(
        "--kind",
        "-k",
        "KIND",
        "Only events of this kind (repeatable: any of them): " + ", ".join(EVENT_KINDS) + ".",
        autocompletion=complete_kind,
    ),
]
SourceOpt = Annotated[
    list[str] | None,
    _many(
        "--source",
        "-s",
        "ID",
        "Only events citing this source (repeatable: any of them).",
        autocompletion=complete_source,
    ),
]
ContainsOpt = Annotated[
    list[str] | None,
    _many(
        "--contains",
        "-c",
        "TEXT",
        "Only events whose title, summary or quotes contain TEXT, ignoring case, accents "
        "and apostrophe style (repeatable: any of them).",
    ),
]
LimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit", "-n", metavar="N", help="At most N events (0: no limit).", show_default=False
    ),
]
ReverseOpt = Annotated[
    bool, typer.Option("--reverse", "-r", help="Newest first (with --limit: the newest N).")
]
ChartOpt = Annotated[
    bool, typer.Option("--chart", help="A bar chart of the matching events per decade or year.")
]
ByOpt = Annotated[
    str | None,
    typer.Option(
        "--by", metavar="decade|year", help="Bars of --chart (default decade).", show_default=False
    ),
]
SplitOpt = Annotated[
    str | None,
    typer.Option(
        "--split",
        metavar="kind",
        help="Count each bar of --chart by kind too (a column per kind in CSV, a row per "
        "period and kind in JSON): the numbers of a stacked chart.",
        show_default=False,
    ),
]


def timeline(
    date_from: FromOpt = None,
    date_to: ToOpt = None,
    strict: StrictOpt = False,
    partner: PartnerOpt = None,
    kind: KindOpt = None,
    source: SourceOpt = None,
    contains: ContainsOpt = None,
    standing: StandingOpt = None,
    weak: WeakOpt = None,
    limit: LimitOpt = None,
    reverse: ReverseOpt = False,
    draw: ChartOpt = False,
    by: ByOpt = None,
    split: SplitOpt = None,
    data: DataOpt = None,
    fmt: FormatOpt[TimelineFormat] = "auto",
    no_color: NoColorOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """The chronology of events, with filters.

    Filter by date window, partner, kind, source or text. Different filters
    narrow (all must hold); a repeated filter widens (any of its values). An
    event is in the --from/--to window when any day of its date is (--strict:
    every day). Piped, each event is one line of five tab-separated fields:
    date, title, partners, sources, id. Marks: † a date supplied from outside
    the sources, ‡ one derived from them, * a partner link with a note, (weak)
    a source assessed as weak; `vpa show ID` gives the notes.

    \b
    Examples:
      vpa timeline --from 1995 --to 2015
      vpa timeline --partner us --partner china --kind war
      vpa timeline --contains peacekeeping --format csv
      vpa timeline --reverse --limit 5
      vpa timeline --chart --by year --from 2010
      vpa timeline --chart --split kind --format csv
    """
    from vpa_cli.loading.reading import load_dataset
    from vpa_cli.queries.timeline import (
        build_query,
        chart,
        chart_period,
        chart_split,
        kept_json,
        no_events_reason,
        related_hints,
        select_events,
    )
    from vpa_cli.render import Output, note
    from vpa_cli.render.timeline import kept_json as write_kept_json
    from vpa_cli.render.timeline import render_chart, render_events

    period = chart_period(draw, by)
    split_by = chart_split(split, period)
    (CHART if period else EVENTS).require(fmt)
    dataset = load_dataset(data or [])
    query = build_query(
        dataset, date_from=date_from, date_to=date_to, partners=partner or (), kinds=kind or (),
        sources=source or (), contains=contains or (), standings=standing or (), weak=weak,
        strict=strict, reverse=reverse, limit=limit,
    )  # fmt: skip
    out = Output.detect(no_color)
    # JSON of events the dataset cache kept, chosen by its keys, when it can: the events
    # themselves are not read.
    kept = None if period or out.resolve(fmt) != "json" else kept_json(dataset, query)
    events = [] if kept is not None else select_events(dataset, query)
    if kept is not None:
        write_kept_json(kept, out)
    elif period:
        drawn = chart(events, period, split=split_by, reverse=reverse, window=query.window)
        render_chart(drawn, fmt, out)
    else:
        render_events(events, fmt, out, dataset, query.headline(dataset))
    if not (events or kept):
        note(
            f"vpa timeline: no events match ({query.describe()}){no_events_reason(dataset, query)}"
        )
    for hint in related_hints(dataset, query):
        note(f"vpa timeline: {hint}")
