"""A source's reference in one style, and the sorted bibliography of many sources."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from vpa_cli.formats import Style
from vpa_cli.queries.cite import apa, chicago, mla, plain
from vpa_cli.queries.cite.styled import Styled
from vpa_cli.records.types import Source

_ENTRY: dict[Style, Callable[[Source], Styled]] = {
    Style.apa: apa.entry,
    Style.chicago: chicago.bibliography,
    Style.mla: mla.entry,
    Style.plain: plain.entry,
}
_NOTE: dict[Style, Callable[[Source], Styled]] = {Style.chicago: chicago.note}
# The citation in the text (APA, MLA) or the short note (Chicago); `among` are the works
# cited with it (APA 7 §8.20 gives a first author's initials when two share a surname).
_CITATION: dict[Style, Callable[[Source, Sequence[Source]], Styled]] = {
    Style.apa: apa.citation,
    Style.chicago: lambda source, among: chicago.short_note(source),
    Style.mla: lambda source, among: mla.citation(source),
}
_SORT: dict[Style, Callable[[Source], tuple[object, ...]]] = {
    Style.apa: apa.sort_key,
    Style.chicago: chicago.sort_key,
    Style.mla: mla.sort_key,
    Style.plain: plain.sort_key,
}


@dataclass(frozen=True)
class Reference:
    """`entry` is the reference-list (APA), bibliography (Chicago) or works-cited (MLA)
    entry; `note` is the full note form, which only Chicago has; `citation` is the
    in-text citation (APA, MLA) or the short note (Chicago), which the plain style has not."""

    source: Source
    style: Style
    entry: Styled
    note: Styled | None = None
    citation: Styled | None = None

    def to_dict(self) -> dict[str, Any]:
        def form(styled: Styled) -> dict[str, str]:
            return {"text": styled.plain(), "markdown": styled.markdown()}

        return {
            "style": self.style.value,
            "source": self.source.id,
            "entry": form(self.entry),
            "note": form(self.note) if self.note is not None else None,
            "citation": form(self.citation) if self.citation is not None else None,
        }


def format_reference(source: Source, style: Style, among: Sequence[Source] = ()) -> Reference:
    """`source`'s reference in `style`; `among`: the other works cited with it."""
    note = _NOTE.get(style)
    cite = _CITATION.get(style)
    return Reference(
        source,
        style,
        _ENTRY[style](source),
        note(source) if note else None,
        cite(source, among) if cite else None,
    )


def bibliography(sources: Iterable[Source], style: Style) -> list[Reference]:
    """References of `sources`, in the order the style alphabetizes its list."""
    ordered = sorted(sources, key=lambda s: (_SORT[style](s), s.id))
    return [format_reference(s, style, ordered) for s in ordered]
