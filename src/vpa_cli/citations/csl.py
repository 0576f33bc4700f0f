"""CSL-JSON export: the item format of citeproc (pandoc, Zotero, citeproc-js).

- Types: article-journal, article-newspaper, webpage, book, report; a source with no
  type is `document`. `publication` is the `container-title` of an article and the
  `publisher` of a book or report.
- Names are name objects: {"family", "given"} or {"literal"}; translators likewise.
  A family-first name (Vietnamese) carries its parts, CSL's `static-ordering` (never
  invert) and the whole name as `literal`: pandoc 2.17's citeproc ignores
  `static-ordering` on romanised names and would write "B. D. Nguyen", but keeps a
  literal whole ("Nguyen Ba Duong"); processors that honour static ordering get the
  same name from the parts.
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

from vpa_cli.citations.kinds import ARTICLES
from vpa_cli.citations.people import family_first, running
from vpa_cli.dates import DatePoint, FuzzyDate
from vpa_cli.model import Person, Source

TYPES = {
    "journal-article": "article-journal",
    "newspaper-article": "article-newspaper",
    "web-article": "webpage",
    "book": "book",
    "report": "report",
}


def name(person: Person) -> dict[str, Any]:
    if person.literal:
        return {"literal": person.literal}
    out: dict[str, Any] = {"family": person.family or ""}
    if person.given:
        out["given"] = person.given
    if family_first(person):
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


def item(source: Source) -> dict[str, Any]:
    out: dict[str, Any] = {"id": source.id, "type": TYPES.get(source.type or "", "document")}
    out["title"] = source.title
    if source.authors:
        out["author"] = [name(p) for p in source.authors]
    if source.translators:
        out["translator"] = [name(p) for p in source.translators]
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
    if source.url:
        out["URL"] = source.url
    if source.accessed is not None:
        out["accessed"] = issued(source.accessed)
    return out


def to_csl_json(sources: Iterable[Source]) -> list[dict[str, Any]]:
    return [item(s) for s in sources]
