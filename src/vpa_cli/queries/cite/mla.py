"""MLA 9 works-cited entries: Author. Title. Other contributors, Container, Date.

- Authors: one, inverted ("Thayer, Carlyle A."; a family-first name as written, see
  `people`); two, "A, and B"; three or more, the first and "et al.". Ranks left out.
- A translator is another contributor of the source: "Translated by X" after its title.
- No author: the entry begins with the title. No date: the date is left out (MLA has no
  "n.d." in works cited).
- Titles in headline style; an article title in quotation marks, a stand-alone work in
  italics; our description of an untitled work as plain text without brackets.
- The journal, newspaper or web site is the container, in italics; a book's or report's
  publisher is plain. Dates day first with abbreviated months: "2 Mar. 2015".
  Then "vol. 12, no. 3", the date, "pp. 45–67" and the URL as stored, and for a
  source with no date, "Accessed 18 Dec. 2025." (MLA 9 §5.111 recommends an access date
  when the work has none; see `manuals`).
- In-text citation (chapter 6): what begins the works-cited entry, shortened: "(Nguyen
  Ba Duong)" (a family-first name whole, as the entry writes it; see `people`), "(Ngoc
  Hung and Anh Vu)", "(Thayer et al.)"; no author: the title, shortened to the source's
  short title where it has one and styled as in the entry ("(“Armed Forces’ Role”)",
  a description plain). The sources are unpaginated: a paragraph, if any, is the
  writer's to add ("par. 3").
"""

from __future__ import annotations

from vpa_cli.formats import Style
from vpa_cli.queries.cite import dating
from vpa_cli.queries.cite.kinds import head_sort, is_article, others_sort, title_sort
from vpa_cli.queries.cite.manuals import wants_access_date
from vpa_cli.queries.cite.people import inverted, listed, running, short_name
from vpa_cli.queries.cite.styled import Builder, Styled
from vpa_cli.queries.cite.titles import description_text, headline, is_description, shortened
from vpa_cli.records.types import Person, Source


def authors(people: list[Person]) -> str:
    first, comma = inverted(people[0])
    sep = "," if comma else ""
    if len(people) == 1:
        return first
    if len(people) == 2:
        return f"{first}{sep} and {running(people[1])}"
    return f"{first}{sep} et al."


def contributors(people: list[Person]) -> str:
    return listed([running(p) for p in people], 2)


def title(source: Source) -> Styled:
    b = Builder()
    if is_description(source.title):
        b.add(description_text(source.title)).close(".")
    elif is_article(source):
        text = headline(source.title)
        b.add(f"“{text if text.endswith(('?', '!')) else text + '.'}”")
    else:
        b.add(headline(source.title), italic=True).close(".")
    return b.build()


def entry(source: Source) -> Styled:
    b = Builder()
    if source.authors:
        b.add(authors(source.authors)).close(".")
    b.separator().add_styled(title(source))
    rest = Builder()
    if source.translators:
        rest.add(f"Translated by {contributors(source.translators)}")
    if source.publication:
        rest.separator(", ").add(source.publication, italic=is_article(source))
    if source.volume:
        rest.separator(", ").add(f"vol. {source.volume}")
    if source.issue:
        rest.separator(", ").add(f"no. {source.issue}")
    when = source.date
    if when is not None:
        rest.separator(", ").add(dating.render(when, dating.day_month_year))
    if source.pages:
        rest.separator(", ").add(f"pp. {source.pages}")
    if source.url:
        rest.separator(", ").add(source.url)
    if rest.text:
        b.separator().add_styled(rest.build()).close(".")
    if source.accessed is not None and wants_access_date(source, Style.mla):
        b.separator().add(f"Accessed {dating.render(source.accessed, dating.day_month_year)}")
        b.close(".")
    return b.build()


def cited_authors(people: list[Person]) -> str:
    return listed([short_name(p) for p in people], 2)


def citation(source: Source) -> Styled:
    """The parenthetical in-text citation: "(Nguyen Ba Duong)", "(Overview essay)"."""
    b = Builder().add("(")
    if source.authors:
        b.add(cited_authors(source.authors))
    else:
        brief = shortened(source.title, source.short_title)
        if is_description(source.title):
            b.add(description_text(f"[{brief}]" if brief else source.title))
        elif is_article(source):
            b.add(f"“{headline(brief or source.title)}”")
        else:
            b.add(headline(brief or source.title), italic=True)
    return b.add(")").build()


def sort_key(source: Source) -> tuple[object, ...]:
    return (head_sort(source), others_sort(source), title_sort(source.title))
