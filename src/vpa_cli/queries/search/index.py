"""What search looks through: every event, fact and partner, with the texts their
declarations mark as searchable (records/types.py), and every non-blank line of every
source (a passage)."""

from __future__ import annotations

from collections.abc import Iterator
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
    record: Record | None = None  # None for a passage

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
    record: Record | None = None  # None for a passage
    source: str | None = None
    line: int | None = None

    def document(self, dataset: Dataset) -> Document:
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

    def entries(self) -> Iterator[Entry]:
        dataset = self.dataset
        texts = iter(self.kept["records"]) if self.kept else None

        def of(record: Record) -> list[str]:
            return next(texts) if texts is not None else searchable_texts(record, dataset)

        for e in dataset.events:
            yield Entry("event", e.id, e.title, of(e), e)
        for f in dataset.facts:
            yield Entry("fact", f.id, f.title, of(f), f)
        for p in dataset.partners.values():
            yield Entry("partner", p.id, p.name, of(p), p)
        for sid, n, text in self.passages:
            yield Entry("passage", f"{sid}:{n}", text, [text], None, sid, n)

    def document(self, entry: Entry) -> Document:
        return entry.document(self.dataset)

    @property
    def size(self) -> int:
        d = self.dataset
        return len(d.events) + len(d.facts) + len(d.partners) + len(self.passages)


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
    if kept is not None and len(kept["records"]) != (
        len(dataset.events) + len(dataset.facts) + len(dataset.partners)
    ):
        kept = None  # not this dataset's (it cannot be): work everything out
    return SearchIndex(dataset, passages, claims, kept)
