"""What search looks through: every event, fact and partner, with the texts their
declarations mark as searchable (records/types.py), and every non-blank line of every
source (a passage)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from vpa_cli.claims.view import Claims
from vpa_cli.loading.dataset import Dataset
from vpa_cli.records.fields import QUOTE
from vpa_cli.records.fields import Field as FieldSpec
from vpa_cli.records.record import Nested, Record

TYPES = ("event", "fact", "partner", "passage")
TYPE_RANK = {name: rank for rank, name in enumerate(TYPES)}
PASSAGE_FIELD = "line"


class Weighted(NamedTuple):
    """One searchable text of a document and its weight (a field's, or a passage's)."""

    name: str
    weight: int
    text: str


class Document(NamedTuple):
    type: str
    id: str
    text: str
    fields: list[Weighted]
    source: str | None = None
    line: int | None = None
    record: Record | None = None  # None for a passage; until `complete`, for a kept event
    number: int | None = None  # an event the dataset cache kept: its number

    @property
    def order(self) -> tuple[int, str, int]:
        return (TYPE_RANK[self.type], self.source or self.id, self.line or 0)


class Entry(NamedTuple):
    """A document before it is known to match: only its texts, in the order of its fields.

    The fields' names and weights are worked out only for the entries that match.
    """

    type: str
    id: str
    text: str
    texts: list[str]
    record: Record | None = None  # None for a passage, and for an event the cache kept
    source: str | None = None
    line: int | None = None
    # An event the dataset cache kept: its fields, and its number to read it by.
    fields: list[Weighted] | None = None
    number: int | None = None

    def document(self, dataset: Dataset) -> Document:
        if self.fields is not None:
            return Document(self.type, self.id, self.text, self.fields, number=self.number)
        if self.record is None:
            fields = [Weighted(PASSAGE_FIELD, QUOTE, self.text)]
        else:
            fields = []
            _add_fields(self.record, dataset, fields)
        return Document(self.type, self.id, self.text, fields, self.source, self.line, self.record)


def searchable_texts(record: Record, dataset: Dataset) -> list[str]:
    """The texts of `record` that search looks in: those of `record.texts(dataset)`,
    in order, without their names and weights.

    This runs for every record a search looks through, so it follows a plan made
    once per record type from its declaration (which fields can yield a text, and
    how) instead of `record.texts`' generator per field.
    """
    out: list[str] = []
    _add_texts(record, dataset, out)
    return out


# How a field yields its text: its value as it is, shown by its specifier, the
# texts of each of its sub-records, or whatever its specifier's own `texts` yields.
_PLAIN, _SHOWN, _NESTED, _OWN = range(4)
_Step = tuple[str, int, FieldSpec[Any]]
_PLANS: dict[type[Record], list[_Step]] = {}


def _plan(kind: type[Record]) -> list[_Step]:
    """The fields of a record type that can yield a text, and how."""
    plan = _PLANS.get(kind)
    if plan is None:
        plan = _PLANS[kind] = [s for s in map(_step, kind.FIELDS) if s is not None]
    return plan


def _step(f: FieldSpec[Any]) -> _Step | None:
    spec = type(f)
    if isinstance(f, Nested) and spec.texts is Nested.texts:
        return (f.name, _NESTED, f) if _plan(f.record) else None
    if spec.texts is not FieldSpec.texts:
        return (f.name, _OWN, f)
    if not f.search:
        return None  # FieldSpec.texts yields nothing for a field search ignores
    return (f.name, _PLAIN if spec.shown is FieldSpec.shown else _SHOWN, f)


def _add_fields(record: Record, dataset: Dataset, out: list[Weighted], prefix: str = "") -> None:
    """`record.texts(dataset)` as Fields, by the plan (as `_add_texts`, with names)."""
    for name, how, f in _plan(type(record)):
        value = getattr(record, name)
        if how == _NESTED:
            for i, item in enumerate(value or ()):
                _add_fields(item, dataset, out, f"{prefix}{name}[{i}].")
        elif how == _OWN:
            out.extend(Weighted(prefix + n, w, text) for n, w, text in f.texts(value, dataset))
        elif value is not None:
            text = str(value) if how == _PLAIN else f.shown(value, dataset)
            out.append(Weighted(prefix + name, f.search, text))


def _add_texts(record: Record, dataset: Dataset, out: list[str]) -> None:
    for name, how, f in _plan(type(record)):
        value = getattr(record, name)
        if how == _NESTED:
            for item in value or ():
                _add_texts(item, dataset, out)
        elif how == _OWN:
            out.extend(text for _, _, text in f.texts(value, dataset))
        elif value is not None:
            out.append(str(value) if how == _PLAIN else f.shown(value, dataset))


# Between the strings of an event's piece (`prepared_for`, `from_piece`): a piece that
# holds it anywhere is pickled instead. A pickle begins with a byte UTF-8 never does.
PIECE_APART = "\x00"


def from_piece(piece: bytes) -> list[str]:
    """The strings of an event's piece, as `prepared_for` kept them: its id, title, and
    each field's name, weight, text, and the text prepared (squeezed, stems)."""
    if piece[:1] == b"\x80":
        import pickle

        parts: list[str] = pickle.loads(piece)
        return parts
    return piece.decode("utf-8").split(PIECE_APART)


