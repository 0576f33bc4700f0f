"""Rendering a list of events."""

from __future__ import annotations

from vpa_cli.model import Event
from vpa_cli.render import Output, OutputFormat


def render_events(events: list[Event], fmt: OutputFormat, out: Output) -> None:
    if fmt is OutputFormat.json:
        out.json([e.to_dict() for e in events])
        return
    out.lines(
        out.clean(
            f"{e.date_display}\t{e.title}\t{','.join(sorted({c.source for c in e.citations}))}"
        ).replace("\u2409", "\t")
        for e in events
    )
