"""`vpa cite`: references in each style, citations of records, BibTeX and CSL-JSON exports.

The bundled sources cover the cases the manuals treat differently: a ranked author
(every source with an author), authors with a translator (dd-achievements), no author
(vpa-impact, august-1945-uprising-teaser), no date (three sources), a date supplied
from the publisher's page (the teaser), an untitled work described in brackets, journals
and a newspaper with their URLs, a web article with its site and URL (vpa-impact), and
an access date (nguyen-chi-vinh-2015). A
user data file adds what the bundled sources lack: Western names, many authors, a
dated newspaper and web article, a book, month and approximate dates.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CACHE_FOLDER, run, run_json
from hypothesis import given
from hypothesis import strategies as st

from vpa_cli.claims.view import Claims
from vpa_cli.loading.reading import load_dataset
from vpa_cli.queries.cite.bibtex import escape, protect_title
from vpa_cli.queries.cite.people import initials
from vpa_cli.queries.cite.titles import headline
from vpa_cli.records.types import record_citations

STYLES = ("apa", "chicago", "mla", "plain")

# The addresses of the bundled sources (the teaser's is its full article's page).
URL = {
    "august-1945-uprising-teaser": "https://tapchiqptd.vn/en/theory-and-practice/"
    "the-armed-forces-role-in-august-1945-general-uprising-and-issues-on-building-a-modern-viet"
    "/24692.html",
    "vpa-impact": "https://totalmilitaryinsight.com/?p=360",
    "dd-achievements": "https://en.qdnd.vn/military/intl-relations-and-cooperation/"
    "part-1-expanding-cooperation-to-safeguard-fatherland-early-and-from-afar-583880",
    "hoang-xuan-chien": "http://tapchiqptd.vn/en/theory-and-practice/enhancing-international"
    "-integration-and-defence-diplomacy-under-the-partys-foreign-lines/23255.html",
    "nguyen-ba-duong-2018": "http://www.lyluanchinhtri.vn/home/en/index.php/figure-and-events/"
    "item/544-vietnam%E2%80%99s-international-integration-in-national-defense-and-security.html",
    "nguyen-chi-vinh-2015": "https://tapchiqptd.vn/en/theory-and-practice/"
    "general-guidelines-set-out-for-defence-diplomacy-in-2015/7056.html",
}
SITE = "Total Military Insight"  # vpa-impact's site: named by its other pages, not by it

# The bibliography of the bundled sources, as each manual asks for it (see the
# modules of vpa_cli.queries.cite for the rules and the choices where they are silent).
# No bundled source gives a volume, issue or pages. Every bundled web source gives the
# date it was accessed; Chicago and MLA print it for an undated source only, APA never.
BIBLIOGRAPHY = {
    "apa": [
        "The armed forces’ role in August 1945 General Uprising and issues on building a modern"
        " Vietnam People’s Army today. (2025). National Defence Journal."
        f" {URL['august-1945-uprising-teaser']}",
        "Hoang, X. C. (n.d.). Enhancing international integration and defence diplomacy"
        f" under the Party’s foreign lines. National Defence Journal. {URL['hoang-xuan-chien']}",
        "Ngoc Hung, & Anh Vu. (n.d.). [Article on the outcomes and achievements of"
        " Vietnam’s defence diplomacy] (Mai Huong, Trans.). People's Army Newspaper."
        f" {URL['dd-achievements']}",
        # A journal article: the year only, the journal (italic), no publisher.
        "Nguyen, B. D. (2018). Vietnam’s international integration in national defense"
        f" and security. Political Theory Journal. {URL['nguyen-ba-duong-2018']}",
        "Nguyen, C. V. (2015). General guidelines set out for defence diplomacy in 2015."
        f" National Defence Journal. {URL['nguyen-chi-vinh-2015']}",
        # A web article: the site in roman, after the date.
        "[Overview essay on the Vietnam People’s Army’s impact on military diplomacy]. (n.d.)."
        f" {SITE}. {URL['vpa-impact']}",
    ],
    "chicago": [
        "“The Armed Forces’ Role in August 1945 General Uprising and Issues on Building a Modern"
        " Vietnam People’s Army Today.” National Defence Journal (2025)."
        f" {URL['august-1945-uprising-teaser']}.",
        "Hoang Xuan Chien. “Enhancing International Integration and Defence Diplomacy"
        " under the Party’s Foreign Lines.” National Defence Journal, n.d."
        f" Accessed December 5, 2026. {URL['hoang-xuan-chien']}.",
        "Ngoc Hung and Anh Vu. Article on the outcomes and achievements of Vietnam’s"
        " defence diplomacy. Translated by Mai Huong. People's Army Newspaper, n.d."
        f" Accessed December 5, 2026. {URL['dd-achievements']}.",
        "Nguyen Ba Duong. “Vietnam’s International Integration in National Defense and"
        f" Security.” Political Theory Journal (2018). {URL['nguyen-ba-duong-2018']}.",
        "Nguyen Chi Vinh. “General Guidelines Set Out for Defence Diplomacy in 2015.”"
        f" National Defence Journal (2015). {URL['nguyen-chi-vinh-2015']}.",
        # A web article: the site name in roman, then the date.
        "Overview essay on the Vietnam People’s Army’s impact on military diplomacy."
        f" {SITE}. n.d. Accessed December 5, 2026. {URL['vpa-impact']}.",
    ],
    "mla": [
        "“The Armed Forces’ Role in August 1945 General Uprising and Issues on Building a Modern"
        " Vietnam People’s Army Today.” National Defence Journal, 15 Aug. 2025,"
        f" {URL['august-1945-uprising-teaser']}.",
        "Hoang Xuan Chien. “Enhancing International Integration and Defence Diplomacy"
        " under the Party’s Foreign Lines.” National Defence Journal,"
        f" {URL['hoang-xuan-chien']}. Accessed 5 Dec. 2026.",
        "Ngoc Hung and Anh Vu. Article on the outcomes and achievements of Vietnam’s"
        " defence diplomacy. Translated by Mai Huong, People's Army Newspaper,"
        f" {URL['dd-achievements']}. Accessed 5 Dec. 2026.",
        "Nguyen Ba Duong. “Vietnam’s International Integration in National Defense and"
        f" Security.” Political Theory Journal, 22 Mar. 2018, {URL['nguyen-ba-duong-2018']}.",
        "Nguyen Chi Vinh. “General Guidelines Set Out for Defence Diplomacy in 2015.”"
        f" National Defence Journal, 2 Mar. 2015, {URL['nguyen-chi-vinh-2015']}.",
        # The site is the container; no date, so none is given.
        "Overview essay on the Vietnam People’s Army’s impact on military diplomacy."
        f" {SITE}, {URL['vpa-impact']}. Accessed 5 Dec. 2026.",
    ],
    "plain": [
        "The armed forces’ role in August 1945 General Uprising and issues on building a modern"
        " Vietnam People’s Army today (15 Aug 2025). National Defence Journal."
        f" {URL['august-1945-uprising-teaser']}",
        "Hoang Xuan Chien (n.d.). Enhancing international integration and defence diplomacy"
        f" under the Party’s foreign lines. National Defence Journal. {URL['hoang-xuan-chien']}",
        "Ngoc Hung and Anh Vu (n.d.). [Article on the outcomes and achievements of"
        " Vietnam’s defence diplomacy]. Translated by Mai Huong. People's Army Newspaper."
        f" {URL['dd-achievements']}",
        "Nguyen Ba Duong (22 Mar 2018). Vietnam’s international integration in national"
        f" defense and security. Political Theory Journal. {URL['nguyen-ba-duong-2018']}",
        "Nguyen Chi Vinh (2 Mar 2015). General guidelines set out for defence diplomacy in 2015."
        f" National Defence Journal. {URL['nguyen-chi-vinh-2015']}",
        "[Overview essay on the Vietnam People’s Army’s impact on military diplomacy] (n.d.)."
        f" {SITE}. {URL['vpa-impact']}",
    ],
}

EVENT = "2015-03-02-defence-diplomacy-guidelines"


def _source(sid: str, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": sid,
        "file": "mine.txt",
        "title": "Untitled",
        "citations": [{"source": sid, "line": 1, "quote": "A line."}],
    }
    record.update(fields)
    return record


def _person(family: str, given: str | None = None) -> dict[str, str]:
    return {"family": family, "given": given} if given else {"family": family}


USER_SOURCES = [
    _source(
        "thayer-2019",
        title="Vietnam's defence diplomacy: a new era for the VPA",
        authors=[_person("Thayer", "Carlyle A.")],
        publication="Journal of Things",
        date="2019-07",
        type="journal-article",
    ),
    _source(
        "paper-2016",
        title="Joint exercise with anti-piracy units held off the coast",
        authors=[_person("Tran", "Van An"), _person("Smith", "John"), {"literal": "Le Thi B"}],
        translators=[_person("Doe", "Jane")],
        publication="People's Army Newspaper",
        date="2016-05-01",
        type="newspaper-article",
    ),
    _source(
        "portal-2019",
        title="The defence white paper is released",
        publication="Ministry Portal",
        date="2019-12-05",
        type="web-article",
    ),
    _source(
        "crowd-2018",
        title="A book by many",
        authors=[_person(f"Author{i:02d}", "Given") for i in range(1, 23)],
        publication="Hanoi Press",
        date="2018",
        type="book",
    ),
    _source(
        "special-2010",
        title="R&D: 100% of $5 #1 under_score {braces} ~tilde^caret \\back",
        authors=[{"literal": "Institute & Co"}],
        date="2010~",
        type="report",
    ),
]


@pytest.fixture(scope="module")
def user_data(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("cite")
    (folder / "mine.txt").write_text("A line.\n", encoding="utf-8")
    path = folder / "mine.json"
    path.write_text(json.dumps({"sources": USER_SOURCES}, ensure_ascii=False), encoding="utf-8")
    return str(path)


def cite(*args: str) -> str:
    result = run("cite", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def entry(sid: str, style: str, *args: str, form: str = "entry") -> dict[str, str]:
    """The {text, markdown} of one source's entry (or Chicago note) in `style`."""
    [record] = run_json("cite", sid, "--style", style, *args)
    assert record["type"] == "source"
    reference: dict[str, str] = record["reference"][form]
    return reference


