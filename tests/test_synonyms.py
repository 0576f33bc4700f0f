"""Names of the same thing (search/names.py): a query in any name of a group finds
the lines that use another, and docs/search.md lists every group."""

from __future__ import annotations

import pytest
from conftest import REPO, run_json

from vpa_cli.queries.search import parse_query
from vpa_cli.queries.search.names import EQUIVALENT_NAMES
from vpa_cli.queries.search.words import stems

SEARCH_DOC = (REPO / "docs" / "search.md").read_text(encoding="utf-8")


def passages(query: str) -> set[str]:
    return {h["id"] for h in run_json("search", query, "--type", "passage", "--limit", "0")}


def test_east_sea_and_south_china_sea_find_the_same_lines() -> None:
    east, south = passages("East Sea"), passages("South China Sea")
    assert east == south
    # Each source says only one of the names.
    assert {"nguyen-ba-duong-2018:21", "vpa-impact:26"} <= east
    assert passages("Biển Đông") == east
    assert passages('"East Sea"') == east


@pytest.mark.parametrize(
    ("names", "line"),
    [
        # Line 19 of the file is the article's, not the teaser's printed after it.
        (["PKO", "peacekeeping operations"], "nguyen-chi-vinh-2015:19"),
        (["HADR", "humanitarian assistance and disaster relief"], "vpa-impact:21"),
        (["MND", "MoD", "Ministry of National Defence", "Bộ Quốc phòng"], "hoang-xuan-chien:10"),
        (["CMC", "Central Military Commission"], "hoang-xuan-chien:21"),
        (["UNSC", "Security Council", "Hội đồng Bảo an"], "dd-achievements:8"),
        (["Trung Quốc", "China", "PRC"], "vpa-impact:26"),
        (["Liên Hợp Quốc", "United Nations", "UN"], "dd-achievements:8"),
        (["ADMM+", "ADMM-Plus", "ADMM Plus"], "dd-achievements:9"),
        (["Hoa Kỳ", "United States", "USA"], "vpa-impact:13"),
    ],
)
def test_every_name_of_a_group_finds_the_same_lines(names: list[str], line: str) -> None:
    found = [passages(name) for name in names]
    assert line in found[0]
    assert all(f == found[0] for f in found), names


def test_a_longer_name_wins_over_the_shorter_one_inside_it() -> None:
    (unit,) = parse_query("UN Security Council").units
    assert ("unsc",) in unit.forms and ("un",) not in unit.forms
    (unit,) = parse_query("ADMM+").units
    assert ("admm", "plus") in unit.forms and ("admm",) not in unit.forms


def test_names_inside_a_question_keep_the_other_words() -> None:
    units = parse_query("when did the MoD sign a deal").units
    assert [u.text for u in units] == ["mod", "sign", "deal"]
    assert ("ministry", "of", "national", "defence") in units[0].forms


def test_left_out_names_stay_plain_words() -> None:
    # "US" and "Mỹ" fold to the words "us" and "my": they are not in the table.
    assert parse_query("US").units[0].forms == (("us",),)
    assert parse_query("my").units[0].forms == (("my",),)


def test_each_name_is_in_one_group_only() -> None:
    seen: dict[tuple[str, ...], str] = {}
    for group in EQUIVALENT_NAMES:
        for form in dict.fromkeys(stems(name) for name in group):
            assert form not in seen, (form, seen.get(form), group[0])
            seen[form] = group[0]


@pytest.mark.parametrize("group", EQUIVALENT_NAMES, ids=[g[0] for g in EQUIVALENT_NAMES])
def test_docs_list_every_group(group: tuple[str, ...]) -> None:
    row = "| " + " | ".join(["`" + group[0] + "`", ", ".join(f"`{n}`" for n in group[1:])]) + " |"
    assert row in SEARCH_DOC
