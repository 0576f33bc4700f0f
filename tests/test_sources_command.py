"""`vpa sources`: the list of sources, and one source's text with what cites it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import run, run_json

from vpa_cli.loading.reading import load_dataset
from vpa_cli.loading.texts import paragraph

CITING = str(Path(__file__).parent / "data" / "citing" / "metadata.json")


def test_list_gives_each_source_with_who_speaks_and_how_many_records_cite_it() -> None:
    rows = run_json("sources")
    dataset = load_dataset()
    assert [r["id"] for r in rows] == list(dataset.sources)
    by_id = {r["id"]: r for r in rows}
    vinh = by_id["nguyen-chi-vinh-2015"]
    assert vinh["authors"] == "Nguyen Chi Vinh"
    assert vinh["date"] == "2015-03-02"
    assert vinh["voice"] == dataset.sources["nguyen-chi-vinh-2015"].voice
    assert vinh["records"] > 0
    assert by_id["vpa-impact"]["weak"] is True
    assert all(isinstance(r["records"], int) for r in rows)


@pytest.mark.parametrize("fmt", ["table", "plain", "csv", "markdown"])
def test_list_in_every_format(fmt: str) -> None:
    result = run("sources", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "nguyen-chi-vinh-2015" in result.stdout
    assert result.stderr == ""


def test_list_csv_and_plain_flag_weak_sources() -> None:
    rows = list(csv.DictReader(io.StringIO(run("sources", "--format", "csv").stdout)))
    assert {r["id"]: r["weak"] for r in rows}["vpa-impact"] == "true"
    plain = run("sources", "--format", "plain").stdout.splitlines()
    [impact] = [line for line in plain if line.startswith("vpa-impact\t")]
    assert "\tweak\t" in impact


def test_text_numbers_paragraphs_by_the_layout_and_marks_citing_records() -> None:
    text = run_json("sources", "duong-2018", "--data", CITING)
    lines = {line["line"]: line for line in text["lines"]}
    assert lines[1]["role"] == "dateline" and lines[1]["paragraph"] is None
    assert lines[1]["cited_by"] == ["2015-un-cooperation"]
    assert (lines[3]["role"], lines[7]["role"], lines[12]["role"]) == (
        "title",
        "heading",
        "byline",
    )
    assert [lines[n]["paragraph"] for n in (5, 9, 10)] == [1, 2, 3]
    assert lines[2]["role"] is None  # blank
    assert lines[9]["cited_by"] == ["2015-un-cooperation"]
    assert lines[5]["cited_by"] == []


def test_text_plain_shows_line_place_text_and_ids() -> None:
    result = run("sources", "duong-2018", "--data", CITING)
    assert result.exit_code == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[0].startswith("duong-2018: ")
    assert (
        "*   9  para. 2    The second paragraph names the United Nations.  [2015-un-cooperation]"
        in out
    )
    assert "    5  para. 1    The first paragraph says the ministry will widen cooperation." in out
    assert "    3  title      Guidelines for the year" in out


def test_one_line_with_its_citations() -> None:
    text = run_json("sources", "duong-2018", "--line", "10", "--data", CITING)
    assert [(ln["line"], ln["paragraph"]) for ln in text["lines"]] == [(10, 3)]


@pytest.mark.parametrize("typed", ["29-33", "29..33", "29 - 33", "29–33"])
def test_a_range_of_lines_in_context(typed: str) -> None:
    # Issue 24: `--line 29-33` was "not a valid int range".
    text = run_json("sources", "vpa-impact", "--line", typed)
    assert [ln["line"] for ln in text["lines"]] == [29, 30, 31, 32, 33]
    whole = {ln["line"]: ln for ln in run_json("sources", "vpa-impact")["lines"]}
    assert text["lines"] == [whole[n] for n in range(29, 34)]
    plain = run("sources", "vpa-impact", "--line", typed).stdout.splitlines()
    assert [int(row[1:5]) for row in plain[1:]] == [29, 30, 31, 32, 33]


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("33-29", "--line: '33-29' ends before it starts; give 29-33"),
        ("29-", "--line: '29-' is not a line number; give N or a range N-M, e.g. 29-33"),
        ("0", "--line: '0': lines are numbered from 1"),
        ("29-999", "--line 29-999 is not in vpa-impact (lines 1-"),
    ],
)
def test_a_bad_range_of_lines_says_what_to_type(typed: str, says: str) -> None:
    result = run("sources", "vpa-impact", "--line", typed)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"vpa: error: {says}")
    assert result.stderr.count("\n") == 1


def test_paragraph_counts_as_a_reader_does() -> None:
    dataset = load_dataset([CITING])
    source = dataset.sources["duong-2018"]
    assert [paragraph(source, n) for n in (1, 2, 3, 5, 9, 10, 12)] == [
        None, None, None, 1, 2, 3, None
    ]  # fmt: skip


def test_cite_shows_evidence_first_and_the_date_line_as_such() -> None:
    [record] = run_json("cite", "2015-un-cooperation", "--data", CITING)
    roles = [(c["role"], c["place"], c["line"]) for c in record["citations"]]
    assert roles == [
        ("paragraph", "para. 2", 9),
        ("paragraph", "para. 3", 10),
        ("dateline", "dateline", 1),
        ("byline", "byline", 12),
    ]
    first = record["citations"][0]
    assert first["paragraph"] == 2 and first["locator"].endswith("article.txt:9")
    text = run("cite", "2015-un-cooperation", "--data", CITING).stdout
    assert text.index("  quote:     The second paragraph") < text.index("  date line: Monday")
    assert "  place:     para. 2, line 9\n" in text


def test_unknown_source_and_bad_line() -> None:
    result = run("sources", "nguyen-chi-vinh")
    assert result.exit_code == 1
    assert "nguyen-chi-vinh-2015" in result.stderr
    result = run("sources", "duong-2018", "--line", "99", "--data", CITING)
    assert result.exit_code == 2 and "--line 99" in result.stderr
    result = run("sources", "--line", "3")
    assert result.exit_code == 2
