"""README is part of the product: its commands and examples must be true."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from conftest import REPO, run

from vpa_cli.records import vocab

README = (REPO / "README.md").read_text(encoding="utf-8")
DOCS = {p.name: p.read_text(encoding="utf-8") for p in sorted((REPO / "docs").glob("*.md"))}
# Where the reference lives: the field tables and vocabularies of the data format.
DATA_DOC = DOCS["data.md"]
INSTALL_AND_RUN = "pip install -e . && vpa timeline"
INSTALL_AND_TEST = "pip install -e '.[test]' && pytest"


def test_readme_gives_the_two_commands() -> None:
    assert INSTALL_AND_RUN in README
    assert INSTALL_AND_TEST in README


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(INSTALL_AND_TEST)}$", ci, re.MULTILINE)


def _examples() -> list[tuple[str, str]]:
    """(command line, expected output) for every `$ vpa ...` line in a console block of
    README and of every file in docs/."""
    found = []
    texts = [README, *DOCS.values()]
    for block in (
        b for text in texts for b in re.findall(r"```console\n(.*?)```", text, re.DOTALL)
    ):
        current: list[str] | None = None
        command = ""
        for line in block.splitlines():
            if line.startswith("$ "):
                if current is not None:
                    found.append((command, "\n".join(current)))
                command, current = line[2:], []
            elif current is not None:
                current.append(line)
        if current is not None:
            found.append((command, "\n".join(current)))
    return [(c, out) for c, out in found if c.startswith("vpa ")]


EXAMPLES = _examples()


def test_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 8


def test_readme_is_short_and_points_to_the_docs() -> None:
    """A newcomer reads README in two minutes; the reference lives in docs/."""
    assert len(README.splitlines()) <= 200
    for name in ("commands.md", "output.md", "data.md", "performance.md", "development.md"):
        assert f"(docs/{name})" in README


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_output_is_real(
    command: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In a folder of its own, where the examples' `tests/...` paths lead to the repository's
    # and whatever an example writes (`vpa export sqlite vpa.db`) stays out of it.
    (tmp_path / "tests").symlink_to(REPO / "tests", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    # An example that fails on purpose says so: `$ vpa check --data bad.json  # exits 1`.
    exits = re.search(r"#\s*exits (\d+)\s*$", command)
    pipeline = [part.strip() for part in command.split("|")]
    args = shlex.split(pipeline[0], comments=True)[1:]
    result = run(*args, env={"COLUMNS": "100"})
    assert result.exit_code == (int(exits[1]) if exits else 0), result.stderr
    output = result.stdout
    for stage in pipeline[1:]:
        words = shlex.split(stage)
        if words[0] == "head":
            n = int(words[-1].lstrip("-"))
            output = "".join(output.splitlines(keepends=True)[:n])
        else:
            pytest.fail(f"unsupported pipe stage in README example: {stage}")
    got = [line.rstrip() for line in output.rstrip("\n").splitlines()]
    want = [line.rstrip() for line in expected.rstrip("\n").splitlines()]
    if want and want[-1] == "...":
        want = want[:-1]
        got = got[: len(want)]
    assert got == want


@pytest.mark.parametrize(
    "vocabulary",
    [
        vocab.EVENT_KINDS,
        vocab.FACT_KINDS,
        vocab.PARTNER_KINDS,
        vocab.AREAS,
        vocab.DATE_BASES,
        vocab.SOURCE_TYPES,
        vocab.SKIP_REASONS,
        vocab.PARTNER_ROLES,
        vocab.PARTNER_BASES,
        vocab.SOURCE_VOICES,
        vocab.LINE_ROLES,
        vocab.METADATA_BASES,
        vocab.REFERENCE_GRADES,
        vocab.STANCES,
        vocab.STANDINGS,
        vocab.RELATIONS,
        vocab.RELATION_BASES,
        vocab.DATE_PRECISIONS,
    ],
)
def test_every_vocabulary_term_is_documented(vocabulary: dict[str, str]) -> None:
    for term in vocabulary:
        assert f"`{term}`" in DATA_DOC, term


def test_the_docs_field_tables_are_generated_from_the_declarations() -> None:
    """Each `<!-- fields:TYPE -->` table is what `vpa schema --format markdown` prints
    for that record type; regenerate it from there when a field changes."""
    from vpa_cli.records.schema import field_tables

    pattern = r"<!-- fields:(\w+) -->\n(.*?)\n<!-- /fields -->"
    tables = dict(re.findall(pattern, DATA_DOC, re.DOTALL))
    assert tables == field_tables()


def test_the_legend_in_docs_output_is_the_one_the_code_prints() -> None:
    """docs/output.md's table of marks says what claims/marks.py declares, word for word."""
    from vpa_cli.claims.marks import LEGEND

    text = (REPO / "docs" / "output.md").read_text(encoding="utf-8")
    table = text[text.index("| mark | meaning |") :].split("\n\n")[0]
    rows = re.findall(r"^\| `([^`]+)` \| (.+) \|$", table, flags=re.MULTILINE)
    assert dict(rows) == LEGEND
