"""The faithfulness rules of `vpa check`: our own words say no more than the sources.

- Every number in a record's title, summary or statement (years included) appears
  in one of its quotes, its dates, its notes, or the dates of the sources it cites.
- Every partner of an event or fact is named in one of its quotes (by name or
  alias), or marked `inferred` with a note; every statement about a partner has
  a quote that names the partner, or is marked `inferred` with a note.
- An open range ("since 2014") and a figure hold until an as-of date: the record's
  `as_of`, or the date of the latest source it cites (an undated source's `as_of`).
- A citation stands inside the lines of its source (a file may hold two works).
- A source's details that its text may not show (publication, URL, ...) each name where
  they come from, in a provenance note.
"""

from __future__ import annotations

from collections.abc import Iterator

from vpa_cli.claims.evidence import names, unsupported_numbers
from vpa_cli.loading.dataset import Dataset
from vpa_cli.records.problems import Problem
from vpa_cli.records.record import sub_records
from vpa_cli.records.types import Citation, Event, Fact, Partner, Source, Statement


def check_faithfulness(dataset: Dataset) -> Iterator[Problem]:
    """Every breach of the rules above, one problem each."""
    claims: list[Event | Fact] = [*dataset.events, *dataset.facts]
    for record in claims:
        yield from _numbers(dataset, record)
        yield from _partners(dataset, record)
        yield from _as_of(record)
    for partner in dataset.partners.values():
        for i, statement in enumerate(partner.statements):
            yield from _statement(dataset, partner, i, statement)
    yield from _spans(dataset)
    for source in dataset.sources.values():
        yield from _provenance(source)


def _source_dates(dataset: Dataset, citations: list[Citation]) -> list[str]:
    dates = []
    for sid in dict.fromkeys(c.source for c in citations):
        source = dataset.sources.get(sid)
        if source is not None and source.speaks_to is not None:
            dates.append(source.speaks_to.text.replace("-", " "))
    return dates


def _numbers(dataset: Dataset, record: Event | Fact) -> Iterator[Problem]:
    basis: list[str | None] = [c.quote for c in record.citations]
    basis += [record.note, *_source_dates(dataset, record.citations)]
    if isinstance(record, Event):
        basis += [record.date_note, record.date_label]
        basis += [d.text.replace("-", " ") for d in (record.date, record.source_date) if d]
    if record.as_of is not None:
        basis.append(record.as_of.text.replace("-", " "))
    for field in ("title", "summary"):
        missing = unsupported_numbers([getattr(record, field)], basis)
        if missing:
            yield Problem(
                record.origin,
                record.id,
                field,
                f"{', '.join(missing)} is in no quote, date or note of this record",
            )


def _names(dataset: Dataset, partner_id: str) -> list[str]:
    partner = dataset.partners.get(partner_id)
    return [partner.name, *partner.aliases] if partner else [partner_id]


def _partners(dataset: Dataset, record: Event | Fact) -> Iterator[Problem]:
    for i, link in enumerate(record.partners):
        if link.basis == "inferred" or link.id not in dataset.partners:
            continue
        if not any(names(c.quote, _names(dataset, link.id)) for c in record.citations):
            yield Problem(
                record.origin,
                record.id,
                f"partners[{i}]",
                f"no quote names {link.id}: quote a line that names it, or mark it "
                '"basis": "inferred" with a note saying how it is implied',
            )


def _statement(dataset: Dataset, partner: Partner, i: int, st: Statement) -> Iterator[Problem]:
    where = f"statements[{i}]"
    if st.basis != "inferred" and not any(
        names(c.quote, _names(dataset, partner.id)) for c in st.citations
    ):
        yield Problem(
            partner.origin,
            partner.id,
            where,
            f"no quote names {partner.id}: quote a line that names it, or mark the statement "
            '"basis": "inferred" with a note',
        )
    basis: list[str | None] = [c.quote for c in st.citations]
    basis += [st.note, partner.note, *_source_dates(dataset, st.citations)]
    missing = unsupported_numbers([st.text], basis)
    if missing:
        yield Problem(
            partner.origin,
            partner.id,
            f"{where}.text",
            f"{', '.join(missing)} is in no quote or note of this statement",
        )


def _as_of(record: Event | Fact) -> Iterator[Problem]:
    open_range = isinstance(record, Event) and record.date.interval and record.date.end is None
    figure = isinstance(record, Fact) and record.kind == "figure"
    if (open_range or figure) and record.until is None:
        what = "an open range" if open_range else "a figure"
        yield Problem(
            record.origin,
            record.id,
            "as_of",
            f"{what} needs an as-of date: cite a dated source or give as_of",
        )


# A source's details that its own text may not show: each needs a provenance note.
SUPPLIABLE: tuple[str, ...] = (
    "original_title",
    "publication",
    "publisher",
    "volume",
    "issue",
    "pages",
    "url",
    "accessed",
)


def _provenance(source: Source) -> Iterator[Problem]:
    """Every detail of a source from outside its text names where it comes from."""
    covered = {name for p in source.provenance for name in p.fields}
    for name in SUPPLIABLE:
        if getattr(source, name) is not None and name not in covered:
            yield Problem(
                source.origin,
                source.id,
                name,
                "no provenance note says where this comes from (add one to `provenance`)",
            )
    for i, p in enumerate(source.provenance):
        unknown = [n for n in p.fields if n not in source.BY_NAME]
        if unknown:
            yield Problem(
                source.origin,
                source.id,
                f"provenance[{i}].fields",
                f"{', '.join(unknown)} is not a field of a source",
            )


def _spans(dataset: Dataset) -> Iterator[Problem]:
    for record in dataset.records():
        for where, c in sub_records(record, Citation):
            source = dataset.sources.get(c.source)
            if source is not None and not source.holds(c.line):
                yield Problem(
                    record.origin,
                    record.id,
                    f"{where}.line",
                    f"line {c.line} is outside {c.source} (lines {source.lines})",
                )
    for skip in dataset.skipped:
        source = dataset.sources.get(skip.source)
        if source is not None and not source.holds(skip.line):
            yield Problem(
                skip.origin,
                skip.label,
                "line",
                f"line {skip.line} is outside {skip.source} (lines {source.lines})",
            )
