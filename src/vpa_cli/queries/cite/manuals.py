"""What each manual wants that the data alone does not say: where an access date goes, and
what an export must give pandoc's citeproc for the CSL project's style of that manual to
print what the manual prints (`vpa cite --format csl-json --for apa`).

Access dates, as the manuals give them:

- APA 7 §9.16: a retrieval date only for a work "designed to change over time" and not
  archived (a dictionary entry, a page of live data, a social-media profile); never for a
  journal or newspaper article, nor for a web page meant to stay as published. vpa's
  source types (journal, newspaper and web articles, books, reports) are none of those,
  so APA never prints one.
- Chicago 17 §14.12: no access date for online sources "unless no date of publication or
  revision can be determined from the source"; so only for an undated source (a
  discipline or teacher may ask for more: the export `--for plain` keeps them all).
- MLA 9 §5.111: the access date is optional, and recommended for a work without a
  publication date; so only for an undated source.

The CSL project's styles (`vpa cite --csl`) agree for Chicago and MLA: they print the
access date only for an item without a date. The APA style prints "Retrieved DATE,
from URL" for any undated item with an access date, and "Retrieved URL" for one without:
an export for APA therefore leaves the access date out and gives an undated source the
CSL `status` "n.d." (BibTeX `pubstate`), the words APA prints in its date's place, which
the style prints as "(n.d.)" and then gives the URL alone.

Names: APA writes a family-first name as "Nguyen, B. D." like any other, so an export for
APA gives its parts; Chicago and MLA keep it as its bearer writes it ("Nguyen Ba Duong"),
which pandoc 2.17 prints only from a name given whole (see `csl`).
"""

from __future__ import annotations

import copy

from vpa_cli.formats import Style
from vpa_cli.records.types import Source

NO_DATE = "n.d."
# The attribute of a source's copy that names the manual its exports are for.
_FOR = "_export_for"


def for_manual(source: Source, manual: Style) -> Source:
    """`source` as an export for `manual` gives it (`vpa cite --for`): a copy that carries
    `manual`, which the exports read back (`manual_of`), so that what renders them passes
    sources and nothing else; `source` itself for plain."""
    if manual is Style.plain:
        return source
    marked = copy.copy(source)
    setattr(marked, _FOR, manual)
    return marked


def manual_of(source: Source) -> Style:
    """The manual `source`'s exports are for (`for_manual`); plain: everything the data has."""
    manual = getattr(source, _FOR, Style.plain)
    assert isinstance(manual, Style)
    return manual


def wants_access_date(source: Source, manual: Style) -> bool:
    """Whether `manual` prints `source`'s access date (plain: every one the data has)."""
    if source.accessed is None:
        return False
    if manual is Style.plain:
        return True
    if manual is Style.apa:
        return False
    return source.date is None


def names_whole(manual: Style) -> bool:
    """Whether an export for `manual` gives a family-first name whole."""
    return manual is not Style.apa


def status(source: Source, manual: Style) -> str | None:
    """The CSL `status` an export for `manual` gives `source`: "n.d." for an undated
    source with a URL for APA, so the CSL project's APA style prints no "Retrieved"."""
    if manual is Style.apa and source.date is None and source.url:
        return NO_DATE
    return None
