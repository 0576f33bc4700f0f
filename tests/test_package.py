"""The wheel carries data/ and seeds/ and works from outside the checkout."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import CACHE_FOLDER, REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("vpa_cli-*.whl")
    return path


def test_wheel_contains_data_and_seeds(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    for seed in (REPO / "seeds").glob("*.txt"):
        assert f"vpa_cli/seeds/{seed.name}" in names
    for data in (REPO / "data").glob("*.json"):
        assert f"vpa_cli/data/{data.name}" in names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_wheel_runs_outside_the_repo(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bindir = venv / ("Scripts" if sys.platform == "win32" else "bin")
    subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def vpa(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bindir / "vpa"), *args],
            cwd=elsewhere,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={"PATH": str(bindir), "NO_COLOR": "1", "VPA_CACHE_DIR": CACHE_FOLDER},
        )

    check = vpa("check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.startswith("ok: 6 sources")
    timeline = vpa("timeline", "--format", "json")
    assert timeline.returncode == 0, timeline.stderr
    assert json.loads(timeline.stdout)[0]["id"] == "1944-vpa-founding"
    version = vpa("--version")
    assert version.stdout.strip().startswith("vpa ")
    where = subprocess.run(
        [
            str(bindir / "python"),
            "-c",
            "from vpa_cli.loading.reading import package_root; print(package_root())",
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(venv)
    module = subprocess.run(
        [str(bindir / "python"), "-m", "vpa_cli", "--help"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
    )
    assert module.returncode == 0 and "timeline" in module.stdout
