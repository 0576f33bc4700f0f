"""CSL-JSON export: the item format of citeproc (pandoc, Zotero, citeproc-js).

- Types: article-journal, article-newspaper, webpage, book, report; a source with no
  type is `document`. `publication` is the `container-title` of an article and the
  `publisher` of a book or report.
- Names are name objects: {"family", "given"} or {"literal"}; translators likewise.
  A family-first name (Vietnamese) carries its parts, CSL's `static-ordering` (never
  invert) and the whole name as `literal`: pandoc 2.17's citeproc ignores
  `static-ordering` on romanised names and would write "B. D. Nguyen", but keeps a
  literal whole ("Nguyen Ba Duong"); processors that honour static ordering get the
  same name from the parts. For APA (`--for apa`) it carries its parts only, so the
  style writes it as APA does: "Nguyen, B. D.", and "(Nguyen, 2018)" in the text.
- `title-short` is the source's short title where it is one (see `titles`). A
  description's short form is in brackets and marked `nocase` (`[<span
  class="nocase">Overview essay</span>]`): APA cites it in the text as the reference
  list writes it ("([Overview essay], n.d.)"), where the style would re-case it as a
  title. Every other text is as the data has it.
- For a manual (`--for apa|chicago|mla`, see `manuals`): `accessed` only where the
  manual prints an access date, and for APA `status` "n.d." on an undated source with a
  URL. With no manual (`plain`), everything the data has.
- `issued` holds `date-parts` at the stored precision ([[2015, 3, 2]], [[2019, 7]],
  [[2018]]), two parts for an interval ([[2014], [2015]]; an open end is 0, as pandoc
  writes it), and `circa` for an approximate or uncertain date (CSL has no separate
  flag for uncertain). No date, no `issued`: styles print "n.d." themselves.
- `url` is `URL`, `accessed` is `accessed` (date parts), `publisher`, `volume`,
  `issue`, `pages` (as `page`) and `original_title` (as `original-title`) as stored.
  Nothing is invented: what the source does not have is left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from vpa_cli.queries.cite import manuals
from vpa_cli.queries.cite.kinds import ARTICLES
from vpa_cli.queries.cite.people import family_first, running
from vpa_cli.queries.cite.titles import is_description, shortened
from vpa_cli.records.dates import DatePoint, FuzzyDate
from vpa_cli.records.types import Person, Source

TYPES = {
    "journal-article": "article-journal",
    "newspaper-article": "article-newspaper",
    "web-article": "webpage",
    "book": "book",
    "report": "report",
}


def name(person: Person, *, whole: bool = True) -> dict[str, Any]:
    """A CSL name object; `whole`: a family-first name also whole, as its bearer writes it."""
    if person.literal:
        return {"literal": person.literal}
    out: dict[str, Any] = {"family": person.family or ""}
    if person.given:
        out["given"] = person.given
    if whole and family_first(person):
        out["static-ordering"] = True
        out["literal"] = running(person)
    return out


def _parts(point: DatePoint | None) -> list[int]:
    if point is None:
        return [0]
    return [p for p in (point.year, point.month, point.day) if p]


def issued(when: FuzzyDate) -> dict[str, Any]:
    parts = [_parts(when.start)]
    if when.interval:
        parts.append(_parts(when.end))
    out: dict[str, Any] = {"date-parts": parts}
    if when.approximate or when.uncertain:
        out["circa"] = True
    return out


def _nocase(description: str) -> str:
    """A description in CSL's rich text, kept in its case: `[<span class="nocase">...</span>]`.
    pandoc reads the span's tags, not entities: a text with a `<` of its own stays plain,
    so that it cannot end the span."""
    inner = description.strip()[1:-1]
    if "<" in inner:
        return description
    return f'[<span class="nocase">{inner}</span>]'


def titles(source: Source) -> dict[str, str]:
    """`title` and, where the source has a short title, `title-short`."""
    out = {"title": source.title}
    short = shortened(source.title, source.short_title)
    if short:
        out["title-short"] = _nocase(f"[{short}]") if is_description(source.title) else short
    return out


def item(source: Source) -> dict[str, Any]:
    """`source` as a CSL-JSON item, for the manual it is exported for (`manuals.for_manual`;
    plain: everything the data has)."""
    manual = manuals.manual_of(source)
    out: dict[str, Any] = {"id": source.id, "type": TYPES.get(source.type or "", "document")}
    out.update(titles(source))
    whole = manuals.names_whole(manual)
    if source.authors:
        out["author"] = [name(p, whole=whole) for p in source.authors]
    if source.translators:
        out["translator"] = [name(p, whole=whole) for p in source.translators]
    if source.publication:
        key = "container-title" if source.type in ARTICLES else "publisher"
        out[key] = source.publication
    if source.original_title:
        out["original-title"] = source.original_title
    if source.publisher and "publisher" not in out:
        out["publisher"] = source.publisher
    for key, value in (("volume", source.volume), ("issue", source.issue), ("page", source.pages)):
        if value:
            out[key] = value
    when = source.date
    if when is not None:
        out["issued"] = issued(when)
    status = manuals.status(source, manual)
    if status:
        out["status"] = status
    if source.url:
        out["URL"] = source.url
    if source.accessed is not None and manuals.wants_access_date(source, manual):
        out["accessed"] = issued(source.accessed)
    return out


def to_csl_json(sources: Iterable[Source]) -> list[dict[str, Any]]:
    return [item(s) for s in sources]
