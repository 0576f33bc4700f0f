"""From `vpa cite` to a paper: pandoc's citeproc renders our exports with the CSL styles
that ship with vpa (`vpa cite --csl`), in APA 7, Chicago 17 and MLA 9, and what it prints
agrees with vpa's own styles (`vpa cite --style`).

Each test writes a Markdown paper citing sources, exports them `--for` the manual, takes
the style from `vpa cite --csl` and reads pandoc's plain text. The bundled sources show
the names; `tests/data/styles/sources.json` (sources like the bundled ones, each with the
date it was read) shows the access dates and the short titles. Where pandoc is missing
these tests are skipped, saying so.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, needs_pandoc, pandoc, run, run_json

from vpa_cli.loading.reading import load_dataset

pytestmark = needs_pandoc

STYLES = Path(__file__).parent / "data" / "styles" / "sources.json"
USER_IDS = ("duong", "vinh", "chien", "news", "essay", "teaser")
# The undated ones: Chicago and MLA print their access dates, and only theirs.
UNDATED = ("chien", "news", "essay")
# The CSL style each manual is rendered with (`vpa cite --csl NAME`).
CSL = {"apa": "apa", "chicago": "chicago", "mla": "mla"}
EXTENSION = {"bibtex": "bib", "csl-json": "json"}


def vpa(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


class Paper:
    """A paper rendered by pandoc: its text citations (the paragraph, or the notes for
    Chicago) and its bibliography, one entry per paragraph."""

    def __init__(self, text: str, ids: tuple[str, ...]) -> None:
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        notes = [p for p in paragraphs if re.match(r"\[\d+\] ", p)]
        body = paragraphs[0]
        self.notes = [re.sub(r"^\[\d+\] ", "", n) for n in notes]
        self.entries = [p for p in paragraphs[1:] if p not in notes]
        if notes:  # Chicago: each citation is a note, the first full, the second short
            self.first = dict(zip(ids, self.notes[0::2], strict=True))
            self.second = dict(zip(ids, self.notes[1::2], strict=True))
        else:  # "S1 (Nguyen, 2018). S2 (Nguyen, 2018). ..."
            found = re.findall(r"S\d+ (\(.*?\))\.(?= S\d+ |$)", body)
            self.first = dict(zip(ids, found[0::2], strict=True))
            self.second = dict(zip(ids, found[1::2], strict=True))


def paper(
    tmp_path: Path, manual: str, ids: tuple[str, ...], *args: str, fmt: str = "csl-json"
) -> Paper:
    """`ids` cited twice each, in order, rendered for `manual` with its bundled style."""
    style = tmp_path / f"{manual}.csl"
    style.write_text(vpa("cite", "--csl", CSL[manual]), encoding="utf-8")
    bibliography = tmp_path / f"vpa.{EXTENSION[fmt]}"
    export = vpa("cite", *ids, "--format", fmt, "--for", manual, *args)
    bibliography.write_text(export, encoding="utf-8")
    sentences = [f"S{2 * i + n} [@{sid}]." for i, sid in enumerate(ids) for n in (1, 2)]
    (tmp_path / "paper.md").write_text(" ".join(sentences) + "\n", encoding="utf-8")
    text = pandoc(
        "--citeproc", "--bibliography", bibliography.name, "--csl", style.name, "paper.md",
        "-t", "plain", "--wrap=none", cwd=tmp_path,
    )  # fmt: skip
    return Paper(text, ids)


def own(manual: str, ids: tuple[str, ...], *args: str) -> dict[str, dict[str, Any]]:
    """vpa's own references of `ids` in `manual`, by source id."""
    cited = run_json("cite", *ids, "--style", manual, *args)
    return {c["id"]: c["reference"] for c in cited}


