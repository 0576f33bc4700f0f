"""`vpa timeline`."""

from __future__ import annotations

from vpa_cli.options import DataOpt, FormatOpt, NoColorOpt
from vpa_cli.render import OutputFormat


def timeline(
    data: DataOpt = None,
    fmt: FormatOpt = OutputFormat.auto,
    no_color: NoColorOpt = False,
) -> None:
    """The chronology of events, filtered by date, partner, kind, source or text.

    \b
    Examples:
      vpa timeline
      vpa timeline --format json
    """
    from vpa_cli.dataset import load_dataset
    from vpa_cli.render import Output
    from vpa_cli.render.timeline import render_events
    from vpa_cli.timeline import TimelineQuery, select_events

    events = select_events(load_dataset(data or []), TimelineQuery())
    out = Output.detect(no_color)
    render_events(events, out.resolve(fmt), out)
