"""APA 7 reference-list entries: Author. (Date). Title. Source.

- Authors: family name and initials ("Nguyen, C. V."), up to 20 listed, "&" before the
  last; ranks and titles left out. Translators follow the title: "(Mai Huong, Trans.)".
- No author (§9.12): the title moves to the author position, before the date.
- No date (§9.17): "(n.d.)". Journal articles and stand-alone works give the year;
  newspaper and web articles the year, month and day as far as the source gives them.
- Untitled work (§9.21): our bracketed description, in brackets and never italic.
- Titles as stored (sentence case, see `titles`); a web page, book or report title is
  italic, a journal or newspaper article title is not. The journal or newspaper name
  is italic, a web site name is not; a book's or report's publisher is plain.
- Source element: the journal with its volume (italic), issue and pages, "*Journal*,
  *12*(3), 45–67."; the newspaper (italic) or site (roman); a book's or report's
  publisher. Then the URL (§9.34). No retrieval date: APA 7 gives one only for pages
  meant to change (§9.16), which a cited article is not.
- Names (see `people`): "Nguyen, C. V." in the reference list, per the APA Style blog's
  rule for names written family name first.
- Sorting: by first author (family name first), else by title; undated works before
  dated ones by the same author, then by date.
"""

from __future__ import annotations

from vpa_cli.citations import dating
from vpa_cli.citations.kinds import head_sort, others_sort, title_sort
from vpa_cli.citations.people import apa_inverted, apa_running, join_names
from vpa_cli.citations.styled import Builder, Styled
from vpa_cli.citations.titles import is_description
from vpa_cli.model import Person, Source

MAX_LISTED = 20


def authors(people: list[Person]) -> str:
    names = [apa_inverted(p) for p in people]
    if len(names) > MAX_LISTED:
        # APA 7: the first 19, an ellipsis, then the final author (no ampersand).
        return ", ".join(names[: MAX_LISTED - 1]) + ", . . . " + names[-1]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def translators(people: list[Person]) -> str:
    names = [apa_running(p) for p in people]
    return join_names(names, "&") + ", Trans."


def date(source: Source) -> str:
    when = source.date
    if when is None:
        return "n.d."
    full = source.type in ("newspaper-article", "web-article")
    return dating.render(when, dating.year_month_day if full else dating.year_only)


def title(source: Source) -> Styled:
    b = Builder()
    if is_description(source.title):
        b.add(source.title.strip())
    else:
        italic = source.type not in ("journal-article", "newspaper-article")
        b.add(source.title, italic=italic)
    if source.translators:
        b.add(f" ({translators(source.translators)})")
    return b.build()


def entry(source: Source) -> Styled:
    b = Builder()
    when = f"({date(source)})"
    if source.authors:
        b.add(authors(source.authors)).close(".")
        b.separator().add(when).close(".")
        b.separator().add_styled(title(source)).close(".")
    else:
        b.add_styled(title(source)).close(".")
        b.separator().add(when).close(".")
    where = container(source)
    if where.spans:
        b.separator().add_styled(where)
    if source.url:
        b.separator().add(source.url)
    return b.build()


def container(source: Source) -> Styled:
    """Where it was published: "*Journal*, *12*(3), 45–67.", "*Paper*.", "Publisher."."""
    b = Builder()
    pub = source.publication
    if source.type in ("book", "report") or source.type is None:
        pub = pub or source.publisher
    if not pub:
        return b.build()
    italic = source.type in ("journal-article", "newspaper-article")
    b.add(pub, italic=italic)
    if source.type == "journal-article" and source.volume:
        b.add(", ").add(source.volume, italic=True)
        if source.issue:
            b.add(f"({source.issue})")
    if source.pages:
        b.add(f", {source.pages}")
    return b.close(".").build()


def sort_key(source: Source) -> tuple[object, ...]:
    when = source.date
    dated = (1, when.sort_key()) if when else (0, ())
    return (head_sort(source), others_sort(source), dated, title_sort(source.title))
