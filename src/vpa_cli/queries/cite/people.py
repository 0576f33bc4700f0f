"""Personal names in references: name order, inversion, initials, lists of names.

Decisions, applied the same way in every style and export:

- Ranks, titles, degrees and affiliations are never printed: APA 7, Chicago 17
  and MLA 9 all leave them out of references. They stay in the data (`--format json`).
- A `literal` name is printed exactly as the source prints it and never inverted or
  reduced to initials. Our bylines "Ngoc Hung" and "Anh Vu" are literal because the
  text does not say which part is the family name.
- Vietnamese names are written family name first ("Nguyen Chi Vinh": family Nguyen,
  given Chi Vinh), and a person's `family_first: true` says so.
- APA 7 (the only rule here with a source we could read: the APA Style blog, "What's
  in a name? Cultural variations in name order", 17 May 2017, written for the 6th
  edition, with no change we know of in the 7th): work out the family name, then
  "Family, Initials." in the reference list whatever the order on the work
  ("Nguyen, C. V."), and the family name alone in the text ("Nguyen, 2015"). As a
  translator, "C. V. Nguyen".
- Chicago 17 and MLA 9: a family-first name is printed as written, not inverted and
  without a comma ("Nguyen Chi Vinh."), in the bibliography, in notes and in works
  cited, and it sorts under the family name. We could not read either manual; this
  follows the Journal of Vietnamese Studies' Chicago-based style guide ("write author
  names in the word order ... on the original document") and is provisional until
  checked against CMOS 17 and the MLA Handbook.
- In the text (APA and MLA in-text citations, Chicago short notes): APA names the family
  name ("Nguyen, 2018"), with the initials when another first author cited has the same
  family name (APA 7 §8.20: "B. D. Nguyen, 2018"); Chicago and MLA name a family-first
  name whole ("Nguyen Ba Duong"), as their entries write it, and a Western name by its
  family name ("Thayer").
- A name is family-first when `family_first` is true, given-first when it is false.
  When it is left out, vpa recognises the common Vietnamese family names below, so
  files written before the field existed keep their order ("Viet Thanh Nguyen", who
  writes his given name first, needs `"family_first": false`). Other names follow
  Western order: "Thayer, Carlyle A." inverted, "Carlyle A. Thayer" in running order.
"""

from __future__ import annotations

from collections.abc import Sequence

from vpa_cli.records.types import Person
from vpa_cli.text import fold

# Common Vietnamese family names, accents folded (Nguyễn -> nguyen). "Van" and "Thi"
# are not here: they are middle names.
VIETNAMESE_FAMILY_NAMES = frozenset(
    """
    nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh dao doan
    trinh truong luong luu lam mai cao ha ta chu ton quach thai kieu tong
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


def family_first(person: Person) -> bool:
    """True for a structured name written family name first (Vietnamese)."""
    if person.literal or not person.family:
        return False
    if person.family_first is not None:
        return person.family_first
    words = fold(person.family).split()
    return bool(words) and words[0] in VIETNAMESE_FAMILY_NAMES


def running(person: Person) -> str:
    """The name in the order people write it: Nguyen Chi Vinh, Carlyle A. Thayer."""
    if person.literal:
        return person.literal
    parts = (person.family, person.given) if family_first(person) else (person.given, person.family)
    return " ".join(p for p in parts if p)


def inverted(person: Person) -> tuple[str, bool]:
    """The name with the family name first, and whether a comma was needed to do it."""
    if person.literal or family_first(person) or not person.given:
        return running(person), False
    return f"{person.family}, {person.given}", True


def initials(given: str) -> str:
    """'Chi Vinh' -> 'C. V.'; 'Jean-Paul' -> 'J.-P.'; 'Carlyle A.' -> 'C. A.'."""
    out = []
    for word in given.split():
        parts = []
        for part in word.split("-"):
            letters = [ch for ch in part if ch.isalpha()]
            if letters:
                parts.append(letters[0].upper() + ".")
        if parts:
            out.append("-".join(parts))
    return " ".join(out)


def apa_inverted(person: Person) -> str:
    """APA author form: family name, comma, initials ('Nguyen, C. V.')."""
    if person.literal:
        return person.literal
    if not person.given:
        return person.family or ""
    return f"{person.family}, {initials(person.given)}"


def apa_running(person: Person) -> str:
    """APA form for translators and editors: initials, family name ('C. V. Nguyen')."""
    if person.literal:
        return person.literal
    return " ".join(p for p in (initials(person.given or ""), person.family) if p)


def apa_cited(person: Person, *, with_initials: bool = False) -> str:
    """APA in-text form: the family name ('Nguyen'), or with initials ('B. D. Nguyen')."""
    if person.literal:
        return person.literal
    if with_initials and person.given:
        return f"{initials(person.given)} {person.family}"
    return person.family or ""


def short_name(person: Person) -> str:
    """Chicago's short notes and MLA's in-text citations: a family-first or literal name
    whole ('Nguyen Ba Duong'), any other by its family name ('Thayer')."""
    if person.literal or family_first(person):
        return running(person)
    return person.family or ""


def same_family(a: Person, b: Person) -> bool:
    """Two different people with the same family name (APA 7 §8.20)."""
    if a.literal or b.literal or not a.family or not b.family:
        return False
    return fold(a.family) == fold(b.family) and fold(a.given or "") != fold(b.given or "")


def whole(person: Person) -> str | None:
    """The name a reference manager must keep whole, as its bearer writes it: a literal
    name, or a family-first name ("Nguyen Ba Duong"); None for a name it may invert."""
    if person.literal:
        return person.literal
    if family_first(person):
        return running(person)
    return None


def sort_name(person: Person) -> str:
    """The name as it is alphabetized: family name first."""
    if person.literal:
        return person.literal
    return " ".join(p for p in (person.family, person.given) if p)


def listed(names: Sequence[str], most: int) -> str:
    """The names joined with "and", or the first and "et al." when there are more than
    `most` (a note's or an in-text citation's authors)."""
    return f"{names[0]} et al." if len(names) > most else join_names(names, "and")


def join_names(names: Sequence[str], conjunction: str, *, serial_comma: bool = True) -> str:
    """'A', 'A and B', 'A, B, and C' (the conjunction is 'and' or '&')."""
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return f"{names[0]} {conjunction} {names[1]}"
    comma = "," if serial_comma else ""
    return f"{', '.join(names[:-1])}{comma} {conjunction} {names[-1]}"
