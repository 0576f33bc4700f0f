"""`vpa facts`: its options, then parse, query, render."""

from __future__ import annotations

from typing import Annotated

import typer

from vpa_cli.completion import (
    complete_fact_kind,
    complete_partner,
    complete_source,
)
from vpa_cli.formats import FactsFormat
from vpa_cli.options import DataOpt, FormatOpt, NoColorOpt, NoPagerOpt, StandingOpt, WeakOpt
from vpa_cli.records.vocab import FACT_KINDS

PartnerOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--partner",
        "-p",
        metavar="NAME",
        help="Only facts with this partner: id, name or alias, e.g. us, USA, 'United "
        "States' (repeatable: any of them).",
        show_default=False,
        autocompletion=complete_partner,
    ),
]
KindOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help="Only facts of this kind (repeatable: any of them): " + ", ".join(FACT_KINDS) + ".",
        show_default=False,
        autocompletion=complete_fact_kind,
    ),
]
SourceOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--source",
        "-s",
        metavar="ID",
        help="Only facts citing this source (repeatable: any of them).",
        show_default=False,
        autocompletion=complete_source,
    ),
]
ContainsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--contains",
        "-c",
        metavar="TEXT",
        help="Only facts whose title, summary or quotes contain TEXT, ignoring case, accents "
        "and apostrophe style (repeatable: any of them).",
        show_default=False,
    ),
]
LimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit", "-n", metavar="N", help="At most N facts (0: no limit).", show_default=False
    ),
]


def facts(
    partner: PartnerOpt = None,
    kind: KindOpt = None,
    source: SourceOpt = None,
    contains: ContainsOpt = None,
    standing: StandingOpt = None,
    weak: WeakOpt = None,
    limit: LimitOpt = None,
    data: DataOpt = None,
    fmt: FormatOpt[FactsFormat] = "auto",
    no_color: NoColorOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """The standing facts (undated claims), with filters.

    Filter by partner, kind, source, text, standing or weak sources, as in
    `vpa timeline`: different filters narrow, a repeated filter widens. Facts
    come by kind, then in the data's order; most name no partner. Piped, each
    fact is one line of six tab-separated fields: the date it is known to
    hold (as of), kind, title, partners, sources, id. Marks: * a partner link
    with a note, (weak) a source assessed as weak; `vpa show ID` gives the
    notes.

    \b
    Examples:
      vpa facts --kind figure
      vpa facts --partner china
      vpa facts --source vpa-impact --weak
      vpa facts --contains "four no's" --format json
    """
    from vpa_cli.loading.reading import load_dataset
    from vpa_cli.queries.facts import build_query, select_facts
    from vpa_cli.render import Output, note
    from vpa_cli.render.facts import render_facts

    dataset = load_dataset(data or [])
    query = build_query(
        dataset, partners=partner or (), kinds=kind or (), sources=source or (),
        contains=contains or (), standings=standing or (), weak=weak, limit=limit,
    )  # fmt: skip
    chosen = select_facts(dataset, query)
    render_facts(chosen, fmt, Output.detect(no_color), dataset)
    if not chosen:
        note(f"vpa facts: no facts match ({query.describe()})")
