"""Resolving what people type into records: partners by name or alias, ids, kinds.

Every resolver raises NotFound/UsageError with the closest names, so each
command reports a miss the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar

from vpa_cli.errors import NotFound, UsageError
from vpa_cli.records.names import partner_keys, partner_names
from vpa_cli.text import closest, closest_id, name_key

if TYPE_CHECKING:
    from vpa_cli.loading.dataset import Dataset
    from vpa_cli.records.types import Identified, Partner

T = TypeVar("T")

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


def resolve_id(
    records: Mapping[str, T],
    typed: str,
    what: str,
    *,
    then: str,
    error: type[NotFound] | type[UsageError] = NotFound,
    option: str = "",
    hints: Callable[[str], list[str]] | None = None,
) -> T:
    """The record whose id is `typed`, exactly or loosely (case, accents, punctuation);
    otherwise `error`, naming the closest ids (or `then`, what to run, when none is
    close). The one way every command resolves an id someone typed."""
    if typed in records:
        return records[typed]
    key = name_key(typed)
    if key:
        for rid, record in records.items():
            if name_key(rid) == key:
                return record
    near = hints(typed) if hints is not None else closest_id(typed, records)
    raise error(
        f"{option + ': ' if option else ''}unknown {what} {typed!r}",
        suggestions=near,
        then="" if near else then,
    )


def partner_index(dataset: Dataset) -> dict[str, Partner]:
    """name_key of every id, name and alias -> partner."""
    keys = partner_keys(_names(dataset))
    return {key: dataset.partners[pid] for key, pid in keys.items()}


def _names(dataset: Dataset) -> dict[str, str]:
    return partner_names((p.id, p.name, p.aliases) for p in dataset.partners.values())


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
    names = _names(dataset)
    hints = list(dict.fromkeys(names[n] for n in closest(name, names)))
    raise error(
        f"unknown partner {name!r}",
        suggestions=hints,
        then="" if hints else "`vpa partner` lists the partners",
    )


def resolve_choice(
    value: str,
    choices: Iterable[str],
    what: str,
    *,
    option: str = "",
    synonyms: Mapping[str, str] | None = None,
) -> str:
    """A term of a controlled vocabulary, matched loosely; otherwise a UsageError that
    names the term meant (a slip, or another word for it in `synonyms`) and lists them."""
    options = list(choices)
    key = name_key(value)
    for choice in options:
        if name_key(choice) == key:
            return choice
    hints = closest(value, options)
    meant = {name_key(k): v for k, v in (synonyms or {}).items()}.get(key)
    if meant in options and meant not in hints:
        hints.insert(0, meant)
    raise UsageError(
        f"{option + ': ' if option else ''}unknown {what} {value!r}",
        suggestions=hints,
        then=f"one of: {', '.join(options)}",
    )


def find_record(dataset: Dataset, rid: str) -> Identified:
    """Any record (source, event, partner, fact) by id, with near ids on a miss."""
    records = dataset.by_id()
    # A partner's id is a name: "sudan" does not stand for south-sudan.
    named = [k for k, r in records.items() if r.TYPE != "partner"]
    return resolve_id(
        records,
        rid,
        "id",
        then="`vpa search WORDS` finds records and their ids",
        hints=lambda typed: closest(typed, records) or closest_id(typed, named),
    )


def find_source(dataset: Dataset, sid: str, *, option: str = "") -> str:
    """A source's id, typed exactly or loosely; with `option` (`--source`) a miss is a
    usage error of that option."""
    error = UsageError if option else NotFound
    then = "`vpa sources` lists them"
    return resolve_id(dataset.sources, sid, "source", then=then, error=error, option=option).id


# Options people reach for by another name, and the one vpa has: offered only when the
# command has it (`vpa search --type` is search's own).
OPTION_SYNONYMS: dict[str, str] = {
    "--since": "--from",
    "--after": "--from",
    "--start": "--from",
    "--until": "--to",
    "--before": "--to",
    "--end": "--to",
    "--country": "--partner",
    "--type": "--kind",
    "--kind": "--type",
    "--grep": "--contains",
    "--text": "--contains",
    "--query": "--contains",
    "--max": "--limit",
    "--count": "--limit",
    "--lines": "--line",
    "--style": "--format",
    "--output": "--format",
    "--nopager": "--no-pager",
    "--no-colour": "--no-color",
    "--nocolor": "--no-color",
}


def option_hints(typed: str, options: Iterable[str]) -> list[str]:
    """The options of a command that `typed` (an option it does not have) stands for:
    its usual other name (--since for --from), else a slip of the keyboard, else none.
    `--json` and the like name a format: `--format json`."""
    known = [o for o in options if o.startswith("--")]
    name = typed.partition("=")[0]
    synonym = OPTION_SYNONYMS.get(name.lower())
    if synonym in known:
        return [synonym]
    slips = closest(name, known)
    if slips:
        return slips
    if "--format" in known and name.startswith("--") and name[2:].lower() in _FORMAT_WORDS:
        return [f"--format {name[2:].lower()}"]
    return []


_FORMAT_WORDS = frozenset(("json", "csv", "markdown", "plain", "table", "html", "bibtex", "ris"))
