"""A cache of the checked dataset, so that a command does not parse and check the same
files again on every run.

Reading the data files and checking every record costs more than the rest of a
short command. Before reading, `snapshot` notes the state of everything the
dataset is made from; after a successful read, `store` keeps the dataset (pickled)
in one file per set of inputs, if that state has not moved meanwhile; `fetch` hands
it back while the state is still the same:

- the data files, the bundled data folder and every `.py` file of vpa itself,
  compared by device, inode, size, modification time and change time (so a file
  edited, replaced, added or removed, or a new version of vpa, reads afresh), and
  the data files by a checksum of their bytes too (so an edit is seen even where
  the times lag behind the contents, as on NFS, or were set back, as on FAT);
- the Python that wrote it, and the paths asked for (VPA_DATA, then --data).

A file changed within SETTLE_NS before the snapshot is not cached: a second edit
within one tick of the file system's clock could keep every figure the same (git's
"racy clean" files). Inputs over MAX_INPUT_BYTES in all are not cached, and at most
MAX_FILES cache files are kept, the least recently used removed first. The cache
never changes what a command prints: anything wrong with it (missing, stale,
corrupt, unreadable, not a private file of the user's own in a private folder)
means the files are read as if there were none, and a cache that cannot be written
is left unwritten. `vpa check` never uses it: it always reads the files.

A cache file is checked before anything in it is used: it starts with MAGIC, then
each part (the header: what the dataset was made from; the dataset; what commands
work out from it, DERIVED) is kept as its length, a BLAKE2b digest of its bytes and
the bytes, and the file ends where the last part does. A file that is truncated,
extended or altered in any byte does not match its digests, is never unpickled, and
is removed; the files are read instead. The header and the dataset are verified when
they are read; the derived part is verified and unpickled only by the command that asks
for it (`derived`), and one that does not match is not used.

The folder is $VPA_CACHE_DIR, else $XDG_CACHE_HOME/vpa, else ~/.cache/vpa, and
must be an absolute path (not under a home of "/"); VPA_CACHE_DIR set to an empty
value turns the cache off.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from vpa_cli.loading.dataset import Dataset

CACHE_ENV = "VPA_CACHE_DIR"
FORMAT = 4  # raise when what a cache file holds changes shape
MAGIC = b"vpa dataset cache %d\n" % FORMAT
DIGEST_BYTES = 32  # of BLAKE2b, before each part
LENGTH_BYTES = 8  # a part's length, little-endian, before its digest
PREFIX = "dataset-"
MAX_FILES = 8
MAX_INPUT_BYTES = 16 * 1024 * 1024
SETTLE_NS = 2_000_000_000
STALE_TEMPORARY_NS = 3600 * 1_000_000_000  # a write that died this long ago left it

# (path, device, inode, size, modification time, change time, CRC-32 of the contents or
# 0 for a folder or vpa's code); an absent path has zeros.
Stat = tuple[str, int, int, int, int, int, int]


# What commands work out from a dataset and keep beside it: name -> "module:function"
# taking the dataset. Each must be a pure function of texts that are in the dataset's
# records or files, so what is kept is right for as long as the dataset is; a value
# that cannot be worked out is left out, and the command works it out itself.
DERIVED = {"search": "vpa_cli.queries.search.matching:prepared_for"}

# The derived part of the dataset the last `fetch` returned, as read: (id of that
# dataset, its digest and bytes, then once verified and unpickled: name -> pickled value).
_derived: list[tuple[int, Any]] = []


class Snapshot(NamedTuple):
    """The state of what a dataset is made from, taken before it is read."""

    identity: tuple[Any, ...]
    root: str
    code: list[Stat]
    inputs: list[Stat]  # the bundled data folder, its files, then the user's paths


def folder() -> Path | None:
    """Where cache files go, or None when the cache is off (or the place is relative)."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is None:
        base = os.environ.get("XDG_CACHE_HOME") or ""
        if not os.path.isabs(base):  # the XDG spec: a relative path is to be ignored
            home = os.path.normpath(os.path.expanduser("~"))
            base = os.path.join(home, ".cache") if home not in ("/", "~") else ""
        chosen = os.path.join(base, "vpa")
    # A relative place (HOME unknown, say) would put the cache wherever vpa runs.
    return Path(chosen) if chosen and os.path.isabs(chosen) else None


def _stat(path: str, contents: bool = False) -> Stat:
    """What is known of a path; with `contents`, a checksum of its bytes too, for file
    systems whose times can lag or be set back (NFS's cached attributes, FAT)."""
    try:
        s, checksum = _checksummed(path) if contents else (os.stat(path), 0)
    except (OSError, ValueError):
        return (path, 0, 0, 0, 0, 0, 0)
    return (path, s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns, checksum)


