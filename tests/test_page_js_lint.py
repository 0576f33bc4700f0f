"""The page's browser script passes ESLint and tsc --checkJs (js/, as in .ci/run).

Skipped, with the reason, where node or js/node_modules is missing: run
`npm ci --prefix js` once (it needs the npm registry) to install the pinned tools.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TOOLS = REPO / "js" / "node_modules" / ".bin"
PAGE_JS = REPO / "src" / "vpa_cli" / "page" / "page.js"

if shutil.which("node") is None:
    pytest.skip("node is not installed", allow_module_level=True)
if not (TOOLS / "eslint").exists() or not (TOOLS / "tsc").exists():
    pytest.skip("js/node_modules is not installed: npm ci --prefix js", allow_module_level=True)


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    # ESLint's base path is the working directory when --config is given.
    return subprocess.run(
        args, input=stdin, cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )


def test_eslint_finds_nothing_in_page_js() -> None:
    done = run(
        str(TOOLS / "eslint"),
        "--max-warnings",
        "0",
        "--config",
        "js/eslint.config.mjs",
        str(PAGE_JS.relative_to(REPO)),
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_eslint_reads_page_js_as_a_browser_script() -> None:
    """The config applies to page.js (a file it ignored would pass with no problem)."""
    bad = PAGE_JS.read_text(encoding="utf-8") + "\nif (window.name == undefinedName) {}\n"
    done = run(
        str(TOOLS / "eslint"),
        "--config",
        "js/eslint.config.mjs",
        "--stdin",
        "--stdin-filename",
        str(PAGE_JS.relative_to(REPO)),
        stdin=bad,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    for rule in ("eqeqeq", "no-undef", "no-empty"):
        assert rule in done.stdout
    assert "'window' is not defined" not in done.stdout


def test_tsc_check_js_finds_nothing_in_page_js() -> None:
    done = run(str(TOOLS / "tsc"), "-p", "js")
    assert done.returncode == 0, done.stdout + done.stderr
