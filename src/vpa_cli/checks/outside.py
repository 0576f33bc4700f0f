"""The rules of `vpa check` for knowledge from outside the five texts: every supplied
date, inferred partner, supplied source detail and supplied partner relation rests on
an outside reference with a verbatim excerpt; no part rests on C-grade pages alone;
each excerpt holds the value it supports; every address a note names is recorded as
an outside reference; a record resting only on a weak source names it in its title;
a range whose note gives a bound to the day stores it to the day; and a source with a
URL has the date it was read (for the bundled data only once
BUNDLED_WEB_SOURCES_NEED_ACCESS_DATES is set).

On the bundled data these are errors. On a user's files they are warnings (errors
under `vpa check --strict`), so files written before these rules keep working. No
terminal code here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from vpa_cli.loading.dataset import Dataset
from vpa_cli.loading.texts import bundled_origins
from vpa_cli.records.dates import DateSyntaxError, FuzzyDate
from vpa_cli.records.problems import Problem
from vpa_cli.records.record import Record
from vpa_cli.records.types import Event, Fact, OutsideReference, Source, Statement
from vpa_cli.text import fold

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# Months as texts abbreviate them: Jan, Sept.
_SHORT = {m: {m[:3], m[:4] if m == "September" else m[:3]} for m in MONTHS}
# An address ends at a space, a closing bracket or quote, or any control character.
_URL = re.compile(r"https?://[^\s)\]\u201d\"<>,;\x00-\x1f\x7f-\x9f]+")
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# A full date as a note writes it: 21 July 1954, July 21, 1954.
_FULL = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)? (" + "|".join(MONTHS) + r"),? (\d{4})"
    r"|(" + "|".join(MONTHS) + r") (\d{1,2})(?:st|nd|rd|th)?,? (\d{4}))\b"
)


# ---------------------------------------------------------------- written forms


def written_forms(value: str, page_year: int | None = None) -> list[str]:
    """The ways a text may write `value`, folded (case, accents): for a date in EDTF,
    its English and Vietnamese forms (`21 July 1954`, `July 21, 1954`, `21/7/1954`,
    `ngay 21 thang 7 nam 1954`); a day written without its year counts when the page's
    own date is in that year. Any other value is its own only form."""
    if not _ISO.match(value):
        return [fold(value)]
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return [str(year)]
    month = parts[1]
    names = [MONTHS[month - 1], *sorted(_SHORT[MONTHS[month - 1]])]
    if len(parts) == 2:
        forms = [f"{n} {year}" for n in names] + [f"{n}. {year}" for n in names[1:]]
        forms += [f"thang {month} nam {year}", f"thang {month}/{year}", f"{month}/{year}"]
        forms += [f"{month:02d}/{year}", f"{year}-{month:02d}"]
        return [fold(f) for f in forms]
    day = parts[2]
    forms = []
    for n in names:
        forms += [f"{day} {n} {year}", f"{n} {day}, {year}", f"{n} {day} {year}"]
        forms += [f"{n}. {day}, {year}", f"{day} {n}. {year}"]
    for sep in "/.-":
        forms += [f"{day}{sep}{month}{sep}{year}", f"{day:02d}{sep}{month:02d}{sep}{year}"]
    forms += [f"{year}-{month:02d}-{day:02d}", f"ngay {day} thang {month} nam {year}"]
    forms += [f"{day} thang {month} nam {year}"]
    if page_year == year:
        for n in names:
            forms += [f"{day} {n}", f"{n} {day}"]
        forms += [f"ngay {day}/{month}", f"{day}/{month}", f"ngay {day} thang {month}"]
    return [fold(f) for f in forms]


def holds_value(excerpt: str, value: str, page_year: int | None = None) -> bool:
    """Whether `excerpt` writes `value` in one of its forms (ordinal endings allowed)."""
    text = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", fold(excerpt))
    for form in written_forms(value, page_year):
        if re.search(r"(?<![\w/.-])" + re.escape(form) + r"(?![\w/-]|\.\d)", text):
            return True
    return False


# ---------------------------------------------------------------- the rules


def check_outside(dataset: Dataset) -> Iterator[Problem]:
    """Every breach of the rules above, one problem each."""
    for event in dataset.events:
        yield from _claim(dataset, event, event)
        if event.date_basis == "supplied":
            yield from _rests_on(event, event.outside, "date", "a supplied date", "date")
        yield from _precision(event)
    for fact in dataset.facts:
        yield from _claim(dataset, fact, fact)
    for partner in dataset.partners.values():
        yield from _references(partner, partner, partner.outside, "")
        yield from _addresses(partner, partner.outside, [partner.note])
        for relation in partner.relations:
            if relation.basis == "supplied":
                yield from _rests_on(
                    partner,
                    partner.outside,
                    f"relations.{relation.id}",
                    f"a supplied relation to {relation.id}",
                    "relations",
                )
        for i, statement in enumerate(partner.statements):
            where = f"statements[{i}]"
            yield from _claim(dataset, partner, statement, where)
            if statement.basis == "inferred":
                yield from _rests_on(
                    partner,
                    statement.outside,
                    "partner",
                    "an inferred statement",
                    f"{where}.outside",
                )
    for source in dataset.sources.values():
        yield from _source(source)


def _claim(
    dataset: Dataset, top: Record, claim: Event | Fact | Statement, where: str = ""
) -> Iterator[Problem]:
    """The rules every claim keeps: its partners, references, addresses and title."""
    dot = f"{where}." if where else ""
    for link in getattr(claim, "partners", ()):
        if link.basis == "inferred":
            yield from _rests_on(
                top,
                claim.outside,
                f"partners.{link.id}",
                f"the inferred partner {link.id}",
                f"{dot}partners",
            )
    yield from _references(top, claim, claim.outside, where)
    notes: list[str | None] = [getattr(claim, "note", None)]
    notes += [getattr(claim, "date_note", None)]
    notes += [link.note for link in getattr(claim, "partners", ())]
    yield from _addresses(top, claim.outside, notes, where)
    if not isinstance(claim, Statement):
        yield from _weak_title(dataset, claim)


def _rid(record: Record) -> str:
    return str(getattr(record, "id", "") or "-")


def _site(url: str | None) -> str:
    """The host of an address, without `www.`: the site a page belongs to."""
    m = re.match(r"^[a-z]+://(?:www\.)?([^/:?#]+)", url or "")
    return m.group(1).lower() if m else ""


def _rests_on(
    top: Record,
    outside: list[OutsideReference],
    supports: str,
    what: str,
    field: str,
    own_site: str = "",
) -> Iterator[Problem]:
    """`what` has an outside reference that supports it, and not one of grade C alone.

    A source's own site (`own_site`) is the evidence of its own address and name, and
    its stored page of when that page was read, whatever its grade: an anonymous site's
    pages show where it publishes a text."""
    found = [o for o in outside if o.supports == supports and o.stance == "supports"]
    if not found:
        yield Problem(
            top.origin,
            _rid(top),
            field,
            f"{what} needs an outside reference (`outside`, supports {supports!r}) with a "
            "verbatim excerpt",
        )
    elif all(o.grade == "C" and not (own_site and _site(o.url) == own_site) for o in found):
        yield Problem(
            top.origin,
            _rid(top),
            field,
            f"{what} rests only on grade C pages ({', '.join(o.url for o in found)}): "
            "find an A or B page, or drop the supplied detail",
        )


def _supportable(record: Record, supports: str) -> bool:
    """Whether `supports` names something the record has."""
    head, _, rest = supports.partition(".")
    if head == "partners":
        return any(link.id == rest for link in getattr(record, "partners", ()))
    if head == "relations":
        return any(r.id == rest for r in getattr(record, "relations", ()))
    if supports == "partner":
        return isinstance(record, Statement)
    return not rest and supports in record.BY_NAME


def _references(
    top: Record, record: Record, outside: list[OutsideReference], where: str
) -> Iterator[Problem]:
    """Each reference names a part of its record and holds its value in its excerpt."""
    dot = f"{where}." if where else ""
    for i, ref in enumerate(outside):
        path = f"{dot}outside[{i}]"
        if not _supportable(record, ref.supports):
            yield Problem(
                top.origin,
                _rid(top),
                f"{path}.supports",
                f"{ref.supports!r} is not a field, partner link or relation of this record",
            )
        if _ISO.match(ref.value):
            try:
                FuzzyDate.parse(ref.value)
            except DateSyntaxError as exc:
                yield Problem(top.origin, _rid(top), f"{path}.value", str(exc))
                continue
        page_year = ref.date.start.year if ref.date and ref.date.start else None
        if not holds_value(ref.excerpt, ref.value, page_year):
            yield Problem(
                top.origin,
                _rid(top),
                f"{path}.excerpt",
                f"the excerpt does not write {ref.value!r} in any of its forms "
                "(docs/data.md lists them)",
            )


def addresses(texts: Iterable[str | None]) -> list[str]:
    """The web addresses written in some texts, in order, each once."""
    found: dict[str, None] = {}
    for text in texts:
        for m in _URL.finditer(text or ""):
            found.setdefault(m.group().rstrip(".:"), None)
    return list(found)


def _addresses(
    top: Record,
    outside: list[OutsideReference],
    notes: list[str | None],
    where: str = "",
    own: Iterable[str] = (),
) -> Iterator[Problem]:
    """An address a note names is one of the record's outside references: a note keeps
    the reasoning, not the only copy of the evidence."""
    known = {o.url for o in outside} | set(own)
    for url in addresses(notes):
        if url not in known:
            yield Problem(
                top.origin,
                _rid(top),
                where or "note",
                f"{url} is named in a note but is no outside reference of this record",
            )


def _weak_title(dataset: Dataset, claim: Event | Fact) -> Iterator[Problem]:
    """A record resting only on weak sources names them in its title, so that the title
    read alone ("Overview essay: ...") does not pass for a finding."""
    if not claim.weak:
        return
    for sid in dict.fromkeys(c.source for c in claim.citations):
        source = dataset.sources.get(sid)
        if source is None:
            continue
        name = source.short_title
        if not name:
            continue  # said once, of the source (_source)
        if fold(name) not in fold(claim.title):
            yield Problem(
                claim.origin,
                claim.id,
                "title",
                f"rests only on a weak source: the title must name it ({name!r}: ...)",
            )


# How a note says that a bound is kept coarser on purpose.
KEPT = re.compile(r"\bkept to the (year|month)\b")


def _precision(event: Event) -> Iterator[Problem]:
    """A range bound stored to the year or month while its note, or an outside reference
    for the date, gives that bound's day: the day of the bound is known, so store it.

    A note gives the day of a bound when it names exactly one full date in the bound's
    year (or month); two or more (two recognitions in January 1950) say nothing of which
    is the bound. A note that says the bound is "kept to the year" (or month), and why,
    keeps it so."""
    when = event.date
    if not when.interval or KEPT.search(event.date_note or ""):
        return
    given = [
        date.fromisoformat(o.value)
        for o in event.outside
        if o.supports == "date"
        and o.stance == "supports"
        and len(o.value) == 10
        and _ISO.match(o.value)
    ]
    noted = _full_dates(event.date_note, event.note)
    for name, point in (("start", when.start), ("end", when.end)):
        if point is None or point.precision == "day":
            continue

        def inside(days: list[date], point: object = point) -> list[date]:
            return [
                d
                for d in days
                if d.year == point.year  # type: ignore[attr-defined]
                and (point.month is None or d.month == point.month)  # type: ignore[attr-defined]
            ]

        found = inside(given) or (inside(noted) if len(set(inside(noted))) == 1 else [])
        if found:
            day = found[0]
            yield Problem(
                event.origin,
                event.id,
                "date",
                f"the day of its {name} is given ({day.day} {MONTHS[day.month - 1]} "
                f"{day.year}), but it is stored as {point.display()}: store it to the day "
                f"({day.isoformat()}), or say in the date note why it is kept to the "
                f"{point.precision}",
            )


def _full_dates(*texts: str | None) -> list[date]:
    out = []
    for text in texts:
        for m in _FULL.finditer(text or ""):
            day, month, year = (m[1], m[2], m[3]) if m[1] else (m[5], m[4], m[6])
            try:
                out.append(date(int(year), MONTHS.index(month) + 1, int(day)))
            except ValueError:
                continue
    return out


# A source on the web needs the date it was read (`accessed`): Chicago 17 §14.12 and
# MLA 9 §5.111 print it for an undated source, and it tells a reader which version of a
# page was cited (docs/citations.md). A warning on a user's files (an error with
# `vpa check --strict`). On for the bundled data too: each bundled source with a URL has
# its `accessed` date and that date's basis in `provenance` (fact-check pass 9).
BUNDLED_WEB_SOURCES_NEED_ACCESS_DATES = True


def _access_date(source: Source) -> Iterator[Problem]:
    if not source.url or source.accessed is not None:
        return
    if not BUNDLED_WEB_SOURCES_NEED_ACCESS_DATES and source.origin in bundled_origins():
        return
    yield Problem(
        source.origin,
        source.id,
        "accessed",
        "a source with a url needs the date it was read (Chicago and MLA print it for "
        "an undated work)",
    )


def _source(source: Source) -> Iterator[Problem]:
    yield from _access_date(source)
    if source.weak and not source.short_title:
        yield Problem(
            source.origin,
            source.id,
            "short_title",
            "a weak source needs a short title, which the title of each record resting "
            'only on it names ("Overview essay: ...")',
        )
    yield from _references(source, source, source.outside, "")
    for i, p in enumerate(source.provenance):
        if p.basis != "supplied":
            continue
        for name in p.fields:
            site = _site(source.url) if name in ("url", "publication", "accessed") else ""
            yield from _rests_on(
                source,
                source.outside,
                name,
                f"the supplied {name}",
                f"provenance[{i}]",
                own_site=site,
            )
    notes = [source.note, source.as_of_note, source.assessment]
    notes += [p.note for p in source.provenance]
    yield from _addresses(source, source.outside, notes, own=[source.url] if source.url else [])
