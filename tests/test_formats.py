"""Each command offers exactly the formats it can write, and refuses any other before reading data.

`--help` lists a command's formats; every one of them works; any other is a
usage error (exit 2, one line on stderr) raised while the command line is
parsed, or, where one command gives two kinds of result (`vpa partner`: the
list, or one profile), before the dataset is loaded. All Markdown goes
through one escaper.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, run

from vpa_cli.markdown import escape, escape_line_start, table

COMMON = ["auto", "table", "plain", "json", "csv", "markdown"]
FORMATS = {
    "timeline": [*COMMON, "html", "timelinejs"],
    "partner": COMMON,
    "search": COMMON,
    "show": COMMON,
    "check": ["plain", "json", "csv", "markdown"],
    "cite": ["text", "json", "markdown", "bibtex", "csl-json", "ris"],
    "schema": ["json", "markdown"],
    "sources": COMMON,
}
# Arguments that give each command something to write.
ARGS = {
    "timeline": ["timeline", "--to", "1960"],
    "partner": ["partner"],
    "search": ["search", "peacekeeping"],
    "show": ["show", "russia"],
    "check": ["check"],
    "cite": ["cite", "nguyen-chi-vinh-2015"],
    "schema": ["schema"],
    "sources": ["sources"],
}
# A second kind of result from the same command.
MORE_ARGS = [
    ["timeline", "--chart", "--to", "1980"],
    ["partner", "russia"],
    ["cite"],
    ["sources", "nguyen-chi-vinh-2015"],
]


def _help_formats(command: str) -> list[str]:
    result = run(command, "--help")
    assert result.exit_code == 0
    match = re.search(r"--format <([^>]*)>", result.stdout)
    assert match, result.stdout
    return match.group(1).split("|")


def _one_line_error(result: Result) -> str:
    assert result.stdout == ""
    assert result.stderr.startswith("vpa: error: ")
    assert result.stderr.count("\n") == 1
    return result.stderr


def _runs() -> list[tuple[list[str], str]]:
    runs = [(ARGS[c], fmt) for c, formats in FORMATS.items() for fmt in formats]
    runs += [(args, fmt) for args in MORE_ARGS for fmt in FORMATS[args[0]]]
    # One profile has no CSV (see test_one_profile_has_no_csv); the chart is no page.
    refused = {("partner russia", "csv"), ("timeline --chart --to 1980", "html")}
    refused.add(("timeline --chart --to 1980", "timelinejs"))
    return [(args, fmt) for args, fmt in runs if (" ".join(args), fmt) not in refused]


# ---------------------------------------------------------------- what --help offers


@pytest.mark.parametrize("command", FORMATS)
def test_help_lists_exactly_the_formats_of_the_command(command: str) -> None:
    assert _help_formats(command) == FORMATS[command]


@pytest.mark.parametrize(
    ("args", "fmt"), _runs(), ids=lambda x: " ".join(x) if isinstance(x, list) else x
)
def test_every_listed_format_works(args: list[str], fmt: str) -> None:
    result = run(*args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()
    assert "\x1b" not in result.stdout
    if fmt in ("json", "csl-json"):
        json.loads(result.stdout)
    elif fmt == "csv":
        header, *rows = list(csv.reader(io.StringIO(result.stdout)))
        assert header and all(re.fullmatch(r"[a-z_]+", name) for name in header), header
        assert all(len(row) == len(header) for row in rows)
        assert rows or args == ["check"]  # the bundled data has no problems
    elif fmt == "markdown":
        assert result.stdout.startswith(("|", "#", "-", "ok: "))
    elif fmt == "plain":
        assert "\u2500" not in result.stdout  # no table rules when asked for plain lines


def test_auto_is_plain_when_piped() -> None:
    for command in ("timeline", "partner", "search", "show"):
        args = ARGS[command]
        assert run(*args).stdout == run(*args, "--format", "plain").stdout


# ---------------------------------------------------------------- what is refused


REFUSED = [
    ("timeline", "xml"),
    ("timeline", "text"),
    ("partner", "bibtex"),
    ("search", "html"),
    ("show", "text"),
    ("check", "table"),
    ("check", "auto"),
    ("cite", "csv"),
    ("cite", "table"),
    ("schema", "plain"),
]


@pytest.fixture
def no_data_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("data was read")

    monkeypatch.setattr("vpa_cli.loading.reading.load_dataset", fail)
    monkeypatch.setattr("vpa_cli.checks.run.run_check", fail)


@pytest.mark.parametrize(("command", "fmt"), REFUSED)
def test_any_other_format_is_a_usage_error_before_data_is_read(
    command: str, fmt: str, no_data_read: None
) -> None:
    data = [] if command == "schema" else ["--data", "no-such-file.json"]
    result = run(*ARGS[command], *data, "--format", fmt)
    assert result.exit_code == 2
    message = _one_line_error(result)
    assert "--format" in message and repr(fmt) in message
    # It names what the command offers, and says nothing of the missing file.
    assert all(repr(name) in message for name in FORMATS[command])
    assert "no-such-file" not in message


def test_one_profile_has_no_csv(no_data_read: None) -> None:
    result = run("partner", "russia", "--format", "csv", "--data", "no-such-file.json")
    assert result.exit_code == 2
    message = _one_line_error(result)
    assert "--format csv" in message
    assert "one partner's profile" in message
    assert "auto, table, plain, json, markdown" in message
    assert "no-such-file" not in message


def test_the_list_of_partners_has_csv() -> None:
    header = next(csv.reader(io.StringIO(run("partner", "--format", "csv").stdout)))
    assert header[:3] == ["id", "name", "kind"]


# ---------------------------------------------------------------- vpa check


def _event(eid: str, **changes: Any) -> dict[str, Any]:
    return {
        "id": eid,
        "date": "2015-03-02",
        "date_basis": "stated",
        "title": "A broken | <b>event</b>",
        "summary": "Written by a user.",
        "kind": "visit",
        "partners": ["russia"],
        "citations": [{"source": "nguyen-chi-vinh-2015", "line": 4, "quote": "x"}],
        **changes,
    }


def _broken(tmp_path: Path) -> str:
    events = [_event("2015-bad-date", date="2015-13"), _event("2015-bad-partner", partners=["x"])]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps({"events": events}), encoding="utf-8")
    return str(path)


def test_check_csv_is_one_row_per_problem(tmp_path: Path) -> None:
    path = _broken(tmp_path)
    result = run("check", "--data", path, "--format", "csv")
    assert result.exit_code == 1
    header, *rows = list(csv.reader(io.StringIO(result.stdout)))
    assert header == ["file", "record", "field", "message", "severity"]
    report = run("check", "--data", path, "--format", "json").json()
    problems, warnings = report["problems"], report["warnings"]
    assert len(problems) >= 2
    assert rows == [
        *([p["file"], p["record"], p["field"], p["message"], "error"] for p in problems),
        *([p["file"], p["record"], p["field"], p["message"], "warning"] for p in warnings),
    ]
    assert ["2015-bad-date", "date"] in [row[1:3] for row in rows]
    assert ["2015-bad-partner", "partners[0]"] in [row[1:3] for row in rows]


def test_check_csv_of_clean_data_is_the_header() -> None:
    result = run("check", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout == "file,record,field,message,severity\n"


def test_check_markdown_is_a_table_of_problems(tmp_path: Path) -> None:
    path = _broken(tmp_path)
    result = run("check", "--data", path, "--format", "markdown")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "| file | record | field | message | severity |",
        "|---|---|---|---|---|",
    ]
    plain = run("check", "--data", path).stdout.splitlines()
    assert len(lines) == len(plain) + 2  # one row per problem and per warning
    assert any("| 2015-bad-partner | partners\\[0\\] |" in line for line in lines)


# ---------------------------------------------------------------- one Markdown escaper

CLAIM = "<b>claim</b>"
ESCAPED = r"\<b\>claim\</b\>"


@pytest.fixture
def claims(tmp_path: Path) -> str:
    cite = [{"source": "vpa-impact", "line": 7, "quote": "anything"}]
    doc = {
        "partners": [
            {"id": "claimland", "name": f"{CLAIM} land", "kind": "country", "citations": cite}
        ],
        "events": [
            {
                "id": "2015-claim",
                "date": "2015-03-02",
                "date_basis": "stated",
                "title": f"A {CLAIM} title",
                "summary": "Summary.",
                "kind": "visit",
                "partners": ["claimland"],
                "citations": cite,
            }
        ],
        "facts": [
            {
                "id": "claim-fact",
                "title": f"A {CLAIM} fact",
                "summary": "Summary.",
                "kind": "policy",
                "partners": ["claimland"],
                "citations": cite,
            }
        ],
    }
    path = tmp_path / "claims.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "args",
    [
        ["timeline"],
        ["partner"],
        ["partner", "claimland"],
        ["search", "claim"],
        ["show", "2015-claim"],
        ["show", "claim-fact"],
    ],
    ids=" ".join,
)
def test_markdown_escapes_html_from_data(claims: str, args: list[str]) -> None:
    result = run(*args, "--data", claims, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert ESCAPED in result.stdout.replace("**", "")  # search bolds the match
    assert "<b>" not in result.stdout


def test_escape_covers_every_markdown_character() -> None:
    special = "\\`*_[]<>#|~@$^"
    assert escape(special) == "".join("\\" + c for c in special)
    assert escape("plain words, 1.5 (x) - y!") == "plain words, 1.5 (x) - y!"


def test_escape_keeps_a_value_on_one_line_and_in_its_cell() -> None:
    assert escape("a\nb\r\nc\u2028d") == "a b c d"
    lines = table(["h"], [[escape("x|y\n| z |")]])
    assert lines == ["| h |", "|---|", "| x\\|y \\| z \\| |"]


def test_escape_line_start_stops_a_list() -> None:
    assert escape_line_start("1984. A year") == "1984\\. A year"
    assert escape_line_start("- a dash") == "\\- a dash"
    assert escape_line_start("In 1984. ") == "In 1984. "


# ---------------------------------------------------------------- start-up


def test_start_up_loads_the_format_names_but_no_renderer() -> None:
    code = (
        "import sys\nfrom vpa_cli.cli import app\n"
        "bad = [m for m in sys.modules if m.split('.')[0] == 'rich' or m.startswith("
        "('vpa_cli.render', 'vpa_cli.loading.reading', 'vpa_cli.records.types',"
        " 'vpa_cli.markdown'))]\n"
        "assert not bad, bad\n"
        "assert 'vpa_cli.formats' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
