"""`vpa cite --paper FILE`: the bibliography of exactly what a paper cites.

The keys are read as pandoc reads them: a corpus of what papers hold (code, comments,
links, example lists, notes, LaTeX cite commands) is read by vpa and by pandoc 2.17
itself, and the two must agree. Then the command: each source once, whatever the paper
repeats; a key that is no vpa source a warning with close suggestions, or exit 1 with
--strict; a paper with no key, a missing file, a folder, a file too large or not text a
one-line error with its exit code, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, needs_pandoc, pandoc, run

from vpa_cli.queries.cite.paper import MAX_PAPER_BYTES, Paper

# ---------------------------------------------------------------- read as pandoc reads

MARKDOWN = {
    "brackets": "As argued [@dd-achievements, para. 6], and [see @vpa-impact, para. 3; "
    "@hoang-xuan-chien, caption].",
    "suppressed author": "Hoang Xuan Chien says so [-@hoang-xuan-chien, para. 2].",
    "in the text": "@nguyen-ba-duong-2018 [para. 4] writes that ties widened.",
    "punctuation ends a key": "As @nguyen-chi-vinh-2015. said, and @dd-achievements: again, "
    "@vpa-impact's view.",
    "braced key": "A braced key @{smith04.} and @{a b}.",
    "addresses and escapes": "Write to editor@example.com or x.@y, never \\@escaped.",
    "code spans": "Type `[@not-a-key]` or ``@nor `this` one`` but cite [@real].",
    "fenced code": "Text [@before].\n\n```markdown\n[@in-fence]\n```\n\n~~~\n@also-fenced\n~~~"
    "\n\nAfter [@after].",
    "a fence nothing closes": "```\n[@open-fence-is-text]\n",
    "indented code": "Paragraph [@one].\n\n    [@indented-code]\n\nNext [@two].",
    "list continuation": "- item [@item]\n\n    continued [@continued]\n\n1. first [@first]",
    "comments": "Visible [@seen] <!-- hidden [@hidden] --> and [@after-comment].",
    "link destinations": "[a link](http://example.com/@user) and <http://example.com/@auto> "
    "and [text][ref] [@k1].\n\n[ref]: http://example.com/@def",
    "link text": "[see @inside-link-text](http://x.y) [@k2]",
    "example lists": "(@good) An example.\n\n(@bad) Another.\n\nAs (@good) shows, and [@k3].",
    "footnotes": "Text.[^1]\n\n[^1]: A note citing [@in-note, para. 2].",
    "inline notes": "Text.^[A note citing @in-inline-note.]",
    "block quotes": "> Quoted [@in-quote]\n> more @also-quoted",
    "headings": "# Heading [@in-heading]\n\nBody.",
    "tables": "| a | b |\n|---|---|\n| [@in-table] | x |",
    "YAML nocite": "---\ntitle: Paper\nnocite: |\n  @nocited\n---\n\nBody [@body].",
    "emphasis": "*As [@emph] says* and **@strong**.",
    "a bare address": "See https://example.com/@handle and [@k4].",
    "digits and underscores": "Keys @2015-a and [@1984] and @_under.",
    "inner punctuation": "@a:b @c/d @e// @f.g. @h-.",
}
LATEX = {
    "cite commands": "\\cite{a,b} \\citep[p.~3]{c} \\textcite[see][para. 2]{d}",
    "comments": "\\cite{e} % \\cite{hidden}\n\\parencite{f}",
    "multicite": "\\cites(pre)(post)[a][b]{g}[c][d]{h}",
    "verbatim": "\\begin{verbatim}\\cite{verb}\\end{verbatim}\\autocite{i}",
}


def pandoc_keys(text: str, reader: str) -> list[str]:
    """The citation ids of every Cite in pandoc's reading of `text`."""
    ast = json.loads(pandoc("-f", reader, "-t", "json", input=text))
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Cite":
                found.extend(c["citationId"] for c in node["c"][0])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(ast)
    return found


def keys(text: str, *, latex: bool = False) -> list[str]:
    return [c.key for c in Paper("paper", text, latex).cited()]


@needs_pandoc
@pytest.mark.parametrize("name", list(MARKDOWN))
def test_markdown_keys_are_the_keys_pandoc_reads(name: str) -> None:
    text = MARKDOWN[name]
    assert keys(text) == pandoc_keys(text, "markdown")


