"""The words and marks a reader sees beside a claim, declared once.

Every output takes its marks and their meanings from here: the terminal's tables
and legends, plain lines, Markdown, `vpa show`, `vpa cite`, search hits, the HTML
page (its script reads them from the page's data, `vocabulary()`) and TimelineJS.
What a date basis means is `vocab.DATE_BASES`, the same words the data format
documents; nothing else restates it.
"""

from __future__ import annotations

from vpa_cli.records import vocab

# How a date's basis is marked wherever a date is shown to people.
DATE_MARKS = {"stated": "", "derived": "\u2021", "supplied": "\u2020"}
# A partner link with a note, where the note itself has no room: `Laos (ally*)`.
NOTE_MARK = "*"
# Beside a source id: `vpa-impact (weak)`; beside a quote on the page: "weak source".
WEAK = "weak"
WEAK_SOURCE = "weak source"
# Beside a claim whose every quote comes from sources assessed as weak.
WEAK_CLAIM = "weak source only"
# Beside a claim an outside reference or another text says otherwise of.
CONTRADICTED = "contradicted"
DISPUTES = "vpa disputes"
# What a reader runs to see what a mark stands for, and why a source is weak.
SHOW = "vpa show ID"
WHY_WEAK = "vpa show SOURCE gives its assessment"


def basis_words(basis: str) -> str:
    """What a date basis means, for readers: `vocab.DATE_BASES`."""
    return vocab.DATE_BASES.get(basis, basis)


def basis_line(basis: str) -> str:
    """`date supplied: not stated in the sources, ...`: a basis and what it means, as
    every output words it."""
    return f"date {basis}: {basis_words(basis)}"


def weak_source(source_id: str) -> str:
    """`vpa-impact (weak)`: a source assessed as weak, as every output names it."""
    return f"{source_id} ({WEAK})"


WEAK_SOURCE_MEANING = "a source assessed as weak"
WEAK_CLAIM_MEANING = "rests only on sources assessed as weak"
CONTRADICTED_MEANING = "an outside reference or another text says otherwise"

# The legend: each mark with what it means and where to see more, in the order a
# legend lists them (the page gives the meanings without the commands).
LEGEND: dict[str, str] = {
    DATE_MARKS["supplied"]: f"{basis_line('supplied')} ({SHOW})",
    DATE_MARKS["derived"]: f"{basis_line('derived')} ({SHOW})",
    NOTE_MARK: f"the partner link has a note ({SHOW})",
    f"({WEAK})": f"{WEAK_SOURCE_MEANING} ({WHY_WEAK})",
    f"[{WEAK_CLAIM}]": f"{WEAK_CLAIM_MEANING} ({WHY_WEAK})",
    f"[{CONTRADICTED}]": f"{CONTRADICTED_MEANING} ({DISPUTES} gives both sides)",
}


def standing_line(standing: str) -> str:
    """`single-source: stated by one text ...`: a claim's standing and what it means."""
    return f"{standing}: {vocab.STANDINGS.get(standing, standing)}"


def legend(used: set[str]) -> list[str]:
    """The legend lines for the marks in `used` (keys of LEGEND), in LEGEND's order."""
    return [f"{mark} {meaning}" for mark, meaning in LEGEND.items() if mark in used]


def vocabulary() -> dict[str, object]:
    """The marks and their meanings as data, for the page's script and list view."""
    return {
        "date_bases": {
            basis: {"mark": DATE_MARKS.get(basis, ""), "words": words, "line": basis_line(basis)}
            for basis, words in vocab.DATE_BASES.items()
        },
        "note_mark": NOTE_MARK,
        "weak": WEAK,
        "weak_source": WEAK_SOURCE,
        "weak_source_meaning": WEAK_SOURCE_MEANING,
        "weak_claim": WEAK_CLAIM,
        "weak_claim_meaning": WEAK_CLAIM_MEANING,
        "contradicted": CONTRADICTED,
        "contradicted_meaning": CONTRADICTED_MEANING,
        "standings": {s: standing_line(s) for s in vocab.STANDINGS},
        "grades": dict(vocab.REFERENCE_GRADES),
        "legend": dict(LEGEND),
    }
