"""Text from data is data: markup is printed literally, control characters never reach a terminal.

One user data file puts rich markup, ESC sequences, other C0/C1 controls and
bidirectional overrides in every text field; every command prints it in
every format, and nothing it writes to stdout or stderr may carry them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, run

from vpa_cli.text import printable

MARKUP = "[red]Boom[/] [bold red]x[/bold red] [link=https://evil.example]click[/link] [/]"
CONTROLS = (
    "\x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x07osc8\x1b]8;;\x07 \x1b[2J\x1b[H"
    " bell\x07 nul\x00 cr\r back\x08 del\x7f csi\x9b31m nel\x85"
    " \u202eevil\u202c \u2066iso\u2069 \u200fmark \u061calm line\u2028sep"
)
HOSTILE = f"Hostile {MARKUP} {CONTROLS} end"

# What may never be written to a terminal: C0 but tab and newline, DEL, C1,
# bidi marks/embeddings/overrides/isolates, line/paragraph separators.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
FORMATS = ("plain", "table", "csv", "markdown")
SOURCE_TEXT = f"Title line\nA {HOSTILE} passage about hostility.\n"


def _citation(line: int, quote: str) -> dict[str, Any]:
    return {"source": "hostile-source", "line": line, "quote": quote}


def hostile_doc() -> dict[str, Any]:
    cite = [_citation(2, "passage about hostility")]
    return {
        "sources": [
            {
                "id": "hostile-source",
                "file": "hostile.txt",
                "title": f"Source {HOSTILE}",
                "authors": [{"family": f"Fam {MARKUP}\x1b[5m", "given": f"Giv\u202e{CONTROLS}"}],
                "publication": f"Pub {HOSTILE}",
                "type": "report",
                "date": "2020",
                "note": HOSTILE,
                "voice": "unattributed",
                "speaker": HOSTILE,
                "weak": True,
                "assessment": HOSTILE,
                "as_of_note": HOSTILE,
                "citations": [_citation(1, "Title line")],
            }
        ],
        "partners": [
            {
                "id": "hostile-land",
                "name": f"Hostiland {MARKUP}\x1b[31m",
                "kind": "country",
                "aliases": ["[bold]Evilia[/bold]", "Ev\x1bil\u202eia"],
                "statements": [
                    {"area": "general", "text": HOSTILE, "citations": cite},
                    # An inferred statement: its note is shown beside the lines it implies.
                    {
                        "area": "history",
                        "text": HOSTILE,
                        "basis": "inferred",
                        "note": f"Note {HOSTILE}",
                        "citations": [_citation(1, "Title line")],
                    },
                ],
                "citations": cite,
                "note": HOSTILE,
            }
        ],
        "events": [
            {
                "id": "2020-hostile-event",
                "date": "2020-05",
                "date_basis": "supplied",
                "date_note": HOSTILE,
                "date_label": f"May 2020 {MARKUP}\x1b[1m",
                "source_date": "2019",
                "title": f"Event {HOSTILE}",
                "summary": f"Summary {HOSTILE}",
                "kind": "visit",
                "partners": [
                    {
                        "id": "hostile-land",
                        "role": "counterpart",
                        "basis": "inferred",
                        "note": HOSTILE,
                    },
                    "russia",
                ],
                "citations": cite,
                "note": HOSTILE,
            }
        ],
        "facts": [
            {
                "id": "hostile-fact",
                "title": f"Fact {HOSTILE}",
                "summary": f"Summary {HOSTILE}",
                "kind": "policy",
                "partners": [{"id": "hostile-land", "basis": "inferred", "note": HOSTILE}],
                "citations": cite,
                "note": HOSTILE,
            }
        ],
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    path = folder / "hostile.json"
    path.write_text(json.dumps(hostile_doc()), encoding="utf-8")
    return str(path)


# Every command, with arguments that reach the hostile records.
COMMANDS = [
    ["timeline"],
    ["timeline", "--partner", "hostile-land"],
    ["timeline", "--contains", "Boom"],
    ["partner"],
    ["partner", "hostile-land"],
    ["partner", "evilia"],
    ["search", "hostility"],
    ["search", "Boom"],
    ["show", "2020-hostile-event"],
    ["show", "hostile-fact"],
    ["show", "hostile-land"],
    ["show", "hostile-source"],
    ["show", "hostile-source:2"],
    ["cite", "2020-hostile-event"],
    ["cite", "hostile-source"],
    ["check"],
]


def assert_safe(result: Result) -> None:
    for name, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        bad = UNSAFE.search(text)
        assert bad is None, f"{name} has {bad.group()!r}: {text[max(0, bad.start() - 60) :]!r}"
    assert "Traceback" not in result.stderr
    assert result.exception is None, repr(result.exception)


def _run(hostile: str, args: list[str], fmt: str) -> Result:
    # Wide, so a table never wraps a cell in the middle of the markup.
    result = run(*args, "--data", hostile, "--format", fmt, env={"COLUMNS": "1000"})
    assert result.exit_code in (0, 1, 2), result.stderr
    return result


# `vpa cite` has formats of its own; `vpa check` has no table.
CITE_FORMATS = ("text", "markdown", "bibtex")
CHECK_FORMATS = ("plain", "csv", "markdown")
TEXT_FORMATS = {"cite": CITE_FORMATS, "check": CHECK_FORMATS}
TEXT_RUNS = [(args, fmt) for args in COMMANDS for fmt in TEXT_FORMATS.get(args[0], FORMATS)]
JSON_RUNS = [(args, "json") for args in COMMANDS] + [
    (args, "csl-json") for args in COMMANDS if args[0] == "cite"
]


@pytest.mark.parametrize(
    ("args", "fmt"), TEXT_RUNS, ids=lambda x: " ".join(x) if isinstance(x, list) else x
)
def test_no_control_character_reaches_the_terminal(hostile: str, args: list[str], fmt: str) -> None:
    result = _run(hostile, args, fmt)
    assert_safe(result)
    shown = result.stdout + result.stderr
    if fmt == "markdown":
        # Markdown escapes brackets (\\[red\\]); a renderer shows them literally.
        shown = shown.replace("\\[", "[").replace("\\]", "]")
    if "click" in shown:
        # Markup is text: had rich read it, the brackets would be gone.
        assert "[link=https://evil.example]click[/link]" in shown
        assert "[bold red]x[/bold red]" in shown
    if "osc8" in shown and fmt != "bibtex":
        # The ESC before it is shown (as the control picture ␛), not dropped
        # (BibTeX, a file format for LaTeX, may drop it: assert_safe holds).
        assert "\u241b]8;;https://evil.example" in shown


@pytest.mark.parametrize(
    ("args", "fmt"), JSON_RUNS, ids=lambda x: " ".join(x) if isinstance(x, list) else x
)
def test_json_keeps_the_exact_text_escaped(hostile: str, args: list[str], fmt: str) -> None:
    result = _run(hostile, args, fmt)
    assert_safe(result)  # JSON escapes ESC & co. (and ensure_ascii the rest)
    if result.exit_code == 0 and "Boom" in result.stdout:
        # Some field written in the data file comes back exactly as written.
        written = [w for w in _strings(hostile_doc()) if "Boom" in w]
        texts = _strings(json.loads(result.stdout))
        assert any(w in text for text in texts for w in written)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_commands_that_must_show_the_hostile_records(hostile: str) -> None:
    """Guard against the tests above passing because nothing was printed."""
    plain = _run(hostile, ["timeline"], "plain")
    assert plain.exit_code == 0
    line = next(x for x in plain.stdout.splitlines() if "Boom" in x)
    assert line.startswith("May 2020 [red]Boom[/]")
    assert printable(f"Event {HOSTILE}") in line
    events = json.loads(_run(hostile, ["timeline"], "json").stdout)
    mine = next(e for e in events if e["id"] == "2020-hostile-event")
    assert mine["title"] == f"Event {HOSTILE}"
    profile = _run(hostile, ["partner", "hostile-land"], "plain")
    assert profile.exit_code == 0, profile.stderr
    assert "[red]Boom[/]" in profile.stdout
    table = _run(hostile, ["timeline"], "table")
    assert "[red]Boom[/]" in table.stdout
    for args in (
        ["show", "2020-hostile-event"],
        ["search", "Boom"],
        ["cite", "2020-hostile-event"],
        ["partner"],
    ):
        for fmt in CITE_FORMATS if args[0] == "cite" else FORMATS:
            result = _run(hostile, args, fmt)
            assert result.exit_code == 0, (args, fmt, result.stderr)
            shown = result.stdout.replace("\\[", "[").replace("\\]", "]")
            assert "[link=https://evil.example]click[/link]" in shown, (args, fmt)


@pytest.mark.parametrize(
    "args",
    [
        ["partner", "\x1b[31mEv\u202eil"],
        ["partner", "Evilix\x1b"],
        ["show", "2020-hostile-even\x1b[0m"],
        ["timeline", "--kind", "\x1b]8;;x\x07visit"],
        ["timeline", "--partner", "[bold]nope[/bold]\x9b"],
        ["timeline", "--from", "\x1b[2J1995"],
        ["timeline", "--format", "\x1b[31mxml"],
        ["\x1b[31mtimeline"],
    ],
    ids=repr,
)
def test_error_messages_quoting_user_values_are_clean(hostile: str, args: list[str]) -> None:
    result = run(*args, "--data", hostile)
    assert result.exit_code in (1, 2), result.stderr
    assert_safe(result)
    assert result.stderr.startswith("vpa: ")
    assert result.stderr.count("\n") == 1


def test_suggestions_from_hostile_aliases_are_clean(hostile: str) -> None:
    result = run("partner", "Evilio", "--data", hostile)
    assert result.exit_code in (1, 2)
    assert_safe(result)
    assert "hostile-land" in result.stderr  # suggested by its aliases


def test_hostile_file_names_are_clean(tmp_path: Path) -> None:
    path = tmp_path / "\x1b[31mred\u202e.json"
    path.write_bytes(b"{")
    result = run("timeline", "--data", str(path))
    assert result.exit_code == 1
    assert_safe(result)
    assert "\u241b[31mred<U+202E>.json: line 1 column 2" in result.stderr


def test_init_shows_a_hostile_file_name_as_text(tmp_path: Path) -> None:
    text = tmp_path / "evil\x1b[31mred \u202e$(x).txt"
    text.write_text("A title\nIn 1995 the army did this.\n", encoding="utf-8")
    result = run("init", str(tmp_path / "new.json"), "--source", str(text))
    assert result.exit_code == 0, result.stderr
    assert_safe(result)
    assert "evil\u241b[31mred <U+202E>$(x).txt:2\tIn 1995" in result.stdout
    # The command to run next is quoted for the shell, to paste as it is.
    assert "vpa quote '" in result.stderr and "$(x).txt' TEXT" in result.stderr


def test_check_problems_quoting_hostile_values_are_clean(tmp_path: Path) -> None:
    doc = {
        "events": [
            {
                "id": "x",
                "date": f"\x1b[31m{MARKUP}",
                "kind": "\u202evisit",
                "date_basis": "stated",
                "title": HOSTILE,
                "summary": HOSTILE,
                "partners": [HOSTILE],
                "citations": [{"source": HOSTILE, "line": 1, "quote": HOSTILE}],
            }
        ]
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    for fmt, problem in (("plain", "x: date:"), ("csv", ",x,date,"), ("markdown", "| x | date |")):
        result = run("check", "--data", str(path), "--format", fmt)
        assert result.exit_code == 1
        assert_safe(result)
        assert problem in result.stdout, fmt
    result = run("timeline", "--data", str(path))
    assert result.exit_code == 1
    assert_safe(result)


# ---------------------------------------------------------------- internal errors


def _boom(*args: Any, **kwargs: Any) -> Any:
    secret_local = "hunter2-in-a-local-variable"
    raise RuntimeError("boom " + str(len(secret_local)))


@pytest.mark.parametrize(
    ("target", "command"),
    [
        ("vpa_cli.loading.reading.load_dataset", "timeline"),
        ("vpa_cli.checks.run.run_check", "check"),
    ],
)
def test_internal_error_is_one_short_line(
    monkeypatch: pytest.MonkeyPatch, target: str, command: str
) -> None:
    monkeypatch.setattr(target, _boom)
    result = run(command)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "vpa: internal error: RuntimeError: boom 27 "
        "(a bug in vpa; run with VPA_DEBUG=1 for the traceback)\n"
    )


def test_debug_variable_shows_the_traceback_without_locals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vpa_cli.loading.reading.load_dataset", _boom)
    result = run("timeline", env={"VPA_DEBUG": "1"})
    assert result.exit_code == 1
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert 'raise RuntimeError("boom " + str(len(secret_local)))' in result.stderr
    assert "hunter2" not in result.stderr  # never the values of local variables
    assert result.stderr.endswith("(a bug in vpa; run with VPA_DEBUG=1 for the traceback)\n")


def test_debug_zero_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vpa_cli.loading.reading.load_dataset", _boom)
    assert "Traceback" not in run("timeline", env={"VPA_DEBUG": "0"}).stderr


def test_internal_error_message_is_cleaned_and_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("\x1b[31m" + "x" * 500 + "\nsecond line")

    monkeypatch.setattr("vpa_cli.loading.reading.load_dataset", boom)
    result = run("timeline")
    assert result.exit_code == 1
    assert_safe(result)
    assert result.stderr.count("\n") == 1
    assert len(result.stderr) < 320
