"""Data files and their texts from people we do not trust (issue 21): a source's `file`
stays inside its data file's folder and is a regular file of bounded size; spans and
line numbers are checked against the text; huge numbers, lone surrogates and a full
disk are one-line errors; `export sqlite --force` replaces only a regular file; and a
cache file that is not byte for byte what vpa wrote is never served.

Runs that could hang or exhaust memory on a vpa without these guards go through a
subprocess with a timeout and an address-space limit, so a regression fails the test
instead of stopping the suite.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import socket
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import Result, run

from vpa_cli.loading import cache, reading, texts

SECRET = "SECRET-TOKEN-5f0c2b"
TEXT = "Notes on a source\nSecond line of the notes.\n"
LINE_COUNT = 3  # the two lines and the empty one after the last newline
HUGE = "9" * 5000
MEMORY_LIMIT = 2 * 1024**3  # bytes of address space for a run that could run away
TIMEOUT = 60


def _doc(file: str = "notes.txt", **source: Any) -> dict[str, Any]:
    """A data file with one source and one event citing its second line."""
    return {
        "sources": [
            {
                "id": "my-notes",
                "file": file,
                "title": "Notes on a source",
                "type": "report",
                "citations": [{"source": "my-notes", "line": 1, "quote": "Notes on a source"}],
                **source,
            }
        ],
        "events": [
            {
                "id": "2015-user-event",
                "date": "2015-03-02",
                "date_basis": "stated",
                "title": "A user's event",
                "summary": "Written by a user.",
                "kind": "publication",
                "partners": [],
                "citations": [
                    {"source": "my-notes", "line": 2, "quote": "Second line of the notes."}
                ],
            }
        ],
    }


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "notes.txt").write_text(TEXT, encoding="utf-8")
    return folder


def _write(folder: Path, doc: dict[str, Any]) -> str:
    path = folder / "mine.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _vpa(*args: str, preexec: Callable[[], None] = _limits, **env: str) -> Result:
    """vpa in a fresh process, bounded in time and memory."""
    done = subprocess.run(
        [sys.executable, "-m", "vpa_cli", *args],
        env={**os.environ, "VPA_CACHE_DIR": "", **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        preexec_fn=preexec,
    )
    return Result(done.returncode, done.stdout, done.stderr, None)


def _one_line_error(result: Result, code: int, *words: str) -> None:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("vpa: error: ")
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


# Every command that reads the dataset, and those that read the source's text.
COMMANDS = [
    ["timeline"],
    ["sources"],
    ["sources", "my-notes"],
    ["show", "2015-user-event"],
    ["show", "my-notes:1"],
    ["cite", "2015-user-event"],
    ["search", "notes"],
]


# ---------------------------------------------------------------- 1. a source's file


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(f"{SECRET}\nmore secrets\n", encoding="utf-8")
    return secret


@pytest.mark.parametrize("target", ["secret", "/etc/passwd", "/proc/self/environ"])
def test_a_link_that_leads_outside_the_folder_is_refused_by_every_command(
    target: str, tmp_path: Path, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VPA_TEST_SECRET", SECRET)  # what /proc/self/environ would give away
    folder = _folder(tmp_path)
    where = outside if target == "secret" else Path(target)
    if not where.exists():
        pytest.skip(f"{target} does not exist here")
    (folder / "notes.txt").unlink()
    (folder / "notes.txt").symlink_to(where)
    data = _write(folder, _doc())
    for args in COMMANDS:
        result = run(*args, "--data", data)
        assert SECRET not in result.stdout + result.stderr
        _one_line_error(result, 1, "leads outside")
    checked = run("check", "--data", data)
    assert checked.exit_code == 1
    assert "my-notes: file: cannot read notes.txt: it leads outside the folder of" in checked.stdout
    assert SECRET not in checked.stdout + checked.stderr
    db = tmp_path / "out.db"
    _one_line_error(run("export", "sqlite", str(db), "--data", data), 1, "leads outside")
    assert not db.exists()


def test_a_folder_on_the_way_that_leads_outside_is_refused(tmp_path: Path, outside: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "texts").symlink_to(outside.parent)
    data = _write(folder, _doc("texts/secret.txt"))
    result = run("sources", "my-notes", "--data", data)
    _one_line_error(result, 1, "leads outside")
    assert SECRET not in result.stdout


def test_links_that_stay_inside_the_folder_are_followed(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    folder = _folder(real)
    (folder / "texts").mkdir()
    (folder / "notes.txt").rename(folder / "texts" / "notes.txt")
    (folder / "notes.txt").symlink_to(Path("texts") / "notes.txt")
    # The data file's folder reached through a link of its own.
    (tmp_path / "via-link").symlink_to(real)
    data = str(tmp_path / "via-link" / "data" / Path(_write(folder, _doc())).name)
    checked = run("check", "--data", data)
    assert not [line for line in checked.stdout.splitlines() if line.startswith(data)]
    shown = run("sources", "my-notes", "--data", data)
    assert shown.exit_code == 0 and "Second line of the notes." in shown.stdout


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> None:
    if len(str(path)) > 100:
        pytest.skip("a path too long for a Unix socket")
    with socket.socket(socket.AF_UNIX) as bound:
        bound.bind(str(path))


def _zero_device(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 5))  # what /dev/zero is
    except PermissionError:
        pytest.skip("making a device node needs root")


def _folder_in_place(path: Path) -> None:
    path.mkdir()


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (_fifo, "a FIFO"),
        (_socket, "a socket"),
        (_zero_device, "a character device"),
        (_folder_in_place, "a directory"),
    ],
    ids=["fifo", "socket", "device", "directory"],
)
def test_a_text_that_is_no_regular_file_is_refused_without_waiting(
    make: Callable[[Path], None], kind: str, tmp_path: Path
) -> None:
    folder = _folder(tmp_path)
    (folder / "notes.txt").unlink()
    make(folder / "notes.txt")
    data = _write(folder, _doc())
    # In a subprocess: a vpa that opens a FIFO to read it waits for ever.
    checked = _vpa("check", "--data", data)
    assert checked.exit_code == 1
    assert f"cannot read notes.txt: it is {kind}" in checked.stdout
    assert "not a regular file" in checked.stdout
    for args in (["sources", "my-notes"], ["show", "my-notes:1"], ["timeline"]):
        _one_line_error(_vpa(*args, "--data", data), 1, f"it is {kind}")


@pytest.mark.parametrize(
    ("swap", "why"),
    [
        (lambda path, secret: path.symlink_to(secret), "Too many levels of symbolic links"),
        (lambda path, secret: os.mkfifo(path), "it was replaced while it was read"),
    ],
    ids=["link", "fifo"],
)
def test_a_text_swapped_after_it_was_checked_is_neither_followed_nor_waited_on(
    swap: Callable[[Path, Path], None],
    why: str,
    tmp_path: Path,
    outside: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _folder(tmp_path)
    loaded, problems = reading.collect([_write(folder, _doc())], bundled=False)
    assert problems == []
    real_open = os.open

    def swapping(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        # Between the checks and the open, someone puts something else in its place.
        if Path(path).name == "notes.txt":
            Path(path).unlink()
            swap(Path(path), outside)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", swapping)
    signal.alarm(TIMEOUT)  # a FIFO opened to be read waits for a writer: fail, not hang
    try:
        with pytest.raises(texts.SourceUnreadable, match=why):
            texts.read_lines(loaded.sources["my-notes"])
    finally:
        signal.alarm(0)


def test_a_link_to_dev_zero_is_refused_not_read(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    (folder / "notes.txt").unlink()
    (folder / "notes.txt").symlink_to("/dev/zero")
    data = _write(folder, _doc())
    # Read to the end, /dev/zero fills any memory: the subprocess is given 2 GiB.
    assert "leads outside" in _vpa("check", "--data", data).stdout
    for args in (["sources", "my-notes"], ["export", "sqlite", str(tmp_path / "x.db")]):
        _one_line_error(_vpa(*args, "--data", data), 1, "leads outside", "/dev/zero")


def test_a_text_over_the_size_limit_is_refused_and_the_limit_named(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    with (folder / "notes.txt").open("r+b") as text:
        text.truncate(texts.MAX_SOURCE_BYTES + 1)  # sparse: no disk spent
    data = _write(folder, _doc())
    limit = f"over the {texts.MAX_SOURCE_BYTES // 1024**2} MiB limit for a source's text"
    checked = run("check", "--data", data)
    assert checked.exit_code == 1 and limit in checked.stdout
    _one_line_error(run("sources", "my-notes", "--data", data), 1, limit)


def test_a_text_at_the_size_limit_is_read(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    with (folder / "notes.txt").open("ab") as text:
        text.write(b"x" * (texts.MAX_SOURCE_BYTES - len(TEXT.encode())))
    assert (folder / "notes.txt").stat().st_size == texts.MAX_SOURCE_BYTES
    result = run("sources", "my-notes", "--line", "2", "--data", _write(folder, _doc()))
    assert result.exit_code == 0, result.stderr


# ---------------------------------------------------------------- 2. inputs bounded


def _skipping(line: int) -> dict[str, Any]:
    doc = _doc()
    doc["skipped"] = [{"source": "my-notes", "line": line, "reason": "heading"}]
    return doc


def _citing(line: int) -> dict[str, Any]:
    doc = _doc()
    doc["events"][0]["citations"][0]["line"] = line
    return doc


@pytest.mark.parametrize(
    ("doc", "where"),
    [
        (_doc(lines="1-300000000"), "my-notes: lines: lines 1-300000000 go past the end"),
        (
            _doc(layout=[{"lines": "2-300000000", "role": "heading"}]),
            "my-notes: layout[0].lines: lines 2-300000000 go past the end",
        ),
        (_citing(300_000_000), f"citations[0].line: my-notes has {LINE_COUNT} lines"),
        (_skipping(300_000_000), f"skipped my-notes:300000000: line: my-notes has {LINE_COUNT}"),
    ],
    ids=["source-lines", "layout", "citation", "skipped"],
)
def test_check_holds_every_span_and_line_to_the_length_of_the_text(
    doc: dict[str, Any], where: str, tmp_path: Path
) -> None:
    result = _vpa("check", "--data", _write(_folder(tmp_path), doc))
    assert result.exit_code == 1
    assert where in result.stdout


def test_a_huge_layout_span_is_never_walked_past_the_end_of_the_text(tmp_path: Path) -> None:
    doc = _doc(layout=[{"lines": "1-300000000", "role": "heading"}])
    data = _write(_folder(tmp_path), doc)
    # Walked to its end, the span needs tens of GiB; the subprocess has 2.
    for args in (
        ["sources", "my-notes"],
        ["cite", "2015-user-event"],
        ["show", "2015-user-event"],
        ["export", "sqlite", str(tmp_path / "x.db")],
    ):
        result = _vpa(*args, "--data", data)
        assert result.exit_code == 0, (args, result.stderr)
    assert "heading" in _vpa("sources", "my-notes", "--data", data).stdout


def test_a_span_of_thousands_of_digits_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    data = _write(_folder(tmp_path), _doc(lines=f"1-{HUGE}"))
    checked = run("check", "--data", data)
    assert checked.exit_code == 1
    assert "my-notes: lines: a line number has more than 9 digits" in checked.stdout
    assert "internal error" not in checked.stderr
    _one_line_error(run("timeline", "--data", data), 1, "more than 9 digits")


def test_a_line_of_thousands_of_digits_on_the_command_line_is_not_found() -> None:
    result = run("show", f"nguyen-chi-vinh-2015:{HUGE}")
    _one_line_error(result, 1, "nguyen-chi-vinh-2015 has 34 lines, not 999999999\u2026")


def test_a_line_number_past_sqlites_integers_is_refused_by_the_export(tmp_path: Path) -> None:
    data = _write(_folder(tmp_path), _skipping(10**20))
    db = tmp_path / "x.db"
    result = run("export", "sqlite", str(db), "--data", data)
    _one_line_error(result, 1, "100000000000000000000 is too large for SQLite")
    assert not db.exists()


def test_a_lone_surrogate_is_a_problem_for_check_and_refused_by_the_export(
    tmp_path: Path,
) -> None:
    doc = _doc()
    doc["events"][0]["summary"] = "Written by \ud800 a user."
    data = _write(_folder(tmp_path), doc)
    checked = run("check", "--data", data)
    assert checked.exit_code == 1
    assert "2015-user-event: summary: holds a lone surrogate (U+D800)" in checked.stdout
    _one_line_error(
        run("export", "sqlite", str(tmp_path / "x.db"), "--data", data), 1, "lone surrogate"
    )
    assert run("timeline", "--data", data, "--format", "json").exit_code == 0


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", "-journal")))


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a file system of 64 KiB, which the export fills."""
    small = tmp_path / "small"
    small.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount here")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(small)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("a tmpfs cannot be mounted here (needs root)")
    try:
        yield small
    finally:
        subprocess.run(["umount", str(small)], check=False)


