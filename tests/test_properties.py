"""Property tests: whatever arguments or data file vpa is given, it answers cleanly.

For generated command lines and generated data files: the exit code is 0, 1
or 2; stderr has no traceback; nothing but JSON carries a control character;
and `--format json` output parses whenever the command succeeds.
"""

from __future__ import annotations

import itertools
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from conftest import Result, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vpa_cli.loading.reading import load_dataset
from vpa_cli.records import vocab

BUNDLED = load_dataset([])
PARTNER_NAMES = sorted({n for p in BUNDLED.partners.values() for n in (p.id, p.name, *p.aliases)})
SOURCE_IDS = sorted(BUNDLED.sources)
RECORD_IDS = sorted(BUNDLED.by_id())
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
FORMATS = ["auto", "plain", "table", "json", "csv", "markdown", "text", "bibtex", "csl-json"]
JSON_FORMATS = ("json", "csl-json")

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# ---------------------------------------------------------------- strategies

# Text people might type, and text no one would: controls, markup, bidi, CJK.
nasty = st.sampled_from(
    ["[bold red]", "[/]", "[link=x]", "\x1b[31m", "\u202e", "\x00", "\x9b", "’", "đ", "\n", "-"]
)
words = st.one_of(
    st.text(max_size=12),
    st.sampled_from(PARTNER_NAMES),
    st.sampled_from(RECORD_IDS),
    st.lists(st.one_of(nasty, st.text(max_size=4)), max_size=4).map("".join),
)


@st.composite
def date_texts(draw: st.DrawFn) -> str:
    """Dates as people type them, right and wrong."""
    year = draw(st.integers(-50, 10_000))
    month = draw(st.integers(0, 13))
    day = draw(st.integers(0, 32))
    forms = [
        f"{year}",
        f"{year:04d}-{month:02d}",
        f"{year:04d}-{month:02d}-{day:02d}",
        f"{day} March {year}",
        f"March {year}",
        f"{year}~",
        f"{year}/{year + 1}",
        f"{month}/{day}/{year}",
        "",
        " ",
    ]
    return draw(st.one_of(st.sampled_from(forms), st.text(max_size=10)))


def _opt(name: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return values.map(lambda v: [name, v])


timeline_options = st.one_of(
    _opt("--from", date_texts()),
    _opt("--to", date_texts()),
    _opt("--partner", words),
    _opt("--kind", st.one_of(st.sampled_from(list(vocab.EVENT_KINDS)), words)),
    _opt("--source", st.one_of(st.sampled_from(SOURCE_IDS), words)),
    _opt("--contains", words),
    _opt("--limit", st.one_of(st.integers(-3, 50).map(str), words)),
    _opt("--by", st.sampled_from(["decade", "year", "month", ""])),
    st.sampled_from([["--reverse"], ["--strict"], ["--chart"], ["--no-color"], ["--bogus"]]),
)


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(["timeline", "partner", "search", "show", "cite", "check"]))
    args: list[str] = [command]
    if command == "timeline":
        for option in draw(st.lists(timeline_options, max_size=4)):
            args += option
    elif command == "check":
        pass
    else:
        args += draw(st.lists(words, max_size=3 if command == "search" else 1))
        if command == "partner" and draw(st.booleans()):
            args += ["--sort", draw(st.sampled_from(["name", "count", "size"]))]
        if command == "search" and draw(st.booleans()):
            args += ["--type", draw(st.sampled_from(["event", "fact", "partner", "passage", "x"]))]
        if command == "cite" and draw(st.booleans()):
            args += ["--style", draw(st.sampled_from(["apa", "chicago", "mla", "bibtex", "x"]))]
    if draw(st.booleans()):
        args += ["--format", draw(st.sampled_from(FORMATS))]
    return args


