"""Where vpa's time goes: start-up against the Typer floor and jrnl, and scale against json.load.

Run from the checkout with the project's Python (the one vpa is installed in):

    .venv/bin/python benchmarks/bench.py            # full run, about three minutes
    .venv/bin/python benchmarks/bench.py --quick    # seconds: proves the script works (CI)
    .venv/bin/python benchmarks/bench.py --profile  # also import times and cProfiles

Each figure is the median wall time of several runs of a fresh process with
stdout piped, run in turn with the process it is compared to; beside it the
median CPU time (user + system: steadier than wall time on a busy machine) and
the peak memory of one more run under GNU time or a small launcher. The script
exits 0 even when a target is MISSED, unless --strict; a command that fails is
reported "not available", never fatal. jrnl and the typer versions compared are
installed from PyPI into scratch virtual environments under benchmarks/out/
(ignored by git); nothing there is needed by vpa itself.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "benchmarks" / "out"

STARTUP_TARGET = 1.3  # `vpa timeline` piped / minimal Typer app
COMMAND_TARGET = 1.5  # other commands / minimal Typer app
JRNL_TARGET = 0.5  # `vpa timeline --from --to` / `jrnl -from -to`
SCALE_TARGET = 3.0  # at the largest size, vpa / json.load of the same file
# Growth exponent of the per-event CPU time between the two largest sizes:
# 1.10 lets the per-event cost rise by a quarter over ten times the events.
LINEAR_TARGET = 1.10
FULL_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (300,)
TYPER_VERSIONS = ("0.28", "0.29")
SEARCH_WORD = "peacekeeping"
SECTIONS = ("startup", "jrnl", "scale", "typer")

MINIMAL_APP = '''\
import typer

app = typer.Typer()


@app.command()
def hello() -> None:
    """Print one line."""
    print("hello")


if __name__ == "__main__":
    app()
'''

JSON_FLOOR = "import json, sys\nwith open(sys.argv[1], 'rb') as f:\n    json.load(f)\n"


# ---------------------------------------------------------------- running


@dataclass
class Run:
    """One finished child process."""

    argv: list[str]
    wall: float  # seconds
    cpu: float  # seconds, user + system of this child
    returncode: int
    stdout: bytes
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def _drain(stream: Any, sink: list[bytes], keep: bool) -> None:
    while chunk := stream.read(65536):
        if keep:
            sink.append(chunk)
    stream.close()


def run_once(
    argv: Sequence[str], env: dict[str, str] | None = None, *, keep_stdout: bool = False
) -> Run:
    """Run argv with stdout and stderr piped; its wall time and its own CPU time."""
    out: list[bytes] = []
    err: list[bytes] = []
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    readers = [
        threading.Thread(target=_drain, args=(proc.stdout, out, keep_stdout)),
        threading.Thread(target=_drain, args=(proc.stderr, err, True)),
    ]
    for reader in readers:
        reader.start()
    # os.wait4 reports the CPU time of this one child (getrusage(RUSAGE_CHILDREN)
    # would sum every child so far).
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    for reader in readers:
        reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        list(argv),
        wall,
        usage.ru_utime + usage.ru_stime,
        proc.returncode,
        b"".join(out),
        b"".join(err).decode("utf-8", "replace"),
    )


# Reports the peak memory of the command it starts: forked from this small
# launcher, the command's peak is its own, not the benchmark's.
PEAK_LAUNCHER = """\
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
kib = usage.ru_maxrss // 1024 if sys.platform == "darwin" else usage.ru_maxrss
with open(sys.argv[1], "w") as out:
    out.write(str(kib))
