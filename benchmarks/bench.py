"""Where vpa's time goes: start-up against the Typer floor and jrnl, and scale against json.load.

Run from the checkout with the project's Python (the one vpa is installed in):

    .venv/bin/python benchmarks/bench.py            # full run, about three minutes
    .venv/bin/python benchmarks/bench.py --quick    # seconds: proves the script works (CI)

Each figure is the median wall time of several runs of a fresh process with
stdout piped, run in turn with the process it is compared to; beside it the
median CPU time (user + system: steadier than wall time on a busy machine) and
the peak memory of one more run. The script exits 0 even when a target is
MISSED, unless --strict; a command that fails is reported "not available",
never fatal. jrnl and the typer versions compared are installed from PyPI into
scratch virtual environments under benchmarks/out/ (ignored by git).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "benchmarks" / "out"

STARTUP_TARGET = 1.3  # `vpa timeline` piped, and a shell completion / minimal Typer app
COMMAND_TARGET = 1.5  # other commands / minimal Typer app
JRNL_TARGET = 0.5  # `vpa timeline --from --to` / `jrnl -from -to`
# At the largest size, vpa / json.load of the same file (docs/performance.md says why 5.5).
SCALE_TARGET = 5.5
# Growth exponent of the per-event CPU time between the two largest sizes:
# 1.10 lets the per-event cost rise by a quarter over ten times the events.
LINEAR_TARGET = 1.10
FULL_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (300,)
TYPER_VERSIONS = ("0.28", "0.29")
SEARCH_WORD = "peacekeeping"
# A query repeated on an unchanged large file, which the dataset cache serves: at most
# this times json.load of the file (issue 24, point 16).
CACHED_TARGET = 1.5
# `vpa quote`, a 100 KB query on a 2 MB text: seconds, each of found, missed and near.
QUOTE_TARGET = 10.0
FULL_QUOTE = (2_000_000, 100_000)  # bytes of text, characters of query
QUICK_QUOTE = (200_000, 10_000)
# `vpa cite --paper`: papers at the size limit, each built to make a careless reader
# backtrack or rescan (src/vpa_cli/citations/paper.py), read in seconds.
PAPER_TARGET = 10.0
FULL_PAPER = 4 * 1024 * 1024 - 1024  # bytes: under MAX_PAPER_BYTES
QUICK_PAPER = 256 * 1024
SECTIONS = ("startup", "jrnl", "scale", "quote", "paper", "typer")

MINIMAL_APP = """import typer

app = typer.Typer()


@app.command()
def hello() -> None:
    print("hello")


