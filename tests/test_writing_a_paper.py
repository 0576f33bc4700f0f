"""docs/writing-a-paper.md runs: its paper and its commands, as a new user would type them,
through pandoc to HTML and Word in APA, Chicago and MLA, and what pandoc prints is the text
the page shows.

The page's `markdown` block is the paper, its `sh` blocks are run by bash in a folder of
their own (`vpa` being this Python's vpa_cli), and each `text` block under "What pandoc
prints" is the plain text of one Word file, in the order of the loop; the HTML files must
hold the same references. The text pins the bundled data: when the data changes, the
assertion shows the new text to paste into the page.
"""

from __future__ import annotations

import html.parser
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CACHE_FOLDER, REPO, needs_pandoc, pandoc

PAGE = REPO / "docs" / "writing-a-paper.md"
pytestmark = needs_pandoc
STYLES = ("apa", "chicago", "mla")


def blocks(kind: str) -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    return re.findall(rf"^```{kind}\n(.*?)^```$", text, re.DOTALL | re.MULTILINE)


def shown() -> dict[str, str]:
    """The text the page shows for each style's Word file."""
    text = PAGE.read_text(encoding="utf-8")
    printed = text.split("## 4. What pandoc prints", 1)[1]
    found = re.findall(r"^```text\n(.*?)^```$", printed, re.DOTALL | re.MULTILINE)
    return dict(zip(STYLES, found, strict=True))


class _Entries(html.parser.HTMLParser):
    """The text of each `csl-entry` of pandoc's HTML, tags dropped."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[str] = []
        self.depth = 0  # how deep inside an entry's div

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "div":
            return
        if self.depth:
            self.depth += 1
        elif "csl-entry" in (dict(attrs).get("class") or "").split():
            self.depth = 1
            self.entries.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.entries[-1] += data


def html_entries(path: Path) -> list[str]:
    parser = _Entries()
    parser.feed(path.read_text(encoding="utf-8"))
    return [" ".join(e.split()) for e in parser.entries]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page's paper and commands, run in a folder of their own."""
    folder = tmp_path_factory.mktemp("paper")
    [paper] = blocks("markdown")
    (folder / "paper.md").write_text(paper, encoding="utf-8")
    script = 'set -eu\nvpa() { "$VPA_PYTHON" -m vpa_cli "$@"; }\n' + "\n".join(blocks("sh"))
    env = {
        **os.environ,
        "VPA_PYTHON": sys.executable,
        "VPA_CACHE_DIR": CACHE_FOLDER,
        "NO_COLOR": "1",
        "COLUMNS": "100",
    }
    env.pop("VPA_DATA", None)
    done = subprocess.run(
        ["bash", "-c", script], cwd=folder, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no unknown key, no pandoc warning
    return folder


def word_text(path: Path) -> str:
    return pandoc(str(path), "-t", "plain", "--wrap=none")


def test_the_page_has_a_paper_citing_three_sources_with_paragraphs() -> None:
    [paper] = blocks("markdown")
    cited = re.findall(r"\[@([\w-]+), para\. \d+\]", paper)
    assert len(set(cited)) == 3, cited


@pytest.mark.parametrize("style", STYLES)
def test_the_word_file_is_what_the_page_shows(rendered: Path, style: str) -> None:
    got = word_text(rendered / f"paper-{style}.docx")
    assert got.strip() == shown()[style].strip(), f"paste this into {PAGE.name}:\n{got}"


@pytest.mark.parametrize("style", STYLES)
def test_the_html_file_has_the_same_references(rendered: Path, style: str) -> None:
    entries = html_entries(rendered / f"paper-{style}.html")
    assert len(entries) == 3
    paragraphs = [p.strip() for p in shown()[style].split("\n\n") if p.strip()]
    # The references close the Word file's text, before Chicago's notes.
    notes = [p for p in paragraphs if re.match(r"\[\d+\] ", p)]
    references = [p for p in paragraphs if p not in notes][-3:]
    assert entries == references


def test_the_reference_lists_show_the_issues_fixes() -> None:
    """What issue 22 found wrong, as the page shows it: no "Retrieved" in APA, the
    untitled essay cited by its short title, one form of each name per style."""
    apa, chicago, mla = (shown()[s] for s in STYLES)
    assert "Retrieved" not in apa
    assert "([Overview essay], n.d., para. 38)" in apa
    assert "Nguyen, B. D. (2018)" in apa and "Nguyen Ba Duong" not in apa
    assert "Nguyen Ba Duong." in chicago and "Nguyen, B" not in chicago
    assert "“[Overview essay],” para. 37." in chicago  # the short note
    assert "(Nguyen Ba Duong, par. 4)" in mla and "Nguyen, B" not in mla
