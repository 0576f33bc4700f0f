"""The citation to paste into a Markdown paper: `vpa cite ID` gives each quote's pandoc
citation (`[@dd-achievements, para. 6]`) in text, Markdown and JSON, and pandoc's
citeproc reads its locator.

The pandoc tests run `pandoc --citeproc` on a paper made of every citation vpa gives
for the bundled claims; where pandoc is missing they are skipped, saying so.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, needs_pandoc, pandoc, run, run_json
from hypothesis import given
from hypothesis import strategies as st

from vpa_cli.claims.keys import pandoc_citation, pandoc_key
from vpa_cli.loading.reading import load_dataset
from vpa_cli.queries.cite.paper import Paper
from vpa_cli.records.fields import ID_PATTERN

EVENT = "2015-03-02-defence-diplomacy-guidelines"  # paragraphs, a dateline, a title, bylines
METADATA = str(REPO / "tests" / "data" / "citing" / "metadata.json")

IDS = st.from_regex(ID_PATTERN, fullmatch=True)
PLACES = st.one_of(
    st.integers(1, 999).map(lambda n: f"para. {n}"),
    st.integers(1, 999).map(lambda n: f"line {n}"),
    st.sampled_from(["caption", "dateline", "byline", "title", "heading", "furniture"]),
)


def read_keys(markdown: str) -> list[str]:
    return [c.key for c in Paper("paper.md", markdown).cited()]


# ---------------------------------------------------------------- the citation


def test_a_quote_is_cited_by_its_source_and_its_place() -> None:
    assert pandoc_citation("dd-achievements", "para. 6") == "[@dd-achievements, para. 6]"
    assert pandoc_citation("hoang-xuan-chien", "caption") == "[@hoang-xuan-chien, caption]"
    assert pandoc_citation("x", "line 34") == "[@x, line 34]"


def test_a_key_pandoc_would_cut_short_is_braced() -> None:
    assert pandoc_key("nguyen-ba-duong-2018") == "@nguyen-ba-duong-2018"
    assert pandoc_key("smith04.") == "@{smith04.}"
    assert pandoc_key("a--b") == "@{a--b}"
    assert pandoc_key("-a") == "@{-a}"
    for impossible in ("", "a b", "a}b"):
        with pytest.raises(ValueError, match="cannot be a pandoc citation key"):
            pandoc_key(impossible)


@given(IDS, PLACES)
def test_every_id_vpa_accepts_is_a_key_pandoc_reads_whole(rid: str, place: str) -> None:
    citation = pandoc_citation(rid, place)
    assert citation.startswith(f"[@{rid}, ")  # never braced
    assert read_keys(f"As the source says {citation}.") == [rid]


@given(st.text(alphabet="ab1_:.#$%&-+?<>~/*", min_size=1, max_size=12), PLACES)
def test_any_key_comes_back_as_written(key: str, place: str) -> None:
    assert read_keys(f"Text {pandoc_citation(key, place)} more.") == [key]


# ---------------------------------------------------------------- in every output


def test_json_gives_each_citation_its_pandoc_citation() -> None:
    [record] = run_json("cite", EVENT)
    citations = record["citations"]
    assert {c["role"] for c in citations} >= {"paragraph", "dateline", "title", "byline"}
    for c in citations:
        assert c["pandoc"] == f"[@{c['source']}, {c['place']}]"
        if c["role"] == "paragraph":
            assert c["pandoc"] == f"[@{c['source']}, para. {c['paragraph']}]"
    # Next to the place it is made from.
    keys = list(citations[0])
    assert keys.index("pandoc") == keys.index("where") + 1


def test_text_and_markdown_give_it_after_the_place() -> None:
    [record] = run_json("cite", EVENT)
    text = run("cite", EVENT).stdout
    markdown = run("cite", EVENT, "--format", "markdown").stdout
    for c in record["citations"]:
        assert f"  place:     {c['where']}\n  pandoc:    {c['pandoc']}\n" in text
        # A code span: pasted into a paper it is a citation, shown in Markdown it is not.
        assert f"- Place: {c['where']}\n- Pandoc: `{c['pandoc']}`\n" in markdown
    assert "  pandoc:    [@nguyen-chi-vinh-2015, dateline]\n" in text
    assert "  pandoc:    [@nguyen-chi-vinh-2015, para. 1]\n" in text


def test_a_users_source_with_a_layout() -> None:
    [record] = run_json("cite", "2015-un-cooperation", "--data", METADATA)
    pasted = {c["pandoc"] for c in record["citations"]}
    assert "[@duong-2018, para. 2]" in pasted
    assert "[@duong-2018, dateline]" in pasted


def test_a_source_is_cited_by_its_reference_alone() -> None:
    [record] = run_json("cite", "nguyen-chi-vinh-2015")
    assert "citations" not in record
    assert "pandoc:" not in run("cite", "nguyen-chi-vinh-2015").stdout


def test_what_vpa_gives_is_what_a_paper_reader_reads_back() -> None:
    cited = run_json("cite", EVENT, "russia")
    for c in (c for record in cited for c in record["citations"]):
        assert read_keys(f"Said so {c['pandoc']}.") == [c["source"]]


# ---------------------------------------------------------------- through pandoc

# A style that prints what citeproc made of each citation: its locator's label and
# value, or nothing, the suffix then following as written.
PROBE_CSL = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"
       default-locale="en-US">
  <info><title>Locator probe</title><id>locator-probe</id>
    <updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation>
    <layout prefix="(" suffix=")">
      <text value="CITED"/>
      <group prefix=" LOCATOR[" suffix="]" delimiter="=">
        <label variable="locator" form="long"/>
        <text variable="locator"/>
      </group>
    </layout>
  </citation>
</style>
"""