def entry_for(sid: str, title: str, entries: list[str]) -> str:
    """The rendered bibliography entry showing `title` (styles re-case it)."""
    wanted = title.strip("[]").casefold()
    found = [e for e in entries if wanted in e.casefold()]
    assert len(found) == 1, (sid, entries)
    return found[0]


# ---------------------------------------------------------------- names


def bundled() -> tuple[str, ...]:
    return tuple(load_dataset().sources)


def test_apa_in_text_citations_are_vpas_own_for_every_bundled_source(tmp_path: Path) -> None:
    ids = bundled()
    rendered = paper(tmp_path, "apa", ids)
    ours = own("apa", ids)
    for sid in ids:
        assert rendered.first[sid].startswith(ours[sid]["citation"]["text"][:-1]), sid
    # APA 7 §8.20: two first authors named Nguyen, so both get their initials.
    assert "(B. D. Nguyen, 2018" in rendered.first["nguyen-ba-duong-2018"]
    assert "(C. V. Nguyen, 2015" in rendered.first["nguyen-chi-vinh-2015"]
    assert "Hoang Xuan Chien" not in " ".join(rendered.first.values())


@pytest.mark.parametrize("fmt", ["csl-json", "bibtex"])
@pytest.mark.parametrize("manual", ["apa", "chicago", "mla"])
def test_every_bundled_name_is_written_as_vpa_writes_it(
    tmp_path: Path, manual: str, fmt: str
) -> None:
    sources = load_dataset().sources
    ids = tuple(sources)
    rendered = paper(tmp_path, manual, ids, fmt=fmt)
    ours = own(manual, ids)
    for sid, source in sources.items():
        if not source.authors:
            continue
        mine = ours[sid]["entry"]["text"]
        theirs = entry_for(sid, source.title, rendered.entries)
        # The first author begins both entries, written alike ("Nguyen, B. D." in APA,
        # "Nguyen Ba Duong" in Chicago and MLA); the others are written alike too.
        first = _first_author(mine, manual)
        assert theirs.startswith(first), (theirs, first)
        for person in source.authors[1:]:
            name = person.literal or " ".join(p for p in (person.family, person.given) if p)
            assert name in mine and name in theirs, (mine, theirs)
    if manual == "apa":
        assert any(e.startswith("Nguyen, B. D. (2018)") for e in rendered.entries)
        assert not any("Nguyen Ba Duong" in e for e in rendered.entries)
    else:
        assert any(e.startswith("Nguyen Ba Duong.") for e in rendered.entries)
        assert not any("Nguyen, B" in e for e in rendered.entries)


def _first_author(entry: str, manual: str) -> str:
    """The first author as an entry of vpa's begins with it."""
    if manual == "apa":  # "Nguyen, B. D. (2018)." / "Ngoc Hung, & Anh Vu. (n.d.)."
        return re.split(r",? & |\.? \(", entry)[0]
    return re.split(r",? and |\. ", entry)[0]


@pytest.mark.parametrize("manual", ["chicago", "mla"])
def test_chicago_notes_and_mla_citations_name_authors_as_vpa_does(
    tmp_path: Path, manual: str
) -> None:
    sources = load_dataset().sources
    ids = tuple(sid for sid, s in sources.items() if s.authors)
    rendered = paper(tmp_path, manual, ids)
    ours = own(manual, ids)
    for sid in ids:
        if manual == "mla":  # "(Nguyen Ba Duong)": the same citation
            assert rendered.first[sid] == ours[sid]["citation"]["text"], sid
        else:  # the full note and the short note begin with the same names
            names = ours[sid]["note"]["text"].split(", ")[0]
            assert rendered.first[sid].startswith(names + ", "), rendered.first[sid]
            assert ours[sid]["citation"]["text"].startswith(names + ", ")
            # (pandoc's short note leaves a bracketed description out: "Ngoc Hung and Anh Vu.")
            assert re.match(re.escape(names) + "[,.]", rendered.second[sid]), rendered.second[sid]


# ---------------------------------------------------------------- access dates


