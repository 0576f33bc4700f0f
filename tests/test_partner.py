"""`vpa partner`: one partner's profile, and the list of partners, through the command line."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, run, run_json
from hypothesis import given, settings
from hypothesis import strategies as st

from vpa_cli.claims.evidence import names
from vpa_cli.loading.reading import load_dataset
from vpa_cli.queries.resolve import resolve_partner
from vpa_cli.records import vocab
from vpa_cli.records.types import Event, Fact

PARTNERS = json.loads((REPO / "data" / "partners.json").read_text(encoding="utf-8"))["partners"]
PARTNER_IDS = [p["id"] for p in PARTNERS]
NAMES = [(p["id"], n) for p in PARTNERS for n in (p["name"], *p["aliases"])]
DATASET = load_dataset()
LIST_KEYS = {
    "id",
    "name",
    "kind",
    "event_count",
    "fact_count",
    "statement_count",
    "first_year",
    "last_year",
    "open_start",
    "ongoing",
}
PROFILE_KEYS = {
    "id",
    "name",
    "kind",
    "aliases",
    "note",
    "citations",
    "areas",
    "events",
    "forums",
    "related",
    "facts",
    "sources",
}


def ids_of(links: list[dict[str, Any]]) -> list[str]:
    """The partner ids of an event's or fact's JSON `partners` (objects since 0.2.0)."""
    return [link["id"] for link in links]


def write_data(tmp_path: Path, doc: dict[str, Any]) -> str:
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def cite(line: int = 1, quote: str = "anything") -> dict[str, Any]:
    # Loading checks that the source exists, not the quote: that is `vpa check`'s job.
    return {"source": "vpa-impact", "line": line, "quote": quote}


def event(eid: str, date: str, partners: list[str]) -> dict[str, Any]:
    return {
        "id": eid,
        "date": date,
        "date_basis": "stated",
        "title": f"Title of {eid}",
        "summary": "A summary.",
        "kind": "visit",
        "partners": partners,
        "citations": [cite(5)],
    }


def fact(fid: str, partners: list[str]) -> dict[str, Any]:
    return {
        "id": fid,
        "title": f"Title of {fid}",
        "summary": "A summary.",
        "kind": "figure",
        "partners": partners,
        "citations": [cite(6)],
    }


def partner(pid: str, name: str, kind: str = "country", **extra: Any) -> dict[str, Any]:
    return {"id": pid, "name": name, "kind": kind, "citations": [cite(7)], **extra}


# ---------------------------------------------------------------- resolving names


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("russia", "russia"),
        ("Russian Federation", "russia"),
        ("RUSSIA", "russia"),
        ("us", "united-states"),
        ("USA", "united-states"),
        ("America", "united-states"),
        ("U.S.", "united-states"),
        ("ussr", "soviet-union"),
        ("Soviet Union", "soviet-union"),
        ("turkey", "turkey"),
        ("Türkiye", "turkey"),
        ("TÜRKIYE", "turkey"),
        ("trung quoc", "china"),
        ("Trung Quốc", "china"),
        ("admm+", "admm-plus"),
        ("Lao People\u2019s Democratic Republic", "laos"),
    ],
)
def test_partner_resolves_id_name_or_alias_loosely(typed: str, expected: str) -> None:
    assert run_json("partner", typed)["id"] == expected


@settings(max_examples=60, deadline=None)
@given(
    pick=st.sampled_from(NAMES),
    flips=st.lists(st.booleans(), min_size=len(max((n for _, n in NAMES), key=len))),
    pad=st.sampled_from(["", " ", "  ", "\u00a0"]),
)
def test_any_casing_of_any_alias_resolves(
    pick: tuple[str, str], flips: list[bool], pad: str
) -> None:
    pid, name = pick
    typed = "".join(
        ch.upper() if up else ch.lower() for ch, up in zip(name, flips[: len(name)], strict=True)
    )
    assert resolve_partner(DATASET, pad + typed + pad).id == pid


def test_unknown_name_fails_with_one_line_and_the_closest_names() -> None:
    result = run("partner", "rusia")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "'rusia'" in result.stderr
    assert "russia" in result.stderr.split("did you mean")[1]
    # Only hints nearly as close as the best: not also "usa" (united-states).
    assert result.stderr.endswith("(did you mean: russia?)\n")
    assert result.exception is None
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("empty", ["", "   ", "..."])
def test_empty_name_is_a_usage_error(empty: str) -> None:
    result = run("partner", empty)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "partner name" in result.stderr
    assert result.exception is None


# ---------------------------------------------------------------- the profile


def test_profile_json_has_the_documented_shape() -> None:
    profile = run_json("partner", "russia")
    assert set(profile) == PROFILE_KEYS
    assert (profile["id"], profile["name"], profile["kind"]) == ("russia", "Russia", "country")
    assert "Russian Federation" in profile["aliases"]
    for group in profile["areas"]:
        assert set(group) == {"area", "description", "statements"}
        assert group["description"] == vocab.AREAS[group["area"]]
        for statement in group["statements"]:
            assert statement["area"] == group["area"]
            assert statement["citations"]
            for c in statement["citations"]:
                assert set(c) == {"source", "line", "quote", "paragraph", "place"}


def test_areas_follow_the_vocabulary_order_and_keep_every_statement() -> None:
    for pid in ("russia", "united-states", "asean", "united-nations"):
        profile = run_json("partner", pid)
        areas = [g["area"] for g in profile["areas"]]
        assert areas == [a for a in vocab.AREAS if a in areas]
        assert len(set(areas)) == len(areas)
        raw = next(p for p in PARTNERS if p["id"] == pid)["statements"]
        shown = [s for g in profile["areas"] for s in g["statements"]]
        # The data file may leave out the defaults (basis `named`, no note); the output
        # writes them, and `weak`, which vpa works out.
        assert all(isinstance(s["weak"], bool) for s in shown)
        assert sorted(_written(s) for s in shown) == sorted(_written(s) for s in raw)


def _written(statement: dict[str, Any]) -> str:
    return json.dumps(
        {
            "area": statement["area"],
            "text": statement["text"],
            "basis": statement.get("basis", "named"),
            "note": statement.get("note"),
            # A citation as written; its paragraph and place are worked out by vpa.
            "citations": [
                {k: c[k] for k in ("source", "line", "quote")} for c in statement["citations"]
            ],
        },
        sort_keys=True,
    )


def test_russia_profile_covers_the_areas_its_sources_name() -> None:
    areas = {g["area"] for g in run_json("partner", "russia")["areas"]}
    assert {"history", "arms-trade", "training", "joint-exercises"} <= areas


def test_profile_text_comes_from_the_data_not_the_code(tmp_path: Path) -> None:
    data = write_data(
        tmp_path,
        {
            "partners": [
                partner(
                    "atlantis",
                    "Atlantis",
                    aliases=["Lost City"],
                    citations=[cite(7, "Atlantis")],
                    statements=[
                        {
                            "area": "aid",
                            "text": "Sent 7 submarines.",
                            "basis": "inferred",
                            "note": "the submarines fly its flag",
                            "citations": [cite(9, "q")],
                        },
                        {
                            "area": "history",
                            "text": "Sank long ago.",
                            "citations": [cite(8, "the Lost City")],
                        },
                    ],
                )
            ]
        },
    )
    profile = run_json("partner", "lost city", "--data", data)
    assert profile["id"] == "atlantis"
    assert [(g["area"], [s["text"] for s in g["statements"]]) for g in profile["areas"]] == [
        ("history", ["Sank long ago."]),
        ("aid", ["Sent 7 submarines."]),
    ]
    assert profile["events"] == profile["facts"] == profile["forums"] == []
    assert profile["sources"] == [
        {
            "id": "vpa-impact",
            "title": DATASET.sources["vpa-impact"].title,
            "weak": True,
            "lines": [7, 8],
            "implied": [{"line": 9, "note": "the submarines fly its flag"}],
        }
    ]


def test_profile_events_are_full_records_in_date_order() -> None:
    timeline = {e["id"]: e for e in run_json("timeline")}
    events = run_json("partner", "united-states")["events"]
    assert [e["id"] for e in events] == [
        "1954-resistance-war-against-us",
        "1995-us-normalisation",
        "1995-us-defence-cooperation",
    ]
    for e in events:
        assert e == timeline[e["id"]]
        assert "united-states" in ids_of(e["partners"])


def test_profile_events_sort_by_date_whatever_the_file_order(tmp_path: Path) -> None:
    data = write_data(
        tmp_path,
        {
            "partners": [partner("zed", "Zed")],
            "events": [
                event("e-2001", "2001", ["zed"]),
                event("e-1999-06", "1999-06", ["zed"]),
                event("e-1999", "1999", ["zed"]),
                event("e-1999-01", "1999-01", ["zed", "russia"]),
            ],
        },
    )
    events = run_json("partner", "zed", "--data", data)["events"]
    # Same first day: the one that can end sooner comes first (FuzzyDate.sort_key).
    assert [e["id"] for e in events] == ["e-1999-01", "e-1999", "e-1999-06", "e-2001"]


def test_profile_lists_every_event_and_fact_that_names_the_partner() -> None:
    for pid in PARTNER_IDS:
        profile = run_json("partner", pid)
        assert {e["id"] for e in profile["events"]} == {
            e.id for e in DATASET.events if pid in e.partner_ids
        }
        assert [f["id"] for f in profile["facts"]] == [
            f.id for f in DATASET.facts if pid in f.partner_ids
        ]
        assert all(pid in ids_of(f["partners"]) and "summary" in f for f in profile["facts"])


@pytest.mark.parametrize("pid", PARTNER_IDS)
def test_sources_gather_every_line_cited_on_the_profile_that_names_or_implies_it(
    pid: str,
) -> None:
    """Lines whose quote names the partner; lines of an inferred link or statement with its
    note; no other line of a record's quotes (issue 12.3)."""
    profile = run_json("partner", pid)
    names_of = [profile["name"], *profile["aliases"]]
    named: list[dict[str, Any]] = list(profile["citations"])
    implied: list[tuple[dict[str, Any], str]] = []
    for statement in (s for g in profile["areas"] for s in g["statements"]):
        if statement["basis"] == "inferred":
            implied += [(c, statement["note"]) for c in statement["citations"]]
        else:
            named += statement["citations"]
    for record in (*profile["events"], *profile["facts"]):
        for link in record["partners"]:
            if link["id"] != pid:
                continue
            if link["basis"] == "inferred":
                implied += [(c, link["note"]) for c in record["citations"]]
            else:
                named += record["citations"]
    lines: dict[str, set[int]] = {}
    for c in named:
        if names(c["quote"], names_of):
            lines.setdefault(c["source"], set()).add(c["line"])
    notes: dict[str, dict[int, str]] = {}
    for c, note in implied:
        assert note and note.strip(), (pid, c)
        if c["line"] not in lines.get(c["source"], set()):
            notes.setdefault(c["source"], {}).setdefault(c["line"], note)
    expected = {
        sid: (sorted(lines.get(sid, ())), sorted(notes.get(sid, {}).items()))
        for sid in {*lines, *notes}
    }
    shown = {
        s["id"]: (s["lines"], [(i["line"], i["note"]) for i in s["implied"]])
        for s in profile["sources"]
    }
    assert shown == expected
    assert [s["id"] for s in profile["sources"]] == [
        sid for sid in DATASET.sources if sid in expected
    ]
    for s in profile["sources"]:
        assert s["weak"] is DATASET.sources[s["id"]].weak


