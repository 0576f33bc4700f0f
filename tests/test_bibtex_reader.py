"""BibTeX 0.99d itself reads `vpa cite --format bibtex`: one entry per source, no more.

BibTeX, biber and pybtex count every brace in a field, escaped or not, so a lone `\\}`
in a title would end the entry there and the text after it could start an entry of its
own. Here BibTeX reads our export of every bundled source and of sources whose text is
built to forge entries, with a style file that prints each entry's key and title. CI
installs Debian's texlive-binaries, which has `bibtex`; without it this is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

BIBTEX = shutil.which("bibtex")
pytestmark = pytest.mark.skipif(
    BIBTEX is None,
    reason="bibtex is not installed (CI installs it: apt-get install texlive-binaries)",
)

# A style that writes "KEY id" and "TITLE title" for every entry, whatever its type.
STYLE = """ENTRY { title publisher journaltitle journal } {} {}
FUNCTION {default.type} { "KEY " cite$ * write$ newline$ "TITLE " title * write$ newline$ }
FUNCTION {article} { default.type }
FUNCTION {online} { default.type }
FUNCTION {book} { default.type }
FUNCTION {report} { default.type }
FUNCTION {misc} { default.type }
MACRO {jan} {"January"} MACRO {feb} {"February"} MACRO {mar} {"March"}
MACRO {apr} {"April"} MACRO {may} {"May"} MACRO {jun} {"June"} MACRO {jul} {"July"}
MACRO {aug} {"August"} MACRO {sep} {"September"} MACRO {oct} {"October"}
MACRO {nov} {"November"} MACRO {dec} {"December"}
READ
ITERATE {call.type$}
"""

FORGE = "x\\}}, @misc{forged, title = {Forged}} {"
HOSTILE: list[dict[str, Any]] = [
    {"id": "lone-close", "title": f"A title {FORGE}", "publisher": FORGE, "type": "report"},
    {
        "id": "lone-open",
        "title": "{ left open",
        "publication": "} closed first {",
        "type": "web-article",
    },
    {"id": "backslashes", "title": "\\\\} \\{ \\", "authors": [{"literal": FORGE}], "type": "book"},
    {"id": "after", "title": "The entry after", "type": "report"},
]


def bibtex(folder: Path, bib: str) -> tuple[list[str], list[str], str]:
    """The keys and titles BibTeX reads from `bib`, and its log."""
    assert BIBTEX is not None
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    (folder / "keys.bst").write_text(STYLE, encoding="utf-8")
    (folder / "doc.aux").write_text("\\citation{*}\n\\bibdata{refs}\n\\bibstyle{keys}\n")
    env = {**os.environ, "BIBINPUTS": str(folder), "BSTINPUTS": str(folder)}
    done = subprocess.run(
        [BIBTEX, "doc"], cwd=folder, env=env, capture_output=True, text=True, timeout=60
    )
    log = done.stdout + done.stderr
    assert done.returncode == 0, log
    lines = (folder / "doc.bbl").read_text(encoding="utf-8").splitlines()
    keys = [line[4:] for line in lines if line.startswith("KEY ")]
    titles = [line[6:] for line in lines if line.startswith("TITLE ")]
    return keys, titles, log


def data_file(folder: Path, sources: list[dict[str, Any]]) -> str:
    (folder / "mine.txt").write_text("A line.\n", encoding="utf-8")
    for source in sources:
        source.setdefault("file", "mine.txt")
        source.setdefault("citations", [{"source": source["id"], "line": 1, "quote": "A line."}])
    path = folder / "mine.json"
    path.write_text(json.dumps({"sources": sources}), encoding="utf-8")
    return str(path)


def test_bibtex_reads_every_bundled_source_once(tmp_path: Path) -> None:
    ids = [s["id"] for s in run("sources", "--format", "json").json()]
    export = run("cite", "--format", "bibtex")
    assert export.exit_code == 0, export.stderr
    keys, _, _ = bibtex(tmp_path, export.stdout)
    assert sorted(keys) == sorted(ids)


def test_text_built_to_forge_an_entry_stays_in_its_field(tmp_path: Path) -> None:
    data = data_file(tmp_path, [dict(s) for s in HOSTILE])
    ids = [s["id"] for s in HOSTILE]
    export = run("cite", "--format", "bibtex", *ids, "--data", data)
    assert export.exit_code == 0, export.stderr
    keys, titles, log = bibtex(tmp_path, export.stdout)
    assert keys == ids, log
    assert "forged" not in keys
    # The would-be entry is text of the title it came in (BibTeX wraps long lines).
    assert "@misc" in (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert titles[-1] == "The entry after"


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(st.sampled_from('ab {}\\@,="%'), min_size=1, max_size=24).filter(str.strip))
def test_any_title_is_one_entry(tmp_path: Path, title: str) -> None:
    sources = [
        {"id": "first", "title": title, "type": "report"},
        {"id": "second", "title": "Second", "type": "report"},
    ]
    data = data_file(tmp_path, sources)
    export = run("cite", "--format", "bibtex", "first", "second", "--data", data)
    assert export.exit_code == 0, export.stderr
    keys, _, log = bibtex(tmp_path, export.stdout)
    assert keys == ["first", "second"], log