@pytest.mark.parametrize("fmt", ["csl-json", "bibtex"])
def test_apa_prints_no_retrieval_date_and_no_retrieved(tmp_path: Path, fmt: str) -> None:
    rendered = paper(tmp_path, "apa", USER_IDS, "--data", str(STYLES), fmt=fmt)
    text = "\n".join(rendered.entries)
    assert "Retrieved" not in text
    assert len(rendered.entries) == len(USER_IDS)
    # Each entry ends with its URL, with nothing before it but the source element.
    assert all(re.search(r"\. https?://\S+$", e) for e in rendered.entries), rendered.entries
    # The undated works say n.d., in the text and the list, and nothing else does.
    undated = [e for e in rendered.entries if "(n.d.)" in e]
    assert len(undated) == len(UNDATED)
    assert sum("n.d." in c for c in rendered.first.values()) == len(UNDATED)


def test_the_stock_apa_style_needs_the_export_for_apa(tmp_path: Path) -> None:
    """Why `--for apa` exists: with everything the data has, the CSL project's APA style
    prints a retrieval date before an undated article's URL, which APA 7 does not."""
    style = tmp_path / "apa.csl"
    style.write_text(vpa("cite", "--csl", "apa"), encoding="utf-8")
    (tmp_path / "vpa.json").write_text(
        vpa("cite", "chien", "--format", "csl-json", "--data", str(STYLES)), encoding="utf-8"
    )
    (tmp_path / "paper.md").write_text("[@chien]\n", encoding="utf-8")
    text = pandoc(
        "--citeproc", "--bibliography", "vpa.json", "--csl", style.name, "paper.md",
        "-t", "plain", "--wrap=none", cwd=tmp_path,
    )  # fmt: skip
    assert "Retrieved December 18, 2025, from http" in text


@pytest.mark.parametrize("fmt", ["csl-json", "bibtex"])
@pytest.mark.parametrize(
    ("manual", "accessed"),
    [("chicago", "Accessed December 18, 2025"), ("mla", "Accessed 18 Dec. 2025")],
)
def test_chicago_and_mla_print_access_dates_for_undated_works_only(
    tmp_path: Path, manual: str, accessed: str, fmt: str
) -> None:
    data = ("--data", str(STYLES))
    rendered = paper(tmp_path, manual, USER_IDS, *data, fmt=fmt)
    ours = own(manual, USER_IDS, *data)
    sources = load_dataset([str(STYLES)]).sources
    for sid in USER_IDS:
        theirs = entry_for(sid, sources[sid].title, rendered.entries)
        mine = ours[sid]["entry"]["text"]
        wanted = sid in UNDATED
        assert (accessed in theirs) is wanted, theirs
        assert (accessed in mine) is wanted, mine
        if manual == "chicago":  # the full note too, in its own form
            note = accessed.replace("Accessed", "accessed")
            assert (note in rendered.first[sid]) is wanted, rendered.first[sid]
            assert (note in ours[sid]["note"]["text"]) is wanted


def test_vpas_own_apa_prints_no_retrieval_date() -> None:
    ours = own("apa", USER_IDS, "--data", str(STYLES))
    for reference in ours.values():
        assert "Retrieved" not in reference["entry"]["text"]
        assert "2025, December 18" not in reference["entry"]["text"]


# ---------------------------------------------------------------- short titles


