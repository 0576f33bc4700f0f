"""Resolving what people type into records: partners by name or alias, ids, kinds.

Every resolver raises NotFound/UsageError with the closest names, so each
command reports a miss the same way.
"""

from __future__ import annotations

from collections.abc import Iterable

from vpa_cli.errors import NotFound, UsageError
from vpa_cli.model import Dataset, Identified, Partner
from vpa_cli.text import closest, name_key

# What people call the dataset's subject, as name_keys: Vietnam and its army,
# in English, Vietnamese and abbreviated.
SUBJECT_KEYS = frozenset(
    name_key(name)
    for name in (
        "Vietnam",
        "Viet Nam",
        "VN",
        "Vietnamese",
        "Socialist Republic of Vietnam",
        "SRV",
        "Cộng hòa Xã hội chủ nghĩa Việt Nam",
        "VPA",
        "Vietnam People's Army",
        "The Vietnam People's Army",
        "Vietnamese People's Army",
        "People's Army of Vietnam",
        "PAVN",
        "Quân đội nhân dân Việt Nam",
        "QĐND",
        "Vietnam Ministry of National Defence",
    )
)


def partner_index(dataset: Dataset) -> dict[str, Partner]:
    """name_key of every id, name and alias -> partner."""
    index: dict[str, Partner] = {}
    for partner in dataset.partners.values():
        for name in (partner.id, partner.name, *partner.aliases):
            index.setdefault(name_key(name), partner)
    return index


def resolve_partner(dataset: Dataset, name: str, *, usage: bool = False) -> Partner:
    """The partner whose id, name or alias matches `name` (case, accents, punctuation ignored)."""
    key = name_key(name)
    if not key:
        raise UsageError(f"empty partner name {name!r}")
    found = partner_index(dataset).get(key)
    if found is not None:
        return found
    error = UsageError if usage else NotFound
    if key in SUBJECT_KEYS:
        raise error(
            f"{name!r} is not a partner: Vietnam is the subject of this dataset, and its "
            "partners are the countries, organisations and forums it deals with "
            "(`vpa partner` lists them; `vpa timeline` is Vietnam's own chronology)"
        )
    hints = dict.fromkeys(_partner_hints(dataset, name))
    raise error(f"unknown partner {name!r}", suggestions=hints)


def _partner_hints(dataset: Dataset, name: str) -> list[str]:
    by_name = {n: p.id for p in dataset.partners.values() for n in (p.id, p.name, *p.aliases)}
    return [by_name[n] for n in closest(name, by_name)]


def resolve_choice(value: str, choices: Iterable[str], what: str) -> str:
    """A term of a controlled vocabulary, matched loosely; UsageError with hints otherwise."""
    options = list(choices)
    key = name_key(value)
    for option in options:
        if name_key(option) == key:
            return option
    raise UsageError(f"unknown {what} {value!r}", suggestions=closest(value, options))


def find_record(dataset: Dataset, rid: str) -> Identified:
    """Any record (source, event, partner, fact) by exact id, with near ids on a miss."""
    records = dataset.by_id()
    if rid in records:
        return records[rid]
    folded = {name_key(k): k for k in records}
    if name_key(rid) in folded:
        return records[folded[name_key(rid)]]
    raise NotFound(f"unknown id {rid!r}", suggestions=closest(rid, records))
