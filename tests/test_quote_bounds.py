"""vpa quote on inputs of any size: the limits it refuses over, and the work its
searches do, counted (never timed): how many lines difflib aligns, how long each is,
and the memory the exact search takes for each character of the text."""

from __future__ import annotations

import difflib
import random
import re
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run
from hypothesis import given, settings
from hypothesis import strategies as st

from vpa_cli.queries.quote import (
    MAX_QUOTE_CHARS,
    MAX_TEXT_BYTES,
    NEAR_ALIGNED_LINES,
    NEAR_MAX_CHARS,
    NEAR_WINDOW_CHARS,
    QuoteNotFound,
    find_quote,
)
from vpa_cli.text import STRAIGHT


def generated(lines: int, seed: int = 21, words: int = 400) -> list[str]:
    """Lines of made-up words, about 100 characters each, a blank line between."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(words)]
    out: list[str] = []
    for _ in range(lines):
        out += [" ".join(rng.choices(vocabulary, k=16)) + ".", ""]
    return out


def write(folder: Path, lines: list[str]) -> Path:
    path = folder / "text.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


class Alignments:
    """Every difflib alignment the near-miss search makes: how many, how long each
    side. Over the budget it fails at once, so a search without one fails fast too."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sizes: list[tuple[int, int]] = []
        made = self.sizes

        class Counted(difflib.SequenceMatcher[str]):
            def __init__(self, isjunk: Any, a: Any, b: Any, **kwargs: Any) -> None:
                made.append((len(a), len(b)))
                assert len(made) <= NEAR_ALIGNED_LINES, "more lines aligned than the budget"
                assert len(a) <= NEAR_MAX_CHARS, "a quote over the near-miss cap aligned"
                assert len(b) <= NEAR_WINDOW_CHARS, "a stretch longer than a window aligned"
                super().__init__(isjunk, a, b, **kwargs)

        monkeypatch.setattr(difflib, "SequenceMatcher", Counted)


@pytest.fixture
def alignments(monkeypatch: pytest.MonkeyPatch) -> Iterator[Alignments]:
    yield Alignments(monkeypatch)


def not_found(path: Path, wanted: str) -> QuoteNotFound:
    with pytest.raises(QuoteNotFound) as missing:
        find_quote(path, wanted)
    return missing.value


# ---------------------------------------------------------------- the limits


