"""vpa quote and vpa init on a new text: from an empty folder to a clean vpa check."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import run

from vpa_cli.queries.quote import find_quote, source_id_for

# A new article, written here: typographic quotes and apostrophes, an en dash, a
# sentence wrapped over two lines, and page furniture that names a year.
ARTICLE = (
    "Vietnam and Laos hold border talks\n"
    "\n"
    "Hanoi, 12 May 2021 \u2013 Defence officials of Vietnam and Laos met in Hanoi.\n"
    "\n"
    "The two sides agreed to hold a joint \u201cborder friendship exchange\u201d in 2022,\n"
    "the ministry\u2019s statement said.\n"
    "\n"
    "\u00a9 2021 The Editors. Comments (0)\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "texts" / "Laos_Talks (2021).txt"
    path.parent.mkdir()
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def quote(path: Path, text: str, *more: str) -> list[dict[str, Any]]:
    result = run("quote", str(path), text, *more)
    assert result.exit_code == 0, result.stderr
    found: list[dict[str, Any]] = json.loads(f"[{result.stdout}]")
    return found


def test_from_init_to_a_clean_check(tmp_path: Path, article: Path) -> None:
    data = tmp_path / "laos.json"
    started = run("init", str(data), "--source", str(article))
    assert started.exit_code == 0, started.stderr
    # The checklist: each line that names a year (not the title line, cited already).
    assert [row.split("\t")[0] for row in started.stdout.splitlines()] == [
        f"{article}:3",
        f"{article}:5",
        f"{article}:8",
    ]
    assert "wrote" in started.stderr and "3 line(s) name a year" in started.stderr
    doc = json.loads(data.read_text(encoding="utf-8"))
    (source,) = doc["sources"]
    assert source["id"] == "laos-talks-2021"
    assert source["file"] == "texts/Laos_Talks (2021).txt"
    assert source["sha256"] == hashlib.sha256(article.read_bytes()).hexdigest()
    assert source["title"] == "Vietnam and Laos hold border talks"
    assert "placeholder" in source["note"]
    assert list(doc) == ["sources"]  # nothing unverified: no events, no skipped lines

    # What is left to do, as vpa check lists it.
    todo = run("check", "--data", str(data))
    assert todo.exit_code == 1
    mine = [line for line in todo.stdout.splitlines() if line.startswith(f"{data}: ")]
    assert [line.split(": ", 3)[2] for line in mine] == [
        "id",
        "line 3",
        "line 5",
        "line 8",
    ]

    # Cite the dated lines with vpa quote (as copied: straight quotes, one space).
    met = quote(article, "officials of Vietnam and Laos met in Hanoi")
    agreed = quote(article, 'joint "border friendship exchange" in 2022')
    assert met[0]["line"] == 3 and agreed[0]["line"] == 5
    doc["events"] = [
        {
            "id": "2021-05-12-vietnam-laos-border-talks",
            "date": "2021-05-12",
            "date_basis": "stated",
            "title": "Vietnam-Laos border talks in Hanoi",
            "summary": "Defence officials of Vietnam and Laos meet in Hanoi.",
            "kind": "exchange",
            "partners": ["laos"],
            "citations": [
                *quote(article, "Hanoi, 12 May 2021"),
                *met,
                *agreed,
            ],
        }
    ]
    doc["skipped"] = [
        {
            "source": "laos-talks-2021",
            "line": 8,
            "reason": "page-furniture",
            "note": "Copyright line.",
        }
    ]
    data.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    clean = run("check", "--data", str(data))
    # Nothing left in the new file; any other problem is the bundled data's own
    # (tests/test_data.py holds those to none).
    assert all(line.startswith("data/") for line in clean.stdout.splitlines()[:-1])
    assert clean.exit_code == 0 or run("check").exit_code == 1, clean.stdout
    assert not [line for line in clean.stdout.splitlines() if line.startswith(str(data))]


def test_init_never_replaces_a_data_file(tmp_path: Path, article: Path) -> None:
    data = tmp_path / "laos.json"
    data.write_text("{}", encoding="utf-8")
    again = run("init", str(data), "--source", str(article))
    assert (again.exit_code, again.stdout) == (2, "")
    assert "already exists" in again.stderr and again.stderr.count("\n") == 1
    assert data.read_text(encoding="utf-8") == "{}"


def test_init_refuses_a_missing_or_empty_text(tmp_path: Path) -> None:
    missing = run("init", str(tmp_path / "a.json"), "--source", str(tmp_path / "none.txt"))
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("\n \n", encoding="utf-8")
    result = run("init", str(tmp_path / "b.json"), "--source", str(empty))
    assert result.exit_code == 1 and "empty" in result.stderr
    assert not (tmp_path / "a.json").exists() and not (tmp_path / "b.json").exists()


@pytest.mark.parametrize(
    ("typed", "line", "exact"),
    [
        # Straight for typographic quotes, a hyphen for the en dash, any case.
        ('joint "border friendship exchange"', 5, "joint \u201cborder friendship exchange\u201d"),
        ("2021 - defence OFFICIALS", 3, "2021 \u2013 Defence officials"),
        ("the ministry's statement", 6, "the ministry\u2019s statement"),
        # Runs of spaces, a non-breaking space, a tab.
        ("met   in\u00a0Hanoi", 3, "met in Hanoi"),
        ("Vietnam\tand Laos hold", 1, "Vietnam and Laos hold"),
    ],
)
def test_quote_forgives_copying_and_prints_the_exact_text(
    article: Path, typed: str, line: int, exact: str
) -> None:
    (citation,) = quote(article, typed)
    assert citation == {"source": "laos-talks-2021", "line": line, "quote": exact}
    assert exact in ARTICLE.splitlines()[line - 1]


def test_a_quote_over_a_line_break_gives_one_citation_per_line(article: Path) -> None:
    result = run("quote", str(article), "in 2022, the ministry's")
    assert result.exit_code == 0
    assert json.loads(f"[{result.stdout}]") == [
        {"source": "laos-talks-2021", "line": 5, "quote": "in 2022,"},
        {"source": "laos-talks-2021", "line": 6, "quote": "the ministry\u2019s"},
    ]
    assert "para. 3, line 5" in result.stderr and "para. 4, line 6" in result.stderr


def test_the_source_id_can_be_given(article: Path) -> None:
    (citation,) = quote(article, "met in Hanoi", "--source", "my-id")
    assert citation["source"] == "my-id"


def test_a_near_miss_gets_the_closest_lines_and_exit_1(article: Path) -> None:
    result = run("quote", str(article), "the two sides agreed to a joint exchange")
    assert (result.exit_code, result.stdout) == (1, "")
    lines = result.stderr.splitlines()
    assert lines[1].startswith("  line 5 (")
    assert lines[-1].startswith("vpa: error: not found in")
    nothing = run("quote", str(article), "zzzz qqqq")
    assert nothing.exit_code == 1 and nothing.stderr.count("\n") == 1


def test_quote_usage_errors(article: Path, tmp_path: Path) -> None:
    assert run("quote", str(article), "  ").exit_code == 2
    assert run("quote", str(tmp_path / "none.txt"), "x").exit_code == 2
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("caf\u00e9 1990".encode("latin-1"))
    bad = run("quote", str(latin1), "caf")
    assert bad.exit_code == 1 and "not UTF-8" in bad.stderr


def test_the_help_example_on_a_bundled_text_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    import shlex

    from conftest import REPO

    examples = run("quote", "--help").stdout.split("Examples:")[1].splitlines()
    (example,) = [line.strip() for line in examples if "seeds/" in line]
    monkeypatch.chdir(REPO)  # the bundled texts, as the example names them
    result = run(*shlex.split(example)[1:])
    assert result.exit_code == 0, result.stderr
    (found,) = json.loads(f"[{result.stdout}]")
    assert found["quote"] == "opposition of \u201cpeaceful evolution\u201d"


def test_find_quote_and_source_ids(article: Path) -> None:
    (found,) = find_quote(article, "MET IN HANOI")
    assert (found.line, found.quote, found.paragraph) == (3, "met in Hanoi", 2)
    assert source_id_for(Path("Bài viết: Quân đội.txt")) == "bai-viet-quan-doi"


DOC = Path(__file__).resolve().parents[1] / "docs" / "your-own-sources.md"


def test_the_walk_through_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/your-own-sources.md: its article is ARTICLE, and each `vpa` line of its
    sh blocks runs in order with the exit status and output the page shows."""
    import re
    import shlex

    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```(\w+)\n(.*?)```", text, re.DOTALL)
    assert blocks[0] == ("text", ARTICLE.replace("\u00a0", " ").rstrip("\n") + "\n")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    ran = 0
    for (kind, body), (_, shown) in zip(blocks, [*blocks[1:], ("", "")], strict=True):
        if kind == "json":  # step 4: the records, beside the source vpa init wrote
            written = json.loads((tmp_path / "article.json").read_text(encoding="utf-8"))
            records = {**json.loads(body), "sources": written["sources"]}
            (tmp_path / "article.json").write_text(json.dumps(records), encoding="utf-8")
        if kind != "sh":
            continue
        command, _, comment = body.strip().partition("#")
        result = run(*shlex.split(command)[1:])
        expected = 1 if "exit 1" in comment else 0
        if expected == 0 and "check" in command and run("check").exit_code:
            expected = 1  # the bundled data's own problems (tests/test_data.py)
        assert result.exit_code == expected, command
        out = result.stdout + (result.stderr if result.exit_code else "")
        if "check" in command:
            # Only the new file's lines: the bundled data are checked elsewhere.
            out = "\n".join(x for x in out.splitlines() if x.startswith("article.json"))
        if shown.strip() and not shown.startswith("{\n"):
            assert out.splitlines() == shown.rstrip("\n").splitlines(), command
        ran += 1
    assert ran == 5