"""


def peak_memory(
    argv: Sequence[str], env: dict[str, str] | None = None, *, gnu_time: bool = True
) -> int | None:
    """Peak resident memory (KiB) of one run of argv: GNU time -f %M, else a small launcher.

    Measured apart from the timed runs: a child that this process forks (or
    vforks) inherits this process's peak in ru_maxrss, so os.wait4 here would
    report the benchmark's memory, not the command's.
    """
    with tempfile.TemporaryDirectory(prefix="vpa-bench-mem-") as folder:
        report = Path(folder) / "peak"
        time_path = Path("/usr/bin/time")
        if gnu_time and time_path.is_file() and sys.platform.startswith("linux"):
            wrapper = [str(time_path), "-f", "%M", "-o", str(report)]
        else:
            wrapper = [sys.executable, "-c", PEAK_LAUNCHER, str(report)]
        subprocess.run(
            [*wrapper, *argv],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        try:
            return int(report.read_text().split()[-1])
        except (OSError, ValueError, IndexError):
            return None


def child_env(**extra: str) -> dict[str, str]:
    """The environment for every child: pinned, so terminals and CI behave alike."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "VPA_DATA",
            "VPA_DEBUG",
            "FORCE_COLOR",
            "CLICOLOR_FORCE",
            # Without bytecode files every run would compile whatever changed
            # since they were last written; installed packages have them.
            "PYTHONDONTWRITEBYTECODE",
            "PYTHONDEVMODE",
            "PYTHONPROFILEIMPORTTIME",
            "PYTHONTRACEMALLOC",
            "PYTHONWARNINGS",
        )
    }
    env.update({"NO_COLOR": "1", "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"})
    env.update(extra)
    return env


def vpa_argv(python: str | None = None) -> list[str]:
    """How people run vpa: the console script beside this Python, else `python -m vpa_cli`."""
    if python is None:
        script = Path(sys.executable).parent / "vpa"
        if script.is_file():
            return [str(script)]
        python = sys.executable
    return [python, "-m", "vpa_cli"]


def first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    # Typer's usage errors end with the useful line; ours are one line.
    line = lines[-1] if lines else ""
    return line if len(line) <= 90 else line[:87] + "..."


@dataclass
class Measure:
    """Repeated runs of one command, or why it could not be measured."""

    label: str
    argv: list[str]
    env: dict[str, str] | None = None
    runs: list[Run] = field(default_factory=list)
    unavailable: str | None = None
    sample: Run | None = None  # the warm-up run, with its stdout
    peak_kib: int | None = None

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def best(self) -> float:
        return min(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)


def measure(commands: Sequence[Measure], repeat: int) -> None:
    """Warm each command up once (and find which work), then run them in turn `repeat` times.

    Interleaving keeps a slow patch of the machine from landing on one command only.
    """
    live = []
    for m in commands:
        warm = run_once(m.argv, m.env, keep_stdout=True)
        if warm.ok:
            m.sample = warm
            m.peak_kib = peak_memory(m.argv, m.env)
            live.append(m)
        else:
            m.unavailable = f"not available (exit {warm.returncode}: {first_line(warm.stderr)})"
    for i in range(repeat):
        order = live[i % len(live) :] + live[: i % len(live)] if live else []
        for m in order:
            run = run_once(m.argv, m.env)
            if not run.ok:  # broke during the runs: say so rather than time a failure
                m.unavailable = f"not available (failed on run {i + 1}: {first_line(run.stderr)})"
                live = [x for x in live if x is not m]
                break
            m.runs.append(run)


# ---------------------------------------------------------------- generated inputs


def write_minimal_app(folder: Path) -> Path:
    path = folder / "minimal_app.py"
    path.write_text(MINIMAL_APP, encoding="utf-8")
    return path


def bundled_citations() -> list[dict[str, Any]]:
    """Real citations (source, line, verbatim quote) from the bundled events and facts."""
    from vpa_cli.dataset import load_dataset

    dataset = load_dataset([], env="")
    cited = [c for e in dataset.events for c in e.citations]
    cited += [c for f in dataset.facts for c in f.citations]
    pool = {(c.source, c.line, c.quote): c for c in cited}
    # Short quotes keep 100,000 events under the loader's 64 MiB file limit.
    short = [c for c in pool.values() if len(c.quote) <= 120] or list(pool.values())
    return [c.to_dict() for c in sorted(short, key=lambda c: (c.source, c.line, c.quote))]


