"""The dataset cache (cache.py): a run reads what an earlier run stored, any change to
what the dataset was made from means the files are read again, and a cache that is
missing, corrupt, not the user's own or impossible to write changes nothing that a
command prints."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, run

from vpa_cli.loading import cache, paths, reading

EXAMPLE = REPO / "tests" / "data" / "example"
COMMANDS = [
    ["timeline"],
    ["partner", "russia"],
    ["partner"],
    ["search", "peacekeeping"],
    ["show", "1995-us-normalisation"],
    ["cite"],
    ["sources"],
]
HOUR_AGO = 3600


@pytest.fixture
def folder(cache_folder: Path) -> Path:
    return cache_folder


def _aged(path: Path, seconds: int = HOUR_AGO) -> Path:
    when = path.stat().st_mtime - seconds
    os.utime(path, (when, when))
    return path


def _user_file(tmp_path: Path) -> Path:
    copy = tmp_path / "mine"
    shutil.copytree(EXAMPLE, copy)
    return _aged(copy / "my-data.json")


def _cached(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


def _json(*args: str) -> str:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_command_prints_the_same_from_the_cache_as_from_the_files(
    args: list[str], folder: Path, reads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "")
    uncached = _json(*args)
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    first = _json(*args)
    second = _json(*args)
    assert uncached == first == second
    assert len(reads) == 2  # without a cache, then to fill it; the third run read none


def test_the_cache_is_one_private_file_per_set_of_inputs(
    folder: Path, tmp_path: Path, reads: list[int]
) -> None:
    mine = str(_user_file(tmp_path))
    _json("timeline")
    _json("timeline", "--data", mine)
    _json("timeline", "--data", mine)
    files = sorted(folder.iterdir())
    assert len(files) == 2 and len(reads) == 2
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in files:
        assert path.name.startswith(cache.PREFIX) and path.suffix == ".pickle"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_changed_data_file_is_read_again(folder: Path, tmp_path: Path, reads: list[int]) -> None:
    mine = _user_file(tmp_path)
    event = "2015-03-02-cautious-peacekeeping-guideline"

    def title() -> str:
        return str(json.loads(_json("show", event, "--data", str(mine)))["record"]["title"])

    assert title().endswith("peacekeeping cautiously and gradually")
    mine.write_text(mine.read_text().replace("peacekeeping cautiously", "peacekeeping carefully"))
    _aged(mine, HOUR_AGO // 2)
    assert title().endswith("peacekeeping carefully and gradually")
    assert len(reads) == 2


def test_a_file_added_to_the_bundled_data_folder_is_noticed(
    folder: Path, reads: list[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = tmp_path / "package"
    shutil.copytree(REPO / "data", root / "data")
    for path in (root / "data").iterdir():
        _aged(path)
    _aged(root / "data")
    monkeypatch.setattr(paths, "_ROOT", [root])
    _json("timeline")
    _json("timeline")
    assert len(reads) == 1
    (root / "data" / "zz-extra.json").write_text('{"events": []}')
    _json("timeline")
    assert len(reads) == 2


def test_a_file_modified_moments_ago_is_not_cached(
    folder: Path, tmp_path: Path, reads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A second edit within one tick of the file system's clock could keep the size
    # and the time: such a file is read every time until it has settled.
    monkeypatch.setattr(cache, "SETTLE_NS", 2_000_000_000)
    mine = _user_file(tmp_path)
    os.utime(mine)  # now
    _json("timeline", "--data", str(mine))
    _json("timeline", "--data", str(mine))
    assert len(reads) == 2
    assert not _cached(folder)


def test_a_corrupt_cache_file_is_ignored_and_replaced(folder: Path, reads: list[int]) -> None:
    expected = _json("timeline")
    (path,) = folder.iterdir()
    path.write_bytes(b"not a pickle at all")
    assert _json("timeline") == expected
    assert _json("timeline") == expected
    assert len(reads) == 2


def test_a_cache_file_others_could_write_is_not_loaded(folder: Path, reads: list[int]) -> None:
    # Unpickling runs code a pickle names, so only the user's own private file is trusted.
    _json("timeline")
    (path,) = folder.iterdir()
    path.chmod(0o666)
    _json("timeline")
    assert len(reads) == 2


def test_an_empty_cache_dir_setting_turns_the_cache_off(
    tmp_path: Path, reads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "")
    monkeypatch.setattr(cache, "SETTLE_NS", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    _json("timeline")
    _json("timeline")
    assert len(reads) == 2
    assert not (tmp_path / "xdg").exists()


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(cache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.folder() == tmp_path / "vpa"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.folder() == tmp_path / ".cache" / "vpa"


def test_a_cache_that_cannot_be_written_changes_nothing(
    tmp_path: Path, reads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocked / "cache"))  # under a file: ENOTDIR
    monkeypatch.setattr(cache, "SETTLE_NS", 0)
    result = run("timeline", "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""
    assert len(reads) == 1


def test_only_the_most_recent_cache_files_are_kept(folder: Path, tmp_path: Path) -> None:
    mine = _user_file(tmp_path)
    for n in range(cache.MAX_FILES + 3):
        # Each spelling of the same path is a different set of inputs.
        _json("timeline", "--data", f"{mine.parent}/{'./' * n}{mine.name}")
    assert len(list(folder.iterdir())) == cache.MAX_FILES


def test_large_inputs_are_not_cached(
    folder: Path, tmp_path: Path, reads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MAX_INPUT_BYTES", 1000)
    _json("timeline")
    _json("timeline")
    assert len(reads) == 2 and not _cached(folder)


def test_a_data_error_is_reported_every_time_and_nothing_cached(
    folder: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"events": [{"id": "x"}]}')
    _aged(bad)
    for _ in range(2):
        result = run("timeline", "--data", str(bad))
        assert result.exit_code == 1 and "bad.json" in result.stderr
    assert not _cached(folder)


def test_vpa_check_always_reads_the_files(
    folder: Path, reads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    _json("timeline")
    monkeypatch.setattr(cache, "fetch", lambda paths: pytest.fail("check used the cache"))
    result = run("check")
    assert result.exit_code == 0, result.stderr


def test_a_new_or_edited_vpa_reads_the_files_again(
    folder: Path, reads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every .py file of vpa counts, with its size and time: an upgrade, or an edit in
    # a checkout, changes them.
    here = Path(cache.__file__).parent.parent
    names = {Path(s[0]).relative_to(here).as_posix() for s in cache.code_files()}
    wanted = {"loading/cache.py", "records/fields.py", "records/types.py", "records/record.py"}
    assert {*wanted, "queries/search/index.py", "cli.py"} <= names
    _json("timeline")
    now = cache.code_files()
    monkeypatch.setattr(cache, "code_files", lambda: [*now, (str(here / "new.py"), 1, 2, 3, 4)])
    _json("timeline")
    assert len(reads) == 2


def test_a_file_saved_while_it_was_read_is_not_cached_as_read(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What was read may be the old text, and the file's state afterwards is the new
    # one's: the state is taken before reading, and nothing is kept if it moved.
    mine = _user_file(tmp_path)
    real = reading.collect

    def saved_meanwhile(*args: Any, **kwargs: Any) -> Any:
        read = real(*args, **kwargs)
        mine.write_text(mine.read_text().replace("cautiously", "carefully"))
        _aged(mine)
        return read

    monkeypatch.setattr(reading, "collect", saved_meanwhile)
    run("timeline", "--data", str(mine))
    assert not _cached(folder)  # what was read is not what is there now
    monkeypatch.setattr(reading, "collect", real)
    now = _json("timeline", "--data", str(mine))
    assert "peacekeeping carefully" in now and "peacekeeping cautiously" not in now


def test_an_edit_that_keeps_the_size_and_sets_the_time_back_is_noticed(
    folder: Path, tmp_path: Path
) -> None:
    # As `touch -r`, `cp -p` or `rsync -t` leave a file: only its change time moved.
    mine = _user_file(tmp_path)
    when = mine.stat().st_mtime_ns
    assert "cautiously" in _json("timeline", "--data", str(mine))
    mine.write_text(mine.read_text().replace("cautiously", "carefullyy"))
    os.utime(mine, ns=(when, when))
    assert "carefullyy" in _json("timeline", "--data", str(mine))


@pytest.mark.parametrize("where", ["snapshot", "write"])
def test_a_cache_that_fails_in_any_way_changes_nothing(
    where: str, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise (PermissionError(13, "Permission denied") if where == "snapshot" else TypeError())

    monkeypatch.setattr(cache, "code_files" if where == "snapshot" else "_write", broken)
    result = run("timeline", "--format", "json")
    assert result.exit_code == 0 and result.stderr == ""


def _replace_cache_file(folder: Path, make: Any) -> None:
    (path,) = folder.iterdir()
    kept = path.with_name("kept")
    path.rename(kept)
    make(path, kept)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda path, kept: path.symlink_to(kept), id="a symbolic link"),
        pytest.param(lambda path, kept: os.link(kept, path), id="a second hard link"),
    ],
)
def test_a_cache_file_that_is_not_a_plain_private_file_is_not_loaded(
    make: Any, folder: Path, reads: list[int]
) -> None:
    _json("timeline")
    _replace_cache_file(folder, make)
    _json("timeline")
    assert len(reads) == 2


def test_a_fifo_in_place_of_the_cache_file_is_not_waited_on(folder: Path) -> None:
    _json("timeline")
    _replace_cache_file(folder, lambda path, kept: os.mkfifo(path))
    env = {**os.environ, cache.CACHE_ENV: str(folder)}
    done = subprocess.run(
        [sys.executable, "-m", "vpa_cli", "timeline"], env=env, capture_output=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_a_cache_folder_others_may_write_to_is_not_used(
    folder: Path, reads: list[int], tmp_path: Path
) -> None:
    _json("timeline")
    folder.chmod(0o777)
    _json("timeline")
    _json("timeline")
    assert len(reads) == 3


@pytest.mark.parametrize("variable", [cache.CACHE_ENV, "XDG_CACHE_HOME"])
def test_a_relative_cache_place_is_not_used(
    variable: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(cache.CACHE_ENV)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(variable, "relative/place")
    expected = None if variable == cache.CACHE_ENV else tmp_path / ".cache" / "vpa"
    assert cache.folder() == expected
    monkeypatch.delenv(variable)
    for unknown in ("~", "/", ""):  # no home known: not the folder vpa runs in, nor /.cache
        monkeypatch.setenv("HOME", unknown)
        assert cache.folder() is None, unknown


def test_what_a_write_that_died_left_is_removed_in_time(folder: Path, tmp_path: Path) -> None:
    _json("timeline")
    old, recent = folder / ".tmp-old.pickle", folder / ".tmp-recent.pickle"
    for path in (old, recent):
        path.write_bytes(b"half a pickle")
    _aged(old, 2 * HOUR_AGO)
    _json("timeline", "--data", str(_user_file(tmp_path)))  # writes, so prunes
    assert not old.exists() and recent.exists()


def test_the_cache_files_used_last_are_kept(folder: Path, tmp_path: Path) -> None:
    mine = _user_file(tmp_path)

    def spelling(n: int) -> str:
        return f"{mine.parent}/{'./' * n}{mine.name}"

    for n in range(cache.MAX_FILES):
        _json("timeline", "--data", spelling(n))
    files = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns)
    for path in files:
        _aged(path)  # as if written an hour ago, oldest first
    first, second = files[0], files[1]
    _json("timeline", "--data", spelling(0))  # a cache hit marks `first` as used
    _json("timeline", "--data", spelling(cache.MAX_FILES))  # one file too many
    assert first.exists() and not second.exists()


def test_an_edit_the_file_times_do_not_show_is_noticed(
    folder: Path, tmp_path: Path, reads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # On NFS the attributes can lag behind the contents, and on FAT the times can be
    # set back: the bytes of each data file are compared too.
    mine = _user_file(tmp_path)
    real_stat = os.stat
    first: list[os.stat_result] = []

    def lagging(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        found = real_stat(path, *args, **kwargs)
        if os.fspath(path) == str(mine):
            first.append(found)
            return first[0]
        return found

    monkeypatch.setattr(os, "stat", lagging)
    _json("timeline", "--data", str(mine))
    mine.write_text(mine.read_text().replace("cautiously", "carefullyy"))
    assert "peacekeeping carefullyy" in _json("timeline", "--data", str(mine))
    assert len(reads) == 2


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_a_cache_file_of_another_user_is_not_loaded(
    folder: Path, reads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    _json("timeline")
    real_fstat = os.fstat

    class Foreign:
        def __init__(self, st: os.stat_result) -> None:
            self.st_mode, self.st_nlink, self.st_uid = st.st_mode, st.st_nlink, st.st_uid + 1

    def foreign(descriptor: int) -> Any:
        # The cache file (only it) as if another user owned it.
        found = real_fstat(descriptor)
        if not os.readlink(f"/proc/self/fd/{descriptor}").startswith(str(folder)):
            return found
        return Foreign(found)

    monkeypatch.setattr(os, "fstat", foreign)
    _json("timeline")
    assert len(reads) == 2


def test_a_cache_file_another_python_wrote_is_not_loaded(
    folder: Path, reads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    _json("timeline")
    monkeypatch.setattr(sys, "version", sys.version + " (another build)")
    _json("timeline")
    assert len(reads) == 2


def test_an_edit_to_vpa_itself_reads_the_files_again(
    folder: Path, reads: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Here a copy of the package stands for vpa: its records/types.py is edited in place, the
    # size and modification time kept, as an upgrade or a checkout could leave it.
    package = tmp_path / "vpa_cli"
    original = Path(cache.__file__).parent.parent
    shutil.copytree(original, package, ignore=shutil.ignore_patterns("*.pyc"))
    monkeypatch.setattr(cache, "__file__", str(package / "loading" / "cache.py"))
    _json("timeline")
    model = package / "records" / "types.py"
    when = model.stat().st_mtime_ns
    assert "declared once" in model.read_text()
    model.write_text(model.read_text().replace("declared once", "declared  once", 1))
    os.utime(model, ns=(when, when))
    _json("timeline")
    assert len(reads) == 2


def test_a_read_only_cache_is_still_used(
    folder: Path, reads: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    _json("timeline")

    def read_only(*args: Any, **kwargs: Any) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(os, "utime", read_only)
    monkeypatch.setattr(os, "supports_fd", os.supports_fd | {read_only})
    _json("timeline")
    assert len(reads) == 1


def test_an_odd_entry_in_the_cache_folder_does_not_stop_pruning(
    folder: Path, tmp_path: Path
) -> None:
    mine = _user_file(tmp_path)
    _json("timeline")
    (folder / f"{cache.PREFIX}dangling.pickle").symlink_to(tmp_path / "nowhere")
    for n in range(cache.MAX_FILES + 2):
        _json("timeline", "--data", f"{mine.parent}/{'./' * n}{mine.name}")
    assert len(list(folder.iterdir())) == cache.MAX_FILES


def test_a_cache_file_that_vanishes_while_pruning_does_not_stop_it(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another vpa may remove or rename a file between listing the folder and looking at it.
    class Gone:
        name = f"{cache.PREFIX}gone.pickle"
        path = str(tmp_path / name)

        def is_dir(self) -> bool:
            return False

        def stat(self, **_: Any) -> os.stat_result:
            raise FileNotFoundError(2, "No such file or directory")

    real_scandir = os.scandir

    class Listing:
        def __init__(self, where: Any) -> None:
            self.inner = real_scandir(where)

        def __enter__(self) -> Listing:
            return self

        def __exit__(self, *_: Any) -> None:
            self.inner.close()

        def __iter__(self) -> Iterator[Any]:
            yield from self.inner
            yield Gone()

    mine = _user_file(tmp_path)
    monkeypatch.setattr(os, "scandir", Listing)
    for n in range(cache.MAX_FILES + 2):
        _json("timeline", "--data", f"{mine.parent}/{'./' * n}{mine.name}")
    assert len(list(folder.iterdir())) == cache.MAX_FILES


# ---------------------------------------------------------------- what search keeps

SEARCHES = [
    "peacekeeping",
    "four no's",
    '"Shangri-La Dialogue"',
    "guide",
    "how does Vietnam work with Japan",
    "Đà Nẵng",
    "1,100 peacekeepers",
    "U.N.",
]


@pytest.mark.parametrize("query", SEARCHES)
def test_search_finds_the_same_with_what_the_cache_kept(
    query: str, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "")
    uncached = _json("search", query, "--limit", "0")
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    _json("search", query, "--limit", "0")  # fills the cache
    used: list[Any] = []
    real = cache.derived

    def noting(*args: Any) -> Any:
        value = real(*args)
        used.append(value)
        return value

    monkeypatch.setattr(cache, "derived", noting)
    assert _json("search", query, "--limit", "0") == uncached
    assert used and used[-1] is not None and used[-1]["prepared"]


def test_the_kept_texts_are_those_search_works_out() -> None:
    from vpa_cli.queries.search import build_index
    from vpa_cli.queries.search.index import from_piece, searchable_texts
    from vpa_cli.queries.search.matching import prepared_for, squeeze, text_stems
    from vpa_cli.queries.search.words import fold_with_offsets

    def prepared(text: str) -> tuple[str, str]:
        folded = fold_with_offsets(text)[0]
        return (squeeze(folded), " ".join(text_stems(folded)))

    data = reading.collect([])[0]
    kept, pieces = prepared_for(data)
    records = [*data.facts, *data.partners.values()]
    assert kept["records"] == [searchable_texts(r, data) for r in records]
    index = build_index(data)
    entries = list(index.entries())
    for entry in entries[len(data.events) :]:
        for text in entry.texts:
            assert kept["prepared"][text] == prepared(text)
    # Each event's piece: its id, title, fields, and each field's text prepared.
    held: dict[str, set[int]] = {}
    for number, entry in enumerate(entries[: len(data.events)]):
        parts = from_piece(pieces[number])
        assert parts[:2] == [entry.id, entry.text]
        fields = [(f.name, str(f.weight), f.text) for f in index.document(entry).fields]
        assert [tuple(parts[at : at + 3]) for at in range(2, len(parts), 5)] == fields
        for at in range(2, len(parts), 5):
            if parts[at + 2]:
                assert tuple(parts[at + 3 : at + 5]) == prepared(parts[at + 2])
                for stem in filter(None, parts[at + 4].split(" ")):
                    held.setdefault(stem, set()).add(number)
    # Then, for every stem of the events' texts, the events that hold it.
    assert kept["stems"] == sorted(held)
    for at, stem in enumerate(kept["stems"]):
        assert list(memoryview(pieces[kept["postings"] + at]).cast("i")) == sorted(held[stem])


def _index_at(raw: bytes | bytearray) -> int:
    """Where the index part's bytes start in a cache file: past the header and the rest."""
    at = len(cache.MAGIC)
    for _ in range(2):
        at += cache.LENGTH_BYTES + cache.DIGEST_BYTES + int.from_bytes(raw[at : at + 8], "little")
    return at + cache.LENGTH_BYTES + cache.DIGEST_BYTES


