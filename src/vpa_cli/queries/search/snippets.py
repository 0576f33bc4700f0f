"""Snippets: a window of about a line of a field's text around its matches."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

SNIPPET_WIDTH = 110
SNIPPET_LEAD = 30
ELLIPSIS = "\u2026"


class Snippet(NamedTuple):
    """A window of a field's text; `marks` are (start, end) spans of the matches in `text`."""

    text: str
    marks: tuple[tuple[int, int], ...]


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _joined(text: str, marks: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Marks with only spaces between them made one: «Phan Van Giang», not «Phan» «Van» «Giang»."""
    out: list[tuple[int, int]] = []
    for a, b in marks:
        if out and not text[out[-1][1] : a].strip():
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return tuple(out)


def _best_start(
    text: str, spans: Sequence[tuple[int, int, int]], weights: Sequence[float], width: int
) -> int:
    """Where the window with the weightiest set of units (then the most matches) starts."""
    best_start, best = 0, (-1.0, -1)
    for s, _, _ in spans or [(0, 0, 0)]:
        start = max(0, min(s - SNIPPET_LEAD, len(text) - width))
        inside = [n for a, b, n in spans if a >= start and b <= start + width]
        value = sum(weights[n] if n < len(weights) else 1.0 for n in set(inside))
        if (value, len(inside)) > best:
            best_start, best = start, (value, len(inside))
    return best_start


def make_snippet(
    text: str,
    spans: Sequence[tuple[int, int, int]],
    weights: Sequence[float] = (),
    width: int = SNIPPET_WIDTH,
) -> Snippet:
    """About `width` characters of `text`, cut at spaces, around the matches.

    `spans` are (start, end, unit) and `weights` the units' rarity: the window
    shows the weightiest set of different units it can (a rare name rather
    than a third "Vietnam"), then the most matches.
    """
    if len(text) <= width:
        return Snippet(text, _joined(text, _merge((a, b) for a, b, _ in spans)))
    start = _best_start(text, spans, weights, width)
    end = start + width
    if start > 0:
        space = text.find(" ", start)
        if 0 <= space < start + SNIPPET_LEAD and not any(a <= space < b for a, b, _ in spans):
            start = space + 1
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start + width // 2:
            end = space
    lead = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(text) else ""
    shift = len(lead) - start
    shown = lead + text[start:end] + tail
    marks = _merge((a + shift, b + shift) for a, b, _ in spans if a >= start and b <= end)
    return Snippet(shown, _joined(shown, marks))
