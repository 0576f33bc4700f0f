"""'Did you mean' hints only when close: a slip of the keyboard gets the partner
meant, a name that is not a partner gets none, and Vietnam gets a note."""

from __future__ import annotations

import pytest
from conftest import run

from vpa_cli.errors import NotFound, UsageError
from vpa_cli.loading.reading import load_dataset
from vpa_cli.queries.resolve import resolve_partner
from vpa_cli.text import closest

DATASET = load_dataset()

# Real countries and organisations that are not partners in the dataset; some
# share a word or most letters with one (South Korea / South Sudan, Austria /
# Australia, Sudan, UNESCO / UN, the Republic of China / China).
NOT_PARTNERS = [
    "South Korea",
    "North Korea",
    "Republic of Korea",
    "Democratic People's Republic of Korea",
    "Austria",
    "Sudan",
    "Germany",
    "Netherlands",
    "Norway",
    "Thailand",
    "Indonesia",
    "Philippines",
    "Malaysia",
    "Singapore",
    "Brazil",
    "Canada",
    "Mexico",
    "Egypt",
    "Israel",
    "Iran",
    "Iraq",
    "Pakistan",
    "Bangladesh",
    "New Zealand",
    "Italy",
    "Spain",
    "Poland",
    "Ukraine",
    "Belarus",
    "Cuba",
    "Chile",
    "Ghana",
    "Republic of China",
    "Taiwan",
    "European Union",
    "African Union",
    "NATO",
    "UNESCO",
    "WHO",
    "UAE",
    "World Bank",
    "Quad",
    "Shanghai Cooperation Organisation",
    "East Asia Summit",
    "APEC",
    "International Committee of the Red Cross",
]

# (typed, partner meant): dropped, doubled, swapped and wrong letters, in ids,
# names and aliases.
MISSPELLINGS = [
    ("rusia", "russia"),
    ("Russsia", "russia"),
    ("Rusia Federation", "russia"),
    ("chna", "china"),
    ("Chinaa", "china"),
    ("inida", "india"),
    ("Indai", "india"),
    ("jpan", "japan"),
    ("Japna", "japan"),
    ("Austrlia", "australia"),
    ("Autralia", "australia"),
    ("loas", "laos"),
    ("Cambodja", "cambodia"),
    ("Kampuchia", "cambodia"),
    ("Turky", "turkey"),
    ("Turkie", "turkey"),
    ("Myanmr", "myanmar"),
    ("Burmah", "myanmar"),
    ("Sout Sudan", "south-sudan"),
    ("South Sudn", "south-sudan"),
    ("Frnace", "france"),
    ("Fance", "france"),
    ("Aesan", "asean"),
    ("Untied States", "united-states"),
    ("United Sates", "united-states"),
    ("Amercia", "united-states"),
    ("United Natons", "united-nations"),
    ("Unted Nations", "united-nations"),
    ("UN Securty Council", "un-security-council"),
    ("Security Counsil", "un-security-council"),
    ("Sovet Union", "soviet-union"),
    ("Soviet Unoin", "soviet-union"),
    ("Shangrila Dialog", "shangri-la-dialogue"),
    ("Shangri-La Dialouge", "shangri-la-dialogue"),
    ("Xiangshan Forun", "beijing-xiangshan-forum"),
    ("Bejing Xiangshan Forum", "beijing-xiangshan-forum"),
    ("Moscow Conferance", "moscow-conference"),
    ("ASEAN Regonal Forum", "asean-regional-forum"),
    ("ADMM Pluss", "admm-plus"),
]


def _miss(typed: str) -> NotFound:
    with pytest.raises(NotFound) as caught:
        resolve_partner(DATASET, typed)
    return caught.value


def test_the_lists_are_as_long_as_promised() -> None:
    assert len(NOT_PARTNERS) >= 30 and len(MISSPELLINGS) >= 30
    names = {n for p in DATASET.partners.values() for n in (p.id, p.name, *p.aliases)}
    assert not set(NOT_PARTNERS) & names


