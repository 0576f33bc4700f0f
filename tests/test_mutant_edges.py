"""Edges that tests/mutants.py found unpinned (issue 23), each a fixed table of cases.

Mutants of the core that the suite let through: a claim corroborated by two weak
texts, an id resolved only when typed exactly, and `07/12/1995` (month 12 second) read
without a word though its day and month could be swapped. Also: the table of
mutants itself stays well-formed, so that it cannot rot as the code moves.
"""

from __future__ import annotations

import copy
from datetime import date

import pytest
from conftest import REPO, run
from mutants import MUTANTS, problems_in

from vpa_cli.errors import NotFound, UsageError
from vpa_cli.loading.dataset import Dataset
from vpa_cli.loading.reading import load_dataset
from vpa_cli.queries.resolve import resolve_id
from vpa_cli.records.dates import parse_query_date
from vpa_cli.records.types import Event

STRONG, ALSO_STRONG = "nguyen-chi-vinh-2015", "dd-achievements"
WEAK, ALSO_WEAK = "vpa-impact", "august-1945-uprising-teaser"


def test_the_table_of_mutants_is_well_formed() -> None:
    assert problems_in(MUTANTS, REPO) == []


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    loaded = load_dataset([])
    # The premise of the tables: which bundled texts are assessed as weak.
    assert [loaded.sources[s].weak for s in (STRONG, ALSO_STRONG, WEAK, ALSO_WEAK)] == [
        False,
        False,
        True,
        True,
    ]
    return loaded


def _citing(dataset: Dataset, sources: tuple[str, ...]) -> Event:
    """A bundled event, uncontested, whose quotes come from `sources` (one each)."""
    event = copy.copy(next(e for e in dataset.events if e.standing == "single-source"))
    template = event.citations[0]
    event.citations = [copy.copy(template) for _ in sources]
    for citation, sid in zip(event.citations, sources, strict=True):
        citation.source = sid
    event.contrary = []
    event.outside = []
    return event


@pytest.mark.parametrize(
    ("sources", "standing"),
    [
        ((STRONG,), "single-source"),
        ((WEAK,), "single-source"),
        ((STRONG, STRONG), "single-source"),  # two quotes, one text
        ((STRONG, ALSO_STRONG), "corroborated"),
        ((WEAK, STRONG), "corroborated"),  # one of them not weak is enough
        ((WEAK, ALSO_WEAK), "single-source"),  # two texts, both weak
        ((WEAK, WEAK, ALSO_WEAK), "single-source"),
    ],
)
def test_standing_at_its_edges(dataset: Dataset, sources: tuple[str, ...], standing: str) -> None:
    assert dataset.standing(_citing(dataset, sources)) == standing


@pytest.mark.parametrize(
    ("sources", "only_weak"),
    [
        ((), False),
        ((STRONG,), False),
        ((WEAK,), True),
        ((WEAK, ALSO_WEAK), True),
        ((WEAK, STRONG), False),
        ((STRONG, WEAK), False),
        (("no-such-source",), False),
    ],
)
def test_only_weak_at_its_edges(
    dataset: Dataset, sources: tuple[str, ...], only_weak: bool
) -> None:
    assert dataset.only_weak(sources) is only_weak


RECORDS = {"2014-first-un-peacekeepers": 1, "nguyen-chi-vinh-2015": 2}


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("2014-first-un-peacekeepers", 1),
        ("2014-First-UN-Peacekeepers", 1),
        ("2014 first un peacekeepers", 1),
        ("2014_FIRST_UN_PEACEKEEPERS", 1),
        ("Nguyễn-Chí-Vịnh-2015", 2),
    ],
)
def test_an_id_typed_loosely_resolves(typed: str, found: int) -> None:
    assert resolve_id(RECORDS, typed, "record", then="vpa search") == found


@pytest.mark.parametrize("typed", ["2014-first-un-peacekeeper", "", "--", "nguyen-chi-vinh"])
def test_an_id_loosely_like_none_is_not_found(typed: str) -> None:
    with pytest.raises(NotFound):
        resolve_id(RECORDS, typed, "record", then="vpa search")


def test_show_takes_an_id_typed_loosely() -> None:
    result = run("show", "2014-First-UN-Peacekeepers", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["record"]["id"] == "2014-first-un-peacekeepers"


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("12/07/1995", None),  # 12 July or 7 December
        ("07/12/1995", None),  # 7 December or 12 July: month 12 second
        ("01/12/1995", None),
        ("12/01/1995", None),
        ("1 12 1995", None),
        ("12.07.1995", None),
        ("12/12/1995", date(1995, 12, 12)),  # either way the same day
        ("07/07/1995", date(1995, 7, 7)),
        ("13/12/1995", date(1995, 12, 13)),  # 13 is no month
        ("12/13/1995", date(1995, 12, 13)),
        ("25/12/1995", date(1995, 12, 25)),
    ],
)
def test_a_numeric_date_is_ambiguous_at_its_edges(typed: str, day: date | None) -> None:
    if day is None:
        with pytest.raises(UsageError, match="ambiguous"):
            parse_query_date(typed, "--from")
    else:
        parsed = parse_query_date(typed, "--from")
        assert (parsed.first_day, parsed.last_day, parsed.precision) == (day, day, "day")
