"""`vpa disputes`."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from vpa_cli.formats import DisputesFormat
from vpa_cli.options import DataOpt, FormatOpt, NoColorOpt, NoPagerOpt


class DisputeKind(str, Enum):
    correction = "correction"
    contradiction = "contradiction"
    disagreement = "disagreement"


def disputes(
    kinds: Annotated[
        list[DisputeKind] | None,
        typer.Option(
            "--kind", "-k", help="Only disputes of this kind (repeatable).", case_sensitive=False
        ),
    ] = None,
    data: DataOpt = None,
    fmt: FormatOpt[DisputesFormat] = "auto",
    no_color: NoColorOpt = False,
    no_pager: NoPagerOpt = False,
) -> None:
    """Where the dataset corrects a source, where a page outside the texts or another
    text says otherwise: both sides, with their places.

    A correction: the dataset gives a date the source gets wrong (source_date). A
    contradiction: an outside reference says otherwise (its stance is
    `contradicts`); the claim's standing is then `contradicted`. A disagreement:
    another of the texts says otherwise (the record's `contrary` quotes).

    \b
    Examples:
      vpa disputes
      vpa disputes --kind contradiction --format json
      vpa disputes --data my-notes.json
    """
    from vpa_cli.loading.reading import load_dataset
    from vpa_cli.queries.disputes import find_disputes
    from vpa_cli.render import Output, note
    from vpa_cli.render.disputes import render_disputes

    chosen = tuple(dict.fromkeys(k.value for k in kinds or []))
    found = find_disputes(load_dataset(data or []), chosen)
    render_disputes(found, fmt, Output.detect(no_color))
    if not found:
        note("vpa disputes: none" + (f" of kind {', '.join(chosen)}" if chosen else ""))
