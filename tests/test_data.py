"""What the bundled dataset must hold, and the honesty rules it must keep."""

from __future__ import annotations

import hashlib
import itertools
import re

import pytest
from conftest import REPO

from vpa_cli.loading.reading import load_dataset
from vpa_cli.queries.resolve import resolve_partner
from vpa_cli.records.dates import FuzzyDate
from vpa_cli.text import fold

DATA = load_dataset([], env="")


def test_every_seed_has_a_source_record_with_its_checksum() -> None:
    files = {s.file for s in DATA.sources.values()}
    assert sorted(files) == sorted(f"seeds/{p.name}" for p in (REPO / "seeds").glob("*.txt"))
    for source in DATA.sources.values():
        assert source.sha256 == hashlib.sha256((REPO / source.file).read_bytes()).hexdigest()


def test_a_file_holding_two_works_splits_its_lines_between_them() -> None:
    # Seed 004 holds the 2015 article and, after "Your Comment (0)", the teaser of another.
    s = DATA.sources
    assert s["nguyen-chi-vinh-2015"].file == s["august-1945-uprising-teaser"].file
    assert s["nguyen-chi-vinh-2015"].span == (1, 32)
    assert s["august-1945-uprising-teaser"].span == (33, 34)
    by_file: dict[str, list[tuple[int, int | None]]] = {}
    for source in s.values():
        by_file.setdefault(source.file, []).append(source.span)
    for file, spans in by_file.items():
        if len(spans) > 1:
            ordered = sorted(spans)
            for (_, last), (first, _) in itertools.pairwise(ordered):
                assert last is not None and last < first, file


def test_source_metadata_is_only_what_the_text_says() -> None:
    s = DATA.sources
    # No text names its publication, publisher or address: each one given is supplied,
    # with a provenance note a reader can follow. Only two texts carry a publication date;
    # the teaser's is its full article's, supplied with a note.
    for src in s.values():
        covered = {f for p in src.provenance if p.note.strip() for f in p.fields}
        for field in ("publication", "publisher", "url"):
            if getattr(src, field) is not None:
                assert field in covered, (src.id, field)
    assert {sid: src.date.text for sid, src in s.items() if src.date} == {
        "nguyen-ba-duong-2018": "2018-03-22",
        "nguyen-chi-vinh-2015": "2015-03-02",
        "august-1945-uprising-teaser": "2025-08-15",
    }
    teaser = s["august-1945-uprising-teaser"]
    assert any("date" in p.fields and p.note.strip() for p in teaser.provenance)
    assert s["vpa-impact"].authors == []
    assert s["august-1945-uprising-teaser"].authors == []
    assert [p.display_name for p in s["dd-achievements"].authors] == ["Ngoc Hung", "Anh Vu"]
    assert [p.display_name for p in s["dd-achievements"].translators] == ["Mai Huong"]
    assert s["hoang-xuan-chien"].authors[0].family == "Hoang"


REQUIRED_EVENTS = {
    "1944-vpa-founding": "1944-12-22",
    "1945-08-general-uprising": "1945-08",
    "1975-post-war-defence-diplomacy": "1975-04-30/1986-12",
    "1986-doi-moi": "1986-12/..",
    "1995-us-normalisation": "1995",
    "1995-us-defence-cooperation": "1995/..",
    "2009-defence-white-book": "2009",
    "2013-04-10-politburo-resolution-22": "2013-04-10",
    "2014-first-un-peacekeepers": "2014-05-27/2014-06",
    "2014-un-peacekeeping-deployments": "2014/..",
    "2014-vietnam-china-border-defence-exchange": "2014-03/..",
    "2021-border-defence-exchange-laos-cambodia": "2021-12-12/2022-05-15",
    "2015-03-02-defence-diplomacy-guidelines": "2015-03-02",
    "2023-04-28-conclusion-53": "2023-04-28",
    "2024-02-26-cmc-resolution-2662": "2024-02-26",
    "2024-vietnam-defence-expo-2": "2024-12-19/2024-12-22",
    "2025-august-revolution-80th": "2025-09-02",
    "2023-02-turkey-earthquake-relief": "2023-02-13/2023-02-22",
    "2025-03-myanmar-earthquake-relief": "2025-03-30/2025-04-08",
}


@pytest.mark.parametrize(("rid", "date"), sorted(REQUIRED_EVENTS.items()))
def test_required_event(rid: str, date: str) -> None:
    events = {e.id: e for e in DATA.events}
    assert events[rid].date.text == date