@pytest.mark.parametrize("where", ["index", "last piece"])
def test_a_derived_part_or_piece_that_does_not_match_its_digest_is_not_used(
    where: str, folder: Path, reads: list[int]
) -> None:
    expected = [_json("search", "peacekeeping"), _json("timeline")]
    (path,) = _cached(folder)
    raw = bytearray(path.read_bytes())
    raw[_index_at(raw) + 10 if where == "index" else -2] ^= 0xFF
    path.write_bytes(bytes(raw))
    data = reading.load_dataset([])
    assert len(reads) == 1  # the dataset itself still came from the cache
    if where == "index":
        assert cache.derived(data, "search") is None
    else:  # the last piece: the JSON of the last event in date order
        last = cache.derived(data, "timeline")["count"] - 1
        assert cache.pieces(data, "timeline-json", [last - 1]) is not None
        assert cache.pieces(data, "timeline-json", [last]) is None
    for _ in range(2):
        assert [_json("search", "peacekeeping"), _json("timeline")] == expected


# ---------------------------------------------------------------- large files: the fast path

LARGE_EVENTS = 1500
TIMELINES = [
    ["--partner", "russia"],  # and the hint about the Soviet Union's events
    ["--partner", "russia", "--partner", "china", "--kind", "exercise"],
    ["--from", "1990-03", "--to", "2001", "--strict"],
    ["--from", "1990", "--to", "1990-06"],
    ["--source", "vpa-impact", "--standing", "single-source"],
    ["--weak", "--reverse", "--limit", "7"],
    ["--no-weak", "--partner", "russia", "--limit", "9"],
    ["--no-weak", "--standing", "corroborated"],
    ["--kind", "peacekeeping", "--limit", "0"],
    ["--from", "2031"],  # none: the note says where the data end
]
FORMATS = ["plain", "json", "csv", "markdown"]
LARGE_SEARCHES = [
    ["peacekeeping", "--limit", "0"],
    ["how", "many", "peacekeepers"],
    ['"search and rescue"', "--type", "event"],
    ["defence", "cooperation", "--limit", "25"],
    ["guide"],
    ["zzzz-not-there"],
    ["peacekeeping", "--no-weak", "--standing", "single-source", "--limit", "15"],
]