def assert_clean(result: Result, args: list[str]) -> None:
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr)
    assert result.exception is None, (args, repr(result.exception))
    assert "Traceback" not in result.stderr, (args, result.stderr)
    if result.exit_code != 0:
        assert result.stderr.strip(), args  # a failure always says why
    assert UNSAFE.search(result.stderr) is None, (args, result.stderr)
    options = args[: args.index("--")] if "--" in args else args  # "--" ends the options
    is_json = any(a == "--format" and b in JSON_FORMATS for a, b in itertools.pairwise(options))
    if is_json and result.exit_code == 0:
        json.loads(result.stdout)
    if not is_json:
        assert UNSAFE.search(result.stdout) is None, (args, result.stdout[-300:])


@SETTINGS
@given(command_lines())
def test_any_command_line_answers_cleanly(args: list[str]) -> None:
    assert_clean(run(*args), args)


@SETTINGS
@given(command_lines())
def test_json_output_parses_whenever_it_succeeds(args: list[str]) -> None:
    if "--format" in args:
        args = args[: args.index("--format")]
    args = [*args, "--format", "json"]
    assert_clean(run(*args), args)


# ---------------------------------------------------------------- data files

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**40), 10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def mostly(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually a valid value for a field, sometimes any JSON at all."""
    return st.one_of(valid, valid, valid, json_values)


ids = st.from_regex(r"\A[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}\Z").filter(lambda s: s not in RECORD_IDS)
stored_dates = st.one_of(
    st.builds(
        lambda y, m, d, q: (
            f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if m and d else "") + q
        ),
        st.integers(1, 2999),
        st.integers(0, 12),
        st.integers(0, 28),
        st.sampled_from(["", "~", "?", "%"]),
    ),
    st.sampled_from(["1995/2000", "2014/..", "../1975", "1995-13", "2015-02-30", "March 2015"]),
)
citations = st.lists(
    mostly(
        st.fixed_dictionaries(
            {
                "source": mostly(st.sampled_from([*SOURCE_IDS, "nope"])),
                "line": mostly(st.integers(-1, 200)),
                "quote": mostly(st.text(min_size=1, max_size=20)),
            }
        )
    ),
    max_size=2,
)
texts = st.one_of(st.text(max_size=20), nasty)
partner_ids = st.sampled_from([*PARTNER_NAMES[:5], "russia", "atlantis"])
# A partner is a plain id, or a link {id, role, basis, note} (an inferred one needs a note).
partner_links = st.fixed_dictionaries(
    {"id": mostly(partner_ids)},
    optional={
        "role": mostly(st.sampled_from([*vocab.PARTNER_ROLES, None])),
        "basis": mostly(st.sampled_from(list(vocab.PARTNER_BASES))),
        "note": mostly(st.one_of(st.none(), texts)),
    },
)
partners_field = st.lists(mostly(st.one_of(partner_ids, partner_links)), max_size=2)

events = st.fixed_dictionaries(
    {
        "id": mostly(ids),
        "date": mostly(stored_dates),
        "date_basis": mostly(st.sampled_from(list(vocab.DATE_BASES))),
        "title": mostly(texts),
        "summary": mostly(texts),
        "kind": mostly(st.sampled_from(list(vocab.EVENT_KINDS))),
        "partners": mostly(partners_field),
        "citations": mostly(citations),
    },
    optional={
        "date_note": texts,
        "date_label": texts,
        "note": texts,
        "source_date": mostly(stored_dates),
        "as_of": mostly(stored_dates),
        # Computed by vpa; a data file's values are ignored.
        "until": json_values,
        "weak": json_values,
        "extra": json_values,
    },
)
facts = st.fixed_dictionaries(
    {
        "id": mostly(ids),
        "title": mostly(texts),
        "summary": mostly(texts),
        "kind": mostly(st.sampled_from(list(vocab.FACT_KINDS))),
        "partners": mostly(partners_field),
        "citations": mostly(citations),
    },
    optional={"as_of": mostly(stored_dates), "note": texts},
)
partners = st.fixed_dictionaries(
    {
        "id": mostly(ids),
        "name": mostly(texts),
        "kind": mostly(st.sampled_from(list(vocab.PARTNER_KINDS))),
        "aliases": mostly(st.lists(texts, max_size=2)),
        "statements": mostly(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "area": mostly(st.sampled_from(list(vocab.AREAS))),
                        "text": mostly(texts),
                        "citations": mostly(citations),
                    },
                    optional={
                        "basis": mostly(st.sampled_from(list(vocab.PARTNER_BASES))),
                        "note": texts,
                    },
                ),
                max_size=2,
            )
        ),
        "citations": mostly(citations),
    }
)
sources = st.fixed_dictionaries(
    {
        "id": mostly(ids),
        "file": mostly(st.sampled_from(["text.txt", "missing.txt", "../x.txt", "/etc/passwd", ""])),
        "title": mostly(texts),
        "citations": mostly(citations),
    },
    optional={
        "authors": st.lists(json_values, max_size=2),
        "sha256": texts,
        "date": stored_dates,
        # A span of the file's lines (text.txt has two), and how to weigh the source.
        "lines": mostly(st.sampled_from(["1-1", "2-2", "1-2", "2-1", "0-3", "1", "x-y"])),
        "as_of": mostly(stored_dates),
        "voice": mostly(st.sampled_from(list(vocab.SOURCE_VOICES))),
        "speaker": texts,
        "weak": mostly(st.booleans()),
        "assessment": texts,
    },
)
documents = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "events": mostly(st.lists(events, max_size=3)),
            "facts": mostly(st.lists(facts, max_size=2)),
            "partners": mostly(st.lists(partners, max_size=2)),
            "sources": mostly(st.lists(sources, max_size=2)),
            "skipped": json_values,
        },
    ),
    json_values,
)
DATA_COMMANDS = [
    ["timeline", "--format", "json"],
    ["timeline", "--format", "plain"],
    ["timeline", "--format", "csv"],
    ["timeline", "--from", "2000", "--format", "json"],
    ["check", "--format", "json"],
    ["partner", "--format", "plain"],
    ["partner", "russia", "--format", "json"],
    ["search", "the", "--format", "json"],
]


def _run_on(content: bytes, args: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "text.txt").write_text("A line.\nIn 1999 a thing \x1b[31m.\n", "utf-8")
        path = Path(folder) / "data.json"
        path.write_bytes(content)
        full = [*args, "--data", str(path)]
        assert_clean(run(*full), full)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.sampled_from(DATA_COMMANDS))
def test_any_data_file_answers_cleanly(doc: Any, args: list[str]) -> None:
    _run_on(json.dumps(doc).encode(), args)


@SETTINGS
@given(documents, st.integers(0, 400), st.binary(max_size=4), st.sampled_from(DATA_COMMANDS))
def test_any_damaged_data_file_answers_cleanly(
    doc: Any, cut: int, junk: bytes, args: list[str]
) -> None:
    raw = json.dumps(doc, indent=1).encode()
    _run_on(raw[:cut] + junk + raw[cut + len(junk) :], args)


# ---------------------------------------------------------------- JSON output

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(), inner, max_size=4)
        | st.dictionaries(st.integers(), inner, max_size=2)
    ),
    max_leaves=30,
)


@given(JSON_VALUES)
def test_json_output_is_exactly_what_json_dumps_writes(value: Any) -> None:
    """vpa's faster indented writer (render.json_text) and the standard library agree."""
    from vpa_cli.render import json_text

    assert json_text(value) == json.dumps(value, ensure_ascii=True, indent=2)


@given(st.lists(st.text(alphabet=st.sampled_from("ab;\\ "), max_size=6), max_size=5))
def test_a_list_column_splits_into_the_items_it_joined(items: list[str]) -> None:
    """A note holding `; ` or a backslash still splits into one item per partner."""
    from vpa_cli.claims.columns import join_items, split_items

    assert split_items(join_items(items), len(items)) == items
