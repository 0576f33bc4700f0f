"""`vpa ... | head -1` under `set -o pipefail`: the same exit status every run, quietly.

vpa exits 0 when its reader closes the pipe early (see vpa_cli.cli): a small output
written before `head` closes exits 0 anyway, so 0 is the status both cases share.
These run the installed `vpa` script, found beside the Python running the tests.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "vpa"
RUNS = 20
VINH_LINE_4 = "General guidelines set out for defence diplomacy in 2015"

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX shell and head"),
    pytest.mark.skipif(not SCRIPT.exists(), reason="the vpa script is not installed"),
    pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash"),
]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A timeline of far more than a pipe holds: vpa is still writing when `head` closes."""
    path = tmp_path_factory.mktemp("pipes") / "big.json"
    events = [
        {
            "id": f"2015-user-{i}",
            "date": "2015",
            "date_basis": "stated",
            "title": f"Event {i} " + "x" * 600,
            "summary": "A user's event.",
            "kind": "policy-document",
            "partners": [],
            "citations": [{"source": "nguyen-chi-vinh-2015", "line": 4, "quote": VINH_LINE_4}],
        }
        for i in range(600)
    ]
    path.write_text(json.dumps({"events": events}), encoding="utf-8")
    return str(path)


def _statuses(command: str, runs: int = RUNS) -> tuple[set[int], set[bytes]]:
    codes, errors = set(), set()
    for _ in range(runs):
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command], capture_output=True, timeout=60
        )
        codes.add(done.returncode)
        errors.add(done.stderr)
        assert done.stdout.strip()
    return codes, errors


def test_timeline_to_head_exits_0_every_time() -> None:
    codes, errors = _statuses(f"{shlex.quote(str(SCRIPT))} timeline | head -1")
    assert codes == {0}
    assert errors == {b""}


@pytest.mark.parametrize("fmt", ["plain", "table", "json", "csv", "markdown"])
def test_a_large_output_to_head_exits_0_every_time(big: str, fmt: str) -> None:
    command = f"{shlex.quote(str(SCRIPT))} timeline --data {shlex.quote(big)} --format {fmt}"
    codes, errors = _statuses(command + " | head -1", runs=5)
    assert codes == {0}
    assert errors == {b""}


@pytest.mark.parametrize(
    "args", [["partner", "--format", "table"], ["search", "peacekeeping"], ["timeline", "--chart"]]
)
def test_other_commands_to_head_exit_0(args: list[str]) -> None:
    command = " ".join(shlex.quote(a) for a in [str(SCRIPT), *args]) + " | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True)
    assert (done.returncode, done.stderr) == (0, b"")