def test_a_full_disk_under_the_export_is_a_one_line_error(full_disk: Path) -> None:
    result = _vpa("export", "sqlite", str(full_disk / "x.db"))
    _one_line_error(result, 1, "cannot write", "full")
    assert list(full_disk.iterdir()) == []


def test_a_write_the_file_size_limit_stops_is_a_one_line_error(tmp_path: Path) -> None:
    def small_files() -> None:
        _limits()
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write fails instead of killing vpa
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    result = _vpa("export", "sqlite", str(tmp_path / "x.db"), preexec=small_files)
    _one_line_error(result, 1, "cannot write")
    assert not (tmp_path / "x.db").exists() and _leftovers(tmp_path) == []


def test_output_to_a_full_disk_is_a_one_line_error() -> None:
    if not Path("/dev/full").is_char_device():
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "vpa_cli", "timeline", "--format", "json"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=TIMEOUT,
        )
    assert done.returncode == 1
    assert done.stderr == "vpa: error: cannot write output: No space left on device\n"


# ---------------------------------------------------------------- 3. export --force


def _null_device(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        pytest.skip("making a device node needs root")


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (_null_device, "a character device"),
        (_fifo, "a FIFO"),
        (_socket, "a socket"),
        (_folder_in_place, "a directory"),
        (lambda path: path.symlink_to(path.parent.parent / "theirs.db"), "a symbolic link"),
        (lambda path: path.symlink_to(path.parent / "nowhere.db"), "a symbolic link"),
    ],
    ids=["device", "fifo", "socket", "directory", "link", "dangling-link"],
)
@pytest.mark.parametrize("force", [True, False], ids=["force", "no-force"])
def test_the_export_replaces_nothing_but_a_regular_file(
    make: Callable[[Path], None], kind: str, force: bool, tmp_path: Path
) -> None:
    # Run as root against /dev/null, a vpa that replaces what is there destroys it:
    # here the same device node, made in a folder of the test's own.
    folder = tmp_path / "out"
    folder.mkdir()
    theirs = tmp_path / "theirs.db"
    theirs.write_text("someone else's file", encoding="utf-8")
    target = folder / "vpa.db"
    make(target)
    before = os.lstat(target)
    result = run("export", "sqlite", str(target), *(["--force"] if force else []))
    _one_line_error(result, 2, str(target))
    assert kind in result.stderr or "exists" in result.stderr
    after = os.lstat(target)
    assert (after.st_ino, stat.S_IFMT(after.st_mode)) == (
        before.st_ino,
        stat.S_IFMT(before.st_mode),
    )
    assert theirs.read_text(encoding="utf-8") == "someone else's file"
    assert not (folder / "nowhere.db").exists()
    assert _leftovers(folder) == []


