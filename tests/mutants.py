"""A small mutation run over the core: does the suite notice when the code is wrong?

Run it as `python tests/mutants.py` (pytest does not collect it: its name is not
test_*). Each mutant in MUTANTS replaces one exact piece of text (it must occur exactly
once in its file) in a fresh copy of the repository (src/, tests/, data/, seeds/ and
pyproject.toml, in a temporary folder: the working tree is never touched), then runs
only the tests named as its killers there, with PYTHONPATH at the copy's src/ so that
the copy's code is imported and not the installed (editable) package. A mutant is
`killed` when those tests fail, and `survives` when they pass. The run prints a table
of each mutant, its outcome and what was expected, and exits 1 when any outcome
differs from what the table expects (a mutant expected killed that survives is a gap
in the tests; one expected to survive that is killed means the table is out of date).

Before the mutants, the same tests run on an unmutated copy, which must pass: a
failure there is a broken tree or test, not a kill. The killers are fixed tables of
cases, not Hypothesis's luck, so a run gives the same table every time.

Options: `--only NAME` (repeatable) runs the mutants named; `--against TEST` (with
`--only`, repeatable) runs them against other tests, to look for a killer;
`--jobs N` runs N mutants at once (default 2); `--list` prints the table and runs
nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parents[1]
# What a copy holds: enough to import vpa from src/ and to run the tests.
COPIED = ("src", "tests", "data", "seeds", "pyproject.toml")
KILLED = "killed"
SURVIVES = "survives"


class Mutant(NamedTuple):
    """One deliberate fault: `old` (exactly once in `file`) becomes `new`; `tests` are
    the pytest node ids or files that must notice it; `expected` is `killed` or
    `survives: <why that is acceptable>`."""

    name: str
    file: str
    old: str
    new: str
    tests: tuple[str, ...]
    expected: str = KILLED


MUTANTS: tuple[Mutant, ...] = (
    # -- the four that survived or were caught by luck before issue 23
    Mutant(
        "page-drops-derived-mark",
        "src/vpa_cli/page/__init__.py",
        '    symbol = date.get("mark") or ""\n',
        '    symbol = (date.get("mark") or "") if date.get("basis") != "derived" else ""\n',
        ("tests/test_every_basis.py::test_the_pages_list_shows_exactly_the_views_date_and_mark",),
    ),
    Mutant(
        "derived-mark-is-blank",
        "src/vpa_cli/claims/marks.py",
        '"derived": "\\u2021"',
        '"derived": ""',
        (
            "tests/test_every_basis.py::test_the_marks_are_dagger_for_supplied_double_dagger_for_derived",
            "tests/test_every_basis.py::test_the_view_gives_each_case_its_date",
        ),
    ),
    Mutant(
        "alias-shared-by-two-partners",
        "src/vpa_cli/loading/reading.py",
        "other = owner.setdefault(key, partner.id)",
        "other = owner.get(key, partner.id)",
        ("tests/test_userdata.py::test_check_refuses_a_name_two_partners_share",),
    ),
    Mutant(
        "window-any-day-upper-edge",
        "src/vpa_cli/queries/timeline.py",
        "first is not None and first > hi:",
        "first is not None and first >= hi:",
        ("tests/test_dates.py::test_the_window_filter_at_its_edges",),
    ),
    Mutant(
        "window-any-day-lower-edge",
        "src/vpa_cli/queries/timeline.py",
        "last is not None and last < lo)",
        "last is not None and last <= lo)",
        ("tests/test_dates.py::test_the_window_filter_at_its_edges",),
    ),
    Mutant(
        "window-strict-lower-edge",
        "src/vpa_cli/queries/timeline.py",
        "(first is not None and first >= lo)",
        "(first is not None and first > lo)",
        ("tests/test_dates.py::test_the_window_filter_at_its_edges",),
    ),
    Mutant(
        "window-strict-upper-edge",
        "src/vpa_cli/queries/timeline.py",
        "(last is not None and last <= hi)",
        "(last is not None and last < hi)",
        ("tests/test_dates.py::test_the_window_filter_at_its_edges",),
    ),
    # -- how a claim stands
    Mutant(
        "corroborated-by-one-text",
        "src/vpa_cli/loading/dataset.py",
        "len(cited) >= 2 and strong",
        "len(cited) >= 1 and strong",
        ("tests/test_outside.py::test_standing_follows_the_number_and_weight_of_the_texts",),
    ),
    Mutant(
        "corroborated-by-weak-texts-alone",
        "src/vpa_cli/loading/dataset.py",
        "len(cited) >= 2 and strong",
        "len(cited) >= 2",
        ("tests/test_mutant_edges.py::test_standing_at_its_edges",),
    ),
    Mutant(
        "only-weak-if-any-is-weak",
        "src/vpa_cli/loading/dataset.py",
        "bool(sources) and all(s is not None and s.weak for s in sources)",
        "bool(sources) and any(s is not None and s.weak for s in sources)",
        (
            "tests/test_outside.py::test_records_resting_only_on_a_weak_source_say_so_in_their_title",
        ),
    ),
    Mutant(
        "only-weak-with-no-sources",
        "src/vpa_cli/loading/dataset.py",
        "bool(sources) and all(s is not None and s.weak for s in sources)",
        "all(s is not None and s.weak for s in sources)",
        ("tests/test_mutant_edges.py::test_only_weak_at_its_edges",),
    ),
    # -- how far an open range runs
    Mutant(
        "open-range-ignores-its-as-of",
        "src/vpa_cli/loading/dataset.py",
        "event.until = event.as_of or latest",
        "event.until = latest or event.as_of",
        ("tests/test_faithfulness.py::test_an_open_range_ends_at_its_as_of_date",),
    ),
    Mutant(
        "open-range-runs-forever",
        "src/vpa_cli/records/types.py",
        "            last = self.until.latest\n",
        "            last = None\n",
        (
            "tests/test_timeline.py::test_an_ongoing_event_is_not_inside_a_window_after_its_as_of_date",
        ),
    ),
    # -- what people type
    Mutant(
        "resolve-id-exact-only",
        "src/vpa_cli/queries/resolve.py",
        "if name_key(rid) == key:",
        "if rid == key:",
        ("tests/test_mutant_edges.py::test_an_id_typed_loosely_resolves",),
    ),
    Mutant(
        "ambiguous-date-month-12",
        "src/vpa_cli/records/dates.py",
        "a <= 12 and b <= 12:",
        "a <= 12 and b < 12:",
        ("tests/test_mutant_edges.py::test_a_numeric_date_is_ambiguous_at_its_edges",),
    ),
    Mutant(
        "query-date-day-always-typed",
        "src/vpa_cli/records/dates.py",
        "    day = one.day if one.day == two.day else None\n",
        "    day = one.day\n",
        ("tests/test_dates.py::test_query_date_is_read_at_the_precision_typed",),
    ),
    # -- what vpa check proves
    Mutant(
        "faithfulness-misses-numbers",
        "src/vpa_cli/claims/evidence.py",
        "if n not in supported and n not in out:",
        "if n not in supported and n in out:",
        ("tests/test_faithfulness.py::test_a_number_no_quote_states_is_caught",),
    ),
    Mutant(
        "quote-anywhere-in-the-text",
        "src/vpa_cli/checks/run.py",
        "elif c.quote not in lines[c.line - 1]:",
        'elif c.quote not in "\\n".join(lines):',
        ("tests/test_check.py::test_wrong_line_is_caught_and_the_right_line_suggested",),
    ),
    # -- outputs
    Mutant(
        "csv-formula-at-sign",
        "src/vpa_cli/text.py",
        '_FORMULA = re.compile(r"\'*[=+\\-@\\t\\r\\0]")',
        '_FORMULA = re.compile(r"\'*[=+\\-\\t\\r\\0]")',
        ("tests/test_csv_cells.py::test_formulas_from_a_data_file_are_text",),
    ),
    Mutant(
        "search-no-exact-share",
        "src/vpa_cli/queries/search/ranking.py",
        "EXACT_SHARE = 0.1",
        "EXACT_SHARE = 0.0",
        ("tests/test_search.py::test_a_word_in_the_form_typed_parts_a_tie",),
    ),
    Mutant(
        "year-0000-check-dropped",
        "src/vpa_cli/records/dates.py",
        "        if year == 0:\n",
        "        if False:\n",
        ("tests/test_dates.py::test_fuzzy_date_refuses_what_is_not_in_the_subset",),
        "survives: equivalent: Python's date() has no year 0 and refuses 0000 just above, "
        "so the check is never reached; it stays for its clearer message",
    ),
    # -- the cache
    Mutant(
        "cache-ignores-the-paths",
        "src/vpa_cli/loading/cache.py",
        "sys.version, here, tuple(paths), absolute)",
        "sys.version, here)",
        ("tests/test_cache.py::test_the_cache_is_one_private_file_per_set_of_inputs",),
    ),
    Mutant(
        "cache-ignores-the-absolute-paths",
        "src/vpa_cli/loading/cache.py",
        "sys.version, here, tuple(paths), absolute)",
        "sys.version, here, tuple(paths))",
        ("tests/test_cache.py",),
        "survives: defence in depth: one relative --data path typed in two folders shares a "
        "cache file, but the file's inputs are checked by path, device, inode and checksum "
        "before use, so the other folder's file is a miss and is read afresh",
    ),
    Mutant(
        "cache-ignores-the-python",
        "src/vpa_cli/loading/cache.py",
        "sys.implementation.cache_tag, sys.version, here,",
        "sys.implementation.cache_tag, here,",
        ("tests/test_cache.py::test_a_cache_file_another_python_wrote_is_not_loaded",),
    ),
)


class Outcome(NamedTuple):
    mutant: Mutant
    outcome: str  # killed, survives, or error: why
    seconds: float
    output: str

    @property
    def as_expected(self) -> bool:
        return self.outcome.split(":")[0] == self.mutant.expected.split(":")[0]


def problems_in(mutants: Sequence[Mutant], root: Path = REPO) -> list[str]:
    """What is wrong with the table: a name given twice, a file missing, an old text
    that is not in its file exactly once, a mutant that changes nothing, an expected
    outcome that is neither `killed` nor `survives: why`."""
    found: list[str] = []
    names = [m.name for m in mutants]
    found += [f"{n}: named twice" for n in sorted({n for n in names if names.count(n) > 1})]
    for m in mutants:
        path = root / m.file
        if not path.is_file():
            found.append(f"{m.name}: no file {m.file}")
            continue
        count = path.read_text(encoding="utf-8").count(m.old)
        if count != 1:
            found.append(f"{m.name}: its old text is in {m.file} {count} times, not once")
        if m.old == m.new:
            found.append(f"{m.name}: changes nothing")
        if not m.tests:
            found.append(f"{m.name}: names no test")
        reason = m.expected.removeprefix(f"{SURVIVES}:").strip()
        if m.expected != KILLED and (not m.expected.startswith(f"{SURVIVES}:") or not reason):
            found.append(f"{m.name}: expected is {m.expected!r}, not killed or survives: why")
    return found


def copy_repo(into: Path) -> Path:
    """A copy of what the tests need, in `into`; Python's caches left behind."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "node_modules")
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=ignore)
        else:
            shutil.copy2(source, into / name)
    return into


