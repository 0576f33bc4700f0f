"""`vpa check`'s faithfulness rules, each shown catching a violation in a user's file:
numbers our words add, partners no quote names, statements that never name their
partner, open ranges and figures without an as-of date, citations outside their
source's lines, inferred partners without a note."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import run

# Line 19 of seed 004 (the fifth of the 2015 guidelines) names the UN, not Russia.
FIFTH = "Fifthly, gradually take part in the UN peacekeeping operations in effective way."
DATELINE = "Monday, March 02, 2015"


def _event(**changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": "2015-my-event",
        "date": "2015-03-02",
        "date_basis": "stated",
        "title": "Join UN peacekeeping gradually",
        "summary": "The fifth guideline of the year.",
        "kind": "policy-document",
        "partners": ["united-nations"],
        "citations": [
            {"source": "nguyen-chi-vinh-2015", "line": 19, "quote": FIFTH},
            {"source": "nguyen-chi-vinh-2015", "line": 3, "quote": DATELINE},
        ],
    }
    event.update(changes)
    return event


def _check(tmp_path: Path, doc: dict[str, Any]) -> list[str]:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run("check", "--data", str(path), "--format", "json")
    mine = [p for p in result.json()["problems"] if p["file"] == str(path)]
    return [f"{p['record']}: {p['field']}: {p['message']}" for p in mine]


def test_the_valid_event_passes(tmp_path: Path) -> None:
    assert _check(tmp_path, {"events": [_event()]}) == []


def test_a_number_no_quote_states_is_caught(tmp_path: Path) -> None:
    problems = _check(tmp_path, {"events": [_event(summary="Over 3,000 troops join in 2016.")]})
    assert problems == [
        "2015-my-event: summary: 3000, 2016 is in no quote, date or note of this record"
    ]


def test_an_ordinal_word_in_a_quote_supports_its_number(tmp_path: Path) -> None:
    # "Fifthly" in the quote supports "5" in the title.
    assert _check(tmp_path, {"events": [_event(title="Guideline 5: UN peacekeeping")]}) == []


def test_a_partner_no_quote_names_is_caught(tmp_path: Path) -> None:
    problems = _check(tmp_path, {"events": [_event(partners=["russia"])]})
    assert len(problems) == 1
    assert problems[0].startswith("2015-my-event: partners[0]: no quote names russia")


def test_an_inferred_partner_with_a_note_passes(tmp_path: Path) -> None:
    link = {"id": "russia", "basis": "inferred", "note": "a permanent Security Council member"}
    assert _check(tmp_path, {"events": [_event(partners=[link])]}) == []


def test_an_inferred_partner_needs_a_note(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(
        json.dumps({"events": [_event(partners=[{"id": "russia", "basis": "inferred"}])]}),
        encoding="utf-8",
    )
    result = run("check", "--data", str(path))
    assert result.exit_code == 1
    assert "partners[0].note: an inferred partner needs a note" in result.stdout


def test_a_lower_case_word_does_not_name_an_acronym(tmp_path: Path) -> None:
    # "us" is not the US: the United States' alias US must stand in capitals.
    quote = "enlisting active support from international community"
    event = _event(
        partners=["united-states"],
        citations=[{"source": "nguyen-chi-vinh-2015", "line": 23, "quote": quote}],
    )
    assert any("no quote names united-states" in p for p in _check(tmp_path, {"events": [event]}))


def test_an_open_range_without_an_as_of_date_is_caught(tmp_path: Path) -> None:
    source = {
        "id": "my-undated-notes",
        "file": "notes.txt",
        "title": "Notes",
        "citations": [{"source": "my-undated-notes", "line": 1, "quote": "Notes"}],
    }
    (tmp_path / "notes.txt").write_text("Notes\nSince 2014 it goes on.\n", encoding="utf-8")
    event = _event(
        date="2014/..",
        title="It goes on",
        summary="It goes on.",
        partners=[],
        citations=[{"source": "my-undated-notes", "line": 2, "quote": "Since 2014 it goes on."}],
    )
    problems = _check(tmp_path, {"sources": [source], "events": [event]})
    assert "2015-my-event: as_of: an open range needs an as-of date" in problems[0]
    source["as_of"] = "2020"
    assert _check(tmp_path, {"sources": [source], "events": [event]}) == []


def test_an_open_range_ends_at_its_as_of_date(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    event = _event(date="2014/..", as_of="2016", title="Goes on", summary="Goes on.")
    path.write_text(json.dumps({"events": [event]}), encoding="utf-8")
    late = run("timeline", "--data", str(path), "--from", "2017", "--contains", "goes on")
    assert late.stdout == ""
    assert "the data run to" not in late.stderr  # bundled events run later than 2017
    inside = run("timeline", "--data", str(path), "--from", "2016", "--contains", "goes on")
    assert "since 2014 (as of 2016)" in inside.stdout


def test_a_citation_outside_its_source_lines_is_caught(tmp_path: Path) -> None:
    source = {
        "id": "my-two-works",
        "file": "two.txt",
        "lines": "1-2",
        "title": "First work",
        "citations": [{"source": "my-two-works", "line": 1, "quote": "First work"}],
    }
    (tmp_path / "two.txt").write_text("First work\nbody\nSecond work\n", encoding="utf-8")
    event = _event(
        partners=[],
        citations=[{"source": "my-two-works", "line": 3, "quote": "Second work"}],
        title="Second",
        summary="Second.",
    )
    problems = _check(tmp_path, {"sources": [source], "events": [event]})
    assert (
        "2015-my-event: citations[0].line: line 3 is outside my-two-works (lines 1-2)" in problems
    )


def test_a_statement_that_never_names_its_partner_is_caught(tmp_path: Path) -> None:
    partner: dict[str, Any] = {
        "id": "atlantis",
        "name": "Atlantis",
        "kind": "country",
        "citations": [{"source": "nguyen-chi-vinh-2015", "line": 19, "quote": FIFTH}],
        "statements": [
            {
                "area": "peacekeeping",
                "text": "Joins peacekeeping.",
                "citations": [{"source": "nguyen-chi-vinh-2015", "line": 19, "quote": FIFTH}],
            }
        ],
    }
    problems = _check(tmp_path, {"partners": [partner]})
    assert any(p.startswith("atlantis: statements[0]: no quote names atlantis") for p in problems)
    partner["statements"][0].update(basis="inferred", note="a thought experiment")
    assert not any("statements[0]" in p for p in _check(tmp_path, {"partners": [partner]}))


def test_a_kind_outside_its_vocabulary_is_caught(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"events": [_event(kind="battle")]}), encoding="utf-8")
    result = run("check", "--data", str(path))
    assert "kind: 'battle' is not one of founding" in result.stdout


def test_a_detail_from_outside_the_text_needs_a_provenance_note(tmp_path: Path) -> None:
    source: dict[str, Any] = {
        "id": "my-notes",
        "file": "notes.txt",
        "title": "Notes",
        "url": "https://example.org/notes",
        "citations": [{"source": "my-notes", "line": 1, "quote": "Notes"}],
    }
    (tmp_path / "notes.txt").write_text("Notes\n", encoding="utf-8")
    event = _event(partners=[])
    event["citations"].append({"source": "my-notes", "line": 1, "quote": "Notes"})
    problems = _check(tmp_path, {"sources": [source], "events": [event]})
    assert problems == [
        "my-notes: url: no provenance note says where this comes from (add one to `provenance`)"
    ]
    source["provenance"] = [
        {"fields": ["url"], "basis": "supplied", "note": "The page itself, read 1 Jan 2026."}
    ]
    assert _check(tmp_path, {"sources": [source], "events": [event]}) == []