def test_forums_of_an_organisation_come_from_shared_records() -> None:
    forums = run_json("partner", "asean")["forums"]
    assert [f["id"] for f in forums] == ["admm", "admm-plus", "asean-regional-forum"]
    assert forums[0]["via"] == ["admm-admm-plus-participation"]
    for f in forums:
        for rid in f["via"]:
            shared: list[Event | Fact] = [*DATASET.events, *DATASET.facts]
            record = next(r for r in shared if r.id == rid)
            assert {"asean", f["id"]} <= set(record.partner_ids)


def test_a_forum_is_where_vietnam_meets_itself_only() -> None:
    assert run_json("partner", "admm")["forums"] == [
        {"id": "admm", "name": "ADMM", "via": [], "hosts": False}
    ]


def test_a_partner_never_named_with_a_forum_has_none() -> None:
    assert run_json("partner", "india")["forums"] == []


def test_a_partner_hosting_a_forum_meets_vietnam_there() -> None:
    """Russia is never named with a forum in the records, but hosts the Moscow Conference,
    which the texts name among the forums Vietnam attends (a supplied relation)."""
    forums = run_json("partner", "russia")["forums"]
    assert forums == [
        {
            "id": "moscow-conference",
            "name": "Moscow Conference on International Security",
            "via": [],
            "hosts": True,
        }
    ]
    assert "forum\tmoscow-conference\tMoscow Conference on International Security\thosts it" in (
        run("partner", "russia").stdout
    )


