"""RIS export, which EndNote, Zotero and Mendeley import.

- Lines are `TAG  - value`: two characters (a capital, then a capital or digit), two
  spaces, a hyphen and a space, ending in CR LF (Reference Manager's RIS
  specification). Each record begins with `TY` and ends with `ER  - `; no blank
  lines between records. Values are one line: control characters become spaces.
- Types: journal article JOUR, newspaper article NEWS, web article ELEC, book BOOK,
  report RPRT; a source of no type GEN.
- AU per author, "Family, Given" as the specification asks ("Lastname, Firstname"):
  the comma tells a reader which part is the family name, also for a family-first
  name ("Nguyen, Ba Duong"), since RIS has no way to mark name order; the style the
  reader applies writes it out. A literal name is written whole, without a comma.
- Translators: `A4` (Zotero reads it as translator; the 2011 specification gives A4
  no meaning for JOUR, NEWS and ELEC), and an `N1` note "Translated by ..." that
  every reader keeps.
- TI title; ST the short title where the source has one (the 2011 specification's
  "Short Title", see `titles`); T2 the journal, newspaper or site; PB publisher (for a
  book or report, the publication); VL, IS, SP as stored; UR the URL.
- PY the year; DA the date as "YYYY/MM/DD" at the stored precision ("2019/07");
  Y2 the date accessed (Zotero's accessDate); for a manual (`--for apa|chicago|mla`, see
  `manuals`) only where it prints one. An approximate or uncertain date, or
  an interval, is given by its first year in PY and written out in an N1 note.
- N1 also carries the source's note and its id in this dataset.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vpa_cli.queries.cite import manuals
from vpa_cli.queries.cite.people import running
from vpa_cli.queries.cite.titles import is_description, shortened
from vpa_cli.records.dates import DatePoint, FuzzyDate
from vpa_cli.records.types import Person, Source

TYPES = {
    "journal-article": "JOUR",
    "newspaper-article": "NEWS",
    "web-article": "ELEC",
    "book": "BOOK",
    "report": "RPRT",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def value(text: str) -> str:
    """A field value on one line."""
    return " ".join(_CONTROL.sub(" ", text).split())


def author(person: Person) -> str:
    if person.literal:
        return value(person.literal)
    if person.given:
        return value(f"{person.family}, {person.given}")
    return value(person.family or "")


def _point(point: DatePoint) -> str:
    parts = [f"{point.year:04d}"]
    if point.month:
        parts.append(f"{point.month:02d}")
    if point.day:
        parts.append(f"{point.day:02d}")
    return "/".join(parts)


def exact(when: FuzzyDate) -> bool:
    """A single date, neither approximate nor uncertain: RIS can write it as it is."""
    return not when.interval and not (when.approximate or when.uncertain)


def fields(source: Source) -> list[tuple[str, str]]:
    """`source`'s RIS tags, for the manual it is exported for (`manuals.for_manual`;
    plain: everything the data has)."""
    out: list[tuple[str, str]] = [("TY", TYPES.get(source.type or "", "GEN"))]
    out += [("AU", author(p)) for p in source.authors]
    out += [("A4", author(p)) for p in source.translators]
    out.append(("TI", value(source.title)))
    short = shortened(source.title, source.short_title)
    if short:
        out.append(("ST", value(f"[{short}]" if is_description(source.title) else short)))
    book_like = source.type not in TYPES or source.type in ("book", "report")
    if source.publication:
        out.append(("PB" if book_like else "T2", value(source.publication)))
    if source.publisher and not (book_like and source.publication):
        out.append(("PB", value(source.publisher)))
    for tag, text in (("VL", source.volume), ("IS", source.issue), ("SP", source.pages)):
        if text:
            out.append((tag, value(text)))
    notes: list[str] = []
    when = source.date
    if when is not None:
        first = when.start or when.end
        if first is not None:
            out.append(("PY", f"{first.year:04d}"))
        if exact(when) and when.start is not None:
            out.append(("DA", _point(when.start)))
        else:
            notes.append(f"Date: {when.display()}")
    if source.url:
        out.append(("UR", value(source.url)))
    wanted = manuals.wants_access_date(source, manuals.manual_of(source))
    if source.accessed is not None and wanted and exact(source.accessed):
        assert source.accessed.start is not None
        out.append(("Y2", _point(source.accessed.start)))
    if source.original_title:
        notes.append(f"Original title: {source.original_title}")
    if source.translators:
        notes.append("Translated by " + ", ".join(running(p) for p in source.translators))
    if source.note:
        notes.append(source.note)
    notes.append(f"vpa source id: {source.id}")
    out += [("N1", value(n)) for n in notes]
    out.append(("ER", ""))
    return out


def record(source: Source, newline: str = "\r\n") -> str:
    return "".join(f"{tag}  - {text}{newline}" for tag, text in fields(source))


def to_ris(sources: Iterable[Source], newline: str = "\r\n") -> str:
    return "".join(record(s, newline) for s in sources)