app()
"""

JSON_FLOOR = "import json, sys\nwith open(sys.argv[1], 'rb') as f:\n    json.load(f)\n"

# vpa as `main()` runs it, minus main()'s switching off of the garbage
# collector: the rows that show whether that still pays.
GC_ON = "from vpa_cli.cli import app; app()"

# A first run: the cache folder (argv[1]) emptied, then the command (argv[2:]) run.
FRESH_CACHE = (
    "import os, shutil, sys\n"
    "shutil.rmtree(sys.argv[1], ignore_errors=True)\n"
    "os.execv(sys.argv[2], sys.argv[2:])\n"
)

# What bash asks on `vpa timeline --kind <Tab>` (typer's completion script): a
# value vpa completes itself (vpa_cli.completion), not only an Enum Typer knows.
COMPLETION_ENV = {
    "_VPA_COMPLETE": "complete_bash",
    "COMP_WORDS": "vpa timeline --kind ",
    "COMP_CWORD": "3",
}

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


# ---------------------------------------------------------------- running


@dataclass
class Run:
    """One finished child process."""

    wall: float  # seconds
    cpu: float  # seconds, user + system of this child
    returncode: int
    stdout: bytes
    stderr: str


def run_once(argv: Sequence[str], env: dict[str, str] | None = None) -> Run:
    """Run argv with stdout and stderr piped; its wall time and its own CPU time."""
    # Children run one at a time, so the growth of RUSAGE_CHILDREN is this one's.
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(list(argv), stdin=subprocess.DEVNULL, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Run(wall, cpu, done.returncode, done.stdout, done.stderr.decode("utf-8", "replace"))


def peak_memory(argv: Sequence[str], env: dict[str, str] | None = None) -> int | None:
    """Peak resident memory (KiB) of one run of argv, through PEAK_LAUNCHER."""
    with tempfile.TemporaryDirectory(prefix="vpa-bench-mem-") as folder:
        report = Path(folder) / "peak"
        subprocess.run(
            [sys.executable, "-c", PEAK_LAUNCHER, str(report), *argv],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        try:
            return int(report.read_text())
        except (OSError, ValueError):
            return None


def child_env(**extra: str) -> dict[str, str]:
    """The environment for every child: pinned, so terminals and CI behave alike."""
    # Without bytecode files every run would compile whatever changed since
    # they were last written; installed packages have them.
    dropped = ["VPA_DATA", "VPA_DEBUG", "FORCE_COLOR", "CLICOLOR_FORCE", "PYTHONDONTWRITEBYTECODE"]
    dropped += ["PYTHONDEVMODE", "PYTHONPROFILEIMPORTTIME", "PYTHONTRACEMALLOC", "PYTHONWARNINGS"]
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update({"NO_COLOR": "1", "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"})
    env.update(extra)
    return env


def vpa_argv() -> list[str]:
    """How people run vpa: the console script beside this Python, else `python -m vpa_cli`."""
    script = Path(sys.executable).parent / "vpa"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "vpa_cli"]


def last_line(text: str) -> str:
    # Typer's usage errors end with the useful line; ours are one line.
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
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
    expect: int = 0  # the exit status of a run that worked (1: vpa quote not finding)

    @property
    def measured(self) -> bool:
        return bool(self.runs) and not self.unavailable

    @property
    def median(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)


def measure(commands: Sequence[Measure], repeat: int) -> None:
    """Warm each command up once (and find which work), then run them in turn `repeat` times.

    Interleaving keeps a slow patch of the machine from landing on one command only.
    """
    live = []
    for m in commands:
        if m.unavailable:
            continue
        warm = run_once(m.argv, m.env)
        if warm.returncode == m.expect:
            m.sample = warm
            m.peak_kib = peak_memory(m.argv, m.env)
            live.append(m)
        else:
            m.unavailable = f"not available (exit {warm.returncode}: {last_line(warm.stderr)})"
    for i in range(repeat):
        for m in live[i % len(live) :] + live[: i % len(live)] if live else []:
            run = run_once(m.argv, m.env)
            # Broke during the runs: say so rather than time a failure.
            if run.returncode != m.expect:
                m.unavailable = f"not available (failed on run {i + 1}: {last_line(run.stderr)})"
                live.remove(m)
                break
            m.runs.append(run)


# ---------------------------------------------------------------- generated inputs


def write_minimal_app(folder: Path) -> Path:
    path = folder / "minimal_app.py"
    path.write_text(MINIMAL_APP, encoding="utf-8")
    return path


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


def scale_events(n: int, seed: int = 8) -> list[dict[str, Any]]:
    """n valid events: bundled partners (a fifth with Russia), real quotes with their lines."""
    from vpa_cli.loading.reading import load_dataset

    bundled = load_dataset([], env="")
    cited = [c for e in bundled.events for c in e.citations]
    cited += [c for f in bundled.facts for c in f.citations]
    pool = {(c.source, c.line, c.quote): c for c in cited}
    # Short quotes keep 100,000 events under the loader's 64 MiB file limit.
    short = [c for c in pool.values() if len(c.quote) <= 120] or list(pool.values())
    citations = [c.to_dict() for c in sorted(short, key=lambda c: (c.source, c.line, c.quote))]
    partners = sorted(p for p in bundled.partners if p != "russia")
    rng = random.Random(seed)
    events = []
    for i in range(n):
        kind, title = _TOPICS[i % len(_TOPICS)]
        year = rng.randint(1945, 2024)
        shape = rng.random()
        if shape < 0.6:
            when = date(year, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
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
    return events


def write_scale_file(folder: Path, n: int) -> Path:
    path = folder / f"events-{n}.json"
    # One record per line: the shape of a hand-kept file, without indent's bulk.
    lines = ",\n".join(json.dumps(e, ensure_ascii=False) for e in scale_events(n))
    path.write_text('{"events": [\n' + lines + "\n]}\n", encoding="utf-8")
    return path


def quote_text(size: int, seed: int = 21) -> list[str]:
    """The lines of a made-up article of about `size` bytes: paragraphs of the topics'
    words and made-up ones, with typographic quotes and dashes, a blank line between."""
    rng = random.Random(seed)
    words = [w.lower() for _, title in _TOPICS for w in title.split()]
    letters = "abcdefghijklmnopqrstuvwxyz"
    words += ["".join(rng.choices(letters, k=rng.randint(3, 10))) for _ in range(3_000)]
    lines: list[str] = []
    total = 0
    while total < size:
        said = " ".join(rng.choices(words, k=rng.randint(40, 240)))
        quoted = " ".join(rng.choices(words, k=4))
        line = f"{said} \u2013 \u201c{quoted}\u201d, the ministry\u2019s statement said."
        lines += [line, ""]
        total += len(line.encode("utf-8")) + 2
    return lines


def quote_queries(lines: list[str], length: int) -> dict[str, str]:
    """What `vpa quote` is asked, as copied from a page (straight quotes, each line
    break a space): `length` characters found in the text, the same with a word
    changed in its middle, and the longest quote the closest lines are looked for,
    with one letter changed."""
    from vpa_cli.queries.quote import NEAR_MAX_CHARS

    straight = str.maketrans({"\u2019": "'", "\u201c": '"', "\u201d": '"'})
    middle = len(lines) // 3 * 2  # a line of text: an even index
    found = " ".join(lines[middle:]).translate(straight)[:length].rsplit(" ", 1)[0]
    half = found.index(" ", len(found) // 2)
    missed = f"{found[:half]} zzzzzz {found[half:]}"
    near = next(line for line in lines[middle:] if len(line) > NEAR_MAX_CHARS)
    near = near.translate(straight)[:NEAR_MAX_CHARS].rsplit(" ", 1)[0]
    near = f"{near[: len(near) // 2]}#{near[len(near) // 2 + 1 :]}"
    return {"found": found, "missed": missed, "near": near}


def write_journal(folder: Path, version: str, entries: int = 60) -> Path:
    """A jrnl journal of `entries` entries from 1945 to 2024; returns the config naming it."""
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
    # Everything jrnl would otherwise ask about; `version` matching the
    # installed jrnl keeps it from rewriting the file on the first run.
    config = folder / "jrnl.yaml"
    settings = (
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        f"indent_character: '|'\njournals:\n  default:\n    journal: {json.dumps(str(journal))}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%Y-%m-%d %H:%M'\n"
        f"version: {json.dumps(version)}\n"
    )
    config.write_text(settings, encoding="utf-8")
    return config


# ---------------------------------------------------------------- scratch venvs


def scratch_venv(name: str, requirements: Sequence[str]) -> tuple[Path | None, str]:
    """A venv under CACHE with `requirements` from PyPI; (python, "") or (None, why not)."""
    folder = CACHE / name
    python = folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    stamp = folder / "requirements.txt"
    if python.is_file() and stamp.is_file() and stamp.read_text() == "\n".join(requirements):
        return python, ""
    shutil.rmtree(folder, ignore_errors=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    for step in ([sys.executable, "-m", "venv", str(folder)], [*pip, *requirements]):
        try:
            done = subprocess.run(step, stdin=subprocess.DEVNULL, capture_output=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return None, f"{' '.join(step[:4])}: {exc}"
        if done.returncode != 0:
            why = last_line(done.stderr.decode("utf-8", "replace"))
            return None, f"installing {' '.join(requirements)} failed: {why}"
    stamp.write_text("\n".join(requirements))
    return python, ""


def venv_version(python: Path, package: str) -> str:
    code = f"import importlib.metadata as m; print(m.version({package!r}))"
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True)
    return done.stdout.strip() or "?"


# ---------------------------------------------------------------- report


@dataclass
class Row:
    measure: Measure
    base: Measure | None = None
    target: float | None = None
    note: str = ""
    seconds: float | None = None  # a target in wall time, for rows with no comparison

    def ratio(self, cpu: bool = False) -> float | None:
        if self.base is None or not self.measure.measured or not self.base.runs:
            return None
        if cpu:
            return self.measure.cpu / max(self.base.cpu, 1e-9)
        return self.measure.median / self.base.median

    def status(self, quick: bool) -> str:
        """Judged on wall time, what people wait for; --quick's single runs are not judged."""
        if self.measure.unavailable:
            return self.measure.unavailable
        if self.base is not None and self.base.unavailable:
            # A skipped comparison (jrnl not installed) skips the row too.
            skipped = self.base.unavailable.startswith("skipped")
            return self.base.unavailable if skipped else f"no baseline: {self.base.unavailable}"
        if self.seconds is not None:
            return verdict(self.measure.median, self.seconds, quick)
        return verdict(self.ratio(), self.target, quick)

    def shown_target(self) -> str:
        if self.seconds is not None:
            return f"<= {self.seconds:g} s"
        return f"<= {self.target:.2f}x" if self.target is not None else ""


