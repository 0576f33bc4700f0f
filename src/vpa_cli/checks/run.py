"""`vpa check`: prove the dataset against its sources.

Beyond what loading checks (schema, ids, dates, references), this verifies
every quote verbatim at its line, every seed against its sha256, that every
source is cited, and coverage: each line of a source that names a year is
cited by some record or listed as deliberately skipped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from vpa_cli.checks.faithfulness import check_faithfulness
from vpa_cli.checks.outside import check_outside
from vpa_cli.loading.dataset import Dataset
from vpa_cli.loading.reading import collect
from vpa_cli.loading.texts import SourceUnreadable, bundled_origins, read_bytes, split_lines
from vpa_cli.queries.quote import CHECK_NEAR_QUOTES, closest_around
from vpa_cli.records.dates import YEAR
from vpa_cli.records.problems import Problem
from vpa_cli.records.record import sub_records
from vpa_cli.records.types import Citation, Skipped, Source


@dataclass
class CheckReport:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    # The evidence standard (outside.py) on a user's files, unless --strict: said, not failed.
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _read_source(source: Source, problems: list[Problem]) -> list[str] | None:
    try:
        raw = read_bytes(source)
        if source.sha256 and hashlib.sha256(raw).hexdigest() != source.sha256:
            problems.append(
                Problem(
                    source.origin,
                    source.id,
                    "sha256",
                    f"{source.file} does not match its sha256 (changed since it was recorded)",
                )
            )
        return split_lines(raw, source.file)
    except SourceUnreadable as exc:
        problems.append(Problem(source.origin, source.id, "file", str(exc)))
        return None


def _cited(dataset: Dataset) -> list[tuple[str, str, str, Citation]]:
    """(origin, record id, field path, citation) for every citation in the dataset,
    those of records refused for a problem of their own included."""
    return [
        (record.origin, record.id, where, c)
        for record in dataset.records()
        for where, c in sub_records(record, Citation)
    ] + [
        (kept.origin, kept.label, where, c)
        for kept in dataset.refused
        for where, c in kept.sub_records(Citation)
    ]


def verify(dataset: Dataset, problems: list[Problem]) -> int:
    """Check quotes, checksums, use and coverage; return the number of citations."""
    # A text refused while loading (outside its folder, not a regular file, too
    # large) was reported then, and is not opened now.
    refused = {(p.file, p.record) for p in problems if p.field == "file"}
    texts = {
        sid: None if (src.origin, sid) in refused else _read_source(src, problems)
        for sid, src in dataset.sources.items()
    }
    _check_spans(dataset, texts, problems)
    _check_unicode(dataset, problems)
    citations = _cited(dataset)
    cited_lines = _check_quotes(citations, texts, problems)
    skipped = _check_skipped(dataset, texts, problems)
    problems.extend(check_faithfulness(dataset))
    used = {c.source for _, rid, _, c in citations if rid != c.source}
    for sid, source in dataset.sources.items():
        if sid not in used:
            problems.append(
                Problem(source.origin, sid, "id", "no event, partner or fact cites this source")
            )
        for n, text in enumerate(texts.get(sid) or [], 1):
            if (
                source.holds(n)
                and YEAR.search(text)
                and (sid, n) not in cited_lines
                and (sid, n) not in skipped
            ):
                problems.append(
                    Problem(
                        source.origin,
                        sid,
                        f"line {n}",
                        f"names a year but is neither cited nor skipped: {text[:60]!r}",
                    )
                )
    return len(citations)


# A UTF-16 surrogate on its own: JSON can escape one (\ud800), but it is no character,
# and no encoding can write it (the SQLite export refuses it).
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_unicode(dataset: Dataset, problems: list[Problem]) -> None:
    """Every text of every record is Unicode: no lone surrogate."""
    for record in [*dataset.records(), *dataset.skipped]:
        label = record.label if isinstance(record, Skipped) else record.id
        for where, text in _strings(record.to_dict(), ""):
            found = LONE_SURROGATE.search(text)
            if found:
                problems.append(
                    Problem(
                        record.origin,
                        label,
                        where,
                        f"holds a lone surrogate (U+{ord(found.group()):04X}), which is "
                        "not a character: write the character itself",
                    )
                )


def _strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """(field path, text) of every string inside a record's dumped form."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}" if where else key)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{where}[{i}]")


