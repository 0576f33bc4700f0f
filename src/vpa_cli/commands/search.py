"""`vpa search` and `vpa show`."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from vpa_cli.completion import complete_record
from vpa_cli.formats import SearchFormat, ShowFormat
from vpa_cli.options import DataOpt, FormatOpt, NoColorOpt, NoPagerOpt, StandingOpt, WeakOpt


class HitType(str, Enum):
    event = "event"
    fact = "fact"
    partner = "partner"
    passage = "passage"


def search(
    query: Annotated[
        list[str],
        typer.Argument(
            help='Words, a name, a number or a question; "quoted words" match as a phrase.',
            show_default=False,
        ),
    ],
    types: Annotated[
        list[HitType] | None,
        typer.Option(
            "--type", "-t", help="Only hits of this type (repeatable).", case_sensitive=False
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="At most N hits; 0 for all of them.")
    ] = 10,
    standing: StandingOpt = None,
    weak: WeakOpt = None,
    data: DataOpt = None,
    fmt: FormatOpt[SearchFormat] = "auto",
    no_color: NoColorOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """Find events, facts, partners and source lines, best match first.

    Matching ignores case, accents, curly quotes and digit grouping (1100 finds
    1,100); hits with all the words come first, a word in the form typed
    before its other forms, and for "how many" the hits that give a count.
    Passages are lines of the source texts, with ids like dd-achievements:10
    (`vpa show` prints them). --weak keeps the hits that rest only on weak
    sources (a claim, or a line of a weak source), --no-weak leaves them out;
    --standing keeps the claims (events, facts, partners' statements) that
    stand so.

    \b
    Examples:
      vpa search "four no's"
      vpa search when did Vietnam start sending peacekeepers
      vpa search '"Shangri-La Dialogue"' --type passage
      vpa search 1100 peacekeepers --format json
      vpa search alliance --no-weak
    """
    from vpa_cli.loading.reading import load_dataset
    from vpa_cli.queries.search import SearchQuery, run_search
    from vpa_cli.render import Output, note
    from vpa_cli.render.search import render_hits

    text = " ".join(query)
    chosen = tuple(dict.fromkeys(t.value for t in types or []))
    from vpa_cli.queries.timeline import resolve_standings

    dataset = load_dataset(data or [])
    query_ = SearchQuery(text, chosen, limit, weak, resolve_standings(standing or ()))
    hits = run_search(dataset, query_)
    out = Output.detect(no_color)
    render_hits(hits, fmt, out)
    if not hits:
        why = ""
        if weak is not None:
            from vpa_cli.queries.timeline import weak_words

            why = f" {weak_words(weak)}"
        if standing:
            why += f" (standing: {', '.join(query_.standings)})"
        note(f"vpa search: no hits for {text.strip()!r}{why}")


def show(
    ident: Annotated[
        str,
        typer.Argument(
            metavar="id",
            help="An event, fact, partner or source id, or a passage as SOURCE:LINE.",
            show_default=False,
            autocompletion=complete_record,
        ),
    ],
    data: DataOpt = None,
    fmt: FormatOpt[ShowFormat] = "auto",
    no_color: NoColorOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """One record in full, with every citation's quote and line.

    \b
    Examples:
      vpa show four-nos-policy
      vpa show russia --format json
      vpa show dd-achievements:10

    Any record's id works (event, fact, partner or source), and so does a
    passage id from `vpa search` (SOURCE:LINE). --format json gives
    {"type": ..., "record": ...} with the record as the data files write it.
    """
    from vpa_cli.loading.reading import load_dataset
    from vpa_cli.queries.show import show_view
    from vpa_cli.render import Output
    from vpa_cli.render.search import render_record

    view = show_view(load_dataset(data or []), ident)
    out = Output.detect(no_color)
    render_record(view, fmt, out)
