"""benchmarks/bench.py still works, and measures what it says (nothing here is timed).

The quick mode is run end to end; the generated inputs are checked to be what
the benchmark claims: valid vpa data with verbatim quotes, a 60-entry jrnl
journal, a one-command Typer app.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REPO, run

from vpa_cli.dataset import MAX_FILE_BYTES, load_dataset

BENCH = REPO / "benchmarks" / "bench.py"


def _load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("vpa_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["vpa_bench"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


def test_scale_data_is_valid_and_cites_verbatim(tmp_path: Path) -> None:
    path = bench.write_scale_file(tmp_path, 300)
    # `vpa check` verifies every quote verbatim at its line in the seed text.
    result = run("check", "--data", str(path), "--format", "json")
    assert result.exit_code == 0, result.stdout
    report = result.json()
    assert report["ok"] and report["problems"] == []
    events = [e for e in load_dataset([str(path)], env="").events if e.id.startswith("bench-")]
    assert len(events) == 300
    with_russia = sum("russia" in e.partners for e in events)
    assert 0.1 * 300 < with_russia < 0.35 * 300
    assert any(bench.SEARCH_WORD in e.title.lower() for e in events)


def test_largest_scale_file_fits_the_loader_limit(tmp_path: Path) -> None:
    size = bench.write_scale_file(tmp_path, 1_000).stat().st_size
    assert size * max(bench.FULL_SIZES) / 1_000 < 0.9 * MAX_FILE_BYTES


def test_journal_has_60_entries_in_jrnl_format(tmp_path: Path) -> None:
    journal, config = bench.write_journal(tmp_path)
    stamps = re.findall(r"^\[(\d{4})-\d\d-\d\d \d\d:\d\d\] ", journal.read_text(), re.M)
    assert len(stamps) == 60
    assert sum(1990 <= int(y) <= 2000 for y in stamps) >= 5
    text = config.read_text()
    assert f"journal: {json.dumps(str(journal))}" in text
    assert "editor: ''" in text and "encrypt: false" in text


def test_minimal_app_prints_its_one_line(tmp_path: Path) -> None:
    app = bench.write_minimal_app(tmp_path)
    done = subprocess.run([sys.executable, str(app)], capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "hello\n")


def test_a_failing_command_is_reported_not_available() -> None:
    m = bench.Measure("vpa no-such-command", [*bench.vpa_argv(), "no-such-command"])
    bench.measure([m], 2)
    assert m.runs == []
    assert m.unavailable.startswith("not available (exit 2: ")
    row = bench.Row("startup", m, None, 1.5)
    assert row.status == m.unavailable and row.ratio is None


@pytest.mark.parametrize("gnu_time", [True, False])
def test_peak_memory_is_the_commands_own(gnu_time: bool) -> None:
    # This test process holds far more than 40 MiB: a figure that inherited
    # its parent's peak (as os.wait4 on a forked child does) would show it.
    grab = "b = bytearray(80 * 2**20); b[::4096] = b'x' * len(b[::4096])"
    big = bench.peak_memory([sys.executable, "-c", grab], gnu_time=gnu_time)
    small = bench.peak_memory([sys.executable, "-c", "pass"], gnu_time=gnu_time)
    assert big is not None and small is not None
    assert big >= 80 * 1024
    assert small < 40 * 1024


def test_verdicts_and_strict_failures() -> None:
    assert bench.verdict(1.3, 1.3) == "ok"
    assert bench.verdict(1.31, 1.3) == "MISSED"
    assert bench.verdict(None, 1.3) == ""
    assert bench.verdict(2.0, None) == ""
    statuses = ["ok", "", "MISSED", "not available (exit 1: x)", "skipped (--quick)"]
    assert bench.failed(statuses) == ["MISSED", "not available (exit 1: x)"]


def test_top_imports_reads_importtime_output() -> None:
    text = (
        "import time: self [us] | cumulative | imported package\n"
        "import time:       120 |        120 |     json.decoder\n"
        "import time:       300 |        420 |   json\n"
        "import time:      1000 |      45000 | typer\n"
    )
    assert bench.top_imports(text, 2) == [("typer", 1000, 45000), ("json", 300, 420)]


def test_quick_mode_runs_every_row(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--strict", "--profile", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert "Traceback" not in done.stderr, done.stderr
    results = json.loads(out.read_text())
    rows = {r["label"].strip(): r for r in results["rows"]}
    expected = [
        "minimal Typer app (one command)",
        "vpa timeline",
        "vpa --help",
        "vpa partner russia",
        f"vpa search {bench.SEARCH_WORD}",
        "vpa cite",
        "vpa timeline --from 1990 --to 2000",
        "300 events: json.load",
        "300 events: vpa timeline --partner russia --format json",
        f"300 events: vpa search {bench.SEARCH_WORD}",
    ]
    for label in expected:
        row = next((r for k, r in rows.items() if k.startswith(label)), None)
        assert row is not None, (label, sorted(rows))
        if row["median_s"] is None:
            assert row["status"].startswith(("not available", "no baseline")), row
        else:
            assert row["cpu_s"] > 0 and row["peak_kib"] > 0, row
            assert row["status"] in ("", "not judged (--quick)", "skipped (--quick)"), row
    assert rows["minimal Typer app (one command)"]["median_s"] is not None
    assert rows["vpa --help"]["median_s"] is not None
    assert "Targets:" in done.stdout
    # --profile: import times, the loading phases and both cProfiles ran.
    assert "vpa_cli.cli" in done.stdout.split("## Profile")[1]
    assert "dataset.collect (bundled + file)" in done.stdout
    assert done.stdout.count("Ordered by: internal time") == 2
    bad = bench.failed(r["status"] for r in results["rows"])
    bad += bench.failed(g["status"] for g in results.get("growth", []))
    # --strict fails exactly when a command is missing; --quick judges no target.
    assert done.returncode == (1 if bad else 0), (bad, done.stdout)
