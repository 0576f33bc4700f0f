"""Tab completion of values, driven the way the shells drive it: Typer's
completion variables (_VPA_COMPLETE with COMP_WORDS/COMP_CWORD for bash,
_TYPER_COMPLETE_ARGS for zsh and fish), and the candidates it prints."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, run

from vpa_cli.vocab import EVENT_KINDS

DATA = {name: json.loads((REPO / "data" / f"{name}.json").read_text("utf-8"))[name]
        for name in ("sources", "events", "partners", "facts")}  # fmt: skip
PARTNER_IDS = [p["id"] for p in DATA["partners"]]
SOURCE_IDS = [s["id"] for s in DATA["sources"]]
RECORD_IDS = [r["id"] for records in DATA.values() for r in records]


def bash(line: str, env: dict[str, str] | None = None) -> list[str]:
    """Candidates for the last word of `line` (empty after a trailing space), as bash asks."""
    words = line.split(" ")
    result = run(
        env={
            "_VPA_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
            **(env or {}),
        }
    )
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return [value for value in result.stdout.splitlines() if value]


def zsh(line: str) -> str:
    result = run(env={"_VPA_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line})
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout


def fish(line: str) -> list[tuple[str, str]]:
    result = run(
        env={
            "_VPA_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_ARGS": line,
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
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
    assert bash("vpa timeline -p Rus") == ["Russia"]
    assert bash("vpa partner Ú") == ["Úc"]
    # fish and zsh take names with spaces; each says which partner it stands for.
    assert ("Trung Quốc", "china") in fish("vpa partner Trung")
    assert ("United States of America", "united-states") in fish("vpa partner United")
    assert '"United States":"united-states"' in zsh("vpa timeline --partner Uni")


def test_bash_gets_no_names_with_spaces() -> None:
    # bash would split "United States" into two candidates; the id stands in.
    assert bash("vpa partner Uni") == []
    assert "USA" in bash("vpa partner U")
    assert bash("vpa partner united") == ["united-states", "united-kingdom", "united-nations"]


def test_source_ids_complete() -> None:
    assert bash("vpa timeline --source ") == SOURCE_IDS
    assert bash("vpa timeline -s nguyen-c") == ["nguyen-chi-vinh-2015"]


def test_record_ids_complete_for_show_and_cite() -> None:
    assert bash("vpa show ") == RECORD_IDS
    assert bash("vpa show four-n") == ["four-nos-policy"]
    assert bash("vpa cite russia 2015-03") == ["2015-03-02-defence-diplomacy-guidelines"]
    assert ("vpa-impact", DATA["sources"][0]["title"]) in fish("vpa cite vpa-")


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