# ---------------------------------------------------------------- bibliography


@pytest.mark.parametrize("style", STYLES)
def test_no_ids_prints_the_sorted_bibliography_of_every_source(style: str) -> None:
    assert cite("--style", style).splitlines() == BIBLIOGRAPHY[style]


def test_apa_is_the_default_style() -> None:
    assert cite().splitlines() == BIBLIOGRAPHY["apa"]


def test_no_ids_json_lists_the_source_records() -> None:
    records = run_json("cite")
    # The records as the data files write them, with their citations' places.
    dataset = load_dataset()
    claims = Claims(dataset)
    expected = [claims.record(s).to_dict() for s in dataset.sources.values()]
    assert records == expected
    assert all(c["place"] for r in records for c in r["citations"])
    assert {"id", "file", "title", "authors", "translators", "publication", "date"} <= set(
        records[0]
    )


def test_user_sources_join_the_bibliography(user_data: str) -> None:
    lines = cite("--data", user_data).splitlines()
    # Alphabetized by the first author's family name, else by the title without its
    # leading article or brackets (so "The defence ..." sorts under D).
    assert [line.split(" (")[0][:16] for line in lines] == [
        "The armed forces",
        "Author01, G., Au",
        "The defence whit",
        "Hoang, X. C.",
        "Institute & Co.",
        "Ngoc Hung, & Anh",
        "Nguyen, B. D.",
        "Nguyen, C. V.",
        "[Overview essay ",
        "Thayer, C. A.",
        "Tran, V. A., Smi",
    ]