def _checksummed(path: str) -> tuple[os.stat_result, int]:
    """The figures of a file and a CRC-32 of its first MAX_INPUT_BYTES + 1 bytes, both of
    the one file opened (never waiting on a FIFO put in its place)."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(descriptor, "rb", buffering=0) as handle:
        s = os.fstat(descriptor)
        checksum = 0
        if stat.S_ISREG(s.st_mode):
            left = MAX_INPUT_BYTES + 1
            while left > 0 and (chunk := handle.read(min(left, 1 << 20))):
                checksum = zlib.crc32(chunk, checksum)
                left -= len(chunk)
    return s, checksum


def code_files() -> list[Stat]:
    """Every .py file of vpa: a changed or new one may change what the records hold."""
    found: list[Stat] = []
    pending = [os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]
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


def _private(st: os.stat_result, kind: int) -> bool:
    """Of the kind wanted (a folder, a regular file), the user's own, and writable by
    no one else: pickle runs what it loads, so nothing another user wrote is loaded."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # pragma: no cover - Windows: the user's profile is private
        return stat.S_IFMT(st.st_mode) == kind
    owned = st.st_uid == getuid() and not st.st_mode & 0o022
    return owned and stat.S_IFMT(st.st_mode) == kind


def _blake2b() -> Any:
    try:
        from _blake2 import blake2b  # the C module alone: hashlib loads OpenSSL's too
    except ImportError:  # pragma: no cover - Pythons built without it
        from hashlib import blake2b
    return blake2b


def _framed(part: bytes) -> bytes:
    """A part as a cache file keeps it: its length, the digest of its bytes, the bytes."""
    digest: bytes = _blake2b()(part, digest_size=DIGEST_BYTES).digest()
    return len(part).to_bytes(LENGTH_BYTES, "little") + digest + part


class _Corrupt(Exception):
    """A cache file whose bytes are not what was written: never unpickled."""


def _part(handle: Any, size: int, verify: bool = True) -> bytes:
    """The next part of a cache file of `size` bytes, once its bytes match its digest
    (without `verify`: the digest, then the bytes, for `_verified` to check later)."""
    head = handle.read(LENGTH_BYTES + DIGEST_BYTES)
    if len(head) != LENGTH_BYTES + DIGEST_BYTES:
        raise _Corrupt
    length = int.from_bytes(head[:LENGTH_BYTES], "little")
    if length > size - handle.tell():  # a length no file this size can hold
        raise _Corrupt
    part: bytes = handle.read(length)
    if len(part) != length:
        raise _Corrupt
    if not verify:
        framed: bytes = head[LENGTH_BYTES:] + part
        return framed
    if _blake2b()(part, digest_size=DIGEST_BYTES).digest() != head[LENGTH_BYTES:]:
        raise _Corrupt
    return part


def _verified(framed: bytes) -> bytes | None:
    """The bytes of a part `_part` read without verifying, if they match its digest."""
    digest, part = framed[:DIGEST_BYTES], framed[DIGEST_BYTES:]
    if _blake2b()(part, digest_size=DIGEST_BYTES).digest() != digest:
        return None
    return part


def fetch(paths: Sequence[str]) -> tuple[Dataset, Path] | None:
    """The dataset for these user paths and the package root it was read from, if a
    cache file holds it, its bytes are as they were written, and nothing it was made
    from has changed; else None."""
    base = folder()
    if base is None:
        return None
    try:
        import _pickle as pickle  # the C module alone: `pickle` costs a few ms more
    except ImportError:  # pragma: no cover - Pythons without the C accelerator
        import pickle  # type: ignore[no-redef]
    path = None
    try:
        identity = _identity(paths)
        if not _private(os.stat(base), stat.S_IFDIR):
            return None
        # Not through a symbolic link, and never waiting on a FIFO put in its place.
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        path = _file(base, identity)
        descriptor = os.open(path, flags)
        with open(descriptor, "rb") as handle:
            st = os.fstat(descriptor)
            if not _private(st, stat.S_IFREG) or st.st_nlink != 1:
                return None
            if handle.read(len(MAGIC)) != MAGIC:
                raise _Corrupt
            kept_identity, root, code, inputs = pickle.loads(_part(handle, st.st_size))
            if kept_identity != identity or code != code_files():
                return None
            if _inputs_now(inputs) != inputs:
                return None
            kept = _part(handle, st.st_size)
            # Verified only by the command that asks for it (`derived`).
            extra = _part(handle, st.st_size, verify=False)
            if handle.read(1):  # more than was written
                raise _Corrupt
        dataset: Dataset = pickle.loads(kept)
        _derived[:] = [(id(dataset), extra)]
        _used(path)
    except _Corrupt:
        if path is not None:
            _remove(str(path))  # read afresh and written again
        return None
    except Exception:  # any fault in a cache file means: read the data files
        return None
    return dataset, Path(root)