def _check_spans(
    dataset: Dataset, texts: dict[str, list[str] | None], problems: list[Problem]
) -> None:
    """A source's `lines` and each layout span end within its file, so nothing that
    walks a span goes past the end of the text."""
    for sid, source in dataset.sources.items():
        lines = texts.get(sid)
        if lines is None:
            continue
        spans = [("lines", source.lines)]
        spans += [(f"layout[{i}].lines", role.lines) for i, role in enumerate(source.layout)]
        for where, span in spans:
            if span is None:
                continue
            last = int(span.partition("-")[2] or span)
            if last > len(lines):
                problems.append(
                    Problem(
                        source.origin,
                        sid,
                        where,
                        f"lines {span} go past the end of {source.file} ({len(lines)} lines)",
                    )
                )


def _check_quotes(
    citations: list[tuple[str, str, str, Citation]],
    texts: dict[str, list[str] | None],
    problems: list[Problem],
) -> set[tuple[str, int]]:
    """Each quote verbatim at its line; return every (source, line) cited."""
    cited_lines: set[tuple[str, int]] = set()
    looked = 0  # quotes whose closest text was looked for (CHECK_NEAR_QUOTES at most)
    for origin, rid, where, c in citations:
        lines = texts.get(c.source)
        cited_lines.add((c.source, c.line))
        if lines is None:
            continue
        if c.line > len(lines):
            problems.append(
                Problem(
                    origin, rid, f"{where}.line", f"{c.source} has {len(lines)} lines, not {c.line}"
                )
            )
        elif c.quote not in lines[c.line - 1]:
            found = [n for n, text in enumerate(lines, 1) if c.quote in text]
            hint = f" (it is at line {found[0]})" if found else ""
            closest = ""
            if not found and looked < CHECK_NEAR_QUOTES:
                looked += 1
                closest = _closest(lines, c)
            problems.append(
                Problem(
                    origin,
                    rid,
                    f"{where}.quote",
                    f"not verbatim at {c.source} line {c.line}{hint}: {c.quote[:60]!r}{closest}",
                )
            )
    return cited_lines


def _closest(lines: list[str], c: Citation) -> str:
    """'; line 5 has ...': the text most like a quote that is not verbatim, on its line
    or a line either side, to copy from; empty when none is at least half alike."""
    near = closest_around(lines, c.line, c.quote)
    if near is None:
        return ""
    where = "the line has" if near.line == c.line else f"line {near.line} has"
    shown = near.stretch if len(near.stretch) <= 200 else near.stretch[:199] + "\u2026"
    return f"; {where} {shown!r} ({near.score:.0%} alike)"


def _check_skipped(
    dataset: Dataset, texts: dict[str, list[str] | None], problems: list[Problem]
) -> set[tuple[str, int]]:
    """Each skipped line inside its source; return every (source, line) skipped."""
    skipped: set[tuple[str, int]] = set()
    for skip in dataset.skipped:
        lines = texts.get(skip.source)
        if lines is not None and skip.line > len(lines):
            problems.append(
                Problem(
                    skip.origin,
                    f"skipped {skip.source}:{skip.line}",
                    "line",
                    f"{skip.source} has {len(lines)} lines",
                )
            )
        skipped.add((skip.source, skip.line))
    # A line skipped by an entry refused for a problem (a missing note) is still skipped:
    # the problem is said once, not again as a line neither cited nor skipped.
    for kept in dataset.refused:
        source, line = kept.values.get("source"), kept.values.get("line")
        if kept.cls is Skipped and type(source) is str and type(line) is int:
            skipped.add((source, line))
    return skipped


def run_check(
    data: Sequence[str] = (), *, bundled: bool = True, strict: bool = False
) -> CheckReport:
    """Every problem in the bundled data (and the user's files); never stops at the first.

    The rules for knowledge from outside the texts (outside.py) are errors on the
    bundled data, and on a user's files warnings, or errors with `strict`."""
    # An unreadable file (bad JSON, missing) raises DataError: nothing further
    # can be checked, and the one-line message says where.
    dataset, problems = collect(data, bundled=bundled)
    n_citations = verify(dataset, problems)
    warnings: list[Problem] = []
    ours = bundled_origins()
    for problem in check_outside(dataset):
        (problems if strict or problem.file in ours else warnings).append(problem)
    return CheckReport(
        problems=problems,
        warnings=warnings,
        counts={
            "sources": len(dataset.sources),
            "events": len(dataset.events),
            "partners": len(dataset.partners),
            "facts": len(dataset.facts),
            "citations": n_citations,
            "skipped_lines": len(dataset.skipped),
        },
        files=dataset.files,
    )
