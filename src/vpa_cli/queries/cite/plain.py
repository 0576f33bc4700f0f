"""vpa's plain style: what the data says, unstyled. Names in running order, the title as
stored (a description keeps its brackets), "n.d." for no date, no italics."""

from __future__ import annotations

from vpa_cli.queries.cite.kinds import head_sort, others_sort, title_sort
from vpa_cli.queries.cite.people import join_names, running
from vpa_cli.queries.cite.styled import Builder, Styled
from vpa_cli.records.types import Source


def entry(source: Source) -> Styled:
    b = Builder()
    when = source.date
    date = when.display() if when else "n.d."
    if source.authors:
        b.add(join_names([running(p) for p in source.authors], "and"))
        b.add(f" ({date})").close(".")
        b.separator().add(source.title).close(".")
    else:
        b.add(source.title).add(f" ({date})").close(".")
    if source.translators:
        names = join_names([running(p) for p in source.translators], "and")
        b.separator().add(f"Translated by {names}").close(".")
    if source.publication:
        b.separator().add(source.publication).close(".")
    if source.url:
        b.separator().add(source.url)
    return b.build()


def sort_key(source: Source) -> tuple[object, ...]:
    return (head_sort(source), others_sort(source), title_sort(source.title))