@pytest.mark.parametrize("typed", NOT_PARTNERS)
def test_a_name_that_is_not_a_partner_gets_no_suggestion(typed: str) -> None:
    error = _miss(typed)
    assert error.suggestions == []
    assert str(error) == f"unknown partner {typed!r}; `vpa partner` lists the partners"


@pytest.mark.parametrize(("typed", "meant"), MISSPELLINGS)
def test_a_misspelling_gets_the_partner_meant_and_only_it(typed: str, meant: str) -> None:
    assert _miss(typed).suggestions == [meant]


@pytest.mark.parametrize(
    "typed", ["vietnam", "Viet Nam", "Việt Nam", "VN", "VPA", "Vietnam People's Army"]
)
def test_vietnam_is_the_subject_not_a_partner(typed: str) -> None:
    error = _miss(typed)
    assert error.suggestions == []
    assert "Vietnam is the subject of this dataset" in str(error)
    with pytest.raises(UsageError, match="subject of this dataset"):
        resolve_partner(DATASET, typed, usage=True)


def test_the_cli_says_it_in_one_line() -> None:
    korea = run("partner", "South Korea")
    assert (korea.exit_code, korea.stdout) == (1, "")
    assert korea.stderr == (
        "vpa: error: unknown partner 'South Korea'; `vpa partner` lists the partners\n"
    )
    vietnam = run("timeline", "--partner", "vietnam")
    assert vietnam.exit_code == 2
    assert vietnam.stderr.count("\n") == 1
    assert "not a partner: Vietnam is the subject" in vietnam.stderr
    assert "soviet" not in vietnam.stderr


def test_a_name_begun_is_completed() -> None:
    # Not a slip of the keyboard but the first words of a longer name.
    assert _miss("Shangri-La").suggestions == ["shangri-la-dialogue"]
    assert closest("2015-03-02-defence-diplomacy", ["2015-03-02-defence-diplomacy-guidelines"])


@pytest.mark.parametrize(
    ("word", "candidates", "expected"),
    [
        ("wars", ["war", "expo", "relief"], ["war"]),
        ("UK", ["uc", "us"], []),  # under four letters, only the same name
        ("Austria", ["Australia"], []),  # two slips in nine letters
        ("Sudan", ["South Sudan"], []),  # a shared word is not a slip
        ("rusia", ["russia", "usa", "asia"], ["russia"]),
        ("", ["russia"], []),
    ],
)
def test_closest(word: str, candidates: list[str], expected: list[str]) -> None:
    assert closest(word, candidates) == expected


# ---------------------------------------------------------------- issue 24: each names the fix


def _usage_line(*args: str, code: int = 2) -> str:
    """The one line on stderr of a run that fails with `code`, nothing on stdout."""
    result = run(*args)
    assert (result.exit_code, result.stdout) == (code, ""), result.stderr
    assert result.stderr.count("\n") == 1
    return result.stderr


@pytest.mark.parametrize(
    ("args", "meant"),
    [
        (["timeline", "--since", "2010"], "--from"),
        (["timeline", "--since=2010"], "--from"),
        (["timeline", "--until", "2010"], "--to"),
        (["timeline", "--type", "war"], "--kind"),
        (["search", "x", "--kind", "event"], "--type"),
        (["timeline", "--partnr", "laos"], "--partner"),
        (["timeline", "--json"], "--format json"),
        (["sources", "nguyen-chi-vinh-2015", "--lines", "4"], "--line"),
    ],
)
def test_an_unknown_option_names_the_option_meant(args: list[str], meant: str) -> None:
    line = _usage_line(*args)
    typed = next(a for a in args if a.startswith("--")).partition("=")[0]
    assert line.startswith(f"vpa: error: no such option: {typed} (did you mean: {meant}?)")
    assert f"(vpa {args[0]} --help for usage)" in line


