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
- In-text citation (§8.10-8.22), parenthetical: "(Nguyen, 2018)", "(Ngoc Hung & Anh Vu,
  n.d.)", three or more authors "(A et al., 2018)"; the first author's initials when
  another first author of the works cited has the same family name (§8.20: "(B. D.
  Nguyen, 2018)"). No author (§8.14): the title, shortened to the source's short title
  where it has one, in title case (§6.17), italic where the reference italicizes it and
  else in quotation marks; a description keeps its brackets and its case (APA's table of
  missing information: "([Description of document], n.d.)").
"""

from __future__ import annotations

from collections.abc import Sequence

from vpa_cli.queries.cite import dating
from vpa_cli.queries.cite.kinds import head_sort, others_sort, title_sort
from vpa_cli.queries.cite.people import (
    apa_cited,
    apa_inverted,
    apa_running,
    join_names,
    same_family,
)
from vpa_cli.queries.cite.styled import Builder, Styled
from vpa_cli.queries.cite.titles import apa_title_case, is_description, shortened
from vpa_cli.records.types import Person, Source

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


def _italic_title(source: Source) -> bool:
    return source.type not in ("journal-article", "newspaper-article")


def title(source: Source) -> Styled:
    b = Builder()
    if is_description(source.title):
        b.add(source.title.strip())
    else:
        b.add(source.title, italic=_italic_title(source))
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


def cited_authors(source: Source, among: Sequence[Source] = ()) -> str:
    """The authors as an in-text citation names them: "Nguyen", "B. D. Nguyen" (§8.20)."""
    people = source.authors
    first = people[0]
    initials = any(s.authors and same_family(first, s.authors[0]) for s in among)
    names = [apa_cited(first, with_initials=initials)]
    if len(people) >= 3:
        return f"{names[0]} et al."
    names += [apa_cited(p) for p in people[1:]]
    return join_names(names, "&")


def citation(source: Source, among: Sequence[Source] = ()) -> Styled:
    """The parenthetical in-text citation: "(Nguyen, 2018)", "([Overview essay], n.d.)".
    `among` are the other works cited, for §8.20's initials."""
    b = Builder().add("(")
    year = dating.render(source.date, dating.year_only) if source.date else "n.d."
    if source.authors:
        b.add(cited_authors(source, among)).add(f", {year}")
    else:
        short = shortened(source.title, source.short_title)
        if is_description(source.title):
            b.add(f"[{short}]" if short else source.title.strip()).add(f", {year}")
        elif _italic_title(source):
            b.add(apa_title_case(short or source.title), italic=True).add(f", {year}")
        else:
            text = apa_title_case(short or source.title)
            comma = "" if text.endswith(("?", "!")) else ","
            b.add(f"“{text}{comma}” {year}")
    return b.add(")").build()


def sort_key(source: Source) -> tuple[object, ...]:
    when = source.date
    dated = (1, when.sort_key()) if when else (0, ())
    return (head_sort(source), others_sort(source), dated, title_sort(source.title))
