"""Choosing and ordering events for `vpa timeline` (no terminal code here)."""

from __future__ import annotations

from dataclasses import dataclass

from vpa_cli.model import Dataset, Event


@dataclass
class TimelineQuery:
    reverse: bool = False
    limit: int | None = None


def select_events(dataset: Dataset, query: TimelineQuery) -> list[Event]:
    events = sorted(dataset.events, key=lambda e: (e.date.sort_key(), e.id), reverse=query.reverse)
    if query.limit is not None:
        events = events[: query.limit]
    return events
