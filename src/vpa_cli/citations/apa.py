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
    if source.publication:
        italic = source.type in ("journal-article", "newspaper-article")
        b.separator().add(source.publication, italic=italic).close(".")
    return b.build()


def sort_key(source: Source) -> tuple[object, ...]:
    when = source.date
    dated = (1, when.sort_key()) if when else (0, ())
    return (head_sort(source), others_sort(source), dated, title_sort(source.title))