def verdict(ratio: float | None, target: float | None, quick: bool) -> str:
    if ratio is None or target is None:
        return ""
    if quick:
        return "not judged (--quick)"
    return "ok" if ratio <= target else "MISSED"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms" if seconds < 10 else f"{seconds:7.2f} s "


def times(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio:.2f}x"


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    # Names and verdicts read left to right; figures line up on the right.
    last = len(widths) - 1
    fmt = "  ".join(f"{{:{'<' if i in (0, last) else '>'}{w}}}" for i, w in enumerate(widths))
    lines = [fmt.format(*header).rstrip(), "  ".join("-" * w for w in widths)]
    return "\n".join(lines + [fmt.format(*r).rstrip() for r in rows])


def print_section(title: str, rows: list[Row], results: dict[str, Any]) -> None:
    print(f"\n## {title}\n")
    body = []
    for row in rows:
        m, ok = row.measure, row.measure.measured
        status = row.status(results["quick"])
        body.append(
            [
                m.label,
                ms(m.median) if ok else "-",
                ms(m.cpu) if ok else "-",
                f"{m.peak_kib / 1024:6.1f} MiB" if ok and m.peak_kib else "-",
                times(row.ratio()),
                times(row.ratio(cpu=True)),
                row.shown_target(),
                status or row.note,
            ]
        )
        results["rows"].append(
            {"section": title, "label": m.label, "command": m.argv, "runs": len(m.runs)}
            | {"median_s": m.median if ok else None, "cpu_s": m.cpu if ok else None}
            | {"peak_kib": m.peak_kib, "ratio": row.ratio(), "cpu_ratio": row.ratio(cpu=True)}
            | {"target": row.target, "target_s": row.seconds, "status": status, "note": row.note}
        )
    header = ["command", "wall", "cpu", "peak mem", "ratio", "cpu ratio", "target", "status"]
    print(table(body, header))