def test_force_moves_a_new_file_into_the_place_of_a_regular_one(tmp_path: Path) -> None:
    target = tmp_path / "vpa.db"
    target.write_text("the old export", encoding="utf-8")
    os.link(target, tmp_path / "second-name.db")
    result = run("export", "sqlite", str(target), "--force")
    assert result.exit_code == 0, result.stderr
    # Written elsewhere and renamed: the old file, under its other name, is untouched.
    assert (tmp_path / "second-name.db").read_text(encoding="utf-8") == "the old export"
    assert target.read_bytes().startswith(b"SQLite format 3\x00")
    assert _leftovers(tmp_path) == []


# ---------------------------------------------------------------- 4. the cache


def _timeline() -> str:
    result = run("timeline", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _cache_file(folder: Path) -> Path:
    (path,) = (p for p in folder.iterdir() if p.name.startswith(cache.PREFIX))
    return path


def _dataset_part(raw: bytes) -> tuple[int, int]:
    """Where the dataset's bytes are in a cache file: after MAGIC, the header part, and
    the dataset part's length and digest."""
    at = len(cache.MAGIC)
    for _ in range(2):
        length = int.from_bytes(raw[at : at + cache.LENGTH_BYTES], "little")
        start = at + cache.LENGTH_BYTES + cache.DIGEST_BYTES
        at = start + length
    return start, at


def _alter_a_title(raw: bytes, titles: list[str]) -> bytes:
    """The cache's bytes with one letter of a title in the dataset's part changed, the
    length kept."""
    start, end = _dataset_part(raw)
    for title in titles:
        word = title.encode()
        if raw.count(word, start, end) == 1:
            at = raw.index(word, start, end) + next(
                i for i, c in enumerate(title) if c.isascii() and c.isalpha()
            )
            letter = b"q" if raw[at : at + 1] != b"q" else b"z"
            return raw[:at] + letter + raw[at + 1 :]
    raise AssertionError("no title found once in the cache file")


def test_a_cache_file_altered_in_one_byte_is_never_served(
    cache_folder: Path, reads: list[int]
) -> None:
    expected = _timeline()
    path = _cache_file(cache_folder)
    titles = [e["title"] for e in json.loads(expected)]
    altered = _alter_a_title(path.read_bytes(), titles)
    path.write_bytes(altered)
    assert _timeline() == expected  # not the altered title
    assert len(reads) == 2
    assert _cache_file(cache_folder).read_bytes() != altered  # dropped and written afresh
    assert _timeline() == expected and len(reads) == 2  # the new one is served


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],
        lambda raw: raw[:-1],
        lambda raw: raw + b"\x00",
        lambda raw: raw + raw,
        lambda raw: b"",
    ],
    ids=["half", "one-byte-short", "one-byte-more", "twice", "empty"],
)
def test_a_cache_file_cut_short_or_extended_is_never_served(
    damage: Callable[[bytes], bytes], cache_folder: Path, reads: list[int]
) -> None:
    expected = _timeline()
    path = _cache_file(cache_folder)
    path.write_bytes(damage(path.read_bytes()))
    assert _timeline() == expected
    assert len(reads) == 2
    assert _timeline() == expected and len(reads) == 2  # written afresh, and served
