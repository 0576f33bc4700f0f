"""The words and marks a reader sees beside a claim, declared once.

Every output takes its marks and their meanings from here: the terminal's tables
and legends, plain lines, Markdown, `vpa show`, `vpa cite`, search hits, the HTML
page (its script reads them from the page's data, `vocabulary()`) and TimelineJS.
What a date basis means is `vocab.DATE_BASES`, the same words the data format
documents; nothing else restates it.
"""

from __future__ import annotations

from vpa_cli import vocab

# How a date's basis is marked wherever a date is shown to people.
DATE_MARKS = {"stated": "", "derived": "\u2021", "supplied": "\u2020"}
# A partner link with a note, where the note itself has no room: `Laos (ally*)`.
NOTE_MARK = "*"
# Beside a source id: `vpa-impact (weak)`.
WEAK = "weak"
# Beside a claim whose every quote comes from sources assessed as weak.
WEAK_CLAIM = "weak source only"
# What a reader runs to see what a mark stands for.
SHOW = "vpa show ID"


def basis_words(basis: str) -> str:
    """What a date basis means, for readers: `vocab.DATE_BASES`."""
    return vocab.DATE_BASES.get(basis, basis)


def weak_source(source_id: str) -> str:
    return f"{source_id} ({WEAK})"


# The legend: each mark with what it means, in the order a legend lists them.
LEGEND: dict[str, str] = {
    DATE_MARKS["supplied"]: f"date supplied: {basis_words('supplied')} ({SHOW})",
    DATE_MARKS["derived"]: f"date derived: {basis_words('derived')} ({SHOW})",
    NOTE_MARK: f"the partner link has a note ({SHOW})",
    f"({WEAK})": "a source assessed as weak (vpa sources ID says why)",
    f"[{WEAK_CLAIM}]": "rests only on sources assessed as weak (vpa sources ID says why)",
}


def legend(used: set[str]) -> list[str]:
    """The legend lines for the marks in `used` (keys of LEGEND), in LEGEND's order."""
    return [f"{mark} {meaning}" for mark, meaning in LEGEND.items() if mark in used]


def vocabulary() -> dict[str, object]:
    """The marks and their meanings as data, for the page's script."""
    return {
        "date_bases": {
            basis: {"mark": DATE_MARKS.get(basis, ""), "words": words}
            for basis, words in vocab.DATE_BASES.items()
        },
        "note_mark": NOTE_MARK,
        "weak": WEAK,
        "weak_claim": WEAK_CLAIM,
        "legend": dict(LEGEND),
    }