# A text that writes a phrase with hyphens where a reader types spaces.
DRILL = (
    "Navies hold a joint drill\n"
    "\n"
    "In 2019 the two navies held a joint search-and-rescue drill off Da Nang.\n"
)


# The drill text's source, and an event about it (its citations added by each test).
DRILL_SOURCE = {
    "id": "drill",
    "file": "drill.txt",
    "title": "Navies hold a joint drill",
    "citations": [{"source": "drill", "line": 1, "quote": "Navies hold a joint drill"}],
}
DRILL_EVENT = {
    "id": "2019-search-and-rescue-drill",
    "date": "2019",
    "date_basis": "stated",
    "title": "Joint search-and-rescue drill",
    "summary": "The two navies held a joint search-and-rescue drill in 2019.",
    "kind": "exercise",
}


def pasted_citations(stderr: str) -> list[dict[str, Any]]:
    """The citations a near miss offers on stderr, one indented JSON object a line."""
    return [json.loads(line) for line in stderr.splitlines() if line.startswith("    {")]


@pytest.mark.parametrize(
    "typed",
    [
        "joint search and rescue drill",  # spaces where the text has hyphens
        "oint search and rescue dril",  # cut inside words: widened to whole words
    ],
)
def test_a_near_miss_gives_its_matching_stretch_as_a_citation_to_paste(
    tmp_path: Path, typed: str
) -> None:
    text = tmp_path / "drill.txt"
    text.write_text(DRILL, encoding="utf-8")
    result = run("quote", str(text), typed)
    assert (result.exit_code, result.stdout) == (1, "")
    cited, *_ = pasted_citations(result.stderr)  # the closest line's, first
    assert cited == {"source": "drill", "line": 3, "quote": "joint search-and-rescue drill"}
    assert result.stderr.splitlines()[-1].startswith("vpa: error: not found in")

    # Pasted into a record, vpa check finds it verbatim.
    data = tmp_path / "drill.json"
    record = {
        **DRILL_EVENT,
        "citations": [{"source": "drill", "line": 3, "quote": "In 2019"}, cited],
    }
    source = DRILL_SOURCE
    data.write_text(json.dumps({"sources": [source], "events": [record]}), encoding="utf-8")
    checked = run("check", "--data", str(data), "--format", "json").json()
    assert [p for p in checked["problems"] if p["file"] == str(data)] == []


