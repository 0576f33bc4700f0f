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
three parts (the header: what the dataset was made from; the dataset but its events;
the index), each kept as its length, a BLAKE2b digest of its bytes and the bytes, then
the pieces (the events, EVENTS_PER_PIECE to a piece, and what DERIVED works out), each
checked by its own digest, which the index holds with its place. The file ends where
the pieces do. Nothing is unpickled before its digest matches: the header and the
dataset when the file is opened, the index when a command first asks for it
(`derived`, `pieces`), a piece when it is read. So a command reads only what it needs
of a large file. A part, or a piece of events, that does not match means the file is
removed and the data files read (for the events, as `fetch`'s `reread` says); any other
piece that does not match is not used, and the command works out what it held.

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
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from vpa_cli.loading.dataset import Dataset
    from vpa_cli.records.types import Event

CACHE_ENV = "VPA_CACHE_DIR"
FORMAT = 5  # raise when what a cache file holds changes shape
MAGIC = b"vpa dataset cache %d\n" % FORMAT
DIGEST_BYTES = 32  # of BLAKE2b, before each part and for each piece
LENGTH_BYTES = 8  # a part's length, little-endian, before its digest
PREFIX = "dataset-"
MAX_FILES = 8
MAX_INPUT_BYTES = 256 * 1024 * 1024  # four data files at the reader's limit
SETTLE_NS = 2_000_000_000
STALE_TEMPORARY_NS = 3600 * 1_000_000_000  # a write that died this long ago left it
EVENTS_PER_PIECE = 64  # the events are kept in pieces of this many, each with its digest

# (path, device, inode, size, modification time, change time, CRC-32 of the contents or
# 0 for a folder or vpa's code); an absent path has zeros.
Stat = tuple[str, int, int, int, int, int, int]


# What commands work out from a dataset and keep beside it: name -> "module:function"
# taking the dataset and returning (a value, pieces: a list of bytes or None). The value
# is kept whole; each piece is kept with its own digest and read only when a command asks
# for it by number (`pieces`). Each must be a pure function of the dataset's records and
# its sources' texts (whose files the cache watches too), so what is kept is right for
# as long as the dataset is; one that fails is left out, and the command works it out.
# The functions are named by string: the cache (loading/) imports nothing above it.
DERIVED = {
    "search": "vpa_cli.queries.search.matching:prepared_for",
    "timeline": "vpa_cli.queries.timeline:event_keys",
    "timeline-json": "vpa_cli.render.timeline:json_pieces",
}


class _Kept:
    """A cache file that `fetch` served, held open for what is read of it later: the
    index (verified when first asked for), the pieces, and the events."""

    def __init__(self, handle: Any, path: Path, index: tuple[int, int, bytes], at: int) -> None:
        self.handle = handle  # the file as opened: a replacement written since is not read
        self.path = path
        self.where = index  # (offset, length, digest) of the index part
        self.pieces_at = at  # offset of the first piece
        self.index: dict[str, Any] | None = None
        self.mapped: Any = None
        # Pieces of events already read and unpickled, by number: the hits of one search
        # often share a piece (the bundled data's events are all in one).
        self.event_pieces: dict[int, list[Event]] = {}

    def read(self, at: int, length: int) -> bytes:
        data: bytes = os.pread(self.handle.fileno(), length, at)
        if len(data) != length:
            raise _Corrupt
        return data

    def verified_index(self) -> dict[str, Any]:
        if self.index is None:
            at, length, digest = self.where
            part = self.read(at, length)
            if _digest(part) != digest:
                raise _Corrupt
            self.index = _pickle().loads(part)
        return self.index

    def pieces(self, table: tuple[bytes, bytes], numbers: Iterable[int]) -> list[bytes]:
        """The pieces of `table` (their ends, their digests) by number, each checked
        against its digest before it is returned."""
        from array import array

        if self.mapped is None:
            import mmap

            self.mapped = mmap.mmap(self.handle.fileno(), 0, access=mmap.ACCESS_READ)
        mapped, base = self.mapped, self.pieces_at
        ends, digests = table
        offsets = array("Q")
        offsets.frombytes(ends)
        hashed = _blake2b()
        out = []
        for n in numbers:
            piece = mapped[base + offsets[n] : base + offsets[n + 1]]
            digest = hashed(piece, digest_size=DIGEST_BYTES).digest()
            if digest != digests[n * DIGEST_BYTES : (n + 1) * DIGEST_BYTES]:
                raise _Corrupt
            out.append(piece)
        return out


# The cache file the last `fetch` served, by the id of the dataset it returned.
_kept: dict[int, _Kept] = {}


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


def _digest(data: bytes) -> bytes:
    digest: bytes = _blake2b()(data, digest_size=DIGEST_BYTES).digest()
    return digest


def _pickle() -> Any:
    try:
        import _pickle as pickle  # the C module alone: `pickle` costs a few ms more
    except ImportError:  # pragma: no cover - Pythons without the C accelerator
        import pickle  # type: ignore[no-redef]
    return pickle


def _framed(part: bytes) -> bytes:
    """A part as a cache file keeps it: its length, the digest of its bytes, the bytes."""
    return len(part).to_bytes(LENGTH_BYTES, "little") + _digest(part) + part


class _Corrupt(Exception):
    """A cache file whose bytes are not what was written: never unpickled."""


def _head(handle: Any, size: int) -> tuple[int, bytes]:
    """The length and digest of the next part of a cache file of `size` bytes."""
    head = handle.read(LENGTH_BYTES + DIGEST_BYTES)
    if len(head) != LENGTH_BYTES + DIGEST_BYTES:
        raise _Corrupt
    length = int.from_bytes(head[:LENGTH_BYTES], "little")
    if length > size - handle.tell():  # a length no file this size can hold
        raise _Corrupt
    return length, head[LENGTH_BYTES:]


def _part(handle: Any, size: int) -> bytes:
    """The next part of a cache file of `size` bytes, once its bytes match its digest."""
    length, digest = _head(handle, size)
    part: bytes = handle.read(length)
    if len(part) != length or _digest(part) != digest:
        raise _Corrupt
    return part


def fetch(
    paths: Sequence[str], reread: Callable[[], Dataset] | None = None
) -> tuple[Dataset, Path] | None:
    """The dataset for these user paths and the package root it was read from, if a
    cache file holds it, its bytes are as they were written, and nothing it was made
    from has changed; else None.

    The dataset's events are read from the file when first asked for; should they not
    match their digests then, the file is removed and the events are those of `reread`
    (the data files read again).
    """
    base = folder()
    if base is None:
        return None
    pickle = _pickle()
    path = None
    handle = None
    try:
        identity = _identity(paths)
        if not _private(os.stat(base), stat.S_IFDIR):
            return None
        # Not through a symbolic link, and never waiting on a FIFO put in its place.
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        path = _file(base, identity)
        descriptor = os.open(path, flags)
        handle = open(descriptor, "rb")  # noqa: SIM115 (held open for the pieces)
        st = os.fstat(descriptor)
        if not _private(st, stat.S_IFREG) or st.st_nlink != 1:
            handle.close()
            return None
        size = st.st_size
        if handle.read(len(MAGIC)) != MAGIC:
            raise _Corrupt
        kept_identity, root, code, inputs = pickle.loads(_part(handle, size))
        if kept_identity != identity or code != code_files() or _inputs_now(inputs) != inputs:
            handle.close()
            return None
        dataset: Dataset = pickle.loads(_part(handle, size))
        # The index: verified and unpickled when a command first asks for it.
        length, digest = _head(handle, size)
        index = (handle.tell(), length, digest)
        handle.seek(length, os.SEEK_CUR)
        pieces = int.from_bytes(handle.read(LENGTH_BYTES), "little")
        if handle.tell() + pieces != size:  # cut short, or more than was written
            raise _Corrupt
        kept = _Kept(handle, path, index, handle.tell())
    except _Corrupt:
        if handle is not None:
            handle.close()
        if path is not None:
            _remove(str(path))  # read afresh and written again
        return None
    except Exception:  # any fault in a cache file means: read the data files
        if handle is not None:
            handle.close()
        return None
    _kept.clear()
    _kept[id(dataset)] = kept
    dataset.events_later(lambda: _events(dataset, kept, reread))
    _used(path)
    return dataset, Path(root)


def _events(dataset: Dataset, kept: _Kept, reread: Callable[[], Dataset] | None) -> list[Event]:
    """Every event of a dataset the cache served; should a piece not match its digest,
    those of the data files read again."""
    try:
        table = kept.verified_index()["events"]
        count = len(table[1]) // DIGEST_BYTES
        loads = _pickle().loads
        events: list[Event] = []
        for piece in kept.pieces(table, range(count)):
            events += loads(piece)
        return events
    except Exception:
        _remove(str(kept.path))
        _kept.clear()
        if reread is None:
            raise
        fresh = reread()
        # The rest of the dataset as read again too: one reading, not two mixed.
        dataset.__dict__.update({k: v for k, v in fresh.__dict__.items() if k != "_events"})
        return fresh.events


def event(dataset: Dataset, number: int) -> Event:
    """The event `number` of a dataset (in its order), reading only the piece that holds
    it when the dataset came from the cache and its events have not been read."""
    kept = _kept.get(id(dataset))
    if kept is not None and dataset.events_pending():
        try:
            at = number // EVENTS_PER_PIECE
            events = kept.event_pieces.get(at)
            if events is None:
                table = kept.verified_index()["events"]
                (piece,) = kept.pieces(table, [at])
                events = kept.event_pieces[at] = _pickle().loads(piece)
            found: Event = events[number % EVENTS_PER_PIECE]
            return found
        except Exception:  # read them all, or the files again
            pass
    return dataset.events[number]


def derived(dataset: Dataset, name: str) -> Any:
    """What DERIVED[name] worked out from `dataset` when it was cached, or None (the
    dataset did not come from the cache, or the value could not be kept)."""
    kept = _kept.get(id(dataset))
    if kept is None:
        return None
    try:
        return kept.verified_index()["derived"].get(name)
    except Exception:  # a part that does not match its digest: not used
        return None


def pieces(dataset: Dataset, name: str, numbers: Iterable[int]) -> list[bytes] | None:
    """The pieces numbered `numbers` of what DERIVED[name] worked out from `dataset`, each
    checked against its digest; None when they were not kept or one does not match."""
    kept = _kept.get(id(dataset))
    if kept is None:
        return None
    try:
        table = kept.verified_index()["tables"].get(name)
        return None if table is None else kept.pieces(table, numbers)
    except Exception:  # a piece that does not match its digest: not used
        return None


def _table(pieces: Sequence[bytes], at: int) -> tuple[bytes, bytes]:
    """Where each piece ends, from `at` (one offset more than pieces), and their digests."""
    from array import array
    from itertools import accumulate

    ends = array("Q", accumulate((len(p) for p in pieces), initial=at))
    return ends.tobytes(), b"".join(map(_digest, pieces))


def _work_out(dataset: Dataset) -> tuple[dict[str, Any], dict[str, list[bytes]]]:
    """Each DERIVED value for `dataset` and its pieces; those that fail are left out."""
    import importlib

    values: dict[str, Any] = {}
    pieces: dict[str, list[bytes]] = {}
    for name, where in DERIVED.items():
        module, _, function = where.partition(":")
        try:
            value, kept = getattr(importlib.import_module(module), function)(dataset)
        except Exception:  # a source text that cannot be read, say: worked out when asked
            continue
        values[name] = value
        if kept is not None:
            pieces[name] = kept
    return values, pieces


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
        # What is worked out from the sources' texts is right while they are unchanged:
        # they are inputs too, noted before and compared after.
        texts = _texts(dataset)
        if texts is None:
            return
        # Pickled before anything is worked out: working out the views fills parts of
        # the records (a citation's paragraph) that a command reading them must fill.
        events, rest = _pickled(dataset)
        values, pieces = _work_out(dataset)
        if [_stat(s[0], contents=True) for s in texts] != texts:
            return
        # The header, as fetch reads it: (identity, root, code, inputs).
        header = (before.identity, before.root, before.code, [*before.inputs, *texts])
        pieces = {"events": events, **pieces}
        _write(base, _file(base, before.identity), header, rest, values, pieces)
    except Exception:  # a read-only home, a full disk: the next run reads the files again
        return


def _texts(dataset: Dataset) -> list[Stat] | None:
    """The sources' text files as they are now (None: one changed moments ago)."""
    import time

    taken = time.time_ns()
    files = sorted({str(s.path) for s in dataset.sources.values() if s.path is not None})
    texts = [_stat(f, contents=True) for f in files]
    if any(taken - max(s[4], s[5]) < SETTLE_NS for s in texts):
        return None  # racy, as in `snapshot`
    return texts


def _pickled(dataset: Dataset) -> tuple[list[bytes], bytes]:
    """The events, EVENTS_PER_PIECE to a piece, and the rest of the dataset, pickled."""
    import copy
    import pickle

    events = dataset.events
    per = EVENTS_PER_PIECE
    pieces = [
        pickle.dumps(events[at : at + per], protocol=pickle.HIGHEST_PROTOCOL)
        for at in range(0, len(events), per)
    ]
    rest = copy.copy(dataset)
    rest.events = []  # kept in pieces of their own
    return pieces, pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL)


def _write(
    base: Path,
    target: Path,
    header: tuple[Any, ...],
    rest: bytes,
    values: dict[str, Any],
    kept: dict[str, list[bytes]],
) -> None:
    import pickle
    import tempfile

    base.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not _private(os.stat(base), stat.S_IFDIR):
        return  # a folder others may write to: loading from it would not be safe
    tables, at = {}, 0
    for name, pieces in kept.items():
        tables[name] = _table(pieces, at)
        at += sum(map(len, pieces))
    index = {"events": tables.pop("events"), "tables": tables, "derived": values}
    parts = (
        pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL),
        rest,
        pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL),
    )
    handle, temporary = tempfile.mkstemp(dir=base, prefix=".tmp-", suffix=".pickle")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(MAGIC + b"".join(_framed(part) for part in parts))
            out.write(at.to_bytes(LENGTH_BYTES, "little"))
            for pieces in kept.values():
                out.writelines(pieces)
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
