"""Chicago 17 notes and bibliography: a full note and a bibliography entry per source.

- Bibliography: the first author inverted ("Thayer, Carlyle A."), the others in running
  order; a family-first name is written as is ("Nguyen Chi Vinh", see `people`). Up to
  ten authors listed, more as the first seven and "et al.". Notes: running
  order, "A, B, and C", four or more as "A et al.".
- Ranks and titles left out. Translator: "Translated by X." in the bibliography,
  "trans. X" in the note, after the title.
- No author: the entry begins with the title and sorts under it (a leading A, An or The
  ignored). No date: "n.d." where the date would be.
- Titles in headline style; an article title in quotation marks, a stand-alone work in
  italics; our description of an untitled work as plain text without brackets.
- Journal article: journal in italics and the year, "*Journal* (2018)". Newspaper
  article: "*Paper*, March 2, 2015". Web article: site name in roman, then the date.
  Book or report: "Publisher, 2018". Volume, issue and pages where stored:
  "*Journal* 12, no. 3 (2018): 45–67". Then the URL; an access date ("Accessed
  December 18, 2025.") only for a source with no date (CMOS 17 §14.12, see `manuals`).
  What a source does not give is left out.
- Short note (§14.29-14.33), for every citation of a work after its first: the author's
  name as the short form gives it (a family-first name whole, see `people`; one to three
  names, four or more "A et al."), then the title, shortened to the source's short
  title where it has one (§14.33; see `titles`), styled as in the full note:
  "Nguyen Ba Duong, “Vietnam’s International Integration.”". No author: the short
  title alone.
"""

from __future__ import annotations

from vpa_cli.formats import Style
from vpa_cli.queries.cite import dating
from vpa_cli.queries.cite.kinds import head_sort, is_article, others_sort, title_sort
from vpa_cli.queries.cite.manuals import wants_access_date
from vpa_cli.queries.cite.people import inverted, join_names, listed, running, short_name
from vpa_cli.queries.cite.styled import Builder, Styled
from vpa_cli.queries.cite.titles import description_text, headline, is_description, shortened
from vpa_cli.records.types import Person, Source

BIB_MAX_LISTED = 10
BIB_LISTED_WHEN_MORE = 7
NOTE_MAX_LISTED = 3


def bibliography_authors(people: list[Person]) -> str:
    first, comma = inverted(people[0])
    if len(people) > BIB_MAX_LISTED:
        rest = [running(p) for p in people[1:BIB_LISTED_WHEN_MORE]]
        return ", ".join([first, *rest]) + ", et al."
    names = [first, *(running(p) for p in people[1:])]
    if len(names) == 2:
        # The comma closes the inversion ("Ward, Geoffrey C., and Ken Burns").
        return f"{names[0]}{',' if comma else ''} and {names[1]}"
    return join_names(names, "and")


def note_authors(people: list[Person]) -> str:
    return listed([running(p) for p in people], NOTE_MAX_LISTED)


def _date(source: Source) -> str:
    when = source.date
    if when is None:
        return "n.d."
    full = source.type in ("newspaper-article", "web-article")
    return dating.render(when, dating.month_day_year if full else dating.year_only)


def _title(source: Source, mark: str, *, short: bool = False) -> Styled:
    """The title element ending in `mark` ('.' or ','), inside quotation marks if quoted;
    `short`: the short title where the source has one."""
    b = Builder()
    brief = shortened(source.title, source.short_title) if short else None
    if is_description(source.title):
        b.add(description_text(f"[{brief}]" if brief else source.title)).close(mark)
    elif is_article(source):
        text = headline(brief or source.title)
        inner = text if text.endswith(("?", "!")) else text + mark
        b.add(f"“{inner}”")
    else:
        b.add(headline(brief or source.title), italic=True).close(mark)
    return b.build()


def _publication(source: Source, *, note: bool) -> Styled:
    """Where and when: "*Journal* (2018)", "*Paper*, March 2, 2015", "Site. 2015"."""
    b = Builder()
    pub, when = source.publication, _date(source)
    if not pub:
        return b.add(when).build()
    if source.type == "journal-article":
        b.add(pub, italic=True)
        if source.volume:
            b.add(f" {source.volume}")
        if source.issue:
            b.add(f", no. {source.issue}")
        b.add(f" ({when})" if source.date else f", {when}")
        if source.pages:
            b.add(f": {source.pages}")
    elif source.type == "newspaper-article":
        b.add(pub, italic=True).add(f", {when}")
    elif source.type == "web-article":
        b.add(pub).add(f", {when}" if note else f". {when}")
    else:
        b.add(pub).add(f", {when}")
    return b.build()


def bibliography(source: Source) -> Styled:
    b = Builder()
    if source.authors:
        b.add(bibliography_authors(source.authors)).close(".")
    b.separator().add_styled(_title(source, "."))
    if source.translators:
        names = join_names([running(p) for p in source.translators], "and")
        b.separator().add(f"Translated by {names}").close(".")
    b.separator().add_styled(_publication(source, note=False)).close(".")
    _online(b, source, note=False)
    return b.build()


def _online(b: Builder, source: Source, *, note: bool) -> None:
    """The access date (only for an undated source) and the URL, each a sentence."""
    if source.accessed is not None and wants_access_date(source, Style.chicago):
        accessed = dating.render(source.accessed, dating.month_day_year)
        if note:
            b.close(",").separator().add(f"accessed {accessed}")
        else:
            b.separator().add(f"Accessed {accessed}").close(".")
    if source.url:
        if note:
            b.close(",").separator().add(source.url)
        else:
            b.separator().add(source.url).close(".")


def note(source: Source) -> Styled:
    b = Builder()
    if source.authors:
        b.add(note_authors(source.authors)).add(", ")
    b.add_styled(_title(source, ","))
    if source.translators:
        names = join_names([running(p) for p in source.translators], "and")
        b.separator().add(f"trans. {names}").add(",")
    b.separator().add_styled(_publication(source, note=True))
    _online(b, source, note=True)
    return b.close(".").build()


def short_note_authors(people: list[Person]) -> str:
    return listed([short_name(p) for p in people], NOTE_MAX_LISTED)


def short_note(source: Source) -> Styled:
    """The short note: "Nguyen Ba Duong, “Vietnam’s International Integration.”"."""
    b = Builder()
    if source.authors:
        b.add(short_note_authors(source.authors)).add(", ")
    return b.add_styled(_title(source, ".", short=True)).close(".").build()


def sort_key(source: Source) -> tuple[object, ...]:
    return (head_sort(source), others_sort(source), title_sort(source.title))