# ---------------------------------------------------------------- sections


def startup_section(tmp: Path, repeat: int, results: dict[str, Any]) -> None:
    vpa, env = vpa_argv(), child_env()
    base = Measure("minimal Typer app (one command)", [sys.executable, str(write_minimal_app(tmp))])
    cmds = {
        "vpa timeline": (["timeline"], STARTUP_TARGET),
        "vpa --help": (["--help"], COMMAND_TARGET),
        "vpa partner russia": (["partner", "russia"], COMMAND_TARGET),
        f"vpa search {SEARCH_WORD}": (["search", SEARCH_WORD], COMMAND_TARGET),
        "vpa cite": (["cite"], COMMAND_TARGET),
    }
    measures = {label: Measure(label, [*vpa, *args]) for label, (args, _) in cmds.items()}
    completion = Measure(
        f"completion: {COMPLETION_ENV['COMP_WORDS']}<Tab>", vpa, child_env(**COMPLETION_ENV)
    )
    gc_on = Measure("vpa timeline, collector left on", [sys.executable, "-c", GC_ON, "timeline"])
    # Every run reading and checking the data files, as the first run after a change does.
    uncached = {
        label: Measure(f"{label}, no cache", [*vpa, *cmds[label][0]], child_env(VPA_CACHE_DIR=""))
        for label in ("vpa timeline", f"vpa search {SEARCH_WORD}")
    }
    # Where a start-up goes: the interpreter, then typer, then vpa's own imports.
    parts = ["pass", "import typer", "import vpa_cli.cli"]
    breakdown = [Measure(f"python -c '{code}'", [sys.executable, "-c", code]) for code in parts]
    everything = [base, *measures.values(), completion, gc_on, *uncached.values(), *breakdown]
    for m in everything:
        m.env = m.env or env
    measure(everything, repeat)
    rows = [Row(base, note="the floor")]
    rows += [Row(measures[k], base, target) for k, (_, target) in cmds.items()]
    rows.append(Row(completion, base, STARTUP_TARGET))
    if completion.sample is not None and b"peacekeeping" not in completion.sample.stdout:
        rows[-1].note = "no candidates printed: check COMPLETION_ENV"
    rows.append(Row(gc_on, measures["vpa timeline"], note="against vpa timeline: what gc buys"))
    rows += [Row(m, base, note="data files read each run") for m in uncached.values()]
    rows += [Row(m, base, note="where start-up goes") for m in breakdown]
    print_section("Start-up, piped, against a minimal Typer app", rows, results)


