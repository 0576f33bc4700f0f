"""Users' own data files: --data and VPA_DATA, the worked example, and every broken file."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, run, run_json

from vpa_cli.loading import reading
from vpa_cli.loading.paths import bundled_files

EXAMPLE_DIR = REPO / "tests" / "data" / "example"
EXAMPLE = EXAMPLE_DIR / "my-data.json"
EXAMPLE_EVENT = "2015-03-02-cautious-peacekeeping-guideline"
MARKER = "<!-- user-data-example -->"
VINH_LINE_4 = "General guidelines set out for defence diplomacy in 2015"
ATLANTIS_NOTE = "a user's reading: the guidelines reach Atlantis too"
ATLANTIS = {"id": "atlantis", "role": "counterpart", "basis": "inferred", "note": ATLANTIS_NOTE}


def _event(**changes: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": "2015-user-event",
        "date": "2015-03-02",
        "date_basis": "stated",
        "title": "A user's event",
        "summary": "Written by a user.",
        "kind": "publication",
        "partners": [],
        "citations": [{"source": "nguyen-chi-vinh-2015", "line": 4, "quote": VINH_LINE_4}],
    }
    event.update(changes)
    return event


def _write(folder: Path, doc: Any, name: str = "mine.json") -> str:
    path = folder / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _ids(*args: str, env: dict[str, str] | None = None) -> list[str]:
    return [e["id"] for e in run_json("timeline", *args, env=env)]


# ---------------------------------------------------------------- the worked example


def test_example_checks_clean_with_its_text_beside_it() -> None:
    result = run("check", "--data", str(EXAMPLE))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("ok: 7 sources")  # the six bundled and the user's own


def test_example_adds_its_event_citing_a_bundled_source_and_partner() -> None:
    events = {e["id"]: e for e in run_json("timeline", "--data", str(EXAMPLE))}
    mine = events[EXAMPLE_EVENT]
    assert [p["id"] for p in mine["partners"]] == ["united-nations"]  # a bundled partner
    sources = {c["source"] for c in mine["citations"]}
    assert sources == {"nguyen-chi-vinh-2015", "my-reading-notes"}  # bundled + own
    assert "1944-vpa-founding" in events  # the bundled records are still there


def test_source_text_is_found_relative_to_the_data_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "elsewhere" / "deep"
    shutil.copytree(EXAMPLE_DIR, copy)
    monkeypatch.chdir(tmp_path)
    # A relative --data path, run from another folder than the file's.
    result = run("check", "--data", "elsewhere/deep/my-data.json")
    assert result.exit_code == 0, result.stdout
    # The same text read relative to the working folder would be missing.
    (copy / "reading-notes.txt").unlink()
    result = run("check", "--data", "elsewhere/deep/my-data.json")
    assert result.exit_code == 1
    assert "my-reading-notes: file: cannot read reading-notes.txt" in result.stdout


DATA_DOC = REPO / "docs" / "data.md"


def _readme_example() -> str:
    text = DATA_DOC.read_text(encoding="utf-8")
    assert MARKER in text, f"docs/data.md must hold the worked example after {MARKER}"
    after = text.split(MARKER, 1)[1]
    match = re.match(r"\s*```json\n(.*?)```", after, re.DOTALL)
    assert match, f"a ```json block must follow {MARKER}"
    return match.group(1)


def test_readme_example_is_the_tested_example(tmp_path: Path) -> None:
    block = _readme_example()
    assert json.loads(block) == json.loads(EXAMPLE.read_text(encoding="utf-8"))
    # And it loads and checks as it stands in README, beside its text.
    (tmp_path / "my-data.json").write_text(block, encoding="utf-8")
    shutil.copy(EXAMPLE_DIR / "reading-notes.txt", tmp_path)
    result = run("check", "--data", str(tmp_path / "my-data.json"))
    assert result.exit_code == 0, result.stdout
    assert EXAMPLE_EVENT in _ids("--data", str(tmp_path / "my-data.json"))


# ---------------------------------------------------------------- --data and VPA_DATA


def test_vpa_data_and_repeated_data_all_add_records(tmp_path: Path) -> None:
    one = _write(tmp_path, {"events": [_event(id="2015-one")]}, "one.json")
    two = _write(tmp_path, {"events": [_event(id="2015-two")]}, "two.json")
    three = _write(tmp_path, {"events": [_event(id="2015-three")]}, "three.json")
    env = {"VPA_DATA": os.pathsep.join([one, "", two])}  # an empty entry is ignored
    ids = _ids("--data", three, env=env)
    assert {"2015-one", "2015-two", "2015-three", "1944-vpa-founding"} <= set(ids)


def test_vpa_data_reaches_check_too(tmp_path: Path) -> None:
    path = _write(tmp_path, {"events": [_event(kind="not-a-kind")]})
    result = run("check", env={"VPA_DATA": path})
    assert result.exit_code == 1
    assert f"{path}: 2015-user-event: kind: 'not-a-kind' is not one of" in result.stdout


def test_user_records_may_name_bundled_partners_by_id(tmp_path: Path) -> None:
    path = _write(tmp_path, {"events": [_event(partners=["russia", "asean"])]})
    ids = _ids("--data", path, "--partner", "Russian Federation")
    assert "2015-user-event" in ids


def test_user_partner_and_fact(tmp_path: Path) -> None:
    partner = {
        "id": "atlantis",
        "name": "Atlantis",
        "kind": "country",
        "aliases": ["Atlantica"],
        "statements": [
            {
                "area": "general",
                "text": "A user's partner.",
                # Line 4 does not name Atlantis: the statement says how it is implied.
                "basis": "inferred",
                "note": ATLANTIS_NOTE,
                "citations": [{"source": "nguyen-chi-vinh-2015", "line": 4, "quote": VINH_LINE_4}],
            }
        ],
        "citations": [{"source": "nguyen-chi-vinh-2015", "line": 4, "quote": VINH_LINE_4}],
    }
    fact = {
        "id": "user-fact",
        "title": "A user's fact",
        "summary": "About Atlantis.",
        "kind": "policy",
        "partners": [ATLANTIS],
        "citations": [{"source": "nguyen-chi-vinh-2015", "line": 4, "quote": VINH_LINE_4}],
    }
    event = _event(partners=[ATLANTIS])
    path = _write(tmp_path, {"partners": [partner], "facts": [fact], "events": [event]})
    result = run("check", "--data", path, "--format", "json")
    assert result.exit_code == 0, result.stdout
    counts = result.json()["counts"]
    assert counts["partners"] == run_json("check")["counts"]["partners"] + 1
    assert "2015-user-event" in _ids("--data", path, "--partner", "atlantica")


def test_collision_between_two_user_files_names_both(tmp_path: Path) -> None:
    one = _write(tmp_path, {"events": [_event()]}, "one.json")
    two = _write(tmp_path, {"facts": [{**_event(), "kind": "policy"}]}, "two.json")
    result = run("timeline", "--data", one, "--data", two)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert f"{two}: 2015-user-event: id: duplicate id: already used by the event in {one}" in line


def test_collision_with_bundled_data_names_both(tmp_path: Path) -> None:
    path = _write(tmp_path, {"sources": [{"id": "vpa-impact"}]})
    result = run("timeline", "--data", path)
    assert result.exit_code == 1
    assert (
        f"{path}: vpa-impact: id: duplicate id: already used by the source in data/sources.json"
        in (result.stderr)
    )


def test_check_reports_user_problems_with_the_bundled_wording(tmp_path: Path) -> None:
    # The same breakage in a user file and (simulated) in bundled data read
    # the same, apart from the file name.
    bad = {"source": "nguyen-chi-vinh-2015", "line": 4, "quote": "not in the text"}
    path = _write(tmp_path, {"events": [_event(citations=[bad])]})
    result = run("check", "--data", path)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{path}: 2015-user-event: citations[0].quote: "
        "not verbatim at nguyen-chi-vinh-2015 line 4: 'not in the text'\n"
    )
    report = run("check", "--data", path, "--format", "json").json()
    assert report["problems"] == [
        {
            "file": path,
            "record": "2015-user-event",
            "field": "citations[0].quote",
            "message": "not verbatim at nguyen-chi-vinh-2015 line 4: 'not in the text'",
        }
    ]


def test_user_source_text_needs_coverage_like_bundled_ones(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("Title\nIn 1999 a thing.\n", encoding="utf-8")
    source = {
        "id": "mine",
        "file": "t.txt",
        "title": "Mine",
        "citations": [{"source": "mine", "line": 1, "quote": "Title"}],
    }
    event = _event(citations=[{"source": "mine", "line": 1, "quote": "Title"}])
    path = _write(tmp_path, {"sources": [source], "events": [event]})
    result = run("check", "--data", path)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{path}: mine: line 2: names a year but is neither cited nor skipped: 'In 1999 a thing.'"
    ]


@pytest.mark.parametrize("file", ["/etc/passwd", "../outside.txt", "a/../../b.txt"])
def test_user_source_file_stays_beside_the_data_file(tmp_path: Path, file: str) -> None:
    source = {
        "id": "mine",
        "file": file,
        "title": "Mine",
        "citations": [{"source": "mine", "line": 1, "quote": "x"}],
    }
    path = _write(tmp_path, {"sources": [source]})
    result = run("check", "--data", path)
    assert result.exit_code == 1
    assert f"{path}: mine: file: must be a path relative to the data file" in result.stdout


# ---------------------------------------------------------------- broken files


def _fails(path: str, code: int = 1) -> str:
    """A file that cannot be read: timeline and check print the same one line, naming it."""
    lines = set()
    for command in (["timeline", "--format", "json"], ["check"]):
        result = run(*command, "--data", path)
        assert result.exit_code == code, (command, result.stderr)
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith(f"vpa: error: {path}: "), result.stderr
        lines.add(result.stderr)
    (line,) = lines
    return line.rstrip("\n")


def _invalid(path: str) -> str:
    """A readable file that breaks the format: commands print the first problem on
    one line (exit 1); check lists it, first, in the same words."""
    result = run("timeline", "--format", "json", "--data", path)
    assert result.exit_code == 1, result.stderr
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"vpa: error: {path}: "), result.stderr
    problem = result.stderr.removeprefix("vpa: error: ").rstrip("\n")
    problem = re.sub(r" \(and \d+ more; run 'vpa check' to list them\)$", "", problem)
    checked = run("check", "--data", path)
    assert checked.exit_code == 1
    assert checked.stdout.splitlines()[0] == problem
    return problem


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    line = _fails(str(tmp_path / "nope.json"), 2)
    assert line.endswith("no such file")


def test_directory_is_a_usage_error(tmp_path: Path) -> None:
    line = _fails(str(tmp_path), 2)
    assert line.endswith("is a directory, not a data file")


def test_missing_file_from_vpa_data_is_a_usage_error(tmp_path: Path) -> None:
    result = run("timeline", env={"VPA_DATA": str(tmp_path / "nope.json")})
    assert result.exit_code == 2
    assert result.stderr == f"vpa: error: {tmp_path / 'nope.json'}: no such file\n"


def _raw(tmp_path: Path, content: bytes) -> str:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    return str(path)


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    assert _fails(_raw(tmp_path, content)).endswith("empty file, expected a JSON object")


def test_truncated_file_says_line_and_column(tmp_path: Path) -> None:
    path = _raw(tmp_path, b'{"events": [\n  {"id": "x",\n')
    assert _fails(path).endswith(
        ": line 3 column 1: Expecting property name enclosed in double quotes"
    )


def test_invalid_utf8_says_line_and_column(tmp_path: Path) -> None:
    path = _raw(tmp_path, b'{"events": [\n  {"id": "caf\xe9"}]}')
    assert _fails(path).endswith(": line 2 column 14: not UTF-8 (byte 0xe9)")


def test_utf16_file_is_refused_not_guessed(tmp_path: Path) -> None:
    path = _raw(tmp_path, json.dumps({"events": [_event(title="Việt")]}).encode("utf-16"))
    assert "not UTF-8" in _fails(path)


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    doc = json.dumps({"events": [_event()]}).encode("utf-8")
    path = _raw(tmp_path, b"\xef\xbb\xbf" + doc)
    assert "2015-user-event" in _ids("--data", path)
    assert run("check", "--data", path).exit_code == 0


@pytest.mark.parametrize(
    ("content", "where", "message"),
    [
        (b'{"events": [\n  NaN]}', "line 2 column 3", "NaN is not valid JSON"),
        (b'{"x": [1, Infinity]}', "line 1 column 11", "Infinity is not valid JSON"),
        (b'{"x": [1,\n -Infinity]}', "line 2 column 2", "-Infinity is not valid JSON"),
        (b'{"x": 1e999}', "line 1 column 7", "number 1e999 is out of range"),
    ],
)
def test_nan_and_infinity(tmp_path: Path, content: bytes, where: str, message: str) -> None:
    assert _fails(_raw(tmp_path, content)).endswith(f": {where}: {message}")


def test_duplicate_keys_point_at_the_second_key(tmp_path: Path) -> None:
    content = b'{"events": [],\n "facts": [{"id": "a", "x": {"id": 1}, "id": "b"}]}'
    line = _fails(_raw(tmp_path, content))
    assert line.endswith(": line 2 column 40: duplicate key 'id'")


def test_duplicate_top_level_lists(tmp_path: Path) -> None:
    line = _fails(_raw(tmp_path, b'{"events": [],\n"events": []}'))
    assert line.endswith(": line 2 column 1: duplicate key 'events'")


@pytest.mark.parametrize("depth", [reading.MAX_DEPTH + 1, 100_000])
def test_nesting_too_deep(tmp_path: Path, depth: int) -> None:
    content = b'{"events": ' + b"[" * depth + b"]" * depth + b"}"
    line = _fails(_raw(tmp_path, content))
    # The container that goes one level past the limit (the object is level 1).
    column = len('{"events": ') + reading.MAX_DEPTH
    assert line.endswith(f": line 1 column {column}: nested deeper than {reading.MAX_DEPTH} levels")


def test_nesting_at_the_limit_is_only_a_schema_problem(tmp_path: Path) -> None:
    depth = reading.MAX_DEPTH - 1
    content = b'{"events": ' + b"[" * depth + b"]" * depth + b"}"
    problem = _invalid(_raw(tmp_path, content))
    assert "event[0]: -: must be an object, not a list: write {" in problem


@pytest.mark.parametrize(
    "number", ["1" * 31, "-" + "9" * 31, "1." + "0" * 40, "9" * 5000, "1e" + "1" * 39]
)
def test_numbers_too_long(tmp_path: Path, number: str) -> None:
    line = _fails(_raw(tmp_path, b'{"events": [\n  ' + number.encode() + b"]}"))
    assert re.search(
        r": line 2 column 3: number \S+ is too long \(\d+ characters, at most \d+\)$", line
    )


def test_longest_allowed_number_is_only_a_schema_problem(tmp_path: Path) -> None:
    problem = _invalid(_raw(tmp_path, b'{"events": [' + b"9" * reading.MAX_NUMBER_DIGITS + b"]}"))
    assert "event[0]: -: must be an object, not a number: write {" in problem


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ([], "-: -: a data file must be a JSON object, not a list"),
        ("events", "-: -: a data file must be a JSON object, not a string"),
        ({"events": {}}, "-: events: must be a list, not an object"),
        ({"events": [_event(title=7)]}, "2015-user-event: title: must be a string, not a number"),
        ({"events": [_event(partners="russia")]}, "partners: must be a list of partner links"),
        ({"events": [_event(partners=[7])]}, "partners[0]: must be an object, not a number"),
        ({"events": [_event(partners=[{"role": "ally"}])]}, "partners[0].id: missing"),
        (
            {"events": [_event(partners=[{"id": "russia", "basis": "maybe"}])]},
            "partners[0].basis: 'maybe' is not one of named, inferred",
        ),
        (
            {"events": [_event(partners=[{"id": "russia", "role": "enemy"}])]},
            "partners[0].role: 'enemy' is not one of adversary, ally, donor",
        ),
        ({"events": [_event(citations=[])]}, "citations: must be a non-empty list of citations"),
        (
            {"events": [_event(citations=[{"source": "vpa-impact", "line": "1", "quote": "x"}])]},
            "citations[0].line: must be a line number from 1, not '1'",
        ),
        ({"events": [_event(id=12)]}, "event[0]: id: 12 is not an id like 1995-us-normalisation"),
        ({"events": [_event(extra=True)]}, "2015-user-event: extra: unknown field"),
        ({"event": []}, "-: event: unknown field"),
    ],
)
def test_wrong_types(tmp_path: Path, doc: Any, message: str) -> None:
    assert message in _invalid(_write(tmp_path, doc))


def _mine(path: str) -> list[tuple[str, str, str]]:
    """(record, field, message) of each problem vpa check lists for the file at `path`."""
    report = run("check", "--data", path, "--format", "json").json()
    problems = report["problems"]
    return [(p["record"], p["field"], p["message"]) for p in problems if p["file"] == path]


def test_a_bad_id_hides_none_of_the_records_other_problems(tmp_path: Path) -> None:
    bad = _event(id="My Event!", title="", kind="treaty", partners=["nowhere"])
    problems = _mine(_write(tmp_path, {"events": [bad]}))
    assert [(record, field) for record, field, _ in problems] == [
        ("event[0]", "id"),
        ("event[0]", "title"),
        ("event[0]", "kind"),
        ("event[0]", "partners[0]"),
    ]
    assert "'My Event!' is not an id like 1995-us-normalisation" in problems[0][2]
    assert "unknown partner 'nowhere'" in problems[3][2]
    # A duplicate id is read through too, and the record is still not added.
    twice = [_event(), _event(title="")]
    assert [(r, f) for r, f, _ in _mine(_write(tmp_path, {"events": twice}))] == [
        ("2015-user-event", "id"),
        ("2015-user-event", "title"),
    ]


def test_a_bad_date_hides_none_of_the_records_reference_or_quote_checks(
    tmp_path: Path,
) -> None:
    bad = _event(
        date="2015-02-30",
        partners=["nowhere"],
        citations=[
            {"source": "nguyen-chi-vinh-2015", "line": 4, "quote": "not in the text"},
            {"source": "no-such-source", "line": 1, "quote": "x"},
        ],
    )
    problems = _mine(_write(tmp_path, {"events": [bad]}))
    assert [(record, field) for record, field, _ in problems] == [
        ("2015-user-event", "date"),
        ("2015-user-event", "partners[0]"),
        ("2015-user-event", "citations[1].source"),
        ("2015-user-event", "citations[0].quote"),
    ]


def test_a_record_refused_still_counts_for_the_lines_it_cites(tmp_path: Path) -> None:
    """The one source of a new text cited only by a record with a bad date: neither
    "no record cites this source" nor its dated lines "neither cited nor skipped"."""
    (tmp_path / "a.txt").write_text("Title\nIn 1999 something happened.\n", encoding="utf-8")
    source = {
        "id": "tiny",
        "file": "a.txt",
        "title": "Tiny",
        "citations": [{"source": "tiny", "line": 1, "quote": "Title"}],
    }
    cited = [{"source": "tiny", "line": 2, "quote": "In 1999 something happened."}]
    bad = _event(id="1999-thing", date="1999-13", citations=cited)
    problems = _mine(_write(tmp_path, {"sources": [source], "events": [bad]}))
    assert [(record, field) for record, field, _ in problems] == [("1999-thing", "date")]


def test_a_partner_given_as_its_id_is_shown_the_object_to_write(tmp_path: Path) -> None:
    problem = _invalid(_write(tmp_path, {"partners": ["laos"]}))
    assert problem.endswith(
        "partner[0]: -: must be an object, not a string: write "
        '{"id": "laos", "name": TEXT, "kind": "country"|"organisation"|"forum", '
        '"citations": [{"source": ID, "line": N, "quote": TEXT}, ...]} '
        "(a partner's id alone stands for it only in an event's or a fact's partners)"
    )
    # Where a partner's id alone is allowed, the other form is named too.
    link = _invalid(_write(tmp_path, {"events": [_event(partners=[7])]}))
    assert link.endswith(
        'partners[0]: must be an object, not a number: write {"id": ID} '
        "(or the partner's id alone)"
    )


@pytest.mark.parametrize("date", ["1995-13", "2015-02-30", "March 2015", "95", "1990/1980", ""])
def test_unparseable_date(tmp_path: Path, date: str) -> None:
    problem = _invalid(_write(tmp_path, {"events": [_event(date=date)]}))
    assert ": 2015-user-event: date: " in problem


def test_unknown_source_citation(tmp_path: Path) -> None:
    cite = {"source": "vpa-impakt", "line": 1, "quote": "x"}
    problem = _invalid(_write(tmp_path, {"events": [_event(citations=[cite])]}))
    assert problem.endswith(
        ": 2015-user-event: citations[0].source: "
        "unknown source 'vpa-impakt' (did you mean vpa-impact?)"
    )


def _sized(tmp_path: Path, size: int) -> str:
    """A valid user file of exactly `size` bytes (its summary is padding)."""
    base = Path(_write(tmp_path, {"events": [_event(summary="")]})).stat().st_size
    path = _write(tmp_path, {"events": [_event(summary="s" * (size - base))]})
    assert Path(path).stat().st_size == size
    return path


def test_file_over_the_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The cap is read when a file is opened, so a test can lower it (the
    # bundled files must still fit under it).
    cap = max(p.stat().st_size for p in bundled_files()) + 1000
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", cap)
    assert run("timeline", "--data", _sized(tmp_path, cap)).exit_code == 0
    line = _fails(_sized(tmp_path, cap + 1))
    assert line.endswith(f": {cap + 1} bytes is over the {cap} bytes limit")


def test_sparse_file_over_the_real_cap(tmp_path: Path) -> None:
    # A sparse file: as big as stat says without writing 64 MiB.
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(reading.MAX_FILE_BYTES + 1)
    assert reading.MAX_FILE_BYTES == 64 * 1024 * 1024  # the documented cap
    line = _fails(str(path))
    assert line.endswith(f": {reading.MAX_FILE_BYTES + 1} bytes is over the 64 MiB limit")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused_at_once() -> None:
    line = _fails("/dev/zero")
    assert line.endswith("not a regular file (a pipe or a device cannot be read)")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    # Opening a FIFO with no writer would block; vpa never opens it.
    assert _fails(str(fifo)).endswith("not a regular file (a pipe or a device cannot be read)")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file(tmp_path: Path) -> None:
    path = _write(tmp_path, {})
    Path(path).chmod(0)
    assert _fails(path).endswith("cannot read: Permission denied")


def test_readme_error_transcript_is_real() -> None:
    text = DATA_DOC.read_text(encoding="utf-8")
    marker = "<!-- user-data-errors -->"
    assert marker in text, f"docs/data.md must hold the error transcript after {marker}"
    match = re.match(r"\s*```text\n(.*?)```", text.split(marker, 1)[1], re.DOTALL)
    assert match, f"a ```text block must follow {marker}"
    lines = match.group(1).splitlines()
    commands = [(i, line[2:]) for i, line in enumerate(lines) if line.startswith("$ vpa ")]
    assert commands
    for i, command in commands:
        result = run(*shlex.split(command)[1:])
        assert result.exit_code in (1, 2)
        assert result.stderr.rstrip("\n") == lines[i + 1], command


def test_timeline_json_output_reads_back_as_a_data_file(tmp_path: Path) -> None:
    events = run_json("timeline", "--data", str(EXAMPLE), "--source", "my-reading-notes")
    assert [e["id"] for e in events] == [EXAMPLE_EVENT]
    renamed = [{**e, "id": "2015-read-back"} for e in events]
    path = _write(tmp_path, {"events": renamed})
    shutil.copy(EXAMPLE, tmp_path / "example.json")
    shutil.copy(EXAMPLE_DIR / "reading-notes.txt", tmp_path)
    result = run("check", "--data", str(tmp_path / "example.json"), "--data", path)
    assert result.exit_code == 0, result.stdout
    back = {
        e["id"]: e
        for e in run_json("timeline", "--data", str(tmp_path / "example.json"), "--data", path)
    }
    assert {**back["2015-read-back"], "id": EXAMPLE_EVENT} == events[0]


def test_unknown_area_gets_a_suggestion(tmp_path: Path) -> None:
    cite = [{"source": "nguyen-chi-vinh-2015", "line": 4, "quote": VINH_LINE_4}]
    partner = {
        "id": "atlantis",
        "name": "Atlantis",
        "kind": "country",
        "statements": [{"area": "peace-keeping", "text": "x", "citations": cite}],
        "citations": cite,
    }
    problem = _invalid(_write(tmp_path, {"partners": [partner]}))
    assert problem.endswith("(did you mean peacekeeping?)")
    assert "statements[0].area: 'peace-keeping' is not one of history, " in problem


def test_unknown_partner_suggests_the_id_for_a_name_or_alias(tmp_path: Path) -> None:
    problem = _invalid(_write(tmp_path, {"events": [_event(partners=["Russian Federation"])]}))
    assert problem.endswith(
        "partners[0]: unknown partner 'Russian Federation' (did you mean russia?)"
    )


def test_empty_data_path_is_a_usage_error() -> None:
    result = run("timeline", "--data", "")
    assert result.exit_code == 2
    assert result.stderr == "vpa: error: an empty path was given as a data file\n"


def test_the_same_file_twice_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path, {"events": [_event()]})
    monkeypatch.chdir(tmp_path)
    ids = _ids("--data", path, "--data", "mine.json", env={"VPA_DATA": path})
    assert ids.count("2015-user-event") == 1
    assert run("check", "--data", path, "--data", "./mine.json").exit_code == 0


def test_a_path_with_a_nul_byte_is_a_usage_error() -> None:
    result = run("timeline", "--data", "a\0b.json")
    assert result.exit_code == 2
    assert result.stderr == "vpa: error: a\u2400b.json: no such file\n"


def test_a_relative_data_path_in_a_deleted_folder_is_a_missing_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    result = run("timeline", "--data", "notes.json")
    assert result.exit_code == 2, result.stderr
    assert result.stderr == "vpa: error: notes.json: no such file\n"


def test_check_refuses_a_name_two_partners_share(tmp_path: Path) -> None:
    """An alias (or name, or id) stands for one partner: "Nga" is Russia's alias, so a
    user's partner that also goes by it is refused, naming both, whichever way it is
    written (case and accents ignored), and a partner may repeat its own name."""
    partner = {
        "id": "atlantis",
        "name": "Atlantis",
        "kind": "country",
        "aliases": ["Atlantis", "NGA", "Atlantica"],
        "citations": [{"source": "nguyen-chi-vinh-2015", "line": 4, "quote": VINH_LINE_4}],
    }
    path = _write(tmp_path, {"partners": [partner]})
    result = run("check", "--data", path)
    assert result.exit_code == 1
    problems = [line for line in result.stdout.splitlines() if "also a name" in line]
    assert problems == [
        f"{path}: atlantis: aliases: 'NGA' is also a name of partner 'russia': each name, "
        "alias and id must stand for one partner (drop it from one of them)"
    ]
    # Every other command refuses the data too, with the same line.
    timeline = run("timeline", "--data", path)
    assert timeline.exit_code == 1 and "'NGA' is also a name of partner 'russia'" in timeline.stderr