# ---------------------------------------------------------------- what the manuals say


RANK_WORDS = re.compile(r"\b(?:Sr|Lt|Gen|Senior Lieutenant|Major General|Prof|Dr|Member)\b")


@pytest.mark.parametrize(
    "sid", ["hoang-xuan-chien", "nguyen-ba-duong-2018", "nguyen-chi-vinh-2015"]
)
@pytest.mark.parametrize("style", STYLES)
def test_ranks_titles_and_affiliations_are_left_out(style: str, sid: str) -> None:
    source = load_dataset().sources[sid]
    assert source.authors[0].rank and source.authors[0].affiliation  # the data has them
    reference = run_json("cite", sid, "--style", style)[0]["reference"]
    shown = reference["entry"]["text"] + (reference["note"] or {}).get("text", "")
    assert source.authors[0].family in shown
    assert not RANK_WORDS.search(shown), shown
    assert "Minist" not in shown and "Institute" not in shown


@pytest.mark.parametrize(
    ("style", "form", "expected"),
    [
        ("apa", "entry", "Ngoc Hung, & Anh Vu. (n.d.). [Article on"),
        ("apa", "entry", "defence diplomacy] (Mai Huong, Trans.). People's Army Newspaper."),
        ("chicago", "entry", "Ngoc Hung and Anh Vu. Article on"),
        ("chicago", "entry", "diplomacy. Translated by Mai Huong. People's Army Newspaper, n.d."),
        ("chicago", "note", "Ngoc Hung and Anh Vu, Article on"),
        ("chicago", "note", "diplomacy, trans. Mai Huong, People's Army Newspaper, n.d.,"),
        ("mla", "entry", "diplomacy. Translated by Mai Huong, People's Army Newspaper,"),
    ],
)
def test_authors_with_a_translator(style: str, form: str, expected: str) -> None:
    assert expected in entry("dd-achievements", style, form=form)["text"]


@pytest.mark.parametrize(
    ("style", "form", "expected"),
    [
        # APA: the description moves to the author position, before the date; the site
        # and the URL follow the date.
        (
            "apa",
            "entry",
            "[Overview essay on the Vietnam People’s Army’s impact on military diplomacy]. (n.d.)."
            " Total Military Insight. https://totalmilitaryinsight.com/?p=360",
        ),
        # Chicago and MLA: the description (no brackets) begins the entry. The access
        # date, which the data gives (the day its stored copy was read), follows "n.d."
        # in Chicago and ends the entry in MLA.
        (
            "chicago",
            "entry",
            "Overview essay on the Vietnam People’s Army’s impact on military diplomacy."
            " Total Military Insight. n.d. Accessed December 5, 2026."
            " https://totalmilitaryinsight.com/?p=360.",
        ),
        (
            "chicago",
            "note",
            "Overview essay on the Vietnam People’s Army’s impact on military diplomacy,"
            " Total Military Insight, n.d., accessed December 5, 2026,"
            " https://totalmilitaryinsight.com/?p=360.",
        ),
        (
            "mla",
            "entry",
            "Overview essay on the Vietnam People’s Army’s impact on military diplomacy."
            " Total Military Insight, https://totalmilitaryinsight.com/?p=360."
            " Accessed 5 Dec. 2026.",
        ),
    ],
)
def test_no_author_and_no_title(style: str, form: str, expected: str) -> None:
    assert entry("vpa-impact", style, form=form)["text"] == expected


def test_a_description_is_bracketed_but_never_italic_in_apa() -> None:
    markdown = entry("vpa-impact", "apa")["markdown"]
    assert markdown.startswith("\\[Overview essay")
    assert "*" not in markdown


@pytest.mark.parametrize("style", ["chicago", "mla"])
def test_a_description_has_no_brackets_quotes_or_italics(style: str) -> None:
    markdown = entry("vpa-impact", style)["markdown"]
    assert markdown.startswith(
        "Overview essay on the Vietnam People’s Army’s impact on military diplomacy. "
    ), markdown
    # The site is the container: italic in MLA, roman in Chicago. Nothing else is.
    italic_site = f"*{SITE}*"
    assert (italic_site in markdown) == (style == "mla"), markdown
    assert not set("[]*“”") & set(markdown.replace(italic_site, SITE)), markdown


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("apa", "Hoang, X. C. (n.d.)."),
        ("chicago", "Lines.” National Defence Journal, n.d. Accessed December 5, 2026. http"),
        ("plain", "Hoang Xuan Chien (n.d.)."),
    ],
)
def test_no_date_is_nd_in_apa_and_chicago(style: str, expected: str) -> None:
    assert expected in entry("hoang-xuan-chien", style)["text"]


def test_no_date_is_left_out_in_mla() -> None:
    text = entry("hoang-xuan-chien", "mla")["text"]
    # The journal, then the URL: no date between them; the access date ends the entry
    # (MLA 9 §5.111: recommended when the work has no date of publication).
    url = URL["hoang-xuan-chien"]
    assert text.endswith(f"Foreign Lines.” National Defence Journal, {url}. Accessed 5 Dec. 2026.")
    assert "n.d" not in text


