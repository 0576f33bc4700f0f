"""What kind of work a source is, as far as the styles care, and how entries sort.

Articles (journal, newspaper, web) are parts of a larger whole: Chicago and MLA put
their titles in quotation marks and italicize the journal, newspaper or site. Books,
reports and sources of no stated type stand alone: their titles are italic, and
`publication` is read as the publisher. APA italicizes the title of a web page but not
the site name, and gives journal articles only the year but newspaper and web articles
the full date.
"""

from __future__ import annotations

import re

from vpa_cli.queries.cite.people import sort_name
from vpa_cli.records.types import Source
from vpa_cli.text import fold

ARTICLES = frozenset({"journal-article", "newspaper-article", "web-article"})
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_LEADING_ARTICLE = re.compile(r"^(?:a|an|the)\s+")


def is_article(source: Source) -> bool:
    return source.type in ARTICLES


def sort_text(text: str) -> str:
    """Letter-by-letter sort form: accents, case, punctuation and spaces ignored."""
    return _NOT_ALNUM.sub("", fold(text))


def title_sort(title: str) -> str:
    """A title sorts without its brackets and without a leading A, An or The."""
    text = fold(title.strip().strip("[]"))
    text = re.sub(r"^[^0-9a-z]+", "", text)
    return sort_text(_LEADING_ARTICLE.sub("", text))


def head_sort(source: Source) -> str:
    """What an entry is alphabetized by: the first author, or the title if none."""
    if source.authors:
        return sort_text(sort_name(source.authors[0]))
    return title_sort(source.title)


def others_sort(source: Source) -> tuple[str, ...]:
    return tuple(sort_text(sort_name(p)) for p in source.authors[1:])