@needs_pandoc
@pytest.mark.parametrize("name", list(LATEX))
def test_latex_keys_are_the_keys_pandoc_reads(name: str) -> None:
    text = LATEX[name]
    assert keys(text, latex=True) == pandoc_keys(text, "latex")


def test_a_markdown_paper_for_latex_has_its_cite_commands_read_too() -> None:
    # pandoc passes \cite and raw LaTeX blocks on to LaTeX, which resolves the keys.
    assert keys("As \\cite{a} says [@b].") == ["a", "b"]
    assert keys("Text.\n\n```{=latex}\n\\parencite{raw}\n```\n") == ["raw"]
    assert keys("```latex\n\\cite{shown-as-code}\n```\n") == []


def test_each_key_has_the_line_it_is_first_cited_on() -> None:
    cited = Paper("paper.md", "Title\n\nSee [@a]\nand @b.\n\n`@c` [@a]\n").cited()
    assert [(c.key, c.where) for c in cited] == [
        ("a", "paper.md:3"),
        ("b", "paper.md:4"),
        ("a", "paper.md:6"),
    ]


# ---------------------------------------------------------------- the command


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def cite_paper(*args: str, input: str | None = None) -> Result:
    return run("cite", *args, "--format", "csl-json", input=input)


def ids(result: Result) -> list[str]:
    return [item["id"] for item in json.loads(result.stdout)]


def whole_order() -> list[str]:
    return ids(run("cite", "--format", "csl-json"))


def test_a_paper_gets_exactly_the_sources_it_cites_each_once(tmp_path: Path) -> None:
    paper = write(
        tmp_path,
        "paper.md",
        "Hanoi widened its ties [@nguyen-ba-duong-2018, para. 3]. The ministry said so\n"
        "[-@nguyen-chi-vinh-2015, para. 1; @dd-achievements, para. 6], and again\n"
        "@nguyen-ba-duong-2018 [para. 4] and [@dd-achievements, para. 7].\n\n"
        "`[@vpa-impact]` is code, not a citation.\n",
    )
    result = cite_paper("--paper", paper)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    cited = {"nguyen-ba-duong-2018", "nguyen-chi-vinh-2015", "dd-achievements"}
    # In the order of the whole bibliography, whatever the paper's order.
    assert ids(result) == [i for i in whole_order() if i in cited]


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "text", "json"])
def test_every_format_gives_the_same_sources(tmp_path: Path, fmt: str) -> None:
    paper = write(tmp_path, "paper.md", "[@vpa-impact] and [@hoang-xuan-chien, caption].\n")
    result = run("cite", "--paper", paper, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        assert [s["id"] for s in result.json()] == ["vpa-impact", "hoang-xuan-chien"]
    else:
        assert "Overview essay" in result.stdout and "Hoang" in result.stdout
        assert "Nguyen" not in result.stdout


def test_duplicate_keys_make_one_entry_and_one_warning(tmp_path: Path) -> None:
    one = write(tmp_path, "one.md", "[@vpa-impact] [@smith2020] @vpa-impact\n\n[@smith2020]\n")
    two = write(tmp_path, "two.tex", "\\cite{vpa-impact,vpa-impact} \\parencite{smith2020}\n")
    result = cite_paper("--paper", one, "--paper", two)
    assert result.exit_code == 0, result.stderr
    assert ids(result) == ["vpa-impact"]
    # Each key is named once, where it is first cited.
    assert result.stderr == (
        f"vpa: warning: {one}:1: @smith2020 is not a vpa source: your own bibliography "
        "must hold it\n"
    )


def test_unknown_keys_are_warnings_with_close_suggestions(tmp_path: Path) -> None:
    paper = write(
        tmp_path,
        "paper.md",
        "A typo [@nguyen-ba-duong2018] and a case slip [@DD-Achievements].\n\n"
        "An event's id [@2015-03-02-defence-diplomacy-guidelines].\n\n"
        "The writer's own works [@smith2020; @jones].\n\n[@vpa-impact]\n",
    )
    result = cite_paper("--paper", paper)
    assert result.exit_code == 0, result.stderr
    assert ids(result) == ["vpa-impact"]
    assert result.stderr.splitlines() == [
        f"vpa: warning: {paper}:3: @2015-03-02-defence-diplomacy-guidelines is an event in vpa, "
        "not a source: cite its source @nguyen-chi-vinh-2015 instead (vpa cite "
        "2015-03-02-defence-diplomacy-guidelines gives each quote's citation with its place)",
        f"vpa: warning: {paper}:1: @nguyen-ba-duong2018 is not a vpa source "
        "(did you mean: @nguyen-ba-duong-2018?)",
        f"vpa: warning: {paper}:1: @DD-Achievements is not a vpa source "
        "(did you mean: @dd-achievements?)",
        "vpa: warning: 2 keys are not vpa sources: your own bibliography must hold them: "
        f"@smith2020 ({paper}:5), @jones ({paper}:5)",
    ]


def test_strict_fails_on_an_unknown_key_and_writes_nothing(tmp_path: Path) -> None:
    paper = write(tmp_path, "paper.md", "[@vpa-impact] [@smith2020]\n")
    result = cite_paper("--paper", paper, "--strict")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "vpa: error: --strict: 1 key the paper cites is not a vpa source "
        "(the warnings above say which)"
    )
    assert result.exception is None  # no traceback
    clean = write(tmp_path, "clean.md", "[@vpa-impact]\n")
    assert cite_paper("--paper", clean, "--strict").exit_code == 0