@pytest.mark.parametrize(
    ("sid", "style", "expected"),
    [
        # APA: a journal article gives the year only; newspaper and web articles the day.
        ("nguyen-ba-duong-2018", "apa", "Nguyen, B. D. (2018)."),
        ("nguyen-chi-vinh-2015", "apa", "Nguyen, C. V. (2015)."),
        ("paper-2016", "apa", "(2016, May 1)."),
        ("portal-2019", "apa", "(2019, December 5)."),
        # Chicago: the journal and the year; the newspaper and web site the full date.
        ("nguyen-ba-duong-2018", "chicago", "Security.” Political Theory Journal (2018)."),
        ("nguyen-chi-vinh-2015", "chicago", "2015.” National Defence Journal (2015)."),
        ("paper-2016", "chicago", "People's Army Newspaper, May 1, 2016."),
        ("portal-2019", "chicago", "Ministry Portal. December 5, 2019."),
        # MLA: the date as the source gives it, day first, after the container.
        ("nguyen-ba-duong-2018", "mla", "Security.” Political Theory Journal, 22 Mar. 2018,"),
        ("nguyen-chi-vinh-2015", "mla", "2015.” National Defence Journal, 2 Mar. 2015,"),
    ],
)
def test_dates_follow_each_manual(user_data: str, sid: str, style: str, expected: str) -> None:
    assert expected in entry(sid, style, "--data", user_data)["text"]


CITING = str(Path(__file__).parent / "data" / "citing" / "metadata.json")


@pytest.mark.parametrize(
    ("style", "accessed"),
    [("apa", None), ("chicago", "ccessed December 18, 2025"), ("mla", "Accessed 18 Dec. 2025.")],
)
def test_an_access_date_only_for_an_undated_source(style: str, accessed: str | None) -> None:
    # nguyen-chi-vinh-2015 gives the date it was accessed, but it is dated: no style
    # prints it. chien-undated (a test file) is undated: Chicago and MLA print it, APA
    # gives no retrieval date for a work not meant to change.
    def shown(*args: str) -> str:
        reference = run_json("cite", *args, "--style", style)[0]["reference"]
        return str(reference["entry"]["text"] + (reference["note"] or {}).get("text", ""))

    dated = shown("nguyen-chi-vinh-2015")
    assert "ccessed" not in dated and "2025" not in dated
    undated = shown("chien-undated", "--data", CITING)
    if accessed is None:
        assert "ccessed" not in undated and "2025" not in undated
    else:
        assert accessed in undated


@pytest.mark.parametrize(
    ("sid", "style", "form", "expected"),
    [
        # Journal: APA italic journal, year only; Chicago "*J* (2019)"; MLA "*J*, July 2019".
        (
            "thayer-2019",
            "apa",
            "entry",
            "(2019). Vietnam's defence diplomacy: a new era for the VPA. *Journal of Things*.",
        ),
        (
            "thayer-2019",
            "chicago",
            "entry",
            "“Vietnam's Defence Diplomacy: A New Era for the VPA.” *Journal of Things* (2019).",
        ),
        (
            "thayer-2019",
            "chicago",
            "note",
            "Carlyle A. Thayer, “Vietnam's Defence Diplomacy:"
            " A New Era for the VPA,” *Journal of Things* (2019).",
        ),
        (
            "thayer-2019",
            "mla",
            "entry",
            "Thayer, Carlyle A. “Vietnam's Defence Diplomacy: A"
            " New Era for the VPA.” *Journal of Things*, July 2019.",
        ),
        # Newspaper: the full date after the italic paper.
        (
            "paper-2016",
            "apa",
            "entry",
            "(2016, May 1). Joint exercise with anti-piracy units"
            " held off the coast (J. Doe, Trans.). *People's Army Newspaper*.",
        ),
        (
            "paper-2016",
            "chicago",
            "entry",
            "Translated by Jane Doe. *People's Army Newspaper*, May 1, 2016.",
        ),
        (
            "paper-2016",
            "mla",
            "entry",
            "Translated by Jane Doe, *People's Army Newspaper*, 1 May 2016.",
        ),
        # Web: APA italicizes the page title, not the site; Chicago quotes the title and
        # sets the site in roman; MLA italicizes the site as the container.
        (
            "portal-2019",
            "apa",
            "entry",
            "*The defence white paper is released*. (2019, December 5). Ministry Portal.",
        ),
        (
            "portal-2019",
            "chicago",
            "entry",
            "“The Defence White Paper Is Released.” Ministry Portal. December 5, 2019.",
        ),
        (
            "portal-2019",
            "chicago",
            "note",
            "“The Defence White Paper Is Released,” Ministry Portal, December 5, 2019.",
        ),
        (
            "portal-2019",
            "mla",
            "entry",
            "“The Defence White Paper Is Released.” *Ministry Portal*, 5 Dec. 2019.",
        ),
        # Book: italic title everywhere, the publisher plain.
        ("crowd-2018", "chicago", "entry", "*A Book by Many*. Hanoi Press, 2018."),
        ("crowd-2018", "mla", "entry", "*A Book by Many*. Hanoi Press, 2018."),
        ("crowd-2018", "apa", "entry", "(2018). *A book by many*. Hanoi Press."),
    ],
)
def test_journal_newspaper_web_and_book_differ_as_the_manuals_do(
    user_data: str, sid: str, style: str, form: str, expected: str
) -> None:
    markdown = entry(sid, style, "--data", user_data, form=form)["markdown"]
    assert markdown.replace("\\", "").endswith(expected), markdown


@pytest.mark.parametrize(
    ("style", "form", "expected"),
    [
        ("apa", "entry", "Nguyen, C. V. (2015"),
        ("chicago", "entry", "Nguyen Chi Vinh. “General"),
        ("chicago", "note", "Nguyen Chi Vinh, “General"),
        ("mla", "entry", "Nguyen Chi Vinh. “General"),
    ],
)
def test_vietnamese_names_keep_the_family_name_first(style: str, form: str, expected: str) -> None:
    assert entry("nguyen-chi-vinh-2015", style, form=form)["text"].startswith(expected)


@pytest.mark.parametrize(
    ("style", "form", "expected"),
    [
        ("apa", "entry", "Thayer, C. A. (2019)"),
        ("chicago", "entry", "Thayer, Carlyle A. “"),
        ("chicago", "note", "Carlyle A. Thayer, “"),
        ("mla", "entry", "Thayer, Carlyle A. “"),
    ],
)
def test_western_names_are_inverted(user_data: str, style: str, form: str, expected: str) -> None:
    text = entry("thayer-2019", style, "--data", user_data, form=form)["text"]
    assert text.startswith(expected)