def bundled_partners() -> list[str]:
    from vpa_cli.dataset import load_dataset

    return sorted(load_dataset([], env="").partners)


_TOPICS = [
    ("visit", "Delegation visit on defence cooperation"),
    ("exercise", "Joint search and rescue exercise"),
    ("peacekeeping", "Engineers deploy on a UN peacekeeping mission"),
    ("agreement", "Memorandum on defence industry cooperation signed"),
    ("conference", "Review conference on defence diplomacy"),
    ("exchange", "Border defence friendship exchange"),
    ("relief", "Humanitarian assistance and disaster relief drill"),
    ("forum", "Defence ministers' meeting attended"),
    ("diplomacy", "Defence policy dialogue held"),
]


def scale_events(n: int, seed: int = 8) -> dict[str, Any]:
    """A user data file of n valid events: bundled partners, real quotes with their lines."""
    rng = random.Random(seed)
    citations = bundled_citations()
    partners = [p for p in bundled_partners() if p != "russia"]
    events = []
    for i in range(n):
        kind, title = _TOPICS[i % len(_TOPICS)]
        year = rng.randint(1945, 2024)
        shape = rng.random()
        if shape < 0.6:
            day = date(year, rng.randint(1, 12), rng.randint(1, 28))
            when = day.isoformat()
        elif shape < 0.8:
            when = f"{year}-{rng.randint(1, 12):02d}"
        elif shape < 0.95:
            when = str(year)
        else:
            when = f"{year}/{min(year + rng.randint(1, 5), 2025)}"
        who = rng.sample(partners, rng.randint(0, 2))
        if rng.random() < 0.2:
            who.insert(0, "russia")
        events.append(
            {
                "id": f"bench-{i:06d}",
                "date": when,
                "date_basis": "stated",
                "date_note": None,
                "date_label": None,
                "title": f"{title} ({i})",
                "summary": f"Generated record {i} for the benchmark: {title.lower()}.",
                "kind": kind,
                "partners": who,
                "citations": [rng.choice(citations)],
                "note": "generated by benchmarks/bench.py",
            }
        )
    return {"events": events}


def write_scale_file(folder: Path, n: int) -> Path:
    path = folder / f"events-{n}.json"
    doc = scale_events(n)
    with path.open("w", encoding="utf-8") as handle:
        # One record per line: the shape of a hand-kept file, without indent's bulk.
        handle.write('{"events": [\n')
        handle.write(",\n".join(json.dumps(e, ensure_ascii=False) for e in doc["events"]))
        handle.write("\n]}\n")
    return path


def write_journal(folder: Path, entries: int = 60) -> tuple[Path, Path]:
    """A jrnl journal of `entries` entries from 1945 to 2024, and a config file naming it."""
    journal = folder / "journal.txt"
    lines = []
    for i in range(entries):
        year = 1945 + (i * 80) // entries
        kind, title = _TOPICS[i % len(_TOPICS)]
        lines.append(
            f"[{year}-{1 + i % 12:02d}-{1 + i % 28:02d} 09:00] {title} ({i}).\n"
            f"Generated entry {i} about {kind} for the benchmark.\n"
        )
    journal.write_text("\n".join(lines), encoding="utf-8")
    config = folder / "jrnl.yaml"
    config.write_text(jrnl_config(journal), encoding="utf-8")
    return journal, config


def jrnl_config(journal: Path, version: str = "") -> str:
    # Everything jrnl would otherwise ask about; `version` matching the
    # installed jrnl keeps it from rewriting the file on the first run.
    return "\n".join(
        [
            "colors:",
            "  body: none",
            "  date: none",
            "  tags: none",
            "  title: none",
            "default_hour: 9",
            "default_minute: 0",
            "editor: ''",
            "encrypt: false",
            "highlight: false",
            "indent_character: '|'",
            "journals:",
            "  default:",
            f"    journal: {json.dumps(str(journal))}",
            "linewrap: 79",
            "tagsymbols: '#@'",
            "template: false",
            "timeformat: '%Y-%m-%d %H:%M'",
            f"version: {json.dumps(version)}",
            "",
        ]
    )