class SearchIndex(NamedTuple):
    """What search looks through: the records, and the non-blank lines of every work.

    Words are found while searching, once per distinct text and only in texts
    that can match, so building this costs little more than reading the
    source files, and memory stays that of the data. `claims` gives each hit
    what its claim's view says (a weak source, a passage's place).
    """

    dataset: Dataset
    passages: list[tuple[str, int, str]]  # (source id, line number, text)
    claims: Claims
    # What the dataset cache kept for this dataset (matching.prepared_for), or None.
    kept: dict[str, Any] | None = None

    def entries(self, stems: Sequence[str] | None = None) -> Iterator[Entry]:
        """Every document; given `stems`, where the dataset cache kept the events' words,
        only the events that hold a word beginning with one of them (every other event
        matches none of them) and every other document."""
        dataset = self.dataset
        kept = self.kept
        texts = iter(kept["records"]) if kept else None
        if kept is not None and stems is not None:
            yield from self._kept_events(kept, stems)
        else:
            for e in dataset.events:
                yield Entry("event", e.id, e.title, searchable_texts(e, dataset), e)
        for r in dataset.facts:
            yield Entry("fact", r.id, r.title, next(texts) if texts else self._texts(r), r)
        for p in dataset.partners.values():
            yield Entry("partner", p.id, p.name, next(texts) if texts else self._texts(p), p)
        for sid, n, text in self.passages:
            yield Entry("passage", f"{sid}:{n}", text, [text], None, sid, n)

    def _texts(self, record: Record) -> list[str]:
        return searchable_texts(record, self.dataset)

    def _kept_events(self, kept: dict[str, Any], stems: Sequence[str]) -> Iterator[Entry]:
        """The events the dataset cache kept that hold a word beginning with a stem of
        `stems`, in the dataset's order, their prepared texts added to `kept`."""
        from bisect import bisect_left

        from vpa_cli.loading import cache

        known = kept["stems"]
        held: list[int] = []
        for stem in dict.fromkeys(stems):
            at = bisect_left(known, stem)
            while at < len(known) and known[at].startswith(stem):
                held.append(kept["postings"] + at)
                at += 1
        postings = cache.pieces(self.dataset, "search", held)
        pieces, chosen = None, []
        if postings is not None:
            numbers: set[int] = set()
            for posting in postings:
                numbers.update(memoryview(posting).cast("i"))
            chosen = sorted(numbers)
            pieces = cache.pieces(self.dataset, "search", chosen)
        if pieces is None:  # a piece that does not match its digest: every event instead
            for e in self.dataset.events:
                yield Entry("event", e.id, e.title, searchable_texts(e, self.dataset), e)
            return
        prepared = kept["prepared"]
        make = Weighted._make
        for number, piece in zip(chosen, pieces, strict=True):
            parts = from_piece(piece)
            # Each field's name, weight, text, then its text prepared (squeezed, stems).
            texts = parts[4::5]
            weights = map(int, parts[3::5])
            fields = list(map(make, zip(parts[2::5], weights, texts, strict=True)))
            prepared.update(zip(texts, zip(parts[5::5], parts[6::5], strict=True), strict=True))
            yield Entry("event", parts[0], parts[1], texts, None, fields=fields, number=number)

    def document(self, entry: Entry) -> Document:
        return entry.document(self.dataset)

    def complete(self, document: Document) -> Document:
        """A document with its record, read now for an event the dataset cache kept."""
        if document.number is None or document.record is not None:
            return document
        from vpa_cli.loading import cache

        return document._replace(record=cache.event(self.dataset, document.number))

    @property
    def size(self) -> int:
        d = self.dataset
        events = self.kept["events"] if self.kept else len(d.events)
        return events + len(d.facts) + len(d.partners) + len(self.passages)


def build_index(dataset: Dataset) -> SearchIndex:
    """Every event, fact and partner, and every non-blank line of every readable source.

    A passage is a line of one work: where a file holds two works (an article and the
    teaser printed after it), each line is found as a line of the work it belongs to,
    never of the other. A source whose text cannot be read is left out: `vpa check`
    reports it.
    """
    claims = Claims(dataset)
    passages = []
    for source in dataset.sources.values():
        text = claims.texts.of(source.id)
        if text is None:
            continue
        lines = text[0]
        first, last = source.span
        end = len(lines) if last is None else min(last, len(lines))
        passages += [
            (source.id, n, lines[n - 1]) for n in range(first, end + 1) if lines[n - 1].strip()
        ]
    from vpa_cli.loading import cache

    kept = cache.derived(dataset, "search")
    if kept is not None and len(kept["records"]) != len(dataset.facts) + len(dataset.partners):
        kept = None  # not this dataset's (it cannot be): work everything out
    return SearchIndex(dataset, passages, claims, kept)
