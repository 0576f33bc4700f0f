"""Rendering the list of facts (`vpa facts`) in every format.

Every format renders each fact's view (claims/view.py), as the timeline renders
an event's. Plain output is one fact per line, six tab-separated fields: the date
it is known to hold (`as of 2 Sep 2025`), its kind, the title with its flags,
partner names with their roles (a link's note marked `*`), source ids with weak
ones marked `(weak)`, and the fact's id (lists joined with ", "; a fact without
partners has an empty fourth field). Each field is cleaned on its own, so no data
text can add or remove a field.
"""

from __future__ import annotations

from collections.abc import Sequence

from vpa_cli.claims.columns import header, row
from vpa_cli.claims.marks import legend
from vpa_cli.claims.view import Claims, ClaimView, Listing
from vpa_cli.formats import FACTS, Renderers
from vpa_cli.loading.dataset import Dataset
from vpa_cli.records.types import Fact
from vpa_cli.render import Output

HEADER = ("Date", "Kind", "Title", "Partners", "Sources", "Id")


def as_of_text(view: ClaimView) -> str:
    """`as of 2 Sep 2025`: the date the fact is known to hold, from its view."""
    return f"as of {view.as_of}" if view.as_of else ""


def _row(view: ClaimView) -> tuple[str, str, str, str, str, str]:
    return (
        as_of_text(view),
        view.kind,
        view.headline(weak=False),
        view.partners_text(),
        view.sources_text(),
        view.id,
    )


def render_facts(facts: Sequence[Fact], fmt: str, out: Output, dataset: Dataset) -> None:
    """Write `facts` in `fmt`, each as its claim's view."""
    listing = Listing(Claims(dataset), facts)
    FACTS.renderer(out.resolve(fmt), RENDERERS)(listing, out)


def facts_json(listing: Listing, out: Output) -> None:
    out.json([v.to_dict() for v in listing.views])


def facts_csv(listing: Listing, out: Output) -> None:
    """One column per field of a fact, from its declaration (claims/columns.py)."""
    out.csv(header(Fact), (row(v.record) for v in listing.views))


def facts_plain(listing: Listing, out: Output) -> None:
    out.lines("\t".join(out.clean(field) for field in _row(v)) for v in listing.views)


def facts_markdown(listing: Listing, out: Output) -> None:
    out.markdown_table(HEADER, (_row(v) for v in listing.views))
    marks = legend(listing.marks(claim_flag=False))
    if marks:
        out.lines(["", *(f"- {out.md(line)}" for line in marks)])


def facts_table(listing: Listing, out: Output) -> None:
    """A table, one section per kind, opened by a row naming it; the id goes under the
    title. When the four columns do not fit, sources are stacked under the partners,
    then dropped, with a note. The legend under it explains every mark the rows use."""
    from vpa_cli.render.timeline import claims_table

    claims_table(listing, out, lambda view: view.kind, as_of_text)


# The renderers of this module, by kind of result and format: the registry in
# vpa_cli.formats names the formats, these are the functions that write them.
RENDERERS: Renderers = {
    FACTS: {
        "table": facts_table,
        "plain": facts_plain,
        "json": facts_json,
        "csv": facts_csv,
        "markdown": facts_markdown,
    },
}
