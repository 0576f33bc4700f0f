"""A source's reference in one style, and the sorted bibliography of many sources."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from vpa_cli.citations import apa, chicago, mla, plain
from vpa_cli.citations.choices import Style
from vpa_cli.citations.styled import Styled
from vpa_cli.model import Source

_ENTRY: dict[Style, Callable[[Source], Styled]] = {
    Style.apa: apa.entry,
    Style.chicago: chicago.bibliography,
    Style.mla: mla.entry,
    Style.plain: plain.entry,
}
_NOTE: dict[Style, Callable[[Source], Styled]] = {Style.chicago: chicago.note}
_SORT: dict[Style, Callable[[Source], tuple[object, ...]]] = {
    Style.apa: apa.sort_key,
    Style.chicago: chicago.sort_key,
    Style.mla: mla.sort_key,
    Style.plain: plain.sort_key,
}


@dataclass(frozen=True)
class Reference:
    """`entry` is the reference-list (APA), bibliography (Chicago) or works-cited (MLA)
    entry; `note` is the full note form, which only Chicago has."""

    source: Source
    style: Style
    entry: Styled
    note: Styled | None = None

    def to_dict(self) -> dict[str, Any]:
        def form(styled: Styled) -> dict[str, str]:
            return {"text": styled.plain(), "markdown": styled.markdown()}

        return {
            "style": self.style.value,
            "source": self.source.id,
            "entry": form(self.entry),
            "note": form(self.note) if self.note is not None else None,
        }


def format_reference(source: Source, style: Style) -> Reference:
    note = _NOTE.get(style)
    return Reference(source, style, _ENTRY[style](source), note(source) if note else None)


def bibliography(sources: Iterable[Source], style: Style) -> list[Reference]:
    """References of `sources`, in the order the style alphabetizes its list."""
    ordered = sorted(sources, key=lambda s: (_SORT[style](s), s.id))
    return [format_reference(s, style) for s in ordered]