@pytest.mark.parametrize(
    ("style", "form", "expected"),
    [
        # Chicago: a family-first name needs no inversion, so no comma before "and"/"et al.".
        ("chicago", "note", "Tran Van An, John Smith, and Le Thi B, “Joint"),
        ("chicago", "entry", "Tran Van An, John Smith, and Le Thi B. “Joint"),
        ("mla", "entry", "Tran Van An et al. “Joint"),
        ("apa", "entry", "Tran, V. A., Smith, J., & Le Thi B. (2016"),
    ],
)
def test_three_authors(user_data: str, style: str, form: str, expected: str) -> None:
    text = entry("paper-2016", style, "--data", user_data, form=form)["text"]
    assert text.startswith(expected)


def test_long_author_lists_are_cut_where_each_manual_cuts_them(user_data: str) -> None:
    apa = entry("crowd-2018", "apa", "--data", user_data)["text"]
    # APA 7: the first 19, an ellipsis, the last; no ampersand.
    assert "Author19, G., . . . Author22, G. (2018)" in apa
    assert "Author20" not in apa and "&" not in apa
    chicago = entry("crowd-2018", "chicago", "--data", user_data)["text"]
    # Chicago 17: more than ten authors, the first seven and et al.
    assert chicago.startswith("Author01, Given, Given Author02,")
    assert (
        "Given Author07, et al. *A Book"
        in entry("crowd-2018", "chicago", "--data", user_data)["markdown"]
    )
    assert "Author08" not in chicago
    note = entry("crowd-2018", "chicago", "--data", user_data, form="note")["text"]
    assert note.startswith("Given Author01 et al., A Book by Many")
    assert entry("crowd-2018", "mla", "--data", user_data)["text"].startswith(
        "Author01, Given, et al. A Book"
    )


def test_approximate_dates_say_so(user_data: str) -> None:
    assert "(ca. 2010)" in entry("special-2010", "apa", "--data", user_data)["text"]
    assert entry("special-2010", "mla", "--data", user_data)["text"].endswith("ca. 2010.")


# ---------------------------------------------------------------- citing records


def test_event_lists_each_citation_with_quote_reference_and_locator() -> None:
    dataset = load_dataset()
    event = next(e for e in dataset.events if e.id == EVENT)
    [record] = run_json("cite", EVENT)
    assert (record["id"], record["type"]) == (EVENT, "event")
    assert len(record["citations"]) == len(event.citations)
    # Evidence first: the order may differ from the record's, the citations may not.
    by_line = sorted(record["citations"], key=lambda c: (c["source"], c["line"]))
    ordered = sorted(event.citations, key=lambda c: (c.source, c.line))
    for got, citation in zip(by_line, ordered, strict=True):
        source = dataset.sources[citation.source]
        assert got["quote"] == citation.quote  # verbatim
        assert (got["file"], got["line"]) == (source.file, citation.line)
        assert got["locator"] == f"{source.file}:{citation.line}"
        assert got["place"] in (f"para. {got['paragraph']}", got["role"])
        assert got["reference"]["entry"] == entry(citation.source, "apa")


def test_event_text_shows_the_verbatim_quote_and_locator() -> None:
    text = cite(EVENT, "--style", "mla")
    assert text.startswith(f"{EVENT} (event)\n")
    assert (
        "  quote:     defence diplomacy should have a thorough grasp of Party’s guidelines and"
        " views on diplomacy, and comprehensive implementation of its work with the main points"
        " as follows\n"
    ) in text
    assert "  reference: Nguyen Chi Vinh. “General Guidelines" in text
    # The source's layout names its title, dateline and byline, so line 7 is para. 1,
    # and the quoted title is shown as what it is.
    assert "  place:     para. 1, line 7\n" in text
    assert "  title:     General guidelines set out for defence diplomacy in 2015\n" in text
    assert "  place:     title, line 4\n" in text
    # Without a layout in the data, every non-blank line of the work is a paragraph.
    example = Path(__file__).parent / "data" / "example" / "my-data.json"
    text = cite(
        "2015-03-02-cautious-peacekeeping-guideline", "--style", "mla", "--data", str(example)
    )
    assert (
        "  quote:     to be joined cautiously and gradually\n"
        "  reference: A. Researcher. Reading Notes: UN Peacekeeping in the 2015 Defence"
        " Diplomacy Guidelines.\n"
        "  source:    my-reading-notes\n"
        "  place:     para. 2, line 2\n"
    ) in text


def test_chicago_gives_the_note_and_the_bibliography_form() -> None:
    text = cite(EVENT, "--style", "chicago")
    assert "  note:         Nguyen Chi Vinh, “General Guidelines Set Out for Defence" in text
    assert "  bibliography: Nguyen Chi Vinh. “General Guidelines Set Out for Defence" in text
    [record] = run_json("cite", EVENT, "--style", "chicago")
    reference = record["citations"][0]["reference"]
    assert reference["style"] == "chicago"
    # A journal article: the journal and the year, then the URL; commas in the note.
    url = URL["nguyen-chi-vinh-2015"]
    assert reference["note"]["text"].endswith(f"in 2015,” National Defence Journal (2015), {url}.")
    assert reference["entry"]["text"].endswith(f"in 2015.” National Defence Journal (2015). {url}.")


def test_only_chicago_has_a_note_form() -> None:
    for style in ("apa", "mla", "plain"):
        [record] = run_json("cite", "nguyen-chi-vinh-2015", "--style", style)
        assert record["reference"]["note"] is None