def test_check_shows_the_closest_text_of_a_quote_not_verbatim(tmp_path: Path) -> None:
    (tmp_path / "drill.txt").write_text(DRILL, encoding="utf-8")
    source = DRILL_SOURCE
    record = {
        **DRILL_EVENT,
        "citations": [
            # As typed, on its line; then on the line before it (the blank line).
            {"source": "drill", "line": 3, "quote": "In 2019 the two navies held a joint"},
            {"source": "drill", "line": 3, "quote": "joint search and rescue drill"},
            {"source": "drill", "line": 2, "quote": "joint search and rescue drill"},
            {"source": "drill", "line": 3, "quote": "nothing like it at all, not one word"},
        ],
    }
    data = tmp_path / "drill.json"
    data.write_text(json.dumps({"sources": [source], "events": [record]}), encoding="utf-8")
    report = run("check", "--data", str(data), "--format", "json").json()
    messages = {p["field"]: p["message"] for p in report["problems"] if p["file"] == str(data)}
    assert messages == {
        "citations[1].quote": "not verbatim at drill line 3: 'joint search and rescue drill'; "
        "the line has 'joint search-and-rescue drill' (93% alike)",
        "citations[2].quote": "not verbatim at drill line 2: 'joint search and rescue drill'; "
        "line 3 has 'joint search-and-rescue drill' (93% alike)",
        # Nothing at least half alike: no closest text.
        "citations[3].quote": "not verbatim at drill line 3: "
        "'nothing like it at all, not one word'",
    }
