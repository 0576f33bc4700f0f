"""`vpa check` proves the bundled data, and catches each kind of breakage."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, run

SEED_004 = REPO / "seeds" / "004_aac104a5e011c3b2.txt"
GOOD_QUOTE = "General guidelines set out for defence diplomacy in 2015"  # line 4 of seed 004
RUSSIA_NOTE = "a user's reading: the guidelines cover every partner, Russia among them"


def _event(**changes: Any) -> dict[str, Any]:
    event = {
        "id": "2015-my-event",
        "date": "2015-03-02",
        "date_basis": "stated",
        "title": "A user's event",
        "summary": "Written by a user.",
        "kind": "publication",
        # Line 4 does not name Russia: the link is inferred, with a note saying how.
        "partners": [{"id": "russia", "basis": "inferred", "note": RUSSIA_NOTE}],
        "citations": [{"source": "nguyen-chi-vinh-2015", "line": 4, "quote": GOOD_QUOTE}],
    }
    event.update(changes)
    return event


def _write(tmp_path: Path, doc: dict[str, Any], name: str = "mine.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_bundled_data_is_clean() -> None:
    result = run("check")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("ok: 6 sources, ")
    assert result.stderr == ""


def test_check_json_counts() -> None:
    report = run("check", "--format", "json").json()
    assert report["ok"] is True
    assert report["problems"] == []
    assert report["counts"]["sources"] == 6
    assert report["counts"]["events"] >= 31
    assert report["counts"]["citations"] > report["counts"]["events"]


def test_a_valid_user_event_passes(tmp_path: Path) -> None:
    path = _write(tmp_path, {"events": [_event()]})
    result = run("check", "--data", path)
    assert result.exit_code == 0, result.stdout


def _problems(tmp_path: Path, doc: dict[str, Any]) -> list[str]:
    path = _write(tmp_path, doc)
    result = run("check", "--data", path)
    assert result.exit_code == 1, result.stdout
    assert "problem" in result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith(path + ": ") for line in lines), lines
    # The problems; warnings (the rules for outside knowledge, on a user's file) follow.
    return [line for line in lines if ": warning: " not in line]


def test_changed_quote_is_caught(tmp_path: Path) -> None:
    cite = {"source": "nguyen-chi-vinh-2015", "line": 4, "quote": "General guidelines set for 2015"}
    (line,) = _problems(tmp_path, {"events": [_event(citations=[cite])]})
    assert (
        ": 2015-my-event: citations[0].quote: not verbatim at nguyen-chi-vinh-2015 line 4" in line
    )


def test_wrong_line_is_caught_and_the_right_line_suggested(tmp_path: Path) -> None:
    cite = {"source": "nguyen-chi-vinh-2015", "line": 5, "quote": GOOD_QUOTE}
    (line,) = _problems(tmp_path, {"events": [_event(citations=[cite])]})
    assert "citations[0].quote: not verbatim" in line
    assert "(it is at line 4)" in line


def test_line_past_the_end_is_caught(tmp_path: Path) -> None:
    cite = {"source": "nguyen-chi-vinh-2015", "line": 999, "quote": GOOD_QUOTE}
    lines = _problems(tmp_path, {"events": [_event(citations=[cite])]})
    # The file has 34 lines; the work nguyen-chi-vinh-2015 spans 1-32 of them.
    assert any("citations[0].line: nguyen-chi-vinh-2015 has 34 lines, not 999" in x for x in lines)
    assert any(
        "citations[0].line: line 999 is outside nguyen-chi-vinh-2015 (lines 1-32)" in x
        for x in lines
    )
    assert len(lines) == 2, lines


def test_typographic_quote_must_stay_typographic(tmp_path: Path) -> None:
    # Seed 004 line 27 has "Party’s guidelines" with a typographic apostrophe.
    cite = {"source": "nguyen-chi-vinh-2015", "line": 27, "quote": "Party's guidelines"}
    (line,) = _problems(tmp_path, {"events": [_event(citations=[cite])]})
    assert "not verbatim" in line


def test_dangling_references_are_caught(tmp_path: Path) -> None:
    cite = {"source": "no-such-source", "line": 1, "quote": "x"}
    lines = _problems(tmp_path, {"events": [_event(partners=["atlantis"], citations=[cite])]})
    assert any("partners[0]: unknown partner 'atlantis'" in line for line in lines)
    assert any("citations[0].source: unknown source 'no-such-source'" in line for line in lines)


def test_duplicate_id_names_both_places(tmp_path: Path) -> None:
    (line,) = _problems(tmp_path, {"events": [_event(id="1944-vpa-founding")]})
    assert (
        ": 1944-vpa-founding: id: duplicate id: already used by the event in data/events.json"
        in line
    )


def test_duplicate_id_across_record_types(tmp_path: Path) -> None:
    (line,) = _problems(tmp_path, {"events": [_event(id="russia")]})
    assert "duplicate id: already used by the partner in data/partners.json" in line


@pytest.mark.parametrize("bad", ["1995-13", "2015-02-30", "March 2015", "1995/1990", "../..", ""])
def test_unparseable_date_is_caught(tmp_path: Path, bad: str) -> None:
    lines = _problems(tmp_path, {"events": [_event(date=bad)]})
    assert any(": 2015-my-event: date: " in line for line in lines), lines


def test_derived_date_needs_a_note(tmp_path: Path) -> None:
    (line,) = _problems(tmp_path, {"events": [_event(date_basis="derived")]})
    assert "date_note: a derived date needs a note" in line


def test_unknown_kind_gets_a_suggestion(tmp_path: Path) -> None:
    (line,) = _problems(tmp_path, {"events": [_event(kind="normalization")]})
    assert "kind: 'normalization' is not one of" in line
    assert "did you mean normalisation?" in line


def _user_source(tmp_path: Path, text: bytes, sha: str) -> dict[str, Any]:
    (tmp_path / "article.txt").write_bytes(text)
    return {
        "id": "my-copy",
        "file": "article.txt",
        "sha256": sha,
        "title": "A copy",
        "citations": [{"source": "my-copy", "line": 4, "quote": GOOD_QUOTE}],
    }


def test_tampered_seed_is_caught(tmp_path: Path) -> None:
    original = SEED_004.read_bytes()
    sha = hashlib.sha256(original).hexdigest()
    tampered = original.replace(b"Seventhly", b"Eighthly")
    source = _user_source(tmp_path, tampered, sha)
    event = _event(citations=[{"source": "my-copy", "line": 4, "quote": GOOD_QUOTE}])
    lines = _problems(tmp_path, {"sources": [source], "events": [event]})
    assert any(": my-copy: sha256: article.txt does not match its sha256" in line for line in lines)


def test_untampered_copy_passes_sha_but_needs_coverage(tmp_path: Path) -> None:
    original = SEED_004.read_bytes()
    source = _user_source(tmp_path, original, hashlib.sha256(original).hexdigest())
    event = _event(citations=[{"source": "my-copy", "line": 4, "quote": GOOD_QUOTE}])
    lines = _problems(tmp_path, {"sources": [source], "events": [event]})
    assert not any("sha256" in line for line in lines)
    # Line 3 ("Monday, March 02, 2015 ...") names a year and is not cited by the copy.
    assert any(
        ": my-copy: line 3: names a year but is neither cited nor skipped" in line for line in lines
    )


def _tiny() -> tuple[dict[str, Any], dict[str, Any]]:
    """A source "tiny" (file a.txt: its title on line 1) and an event citing line 2."""
    source = {
        "id": "tiny",
        "file": "a.txt",
        "title": "Tiny",
        "citations": [{"source": "tiny", "line": 1, "quote": "Title"}],
    }
    event = {
        **_event(id="1999-thing", date="1999"),
        "citations": [{"source": "tiny", "line": 2, "quote": "In 1999 something happened."}],
    }
    return source, event


def test_skipped_lines_cover_a_year(tmp_path: Path) -> None:
    text = b"Title\nIn 1999 something happened.\nFooter 2020\n"
    (tmp_path / "a.txt").write_bytes(text)
    source, event = _tiny()
    skipped = [{"source": "tiny", "line": 3, "reason": "page-furniture"}]
    path = _write(tmp_path, {"sources": [source], "events": [event], "skipped": skipped})
    result = run("check", "--data", path)
    assert result.exit_code == 0, result.stdout
    path = _write(tmp_path, {"sources": [source], "events": [event]})
    result = run("check", "--data", path)
    assert result.exit_code == 1
    assert "tiny: line 3: names a year" in result.stdout


def test_a_dated_sentence_that_is_no_claim_is_skipped_with_a_note(tmp_path: Path) -> None:
    """A plan or an opinion that names a year is skipped as not-a-claim, and only with a
    note saying why; every command refuses the reason without one, the bundled data
    included (they are read by the same rule)."""
    text = b"Title\nIn 1999 something happened.\nWe hope to do more by 2030.\n"
    (tmp_path / "a.txt").write_bytes(text)
    source, event = _tiny()
    why = "A hope for 2030, not a happening."
    skip = {"source": "tiny", "line": 3, "reason": "not-a-claim", "note": why}
    path = _write(tmp_path, {"sources": [source], "events": [event], "skipped": [skip]})
    clean = run("check", "--data", path, "--format", "json").json()
    assert [p for p in clean["problems"] if p["file"] == path] == []

    for note in ({}, {"note": " "}):
        bare = {k: v for k, v in skip.items() if k != "note"} | note
        path = _write(tmp_path, {"sources": [source], "events": [event], "skipped": [bare]})
        report = run("check", "--data", path, "--format", "json").json()
        mine = [p for p in report["problems"] if p["file"] == path]
        # The line counts as skipped all the same: the one problem is the missing note.
        assert [(p["record"], p["field"]) for p in mine] == [("skipped[0]", "note")]
        assert "needs a note saying why it is not a claim" in mine[0]["message"]
        refused = run("timeline", "--data", path)
        assert (refused.exit_code, refused.stdout) == (1, "")
        assert refused.stderr.count("\n") == 1 and "skipped[0]: note:" in refused.stderr


def test_the_schema_asks_not_a_claim_for_a_note() -> None:
    import jsonschema

    schema = run("schema").json()
    skip = {"source": "tiny", "line": 3, "reason": "not-a-claim"}
    validator = jsonschema.Draft202012Validator(schema)
    assert not validator.is_valid({"skipped": [skip]})
    assert validator.is_valid({"skipped": [{**skip, "note": "A plan."}]})
    assert validator.is_valid({"skipped": [{**skip, "reason": "heading"}]})


def test_unused_source_is_caught(tmp_path: Path) -> None:
    text = b"Nothing dated here.\n"
    (tmp_path / "a.txt").write_bytes(text)
    source = {
        "id": "lonely",
        "file": "a.txt",
        "title": "Lonely",
        "citations": [{"source": "lonely", "line": 1, "quote": "Nothing dated"}],
    }
    (line,) = _problems(tmp_path, {"sources": [source]})
    assert ": lonely: id: no event, partner or fact cites this source" in line
