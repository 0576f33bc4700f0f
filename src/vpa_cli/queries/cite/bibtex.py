"""BibTeX export, in the biblatex dialect that pandoc, Zotero, JabRef and biber read.

- Types: journal article -> @article; newspaper article -> @article with
  `entrysubtype = {newspaper}` (biblatex's way; pandoc reads it as a newspaper
  article); web article -> @online, its site in `journaltitle` (pandoc, the real client,
  reads that as the container; it reads `organization` as the publisher, which the site
  is not);
  book -> @book and report -> @report, with `publication` as `publisher`.
- Names: "Family, Given" parts joined with "and"; a literal name and a family-first
  name in braces ({Ngoc Hung}, {Nguyen Ba Duong}) so no reader splits or inverts them:
  BibTeX cannot mark a name as family-first, and pandoc would print "B. D. Nguyen".
- `url`, `urldate` (the date accessed), `publisher`, `volume`, `number` (issue),
  `pages` and `origtitle` as stored; `shorttitle` the short title where the source has
  one (see `titles`).
- For a manual (`--for apa|chicago|mla`, see `manuals`): `urldate` only where the manual
  prints an access date; for APA, names in their parts ("Nguyen, Ba Duong": the style
  writes "Nguyen, B. D.") and `pubstate = {n.d.}` on an undated source with a URL.
- Dates at the stored precision: `date` in biblatex's EDTF form (2015-03-02, 2018, 2019-07,
  2019~, 2014/2015, 2014/), plus `year` and `month` for classic BibTeX. No date, no
  fields. Nothing the source does not give is written; ranks and affiliations have no
  field and are left out.
- Text stays Unicode (write the file as UTF-8). The characters LaTeX treats specially
  (\\ { } % & $ # _ ^ ~) are escaped; a brace the text does not pair is written
  `\\textbraceleft{}` or `\\textbraceright{}`, since BibTeX counts braces whether escaped
  or not and a lone `\\}` would end the entry; control characters become spaces. In titles, words
  with capitals are braced ({Party’s}, {VPA}) so styles that re-case titles keep them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vpa_cli.queries.cite import manuals
from vpa_cli.queries.cite.people import whole
from vpa_cli.queries.cite.titles import is_description, shortened
from vpa_cli.records.dates import DatePoint, FuzzyDate
from vpa_cli.records.types import Person, Source

TYPES = {
    "journal-article": "article",
    "newspaper-article": "article",
    "web-article": "online",
    "book": "book",
    "report": "report",
}
MONTH_MACROS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\textasciitilde{}",
}
_SPECIAL_RE = re.compile(r"[\\{}%&$#_^~]")
# Control characters, tab and newline included: a field value is one line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


# A brace without a partner in the text. BibTeX (and biber) count every brace, escaped
# or not, so a lone `\}` would close the field and let the text after it start an entry
# of its own; pandoc counts only unescaped braces. These commands hold no brace of the
# text, so both count them balanced.
_LONE = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}


def lone_braces(text: str) -> set[int]:
    """Where `text` has a brace that no other brace of it pairs with."""
    opened: list[int] = []
    lone: set[int] = set()
    for i, ch in enumerate(text):
        if ch == "{":
            opened.append(i)
        elif ch == "}":
            if opened:
                opened.pop()
            else:
                lone.add(i)
    return lone.union(opened)


def escape(text: str) -> str:
    """`text` as the value of a BibTeX field: LaTeX specials escaped, one line. Braces
    that pair in the text are written `\\{` and `\\}`, which every reader takes back;
    a lone brace as `\\textbraceleft{}` or `\\textbraceright{}`, so no reader of BibTeX
    sees the field end early (pandoc 2.17 drops those two commands)."""
    text = _CONTROL.sub(" ", text)
    lone = lone_braces(text) if "{" in text or "}" in text else set()

    def special(m: re.Match[str]) -> str:
        ch = m.group()
        return _LONE[ch] if m.start() in lone else _SPECIAL[ch]

    return _SPECIAL_RE.sub(special, text)


def escape_url(url: str) -> str:
    """A URL as a field value: only braces and controls would break it (pandoc and biber
    read `url` verbatim, so %, _, # and ~ stay as they are)."""
    return _CONTROL.sub("", url).replace("{", "%7B").replace("}", "%7D")


def protect_title(title: str) -> str:
    """Escape, and brace every word with a capital that is not just the title's first
    letter, so a style that lower-cases titles keeps proper nouns and acronyms."""
    words = escape(title).split(" ")
    out = []
    for i, word in enumerate(words):
        letters = [ch for ch in word if ch.isalpha()]
        capitals = [ch for ch in letters if ch.isupper()]
        # Only a capital that is the title's very first character is safe unbraced:
        # pandoc re-cases a capital that follows punctuation ("/A" became "/a").
        first_only = i == 0 and len(capitals) == 1 and word[:1].isupper()
        out.append(f"{{{word}}}" if capitals and not first_only else word)
    return " ".join(out)


def _name_part(text: str) -> str:
    value = escape(text)
    # A comma or a word "and" inside a part would split the name; braces keep it whole.
    if "," in value or re.search(r"\band\b", value, re.IGNORECASE):
        return f"{{{value}}}"
    return value


def name(person: Person, *, keep_whole: bool = True) -> str:
    """`Family, Given`; a literal name, and with `keep_whole` a family-first one, braced."""
    kept = whole(person) if keep_whole or person.literal else None
    if kept is not None:
        return f"{{{escape(kept)}}}"
    family = _name_part(person.family or "")
    if person.given:
        return f"{family}, {_name_part(person.given)}"
    return family


def names(people: Iterable[Person], *, keep_whole: bool = True) -> str:
    return " and ".join(name(p, keep_whole=keep_whole) for p in people)


def _edtf(point: DatePoint | None) -> str:
    if point is None:
        return ""
    text = f"{point.year:04d}"
    if point.month:
        text += f"-{point.month:02d}"
    if point.day:
        text += f"-{point.day:02d}"
    if point.approximate and point.uncertain:
        text += "%"
    elif point.approximate:
        text += "~"
    elif point.uncertain:
        text += "?"
    return text


def date_fields(when: FuzzyDate) -> list[tuple[str, str]]:
    """`date` (biblatex) and, for classic BibTeX, `year` and `month`."""
    if not when.interval:
        assert when.start is not None
        fields = [("date", _edtf(when.start)), ("year", str(when.start.year))]
        if when.start.month:
            fields.append(("month", MONTH_MACROS[when.start.month - 1]))
        return fields
    start, end = when.start, when.end
    fields = [("date", f"{_edtf(start)}/{_edtf(end)}")]
    years = [str(p.year) for p in (start, end) if p]
    if start and end:
        fields.append(("year", years[0] if years[0] == years[1] else f"{years[0]}--{years[1]}"))
    return fields


def entry(source: Source) -> str:  # noqa: C901 (one flat list of fields: docs/development.md)
    """`source` as a BibTeX entry, for the manual it is exported for (`manuals.for_manual`;
    plain: everything the data has)."""
    manual = manuals.manual_of(source)
    kind = TYPES.get(source.type or "", "misc")
    fields: list[tuple[str, str]] = []
    keep_whole = manuals.names_whole(manual)
    if source.type == "newspaper-article":
        fields.append(("entrysubtype", "{newspaper}"))
    if source.authors:
        fields.append(("author", f"{{{names(source.authors, keep_whole=keep_whole)}}}"))
    if source.translators:
        fields.append(("translator", f"{{{names(source.translators, keep_whole=keep_whole)}}}"))
    fields.append(("title", f"{{{protect_title(source.title)}}}"))
    short = shortened(source.title, source.short_title)
    if short and is_description(source.title):
        # Braced whole, so no style re-cases it (see csl.py's title-short).
        fields.append(("shorttitle", f"{{{{{escape(f'[{short}]')}}}}}"))
    elif short:
        fields.append(("shorttitle", f"{{{protect_title(short)}}}"))
    if source.publication:
        key = {
            "journal-article": "journal",
            "newspaper-article": "journal",
            "web-article": "journaltitle",
        }.get(source.type or "", "publisher")
        fields.append((key, f"{{{escape(source.publication)}}}"))
    if source.original_title:
        fields.append(("origtitle", f"{{{protect_title(source.original_title)}}}"))
    if source.publisher and all(k != "publisher" for k, _ in fields):
        fields.append(("publisher", f"{{{escape(source.publisher)}}}"))
    for key, value in (
        ("volume", source.volume),
        ("number", source.issue),
        ("pages", source.pages),
    ):
        if value:
            fields.append((key, f"{{{escape(value)}}}"))
    when = source.date
    if when is not None:
        for key, value in date_fields(when):
            # Month macros (jan, feb, ...) are bare words; everything else is braced.
            fields.append((key, value if key == "month" else f"{{{value}}}"))
    status = manuals.status(source, manual)
    if status:
        fields.append(("pubstate", f"{{{status}}}"))
    if source.url:
        fields.append(("url", f"{{{escape_url(source.url)}}}"))
    if source.accessed is not None and manuals.wants_access_date(source, manual):
        fields.append(("urldate", f"{{{date_fields(source.accessed)[0][1]}}}"))
    width = max(len(k) for k, _ in fields)
    body = ",\n".join(f"  {k.ljust(width)} = {v}" for k, v in fields)
    return f"@{kind}{{{source.id},\n{body},\n}}\n"


def to_bibtex(sources: Iterable[Source]) -> str:
    return "\n".join(entry(s) for s in sources)
