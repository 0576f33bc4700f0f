"""Tables at 60, 80 and 120 columns: every line fits, and no id is cut or wrapped.

Each table is rendered through the command line with COLUMNS set, and read as
text: an id counts as whole only when it stands on one line with no id character
on either side, so "hoang-xuan-c" or "2023-10-8th-plenum-fathe" never pass.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from conftest import run, run_json
from rich.cells import cell_len
from rich.text import Text

from vpa_cli.render.layout import wrap

WIDTHS = [60, 80, 120]
EVENTS: list[dict[str, Any]] = run_json("timeline")
EVENT_IDS = [e["id"] for e in EVENTS]
SOURCE_IDS = sorted({c["source"] for e in EVENTS for c in e["citations"]})
LONGEST = max(EVENT_IDS, key=len)
# Dates as people read them, with their marks: the first field of plain output.
DATES = [line.split("\t")[0] for line in run("timeline").stdout.splitlines()]


def _table(width: int, *args: str) -> str:
    result = run(*args, "--format", "table", env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def _fits(text: str, width: int) -> None:
    too_long = [line for line in text.splitlines() if cell_len(line) > width]
    assert not too_long, too_long


def _whole(identifier: str, text: str) -> bool:
    """`identifier` on one line, not part of a longer id."""
    pattern = re.compile(r"(?<![\w-])" + re.escape(identifier) + r"(?![\w-])")
    return any(pattern.search(line) for line in text.splitlines())


def test_the_data_has_ids_too_wide_for_a_narrow_column() -> None:
    # The control: without an id this long the tests below would prove little.
    assert len(LONGEST) > 45


@pytest.mark.parametrize("width", WIDTHS)
def test_timeline_table_fits_and_keeps_ids_whole(width: int) -> None:
    text = _table(width, "timeline")
    _fits(text, width)
    missing = [i for i in EVENT_IDS if not _whole(i, text)]
    assert not missing
    if "Sources column left out" in text:
        # Only where the sources cannot fit beside a readable title, and said so.
        assert width < 80
        assert "--format plain" in text and "vpa show ID" in text
    else:
        assert [s for s in SOURCE_IDS if not _whole(s, text)] == []


@pytest.mark.parametrize("width", WIDTHS)
def test_timeline_table_dates_are_not_broken(width: int) -> None:
    text = _table(width, "timeline")
    lines = text.splitlines()
    for shown in DATES:
        if len(shown) <= 12:  # "Sep 2024†", "31 Dec 2013†": whole, on one line
            assert any(shown in line for line in lines), shown
        # A range too long for the column breaks after its dash, never inside a date.
        for end in shown.split("\u2013"):
            if len(end) <= 12 and "(" not in end:
                assert any(end in line for line in lines), (shown, end)


def test_sources_are_shown_from_80_columns_and_stacked_when_needed() -> None:
    at_80 = _table(80, "timeline")
    assert "Partners, sources" in at_80  # stacked in one column rather than cut
    assert "Sources column left out" not in at_80
    at_120 = _table(120, "timeline")
    assert re.search(r"Partners +Sources", at_120)
    at_60 = _table(60, "timeline")
    assert "Sources column left out at 60 columns" in at_60


@pytest.mark.parametrize("width", WIDTHS)
def test_an_id_wider_than_its_column_gets_a_line_of_its_own(width: int) -> None:
    text = _table(width, "timeline")
    (line,) = [x for x in text.splitlines() if LONGEST in x]
    assert line.strip() == LONGEST


@pytest.mark.parametrize("width", WIDTHS)
def test_chart_table_fits(width: int) -> None:
    text = _table(width, "timeline", "--chart")
    _fits(text, width)
    assert "2010s" in text


@pytest.mark.parametrize("width", WIDTHS)
def test_partner_list_fits_and_keeps_ids_whole(width: int) -> None:
    text = _table(width, "partner")
    _fits(text, width)
    ids = [p["id"] for p in run_json("partner")]
    assert [i for i in ids if not _whole(i, text)] == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["russia", "laos", "united-states", "china"])
def test_partner_profile_fits_and_keeps_ids_whole(width: int, name: str) -> None:
    text = _table(width, "partner", name)
    _fits(text, width)
    profile = run_json("partner", name)
    ids = [e["id"] for e in profile["events"]]
    ids += [f["id"] for f in profile["facts"]]
    ids += [s["id"] for s in profile["sources"]]
    assert ids
    assert [i for i in ids if not _whole(i, text)] == []
    # A citation's source id is never broken, and each citation starts a line of its own.
    for area in profile["areas"]:
        for statement in area["statements"]:
            for c in statement["citations"]:
                assert _whole(c["source"], text)
                assert re.search(rf"(^|  ){re.escape(c['source'])}\b", text, re.MULTILINE)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("query", ["peacekeeping", "russia", "four no's"])
def test_search_table_fits_and_keeps_ids_whole(width: int, query: str) -> None:
    text = _table(width, "search", query)
    _fits(text, width)
    hits = run_json("search", query)
    assert hits
    assert [h["id"] for h in hits if not _whole(h["id"], text)] == []


@pytest.mark.parametrize("width", WIDTHS)
def test_show_table_keeps_a_long_id_whole(width: int) -> None:
    text = _table(width, "show", LONGEST)
    _fits(text, width)
    assert _whole(LONGEST, text)
    assert _whole("hoang-xuan-chien", text)


def test_wrap_breaks_between_words_and_after_a_range_dash() -> None:
    lines = [t.plain for t in wrap(Text("25 Jan 2021\u20131 Feb 2021\u2020"), 16)]
    assert lines == ["25 Jan 2021\u2013", "1 Feb 2021\u2020"]
    lines = [t.plain for t in wrap(Text("see 2015-03-02-defence-diplomacy-guidelines"), 40)]
    assert lines == ["see", "2015-03-02-defence-diplomacy-guidelines"]
    # A word wider than the whole width is cut: the last resort, never an id's column.
    assert [t.plain for t in wrap(Text("abcdefgh"), 3)] == ["abc", "def", "gh"]


# ---------------------------------------------------------------- issue 24


def _words_whole(words: set[str], text: str) -> list[str]:
    """The words of `words` that no line of `text` holds whole."""
    tokens = {t.strip(",;:()") for line in text.splitlines() for t in line.split()}
    return sorted(w for w in words if w not in tokens)


@pytest.mark.parametrize("width", WIDTHS)
def test_sources_table_fits_and_keeps_ids_and_words_whole(width: int) -> None:
    # Issue 24: at 80 columns `dd-achievem…` and `nguyen-ba-d…` were cut.
    text = _table(width, "sources")
    _fits(text, width)
    rows = run_json("sources")
    assert [r["id"] for r in rows if not _whole(r["id"], text)] == []
    words = {w for r in rows for k in ("publication", "voice") for w in (r[k] or "").split()}
    assert "unattributed" in words  # the control: a word wider than a narrow column
    assert _words_whole(words, text) == []
    assert "…" not in text


@pytest.mark.parametrize("width", WIDTHS)
def test_partner_list_never_breaks_a_word_of_a_name(width: int) -> None:
    # Issue 24: at 80 columns "Internation" / "al Security".
    text = _table(width, "partner")
    words = {w for r in run_json("partner") for w in r["name"].split()}
    assert "International" in words
    assert _words_whole(words, text) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["russia", "united-states", "india"])
def test_partner_profile_citations_are_set_apart(width: int, name: str) -> None:
    """No citation starts on the line after another's quote ends: without colour, a blank
    line is what tells one citation from the next."""
    text = _table(width, "partner", name)
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("statement "))
    lines = lines[first : lines.index("Timeline")]  # the statements' table
    at = lines[0].index("citations")
    sources = [s["id"] for s in run_json("sources")]
    starts = re.compile(r"^(" + "|".join(map(re.escape, sources)) + r")\b")
    cited = [line[at:] for line in lines]
    together = [
        (before, after)
        for before, after in itertools.pairwise(cited)
        if before.rstrip().endswith("\u201d") and starts.match(after)
    ]
    many = [s for a in run_json("partner", name)["areas"] for s in a["statements"]]
    assert any(len(s["citations"]) > 1 for s in many)  # the control
    assert together == []


def test_stacked_partners_and_sources_are_told_apart_without_colour() -> None:
    """At 80 columns partners and sources share a column: the sources are labelled, not
    only dimmed, which is lost without colour."""
    text = _table(80, "timeline")
    assert "Partners, sources" in text  # the control: this width stacks them
    at = text.splitlines()[0].index("Partners, sources")
    column = "\n".join(line[at:] for line in text.splitlines())
    labelled = re.findall(r"^sources?:(?= |$)", column, re.MULTILINE)
    assert len(labelled) == sum(1 for e in EVENTS if e["citations"])
    for shown in ("source: hoang-xuan-chien", "sources: hoang-xuan-chien,"):
        assert shown in text
    assert "sources:" not in _table(120, "timeline")  # in a column of their own there
