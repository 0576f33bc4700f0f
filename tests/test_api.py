"""The Python API (vpa_cli.api): each function returns what its command's `--format json`
writes, on the bundled data and on a user's file; errors raise, never exit; the API
imports neither typer nor rich, and the command line never imports it; docs/python.md's
examples run."""

from __future__ import annotations

import doctest
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CACHE_FOLDER, REPO, run, run_json

from vpa_cli import api

EXAMPLE = REPO / "tests" / "data" / "example" / "my-data.json"
# (the API's data argument, the same data as command-line options)
DATA = {
    "bundled": ((), []),
    "user-file": (str(EXAMPLE), ["--data", str(EXAMPLE)]),
}


@pytest.fixture(params=sorted(DATA))
def data(request: pytest.FixtureRequest) -> tuple[Any, list[str]]:
    return DATA[request.param]


# The timeline's filters, as API keywords and as the command's options.
FILTERS = [
    ({}, []),
    ({"partner": "us", "kind": ["war", "visit"]}, ["-p", "us", "-k", "war", "-k", "visit"]),
    ({"partner": ["Hoa Kỳ", "china"]}, ["--partner", "Hoa Kỳ", "--partner", "china"]),
    (
        {"date_from": "1995", "date_to": "March 2015", "strict": True},
        ["--from", "1995", "--to", "March 2015", "--strict"],
    ),
    (
        {"contains": "peacekeeping", "reverse": True, "limit": 3},
        ["-c", "peacekeeping", "-r", "-n", "3"],
    ),
    ({"source": "nguyen-chi-vinh-2015"}, ["--source", "nguyen-chi-vinh-2015"]),
    ({"standing": "single-source"}, ["--standing", "single-source"]),
    ({"weak": True}, ["--weak"]),
    ({"weak": False, "partner": "russia"}, ["--no-weak", "-p", "russia"]),
]


@pytest.mark.parametrize(("keywords", "options"), FILTERS, ids=[str(f[1]) for f in FILTERS])
def test_timeline_equals_the_commands_json(
    data: tuple[Any, list[str]], keywords: dict[str, Any], options: list[str]
) -> None:
    given, flags = data
    expected = run_json("timeline", *options, *flags)
    assert api.timeline(**keywords, data=given) == expected


def test_a_users_file_is_in_the_timeline() -> None:
    """The user-file case above is not the bundled data over again."""
    mine = {e["id"] for e in api.timeline(data=EXAMPLE)} - {e["id"] for e in api.timeline()}
    assert mine == {"2015-03-02-cautious-peacekeeping-guideline"}


def test_the_partner_list_equals_the_commands_json(data: tuple[Any, list[str]]) -> None:
    given, flags = data
    assert api.partners(data=given) == run_json("partner", *flags)
    assert api.partners(sort="count", data=given) == run_json("partner", "--sort", "count", *flags)


@pytest.mark.parametrize("name", ["us", "Hoa Kỳ", "united-nations", "soviet union"])
def test_a_profile_equals_the_commands_json(data: tuple[Any, list[str]], name: str) -> None:
    given, flags = data
    assert api.partner(name, data=given) == run_json("partner", name, *flags)


@pytest.mark.parametrize(
    ("query", "keywords", "options"),
    [
        ("four no's", {}, []),
        ("peacekeeping", {"limit": 0}, ["-n", "0"]),
        ("peace keeping", {"types": "passage", "limit": 5}, ["-t", "passage", "-n", "5"]),
        ("guidelines 2015", {"types": ["event", "fact"]}, ["-t", "event", "-t", "fact"]),
    ],
)
def test_search_equals_the_commands_json(
    data: tuple[Any, list[str]], query: str, keywords: dict[str, Any], options: list[str]
) -> None:
    given, flags = data
    assert api.search(query, **keywords, data=given) == run_json("search", query, *options, *flags)


SHOWN = [
    "four-nos-policy",  # an event
    "over-1100-peacekeepers",  # a fact
    "russia",  # a partner
    "dd-achievements",  # a source
    "dd-achievements:10",  # a passage
]


@pytest.mark.parametrize("ident", SHOWN)
def test_show_equals_the_commands_json(data: tuple[Any, list[str]], ident: str) -> None:
    given, flags = data
    assert api.show(ident, data=given) == run_json("show", ident, *flags)


@pytest.mark.parametrize(
    "ident",
    ["my-reading-notes", "my-reading-notes:2", "2015-03-02-cautious-peacekeeping-guideline"],
)
def test_show_a_users_record_equals_the_commands_json(ident: str) -> None:
    assert api.show(ident, data=EXAMPLE) == run_json("show", ident, "--data", str(EXAMPLE))


