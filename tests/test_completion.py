"""Tab completion of values, driven the way the shells drive it: Typer's
completion variables (_VPA_COMPLETE with COMP_WORDS/COMP_CWORD for bash,
_TYPER_COMPLETE_ARGS for zsh and fish), and the exact text it prints for each
shell's script. tests/test_completion_shells.py runs the shells themselves."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run

from vpa_cli.records.vocab import EVENT_KINDS

DATA = {name: json.loads((REPO / "data" / f"{name}.json").read_text("utf-8"))[name]
        for name in ("sources", "events", "partners", "facts")}  # fmt: skip
PARTNER_IDS = [p["id"] for p in DATA["partners"]]
SOURCE_IDS = [s["id"] for s in DATA["sources"]]
RECORD_IDS = [r["id"] for records in DATA.values() for r in records]


# A word as bash splits a command line for completion: quotes and backslashes
# kept, and a quote left open runs to the end of the line.
WORD = re.compile(r"""(?:[^\s'"\\]|\\.|'[^']*(?:'|$)|"[^"]*(?:"|$))+""")


def bash(line: str, env: dict[str, str] | None = None) -> list[str]:
    """Candidates for the last word of `line` (empty after a trailing space), as bash asks:
    Typer's script passes the words as typed, joined by newlines."""
    words = WORD.findall(line) + ([""] if not line or line[-1].isspace() else [])
    result = run(
        env={
            "_VPA_COMPLETE": "complete_bash",
            "COMP_WORDS": "\n".join(words),
            "COMP_CWORD": str(len(words) - 1),
            **(env or {}),
        }
    )
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return [value for value in result.stdout.splitlines() if value]


def zsh(line: str, env: dict[str, str] | None = None) -> str:
    result = run(env={"_VPA_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line, **(env or {})})
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout


def fish(line: str, env: dict[str, str] | None = None) -> list[tuple[str, str]]:
    result = run(
        env={
            "_VPA_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_ARGS": line,
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            **(env or {}),
        }
    )
    assert (result.exit_code, result.stderr) == (0, "")
    rows = [row.split("\t", 1) for row in result.stdout.splitlines() if row]
    return [(row[0], row[1] if len(row) > 1 else "") for row in rows]


def test_kinds_complete_where_files_did() -> None:
    assert bash("vpa timeline --kind ") == list(EVENT_KINDS)
    assert bash("vpa timeline -k pe") == ["peacekeeping"]
    assert ("relief", EVENT_KINDS["relief"]) in fish("vpa timeline --kind re")


def test_partners_complete_by_id_name_and_alias() -> None:
    assert set(PARTNER_IDS) <= set(bash("vpa timeline --partner "))
    assert bash("vpa partner rus") == ["russia"]
    assert bash("vpa timeline -p Rus") == ["Russia", "Russian\\ Federation"]
    assert bash("vpa partner Ú") == ["Úc"]
    # fish and zsh take names with spaces; each says which partner it stands for.
    assert ("Trung Quốc", "china") in fish("vpa partner Trung")
    assert ("United States of America", "united-states") in fish("vpa partner United")
    assert '"United States":"united-states"' in zsh("vpa timeline --partner Uni")


def test_bash_gets_names_quoted_as_one_word() -> None:
    # bash puts a value on the line as it is: what vpa prints is already quoted.
    assert bash("vpa partner United")[:2] == ["United\\ States", "United\\ States\\ of\\ America"]
    assert bash("vpa partner Lao") == [
        "Laos",
        "Lao\\ PDR",
        "Lao\\ People\\'s\\ Democratic\\ Republic",
    ]
    assert bash("vpa partner Là") == ["Lào"]
    assert bash("vpa partner Tür") == ["Türkiye"]
    # After an opening quote bash inserts the value inside it, then closes it.
    assert bash("vpa partner 'United S") == ["United States", "United States of America"]
    assert bash('vpa partner "Lao P') == ["Lao PDR", "Lao People's Democratic Republic"]
    assert bash("vpa partner 'Lao P") == ["Lao PDR"]  # no apostrophe in '...'
    # Past a backslashed space, or a quote inside the word, nothing can match.
    assert bash("vpa partner United\\ S") == []
    assert bash("vpa partner Lao\\'s") == []
    assert bash("vpa partner x'Lao P") == []


def test_zsh_and_fish_get_names_as_they_are() -> None:
    # Each shell quotes what it inserts; zsh gets them inside Typer's quoting.
    assert '"Lào":"laos"' in zsh("vpa partner Là")
    assert '"Türkiye":"turkey"' in zsh("vpa partner Tür")
    assert ("Lao People's Democratic Republic", "laos") in fish("vpa partner Lao")
    # Typer's zsh script doubles an apostrophe inside its single quotes, which makes
    # it vanish ("Lao Peoples ..."): zsh is not offered those.
    assert "Lao People" not in zsh("vpa partner Lao")


HOSTILE = [
    "Mor$(touch${IFS}/tmp/x)",  # the alias of the issue
    "Mor`id`",
    "Mor;id",
    "Mor|id",
    "Mor&id",
    "Mor>x",
    "Mor<x",
    "Mor\\$(id)",
    'Mor"x"',
    "Mor{a,b}",
    "Mor*",
    "Mor?",
    "Mor[a]",
    "Mor~",
    "Mor!!",
    "Mor#x",
    "Mor=x",
    "Mor:x",
    "Mor%x",
    "Mor^x",
    "Mor@x",
    "Mor/x",
    "Mor\tx",
    "Mor\nid",
    "Mor\x1b[31m",
    "Mor\x00",
    "Mor\u202eid",  # bidi override
    "Mor\u00a0id",  # no-break space
    "Mor\u2028id",  # line separator
    "Mor＄(id)",  # fullwidth dollar sign
    " Mor",
    "Mor ",
    "Mor  x",
    "-Mor",  # vpa would read it as an option
]


@pytest.fixture
def hostile(tmp_path: Path) -> dict[str, str]:
    mine = tmp_path / "hostile.json"
    partners = [
        {"id": "moravia", "name": "Moravia", "aliases": [*HOSTILE, "Mor Ödland"]},
        {"id": "evil\\$(id) [/x]", "name": "Morlock"},
    ]
    mine.write_text(json.dumps({"partners": partners}), encoding="utf-8")
    return {"VPA_DATA": str(mine)}


def test_values_with_shell_characters_are_offered_to_no_shell(hostile: dict[str, str]) -> None:
    assert bash("vpa partner Mor", env=hostile) == ["Moravia", "Mor\\ Ödland", "Morlock"]
    assert bash("vpa partner 'Mor", env=hostile) == ["Moravia", "Mor Ödland", "Morlock"]
    assert [value for value, _ in fish("vpa partner Mor", env=hostile)] == [
        "Moravia",
        "Mor Ödland",
        "Morlock",
    ]
    # zsh: one `value:help` pair a line, in an array for `_describe` (issue 24: with a
    # matcher that ignores case).
    assert zsh("vpa partner Mor", env=hostile).splitlines() == [
        'local -a _vpa_values; _vpa_values=("Moravia":"moravia"',
        '"Mor Ödland":"moravia"',
        '"Morlock":"evil \\$(id) [/x]"); _describe -t values value _vpa_values '
        "-M 'm:{[:lower:][:upper:]}={[:upper:][:lower:]}'",
    ]
    # Nor when nothing is typed yet (" Mor" and "-Mor" do not begin with Mor).
    everything = {
        *bash("vpa partner '", env=hostile),
        *(v for v, _ in fish("vpa partner ", env=hostile)),
    }
    assert {"Moravia", "Mor Ödland", "Morlock", "Laos"} <= everything
    assert everything.isdisjoint(HOSTILE)
    # PowerShell puts a value on the line as it is: one plain word only.
    powershell = run(
        env={
            "_VPA_COMPLETE": "complete_powershell",
            "_TYPER_COMPLETE_ARGS": "vpa partner Mor",
            "_TYPER_COMPLETE_WORD_TO_COMPLETE": "Mor",
            **hostile,
        }
    )
    assert powershell.stdout.splitlines() == ["Moravia:::moravia", "Morlock:::evil $(id) [/x]"]


def test_names_complete_ignoring_case_when_none_matches_as_typed() -> None:
    # Issue 24: completion matched case: `vpa partner hoa<Tab>` offered nothing.
    assert bash("vpa partner hoa") == ["Hoa\\ Kỳ"]
    assert bash("vpa partner UNITED")[:3] == [
        "united-states",
        "United\\ States",
        "United\\ States\\ of\\ America",
    ]
    assert bash("vpa partner tür") == ["turkey", "Turkey", "Türkiye", "Turkiye"]
    assert [v for v, _ in fish("vpa partner HOA")] == ["Hoa Kỳ"]
    # What matches as typed comes alone: `united` the ids, `United` the names.
    assert bash("vpa partner united") == ["united-states", "united-kingdom", "united-nations"]
    assert bash("vpa partner Tür") == ["Türkiye"]


def test_help_is_one_plain_line(hostile: dict[str, str]) -> None:
    # The id is hostile; shown as help, it loses its backslash (in zsh's double
    # quotes it would undo Typer's escaping of $) and its markup stays text.
    assert '"Morlock":"evil \\$(id) [/x]"' in zsh("vpa partner Morl", env=hostile)
    assert fish("vpa partner Morl", env=hostile) == [("Morlock", "evil $(id) [/x]")]
    # Long help is cut short of the width rich wraps it at (here COLUMNS): fish
    # reads every line printed as one more value.
    rows = fish("vpa show ", env={"COLUMNS": "40"})
    assert {value for value, _ in rows} == set(RECORD_IDS)
    assert all(len(help_text) < 40 for _, help_text in rows)
    assert any(help_text.endswith("…") for _, help_text in rows)
    assert max(len(help_text) for _, help_text in fish("vpa show ")) < 60


def test_source_ids_complete() -> None:
    assert bash("vpa timeline --source ") == SOURCE_IDS
    assert bash("vpa timeline -s nguyen-c") == ["nguyen-chi-vinh-2015"]


def test_record_ids_complete_for_show_and_cite() -> None:
    assert bash("vpa show ") == RECORD_IDS
    assert bash("vpa show four-n") == ["four-nos-policy"]
    assert bash("vpa cite russia 2015-03") == ["2015-03-02-defence-diplomacy-guidelines"]
    title = dict(fish("vpa cite vpa-"))["vpa-impact"]  # cut short: see test_help_is_one_plain_line
    assert DATA["sources"][0]["title"].startswith(title.rstrip("…"))


def test_styles_and_formats_complete() -> None:
    assert bash("vpa cite --style ") == ["apa", "chicago", "mla", "plain"]
    assert "json" in bash("vpa timeline --format ")
    assert '"csv"' in zsh("vpa timeline --format c")


def test_your_own_data_completes_too(tmp_path: Path) -> None:
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps({"partners": [{"id": "atlantis", "name": "Atlantis"}]}))
    assert bash(f"vpa timeline --data {mine} --partner atl") == ["atlantis"]
    assert bash("vpa timeline --partner atl", env={"VPA_DATA": str(mine)}) == ["atlantis"]


@pytest.mark.parametrize("content", ["{not json", '{"partners": 3}', '{"partners": [3, {}]}'])
def test_a_broken_data_file_completes_quietly(tmp_path: Path, content: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    assert bash(f"vpa timeline --data {bad} --partner rus") == ["russia"]
    assert bash(f"vpa show --data {tmp_path / 'missing.json'} four-n") == ["four-nos-policy"]


def test_nothing_to_offer_prints_nothing() -> None:
    assert bash("vpa partner zzz") == []
    assert fish("vpa timeline --kind zzz") == []


@pytest.mark.parametrize(
    ("shell", "env", "expected"),
    [
        ("bash", {"COMP_WORDS": "vpa timeline --kind wa", "COMP_CWORD": "3"}, "war\n"),
        ("zsh", {"_TYPER_COMPLETE_ARGS": "vpa timeline --kind wa"}, "war"),
        (
            "fish",
            {
                "_TYPER_COMPLETE_ARGS": "vpa partner soviet-",
                "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            },
            "soviet-union\tSoviet Union\n",
        ),
    ],
)
def test_the_installed_script_completes(shell: str, env: dict[str, str], expected: str) -> None:
    """As the shell runs it: a new process of the `vpa` script, its stderr empty."""
    script = "from vpa_cli.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "_VPA_COMPLETE": f"complete_{shell}", **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert expected in done.stdout
