"""Names as their bearers write them, in each style and export."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run

from vpa_cli.queries.cite import apa, bibtex, chicago, csl, mla, ris
from vpa_cli.queries.cite.people import family_first, running
from vpa_cli.records.types import Person

CITING = str(Path(__file__).parent / "data" / "citing" / "metadata.json")
DUONG = Person(family="Nguyen", given="Ba Duong", family_first=True)
THAYER = Person(family="Thayer", given="Carlyle A.")
LITERAL = Person(literal="Ngoc Hung")


def test_the_field_marks_a_family_first_name() -> None:
    assert family_first(DUONG)
    assert family_first(Person(family="Kim", given="Jong Un", family_first=True))
    assert not family_first(THAYER)
    assert not family_first(LITERAL)
    # Files written before the field: a common Vietnamese family name is still read so.
    assert family_first(Person(family="Hoang", given="Xuan Chien"))


def test_each_style_follows_its_rule() -> None:
    # APA: family name and initials in the reference list (APA Style blog, 2017).
    assert apa.authors([DUONG]) == "Nguyen, B. D."
    # Chicago and MLA: as written, not inverted, no comma.
    assert chicago.bibliography_authors([DUONG]) == "Nguyen Ba Duong"
    assert chicago.note_authors([DUONG]) == "Nguyen Ba Duong"
    assert mla.authors([DUONG]) == "Nguyen Ba Duong"
    assert chicago.bibliography_authors([THAYER]) == "Thayer, Carlyle A."
    assert running(THAYER) == "Carlyle A. Thayer"
    # A name whose family part the text does not show stays literal everywhere.
    assert apa.authors([LITERAL]) == chicago.bibliography_authors([LITERAL]) == "Ngoc Hung"


def test_exports_keep_family_first_names_whole() -> None:
    assert csl.name(DUONG) == {
        "family": "Nguyen",
        "given": "Ba Duong",
        "static-ordering": True,
        "literal": "Nguyen Ba Duong",
    }
    assert csl.name(THAYER) == {"family": "Thayer", "given": "Carlyle A."}
    assert bibtex.name(DUONG) == "{Nguyen Ba Duong}"
    assert bibtex.name(THAYER) == "Thayer, Carlyle A."
    assert ris.author(DUONG) == "Nguyen, Ba Duong"
    assert ris.author(LITERAL) == "Ngoc Hung"


def test_a_users_file_with_the_field_through_the_cli() -> None:
    result = run("cite", "duong-2018", "--style", "chicago", "--data", CITING)
    assert result.exit_code == 0, result.stderr
    assert "  bibliography: Nguyen Ba Duong. “Vietnam’s International" in result.stdout
    items = json.loads(run("cite", "duong-2018", "--format", "csl-json", "--data", CITING).stdout)
    assert items[0]["author"][0]["literal"] == "Nguyen Ba Duong"