def test_partner_cites_its_statements_too() -> None:
    partner = load_dataset().partners["russia"]
    [record] = run_json("cite", "russia")
    assert record["type"] == "partner"
    quotes = [c["quote"] for c in record["citations"]]
    assert quotes == [c.quote for c in record_citations(partner)]
    assert len(quotes) > len(partner.citations)


def test_fact_is_cited() -> None:
    fact = load_dataset().facts[0]
    [record] = run_json("cite", fact.id)
    assert record["type"] == "fact"
    assert [c["quote"] for c in record["citations"]] == [c.quote for c in fact.citations]


def test_source_gives_its_reference_only() -> None:
    text = cite("nguyen-chi-vinh-2015")
    assert text == (
        "nguyen-chi-vinh-2015 (source)\n"
        "  reference: Nguyen, C. V. (2015). General guidelines set out for defence"
        f" diplomacy in 2015. National Defence Journal. {URL['nguyen-chi-vinh-2015']}\n"
    )


def test_several_ids_in_order_once_each() -> None:
    records = run_json("cite", "vpa-impact", EVENT, "VPA-Impact", "russia")
    assert [r["id"] for r in records] == ["vpa-impact", EVENT, "russia"]


def test_markdown_marks_quotes_italics_and_escapes(user_data: str) -> None:
    text = cite("thayer-2019", "vpa-impact", EVENT, "--format", "markdown", "--data", user_data)
    assert "## thayer-2019 (source)\n\n- Reference: Thayer, C. A. (2019)." in text
    assert "*Journal of Things*." in text
    assert "- Reference: \\[Overview essay" in text
    assert "*National Defence Journal*." in text
    assert (
        "> defence diplomacy should have a thorough grasp of Party’s guidelines and views on"
        " diplomacy, and comprehensive implementation of its work with the main points as"
        " follows\n"
    ) in text
    assert "- Place: para. 1" in text
    # A quoted title is labelled, not a block quote.
    assert "Title: General guidelines set out for defence diplomacy in 2015\n" in text
    assert "> General guidelines set out" not in text


def test_markdown_never_opens_a_list_by_accident(tmp_path: Path) -> None:
    source = _source("orwell", title="1984. A novel", type="journal-article")
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"sources": [source]}), encoding="utf-8")
    text = cite("--format", "markdown", "--data", str(path))
    assert "- 1984\\. A novel. (n.d.).\n" in text


def test_markdown_bibliography_is_a_list() -> None:
    lines = cite("--format", "markdown", "--style", "chicago").splitlines()
    assert len(lines) == len(load_dataset().sources)
    assert all(line.startswith("- ") for line in lines)


def test_unknown_id_exits_1_with_the_closest_ids() -> None:
    result = run("cite", "2015-03-02-defence-diplomacy")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "unknown id '2015-03-02-defence-diplomacy'" in result.stderr
    assert "did you mean: 2015-03-02-defence-diplomacy-guidelines" in result.stderr
    assert "Traceback" not in result.stderr


def test_one_unknown_id_among_known_ones_prints_nothing() -> None:
    result = run("cite", EVENT, "nguyen-chi-vinh-2051")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "nguyen-chi-vinh-2015" in result.stderr


@pytest.mark.parametrize(("option", "value"), [("--style", "harvard"), ("--format", "table")])
def test_unknown_style_or_format_is_a_usage_error(option: str, value: str) -> None:
    result = run("cite", option, value)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert repr(value) in result.stderr


# ---------------------------------------------------------------- BibTeX