@pytest.mark.parametrize("args", [["timeline", "--since", "2010"], ["timeline", "--bogus"]])
def test_an_unknown_option_gets_no_guess_that_is_not_close(args: list[str]) -> None:
    # Click guessed "--kind, --source, --strict" for --since.
    line = _usage_line(*args)
    for unrelated in ("--kind", "--source", "--strict", "Possible options"):
        assert unrelated not in line


@pytest.mark.parametrize(
    ("typed", "meant"), [("treaty", "agreement"), ("wars", "war"), ("Drill", "exercise")]
)
def test_an_unknown_kind_names_the_kind_meant_and_lists_the_kinds(typed: str, meant: str) -> None:
    from vpa_cli.records.vocab import EVENT_KINDS

    line = _usage_line("timeline", "--kind", typed)
    assert line.startswith(f"vpa: error: --kind: unknown kind {typed!r} (did you mean: {meant}?)")
    assert line.rstrip().endswith("one of: " + ", ".join(EVENT_KINDS))


def test_an_unknown_kind_with_nothing_close_still_lists_the_kinds() -> None:
    line = _usage_line("timeline", "--kind", "zzz")
    assert "did you mean" not in line
    assert "one of: founding, " in line


@pytest.mark.parametrize(
    ("args", "code", "meant"),
    [
        (["timeline", "--source", "impact"], 2, "vpa-impact"),
        (["timeline", "--source", "nguyen-chi-vinh"], 2, "nguyen-chi-vinh-2015"),
        (["sources", "impact"], 1, "vpa-impact"),
        (["show", "us-normalisation"], 1, "1995-us-normalisation"),
        (["show", "defence-diplomacy-guidelines"], 1, "2015-03-02-defence-diplomacy-guidelines"),
    ],
)
def test_an_id_remembered_by_its_words_is_suggested(args: list[str], code: int, meant: str) -> None:
    line = _usage_line(*args, code=code)
    assert line.rstrip().endswith(f"(did you mean: {meant}?)")


@pytest.mark.parametrize(
    ("args", "code", "fix"),
    [
        (["timeline", "--source", "zzz-unknown"], 2, "`vpa sources` lists them"),
        (["sources", "zzz-unknown"], 1, "`vpa sources` lists them"),
        (["show", "zzz-unknown"], 1, "`vpa search WORDS` finds records and their ids"),
        # A partner's id is a name: a shared word is no hint (Sudan is not South Sudan).
        (["show", "sudan"], 1, "`vpa search WORDS` finds records and their ids"),
        (["partner", "south korea"], 1, "`vpa partner` lists the partners"),
        (["timeline", "--partner", "south korea"], 2, "`vpa partner` lists the partners"),
    ],
)
def test_a_miss_with_nothing_close_names_where_to_look(
    args: list[str], code: int, fix: str
) -> None:
    line = _usage_line(*args, code=code)
    assert "did you mean" not in line
    assert line.rstrip().endswith(f"; {fix}")


def test_a_partner_name_of_several_words_needs_no_quotes() -> None:
    # Issue 24: `vpa partner hoa ky` was "unexpected extra argument(s) (ky)".
    unquoted = run("partner", "hoa", "ky", "--format", "json")
    assert unquoted.exit_code == 0, unquoted.stderr
    assert unquoted.json()["id"] == "united-states"
    assert unquoted.stdout == run("partner", "Hoa Kỳ", "--format", "json").stdout
    assert run("partner", "south", "sudan", "--format", "json").json()["id"] == ("south-sudan")


@pytest.mark.parametrize(
    ("word", "ids", "expected"),
    [
        ("impact", ["vpa-impact", "dd-achievements"], ["vpa-impact"]),
        ("us-normalisation", ["1995-us-normalisation"], ["1995-us-normalisation"]),
        # Two words of the id left out: not close enough to be the one meant.
        ("peacekeeping", ["2014-un-peacekeeping-deployments"], []),
        ("un-deployments", ["2014-un-peacekeeping-deployments"], []),  # not a run of its words
    ],
)
def test_closest_id(word: str, ids: list[str], expected: list[str]) -> None:
    from vpa_cli.text import closest_id

    assert closest_id(word, ids) == expected
