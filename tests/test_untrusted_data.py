"""Every command and every format on a data file built to attack what reads vpa's output.

tests/data/untrusted/untrusted.json (with its text, untrusted.txt) passes `vpa check`
and puts in its text fields what would be script in a page or in TimelineJS, terminal
codes and bidirectional overrides, rich markup, Markdown links and tables, spreadsheet
formulas, BibTeX braces that would close an entry, and shell commands in partner aliases.
Each command runs in each of its formats (read from the command's own `--format`), and
what it writes is checked for the program that reads that format. The files that may
not be read at all (links out of the folder, FIFOs, huge texts) are in
tests/test_untrusted_files.py; the real programs (TimelineJS, BibTeX, the shells) in
test_timelinejs_browser.py, test_bibtex_reader.py and test_completion_shells.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import typer
from conftest import REPO, Result, run

from vpa_cli import cli

DATA = REPO / "tests" / "data" / "untrusted" / "untrusted.json"
TEXT = DATA.with_name("untrusted.txt")

# What may never reach a terminal: C0 controls but tab and newline, DEL, C1, the
# bidirectional marks, embeddings, overrides and isolates, line and paragraph separators.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
FORMULA = re.compile(r"[=+\-@\t\r\0]")

# Each command with arguments that reach the untrusted records.
COMMANDS: list[list[str]] = [
    ["timeline", "--source", "untrusted-notes"],
    ["partner"],
    ["partner", "untrusted-land"],
    ["sources"],
    ["sources", "untrusted-notes"],
    ["search", "untrusted notes"],
    ["search", "formula"],
    ["show", "2015-untrusted-event"],
    ["show", "untrusted-fact"],
    ["show", "untrusted-land"],
    ["show", "untrusted-notes"],
    ["show", "untrusted-notes:5"],
    ["cite", "2015-untrusted-event"],
    ["cite", "untrusted-notes"],
    ["disputes"],
    ["check"],
]


def formats_of(command: str) -> list[str]:
    """The command's own `--format` choices, as its option declares them."""
    group = typer.main.get_command(cli.make_app())
    sub = group.commands[command]  # type: ignore[attr-defined]
    for param in sub.params:
        if "--format" in getattr(param, "opts", []):
            return [c for c in param.type.choices if c != "auto"]
    return []


RUNS = [(args, fmt) for args in COMMANDS for fmt in formats_of(args[0])]


def test_the_file_passes_check() -> None:
    result = run("check", "--data", str(DATA))
    assert result.exit_code == 0, result.stdout + result.stderr
    # Warnings (vpa check --strict would refuse them) but no problem.
    assert result.stdout.splitlines()[-1].startswith("ok: ")


def vpa(*args: str) -> Result:
    # Wide, so a table never wraps a cell inside a payload.
    return run(*args, "--data", str(DATA), env={"COLUMNS": "1000"})


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.handlers += [f"{tag} {k}" for k, _ in attrs if k.startswith("on")]


def _problems(fmt: str, out: str) -> list[str]:
    """How `out`, written in `fmt`, lets a payload through to the program that reads it."""
    problems = []
    if fmt not in ("json", "csl-json", "timelinejs", "html") and (bad := UNSAFE.search(out)):
        problems.append(f"{bad.group()!r} reaches the terminal")
    if fmt in ("json", "csl-json", "timelinejs"):
        json.loads(out)
        if UNSAFE.search(out):
            problems.append("JSON carries a raw control character")
    if fmt == "csv":
        problems += [
            f"cell {cell[:30]!r} is a formula"
            for row in csv.reader(io.StringIO(out))
            for cell in row
            if FORMULA.match(cell)
        ]
    if fmt == "markdown":
        # Data text is escaped: no live link, HTML tag or table cell from a payload.
        for payload in (r"\]\(javascript:", r"<script", r"<img", r"\| cell \|"):
            if re.search(r"(?<!\\)" + payload, out):
                problems.append(f"Markdown carries {payload!r} unescaped")
    if fmt == "bibtex":
        depth = 0
        for ch in out:
            depth += {"{": 1, "}": -1}.get(ch, 0)
            if depth < 0:
                problems.append("a brace closes more than was opened")
                break
        if depth:
            problems.append("unbalanced braces")
        if "@misc{forged" in out.replace(" ", ""):
            problems.append("a forged entry")
    if fmt == "ris":
        for line in out.replace("\r\n", "\n").splitlines():
            if line and not re.match(r"^[A-Z][A-Z0-9]  - ", line) and line != "ER  -":
                problems.append(f"RIS line {line[:30]!r} is no tag")
    if fmt == "timelinejs":
        for slide in json.loads(out).get("events", []):
            # TimelineJS decodes these once before inserting them as HTML.
            for value in (slide.get("display_date", ""), slide.get("group", "")):
                if "<" in unescape(value):
                    problems.append(f"TimelineJS would insert markup from {value[:40]!r}")
    if fmt == "html":
        page = Page()
        page.feed(out)
        if page.tags.count("script") != 2 or page.handlers or "img" in page.tags:
            problems.append(f"markup from the data: {page.handlers or page.tags.count('script')}")
        if re.search("[\u202a-\u202e\u2066-\u2069]", out):
            problems.append("a raw bidirectional control in the page")
    return problems


@pytest.mark.parametrize(
    ("args", "fmt"), RUNS, ids=lambda x: " ".join(x) if isinstance(x, list) else x
)
def test_every_command_and_format_keeps_the_payloads_inert(args: list[str], fmt: str) -> None:
    result = vpa(*args, "--format", fmt)
    if result.exit_code == 2 and "is not available for" in result.stderr:
        pytest.skip(result.stderr.strip())  # e.g. CSV of one partner's profile
    assert result.exit_code == 0, result.stderr
    assert result.exception is None, repr(result.exception)
    assert "Traceback" not in result.stderr
    assert not UNSAFE.search(result.stderr)
    assert result.stdout.strip()
    assert _problems(fmt, result.stdout) == []


def test_the_records_are_really_shown() -> None:
    """Guard: the runs above reach the untrusted records, not only the bundled ones."""
    shown = vpa("show", "2015-untrusted-event", "--format", "json").json()
    assert "=HYPERLINK(" in shown["record"]["title"]
    timeline = vpa("timeline", "--source", "untrusted-notes", "--format", "json").json()
    assert [e["id"] for e in timeline] == ["2015-untrusted-event"]
    assert "<img" in timeline[0]["date_label"]


def test_the_export_stores_the_exact_text(tmp_path: Path) -> None:
    db = tmp_path / "vpa.db"
    result = vpa("export", "sqlite", str(db))
    assert result.exit_code == 0, result.stderr
    written = json.loads(DATA.read_text(encoding="utf-8"))["events"][0]["title"]
    with sqlite3.connect(db) as conn:
        (title,) = conn.execute(
            "SELECT title FROM events WHERE id = ?", ("2015-untrusted-event",)
        ).fetchone()
    assert title == written


def test_quote_and_completion_on_the_untrusted_text() -> None:
    quoted = run("quote", str(TEXT), "formula")
    assert quoted.exit_code == 0, quoted.stderr
    assert not UNSAFE.search(quoted.stdout + quoted.stderr)
    offered = run(
        env={
            "_VPA_COMPLETE": "complete_bash",
            "COMP_WORDS": "vpa\npartner\nMor",
            "COMP_CWORD": "2",
            "VPA_DATA": str(DATA),
        }
    ).stdout.split()
    assert offered == []  # every alias beginning "Mor" holds a shell character or a control