def test_a_quote_over_the_cap_is_refused_naming_the_limit(tmp_path: Path) -> None:
    path = write(tmp_path, ["a short text"])
    over = run("quote", str(path), "x" * (MAX_QUOTE_CHARS + 1))
    assert (over.exit_code, over.stdout) == (2, "")
    assert over.stderr.count("\n") == 1
    assert f"{MAX_QUOTE_CHARS + 1:,} characters" in over.stderr
    assert f"limit of {MAX_QUOTE_CHARS:,}" in over.stderr
    # The words given in several arguments count together, as they are searched.
    half = "x" * (MAX_QUOTE_CHARS // 2)
    assert run("quote", str(path), half, half, "x").exit_code == 2
    # At the cap it is looked for (and not found here).
    at = run("quote", str(path), "x" * MAX_QUOTE_CHARS)
    assert at.exit_code == 1 and "not found" in at.stderr


def test_a_text_over_the_size_is_refused_naming_the_limit(tmp_path: Path) -> None:
    over = tmp_path / "over.txt"
    with over.open("wb") as handle:  # sparse: no time or disk spent on it
        handle.truncate(MAX_TEXT_BYTES + 1)
    result = run("quote", str(over), "x")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.count("\n") == 1
    assert f"{MAX_TEXT_BYTES + 1:,} bytes is over the 16 MiB limit" in result.stderr
    # vpa init reads a new text by the same rule.
    started = run("init", str(tmp_path / "new.json"), "--source", str(over))
    assert started.exit_code == 1 and "16 MiB limit" in started.stderr
    assert not (tmp_path / "new.json").exists()


def test_a_text_at_the_size_is_read(tmp_path: Path, alignments: Alignments) -> None:
    at = tmp_path / "at.txt"
    with at.open("wb") as handle:
        handle.truncate(MAX_TEXT_BYTES - 2)
        handle.seek(0, 2)
        handle.write(b"ok")
    assert at.stat().st_size == MAX_TEXT_BYTES
    (found,) = find_quote(at, "ok")
    assert found.line == 1 and found.quote == "ok"
    # One line of 16 MiB: aligned in windows, no more of them than the budget.
    assert not_found(at, "no").near == []
    assert 0 < len(alignments.sizes) <= NEAR_ALIGNED_LINES


def test_a_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    result = run("quote", str(fifo), "x")
    assert result.exit_code == 1 and "not a regular file" in result.stderr


# ---------------------------------------------------------------- the work done


def test_the_near_miss_search_aligns_only_its_budget(
    tmp_path: Path, alignments: Alignments
) -> None:
    """3,000 lines (about 300 KB), every one long enough to be half alike: only
    NEAR_ALIGNED_LINES are aligned, and the line the quote was copied from is among
    them."""
    lines = generated(3_000)
    path = write(tmp_path, lines)
    copied = lines[2 * 1_234][10:90]
    typo = copied[:40] + "#" + copied[41:]
    missing = not_found(path, typo)
    assert 0 < len(alignments.sizes) <= NEAR_ALIGNED_LINES
    assert missing.near[0].line == 2 * 1_234 + 1
    assert missing.near[0].score > 0.95


def test_a_long_line_is_aligned_in_windows(tmp_path: Path, alignments: Alignments) -> None:
    """A text of one line of about 400 KB: the quote is found near its end, through
    windows of at most NEAR_WINDOW_CHARS, not one alignment with the whole line."""
    line = " ".join(generated(4_000, seed=4)[::2])
    path = write(tmp_path, [line])
    copied = line[-3_000:-2_900]
    missing = not_found(path, copied[:50] + "#" + copied[51:])
    assert [near.line for near in missing.near] == [1] and missing.near[0].score > 0.95
    assert 0 < len(alignments.sizes) <= NEAR_ALIGNED_LINES
    assert max(b for _, b in alignments.sizes) <= NEAR_WINDOW_CHARS


def test_a_quote_over_the_near_miss_cap_is_not_aligned(
    tmp_path: Path, alignments: Alignments
) -> None:
    """A 100 KB quote with one character changed: the exact search misses it, and no
    closest lines are looked for (the message says so) rather than aligning 100 KB."""
    lines = generated(3_000)
    path = write(tmp_path, lines)
    copied = " ".join(lines[100:2_100])
    assert MAX_QUOTE_CHARS > len(copied) > 100_000
    changed = copied[:50_000] + "#" + copied[50_001:]
    missing = not_found(path, changed)
    assert missing.near == [] and alignments.sizes == []
    assert f"at most {NEAR_MAX_CHARS:,} characters" in str(missing)
    # The same quote unchanged is found, one citation per line it runs over.
    found = find_quote(path, copied)
    assert [c.line for c in found] == list(range(101, 2_100, 2))
    assert [c.paragraph for c in found] == list(range(51, 1_051))


def test_the_exact_search_takes_memory_in_proportion_to_the_text(tmp_path: Path) -> None:
    """No list of offsets per character: the peak is a few copies of the text (a
    list of Python ints per character took about 90 bytes for each)."""
    lines = generated(1_500)
    lines = [f"\u201c{line}\u201d" if line else line for line in lines]  # two bytes a character
    path = write(tmp_path, lines)
    wanted = " ".join(lines[1_000:2_000]).replace("\u201c", '"').replace("\u201d", '"')
    characters = len("\n".join(lines))
    tracemalloc.start()
    try:
        found = find_quote(path, wanted)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(found) == 500
    assert peak < 16 * characters, f"{peak / characters:.0f} bytes a character"


# ---------------------------------------------------------------- same answers


def _one(ch: str) -> str:
    """One character as finding compares it: any space one space, a typographic quote,
    apostrophe or dash the plain one, lower case unless that makes more than one."""
    if ch.isspace():
        return " "
    folded = STRAIGHT.get(ch, ch).lower()
    return folded if len(folded) == 1 else ch


def _by_each_character(lines: list[str], wanted: str) -> list[tuple[int, str]] | None:
    """The search as vpa quote first did it, one character at a time: (line, quote)."""
    key = re.sub(" +", " ", "".join(_one(ch) for ch in wanted).strip())
    text = "\n".join(lines)
    compared: list[str] = []
    starts: list[int] = []
    for i, ch in enumerate(text):
        c = _one(ch)
        if c == " " and compared and compared[-1] == " ":
            continue
        compared.append(c)
        starts.append(i)
    at = "".join(compared).find(key)
    if at < 0:
        return None
    begin, end = starts[at], starts[at + len(key) - 1] + 1
    out, offset = [], 0
    for n, line in enumerate(lines, 1):
        lo, hi = max(begin, offset), min(end, offset + len(line))
        if lo < hi and line[lo - offset : hi - offset].strip():
            out.append((n, line[lo - offset : hi - offset].strip()))
        offset += len(line) + 1
    return out


# Characters copying changes, and a few that fold to more than one (kept as they are).
_ALPHABET = "aAbB \u00a0\t\u2019'\u201c\"\u2013-\u0130\u00df"


@settings(max_examples=300, deadline=None)
@given(
    text=st.lists(st.text(_ALPHABET, max_size=12), min_size=1, max_size=6),
    start=st.integers(0, 80),
    length=st.integers(1, 20),
    typed=st.text(_ALPHABET, max_size=8),
)
def test_the_linear_search_finds_what_the_one_by_one_search_found(
    tmp_path_factory: pytest.TempPathFactory, text: list[str], start: int, length: int, typed: str
) -> None:
    path = tmp_path_factory.mktemp("q") / "t.txt"
    path.write_text("\n".join(text), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").split("\n")
    joined = "\n".join(lines)
    for wanted in (joined[start : start + length], typed):
        if not "".join(_one(ch) for ch in wanted).strip():
            continue
        expected = _by_each_character(lines, wanted)
        try:
            got = [(c.line, c.quote) for c in find_quote(path, wanted)]
        except QuoteNotFound:
            got = None
        assert got == expected, (lines, wanted)