def environment(root: Path) -> dict[str, str]:
    """The copy's src/ first on the path, ahead of the editable install's .pth entry."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(root / "src"), env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep
    )
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def imported_from(root: Path) -> Path:
    """Where `import vpa_cli` finds vpa in a copy, as its tests will."""
    done = subprocess.run(
        [sys.executable, "-c", "import vpa_cli; print(vpa_cli.__file__)"],
        cwd=root,
        env=environment(root),
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(done.stdout.strip())


def pytest(root: Path, tests: Sequence[str]) -> tuple[int, str]:
    """Run `tests` in the copy at `root`: the exit code and what pytest printed."""
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-x",
        "-q",
        "--no-header",
        "-p",
        "no:cacheprovider",  # nothing written under ~/.cache by a mutant's run
        "-W",
        "ignore::pytest.PytestConfigWarning",  # cache_dir, unknown without the provider
        "--hypothesis-seed=0",
        *tests,
    ]
    done = subprocess.run(
        command, cwd=root, env=environment(root), capture_output=True, text=True, check=False
    )
    return done.returncode, done.stdout + done.stderr


def run_mutant(mutant: Mutant, tests: Sequence[str]) -> Outcome:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"vpa-mutant-{mutant.name}-") as folder:
        root = copy_repo(Path(folder))
        path = root / mutant.file
        text = path.read_text(encoding="utf-8")
        if text.count(mutant.old) != 1:
            return Outcome(mutant, "error: old text not found once", 0.0, "")
        path.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")
        code, output = pytest(root, tests)
    # 1: a test failed; 2: collection failed, on the mutated code (the baseline passed).
    outcome = {0: SURVIVES, 1: KILLED, 2: KILLED}.get(code, f"error: pytest exit {code}")
    return Outcome(mutant, outcome, time.monotonic() - started, output)


def baseline(tests: Sequence[str]) -> tuple[bool, str]:
    """Whether every test named passes on an unmutated copy, whose code is imported."""
    with tempfile.TemporaryDirectory(prefix="vpa-mutant-baseline-") as folder:
        root = copy_repo(Path(folder))
        where = imported_from(root)
        if not where.is_relative_to(root):
            return False, f"the copy imports vpa_cli from {where}, not from {root / 'src'}"
        code, output = pytest(root, tests)
    return code == 0, output


def table(outcomes: Sequence[Outcome]) -> str:
    """The mutants, each with its outcome, what was expected, and how long it took."""
    rows = [("mutant", "outcome", "expected", "s")]
    for o in outcomes:
        expected = o.mutant.expected.split(":")[0]
        mark = "" if o.as_expected else "  <-- not as expected"
        rows.append((o.mutant.name, o.outcome + mark, expected, f"{o.seconds:.1f}"))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c:<{widths[2]}}  {d:>5}" for a, b, c, d in rows]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", default=[], metavar="NAME")
    parser.add_argument("--against", action="append", default=[], metavar="TEST")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.only or m.name in args.only]
    unknown = set(args.only) - {m.name for m in MUTANTS}
    if unknown or (args.against and not args.only):
        parser.error(f"unknown mutants: {sorted(unknown)}" if unknown else "--against needs --only")
    wrong = problems_in(MUTANTS)
    if wrong:
        print("the table of mutants is not well-formed:\n  " + "\n  ".join(wrong))
        return 2
    if args.list:
        for m in chosen:
            print(f"{m.name}: {m.file}: {m.expected}\n    {' '.join(m.tests)}")
        return 0
    started = time.monotonic()
    tests = {m.name: tuple(args.against) or m.tests for m in chosen}
    every = list(dict.fromkeys(t for m in chosen for t in tests[m.name]))
    passed, output = baseline(every)
    if not passed:
        print(output)
        print("the tests fail (or vpa is imported from elsewhere) with no mutant: fix that first")
        return 2
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outcomes = list(pool.map(lambda m: run_mutant(m, tests[m.name]), chosen))
    print(table(outcomes))
    astray = [o for o in outcomes if not o.as_expected]
    for o in astray:
        if o.outcome != KILLED:
            print(f"\n{o.mutant.name} ({o.mutant.file}): {o.outcome}\n{o.output[-2000:]}")
    total = time.monotonic() - started
    survivors = sum(o.outcome == SURVIVES for o in outcomes)
    print(
        f"\n{len(outcomes)} mutants, {sum(o.outcome == KILLED for o in outcomes)} killed, "
        f"{survivors} survived, {len(astray)} not as expected, in {total:.0f} s"
    )
    return 1 if astray else 0


if __name__ == "__main__":
    sys.exit(main())
