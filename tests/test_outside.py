"""Knowledge from outside the five texts (outside.py), how well a claim stands, partner
relations and `vpa disputes`: each rule of `vpa check` shown catching a violation in a
user's file (a warning, an error under --strict), and each on the bundled data."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import run, run_json

from vpa_cli.checks.outside import holds_value, written_forms
from vpa_cli.records.types import Event, Fact

GOOD_REF = {
    "url": "https://en.vietnamplus.vn/example",
    "title": "An example page",
    "publisher": "Vietnam News Agency",
    "date": "2015-03-02",
    "excerpt": "The conference opened in Hanoi on March 2, 2015, the ministry said.",
    "supports": "date",
    "value": "2015-03-02",
    "grade": "A",
}

EVENT: dict[str, Any] = {
    "id": "t-supplied",
    "date": "2015-03-02",
    "date_basis": "supplied",
    "date_note": "The text gives no day; the ministry's page does.",
    "title": "A test event",
    "summary": "A test event for the rules of outside references.",
    "kind": "conference",
    "partners": [],
    "citations": [
        {
            "source": "nguyen-chi-vinh-2015",
            "line": 19,
            "quote": "Fifthly, gradually take part in the UN peacekeeping operations in "
            "effective way.",
        }
    ],
    "outside": [GOOD_REF],
}


def _check(tmp_path: Path, *events: dict[str, Any], strict: bool = False) -> Any:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"events": list(events)}), encoding="utf-8")
    args = ["check", "--data", str(path), "--format", "json"]
    result = run(*args, *(["--strict"] if strict else []))
    report = result.json()
    return result.exit_code, report


def _mine(report: Any, key: str = "warnings") -> list[str]:
    return [f"{p['field']}: {p['message']}" for p in report[key] if p["record"].startswith("t-")]


def test_a_well_referenced_supplied_date_passes(tmp_path: Path) -> None:
    _, report = _check(tmp_path, EVENT)
    assert _mine(report) == [] and _mine(report, "problems") == []


def _without(event: dict[str, Any], **changes: Any) -> dict[str, Any]:
    changed = copy.deepcopy(event)
    changed.update(changes)
    return changed


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"outside": []}, "a supplied date needs an outside reference"),
        ({"outside": [{**GOOD_REF, "grade": "C"}]}, "rests only on grade C pages"),
        (
            {"outside": [{**GOOD_REF, "excerpt": "The conference opened in Hanoi."}]},
            "the excerpt does not write '2015-03-02'",
        ),
        ({"outside": [GOOD_REF, {**GOOD_REF, "supports": "colour"}]}, "'colour' is not a field"),
        (
            {"date_note": "As https://example.org/page says."},
            "https://example.org/page is named in a note but is no outside reference",
        ),
        (
            {
                "partners": [{"id": "russia", "role": "host", "basis": "inferred", "note": "x"}],
            },
            "the inferred partner russia needs an outside reference",
        ),
        (
            {
                "date": "2015/2016",
                "outside": [{**GOOD_REF, "value": "2015-03-02"}],
            },
            "the day of its start is given (2 March 2015), but it is stored as 2015",
        ),
    ],
)
def test_each_rule_warns_on_a_users_file_and_fails_under_strict(
    tmp_path: Path, changes: dict[str, Any], said: str
) -> None:
    code, report = _check(tmp_path, _without(EVENT, **changes))
    assert code == 0
    assert any(said in w for w in _mine(report)), _mine(report)
    code, report = _check(tmp_path, _without(EVENT, **changes), strict=True)
    assert code == 1
    assert any(said in p for p in _mine(report, "problems")), _mine(report, "problems")


def test_a_note_keeping_a_bound_coarser_says_so(tmp_path: Path) -> None:
    kept = _without(
        EVENT,
        date="2015/2016",
        date_note="The text gives the year; the day is the conference's, kept to the year "
        "because the period begins before it.",
    )
    _, report = _check(tmp_path, kept)
    assert not any("the day of its start" in w for w in _mine(report))


def test_a_weak_source_is_named_in_the_title_of_what_rests_on_it(tmp_path: Path) -> None:
    source = {
        "id": "t-weak-notes",
        "file": "notes.txt",
        "title": "My unsigned notes",
        "short_title": "My notes",
        "weak": True,
        "citations": [{"source": "t-weak-notes", "line": 1, "quote": "Notes"}],
    }
    (tmp_path / "notes.txt").write_text("Notes\nThe army is big.\n", encoding="utf-8")
    event = _without(
        EVENT,
        id="t-weak",
        date_basis="stated",
        date_note=None,
        outside=[],
        citations=[{"source": "t-weak-notes", "line": 2, "quote": "The army is big."}],
    )
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"sources": [source], "events": [event]}), encoding="utf-8")
    report = run("check", "--data", str(path), "--format", "json").json()
    assert any("the title must name it ('My notes': ...)" in w for w in _mine(report))
    event["title"] = "My notes: a test event"
    path.write_text(json.dumps({"sources": [source], "events": [event]}), encoding="utf-8")
    report = run("check", "--data", str(path), "--format", "json").json()
    assert not any("title must name" in w for w in _mine(report))


@pytest.mark.parametrize(
    ("value", "text", "year"),
    [
        ("1954-07-21", "the Geneva Accords of 21 July 1954", None),
        ("1954-07-21", "signed on July 21, 1954 in Geneva", None),
        ("1954-07-21", "ký ngày 21/7/1954 tại Giơ-ne-vơ", None),
        ("1954-07-21", "Hiệp định ký ngày 21 tháng 7 năm 1954", None),
        ("1975-04-30", "the victory of 30-4-1975", None),
        ("2024-09-24", "a ceremony in Hanoi on September 24 to see off", 2024),
        ("2013-12", "the resolution of December 2013", None),
        ("2013-12", "Nghị quyết tháng 12 năm 2013", None),
        ("1950", "in 1950 the Soviet Union recognised", None),
        ("Pathet Lao", "the PATHET LAO forces", None),
    ],
)
def test_an_excerpt_holds_its_value_in_any_documented_form(
    value: str, text: str, year: int | None
) -> None:
    assert holds_value(text, value, year), (value, text, written_forms(value, year))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("1954-07-21", "signed in July 1954"),
        ("1954-07-21", "signed on 21 July 1955"),
        ("2024-09-24", "a ceremony in Hanoi on September 24 to see off"),  # no year on the page
        ("2013-12", "in 2013"),
        ("1950", "in 1951"),
    ],
)
def test_an_excerpt_without_the_value_is_refused(value: str, text: str) -> None:
    assert not holds_value(text, value), (value, text)


# ---------------------------------------------------------------- standing and disputes


def test_a_contradicting_reference_makes_a_claim_contradicted_everywhere(tmp_path: Path) -> None:
    contradicted = _without(
        EVENT,
        id="t-contradicted",
        outside=[
            GOOD_REF,
            {
                **GOOD_REF,
                "supports": "summary",
                "value": "2016",
                "excerpt": "The embargo was lifted only in 2016.",
                "stance": "contradicts",
                "date": "2016-05-23",
            },
        ],
    )
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"events": [contradicted]}), encoding="utf-8")
    data = ("--data", str(path))
    events = {e["id"]: e for e in run_json("timeline", "--standing", "contradicted", *data)}
    assert events["t-contradicted"]["standing"] == "contradicted"
    assert all(e["standing"] == "contradicted" for e in events.values())
    plain = run("timeline", "--standing", "contradicted", *data).stdout
    assert "A test event [contradicted]" in plain
    cited = " ".join(run("cite", "t-contradicted", *data).stdout.split())
    assert "standing: contradicted: an outside reference or another text says otherwise" in cited
    disputes = run_json("disputes", "--kind", "contradiction", *data)
    assert {d["kind"] for d in disputes} == {"contradiction"}
    [dispute] = [d for d in disputes if d["id"] == "t-contradicted"]
    assert dispute["field"] == "summary"
    assert "The embargo was lifted only in 2016." in dispute["theirs"]["says"]
    assert dispute["theirs"]["where"] == [GOOD_REF["url"]]
    assert dispute["ours"]["where"][0].startswith("nguyen-chi-vinh-2015, para. ")
    shown = run("show", "t-contradicted", *data).stdout
    assert "standing: contradicted" in shown
    assert "outside[1]: contradicts summary (2016), grade A" in shown


def test_disputes_lists_the_bundled_correction_with_both_sides() -> None:
    disputes = run_json("disputes")
    correction = next(d for d in disputes if d["id"] == "2013-04-10-politburo-resolution-22")
    assert correction["kind"] == "correction"
    assert correction["ours"]["says"].startswith("10 Apr 2013\u2020")
    assert correction["theirs"]["says"] == "the source gives Dec 2013"
    assert "nguyen-ba-duong-2018, para. 25, line 69" in correction["theirs"]["where"][0]
    for fmt in ("plain", "table", "markdown", "csv"):
        result = run("disputes", "--format", fmt)
        assert result.exit_code == 0 and "2013-04-10-politburo-resolution-22" in result.stdout


def test_standing_follows_the_number_and_weight_of_the_texts() -> None:
    events = {e["id"]: e for e in run_json("timeline")}
    assert events["2014-first-un-peacekeepers"]["standing"] == "corroborated"  # two texts
    assert events["2009-defence-white-book"]["standing"] == "single-source"
    assert events["1944-vpa-founding"]["standing"] == "single-source"  # the weak essay


# ---------------------------------------------------------------- partner relations


def test_a_partner_points_to_its_predecessor_without_merging_them(tmp_path: Path) -> None:
    doc = {
        "partners": [
            {
                "id": "t-old-state",
                "name": "Old State",
                "kind": "country",
                "citations": [
                    {"source": "vpa-impact", "line": 31, "quote": "the Soviet Union and China"}
                ],
                "relations": [{"id": "russia", "relation": "successor", "note": "a test"}],
                "outside": [
                    {
                        **GOOD_REF,
                        "supports": "relations.russia",
                        "value": "Russia",
                        "excerpt": "Russia continues the old state's seat.",
                    }
                ],
            }
        ],
        "events": [
            _without(
                EVENT,
                id="t-old-event",
                partners=[{"id": "t-old-state", "role": "donor"}],
            )
        ],
    }
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    data = ("--data", str(path))
    related = {r["id"]: r for r in run_json("partner", "russia", *data)["related"]}
    assert (related["t-old-state"]["relation"], related["t-old-state"]["events"]) == (
        "predecessor",
        1,
    )
    result = run("timeline", "--partner", "russia", *data)
    assert "Old State, the predecessor of Russia, has 1 event of its own" in result.stderr
    assert "--partner t-old-state" in result.stderr
    assert "t-old-event" not in result.stdout  # pointed to, not merged


# ---------------------------------------------------------------- the bundled data


def test_cambodia_after_1954_is_not_called_a_royal_opponent() -> None:
    """The kingdom was neutral until 1970; the Khmer Republic after it was no monarchy."""
    war = run_json("show", "1954-resistance-war-against-us")["record"]
    cambodia = next(p for p in war["partners"] if p["id"] == "cambodia")
    for text in (cambodia["note"], war["summary"], run_json("show", "cambodia")["record"]["note"]):
        assert "not the royal governments" not in text
    assert "1970" in cambodia["note"]
    assert any(o["supports"] == "partners.cambodia" for o in war["outside"])


def test_the_essays_us_cooperation_is_set_beside_the_record_not_contradicted() -> None:
    # Pass 13 (issue 20): the essay dates none of the forms of cooperation it names; the
    # start in 1995 is the dataset's reading, so the pages that date them later (a first
    # warship visit in 2003, the 2011 memorandum, the arms ban lifted in 2014 and 2016)
    # support the summary's account of the public record and contradict nothing the essay says.
    [event] = [
        e for e in run_json("timeline", "--partner", "us") if e["id"].endswith("cooperation")
    ]
    assert event["standing"] == "single-source"
    disputes = run_json("disputes", "--kind", "contradiction")
    assert not any(d["id"] == event["id"] for d in disputes)
    record = run_json("show", event["id"])["record"]
    assert {o["stance"] for o in record["outside"]} == {"supports"}
    assert "bears them out, but late and in limited form" in record["summary"]


def test_the_war_against_the_united_states_is_stored_to_the_day() -> None:
    events = {e["id"]: e for e in run_json("timeline")}
    assert events["1954-resistance-war-against-us"]["date"] == "1954-07-21/1975-04-30"
    assert events["1975-post-war-defence-diplomacy"]["date"].startswith("1975-04-30/")
    after = {e["id"] for e in run_json("timeline", "--from", "1975-06")}
    assert "1954-resistance-war-against-us" not in after
    early_1954 = {e["id"] for e in run_json("timeline", "--from", "1954-01", "--to", "1954-06")}
    assert "1954-resistance-war-against-us" not in early_1954


def test_records_resting_only_on_a_weak_source_say_so_in_their_title() -> None:
    from vpa_cli.loading.reading import load_dataset

    dataset = load_dataset([])
    records: list[Event | Fact] = [*dataset.events, *dataset.facts]
    weak = [r for r in records if r.weak]
    assert len(weak) > 20
    assert all(r.title.startswith(("Overview essay:", "Armed forces’ role:")) for r in weak)


def test_russia_points_to_the_soviet_union_and_hosts_the_moscow_conference() -> None:
    result = run("timeline", "--partner", "russia")
    assert (
        "the predecessor of Russia" in result.stderr and "--partner soviet-union" in result.stderr
    )
    profile = run_json("partner", "russia")
    assert {r["id"]: r["relation"] for r in profile["related"]}["soviet-union"] == "predecessor"
    assert [f["id"] for f in profile["forums"] if f["hosts"]] == ["moscow-conference"]


C_SITES = (
    "talk.dob.jp",
    "piglix.com",
    "soolun.net",
    "jiskha.com",
    "b-nik.it",
    "evrimagaci.org",
    "einpresswire.com",
    "talkvietnam.org",
    "vietnam.vn/",
)


def test_no_claim_rests_on_a_c_page_and_none_of_those_is_named() -> None:
    """The only C pages left are the essay's own site, as evidence of its own address, its
    site name and when its page was read; no note names a mirror, aggregator, re-post or
    homework page."""
    raw = "".join(
        (Path(__file__).parents[1] / "data" / f).read_text(encoding="utf-8")
        for f in ("events.json", "facts.json", "partners.json", "sources.json", "skipped.json")
    )
    assert [site for site in C_SITES if site in raw] == []
    rows = run_json("sources", "--outside")
    c_pages = [(r["record"], r["supports"]) for r in rows if r["grade"] == "C"]
    assert set(c_pages) <= {
        ("vpa-impact", "url"),
        ("vpa-impact", "publication"),
        ("vpa-impact", "accessed"),
    }
    assert all(r["excerpt"] and r["value"] for r in rows)
