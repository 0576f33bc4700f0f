"""A cache of the checked dataset, so that a command does not read and check the same
files again on every run.

Reading the data files and checking every record costs more than the rest of a
short command. After a successful read, `store` keeps the dataset (pickled) in
one file per set of inputs under the cache folder; `fetch` hands it back while
nothing it was made from has changed:

- the data files, the bundled data folder and every `.py` file of vpa itself,
  compared by device, inode, size and modification time (so a file edited,
  replaced, added or removed, or a new version of vpa, reads afresh);
- the Python that wrote it, and the paths asked for (VPA_DATA, then --data).

A file modified in the last SETTLE_NS is not cached: a second edit within one tick
of the file system's clock could keep its size and time (git's "racy clean"
files). Inputs over MAX_INPUT_BYTES in all are not cached, and at most MAX_FILES
cache files are kept. The cache never changes what a command prints: anything
wrong with it (missing, stale, corrupt, unreadable, not the user's own) means the
files are read as if there were none, and a cache that cannot be written is left
unwritten. `vpa check` never uses it: it always reads the files.

The folder is $VPA_CACHE_DIR, else $XDG_CACHE_HOME/vpa, else ~/.cache/vpa;
VPA_CACHE_DIR set to an empty value turns the cache off.
"""

from __future__ import annotations

import os
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vpa_cli.model import Dataset

CACHE_ENV = "VPA_CACHE_DIR"
FORMAT = 1  # raise when what a cache file holds changes shape
PREFIX = "dataset-"
MAX_FILES = 8
MAX_INPUT_BYTES = 16 * 1024 * 1024
SETTLE_NS = 2_000_000_000

# (path, device, inode, size, modification time in ns); an absent path has zeros.
Stat = tuple[str, int, int, int, int]


def folder() -> Path | None:
    """Where cache files go, or None when the cache is off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vpa"


def _stat(path: str) -> Stat:
    try:
        s = os.stat(path)
    except (OSError, ValueError):
        return (path, 0, 0, 0, 0)
    return (path, s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns)


def code_files() -> list[Stat]:
    """Every .py file of vpa: a changed or new one may change what the records hold."""
    found: list[Stat] = []
    pending = [os.path.dirname(os.path.abspath(__file__))]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    found.append(_stat(entry.path))
                elif entry.name != "__pycache__" and entry.is_dir():
                    pending.append(entry.path)
    return sorted(found)


def _identity(paths: Sequence[str]) -> tuple[Any, ...]:
    """What a cache file is for: the format, this Python and vpa, the paths asked for."""
    here = os.path.dirname(os.path.abspath(__file__))
    absolute = tuple(os.path.abspath(p) if p.strip() else p for p in paths)
    return (FORMAT, sys.implementation.cache_tag, sys.version, here, tuple(paths), absolute)


def _file(base: Path, identity: tuple[Any, ...]) -> Path:
    return base / f"{PREFIX}{zlib.crc32(repr(identity).encode()):08x}.pickle"


def fetch(paths: Sequence[str]) -> tuple[Dataset, Path] | None:
    """The dataset for these user paths and the package root it was read from, if a
    cache file holds it and nothing it was made from has changed; else None."""
    base = folder()
    if base is None:
        return None
    identity = _identity(paths)
    try:
        import _pickle as pickle  # the C module alone: `pickle` costs a few ms more
    except ImportError:  # pragma: no cover - Pythons without the C accelerator
        import pickle  # type: ignore[no-redef]
    try:
        with open(_file(base, identity), "rb") as handle:
            if not _own(os.fstat(handle.fileno())):
                return None
            kept_identity, root, code, inputs = pickle.load(handle)
            if kept_identity != identity or code != code_files():
                return None
            if [_stat(s[0]) for s in inputs] != inputs:
                return None
            dataset: Dataset = pickle.load(handle)
    except Exception:  # any fault in a cache file means: read the data files
        return None
    return dataset, Path(root)


def _own(st: os.stat_result) -> bool:
    """A cache file only its owner could have written (pickle runs what it loads)."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # pragma: no cover - Windows: the user's profile is private
        return True
    return bool(st.st_uid == getuid() and not st.st_mode & 0o022)


def store(paths: Sequence[str], dataset: Dataset, root: Path, data_files: Sequence[Path]) -> None:
    """Keep `dataset`, read from the bundled `data_files` under `root` and the user's
    `paths`, for the next run; quietly do nothing where that is unsafe or impossible."""
    base = folder()
    if base is None:
        return
    code = code_files()
    files = [*(_stat(str(p)) for p in data_files), *(_stat(p) for p in paths)]
    inputs = [_stat(str(root / "data")), *files]
    import time

    now = time.time_ns()
    if any(s[2] == 0 for s in inputs) or sum(s[3] for s in files) > MAX_INPUT_BYTES:
        return
    if any(now - s[4] < SETTLE_NS for s in [*code, *inputs]):
        return
    identity = _identity(paths)
    try:
        _write(_file(base, identity), (identity, str(root), code, inputs), dataset)
    except (OSError, RecursionError, TypeError, AttributeError, ValueError):
        return  # a read-only home, a full disk: the next run reads the files again


def _write(target: Path, header: tuple[Any, ...], dataset: Dataset) -> None:
    import pickle
    import tempfile

    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".pickle")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(header, out, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(dataset, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)  # readers see the old file or the new, never half
    except BaseException:
        with _quietly():
            os.unlink(temporary)
        raise
    _prune(target.parent)


def _prune(base: Path) -> None:
    """Keep the MAX_FILES most recently written cache files."""
    kept = sorted(
        (entry.stat().st_mtime_ns, entry.path)
        for entry in os.scandir(base)
        if entry.name.startswith(PREFIX) and entry.name.endswith(".pickle")
    )
    for _, path in kept[:-MAX_FILES]:
        with _quietly():
            os.unlink(path)


def _quietly() -> Any:
    import contextlib

    return contextlib.suppress(OSError)
