"""The bibliography of a paper: exactly the vpa sources its keys name, each once, and
what it cites that is no vpa source.

A key that is no vpa source may be a work of the writer's own bibliography (pandoc
takes several `--bibliography` files), so it is a warning, naming the key with the
sources it is close to; `--strict` makes it fail. The id of an event, fact or
partner is not a key (pandoc finds no entry for it): the warning names the sources
to cite instead. `@*` (pandoc's `nocite: '@*'`) cites every source. The sources are
in the order of the whole bibliography (`vpa cite --format ...`), whatever the
order of the paper, so a file made from a paper changes only when what it cites does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from vpa_cli.errors import NotFound, VpaError
from vpa_cli.loading.dataset import Dataset
from vpa_cli.queries.cite.paper import CitedKey, Paper
from vpa_cli.records.types import Source, record_citations, record_type
from vpa_cli.text import closest

EVERY = "*"
_ARTICLE = {"event": "an event", "fact": "a fact", "partner": "a partner"}


@dataclass(frozen=True)
class RecordKey:
    """A record's id cited as a key, and the sources its quotes are from."""

    cited: CitedKey
    kind: str
    sources: list[str]

    def warning(self) -> str:
        what = _ARTICLE.get(self.kind, f"a {self.kind}")
        if not self.sources:
            instead = f"vpa show {self.cited.key} names what it rests on"
        else:
            its = "its source" if len(self.sources) == 1 else "its sources"
            keys = ", ".join(f"@{s}" for s in self.sources)
            instead = (
                f"cite {its} {keys} instead (vpa cite {self.cited.key} gives each quote's "
                "citation with its place)"
            )
        return f"{self.cited.where}: @{self.cited.key} is {what} in vpa, not a source: {instead}"


@dataclass(frozen=True)
class PaperBibliography:
    """The sources a paper cites, and its keys that are none."""

    sources: list[Source]
    unknown: list[tuple[CitedKey, list[str]]] = field(default_factory=list)
    records: list[RecordKey] = field(default_factory=list)

    @property
    def missed(self) -> int:
        """How many keys name no vpa source."""
        return len(self.unknown) + len(self.records)

    def warnings(self) -> list[str]:
        """One line per record id and per key close to a source's id; the other
        keys, for the writer's own bibliography, together on one line."""
        lines = [r.warning() for r in self.records]
        others = []
        for cited, near in self.unknown:
            if near:
                message = f"{cited.where}: @{cited.key} is not a vpa source"
                lines.append(str(NotFound(message, suggestions=[f"@{s}" for s in near])))
            else:
                others.append(cited)
        if len(others) == 1:
            [cited] = others
            lines.append(
                f"{cited.where}: @{cited.key} is not a vpa source: your own bibliography "
                "must hold it"
            )
        elif others:
            keys = ", ".join(f"@{c.key} ({c.where})" for c in others)
            lines.append(
                f"{len(others)} keys are not vpa sources: your own bibliography must hold "
                f"them: {keys}"
            )
        return lines

    def strict_error(self) -> VpaError:
        n = self.missed
        keys = (
            "1 key the paper cites is not a vpa source"
            if n == 1
            else f"{n} keys the paper cites are not vpa sources"
        )
        return VpaError(f"--strict: {keys} (the warnings above say which)")


def cited_keys(papers: Sequence[Paper]) -> list[CitedKey]:
    """Each key the papers cite, once, where it is first cited; VpaError when they
    cite none (the wrong file, or citations vpa cannot read)."""
    first: dict[str, CitedKey] = {}
    for paper in papers:
        for cited in paper.cited():
            first.setdefault(cited.key, cited)
    if not first:
        names = ", ".join(p.name for p in papers)
        raise VpaError(
            f"{names}: no citation key found ([@key], @key or \\cite{{key}}, outside code): "
            "nothing to make a bibliography of"
        )
    return list(first.values())


def paper_bibliography(
    dataset: Dataset, keys: Sequence[CitedKey], every: Sequence[Source]
) -> PaperBibliography:
    """The sources of `every` (the whole bibliography, `every_source`) that `keys`
    name, in its order; the keys that name none."""
    records = dataset.by_id()
    wanted: set[str] = set()
    unknown: list[tuple[CitedKey, list[str]]] = []
    record_keys: list[RecordKey] = []
    for cited in keys:
        if cited.key == EVERY:
            wanted.update(dataset.sources)
        elif cited.key in dataset.sources:
            wanted.add(cited.key)
        elif cited.key in records:
            record = records[cited.key]
            cites = dict.fromkeys(c.source for c in record_citations(record))
            record_keys.append(RecordKey(cited, record_type(record), list(cites)))
        else:
            unknown.append((cited, closest(cited.key, dataset.sources)))
    sources = [s for s in every if s.id in wanted]
    return PaperBibliography(sources, unknown, record_keys)