def jrnl_section(tmp: Path, repeat: int, results: dict[str, Any], install: str) -> None:
    vpa = Measure(
        "vpa timeline --from 1990 --to 2000",
        [*vpa_argv(), "timeline", "--from", "1990", "--to", "2000"],
        child_env(),
    )
    jrnl = Measure("jrnl -from 1990 -to 2000 (60 entries)", [])
    python, why = (None, f"skipped ({install})") if install else scratch_venv("jrnl", ["jrnl"])
    if python is None:
        jrnl.unavailable = why if why.startswith("skipped") else f"skipped: {why}"
    else:
        version = venv_version(python, "jrnl")
        home = tmp / "jrnl-home"
        home.mkdir(exist_ok=True)
        config = write_journal(tmp, version)
        jrnl.label = f"jrnl {version} -from 1990 -to 2000 (60 entries)"
        jrnl.argv = [str(python.parent / "jrnl"), "--config-file", str(config)]
        jrnl.argv += ["-from", "1990", "-to", "2000"]
        jrnl.env = child_env(
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local/share"),
        )
    measure([jrnl, vpa], repeat)
    rows = [Row(jrnl, note="the comparison"), Row(vpa, jrnl, JRNL_TARGET)]
    if jrnl.sample is not None and b"1990" not in jrnl.sample.stdout:
        rows[0].note = "jrnl printed no 1990 entry: check the journal"
    print_section("Against jrnl", rows, results)