@pytest.mark.parametrize("style", ["apa", "chicago", "mla", "plain"])
def test_cite_equals_the_commands_json(data: tuple[Any, list[str]], style: str) -> None:
    given, flags = data
    ids = ["four-nos-policy", "over-1100-peacekeepers", "russia", "dd-achievements"]
    expected = run_json("cite", *ids, "--style", style, *flags)
    assert api.cite(*ids, style=style, data=given) == expected


def test_cite_a_users_record_and_every_source(data: tuple[Any, list[str]]) -> None:
    given, flags = data
    assert api.cite(data=given) == run_json("cite", *flags)
    if given:
        ident = "2015-03-02-cautious-peacekeeping-guideline"
        assert api.cite(ident, data=given) == run_json("cite", ident, *flags)


def test_every_fact_is_listed_as_vpa_show_writes_it(data: tuple[Any, list[str]]) -> None:
    """The facts are `vpa facts --format json`, with its filters; each fact equals its
    record in `vpa show`'s JSON, and a profile's facts are the API's."""
    given, flags = data
    facts = api.facts(data=given)
    dataset = api.load(given)
    assert facts == run_json("facts", *flags)
    assert sorted(f["id"] for f in facts) == sorted(f.id for f in dataset.facts)
    assert len(facts) > 100
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({"partner": "russia"}, ["--partner", "russia"]),
        (
            {"kind": ["policy", "figure"], "weak": False},
            ["--kind", "policy", "--kind", "figure", "--no-weak"],
        ),
        ({"contains": "peacekeep", "limit": 3}, ["--contains", "peacekeep", "--limit", "3"]),
        ({"source": "vpa-impact", "weak": True}, ["--source", "vpa-impact", "--weak"]),
    ]
    for kwargs, options in cases:
        assert api.facts(data=given, **kwargs) == run_json("facts", *options, *flags), kwargs
    by_id = {f["id"]: f for f in facts}
    for ident in [facts[0]["id"], facts[-1]["id"], "over-1100-peacekeepers"]:
        assert by_id[ident] == run_json("show", ident, *flags)["record"]
    for fact in run_json("partner", "russia", *flags)["facts"]:
        assert by_id[fact["id"]] == fact


def test_a_dataset_loaded_once_answers_as_the_commands_do() -> None:
    """A Dataset from `load` can be asked many questions: each answer stays the command's."""
    dataset = api.load(EXAMPLE)
    flags = ["--data", str(EXAMPLE)]
    for _ in range(2):
        assert api.timeline(partner="united-nations", data=dataset) == run_json(
            "timeline", "-p", "united-nations", *flags
        )
        assert api.partner("united-nations", data=dataset) == run_json(
            "partner", "united-nations", *flags
        )
        assert api.cite("my-reading-notes", data=dataset) == run_json(
            "cite", "my-reading-notes", *flags
        )
    assert api.show("2015-03-02-cautious-peacekeeping-guideline", data=dataset) == run_json(
        "show", "2015-03-02-cautious-peacekeeping-guideline", *flags
    )


def test_paths_may_be_strings_pathlib_or_several() -> None:
    by_str = api.timeline(contains="cautiously", data=str(EXAMPLE))
    assert by_str == api.timeline(contains="cautiously", data=EXAMPLE)
    assert by_str == api.timeline(contains="cautiously", data=[EXAMPLE])
    assert [e["id"] for e in by_str] == ["2015-03-02-cautious-peacekeeping-guideline"]


# ---------------------------------------------------------------- errors


def _error_line(*args: str) -> str:
    result = run(*args)
    assert result.exit_code != 0
    return result.stderr.strip()