@pytest.fixture(scope="module")
def large_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated data file of valid events (benchmarks/bench.py's scale files)."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        import bench  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    return _aged(bench.write_scale_file(tmp_path_factory.mktemp("large"), LARGE_EVENTS))


def _outputs(commands: list[list[str]]) -> list[tuple[int, str, str]]:
    results = [run(*args) for args in commands]
    return [(r.exit_code, r.stdout, r.stderr) for r in results]


def _no_events_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any command that reads every event of a dataset the cache served."""

    def refused(*args: Any) -> Any:
        raise AssertionError("the fast path read the events")

    monkeypatch.setattr(cache, "_events", refused)


def test_the_fast_path_prints_what_the_files_give(
    large_file: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = ["--data", str(large_file)]
    commands = [["timeline", *f, "--format", "json", *data] for f in TIMELINES]
    commands += [["search", *q, *data, "--format", f] for q in LARGE_SEARCHES for f in FORMATS]
    monkeypatch.setenv(cache.CACHE_ENV, "")
    uncached = _outputs(commands)
    assert any(code == 0 and out.count('"id"') > 100 for code, out, _ in uncached)
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    run("timeline", *data)  # fills the cache
    _no_events_read(monkeypatch)
    assert _outputs(commands) == uncached


def test_what_the_fast_path_does_not_serve_reads_the_events(
    large_file: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = ["--data", str(large_file)]
    commands = [
        ["timeline", "--partner", "russia", *data],  # plain
        ["timeline", "--partner", "russia", "--format", "csv", *data],
        ["timeline", "--contains", "rescue", "--format", "json", *data],
        ["timeline", "--chart", "--format", "json", *data],
        ["partner", "russia", "--format", "json", *data],
    ]
    monkeypatch.setenv(cache.CACHE_ENV, "")
    uncached = _outputs(commands)
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    run("timeline", *data)
    assert _outputs(commands) == uncached


def test_the_fast_path_reads_every_filter_of_the_timeline() -> None:
    """kept_ranks answers from the cache's keys only for the filters it knows: a new
    filter of the timeline must be added there (or make it fall back), not ignored."""
    from vpa_cli.queries.timeline import KEPT_FILTERS, TimelineQuery

    assert set(TimelineQuery.__slots__) == KEPT_FILTERS


def _piece_at(large_file: Path, name: str) -> int:
    """Where a piece of DERIVED[name] (or of the events) that the commands below read
    starts in its cache file: Russia's first event in date order; the first event with
    peacekeeping in its title; the first piece of events."""
    from array import array

    dataset = reading.load_dataset([str(large_file)])
    kept = cache._kept[id(dataset)]
    index = kept.verified_index()
    table = index["events"] if name == "events" else index["tables"][name]
    number = 0
    if name == "timeline-json":
        number = index["derived"]["timeline"]["partners"]["russia"][0]
    elif name == "search":
        number = [e.id for e in dataset.events].index("bench-000002")
    ends = array("Q")
    ends.frombytes(table[0])
    return int(kept.pieces_at + ends[number])


@pytest.mark.parametrize("name", ["timeline-json", "search", "events", "index"])
def test_a_corrupt_part_or_piece_is_refused(
    name: str, large_file: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = ["--data", str(large_file)]
    commands = [
        ["timeline", "--partner", "russia", "--format", "json", *data],
        ["search", "peacekeeping", "--format", "json", *data],
        ["timeline", "--partner", "russia", *data],  # reads the events
    ]
    monkeypatch.setenv(cache.CACHE_ENV, "")
    expected = _outputs(commands)
    monkeypatch.setenv(cache.CACHE_ENV, str(folder))
    run("timeline", *data)
    (path,) = [p for p in _cached(folder) if p.stat().st_size > 100_000]
    raw = bytearray(path.read_bytes())
    raw[_index_at(raw) + 100 if name == "index" else _piece_at(large_file, name) + 5] ^= 0xFF
    path.write_bytes(bytes(raw))
    served: list[Any] = []
    real = cache.pieces

    def noting(*args: Any) -> Any:
        served.append(value := real(*args))
        return value

    monkeypatch.setattr(cache, "pieces", noting)
    assert _outputs(commands) == expected
    # What did not match its digest was not used.
    if name in ("timeline-json", "search"):
        assert None in served
    else:  # the events or the index: the file is removed, the data files read again
        assert not path.exists() or path.read_bytes() != bytes(raw)