def every_pasted_citation() -> list[dict[str, Any]]:
    """Each distinct (source, place) of the bundled claims, as `vpa cite` gives it."""
    dataset = load_dataset()
    ids = [*(e.id for e in dataset.events), *(f.id for f in dataset.facts)]
    seen: dict[str, dict[str, Any]] = {}
    for record in run_json("cite", *ids):
        for c in record["citations"]:
            seen.setdefault(c["pandoc"], c)
    return list(seen.values())


def paper(tmp_path: Path, citations: list[dict[str, Any]]) -> None:
    (tmp_path / "vpa.json").write_text(run("cite", "--format", "csl-json").stdout, "utf-8")
    body = "\n\n".join(f"Quote {n} {c['pandoc']}." for n, c in enumerate(citations))
    (tmp_path / "paper.md").write_text(body + "\n", "utf-8")


@needs_pandoc
def test_pandoc_reads_each_pasted_place_as_a_locator_or_a_suffix(tmp_path: Path) -> None:
    citations = every_pasted_citation()
    assert {c["role"] for c in citations} >= {"paragraph", "dateline", "title"}
    # A line vpa cannot place (a user's data), and a caption.
    for place, line in (("line 34", 34), ("caption", 4)):
        citations.append(
            {"pandoc": pandoc_citation("hoang-xuan-chien", place), "paragraph": None,
             "place": place, "line": line}
        )  # fmt: skip
    paper(tmp_path, citations)
    (tmp_path / "probe.csl").write_text(PROBE_CSL, "utf-8")
    out = pandoc(
        "--citeproc", "--bibliography", "vpa.json", "--csl", "probe.csl", "paper.md",
        "-t", "plain", "--wrap", "none", cwd=tmp_path,
    )  # fmt: skip
    got = re.findall(r"^Quote (\d+) \((.*)\)\.$", out, re.MULTILINE)
    assert len(got) == len(citations)
    for n, shown in got:
        c = citations[int(n)]
        if c["paragraph"] is not None:
            assert shown == f"CITED LOCATOR[paragraph={c['paragraph']}]"
        elif c["place"].startswith("line "):
            assert shown == f"CITED LOCATOR[line={c['line']}]"
        else:  # CSL has no term for a dateline or a title: pandoc keeps it as a suffix
            assert shown == f"CITED, {c['place']}"


@needs_pandoc
def test_pandoc_renders_a_pasted_citation_with_its_place(tmp_path: Path) -> None:
    citations = every_pasted_citation()
    paper(tmp_path, citations)
    out = pandoc(
        "--citeproc", "--bibliography", "vpa.json", "paper.md", "-t", "plain", "--wrap", "none",
        cwd=tmp_path,
    )  # fmt: skip
    rendered = dict(re.findall(r"^Quote (\d+) \((.*)\)\.$", out, re.MULTILINE))
    assert len(rendered) == len(citations)
    for n, c in enumerate(citations):
        # Chicago author-date, pandoc's default: "(Nguyen Chi Vinh 2015, para. 1)",
        # "(..., dateline)"; CSL abbreviates a line "l. 34".
        place = re.sub(r"^line ", "l. ", c["place"])
        assert rendered[str(n)].endswith(f", {place}"), rendered[str(n)]
    csl = json.loads((tmp_path / "vpa.json").read_text("utf-8"))
    assert {c["source"] for c in citations} <= {item["id"] for item in csl}