# ---------------------------------------------------------------- scratch venvs


def scratch_venv(name: str, requirements: Sequence[str], cache: Path) -> tuple[Path | None, str]:
    """A venv under `cache` with `requirements` from PyPI; (python, "") or (None, why not)."""
    folder = cache / name
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    stamp = folder / "requirements.txt"
    if python.is_file() and stamp.is_file() and stamp.read_text() == "\n".join(requirements):
        return python, ""
    shutil.rmtree(folder, ignore_errors=True)
    steps = [
        [sys.executable, "-m", "venv", str(folder)],
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *requirements,
        ],
    ]
    for step in steps:
        try:
            done = subprocess.run(
                step, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return None, f"{' '.join(step[:4])}: {exc}"
        if done.returncode != 0:
            errors = [ln for ln in done.stderr.splitlines() if "ERROR" in ln] or [done.stderr]
            return None, f"pip install {' '.join(requirements)} failed: {first_line(errors[-1])}"
    stamp.write_text("\n".join(requirements))
    return python, ""


def venv_version(python: Path, package: str) -> str:
    done = subprocess.run(
        [str(python), "-c", f"import importlib.metadata as m; print(m.version({package!r}))"],
        capture_output=True,
        text=True,
    )
    return done.stdout.strip() or "?"


# ---------------------------------------------------------------- report


@dataclass
class Row:
    section: str
    measure: Measure
    base: Measure | None = None
    target: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.base is None or not self.measure.runs or not self.base.runs:
            return None
        return self.measure.median / self.base.median

    @property
    def cpu_ratio(self) -> float | None:
        if self.base is None or not self.measure.runs or not self.base.runs:
            return None
        return self.measure.cpu / max(self.base.cpu, 1e-9)

    @property
    def status(self) -> str:
        """Judged on wall time, what people wait for."""
        if self.measure.unavailable:
            return self.measure.unavailable
        if self.base is not None and self.base.unavailable:
            # A skipped comparison (jrnl not installed) skips the row too.
            skipped = self.base.unavailable.startswith("skipped")
            return self.base.unavailable if skipped else f"no baseline: {self.base.unavailable}"
        return verdict(self.ratio, self.target)


def verdict(ratio: float | None, target: float | None) -> str:
    """'ok', 'MISSED' or '' (nothing to judge)."""
    if ratio is None or target is None:
        return ""
    return "ok" if ratio <= target else "MISSED"


def failed(statuses: Iterable[str]) -> list[str]:
    """The statuses that make --strict fail: missed targets, missing commands, failed installs."""
    return [s for s in statuses if s == "MISSED" or s.startswith(("not available", "no baseline"))]


def quick_status(status: str, results: dict[str, Any]) -> str:
    """One run on a small file says nothing about targets: --quick does not judge them."""
    if results.get("quick") and status in ("ok", "MISSED"):
        return "not judged (--quick)"
    return status


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms" if seconds < 10 else f"{seconds:7.2f} s "


def mib(kib: int | None) -> str:
    return "-" if kib is None else f"{kib / 1024:6.1f} MiB"


def times(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio:.2f}x"


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    # Names and verdicts read left to right; figures line up on the right.
    last = len(widths) - 1
    fmt = "  ".join(f"{{:{'<' if i in (0, last) else '>'}{w}}}" for i, w in enumerate(widths))
    lines = [fmt.format(*header).rstrip(), "  ".join("-" * w for w in widths)]
    lines += [fmt.format(*r).rstrip() for r in rows]
    return "\n".join(lines)


def print_section(title: str, rows: list[Row], results: dict[str, Any]) -> None:
    print(f"\n## {title}\n")
    body = []
    for row in rows:
        m = row.measure
        status = quick_status(row.status, results)
        measured = bool(m.runs) and not m.unavailable
        ratio = row.ratio if measured else None
        cpu_ratio = row.cpu_ratio if measured else None
        body.append(
            [
                m.label,
                ms(m.median) if measured else "-",
                ms(m.cpu) if measured else "-",
                mib(m.peak_kib) if measured else "-",
                times(ratio),
                times(cpu_ratio),
                f"<= {row.target:.2f}x" if row.target is not None else "",
                status or row.note,
            ]
        )
        results.setdefault("rows", []).append(
            {
                "section": row.section,
                "label": m.label,
                "command": m.argv,
                "median_s": m.median if measured else None,
                "best_s": m.best if measured else None,
                "cpu_s": m.cpu if measured else None,
                "peak_kib": m.peak_kib if measured else None,
                "runs": len(m.runs),
                "baseline": row.base.label if row.base else None,
                "ratio": ratio,
                "cpu_ratio": cpu_ratio,
                "target": row.target,
                "status": status,
                "note": row.note,
            }
        )
    header = ["command", "wall", "cpu", "peak mem", "ratio", "cpu ratio", "target", "status"]
    print(table(body, header))


# ---------------------------------------------------------------- sections


def startup_section(tmp: Path, repeat: int, results: dict[str, Any]) -> None:
    vpa = vpa_argv()
    env = child_env()
    base = Measure(
        "minimal Typer app (one command)", [sys.executable, str(write_minimal_app(tmp))], env
    )
    cmds = {
        "vpa timeline": (["timeline"], STARTUP_TARGET),
        "vpa --help": (["--help"], COMMAND_TARGET),
        "vpa partner russia": (["partner", "russia"], COMMAND_TARGET),
        f"vpa search {SEARCH_WORD}": (["search", SEARCH_WORD], COMMAND_TARGET),
        "vpa cite": (["cite"], COMMAND_TARGET),
    }
    measures = {label: Measure(label, [*vpa, *args], env) for label, (args, _) in cmds.items()}
    # Where a start-up goes: the interpreter, then typer, then vpa's own imports.
    parts = {
        "python -c pass": "pass",
        "python -c 'import typer'": "import typer",
        "python -c 'import vpa_cli.cli'": "import vpa_cli.cli",
    }
    breakdown = [Measure(k, [sys.executable, "-c", code], env) for k, code in parts.items()]
    measure([base, *measures.values(), *breakdown], repeat)
    rows = [Row("startup", base, note="the floor")]
    rows += [Row("startup", measures[k], base, target) for k, (_, target) in cmds.items()]
    rows += [Row("startup", m, base, note="where start-up goes") for m in breakdown]
    print_section("1, 3. Start-up, piped, against a minimal Typer app", rows, results)


def jrnl_section(tmp: Path, repeat: int, results: dict[str, Any], install: str) -> None:
    vpa = Measure(
        "vpa timeline --from 1990 --to 2000",
        [*vpa_argv(), "timeline", "--from", "1990", "--to", "2000"],
        child_env(),
    )
    jrnl = Measure("jrnl -from 1990 -to 2000 (60 entries)", [])
    if install:
        jrnl.unavailable = f"skipped ({install})"
    else:
        python, why = scratch_venv("jrnl", ["jrnl"], CACHE)
        if python is None:
            jrnl.unavailable = f"skipped: jrnl could not be installed ({why})"
        else:
            home = tmp / "jrnl-home"
            home.mkdir(exist_ok=True)
            journal, config = write_journal(tmp)
            config.write_text(jrnl_config(journal, venv_version(python, "jrnl")), encoding="utf-8")
            jrnl.label = f"jrnl {venv_version(python, 'jrnl')} -from 1990 -to 2000 (60 entries)"
            jrnl.argv = [
                str(python.parent / "jrnl"),
                "--config-file",
                str(config),
                "-from",
                "1990",
                "-to",
                "2000",
            ]
            jrnl.env = child_env(
                HOME=str(home),
                XDG_CONFIG_HOME=str(home / ".config"),
                XDG_DATA_HOME=str(home / ".local/share"),
            )
    measure([m for m in (jrnl, vpa) if not m.unavailable], repeat)
    rows = [Row("jrnl", jrnl, note="the comparison"), Row("jrnl", vpa, jrnl, JRNL_TARGET)]
    if jrnl.sample is not None and b"1990" not in jrnl.sample.stdout:
        rows[0].note = "jrnl printed no 1990 entry: check the journal"
    print_section("2. Against jrnl", rows, results)


def scale_section(tmp: Path, sizes: Sequence[int], repeat: int, results: dict[str, Any]) -> None:
    vpa = vpa_argv()
    env = child_env()
    floor_script = tmp / "json_floor.py"
    floor_script.write_text(JSON_FLOOR, encoding="utf-8")
    # The same commands on the bundled data alone: their start-up, to subtract
    # when judging how time grows with the number of events.
    start = {
        "timeline": Measure(
            "vpa timeline --partner russia --format json (bundled only)",
            [*vpa, "timeline", "--partner", "russia", "--format", "json"],
            env,
        ),
        "search": Measure(
            f"vpa search {SEARCH_WORD} (bundled only)", [*vpa, "search", SEARCH_WORD], env
        ),
    }
    measure(list(start.values()), repeat)
    rows = [Row("scale", m, note="start-up, no --data") for m in start.values()]
    per_size: dict[str, dict[int, float]] = {"timeline": {}, "search": {}}
    for n in sizes:
        path = write_scale_file(tmp, n)
        size = path.stat().st_size
        floor = Measure(
            f"{n:>7,} events: json.load ({size / 2**20:.1f} MiB)",
            [sys.executable, str(floor_script), str(path)],
            env,
        )
        timeline = Measure(
            f"{n:>7,} events: vpa timeline --partner russia --format json",
            [*vpa, "timeline", "--partner", "russia", "--format", "json", "--data", str(path)],
            env,
        )
        search = Measure(
            f"{n:>7,} events: vpa search {SEARCH_WORD}",
            [*vpa, "search", SEARCH_WORD, "--data", str(path)],
            env,
        )
        measure([floor, timeline, search], repeat)
        target = SCALE_TARGET if n == max(sizes) and n >= 100_000 else None
        rows.append(Row("scale", floor, note="the floor"))
        for key, m in (("timeline", timeline), ("search", search)):
            row = Row("scale", m, floor, target)
            if m.sample is not None and key == "timeline":
                row.note = _count_note(m.sample.stdout, n)
            rows.append(row)
            if m.runs and not m.unavailable and start[key].runs:
                per_size[key][n] = max(m.cpu - start[key].cpu, 1e-6)
        path.unlink()
    print_section(
        "4. Scale: user data through --data, against json.load of the same file", rows, results
    )
    growth_rows = []
    for key, times in per_size.items():
        known = sorted(times)
        for a, b in itertools.pairwise(known):
            exponent = math.log(times[b] / times[a]) / math.log(b / a)
            judged = LINEAR_TARGET if b == max(sizes) and b >= 100_000 else None
            status = quick_status(verdict(exponent, judged), results)
            growth_rows.append(
                [
                    f"{key}: {a:,} -> {b:,} events",
                    f"{times[a] / a * 1e6:6.1f} us",
                    f"{times[b] / b * 1e6:6.1f} us",
                    f"{exponent:.2f}",
                    f"<= {judged:.2f}" if judged else "",
                    status,
                ]
            )
            results.setdefault("growth", []).append(
                {"command": key, "from": a, "to": b, "exponent": exponent, "status": status}
            )
    if growth_rows:
        print(
            "\nGrowth (CPU time above the start-up row, per event; exponent 1.00 is linear):\n\n"
            + table(growth_rows, ["step", "per event", "per event", "exponent", "target", "status"])
        )


def _count_note(stdout: bytes, n: int) -> str:
    try:
        events = json.loads(stdout)
    except ValueError:
        return "output is not JSON"
    generated = sum(1 for e in events if str(e.get("id", "")).startswith("bench-"))
    return f"{len(events):,} events out ({generated:,} generated)"


def typer_section(tmp: Path, repeat: int, results: dict[str, Any], install: str) -> None:
    """The minimal app and vpa itself under each typer version, each in its own scratch venv."""
    app = write_minimal_app(tmp)
    env = child_env(PYTHONPATH=str(REPO / "src"))
    what = {"minimal app": [str(app)], "vpa --help": ["-m", "vpa_cli", "--help"]}
    what["vpa timeline"] = ["-m", "vpa_cli", "timeline"]
    by_version: list[dict[str, Measure]] = []
    for version in TYPER_VERSIONS:
        python, why = (
            (None, f"skipped ({install})")
            if install
            else scratch_venv(
                f"typer-{version}",
                [f"typer=={version}.*", "rich>=13.7", "python-dateutil>=2.8.2"],
                CACHE,
            )
        )
        exact = venv_version(python, "typer") if python else version
        measures = {}
        for key, args in what.items():
            m = Measure(f"typer {exact}: {key}", [str(python), *args] if python else [], env)
            if python is None:
                m.unavailable = why if why.startswith("skipped") else f"skipped: {why}"
            measures[key] = m
        by_version.append(measures)
    measure([m for ms_ in by_version for m in ms_.values() if not m.unavailable], repeat)
    # Each row against the same command under the first version.
    rows = [Row("typer", m, note="the reference") for m in by_version[0].values()]
    for measures in by_version[1:]:
        rows += [Row("typer", m, by_version[0][key]) for key, m in measures.items()]
    print_section(
        f"5. Typer versions (why pyproject caps typer below {TYPER_VERSIONS[-1]}); vpa from src/",
        rows,
        results,
    )


# ---------------------------------------------------------------- profile


PHASES_CODE = """\
import gc, json, sys, time
from pathlib import Path
from vpa_cli import dataset
clock = time.process_time
path = Path(sys.argv[1])
t = clock(); json.loads(path.read_bytes()); plain = clock() - t
t = clock(); dataset.read_json_file(path, 'f'); strict = clock() - t
t = clock(); ds, problems = dataset.collect([str(path)], env=''); collect = clock() - t
t = clock(); dataset.check_references(ds, []); refs = clock() - t
print(f'plain json.loads of the file          {plain:6.3f} s')
print(f'dataset.read_json_file (strict JSON)  {strict:6.3f} s')
print(f'dataset.collect (bundled + file)      {collect:6.3f} s')
print(f'  of which check_references           {refs:6.3f} s')
print(f'gc enabled during collect: {gc.isenabled()}')
"""

PROFILE_CODE = """\
import cProfile, io, pstats, sys
from vpa_cli.cli import main
sys.argv = ['vpa', *sys.argv[1:]]
profile = cProfile.Profile()
real, sys.stdout = sys.stdout, io.StringIO()
profile.enable()
try:
    main()
except SystemExit:
    pass
profile.disable()
sys.stdout = real
pstats.Stats(profile).sort_stats('tottime').print_stats(12)
"""


def profile_section(tmp: Path, size: int) -> None:
    """Import times of `vpa --help` and `vpa timeline`; CPU of loading and cProfile at `size`."""
    print("\n## Profile\n")
    env = child_env()
    for args in (["--help"], ["timeline"]):
        code = "from vpa_cli.cli import main; main()"
        run = run_once([sys.executable, "-X", "importtime", "-c", code, *args], env)
        print(f"Slowest imports of `vpa {' '.join(args)}` (cumulative ms; -X importtime):")
        for name, self_us, cum_us in top_imports(run.stderr, 14):
            print(f"  {cum_us / 1000:6.1f}  (self {self_us / 1000:5.1f})  {name}")
        print()
    path = write_scale_file(tmp, size)
    runs = [
        (f"Loading {size:,} generated events (CPU time, one process):", [PHASES_CODE]),
        (
            f"cProfile of `vpa timeline --partner russia --format json --data` ({size:,} events):",
            [PROFILE_CODE, "timeline", "--partner", "russia", "--format", "json"],
        ),
        (
            f"cProfile of `vpa search {SEARCH_WORD} --data` ({size:,} events):",
            [PROFILE_CODE, "search", SEARCH_WORD],
        ),
    ]
    for title, (code, *args) in runs:
        extra = ["--data", str(path)] if args else [str(path)]
        run = run_once([sys.executable, "-c", code, *args, *extra], env, keep_stdout=True)
        print(title)
        text = run.stdout.decode("utf-8", "replace") if run.ok else run.stderr
        print("\n".join("  " + line.rstrip() for line in text.splitlines() if line.strip()))
        print()
    path.unlink()


def top_imports(importtime: str, n: int) -> list[tuple[str, int, int]]:
    """(module, self µs, cumulative µs) of the n slowest imports, from -X importtime output."""
    found = []
    for line in importtime.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _, self_us, cum_us, name = (
            part.strip() for part in line.replace("import time:", "|").split("|")
        )
        found.append((name, int(self_us), int(cum_us)))
    return sorted(found, key=lambda f: -f[2])[:n]


# ---------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.py", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one run each, a small file, no installs: proves the script works",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when a target is missed or a command is not available",
    )
    parser.add_argument(
        "--repeat", type=int, help="runs per command (default 15 for start-up, 5 for scale)"
    )
    parser.add_argument(
        "--sizes", type=int, nargs="+", help="events per generated file (default 1000 10000 100000)"
    )
    parser.add_argument(
        "--no-install", action="store_true", help="skip jrnl and the typer versions (no PyPI)"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also print import times, loading phases and cProfiles of the scale commands",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=SECTIONS,
        default=SECTIONS,
        help="run only these sections (default: all)",
    )
    args = parser.parse_args(argv)

    quick_repeat = 1
    startup_repeat = args.repeat or (quick_repeat if args.quick else 15)
    scale_repeat = args.repeat or (quick_repeat if args.quick else 5)
    sizes = tuple(args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES))
    install = "--quick" if args.quick else "--no-install" if args.no_install else ""

    import typer  # only for its version

    results: dict[str, Any] = {
        "python": platform.python_version(),
        "typer": getattr(typer, "__version__", "?"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "quick": args.quick,
    }
    print(
        f"vpa benchmark: Python {results['python']}, typer {results['typer']}, "
        f"{results['machine']}; medians of {startup_repeat} (start-up) and {scale_repeat} "
        "(scale) runs, each a fresh process with stdout piped"
    )
    with tempfile.TemporaryDirectory(prefix="vpa-bench-") as name:
        tmp = Path(name)
        if "startup" in args.only:
            startup_section(tmp, startup_repeat, results)
        if "jrnl" in args.only:
            jrnl_section(tmp, startup_repeat, results, install)
        if "scale" in args.only:
            scale_section(tmp, sizes, scale_repeat, results)
        if "typer" in args.only:
            typer_section(tmp, startup_repeat, results, install)
        if args.profile:
            profile_section(tmp, max(sizes))

    statuses = [r["status"] for r in results.get("rows", [])]
    statuses += [g["status"] for g in results.get("growth", [])]
    met = statuses.count("ok")
    bad = failed(statuses)
    print(f"\nTargets: {met} met, {len(bad)} missed or not measurable.")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if args.strict and bad else 0


if __name__ == "__main__":
    sys.exit(main())