@pytest.mark.parametrize(
    ("call", "error", "command"),
    [
        (lambda: api.show("nope"), api.NotFound, ["show", "nope"]),
        (lambda: api.partner("nowhere"), api.NotFound, ["partner", "nowhere"]),
        (lambda: api.cite("nope"), api.NotFound, ["cite", "nope"]),
        (lambda: api.show("dd-achievements:9999"), api.NotFound, ["show", "dd-achievements:9999"]),
        (lambda: api.timeline(kind="treaty"), api.UsageError, ["timeline", "-k", "treaty"]),
        (lambda: api.timeline(partner="atlantis"), api.UsageError, ["timeline", "-p", "atlantis"]),
        (lambda: api.timeline(date_from="soon"), api.UsageError, ["timeline", "--from", "soon"]),
        (
            lambda: api.timeline(date_from="2015", date_to="1995"),
            api.UsageError,
            ["timeline", "--from", "2015", "--to", "1995"],
        ),
        (lambda: api.timeline(limit=-1), api.UsageError, ["timeline", "-n", "-1"]),
        (lambda: api.timeline(contains=" "), api.UsageError, ["timeline", "-c", " "]),
        (lambda: api.timeline(source="impact"), api.UsageError, ["timeline", "-s", "impact"]),
        (lambda: api.search("x", limit=-1), api.UsageError, ["search", "x", "-n", "-1"]),
        (lambda: api.partners(sort="size"), api.UsageError, None),
        (lambda: api.search("x", types="record"), api.UsageError, None),
        (lambda: api.cite(style="harvard"), api.UsageError, None),
        (lambda: api.load("no-such-file.json"), api.DataError, None),
        (lambda: api.timeline(data=["no-such-file.json"]), api.DataError, None),
    ],
)
def test_errors_raise_the_documented_exceptions(
    call: Any, error: type[api.VpaError], command: list[str] | None
) -> None:
    """Each raises its error (a VpaError), with the message the command prints."""
    with pytest.raises(error) as raised:
        call()
    assert isinstance(raised.value, api.VpaError)
    if command is not None:
        assert _error_line(*command) == f"vpa: error: {raised.value}"


def test_a_broken_file_raises_data_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"events": [{"id": "x"', encoding="utf-8")
    with pytest.raises(api.DataError) as raised:
        api.timeline(data=broken)
    assert _error_line("timeline", "--data", str(broken)) == f"vpa: error: {raised.value}"


# ---------------------------------------------------------------- shape


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, *args, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"VPA_CACHE_DIR": CACHE_FOLDER, "PATH": "", "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    return done


def test_the_api_imports_neither_typer_nor_rich_and_leaves_argv_and_gc_alone() -> None:
    """Every function called, in a fresh interpreter whose argv a command would refuse."""
    _python(
        "import gc, sys\n"
        "sys.argv = ['kernel', '--bogus', '-f', 'kernel.json']\n"
        "from vpa_cli import api\n"
        "api.timeline(partner='us'); api.facts(); api.partners(); api.partner('us')\n"
        "api.search('four nos'); api.show('four-nos-policy'); api.cite('four-nos-policy')\n"
        "api.cite()\n"
        "try:\n"
        "    api.show('nope')\n"
        "except api.NotFound:\n"
        "    pass\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click')]\n"
        "assert not loaded, loaded\n"
        "assert gc.isenabled()\n"
        "assert sys.argv == ['kernel', '--bogus', '-f', 'kernel.json'], sys.argv\n"
    )


@pytest.mark.parametrize("args", [["--help"], ["timeline", "-n", "1"]])
def test_the_command_line_does_not_import_the_api(args: list[str]) -> None:
    """Start-up: `vpa --help` and a command never load vpa_cli.api."""
    done = _python(
        f"import sys\nsys.argv = ['vpa', *{args!r}]\nfrom vpa_cli.cli import main\nmain()",
        "-X",
        "importtime",
    )
    assert "vpa_cli.cli" in done.stderr  # importtime did report
    assert not re.search(r"\bvpa_cli\.api\b", done.stderr)


# ---------------------------------------------------------------- docs/python.md

PYTHON_DOC = REPO / "docs" / "python.md"


def _doc_blocks() -> list[tuple[int, str]]:
    """Each ```python block of docs/python.md, with the line it starts after."""
    text = PYTHON_DOC.read_text(encoding="utf-8")
    return [
        (text[: m.start(1)].count("\n"), m.group(1))
        for m in re.finditer(r"```python\n(.*?)```", text, re.DOTALL)
    ]


def test_docs_python_md_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every `>>>` example in docs/python.md gives the output it shows, block after block
    in one namespace, as a reader would run them."""
    # In a folder of its own, as test_docs runs the console examples: `tests/...` leads to
    # the repository's, and nothing is written into it.
    (tmp_path / "tests").symlink_to(REPO / "tests", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    names: dict[str, Any] = {}
    examples = 0
    for line, block in _doc_blocks():
        test = parser.get_doctest(block, names, "docs/python.md", str(PYTHON_DOC), line)
        examples += len(test.examples)
        runner.run(test, out=lambda text: pytest.fail(text, pytrace=False), clear_globs=False)
        names = test.globs  # (a DocTest runs in a copy of the names it is given)
    assert examples >= 15
    assert runner.summarize(verbose=False).failed == 0