def _bibtex_entries(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    """key -> (type, fields) for the one-field-a-line shape we write."""
    entries = {}
    for kind, key, body in re.findall(r"^@(\w+)\{([^,\n]+),\n(.*?)^\}$", text, re.M | re.S):
        fields = dict(re.findall(r"^  (\w+)\s*= (.*),$", body, re.M))
        entries[key] = (kind, fields)
    return entries


def test_bibtex_exports_every_source_with_its_type() -> None:
    entries = _bibtex_entries(cite("--format", "bibtex"))
    assert {k: kind for k, (kind, _) in entries.items()} == {
        "vpa-impact": "online",
        "dd-achievements": "article",
        "hoang-xuan-chien": "article",
        "nguyen-ba-duong-2018": "article",
        "nguyen-chi-vinh-2015": "article",
        "august-1945-uprising-teaser": "article",
    }
    assert entries["dd-achievements"][1]["entrysubtype"] == "{newspaper}"
    assert "entrysubtype" not in entries["hoang-xuan-chien"][1]


def test_bibtex_names_dates_and_nothing_invented(user_data: str) -> None:
    entries = _bibtex_entries(cite("--format", "bibtex", "--data", user_data))
    vinh = entries["nguyen-chi-vinh-2015"][1]
    # Family first, braced whole: pandoc would otherwise write "C. V. Nguyen".
    assert vinh["author"] == "{{Nguyen Chi Vinh}}"
    assert (vinh["date"], vinh["year"], vinh["month"]) == ("{2015-03-02}", "{2015}", "mar")
    dd = entries["dd-achievements"][1]
    # Literal names are braced whole, so no reader splits them into family and given.
    assert dd["author"] == "{{Ngoc Hung} and {Anh Vu}}"
    assert dd["translator"] == "{{Mai Huong}}"
    # Nothing the sources do not give: the undated have no date fields, vpa-impact its
    # site but no publisher; no author for it or the teaser, whose journal, date and
    # address are its full article's (supplied, with a note).
    undated = ("dd-achievements", "hoang-xuan-chien", "vpa-impact")
    for key in undated:
        assert not {"date", "year", "month"} & set(entries[key][1]), key
    teaser, impact = entries["august-1945-uprising-teaser"][1], entries["vpa-impact"][1]
    assert teaser["journal"] == "{National Defence Journal}"
    assert (teaser["date"], teaser["url"]) == (
        "{2025-08-15}",
        "{" + URL["august-1945-uprising-teaser"] + "}",
    )
    assert not {"author", "publisher"} & set(teaser)
    assert teaser["urldate"] == "{2025-11-24}"  # the day its stored copy was viewed
    assert impact["journaltitle"] == f"{{{SITE}}}"
    assert not {"author", "journal", "publisher"} & set(impact)
    assert (vinh["journal"], vinh["urldate"]) == ("{National Defence Journal}", "{2025-12-18}")
    assert dd["journal"] == "{People's Army Newspaper}"
    # Every bundled source gives its access date, and only that date is its `urldate`.
    sources = load_dataset().sources.values()
    assert {s.id: entries[s.id][1].get("urldate") for s in sources} == {
        s.id: "{" + s.accessed.text + "}" for s in sources if s.accessed
    }
    assert impact["urldate"] == "{2026-12-05}"
    # Month precision stays month precision; year precision has no month.
    thayer = entries["thayer-2019"][1]
    assert (thayer["date"], thayer["month"]) == ("{2019-07}", "jul")
    crowd = entries["crowd-2018"][1]
    assert crowd["date"] == "{2018}" and "month" not in crowd
    assert entries["special-2010"][1]["date"] == "{2010~}"
    assert entries["portal-2019"][1]["journaltitle"] == "{Ministry Portal}"
    assert crowd["publisher"] == "{Hanoi Press}"
    # Ranks and affiliations have no field.
    assert "Lieutenant" not in cite("--format", "bibtex")


def test_bibtex_escapes_latex_specials_and_protects_capitals(user_data: str) -> None:
    entries = _bibtex_entries(cite("special-2010", "--format", "bibtex", "--data", user_data))
    assert entries["special-2010"][1]["title"] == (
        "{{R\\&D:} 100\\% of \\$5 \\#1 under\\_score \\{braces\\} "
        "\\textasciitilde{}tilde\\^{}caret \\textbackslash{}back}"
    )
    assert entries["special-2010"][1]["author"] == "{{Institute \\& Co}}"
    hoang = _bibtex_entries(cite("--format", "bibtex"))["hoang-xuan-chien"][1]
    assert hoang["title"].endswith("under the {Party’s} foreign lines}")  # Unicode kept


def test_bibtex_of_ids_exports_the_sources_they_cite() -> None:
    entries = _bibtex_entries(cite(EVENT, "vpa-impact", "--format", "bibtex"))
    assert list(entries) == ["nguyen-chi-vinh-2015", "vpa-impact"]


def _unescape(value: str) -> str:
    specials = {
        r"\textbackslash{}": "\\",
        r"\textbraceleft{}": "{",
        r"\textbraceright{}": "}",
        r"\textasciitilde{}": "~",
        r"\^{}": "^",
        r"\{": "{",
        r"\}": "}",
        r"\%": "%",
        r"\&": "&",
        r"\$": "$",
        r"\#": "#",
        r"\_": "_",
    }
    pattern = "|".join(re.escape(k) for k in sorted(specials, key=len, reverse=True))
    return re.sub(pattern, lambda m: specials[m.group()], value)


def _balanced(value: str, *, count_escaped: bool = False) -> bool:
    """Whether the braces of a field pair up as pandoc counts them (`\\{` is no brace)
    or, with `count_escaped`, as BibTeX 0.99d, biber and pybtex count them (every brace)."""
    depth = 0
    for match in re.finditer(r"\\[{}]|[{}]", value):
        token = match.group()[-1:] if count_escaped else match.group()
        if token in ("{", "}"):
            depth += 1 if token == "{" else -1
            if depth < 0:
                return False
    return depth == 0


@given(st.text(st.characters(codec="utf-8"), max_size=60))  # any text but lone surrogates
def test_bibtex_escaping_is_balanced_and_reversible(text: str) -> None:
    escaped = escape(text)
    assert _balanced(escaped)
    assert _balanced(escaped, count_escaped=True)
    assert not re.search(r"(?<!\\)[%&$#_]", escaped)
    assert _unescape(escaped) == re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text)
    # Title protection only adds braces around whole words.
    protected = protect_title(text)
    assert _balanced(protected)
    assert _balanced(protected, count_escaped=True)
    words = [w[1:-1] if w.startswith("{") else w for w in protected.split(" ")]
    assert words == escaped.split(" ")


# ---------------------------------------------------------------- CSL-JSON

CSL_TYPES = {"article-journal", "article-newspaper", "webpage", "book", "report", "document"}
CSL_KEYS = {
    "id",
    "type",
    "title",
    "title-short",
    "author",
    "translator",
    "container-title",
    "publisher",
    "issued",
    "URL",
    "accessed",
    "status",
}