def scale_section(tmp: Path, sizes: Sequence[int], repeat: int, results: dict[str, Any]) -> None:
    # Reading large files is what is measured here: the dataset cache is off.
    vpa, env = vpa_argv(), child_env(VPA_CACHE_DIR="")
    floor_script = tmp / "json_floor.py"
    floor_script.write_text(JSON_FLOOR, encoding="utf-8")
    commands = {
        "timeline": ["timeline", "--partner", "russia", "--format", "json"],
        "search": ["search", SEARCH_WORD],
    }
    # The same commands on the bundled data alone: their start-up, to subtract
    # when judging how time grows with the number of events.
    start = {
        key: Measure(f"vpa {' '.join(args)} (bundled only)", [*vpa, *args], env)
        for key, args in commands.items()
    }
    measure(list(start.values()), repeat)
    rows = [Row(m, note="start-up, no --data") for m in start.values()]
    per_event: dict[str, dict[int, float]] = {key: {} for key in commands}
    for n in sizes:
        path = write_scale_file(tmp, n)
        data = ["--data", str(path)]
        floor = Measure(
            f"{n:>7,} events: json.load ({path.stat().st_size / 2**20:.1f} MiB)",
            [sys.executable, str(floor_script), str(path)],
            env,
        )
        runs = {
            key: Measure(f"{n:>7,} events: vpa {' '.join(args)}", [*vpa, *args, *data], env)
            for key, args in commands.items()
        }
        gc_on = Measure(
            f"{n:>7,} events: vpa search, collector left on",
            [sys.executable, "-c", GC_ON, *commands["search"], *data],
            env,
        )
        measure([floor, *runs.values(), gc_on], repeat)
        target = SCALE_TARGET if n == max(sizes) and n >= 100_000 else None
        rows.append(Row(floor, note="the floor"))
        for key, m in runs.items():
            rows.append(Row(m, floor, target))
            if key == "timeline" and m.sample is not None:
                rows[-1].note = count_note(m.sample.stdout)
            if m.measured and start[key].measured:
                per_event[key][n] = max(m.cpu - start[key].cpu, 1e-6)
        rows.append(Row(gc_on, runs["search"], note="against vpa search: what gc buys"))
        rows += cached_rows(tmp, path, n, commands, floor, repeat, n == max(sizes) and n >= 100_000)
        path.unlink()
    print_section(
        "Scale: user data through --data, against json.load of the same file", rows, results
    )
    growth = []
    for key, cpu in per_event.items():
        for a, b in itertools.pairwise(sorted(cpu)):
            exponent = math.log(cpu[b] / cpu[a]) / math.log(b / a)
            target = LINEAR_TARGET if b == max(sizes) and b >= 100_000 else None
            status = verdict(exponent, target, results["quick"])
            growth.append(
                [
                    f"{key}: {a:,} -> {b:,} events",
                    f"{cpu[a] / a * 1e6:6.1f} us",
                    f"{cpu[b] / b * 1e6:6.1f} us",
                    f"{exponent:.2f}",
                    f"<= {target:.2f}" if target else "",
                    status,
                ]
            )
            results["growth"].append(
                {"command": key, "from": a, "to": b, "exponent": exponent, "status": status}
            )
    if growth:
        print("\nGrowth (CPU time above the start-up row, per event; exponent 1.00 is linear):\n")
        print(table(growth, ["step", "per event", "per event", "exponent", "target", "status"]))


def cached_rows(
    tmp: Path,
    path: Path,
    n: int,
    commands: dict[str, list[str]],
    floor: Measure,
    repeat: int,
    targeted: bool,
) -> list[Row]:
    """The same queries with the dataset cache: a first run (an empty cache, which it
    fills) and a repeated run on the unchanged file (which the cache serves)."""
    vpa = vpa_argv()
    if len(vpa) > 1:  # no console script: run it through python -m
        return []
    folder = tmp / f"cache-{n}"
    env = child_env(VPA_CACHE_DIR=str(folder))
    # A file changed in the last two seconds is not cached (cache.SETTLE_NS).
    when = time.time() - 3600
    os.utime(path, (when, when))
    measures = []
    for args in commands.values():
        label = f"{n:>7,} events: vpa {' '.join(args)}"
        first = [sys.executable, "-c", FRESH_CACHE, str(folder), *vpa, *args, "--data", str(path)]
        measures.append(Measure(f"{label}, first run (fills the cache)", first, env))
        measures.append(
            Measure(f"{label}, repeated (the cache)", [*vpa, *args, "--data", str(path)], env)
        )
    for first, repeated in zip(measures[::2], measures[1::2], strict=True):
        measure([first], 1)  # each first run is slow: one, after its warm-up
        run_once(first.argv, env)  # filled again for the repeated runs
        measure([repeated, floor], repeat)
    shutil.rmtree(folder, ignore_errors=True)
    target = CACHED_TARGET if targeted else None
    return [Row(m, floor, target if "repeated" in m.label else None) for m in measures]