def test_every_source_with_pandocs_star(tmp_path: Path) -> None:
    paper = write(tmp_path, "paper.md", "---\nnocite: '@*'\n---\n\nText.\n")
    result = cite_paper("--paper", paper)
    assert result.exit_code == 0, result.stderr
    assert ids(result) == whole_order()


def test_a_paper_from_standard_input() -> None:
    result = cite_paper("--paper", "-", input="As [@vpa-impact, para. 2] says.\n")
    assert result.exit_code == 0, result.stderr
    assert ids(result) == ["vpa-impact"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("No citation here; mail x@y.com.\n\n`[@in-code]`\n", "no citation key found"),
        ("", "no citation key found"),
    ],
)
def test_a_paper_with_no_keys_fails_saying_so(tmp_path: Path, text: str, message: str) -> None:
    paper = write(tmp_path, "paper.md", text)
    result = cite_paper("--paper", paper)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"vpa: error: {paper}: no citation key found ([@key], @key or \\cite{{key}}, outside "
        "code): nothing to make a bibliography of\n"
    )


def test_a_missing_file_or_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-paper.md")
    result = cite_paper("--paper", missing)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"vpa: error: {missing}: no such file; give --paper the path of your paper\n"
    )
    result = cite_paper("--paper", str(tmp_path))
    assert result.exit_code == 2
    assert "is a folder; give --paper the paper's file itself" in result.stderr
    result = cite_paper("--paper", "")
    assert result.exit_code == 2
    assert "an empty path was given" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe[\x00@\x00a\x00]\x00", "UTF-16 text; save the paper as UTF-8"),
        (b"%PDF-1.7\n[@a]", "a binary file, not Markdown or LaTeX text"),
        (b"line one\n[@a] caf\xe9\n", "line 2: not UTF-8 (byte 0xe9)"),
    ],
)
def test_a_file_that_is_not_text_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "paper.md"
    path.write_bytes(content)
    result = cite_paper("--paper", str(path))
    assert (result.exit_code, result.stdout) == (1, "")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and result.exception is None


def test_a_paper_is_read_up_to_its_size_limit_and_no_further(tmp_path: Path) -> None:
    body = "[@vpa-impact]\n"
    at_limit = tmp_path / "at-limit.md"
    at_limit.write_text(body + "x" * (MAX_PAPER_BYTES - len(body)), encoding="utf-8")
    assert cite_paper("--paper", str(at_limit)).exit_code == 0
    over = tmp_path / "over.md"
    over.write_text(body + "x" * (MAX_PAPER_BYTES + 1 - len(body)), encoding="utf-8")
    result = cite_paper("--paper", str(over))
    assert (result.exit_code, result.stdout) == (1, "")
    assert "over the 4 MiB limit for a paper; give each chapter with its own --paper" in (
        result.stderr
    )
    piped = cite_paper("--paper", "-", input=body + "x" * MAX_PAPER_BYTES)
    assert piped.exit_code == 1
    assert "standard input: over the 4 MiB limit" in piped.stderr


def test_paper_is_not_given_with_ids_and_strict_needs_a_paper(tmp_path: Path) -> None:
    paper = write(tmp_path, "paper.md", "[@vpa-impact]\n")
    result = run("cite", "vpa-impact", "--paper", paper)
    assert result.exit_code == 2
    assert "give IDs or --paper, not both" in result.stderr
    result = run("cite", "--strict")
    assert result.exit_code == 2
    assert "--strict checks a paper's keys: give the paper with --paper FILE" in result.stderr