def test_date_basis_is_honest() -> None:
    events = {e.id: e for e in DATA.events}
    assert events["2015-03-02-defence-diplomacy-guidelines"].date_basis == "stated"
    # The caption gives no day: 2 Sep 2025 comes from outside the sources.
    assert events["2025-august-revolution-80th"].date_basis == "supplied"
    assert events["2024-vietnam-defence-expo-2"].date_basis == "supplied"
    assert events["2023-02-turkey-earthquake-relief"].date_basis == "supplied"
    assert events["1995-us-defence-cooperation"].date_label == "post-1995"
    # A range of two separate happenings says which day is which.
    assert (
        events["2021-border-defence-exchange-laos-cambodia"].date_label
        == "12 Dec 2021 (Laos) and 15 May 2022 (Cambodia)"
    )
    # The source says Dec 2013; the resolution is dated 10 April 2013.
    resolution = events["2013-04-10-politburo-resolution-22"]
    assert resolution.date_basis == "supplied"
    assert resolution.source_date is not None and resolution.source_date.text == "2013-12"
    for event in DATA.events:
        if event.source_date is not None:
            assert event.date_basis != "stated", event.id
    for event in DATA.events:
        if event.date_basis != "stated":
            assert event.date_note, event.id


def test_event_ids_start_with_their_year() -> None:
    for event in DATA.events:
        start = event.date.start or event.date.end
        assert start is not None
        assert event.id.startswith(f"{start.year}-"), event.id


REQUIRED_PARTNERS = {
    "russia": ["russia", "Russian Federation"],
    "soviet-union": ["USSR", "soviet union"],
    "china": ["China"],
    "india": ["India"],
    "united-states": ["us", "USA", "u.s.", "United States", "United States of America", "America"],
    "japan": ["japan"],
    "australia": ["australia"],
    "laos": ["laos"],
    "cambodia": ["cambodia"],
    "turkey": ["turkey", "Türkiye", "turkiye"],
    "myanmar": ["myanmar"],
    "south-sudan": ["South Sudan"],
    "asean": ["ASEAN"],
    "united-nations": ["UN", "U.N.", "United Nations"],
    "admm": ["ADMM"],
    "admm-plus": ["ADMM+", "ADMM-Plus", "admm plus"],
    "shangri-la-dialogue": ["Shangri-La Dialogue"],
    "beijing-xiangshan-forum": ["Xiangshan Forum", "Beijing Xiangshan Forum"],
    "moscow-conference": ["Moscow Conference on International Security"],
    "asean-regional-forum": ["ARF", "ASEAN Regional Forum"],
}


@pytest.mark.parametrize(("pid", "names"), sorted(REQUIRED_PARTNERS.items()))
def test_required_partner_and_aliases(pid: str, names: list[str]) -> None:
    for name in names:
        assert resolve_partner(DATA, name).id == pid, name


def test_partner_kinds() -> None:
    kinds = {p.id: p.kind for p in DATA.partners.values()}
    assert kinds["russia"] == "country"
    assert kinds["asean"] == "organisation"
    assert kinds["shangri-la-dialogue"] == "forum"


REQUIRED_FACTS = [
    "over-100-defence-partners",
    "over-1100-peacekeepers",
    "four-nos-policy",
    "motto-five-qualities",
    "three-breakthroughs",
    "seven-guidelines-2015",
    "bilateral-cooperation-fields",
]


@pytest.mark.parametrize("fid", REQUIRED_FACTS)
def test_required_fact(fid: str) -> None:
    assert fid in {f.id for f in DATA.facts}


def test_every_date_parses_and_intervals_are_ordered() -> None:
    for event in DATA.events:
        again = FuzzyDate.parse(event.date.text)
        assert again == event.date


_WORDS = re.compile(r"[a-z0-9]+")
_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")


def _words(text: str) -> list[str]:
    return _WORDS.findall(fold(text))


def test_titles_and_summaries_are_our_own_words() -> None:
    """No title, summary or statement copies ten words in a row from a seed.

    Names and mottos taken over word for word are put in quotation marks and not counted.
    """
    seeds = (
        " "
        + " ".join(" ".join(_words(p.read_text("utf-8"))) for p in (REPO / "seeds").glob("*.txt"))
        + " "
    )
    texts = [(e.id, f"{e.title}. {e.summary}") for e in DATA.events]
    texts += [(f.id, f"{f.title}. {f.summary}") for f in DATA.facts]
    texts += [(p.id, s.text) for p in DATA.partners.values() for s in p.statements]
    copied = []
    for rid, text in texts:
        words = _words(_QUOTED.sub(" ", text))
        for i in range(len(words) - 9):
            if " " + " ".join(words[i : i + 10]) + " " in seeds:
                copied.append((rid, " ".join(words[i : i + 10])))
                break
    assert copied == []