def quote_section(tmp: Path, quick: bool, repeat: int, results: dict[str, Any]) -> None:
    """`vpa quote` on a generated text: a query found, one missed (the exact search
    alone: too long for the closest lines), and a near miss, whose closest lines are
    looked for within their budget, in a text of paragraphs and in one of one line."""
    size, length = QUICK_QUOTE if quick else FULL_QUOTE
    lines = quote_text(size)
    text = tmp / "quote-text.txt"
    text.write_text("\n".join(lines), encoding="utf-8")
    one_line = tmp / "quote-one-line.txt"
    one_line.write_text(" ".join(line for line in lines if line), encoding="utf-8")
    queries = quote_queries(lines, length)
    vpa, env = vpa_argv(), child_env()
    of = f"a {round(len(queries['found']) / 1000)} KB query on a {size / 1e6:g} MB text"
    near = f"a {len(queries['near']):,}-character query"
    runs = [
        (f"vpa quote, {of}: found", text, "found", 0),
        (f"vpa quote, {of}: exact miss", text, "missed", 1),
        (f"vpa quote, {near}, near miss: {size / 1e6:g} MB text", text, "near", 1),
        (f"vpa quote, {near}, near miss: {size / 1e6:g} MB, one line", one_line, "near", 1),
    ]
    measures = [
        Measure(label, [*vpa, "quote", str(path), queries[key]], env, expect=expect)
        for label, path, key, expect in runs
    ]
    measure(measures, repeat)
    rows = []
    for m in measures:
        rows.append(Row(m, seconds=QUOTE_TARGET))
        if m.sample is not None:
            rows[-1].note = quote_note(m.sample)
        m.argv = [*m.argv[:-1], f"<{len(m.argv[-1]):,} characters>"]  # not the query in --json
    print_section("vpa quote on a generated text, against a target in seconds", rows, results)


def quote_note(sample: Run) -> str:
    if sample.returncode == 0:
        return f"{sample.stdout.count(b'{'):,} citations"
    near = [line.strip() for line in sample.stderr.splitlines() if line.startswith("  line ")]
    return f"closest: {near[0].split(':')[0]}" if near else "no closest lines"


