"""vpa from Python, for notebooks and scripts: what the commands ask, answered with the
lists and dicts their `--format json` writes (docs/python.md).

Each function reads the data as the commands do (the bundled dataset, then `VPA_DATA`,
then `data`, through the same checks and cache) and raises the errors of
`vpa_cli.errors`, never SystemExit. Nothing here reads `sys.argv`, prints, or touches the
garbage collector, and neither typer nor rich is imported.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, TypeAlias

from vpa_cli.errors import DataError, NotFound, UsageError, VpaError
from vpa_cli.loading.dataset import Dataset

__all__ = [
    "Data",
    "DataError",
    "NotFound",
    "UsageError",
    "VpaError",
    "cite",
    "facts",
    "load",
    "partner",
    "partners",
    "search",
    "show",
    "timeline",
]

# What `data` may be: a data file, several of them (each as `--data` takes it), or a
# Dataset from `load`, read once for many questions.
DataPath: TypeAlias = str | os.PathLike[str]
Data: TypeAlias = DataPath | Sequence[DataPath] | Dataset
Record: TypeAlias = dict[str, Any]


def load(data: DataPath | Sequence[DataPath] = ()) -> Dataset:
    """The dataset the commands read: the bundled data, then the files of `VPA_DATA`, then
    `data` (data files, as `--data` takes them). DataError if any is wrong (a
    missing path, a broken file: what `vpa check` lists); the checked dataset is cached
    between runs as the commands' is (docs/performance.md)."""
    from vpa_cli.loading.reading import load_dataset

    return load_dataset(_paths(data))


def timeline(
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    strict: bool = False,
    partner: str | Sequence[str] = (),
    kind: str | Sequence[str] = (),
    source: str | Sequence[str] = (),
    contains: str | Sequence[str] = (),
    standing: str | Sequence[str] = (),
    weak: bool | None = None,
    limit: int | None = None,
    reverse: bool = False,
    data: Data = (),
) -> list[Record]:
    """The events, as `vpa timeline --format json` lists them, with its filters: each
    argument is the option of the same name (`date_from` is `--from`, `date_to` is
    `--to`); several values of one filter widen it, different filters narrow. `weak`
    True is `--weak` (only what rests only on weak sources), False `--no-weak`.
    UsageError names a bad value (an unknown partner or kind, a date it cannot read)."""
    from vpa_cli.claims.view import Claims
    from vpa_cli.queries.timeline import build_query, select_events

    dataset = _dataset(data)
    query = build_query(
        dataset, date_from=date_from, date_to=date_to, partners=_many(partner),
        kinds=_many(kind), sources=_many(source), contains=_many(contains),
        standings=_many(standing), weak=weak, strict=strict, reverse=reverse, limit=limit,
    )  # fmt: skip
    return [view.to_dict() for view in Claims(dataset).many(select_events(dataset, query))]


def facts(
    *,
    partner: str | Sequence[str] = (),
    kind: str | Sequence[str] = (),
    source: str | Sequence[str] = (),
    contains: str | Sequence[str] = (),
    standing: str | Sequence[str] = (),
    weak: bool | None = None,
    limit: int | None = None,
    data: Data = (),
) -> list[Record]:
    """The facts, as `vpa facts --format json` lists them (by kind, then in the data
    files' order), with its filters: each argument is the option of the same name.
    UsageError names a bad value."""
    from vpa_cli.claims.view import Claims
    from vpa_cli.queries.facts import build_query, select_facts

    dataset = _dataset(data)
    query = build_query(
        dataset, partners=_many(partner), kinds=_many(kind), sources=_many(source),
        contains=_many(contains), standings=_many(standing), weak=weak, limit=limit,
    )  # fmt: skip
    return [view.to_dict() for view in Claims(dataset).many(select_facts(dataset, query))]


def partners(*, sort: str = "name", data: Data = ()) -> list[Record]:
    """The list of partners, as `vpa partner --format json` writes it; `sort` is `name`
    or `count` (events, facts and statements, most first)."""
    from vpa_cli.queries.partner import list_partners

    return [row.to_dict() for row in list_partners(_dataset(data), sort)]


def partner(name: str, *, data: Data = ()) -> Record:
    """One partner's profile, as `vpa partner NAME --format json` writes it; `name` is an
    id, name or alias (`us`, `Hoa Kỳ`). NotFound, with the closest names, for no match."""
    from vpa_cli.queries.partner import build_profile
    from vpa_cli.queries.resolve import resolve_partner

    dataset = _dataset(data)
    return build_profile(dataset, resolve_partner(dataset, name)).to_dict()


def search(
    query: str, *, types: str | Sequence[str] = (), limit: int = 10, data: Data = ()
) -> list[Record]:
    """The hits of `vpa search QUERY --format json`, best first: `types` keeps hits of
    these types (`event`, `fact`, `partner`, `passage`); `limit` 0 gives every hit."""
    from vpa_cli.queries.search import SearchQuery, run_search

    chosen = tuple(dict.fromkeys(_many(types)))
    return [hit.to_dict() for hit in run_search(_dataset(data), SearchQuery(query, chosen, limit))]


def show(ident: str, *, data: Data = ()) -> Record:
    """One record in full, as `vpa show ID --format json` writes it: `{"type": ...,
    "record": ...}`. `ident` is any record's id, or a passage as `SOURCE:LINE`."""
    from vpa_cli.queries.show import show_view

    return show_view(_dataset(data), ident).data


def cite(*ids: str, style: str = "apa", data: Data = ()) -> list[Record]:
    """What `vpa cite ID... --format json` writes: each record once, with each citation's
    quote, place, pandoc citation and reference in `style` (`apa`, `chicago`, `mla`,
    `plain`). With no id, every source, as `vpa cite --format json` lists them."""
    from vpa_cli.formats import Style
    from vpa_cli.queries.cite.records import cite_ids, every_source
    from vpa_cli.text import closest

    try:
        chosen = Style(style)
    except ValueError:
        names = [s.value for s in Style]
        raise UsageError(
            f"unknown style {style!r}",
            suggestions=closest(style, names),
            then=f"give one of {', '.join(names)}",
        ) from None
    dataset = _dataset(data)
    if not ids:
        return [source.to_dict() for source in every_source(dataset)]
    return [record.to_dict() for record in cite_ids(dataset, ids, chosen)]


def _paths(data: DataPath | Sequence[DataPath]) -> list[str]:
    if isinstance(data, (str, os.PathLike)):
        return [os.fspath(data)]
    return [os.fspath(p) for p in data]


def _dataset(data: Data) -> Dataset:
    return data if isinstance(data, Dataset) else load(data)


def _many(value: str | Sequence[str]) -> tuple[str, ...]:
    """One value or several: `partner="us"` or `partner=["us", "china"]`."""
    return (value,) if isinstance(value, str) else tuple(value)