@pytest.mark.parametrize("fmt", ["csl-json", "bibtex"])
def test_in_text_citations_use_short_titles(tmp_path: Path, fmt: str) -> None:
    data = ("--data", str(STYLES))
    ids = ("essay", "teaser")
    for manual in ("apa", "mla", "chicago"):
        (tmp_path / manual).mkdir()
    apa = paper(tmp_path / "apa", "apa", ids, *data, fmt=fmt)
    assert apa.first["essay"] == "([Overview essay], n.d.)"
    assert apa.first["teaser"] == "(“Armed Forces’ Role,” 2025)"
    ours = own("apa", ids, *data)
    assert [ours[s]["citation"]["text"] for s in ids] == [apa.first[s] for s in ids]

    mla = paper(tmp_path / "mla", "mla", ids, *data, fmt=fmt)
    assert mla.first["teaser"] == "(“Armed Forces’ Role”)"
    assert "Overview essay" in mla.first["essay"]
    ours = own("mla", ids, *data)
    assert ours["teaser"]["citation"]["text"] == mla.first["teaser"]
    assert ours["essay"]["citation"]["text"] == "(Overview essay)"

    chicago = paper(tmp_path / "chicago", "chicago", ids, *data, fmt=fmt)
    ours = own("chicago", ids, *data)
    # The first note gives the title in full; the short note the short title.
    assert "impact on military diplomacy" in chicago.first["essay"].casefold()
    assert chicago.second["teaser"] == "“Armed Forces’ Role.”"
    assert ours["teaser"]["citation"]["text"] == chicago.second["teaser"]
    assert "Overview essay" in chicago.second["essay"]
    assert "impact" not in chicago.second["essay"].casefold()
    assert ours["essay"]["citation"]["text"] == "Overview essay."


def test_a_short_title_of_other_words_is_not_used(tmp_path: Path) -> None:
    """A `short_title` that is not made of the title's words would send a reader to an
    entry that does not exist: the citation keeps the title (a source of the test's own:
    every bundled short title is made of its title's words)."""
    import json
    import shutil

    example = REPO / "tests" / "data" / "example"
    shutil.copy(example / "reading-notes.txt", tmp_path / "reading-notes.txt")
    doc = json.loads((example / "my-data.json").read_text(encoding="utf-8"))
    [source] = doc["sources"]
    source["short_title"] = "Peacekeeping Memo"
    assert not set(re.findall(r"\w+", "peacekeeping memo")) <= set(
        re.findall(r"\w+", source["title"].casefold())
    )
    data = tmp_path / "mine.json"
    data.write_text(json.dumps({"sources": [source]}), encoding="utf-8")
    [cited] = run_json("cite", source["id"], "--data", str(data))
    assert "Peacekeeping Memo" not in cited["reference"]["citation"]["text"]
    assert "Peacekeeping Memo" not in json.dumps(cited)
    export = vpa("cite", source["id"], "--format", "csl-json", "--for", "apa", "--data", str(data))
    assert "title-short" not in export and "Peacekeeping Memo" not in export
    # The control: a short title made of the title's words is used.
    source["short_title"] = "Reading Notes"
    data.write_text(json.dumps({"sources": [source]}), encoding="utf-8")
    export = vpa("cite", source["id"], "--format", "csl-json", "--for", "apa", "--data", str(data))
    assert '"title-short": "Reading Notes"' in export


# ---------------------------------------------------------------- where a work is printed


@pytest.mark.parametrize("fmt", ["csl-json", "bibtex"])
@pytest.mark.parametrize("manual", ["apa", "chicago", "mla"])
def test_every_reference_says_where_its_work_is_printed(
    tmp_path: Path, manual: str, fmt: str
) -> None:
    """Each bundled source's reference names where a reader finds it, its publication and
    its address, in vpa's own style and through pandoc: the teaser's too, which once was
    "The armed forces' role ... today. (n.d.)." and nothing more."""
    sources = load_dataset().sources
    ids = tuple(sources)
    rendered = paper(tmp_path, manual, ids, fmt=fmt)
    ours = own(manual, ids)
    for sid, source in sources.items():
        assert source.publication and source.url, sid
        theirs = entry_for(sid, source.title, rendered.entries)
        for entry in (theirs, ours[sid]["entry"]["text"]):
            assert source.publication.replace("'", "’") in entry.replace("'", "’"), entry
            assert source.url in entry, entry