def derived(dataset: Dataset, name: str) -> Any:
    """What DERIVED[name] worked out from `dataset` when it was cached, or None (the
    dataset did not come from the cache, or the value could not be kept)."""
    if not _derived or _derived[0][0] != id(dataset):
        return None
    try:
        import _pickle as pickle
    except ImportError:  # pragma: no cover - Pythons without the C accelerator
        import pickle  # type: ignore[no-redef]
    values = _derived[0][1]
    try:
        if isinstance(values, bytes):  # as read: verified now, once
            part = _verified(values)
            values = {} if part is None else pickle.loads(part)
            _derived[0] = (id(dataset), values)
        kept = values.get(name)
        return None if kept is None else pickle.loads(kept)
    except Exception:  # its digest matched: only a change of vpa's code could do this
        return None


def _work_out(dataset: Dataset) -> dict[str, bytes]:
    """Each DERIVED value for `dataset`, pickled; those that fail are left out."""
    import importlib
    import pickle

    out = {}
    for name, where in DERIVED.items():
        module, _, function = where.partition(":")
        try:
            value = getattr(importlib.import_module(module), function)(dataset)
            out[name] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # a source text that cannot be read, say: worked out when asked
            continue
    return out


def _inputs_now(inputs: list[Stat]) -> list[Stat]:
    """The inputs as they are now: the data folder by its figures, each file with its
    checksum too."""
    return [_stat(s[0], contents=n > 0) for n, s in enumerate(inputs)]


def _used(path: Path) -> None:
    """Mark a cache file as just used, so pruning removes the least recently used (a
    cache on a read-only file system is still used)."""
    with contextlib.suppress(OSError):
        os.utime(path)


def snapshot(paths: Sequence[str], root: Path, data_files: Sequence[Path]) -> Snapshot | None:
    """The state of what the dataset will be read from, taken before reading it; None
    when nothing read now may be cached (the cache is off, an input is missing, too
    large or changed moments ago, or that state cannot be known)."""
    if folder() is None:
        return None
    import time

    try:
        taken = time.time_ns()
        files = [*(_stat(str(p)) for p in data_files), *(_stat(p) for p in paths)]
        if sum(s[3] for s in files) > MAX_INPUT_BYTES:
            return None
        inputs = [_stat(str(root / "data")), *(_stat(s[0], contents=True) for s in files)]
        code = code_files()
        if any(s[2] == 0 for s in inputs):  # missing: reading it will say why
            return None
        if any(taken - max(s[4], s[5]) < SETTLE_NS for s in [*code, *inputs]):
            return None  # racy: a second edit in the same tick could keep every figure
        return Snapshot(_identity(paths), str(root), code, inputs)
    except Exception:  # a folder of vpa that cannot be listed: no cache this time
        return None


def store(dataset: Dataset, before: Snapshot | None) -> None:
    """Keep `dataset`, read from what `before` describes, for the next run, if nothing
    moved while it was read; quietly do nothing where that is unsafe or impossible."""
    base = folder()
    if base is None or before is None:
        return
    try:
        # A file saved while it was being read: what was read may be the old text.
        if code_files() != before.code or _inputs_now(before.inputs) != before.inputs:
            return
        # The header, as fetch reads it: (identity, root, code, inputs).
        _write(base, _file(base, before.identity), tuple(before), dataset)
    except Exception:  # a read-only home, a full disk: the next run reads the files again
        return


def _write(base: Path, target: Path, header: tuple[Any, ...], dataset: Dataset) -> None:
    import pickle
    import tempfile

    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not _private(os.stat(base), stat.S_IFDIR):
        return  # a folder others may write to: loading from it would not be safe
    parts = (
        pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL),
        pickle.dumps(dataset, protocol=pickle.HIGHEST_PROTOCOL),
        pickle.dumps(_work_out(dataset), protocol=pickle.HIGHEST_PROTOCOL),
    )
    handle, temporary = tempfile.mkstemp(dir=base, prefix=".tmp-", suffix=".pickle")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(MAGIC + b"".join(_framed(part) for part in parts))
        os.replace(temporary, target)  # readers see the old file or the new, never half
    except BaseException:
        _remove(temporary)
        raise
    _prune(base)


def _prune(base: Path) -> None:
    """Keep the MAX_FILES most recently used cache files; remove what a write that
    died long ago left behind."""
    import time

    now = time.time_ns()
    kept = []
    for entry in os.scandir(base):
        if not entry.name.endswith(".pickle"):
            continue
        try:  # an entry may go (another vpa's write or prune) or be no plain file
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if entry.name.startswith(PREFIX) and stat.S_ISLNK(st.st_mode):
            _remove(entry.path)  # never loaded: only plain cache files are kept
        elif entry.name.startswith(PREFIX) and stat.S_ISREG(st.st_mode):
            kept.append((st.st_mtime_ns, entry.path))
        elif entry.name.startswith(".tmp-") and now - st.st_mtime_ns > STALE_TEMPORARY_NS:
            _remove(entry.path)
    for _, path in sorted(kept)[:-MAX_FILES]:
        _remove(path)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
