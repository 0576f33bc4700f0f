"""Pin the environment so the suite passes the same on a terminal and in CI.

`run` drives the real `vpa` group through typer's CliRunner, with stdout and
stderr kept apart; `run_json` also parses stdout as JSON.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis.configuration import set_hypothesis_home_dir
from typer.testing import CliRunner

from vpa_cli.cli import app

REPO = Path(__file__).resolve().parents[1]

# The citation tests run Debian's pandoc (2.17); where it is missing they are skipped.
PANDOC = shutil.which("pandoc")
needs_pandoc = pytest.mark.skipif(
    PANDOC is None,
    reason="pandoc is not installed (CI installs it: apt-get install -y pandoc)",
)

# Variables that change how terminals and libraries behave; the suite must
# not depend on them, so they are cleared (FORCE_COLOR, GITHUB_ACTIONS, ...).
_CLEARED = (
    "FORCE_COLOR",
    "CLICOLOR_FORCE",
    "GITHUB_ACTIONS",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "VPA_DATA",
    "VPA_DEBUG",
    "TERM",
)


# Hypothesis keeps its examples and its Unicode tables with the user's caches, not in the
# checkout (it would write .hypothesis/ where pytest runs): a test run writes nothing into
# the repository (see pytest_sessionfinish below).
set_hypothesis_home_dir(Path.home() / ".cache" / "vpa-tests" / "hypothesis")


def _left_in_checkout() -> set[str] | None:
    """What `git status --porcelain --ignored` lists in the checkout, but Python's own
    bytecode caches; None outside a git checkout (an unpacked sdist)."""
    try:
        done = subprocess.run(
            ["git", "status", "--porcelain", "--ignored"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return {line for line in done.stdout.splitlines() if not line.endswith("__pycache__/")}


_BEFORE: list[set[str] | None] = []


def pytest_sessionstart(session: pytest.Session) -> None:
    _BEFORE.append(_left_in_checkout())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if it wrote into the repository (a stray `vpa.db`, a cache): what
    `.gitignore` hides too, which plain `git status` cannot see."""
    before = _BEFORE[0] if _BEFORE else None
    after = _left_in_checkout()
    if before is None or after is None or getattr(session.config, "workerinput", None):
        return
    new = sorted(after - before)
    if new:
        print("\nthe test run wrote into the repository:\n  " + "\n  ".join(new))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# The dataset cache of the whole session, never the user's own (~/.cache/vpa): set
# here, at import, so that module-level loads and subprocesses see it too.
CACHE_FOLDER = tempfile.mkdtemp(prefix="vpa-test-cache-")
os.environ["VPA_CACHE_DIR"] = CACHE_FOLDER
atexit.register(shutil.rmtree, CACHE_FOLDER, True)


@pytest.fixture(autouse=True)
def _pinned_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("VPA_CACHE_DIR", CACHE_FOLDER)
    yield


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None

    def json(self) -> Any:
        return json.loads(self.stdout)


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    result = CliRunner().invoke(app, list(args), env=env, input=input)
    exc = result.exception
    if isinstance(exc, SystemExit):
        exc = None
    return Result(result.exit_code, result.stdout, result.stderr, exc)


def run_json(*args: str, env: dict[str, str] | None = None) -> Any:
    result = run(*args, "--format", "json", env=env)
    assert result.exit_code == 0, result.stderr
    return result.json()


@pytest.fixture
def cli() -> Any:
    return run


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, with files old enough to cache at once."""
    from vpa_cli.loading import cache

    where = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(where))
    monkeypatch.setattr(cache, "SETTLE_NS", 0)
    return where


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the data files were read and checked (not served by the cache)."""
    from vpa_cli.loading import reading

    count: list[int] = []
    real = reading.collect

    def counting(*args: Any, **kwargs: Any) -> Any:
        count.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(reading, "collect", counting)
    return count


def pandoc(*args: str, cwd: Path | None = None, input: str | None = None) -> str:
    """pandoc's output; the test fails on an error or a warning ("citation ... not found")."""
    assert PANDOC is not None
    done = subprocess.run(
        [PANDOC, *args],
        input=input, capture_output=True, text=True, encoding="utf-8", cwd=cwd, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "[WARNING]" not in done.stderr, done.stderr
    return done.stdout
