"""`vpa timeline` through the command line: filters, windows, formats, chart, bad input."""

from __future__ import annotations

import calendar
import csv
import io
import json
import math
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import CACHE_FOLDER, REPO, run, run_json
from hypothesis import given, settings
from hypothesis import strategies as st

from vpa_cli.claims.columns import split_items

ALL = run_json("timeline")
BY_ID = {e["id"]: e for e in ALL}
# The CSV's columns: every field of an event, from its declaration (docs/output.md).
CSV_HEADER = (
    "id,date,date_shown,date_mark,date_basis,date_note,date_label,title,summary,source_date,"
    "as_of,kind,partners,partner_roles,partner_bases,partner_notes,partner_names,note,until,"
    "weak,sources,standing,date_start,date_end,until_end,date_precision,date_approximate,"
    "date_uncertain,"
    "open_start,open_end,count_year"
)
PEACEKEEPING_SINCE_2014 = {
    "2014-un-peacekeeping-deployments",
    "2014-vietnam-china-border-defence-exchange",
}


def ids(*args: str) -> list[str]:
    return [e["id"] for e in run_json("timeline", *args)]


def partner_ids(event: dict[str, Any]) -> list[str]:
    return [p["id"] for p in event["partners"]]


def usage_error(*args: str) -> str:
    """stderr of a run that must fail as a usage error: exit 2, one line, no traceback."""
    result = run("timeline", *args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def _event(eid: str, when: str, title: str = "", **extra: Any) -> dict[str, Any]:
    return {
        "id": eid,
        "date": when,
        "date_basis": "stated",
        "title": title or f"Test event {eid}",
        "summary": extra.pop("summary", "A test event."),
        "kind": extra.pop("kind", "visit"),
        "partners": extra.pop("partners", []),
        "citations": [{"source": "vpa-impact", "line": 1, "quote": extra.pop("quote", "a quote")}],
        **extra,
    }


ODD_TITLE = "[bold]Markup[/bold] \x1b[31mred\tTAB \u2409 pipe | end"


@pytest.fixture(scope="module")
def extra(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A data file of test events at the edges of months and years."""
    path = tmp_path_factory.mktemp("data") / "extra.json"
    events = [
        _event("t-2015-02-28", "2015-02-28"),
        _event("t-2015-03-01", "2015-03-01"),
        _event("t-2015-03-02", "2015-03-02"),
        _event("t-2015-12", "2015-12"),
        _event("t-2016-01-01", "2016-01-01"),
        _event("t-until-1975", "../1975"),
        _event(
            "t-odd",
            "1999-06",
            ODD_TITLE,
            summary="A delegation visits Đà Nẵng.",
            quote="the \u201cFour No\u2019s\u201d policy",
            partners=["united-states"],
        ),
    ]
    path.write_text(json.dumps({"events": events}), encoding="utf-8")
    return str(path)


# ---------------------------------------------------------------- date windows


def test_everything_is_in_date_order() -> None:
    result = ids()
    assert len(result) == run_json("check")["counts"]["events"] >= 31
    assert result[0] == "1944-vpa-founding"
    assert result[-1] == "2025-august-revolution-80th"


def test_to_a_year_runs_through_31_december(extra: str) -> None:
    assert "t-2015-12" in ids("--data", extra, "--to", "2015")
    assert "t-2016-01-01" not in ids("--data", extra, "--to", "2015")
    assert "t-2015-12" not in ids("--data", extra, "--to", "2015-11")


@pytest.mark.parametrize("typed", ["March 2015", "Mar 2015", "2015-03", "march 2015"])
def test_from_a_month_starts_on_the_first(extra: str, typed: str) -> None:
    found = ids("--data", extra, "--from", typed, "--to", "2015-03-31")
    assert {"t-2015-03-01", "t-2015-03-02"} <= set(found)
    assert "t-2015-02-28" not in found


@pytest.mark.parametrize("typed", ["2 March 2015", "2 Mar 2015", "2015-03-02", "March 2, 2015"])
def test_from_a_day_starts_on_that_day(extra: str, typed: str) -> None:
    found = ids("--data", extra, "--from", typed, "--to", typed)
    assert "t-2015-03-02" in found
    assert "t-2015-03-01" not in found


def test_an_event_dated_by_year_is_inside_a_one_day_window_of_that_year() -> None:
    found = ids("--from", "1995-07-12", "--to", "1995-07-12")
    assert "1995-us-normalisation" in found
    assert "1995-us-normalisation" not in ids(
        "--from", "1995-07-12", "--to", "1995-07-12", "--strict"
    )


@pytest.mark.parametrize("year", ["2014", "2015", "2020", "2025"])
def test_an_ongoing_event_is_inside_every_window_from_its_start_to_its_as_of_date(
    year: str,
) -> None:
    assert set(ids("--from", year, "--to", year)) >= PEACEKEEPING_SINCE_2014
    assert not PEACEKEEPING_SINCE_2014 & set(ids("--from", year, "--to", year, "--strict"))


@pytest.mark.parametrize("year", ["2026", "2099"])
def test_an_ongoing_event_is_not_inside_a_window_after_its_as_of_date(year: str) -> None:
    # Both run "since 2014" as of 2 Sep 2025 (dd-achievements): nothing is known after.
    assert {BY_ID[i]["until"] for i in PEACEKEEPING_SINCE_2014} == {"2025-09-02"}
    assert not PEACEKEEPING_SINCE_2014 & set(ids("--from", year, "--to", year))
    assert not PEACEKEEPING_SINCE_2014 & set(ids("--from", year))


def test_every_open_range_ends_at_its_until_date() -> None:
    open_ranges = [e for e in ALL if e["date"].endswith("/..")]
    assert open_ranges
    for event in open_ranges:
        until = event["until"]
        assert until, event["id"]
        last = _bounds(until)[1]
        day_after = date.fromordinal(int(last) + 1).isoformat()
        assert event["id"] in ids("--from", date.fromordinal(int(last)).isoformat())
        assert event["id"] not in ids("--from", day_after), event["id"]


def test_an_ongoing_event_is_not_inside_a_window_before_its_start() -> None:
    assert not PEACEKEEPING_SINCE_2014 & set(ids("--to", "2013"))


def test_an_event_open_at_the_start_is_before_its_end(extra: str) -> None:
    assert "t-until-1975" in ids("--data", extra, "--to", "1900")
    assert "t-until-1975" in ids("--data", extra, "--from", "1975-12-31")
    assert "t-until-1975" not in ids("--data", extra, "--from", "1976")


def test_strict_keeps_only_events_wholly_inside() -> None:
    found = ids("--from", "1945", "--to", "1954", "--strict")
    assert found == [
        "1945-08-general-uprising",
        "1945-resistance-war-against-france",
        "1950-aid-from-china-and-soviet-union",
    ]
    loose = ids("--from", "1945", "--to", "1954")
    assert "1954-resistance-war-against-us" in loose
    assert set(found) < set(loose)


def _bounds(text: str) -> tuple[float, float]:
    """An event's first and last day (ordinals; open ends infinite), read by the edtf library."""
    edtf = pytest.importorskip("edtf")
    parsed = edtf.parse_edtf(text)

    def day(value: Any, infinite: float) -> float:
        if isinstance(value, float):
            return infinite
        return date(value.tm_year, value.tm_mon, value.tm_mday).toordinal()

    return day(parsed.lower_strict(), -math.inf), day(parsed.upper_strict(), math.inf)


def _event_bounds(event: dict[str, Any]) -> tuple[float, float]:
    """An event's first and last day; an open range ends on the last day of its `until`."""
    first, last = _bounds(event["date"])
    if last == math.inf and event.get("until"):
        last = _bounds(event["until"])[1]
    return first, last


EVENT_BOUNDS = {e["id"]: _event_bounds(e) for e in ALL}
WINDOW_ENDS = st.tuples(st.integers(1935, 2035), st.one_of(st.none(), st.integers(1, 12)))


@settings(max_examples=60, deadline=None)
@given(WINDOW_ENDS, WINDOW_ENDS, st.booleans())
def test_window_matches_the_edtf_oracle(
    start: tuple[int, int | None], end: tuple[int, int | None], strict: bool
) -> None:
    (y1, m1), (y2, m2) = start, end
    lo = date(y1, m1 or 1, 1).toordinal()
    hi = date(y2, m2 or 12, calendar.monthrange(y2, m2 or 12)[1]).toordinal()
    args = ["--from", f"{y1}-{m1:02d}" if m1 else str(y1)]
    args += ["--to", f"{y2}-{m2:02d}" if m2 else str(y2)]
    args += ["--strict"] if strict else []
    if lo > hi:
        assert "is after --to" in usage_error(*args)
        return
    if strict:
        want = {i for i, (a, b) in EVENT_BOUNDS.items() if lo <= a and b <= hi}
    else:
        want = {i for i, (a, b) in EVENT_BOUNDS.items() if a <= hi and lo <= b}
    assert set(ids(*args)) == want


def test_from_after_to_is_a_usage_error() -> None:
    message = usage_error("--from", "2016", "--to", "March 2015")
    assert "'2016'" in message
    assert "'March 2015'" in message


def test_same_month_at_two_precisions_is_a_valid_window() -> None:
    assert ids("--from", "2015-03", "--to", "2015") == ids("--from", "March 2015", "--to", "2015")


@pytest.mark.parametrize(
    ("option", "typed", "says"),
    [
        ("--from", "soon", "'soon'"),
        ("--to", "12/07/1995", "ambiguous"),
        ("--from", "1995-13", "'1995-13'"),
        ("--to", "", "empty"),
        ("--from", "1995/2000", "range"),
    ],
)
def test_unreadable_date_is_a_usage_error(option: str, typed: str, says: str) -> None:
    message = usage_error(option, typed)
    assert option in message
    assert says in message


# ---------------------------------------------------------------- partner, kind, source, text


@pytest.mark.parametrize(
    "name", ["us", "USA", "u.s.", "United States", "united-states", "  U.S.A. ", "Hoa Kỳ", "hoa ky"]
)
def test_partner_by_id_name_or_alias(name: str) -> None:
    found = ids("--partner", name)
    assert found == [e["id"] for e in ALL if "united-states" in partner_ids(e)]
    assert len(found) == 3


def test_unknown_partner_suggests_the_closest() -> None:
    message = usage_error("--partner", "rusia")
    assert "'rusia'" in message
    assert "russia" in message


def test_repeated_partner_widens() -> None:
    us, turkey = ids("--partner", "us"), ids("--partner", "turkey")
    both = ids("--partner", "us", "--partner", "Türkiye")
    assert set(both) == set(us) | set(turkey)
    assert len(both) == len(us) + len(turkey)
    assert both == [i for i in BY_ID if i in set(both)]  # still in date order


def test_different_filters_narrow() -> None:
    us, war = ids("--partner", "us"), ids("--kind", "war")
    both = ids("--partner", "us", "--kind", "war")
    assert set(both) == set(us) & set(war)
    assert both and set(both) < set(us) and set(both) < set(war)
    china = ids("--partner", "china")
    assert set(ids("--partner", "china", "--kind", "war")) == set(china) & set(war)
    narrower = ids("--partner", "laos", "--kind", "war", "--to", "1950")
    assert narrower == ["1945-resistance-war-against-france"]


def test_kind_is_matched_loosely_and_repeats_widen() -> None:
    assert ids("--kind", "WAR") == ids("--kind", "war")
    war, expo = ids("--kind", "war"), ids("--kind", "expo")
    assert {BY_ID[i]["kind"] for i in war} == {"war"}
    assert set(ids("--kind", "war", "--kind", "expo")) == set(war) | set(expo)


def test_unknown_kind_suggests_the_closest() -> None:
    message = usage_error("--kind", "wars")
    assert "'wars'" in message
    assert "war" in message.split("did you mean")[1]


def test_source_filter() -> None:
    found = ids("--source", "vpa-impact")
    assert found
    for i in found:
        assert "vpa-impact" in {c["source"] for c in BY_ID[i]["citations"]}
    assert len(found) == sum("vpa-impact" in {c["source"] for c in e["citations"]} for e in ALL)
    either = ids("--source", "vpa-impact", "--source", "nguyen-chi-vinh-2015")
    assert set(either) == set(found) | set(ids("--source", "nguyen-chi-vinh-2015"))


def test_unknown_source_suggests_the_closest() -> None:
    message = usage_error("--source", "vpa-impakt")
    assert "'vpa-impakt'" in message
    assert "vpa-impact" in message


@pytest.mark.parametrize("text", ["PEACEKEEPING", "peacekeeping", "Peacekeeping"])
def test_contains_ignores_case(text: str) -> None:
    found = ids("--contains", text)
    assert "2014-first-un-peacekeepers" in found
    for i in found:
        event = BY_ID[i]
        pieces = [event["title"], event["summary"], *(c["quote"] for c in event["citations"])]
        assert any("peacekeeping" in p.lower() for p in pieces)


@pytest.mark.parametrize(
    "text", ["four no's", "FOUR NO\u2019S", "\u201cfour no's\u201d", "da nang", "ĐÀ NẴNG"]
)
def test_contains_ignores_accents_and_apostrophes_in_summaries_and_quotes(
    extra: str, text: str
) -> None:
    # The user's event is found, beside whatever bundled events say so too.
    assert set(ids("--data", extra, "--contains", text)) == {"t-odd", *ids("--contains", text)}


def test_contains_repeated_widens() -> None:
    expo, relief = ids("--contains", "expo"), ids("--contains", "earthquake")
    assert expo and relief
    assert set(ids("--contains", "expo", "--contains", "earthquake")) == set(expo) | set(relief)


def test_empty_contains_is_a_usage_error() -> None:
    assert "--contains" in usage_error("--contains", " ")


# ---------------------------------------------------------------- limit and order


def test_limit_and_reverse() -> None:
    every = ids()
    assert ids("--limit", "3") == every[:3]
    assert ids("--reverse") == every[::-1]
    assert ids("--reverse", "--limit", "2") == every[::-1][:2]


def test_negative_limit_is_a_usage_error() -> None:
    assert "-1" in usage_error("--limit", "-1")


def test_limit_zero_means_no_limit_as_in_search() -> None:
    result = run("timeline", "--limit", "0", "--format", "json")
    assert result.exit_code == 0
    assert len(result.json()) == len(run_json("timeline")) > 0


# ---------------------------------------------------------------- formats


def test_json_is_the_documented_event_shape() -> None:
    keys = {"id", "date", "date_basis", "date_note", "date_label", "title", "summary"}
    keys |= {"source_date", "as_of", "kind", "partners", "citations", "note", "until", "weak"}
    # The parts of the claim's view (docs/output.md's column contract).
    keys |= {"date_shown", "date_mark", "sources", "date_start", "date_end", "until_end"}
    keys |= {"date_precision", "date_approximate", "date_uncertain", "open_start", "open_end"}
    keys |= {"count_year", "standing", "outside", "contrary"}
    assert all(set(e) == keys for e in ALL)
    links = [p for e in ALL for p in e["partners"]]
    assert links and all(set(p) == {"id", "role", "basis", "note", "name"} for p in links)
    citations = [c for e in ALL for c in e["citations"]]
    assert all(set(c) == {"source", "line", "quote", "paragraph", "place"} for c in citations)
    assert all(p["basis"] in {"named", "inferred"} for p in links)
    assert all(isinstance(e["weak"], bool) for e in ALL)
    war = BY_ID["1945-resistance-war-against-france"]
    france = next(p for p in war["partners"] if p["id"] == "france")
    assert (france["role"], france["basis"]) == ("adversary", "inferred") and france["note"]


def _plain(*args: str, env: dict[str, str] | None = None) -> list[list[str]]:
    result = run("timeline", *args, env=env)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    return [line.split("\t") for line in result.stdout.splitlines()]


@pytest.mark.parametrize("columns", ["20", "100", "300"])
def test_plain_is_one_event_per_line_of_five_tab_separated_fields(
    columns: str, tmp_path: Path
) -> None:
    rows = _plain(env={"COLUMNS": columns})
    # The title, and `[contradicted]` after one an outside reference says otherwise of.
    flags = {"contradicted": " [contradicted]"}
    assert [r[1] for r in rows] == [e["title"] + flags.get(e["standing"], "") for e in ALL]
    assert [r[4] for r in rows] == [e["id"] for e in ALL]
    assert all(len(r) == 5 for r in rows)
    by_title = {r[1]: r for r in rows}
    war = by_title["Resistance war against the United States (the Vietnam War)"]
    assert war[0] == "21 Jul 1954–30 Apr 1975†"  # supplied
    # A link with a note is marked `*`: the note is one step away, in `vpa show`.
    assert war[2].split(", ") == [
        "United States (adversary*)",
        "Laos (ally*)",
        "Cambodia (ally*)",
        "Soviet Union (donor*)",
        "China (donor*)",
    ]
    assert war[3].split(", ") == ["hoang-xuan-chien", "vpa-impact (weak)"]
    france = by_title["Resistance war against French colonialism"]
    assert france[2].startswith("France (adversary, inferred*), Laos (ally*), ")
    dates = {r[0] for r in rows}
    assert {
        "22 Dec 1944\u2020",
        "Aug 1945",
        "since 2014 (as of 2 Sep 2025)",
        "after 1975, before Doi Moi (December 1986)†",
        "2 Mar 2015",
        "2 Sep 2025†",
        "23 Sep 1945–21 Jul 1954†",
        "12 Dec 2021 (Laos) and 15 May 2022 (Cambodia)†",
        "10 Apr 2013† (source: Dec 2013)",
    } <= dates
    # The date's mark follows its basis, in every row, and stands after the date it
    # qualifies: before an open range's as-of date and what the source says.
    marks = {"stated": "", "supplied": "†", "derived": "‡"}
    for row in rows:
        event = BY_ID[row[4]]
        shown = row[0].split(" (source: ")[0].split(" (as of ")[0]
        mark = marks[event["date_basis"]]
        assert shown.endswith(mark) if mark else shown[-1] not in "†‡", row
    # No bundled date is derived any more: a user data file has one.
    derived = tmp_path / "derived.json"
    event = _event(
        "t-derived",
        "2025",
        date_basis="derived",
        date_note="The 80th anniversary of the August Revolution of 1945 falls in 2025.",
    )
    derived.write_text(json.dumps({"events": [event]}), encoding="utf-8")
    rows = _plain("--data", str(derived), env={"COLUMNS": columns})
    assert [r[0] for r in rows if r[4] == "t-derived"] == ["2025‡"]


def test_plain_fields_cannot_be_split_or_forged_by_data(extra: str) -> None:
    rows = [r for r in _plain("--data", extra, "--contains", "four no") if r[-1] == "t-odd"]
    assert len(rows) == 1
    day, title, partners, sources, rid = rows[0]
    assert rid == "t-odd"
    assert day == "Jun 1999"
    assert title == "[bold]Markup[/bold] \u241b[31mred TAB \u2409 pipe | end"
    assert (partners, sources) == ("United States", "vpa-impact (weak)")


def test_csv_has_the_documented_header_and_one_row_per_event() -> None:
    result = run("timeline", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.stdout.splitlines()[0] == CSV_HEADER
    assert [r["id"] for r in rows] == [e["id"] for e in ALL]
    for row in rows:
        event = BY_ID[row["id"]]
        assert row["date"] == event["date"]
        assert row["date_basis"] == event["date_basis"]
        assert row["title"] == event["title"]
        assert row["kind"] == event["kind"]
        # A list of links is a column per part of the link, items joined by "; ".
        links = event["partners"]
        assert row["partners"] == "; ".join(partner_ids(event))
        assert row["partner_roles"] == "; ".join(p["role"] or "" for p in links)
        assert row["partner_bases"] == "; ".join(p["basis"] for p in links)
        assert split_items(row["partner_notes"], len(links)) == [p["note"] or "" for p in links]
        assert row["partner_names"] == "; ".join(p["name"] for p in links)
        assert row["sources"] == "; ".join(dict.fromkeys(c["source"] for c in event["citations"]))
        assert row["weak"] == ("true" if event["weak"] else "false")
        assert row["source_date"] == (event["source_date"] or "")
        assert (row["summary"], row["note"]) == (event["summary"], event["note"] or "")
        # ISO first and last days; an open range has no end, and its as-of end is `until_end`.
        first, last = EVENT_BOUNDS[event["id"]]
        assert row["date_start"] == date.fromordinal(int(first)).isoformat()
        is_open = event["date"].endswith("/..")
        assert row["date_end"] == ("" if is_open else date.fromordinal(int(last)).isoformat())
        assert row["until_end"] == (date.fromordinal(int(last)).isoformat() if is_open else "")
        assert row["until"] == (event["until"] if is_open else "")
        assert row["as_of"] == (event["as_of"] or "")
        assert row["date_shown"] == event["date_shown"]
        assert row["date_mark"] == event["date_mark"]


def test_markdown_is_a_table_with_escaped_pipes(extra: str) -> None:
    result = run("timeline", "--data", extra, "--format", "markdown", "--kind", "visit")
    lines = result.stdout.splitlines()
    assert lines[0] == "| Date | Title | Partners | Sources | Id |"
    assert lines[1] == "|---|---|---|---|---|"
    odd = next(line for line in lines if "Markup" in line)
    assert "pipe \\| end" in odd
    cells = [c.strip() for c in odd.replace("\\|", "").strip("|").split(" | ")]
    assert cells[0] == "Jun 1999"
    assert cells[2:] == ["United States", "vpa-impact (weak)", "t-odd"]


def test_table_shows_decades_and_data_as_text_not_markup(extra: str) -> None:
    result = run("timeline", "--data", extra, "--format", "table", "--to", "1999")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    lines = [line.strip() for line in result.stdout.splitlines()]
    headings = [line for line in lines if line.endswith("0s") or line == "start unknown"]
    assert headings == ["start unknown", "1940s", "1950s", "1970s", "1980s", "1990s"]
    assert lines[lines.index("start unknown") + 1].startswith("until 1975")
    assert "[bold]Markup[/bold]" in result.stdout
    assert "after 1975" in result.stdout
    assert "Soviet Union (donor*)" in result.stdout
    # Supplied dates are marked, and the table says what the marks mean.
    assert "30 Apr 1975†" in result.stdout  # the range may wrap after its en dash
    words = " ".join(result.stdout.split())  # the legend wraps at the terminal's width
    assert "† date supplied: not stated in the sources" in words
    assert "* the partner link has a note (vpa show ID)" in words
    assert "(weak) a source assessed as weak" in words
    # Each title has the event's id under it, for `vpa show` and `vpa cite`.
    assert "1944-vpa-founding" in lines[lines.index("1940s") + 1 : lines.index("1940s") + 4]
    reverse = run("timeline", "--format", "table", "--to", "1999", "--reverse").stdout
    reverse_headings = [s.strip() for s in reverse.splitlines() if s.strip().endswith("0s")]
    assert reverse_headings == ["1990s", "1980s", "1970s", "1950s", "1940s"]


def test_table_degrades_typography_on_an_ascii_stream() -> None:
    for fmt in ("table", "plain"):
        done = subprocess.run(
            [sys.executable, "-m", "vpa_cli", "timeline", "--format", fmt, "--to", "1960"],
            capture_output=True,
            env={
                "PYTHONIOENCODING": "ascii",
                "NO_COLOR": "1",
                "PATH": "",
                "VPA_CACHE_DIR": CACHE_FOLDER,
            },
            cwd=REPO,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        text = done.stdout.decode("ascii")
        assert "21 Jul 1954-" in text
        assert "23 Sep 1945-21" in text  # the range may wrap after its en dash
        # The basis marks stay distinct without a dagger: (s) supplied, (d) derived.
        assert "1975(s)" in text
        if fmt == "table":
            assert "(s) date supplied: not stated in the sources" in text
        assert "Traceback" not in done.stderr.decode()


@pytest.mark.parametrize(
    ("fmt", "stdout"),
    [
        ("json", "[]\n"),
        ("csv", CSV_HEADER + "\n"),
        ("plain", ""),
        ("table", ""),
        ("markdown", "| Date | Title | Partners | Sources | Id |\n|---|---|---|---|---|\n"),
    ],
)
def test_no_events_is_empty_output_a_note_and_success(fmt: str, stdout: str) -> None:
    result = run("timeline", "--to", "1900", "--format", fmt)
    assert result.exit_code == 0
    assert result.stdout == stdout
    assert result.stderr.startswith("vpa timeline: no events match")
    assert "1900-12-31" in result.stderr
    assert result.stderr.count("\n") == 1


# ---------------------------------------------------------------- chart


def _anchor(event: dict[str, Any]) -> int:
    start, _, end = event["date"].partition("/")
    return int((end if start == ".." else start)[:4])


def test_chart_counts_events_per_decade_including_empty_ones() -> None:
    bars = run_json("timeline", "--chart")
    want = Counter(_anchor(e) // 10 * 10 for e in ALL)
    assert [b["start"] for b in bars] == list(range(1940, 2030, 10))
    assert {b["start"]: b["events"] for b in bars} == {
        d: want.get(d, 0) for d in range(1940, 2030, 10)
    }
    assert bars[2] == {"period": "1960s", "start": 1960, "events": 0}
    assert sum(b["events"] for b in bars) == len(ALL)


def test_chart_by_year_counts_ongoing_events_at_their_start() -> None:
    bars = {b["start"]: b["events"] for b in run_json("timeline", "--chart", "--by", "year")}
    in_2014 = [e for e in ALL if _anchor(e) == 2014]
    assert bars[2014] == len(in_2014)
    assert {e["id"] for e in in_2014} > PEACEKEEPING_SINCE_2014  # and 2014-first-un-peacekeepers
    assert all(n == 0 for year, n in bars.items() if year not in {_anchor(e) for e in ALL})
    assert sorted(bars) == list(range(1944, 2026))


def test_chart_follows_the_filters() -> None:
    bars = run_json("timeline", "--chart", "--partner", "us")
    assert {b["period"]: b["events"] for b in bars} == {
        "1950s": 1,
        "1960s": 0,
        "1970s": 0,
        "1980s": 0,
        "1990s": 2,
    }


def test_chart_keeps_to_the_window_with_before_and_after_bars(extra: str) -> None:
    in_window = run_json("timeline", "--from", "2020")
    bars = run_json("timeline", "--chart", "--by", "year", "--from", "2020")
    earlier = [e for e in in_window if _anchor(e) < 2020]
    assert bars[0] == {"period": "before 2020", "start": None, "events": len(earlier)}
    # Ranges begun before 2020 that run into it: open ones to their as-of date (Doi Moi
    # as of 2024, twice since 2014 as of 2025). The 1975 period ends in December 1986.
    assert {"1986-doi-moi", *PEACEKEEPING_SINCE_2014} <= {e["id"] for e in earlier}
    assert "1975-post-war-defence-diplomacy" not in {e["id"] for e in earlier}
    for e in earlier:
        assert EVENT_BOUNDS[e["id"]][1] >= date(2020, 1, 1).toordinal(), e["id"]
    assert [b["start"] for b in bars[1:]] == list(range(2020, 2026))
    assert sum(b["events"] for b in bars) == len(in_window)
    late = run_json("timeline", "--data", extra, "--chart", "--by", "year", "--to", "1900")
    assert late == [{"period": "after 1900", "start": None, "events": 1}]
    plain = run("timeline", "--chart", "--from", "2010", "--reverse").stdout.splitlines()
    assert [line.split("  ")[0] for line in plain] == ["2020s", "2010s", "before 2010"]


def test_chart_plain_is_drawn_with_hashes() -> None:
    result = run("timeline", "--chart")
    bars = {b["period"]: b["events"] for b in run_json("timeline", "--chart")}
    lines = result.stdout.splitlines()
    assert len(lines) == len(bars)
    for line in lines:
        period, count, *bar = line.split()
        assert int(count) == bars[period]
        assert (bar[0] if bar else "") == "#" * bars[period]


def test_chart_table_and_csv() -> None:
    table = run("timeline", "--chart", "--format", "table")
    assert table.exit_code == 0
    assert "2010s" in table.stdout and "\u2588" in table.stdout
    rows = list(csv.reader(io.StringIO(run("timeline", "--chart", "--format", "csv").stdout)))
    assert rows[0] == ["period", "start", "events"]
    assert sum(int(r[2]) for r in rows[1:]) == len(ALL)


def test_chart_of_nothing() -> None:
    result = run("timeline", "--chart", "--to", "1900", "--format", "json")
    assert result.exit_code == 0
    assert result.json() == []
    assert "no events match" in result.stderr


def test_chart_options_are_checked() -> None:
    assert "week" in usage_error("--chart", "--by", "week")
    assert "--chart" in usage_error("--by", "year")


def test_help_documents_the_window_and_the_plain_format() -> None:
    result = run("timeline", "--help")
    assert result.exit_code == 0
    for option in ("--from", "--to", "--strict", "--partner", "--kind", "--source", "--contains"):
        assert option in result.stdout
    assert "tab" in result.stdout


# ---------------------------------------------------------------- --chart --split kind


def _decade_kinds(events: list[dict[str, Any]]) -> Counter[tuple[int, str]]:
    """(decade, kind) -> events, counted where the chart counts them (count_year)."""
    return Counter((e["count_year"] // 10 * 10, e["kind"]) for e in events)


@pytest.mark.parametrize("extra", [[], ["--data", "tests/data/every-basis.json"]])
def test_chart_split_by_kind_counts_what_the_timeline_lists(extra: list[str]) -> None:
    """Each period's kinds add up to its bar, and each (period, kind) count is the
    number of listed events of that kind counted in that period; JSON and CSV agree."""
    events = run_json("timeline", *extra)
    bars = run_json("timeline", "--chart", *extra)
    rows = run_json("timeline", "--chart", "--split", "kind", *extra)
    kinds = list(dict.fromkeys(r["kind"] for r in rows))
    assert set(kinds) == {e["kind"] for e in events}
    assert len(rows) == len(bars) * len(kinds)  # every period has every kind, zeros too
    expected = _decade_kinds(events)
    for row in rows:
        assert set(row) == {"period", "start", "kind", "events"}
        assert row["events"] == expected[(row["start"], row["kind"])], row
    for bar in bars:
        mine = [r["events"] for r in rows if r["period"] == bar["period"]]
        assert sum(mine) == bar["events"]
    table = list(
        csv.reader(
            io.StringIO(
                run("timeline", "--chart", "--split", "kind", "--format", "csv", *extra).stdout
            )
        )
    )
    assert table[0] == ["period", "start", *kinds, "events"]
    for line, bar in zip(table[1:], bars, strict=True):
        assert line[0] == bar["period"] and int(line[-1]) == bar["events"]
        assert sum(int(n) for n in line[2:-1]) == bar["events"]
        assert {k: int(n) for k, n in zip(kinds, line[2:-1], strict=True)} == {
            r["kind"]: r["events"] for r in rows if r["period"] == bar["period"]
        }


def test_chart_split_keeps_the_window_bars() -> None:
    rows = run_json("timeline", "--chart", "--split", "kind", "--from", "2010")
    before = [r for r in rows if r["period"] == "before 2010"]
    bar = next(b for b in run_json("timeline", "--chart", "--from", "2010") if b["start"] is None)
    assert sum(r["events"] for r in before) == bar["events"] > 0


@pytest.mark.parametrize("fmt", ["plain", "table", "markdown"])
@pytest.mark.parametrize("columns", ["60", "80", "120"])
def test_chart_split_for_people_names_each_kind_with_its_count(fmt: str, columns: str) -> None:
    result = run(
        "timeline", "--chart", "--split", "kind", "--format", fmt, env={"COLUMNS": columns}
    )
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    if fmt == "markdown":
        assert "| Period | founding |" in result.stdout
    else:
        assert "1940s 3 founding 1, revolution 1, war 1" in text
    if fmt == "table":  # a table fits the terminal; plain lines and Markdown are whole
        assert all(len(line) <= int(columns) for line in result.stdout.splitlines())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--split", "kind"],
            "vpa: error: --split kind divides the bars of the chart; add --chart\n",
        ),
        (
            ["--chart", "--split", "partner"],
            "vpa: error: --split: unknown split 'partner'; one of: kind\n",
        ),
    ],
)
def test_chart_split_refuses_with_the_fix(args: list[str], message: str) -> None:
    result = run("timeline", *args)
    assert result.exit_code == 2 and result.stderr == message