def test_csl_json_is_valid_csl_at_the_stored_precision(user_data: str) -> None:
    items = {i["id"]: i for i in json.loads(cite("--format", "csl-json", "--data", user_data))}
    for item in items.values():
        assert set(item) <= CSL_KEYS, item
        assert item["type"] in CSL_TYPES
        for role in ("author", "translator"):
            for name in item.get(role, []):
                assert set(name) in (
                    {"family", "given"},
                    {"family"},
                    {"literal"},
                    {"family", "given", "literal", "static-ordering"},
                )
        if "issued" in item:
            parts = item["issued"]["date-parts"]
            assert all(isinstance(p, int) for part in parts for p in part)
    assert items["dd-achievements"]["type"] == "article-newspaper"
    assert items["nguyen-chi-vinh-2015"]["type"] == "article-journal"
    assert items["nguyen-ba-duong-2018"]["type"] == "article-journal"
    assert items["vpa-impact"]["type"] == "webpage"
    assert items["august-1945-uprising-teaser"]["type"] == "article-journal"
    assert items["nguyen-chi-vinh-2015"]["issued"] == {"date-parts": [[2015, 3, 2]]}
    assert items["nguyen-chi-vinh-2015"]["accessed"] == {"date-parts": [[2025, 12, 18]]}
    assert items["nguyen-chi-vinh-2015"]["container-title"] == "National Defence Journal"
    assert items["nguyen-chi-vinh-2015"]["URL"] == URL["nguyen-chi-vinh-2015"]
    assert items["thayer-2019"]["issued"] == {"date-parts": [[2019, 7]]}
    assert items["crowd-2018"]["issued"] == {"date-parts": [[2018]]}
    assert items["special-2010"]["issued"] == {"date-parts": [[2010]], "circa": True}
    assert items["dd-achievements"]["author"] == [{"literal": "Ngoc Hung"}, {"literal": "Anh Vu"}]
    assert items["dd-achievements"]["translator"] == [{"literal": "Mai Huong"}]
    assert items["hoang-xuan-chien"]["author"] == [
        {
            "family": "Hoang",
            "given": "Xuan Chien",
            "static-ordering": True,
            "literal": "Hoang Xuan Chien",
        }
    ]
    # Nothing the sources do not give: no date, no author; its short title is the data's,
    # and its access date the day its stored copy was read.
    assert set(items["vpa-impact"]) == {
        "id",
        "type",
        "title",
        "title-short",
        "container-title",
        "URL",
        "accessed",
    }
    assert items["vpa-impact"]["accessed"] == {"date-parts": [[2026, 12, 5]]}
    assert items["vpa-impact"]["container-title"] == SITE
    # The teaser names no author; its journal, date and address are its full article's.
    assert set(items["august-1945-uprising-teaser"]) == {
        "id",
        "type",
        "title",
        "title-short",
        "container-title",
        "issued",
        "URL",
        "accessed",
    }
    assert items["august-1945-uprising-teaser"]["title-short"] == "Armed forces’ role"
    assert "issued" not in items["hoang-xuan-chien"]
    # Every bundled source gives the date it was read; the test sources without one have none.
    bundled = {s.id for s in load_dataset().sources.values()}
    assert {i for i, item in items.items() if "accessed" in item} == bundled
    assert items["portal-2019"]["container-title"] == "Ministry Portal"
    assert items["crowd-2018"]["publisher"] == "Hanoi Press"


def test_csl_json_keeps_the_exact_text() -> None:
    items = json.loads(cite("--format", "csl-json"))
    titles = {s.id: s.title for s in load_dataset().sources.values()}
    assert {i["id"]: i["title"] for i in items} == titles


HOSTILE = "[bold]x[/bold] \x1b[31mred\x1b[0m bell\x07 \u202eevil\u202c *em* <b>"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("fmt", ["text", "markdown", "bibtex"])
@pytest.mark.parametrize("style", STYLES)
def test_hostile_text_never_reaches_the_terminal(tmp_path: Path, fmt: str, style: str) -> None:
    source = _source(
        "hostile",
        title=f"Title {HOSTILE}",
        authors=[{"family": f"Fam {HOSTILE}", "given": f"Giv {HOSTILE}"}],
        translators=[{"literal": HOSTILE}],
        publication=f"Pub {HOSTILE}",
        type="web-article",
    )
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps({"sources": [source]}), encoding="utf-8")
    for args in (["hostile"], []):
        text = cite(*args, "--style", style, "--format", fmt, "--data", str(path))
        # Markup is text, shown literally (Chicago and MLA re-case it as a title).
        assert "title [bold]x[/bold]" in text.replace("\\", "").lower()
        assert not UNSAFE.search(text), text


# ---------------------------------------------------------------- the parts


@pytest.mark.parametrize(
    ("given_name", "expected"),
    [("Chi Vinh", "C. V."), ("Carlyle A.", "C. A."), ("Jean-Paul", "J.-P."), ("Đình", "Đ.")],
)
def test_initials(given_name: str, expected: str) -> None:
    assert initials(given_name) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "general guidelines set out for defence diplomacy in 2015",
            "General Guidelines Set Out for Defence Diplomacy in 2015",
        ),
        ("the VPA and the U.S. navy: a new era", "The VPA and the U.S. Navy: A New Era"),
        ("anti-piracy and self-defence", "Anti-piracy and Self-Defence"),
        ("what it is made of", "What It Is Made Of"),
    ],
)
def test_headline_style(title: str, expected: str) -> None:
    assert headline(title) == expected


@given(st.text(max_size=80))
def test_headline_only_changes_case_and_is_stable(title: str) -> None:
    result = headline(title)
    assert len(result) == len(title)
    assert all(
        new in (old, old.upper(), old.lower()) for new, old in zip(result, title, strict=True)
    )
    assert headline(result) == result


# ---------------------------------------------------------------- shape


def _python(code: str) -> None:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_core_imports_neither_typer_nor_rich() -> None:
    _python(
        "import sys\n"
        "import vpa_cli.queries.cite.records, vpa_cli.queries.cite.bibtex\n"
        "import vpa_cli.queries.cite.csl\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click')]\n"
        "assert not loaded, loaded\n"
    )


def test_start_up_does_not_load_the_citation_core() -> None:
    _python(
        "import sys\n"
        "from vpa_cli.cli import app\n"
        "loaded = [m for m in sys.modules if m.startswith('vpa_cli.queries')]\n"
        "assert loaded == [], loaded\n"
    )


def test_output_on_an_ascii_terminal_degrades_instead_of_failing(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vpa_cli", "cite", "--style", "chicago"],
        capture_output=True,
        env={
            "PYTHONIOENCODING": "ascii",
            "NO_COLOR": "1",
            "PATH": "",
            "VPA_CACHE_DIR": CACHE_FOLDER,
        },
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode("ascii").splitlines()
    assert lines[4] == (
        'Nguyen Chi Vinh. "General Guidelines Set Out for Defence Diplomacy in 2015."'
        f" National Defence Journal (2015). {URL['nguyen-chi-vinh-2015']}."
    )
