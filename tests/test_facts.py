"""`vpa facts`: every fact listable, with the timeline's filters and formats, and
`--weak`/`--no-weak` on every listing command (issue 25, point 3)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import run, run_json

from vpa_cli.loading.reading import load_dataset
from vpa_cli.records.vocab import FACT_KINDS

DATASET = load_dataset([])
FACT_IDS = [f.id for f in DATASET.facts]


def _ids(*args: str) -> list[str]:
    return [f["id"] for f in run_json("facts", *args)]


def test_every_fact_is_listed_those_without_partners_too() -> None:
    facts = run_json("facts")
    assert sorted(f["id"] for f in facts) == sorted(FACT_IDS)
    assert len(facts) == len(FACT_IDS) == 105
    partnerless = [f for f in facts if not f["partners"]]
    assert len(partnerless) > 70  # most facts name no partner, and no profile shows them


def test_facts_come_by_kind_then_in_the_datas_order() -> None:
    facts = run_json("facts")
    order = list(FACT_KINDS)
    kinds = [order.index(f["kind"]) for f in facts]
    assert kinds == sorted(kinds)
    assessments = [f["id"] for f in facts if f["kind"] == "assessment"]
    assert assessments == [f.id for f in DATASET.facts if f.kind == "assessment"]


def test_plain_is_one_line_of_six_fields_per_fact() -> None:
    result = run("facts")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 105
    by_id = {line.split("\t")[-1]: line.split("\t") for line in lines}
    assert all(len(fields) == 6 for fields in by_id.values())
    assert by_id["four-nos-policy"] == [
        "as of 2 Sep 2025 or later",
        "policy",
        "\u201cFour no's\u201d defence policy".replace("\u201c", '"').replace("\u201d", '"'),
        "",
        "dd-achievements, hoang-xuan-chien",
        "four-nos-policy",
    ]
    weak = by_id["essay-strategic-alliances"]
    assert weak[2].endswith("[contradicted]") and weak[4] == "vpa-impact (weak)"


def test_the_essays_facts_are_found_by_source_and_weak() -> None:
    # Issue 25: the facts resting only on the essay showed only among `vpa sources` lines.
    essay = _ids("--source", "vpa-impact", "--weak")
    expected = [f.id for f in DATASET.facts if {c.source for c in f.citations} == {"vpa-impact"}]
    assert sorted(essay) == sorted(expected) and len(essay) > 20


@pytest.mark.parametrize(
    ("args", "keep"),
    [
        (["--partner", "China"], lambda f: "china" in f.partner_ids),
        (["-p", "PRC", "-p", "us"], lambda f: {"china", "united-states"} & set(f.partner_ids)),
        (["--kind", "figure"], lambda f: f.kind == "figure"),
        (["-k", "Figure", "-k", "motto"], lambda f: f.kind in ("figure", "motto")),
        (["--source", "nguyen-chi-vinh-2015"], lambda f: "nguyen-chi-vinh-2015" in f.sources),
        (["--contains", "four no"], lambda f: "four no" in (f.title + f.summary).lower()),
        (["--standing", "corroborated"], lambda f: f.standing == "corroborated"),
        (["--weak"], lambda f: f.weak),
        (["--no-weak"], lambda f: not f.weak),
        (["--kind", "assessment", "--no-weak"], lambda f: f.kind == "assessment" and not f.weak),
    ],
    ids=lambda a: " ".join(a) if isinstance(a, list) else "",
)
def test_each_filter_keeps_what_it_says(args: list[str], keep: Any) -> None:
    from vpa_cli.claims.view import Claims

    Claims(DATASET).many(DATASET.facts)  # fills each fact's sources
    got = _ids(*args)
    assert got and sorted(got) == sorted(f.id for f in DATASET.facts if keep(f))


def test_weak_and_no_weak_part_the_facts() -> None:
    weak, strong = set(_ids("--weak")), set(_ids("--no-weak"))
    assert weak and strong and not weak & strong
    assert weak | strong == set(FACT_IDS)
    assert all(f["weak"] for f in run_json("facts", "--weak"))


def test_limit() -> None:
    assert _ids("--limit", "3") == _ids()[:3]
    assert _ids("--limit", "0") == _ids()
    result = run("facts", "--limit", "-1")
    assert result.exit_code == 2 and "--limit" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--partner", "Vietnam"],
        ["--partner", "chna"],
        ["--source", "no-such-source"],
        ["--contains", "  "],
        ["--standing", "strong"],
    ],
    ids=" ".join,
)
def test_a_bad_filter_is_refused_as_the_timeline_refuses_it(args: list[str]) -> None:
    facts, timeline = run("facts", *args), run("timeline", *args)
    assert (facts.exit_code, facts.stdout) == (2, "")
    assert facts.stderr == timeline.stderr and facts.stderr.count("\n") == 1


def test_an_event_kind_is_no_fact_kind() -> None:
    result = run("facts", "--kind", "war")
    assert result.exit_code == 2
    assert "--kind: unknown kind 'war'" in result.stderr
    assert "one of: figure, policy" in result.stderr
    assert run("facts", "--kind", "figur").stderr.startswith(
        "vpa: error: --kind: unknown kind 'figur'"
    )


def test_nothing_matching_says_so_on_stderr_and_succeeds() -> None:
    result = run("facts", "--kind", "figure", "--weak")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        "vpa facts: no facts match (kind figure, resting only on weak sources)\n"
    )


# ---------------------------------------------------------------- formats


def test_help_lists_the_formats_and_examples() -> None:
    result = run("facts", "--help")
    assert result.exit_code == 0
    assert "--format <auto|table|plain|json|csv|markdown>" in result.stdout
    assert "--weak / --no-weak" in result.stdout
    assert "vpa facts --kind figure" in result.stdout.split("Examples:")[1]
    assert "facts" in run("--help").stdout.split("Commands:")[1]


@pytest.mark.parametrize("fmt", ["auto", "table", "plain", "json", "csv", "markdown"])
def test_every_format_works(fmt: str) -> None:
    result = run("facts", "--partner", "laos", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() and "\x1b" not in result.stdout


def test_auto_is_plain_when_piped() -> None:
    assert run("facts").stdout == run("facts", "--format", "plain").stdout


def test_csv_has_the_columns_of_a_fact_and_a_row_each() -> None:
    from vpa_cli.claims.columns import header
    from vpa_cli.records.types import Fact

    rows = list(csv.DictReader(io.StringIO(run("facts", "--format", "csv").stdout)))
    assert list(rows[0]) == header(Fact)
    assert sorted(r["id"] for r in rows) == sorted(FACT_IDS)
    assert {r["weak"] for r in rows} == {"true", "false"}


def test_json_gives_each_citations_place() -> None:
    [fact] = [
        f for f in run_json("facts", "--kind", "figure") if f["id"] == "over-1100-peacekeepers"
    ]
    assert all(c["place"] for c in fact["citations"])
    assert fact["until"] == "2025-09-02"


def test_table_sections_by_kind_with_the_legend() -> None:
    table = run("facts", "--format", "table", "--kind", "critique", "--kind", "figure").stdout
    lines = table.splitlines()
    assert lines.index("figure") < lines.index("critique")
    assert "as of 2014" in table and "vpa-impact (weak)" in table
    assert "(weak) a source assessed as weak" in table


def test_markdown_is_a_table_with_the_legend() -> None:
    text = run("facts", "--format", "markdown", "--kind", "figure").stdout
    assert text.startswith("| Date | Kind | Title | Partners | Sources | Id |\n|---|")
    assert "- \\* the partner link has a note (vpa show ID)" in text


def test_an_unknown_format_is_refused_before_data_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("data was read")

    monkeypatch.setattr("vpa_cli.loading.reading.load_dataset", fail)
    result = run("facts", "--format", "html", "--data", "no-such-file.json")
    assert result.exit_code == 2 and result.stdout == ""
    assert "'html'" in result.stderr and "no-such-file" not in result.stderr


def test_a_users_fact_without_partners_is_listed(tmp_path: Path) -> None:
    doc = {
        "facts": [
            {
                "id": "my-fact",
                "title": "A fact of my own",
                "summary": "Written by a user.",
                "kind": "figure",
                "citations": [{"source": "vpa-impact", "line": 7, "quote": "x"}],
            }
        ]
    }
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    [fact] = [f for f in run_json("facts", "--data", str(path)) if f["id"] == "my-fact"]
    assert fact["partners"] == [] and fact["weak"] is True


# ---------------------------------------------------------------- --weak elsewhere


def test_timeline_weak_and_no_weak_part_the_events() -> None:
    every = {e["id"] for e in run_json("timeline")}
    weak = {e["id"] for e in run_json("timeline", "--weak")}
    strong = {e["id"] for e in run_json("timeline", "--no-weak")}
    assert weak and strong and not weak & strong and weak | strong == every
    result = run("timeline", "--kind", "war", "--weak")
    assert result.stderr == (
        "vpa timeline: no events match (kind war, resting only on weak sources)\n"
    )
    result = run("timeline", "--contains", "no such words", "--no-weak")
    assert result.stderr == (
        "vpa timeline: no events match (containing 'no such words', not resting only on "
        "weak sources)\n"
    )


def test_search_weak_and_no_weak_filter_before_the_limit() -> None:
    every = run_json("search", "alliance", "--limit", "0")
    weak = run_json("search", "alliance", "--limit", "0", "--weak")
    strong = run_json("search", "alliance", "--limit", "0", "--no-weak")
    assert weak and strong
    assert [h["id"] for h in weak] == [h["id"] for h in every if h["weak"]]
    assert [h["id"] for h in strong] == [h["id"] for h in every if not h["weak"]]
    # The limit counts what is kept.
    assert [h["id"] for h in run_json("search", "alliance", "-n", "2", "--weak")] == [
        h["id"] for h in weak[:2]
    ]
    none = run("search", "Shangri-La", "--type", "event", "--weak")
    assert none.exit_code == 0 and none.stdout == ""
    assert none.stderr.endswith("resting only on weak sources\n")


# ---------------------------------------------------------------- start-up and completion


def test_help_imports_neither_the_query_nor_the_renderer() -> None:
    code = (
        "import sys\nfrom vpa_cli.cli import make_app\n"
        "from typer.testing import CliRunner\n"
        "for args in (['--help'], ['facts', '--help']):\n"
        "    apps = make_app(listing=True) if args == ['--help'] else make_app(['facts'])\n"
        "    assert CliRunner().invoke(apps, args).exit_code == 0\n"
        "bad = [m for m in sys.modules if m.startswith(('vpa_cli.queries', 'vpa_cli.render',"
        " 'vpa_cli.loading.reading', 'vpa_cli.claims'))]\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_kind_completes_fact_kinds() -> None:
    result = run(
        env={
            "_VPA_COMPLETE": "complete_bash",
            "COMP_WORDS": "vpa\nfacts\n--kind\nfi",
            "COMP_CWORD": "3",
        }
    )
    assert result.stdout.split() == ["figure"]
    result = run(
        env={
            "_VPA_COMPLETE": "complete_bash",
            "COMP_WORDS": "vpa\nfacts\n--standing\n",
            "COMP_CWORD": "3",
        }
    )
    assert set(result.stdout.split()) == {"corroborated", "single-source", "contradicted"}


# ---------------------------------------------------------------- --standing in search


def test_search_standing_keeps_the_claims_that_stand_so() -> None:
    # "article" finds claims of all three standings, one of them contradicted (the data's
    # only one since pass 14 of issue 20: essay-strategic-alliances).
    every = run_json("search", "article", "-n", "0")
    claims = [h for h in every if h.get("standing")]
    assert {h["standing"] for h in claims} == {"corroborated", "single-source", "contradicted"}
    for standing in ("corroborated", "single-source", "contradicted"):
        kept = run_json("search", "article", "-n", "0", "--standing", standing)
        assert kept == [h for h in every if h.get("standing") == standing], standing
    both = run_json(
        "search", "article", "-n", "0", "--standing", "contradicted", "--standing", "corroborated"
    )
    assert both == [h for h in every if h.get("standing") in ("contradicted", "corroborated")]
    # The limit counts the claims that stand so, not the hits before the filter.
    one = run_json("search", "article", "-n", "1", "--standing", "contradicted")
    assert len(one) == 1 and all(h["standing"] == "contradicted" for h in one)


def test_search_standing_is_refused_as_the_timeline_refuses_it() -> None:
    search = run("search", "us", "--standing", "disputed")
    timeline = run("timeline", "--standing", "disputed")
    assert search.exit_code == timeline.exit_code == 2
    assert search.stderr == timeline.stderr
    none = run("search", "peacekeeping", "--standing", "contradicted", "--type", "passage")
    assert none.exit_code == 0 and none.stdout == ""
    assert none.stderr == "vpa search: no hits for 'peacekeeping' (standing: contradicted)\n"


def test_a_fact_resting_on_an_undated_text_holds_as_of_its_date_or_later() -> None:
    """`until_or_later`: the text's as-of date is the earliest it can be (`as_of_or_later`),
    so the fact holds as of that date or a later one, and every format says "or later"."""
    facts = {f["id"]: f for f in run_json("facts", "--format", "json")}
    essay = facts["foreign-perceptions"]  # the overview essay alone: written 2014 or later
    assert (essay["until"], essay["until_or_later"]) == ("2014", True)
    # The achievements article (written on 2 Sep 2025 or later) reaches further than the
    # Deputy Minister's (2024), so a fact citing both holds as of 2 Sep 2025 or later.
    assert (facts["four-nos-policy"]["until"], facts["four-nos-policy"]["until_or_later"]) == (
        "2025-09-02",
        True,
    )
    # A fact resting only on dated texts is not "or later".
    dated = {"nguyen-ba-duong-2018", "nguyen-chi-vinh-2015"}
    resting = [f for f in facts.values() if set(f["sources"]) <= dated]
    assert resting
    assert all(f["until_or_later"] is False for f in resting)
    assert "as of 2014 or later" in run("facts", "--source", "vpa-impact").stdout
    assert "until_or_later: yes" in run("show", "foreign-perceptions").stdout


def test_a_users_fact_with_its_own_as_of_is_not_or_later(tmp_path: Path) -> None:
    base = {"summary": "Written by a user.", "kind": "figure"}
    cite = [{"source": "vpa-impact", "line": 7, "quote": "x"}]
    doc = {
        "facts": [
            {"id": "mine-undated", "title": "Mine", "citations": cite, **base},
            {"id": "mine-as-of", "title": "Mine too", "as_of": "2020", "citations": cite, **base},
        ]
    }
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    got = {f["id"]: f for f in run_json("facts", "--data", str(path)) if f["id"].startswith("mine")}
    assert (got["mine-undated"]["until"], got["mine-undated"]["until_or_later"]) == ("2014", True)
    assert (got["mine-as-of"]["until"], got["mine-as-of"]["until_or_later"]) == ("2020", False)
