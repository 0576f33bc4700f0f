"""The real entry point (`main`, used by `vpa` and `python -m vpa_cli`), in a subprocess.

`main` builds only the command asked for and switches the garbage collector
off; CliRunner tests bypass it, so these check it directly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import REPO


def _vpa(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "VPA_DATA")}
    return subprocess.run(
        [sys.executable, "-m", "vpa_cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env={**env, "NO_COLOR": "1"},
        timeout=60,
    )


def test_root_help_still_lists_every_command() -> None:
    result = _vpa("--help")
    assert result.returncode == 0
    for command in ("timeline", "partner", "search", "show", "cite", "check"):
        assert f"  {command} " in result.stdout


def test_the_command_asked_for_runs() -> None:
    result = _vpa("timeline", "--format", "json", "--limit", "2")
    assert result.returncode == 0, result.stderr
    ids = [e["id"] for e in json.loads(result.stdout)]
    assert ids == ["1944-vpa-founding", "1945-08-general-uprising"]


def test_a_misspelt_command_still_gets_a_suggestion() -> None:
    result = _vpa("timelime")
    assert result.returncode == 2
    assert "Did you mean 'timeline'?" in result.stderr
