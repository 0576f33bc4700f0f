"""`vpa partner`."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from vpa_cli.completion import complete_partner
from vpa_cli.formats import PARTNERS, PROFILE, PartnerFormat
from vpa_cli.options import DataOpt, FormatOpt, NoColorOpt, NoPagerOpt


class PartnerSort(str, Enum):
    # Member names differ from the values: `count` would shadow str.count.
    by_name = "name"
    by_count = "count"


def partner(
    words: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[NAME]",
            help="A partner's id, name or alias, quoted or not (hoa ky); leave out to list "
            "every partner.",
            autocompletion=complete_partner,
            show_default=False,
        ),
    ] = None,
    sort: Annotated[
        PartnerSort | None,
        typer.Option(
            "--sort",
            help="Order of the list: name, or count (events + facts, most first). [default: name]",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    data: DataOpt = None,
    fmt: FormatOpt[PartnerFormat] = "auto",
    no_color: NoColorOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """A partner's profile, or the list of partners.

    The profile is Vietnam's defence relationship with one partner, by the
    sources: what they say, by area, each statement with its citations; the
    partner's events; the forums where Vietnam meets it; the facts that
    involve it; and the source lines cited. Without NAME: every partner, with
    its kind, number of events and facts, and first and last year.

    \b
    Examples:
      vpa partner russia
      vpa partner "Soviet Union" --format markdown
      vpa partner us --format json
      vpa partner --sort count
    """
    from vpa_cli.errors import UsageError
    from vpa_cli.loading.reading import load_dataset
    from vpa_cli.queries.partner import build_profile, list_partners
    from vpa_cli.queries.resolve import resolve_partner
    from vpa_cli.render import Output
    from vpa_cli.render.partner import render_partner_list, render_profile

    # A name of several words, as `vpa search` takes them: `vpa partner hoa ky`.
    name = " ".join(words) if words else None
    # Usage errors, found before any data is read: one command, two kinds of result.
    if name is not None and sort is not None:
        raise UsageError("--sort orders the list of partners; leave out NAME to list them")
    (PARTNERS if name is None else PROFILE).require(fmt)
    dataset = load_dataset(data or [])
    out = Output.detect(no_color)
    if name is None:
        rows = list_partners(dataset, (sort or PartnerSort.by_name).value)
        render_partner_list(rows, fmt, out)
    else:
        render_profile(build_profile(dataset, resolve_partner(dataset, name)), fmt, out)