def test_forums_rank_by_shared_records_then_name(tmp_path: Path) -> None:
    data = write_data(
        tmp_path,
        {
            "partners": [
                partner("zed", "Zed"),
                partner("forum-b", "B Forum", "forum"),
                partner("forum-a", "A Forum", "forum"),
                partner("forum-c", "C Forum", "forum"),
            ],
            "events": [
                event("2001-x", "2001", ["zed", "forum-b", "russia"]),
                event("2002-x", "2002", ["zed", "forum-c"]),
            ],
            "facts": [fact("f-x", ["zed", "forum-c", "forum-a"])],
        },
    )
    forums = run_json("partner", "zed", "--data", data)["forums"]
    assert [(f["id"], f["via"]) for f in forums] == [
        ("forum-c", ["2002-x", "f-x"]),
        ("forum-a", ["f-x"]),
        ("forum-b", ["2001-x"]),
    ]


def test_profile_markdown_has_every_section() -> None:
    result = run("partner", "united-states", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# United States"
    sections = [line for line in lines if line.startswith("## ")]
    assert sections == [
        "## What the sources say",
        "## Timeline",
        "## Forums where Vietnam meets it",
        "## Related partners",
        "## Facts",
        "## Sources",
    ]
    assert "### Intelligence sharing" in lines
    timeline = [line for line in lines if line.endswith(" |") and "1995-us-" in line]
    # Dates carry their basis (1995 is supplied) and an open range its as-of date.
    dates = [line.split(" | ")[0] for line in timeline]
    assert dates[0] == "| 1995†"
    assert dates[1].startswith("| post-1995\u2021 (as of ") and len(dates) == 2


def test_markdown_escapes_data_text(tmp_path: Path) -> None:
    data = write_data(
        tmp_path,
        {
            "partners": [
                partner(
                    "pipes",
                    "A|B *bold* [link](x)",
                    statements=[{"area": "aid", "text": "x|y", "citations": [cite()]}],
                )
            ]
        },
    )
    out = run("partner", "pipes", "--data", data, "--format", "markdown").stdout
    assert out.splitlines()[0] == r"# A\|B \*bold\* \[link\](x)"
    assert r"- x\|y" in out


def test_plain_profile_is_one_tagged_record_per_line() -> None:
    result = run("partner", "russia")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split("\t")[:4] == ["partner", "russia", "Russia", "country"]
    tags = [line.split("\t")[0] for line in lines]
    profile = run_json("partner", "russia")
    assert tags.count("statement") == sum(len(g["statements"]) for g in profile["areas"])
    assert tags.count("fact") == len(profile["facts"])
    assert tags.count("source") == len(profile["sources"])
    assert "\x1b" not in result.stdout


def test_table_profile_shows_the_sections() -> None:
    result = run("partner", "united-states", "--format", "table")
    assert result.exit_code == 0, result.stderr
    for title in ("United States", "What the sources say", "Timeline", "Forums", "Sources"):
        assert title in result.stdout
    assert "none in the dataset" in result.stdout  # no forum names the United States


def test_hostile_data_text_stays_text_on_a_table(tmp_path: Path) -> None:
    data = write_data(
        tmp_path,
        {
            "partners": [
                partner(
                    "evil",
                    "[bold red]Evil[/] \x1b[31m",
                    statements=[{"area": "aid", "text": "[link=x]y[/link]", "citations": [cite()]}],
                )
            ]
        },
    )
    for fmt in ("table", "plain", "markdown"):
        result = run("partner", "evil", "--data", data, "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout
        assert "Evil" in result.stdout
    assert "[bold red]Evil[/]" in run("partner", "evil", "--data", data, "-f", "table").stdout


def test_csv_is_refused_for_a_profile() -> None:
    result = run("partner", "russia", "--format", "csv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "csv" in result.stderr
    assert result.stderr.count("\n") == 1


def test_sort_with_a_name_is_a_usage_error() -> None:
    result = run("partner", "russia", "--sort", "count")
    assert result.exit_code == 2
    assert "--sort" in result.stderr


# ---------------------------------------------------------------- the list


def test_list_has_every_partner_with_counts() -> None:
    rows = run_json("partner")
    assert sorted(r["id"] for r in rows) == sorted(PARTNER_IDS)
    for row in rows:
        assert set(row) == LIST_KEYS
        assert row["event_count"] == sum(row["id"] in e.partner_ids for e in DATASET.events)
        assert row["fact_count"] == sum(row["id"] in f.partner_ids for f in DATASET.facts)
        assert row["statement_count"] == len(DATASET.partners[row["id"]].statements)


def test_a_partner_with_statements_only_does_not_look_empty() -> None:
    # Issue 24: the list showed Australia as "0 0", though the sources speak of it.
    australia = {r["id"]: r for r in run_json("partner")}["australia"]
    said = len(DATASET.partners["australia"].statements)
    assert said > 0  # the control: a partner with statements and nothing else
    assert (australia["event_count"], australia["fact_count"], australia["statement_count"]) == (
        0,
        0,
        said,
    )
    for width in ("60", "80", "120"):
        table = run("partner", "--format", "table", env={"COLUMNS": width}).stdout
        lines = table.splitlines()
        at = next(i for i, x in enumerate(lines) if x.startswith("australia "))
        row = [lines[at], *(x for x in lines[at + 1 : at + 5] if x.startswith(" "))]
        # events, facts, then statements: in columns, or each count with its noun
        counted = re.search(rf"\s0\s+0\s+{said}(\s|$)", row[0]) and re.search(
            r"statements|state-", lines[0]
        )
        named = f"{said}\u00a0statement" in "\n".join(row)
        assert counted or named, row
    plain = next(x for x in run("partner").stdout.splitlines() if x.startswith("australia\t"))
    assert plain.split("\t")[3:6] == ["0", "0", str(said)]


def us_last_year() -> int:
    """The last year the United States' events speak of: an open range counts to the year
    of its as-of date (`until`), read from the timeline's JSON."""
    years = []
    for e in run_json("timeline", "--partner", "united-states"):
        years += [int(part[:4]) for part in e["date"].split("/") if part != ".."]
        if e["date"].endswith("/.."):
            years.append(int(e["until"][:4]))
    return max(years)


def test_list_years_come_from_events_with_open_ends() -> None:
    rows = {r["id"]: r for r in run_json("partner")}
    # 1954/1975, 1995, and 1995/.. (ongoing: the last year is the year of its as-of date)
    us = rows["united-states"]
    assert (us["first_year"], us["last_year"], us["ongoing"], us["open_start"]) == (
        1954,
        us_last_year(),
        True,
        False,
    )
    assert us["last_year"] >= 1995
    # Aid from 1950 (1950/1954-07) and the war against the United States (1954/1975).
    assert (rows["soviet-union"]["first_year"], rows["soviet-union"]["last_year"]) == (1950, 1986)
    assert rows["soviet-union"]["ongoing"] is False
    russia = rows["russia"]
    # Russia's one event is 2025-august-revolution-80th; the Soviet Union's years are its own.
    assert (russia["first_year"], russia["last_year"], russia["event_count"]) == (2025, 2025, 1)


def test_list_handles_an_event_open_at_the_start(tmp_path: Path) -> None:
    data = write_data(
        tmp_path,
        {"partners": [partner("zed", "Zed")], "events": [event("x-1", "../1975", ["zed"])]},
    )
    rows = {r["id"]: r for r in run_json("partner", "--data", data)}
    assert rows["zed"]["first_year"] == rows["zed"]["last_year"] == 1975
    assert rows["zed"]["open_start"] is True
    plain = run("partner", "--data", data).stdout
    line = next(line for line in plain.splitlines() if line.startswith("zed\t"))
    assert line.split("\t")[6:] == ["1975 or earlier", "1975"]


def test_list_sorts_by_name_by_default() -> None:
    names = [r["name"] for r in run_json("partner")]
    assert names == sorted(names, key=str.casefold)
    assert [r["name"] for r in run_json("partner", "--sort", "name")] == names


def test_list_sorts_by_count_descending_ties_by_name() -> None:
    rows = run_json("partner", "--sort", "count")
    keys = [
        (-(r["event_count"] + r["fact_count"] + r["statement_count"]), r["name"].casefold())
        for r in rows
    ]
    assert keys == sorted(keys)  # statements count too: one the sources speak of ranks higher


def test_unknown_sort_is_a_usage_error() -> None:
    result = run("partner", "--sort", "size")
    assert result.exit_code == 2
    assert "size" in result.stderr


def test_list_plain_markdown_and_csv() -> None:
    plain = run("partner").stdout.splitlines()
    assert len(plain) == len(PARTNER_IDS)
    assert all(len(line.split("\t")) == 8 for line in plain)
    markdown = run("partner", "--format", "markdown").stdout.splitlines()
    assert markdown[0] == "| id | name | kind | events | facts | statements | first | last |"
    assert len(markdown) == len(PARTNER_IDS) + 2
    csv_lines = run("partner", "--format", "csv").stdout.splitlines()
    assert csv_lines[0].split(",") == [
        "id",
        "name",
        "kind",
        "event_count",
        "fact_count",
        "statement_count",
        "first_year",
        "last_year",
        "open_start",
        "ongoing",
    ]
    said = len(DATASET.partners["united-states"].statements)
    us = f"united-states,United States,country,3,5,{said},1954,{us_last_year()},false,true"
    assert us in csv_lines


def test_list_table_runs() -> None:
    result = run("partner", "--format", "table")
    assert result.exit_code == 0, result.stderr
    assert "United Nations" in result.stdout
    # A partner with an open range shows the year of its as-of date, and that it is open.
    us = next(line for line in result.stdout.splitlines() if "United States" in line)
    assert us.split()[-2:] == [f"{us_last_year()},", "open"]


@pytest.mark.parametrize("fmt", ["plain", "table", "markdown"])
def test_profile_degrades_typography_on_an_ascii_stream(fmt: str) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "NO_COLOR": "1", "COLUMNS": "100"}
    result = subprocess.run(
        [sys.executable, "-m", "vpa_cli", "partner", "russia", "--format", fmt],
        capture_output=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii()
    # Curly quotes became straight ones rather than '?' replacement marks.
    assert b'"Russia: Historically significant"' in result.stdout
    assert b"?" not in result.stdout