def adversarial_papers(size: int) -> dict[str, str]:
    """Papers of about `size` bytes, each the worst case of one pass of the key reader:
    citations everywhere, code spans and fences nothing closes, brackets nested deep,
    indented list items, LaTeX cite commands left open."""
    shapes = {
        "citations": "See [@dd-achievements, para. 6] and @vpa-impact; ",
        "unclosed code spans": "` a ",
        "unclosed fences": "```\nx\n\n",
        "nested brackets": "[[[[[[[[@x]",
        "list continuations": "- item\n\n    @vpa-impact more\n",
        "unclosed \\cite{": "\\cite{",
    }
    papers = {}
    for name, piece in shapes.items():
        # Every paper cites one vpa source, so the command has a bibliography to write.
        papers[name] = "[@vpa-impact]\n\n" + piece * ((size - 16) // len(piece))
    return papers


def paper_section(tmp: Path, quick: bool, repeat: int, results: dict[str, Any]) -> None:
    """`vpa cite --paper` on papers built to be slow to read, each at about the size
    limit: the key reader must stay linear in the paper's size."""
    size = QUICK_PAPER if quick else FULL_PAPER
    vpa, env = vpa_argv(), child_env()
    measures = []
    for name, text in adversarial_papers(size).items():
        path = tmp / f"paper-{len(measures)}.md"
        path.write_text(text, encoding="utf-8")
        label = f"vpa cite --paper, {size / 2**20:.2g} MiB of {name}"
        measures.append(
            Measure(label, [*vpa, "cite", "--paper", str(path), "--format", "ris"], env)
        )
    measure(measures, repeat)
    rows = [Row(m, seconds=PAPER_TARGET) for m in measures]
    print_section("vpa cite --paper on papers built to be slow, against seconds", rows, results)


def count_note(stdout: bytes) -> str:
    try:
        events = json.loads(stdout)
    except ValueError:
        return "output is not JSON"
    generated = sum(1 for e in events if str(e.get("id", "")).startswith("bench-"))
    return f"{len(events):,} events out ({generated:,} generated)"


def typer_section(tmp: Path, repeat: int, results: dict[str, Any], install: str) -> None:
    """The minimal app and vpa itself under each typer version, each in its own scratch venv."""
    env = child_env(PYTHONPATH=str(REPO / "src"))
    what = {
        "minimal app": [str(write_minimal_app(tmp))],
        "vpa --help": ["-m", "vpa_cli", "--help"],
        "vpa timeline": ["-m", "vpa_cli", "timeline"],
    }
    by_version: list[dict[str, Measure]] = []
    for version in TYPER_VERSIONS:
        requirements = [f"typer=={version}.*", "rich>=13.7", "python-dateutil>=2.8.2"]
        python, why = (
            (None, f"skipped ({install})")
            if install
            else scratch_venv(f"typer-{version}", requirements)
        )
        exact = venv_version(python, "typer") if python else version
        measures = {}
        for key, args in what.items():
            m = Measure(f"typer {exact}: {key}", [str(python), *args], env)
            if python is None:
                m.unavailable = why if why.startswith("skipped") else f"skipped: {why}"
            measures[key] = m
        by_version.append(measures)
    measure([m for version in by_version for m in version.values()], repeat)
    # Each row against the same command under the first version.
    rows = [Row(m, note="the reference") for m in by_version[0].values()]
    for measures in by_version[1:]:
        rows += [Row(m, by_version[0][key]) for key, m in measures.items()]
    title = f"Typer versions (why pyproject caps typer below {TYPER_VERSIONS[-1]}); vpa from src/"
    print_section(title, rows, results)


# ---------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.py", description=(__doc__ or "").split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="one run each, a small file, no installs (CI)"
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
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON to FILE")
    parser.add_argument(
        "--only", nargs="+", choices=SECTIONS, default=SECTIONS, help="run only these sections"
    )
    args = parser.parse_args(argv)

    startup_repeat = args.repeat or (1 if args.quick else 15)
    scale_repeat = args.repeat or (1 if args.quick else 5)
    sizes = tuple(args.sizes or (QUICK_SIZES if args.quick else FULL_SIZES))
    install = "--quick" if args.quick else "--no-install" if args.no_install else ""

    import typer  # only for its version

    results: dict[str, Any] = {
        "python": platform.python_version(),
        "typer": getattr(typer, "__version__", "?"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        "quick": args.quick,
        "rows": [],
        "growth": [],
    }
    print(
        f"vpa benchmark: Python {results['python']}, typer {results['typer']}, "
        f"{results['machine']}; medians of {startup_repeat} (start-up) and {scale_repeat} "
        "(scale) runs, each a fresh process with stdout piped"
    )
    with tempfile.TemporaryDirectory(prefix="vpa-bench-") as name:
        tmp = Path(name)
        # vpa's dataset cache (src/vpa_cli/cache.py) in a folder of the benchmark's own,
        # never the user's: each command's warm-up run fills it, as a first run does.
        os.environ["VPA_CACHE_DIR"] = str(tmp / "cache")
        if "startup" in args.only:
            startup_section(tmp, startup_repeat, results)
        if "jrnl" in args.only:
            jrnl_section(tmp, startup_repeat, results, install)
        if "scale" in args.only:
            scale_section(tmp, sizes, scale_repeat, results)
        if "quote" in args.only:
            quote_section(tmp, args.quick, scale_repeat, results)
        if "paper" in args.only:
            paper_section(tmp, args.quick, scale_repeat, results)
        if "typer" in args.only:
            typer_section(tmp, startup_repeat, results, install)

    statuses = [r["status"] for r in results["rows"]] + [g["status"] for g in results["growth"]]
    bad = [s for s in statuses if s == "MISSED" or s.startswith(("not available", "no baseline"))]
    print(f"\nTargets: {statuses.count('ok')} met, {len(bad)} missed or not measurable.")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if args.strict and bad else 0


if __name__ == "__main__":
    sys.exit(main())
