"""Dates in references, at exactly the precision the source gives them.

Each style formats one calendar point its own way; this module adds what the
manuals leave to us for the dates our data format allows beyond a plain point:
"ca." before an approximate date, "?" after an uncertain one, an en dash between
the ends of an interval (an open end left blank, as in "2014–").
"""

from __future__ import annotations

from collections.abc import Callable

from vpa_cli.records.dates import DatePoint, FuzzyDate

MONTHS = (  # noqa: SIM905
    "January February March April May June July August September October November December"
).split()
# MLA 9 abbreviates months longer than four letters; June and July are written out.
MLA_MONTHS = "Jan. Feb. Mar. Apr. May June July Aug. Sept. Oct. Nov. Dec.".split()  # noqa: SIM905


def qualified(point: DatePoint, text: str) -> str:
    if point.approximate:
        text = "ca. " + text
    if point.uncertain:
        text += "?"
    return text


def render(date: FuzzyDate, point: Callable[[DatePoint], str]) -> str:
    """The date with `point` formatting each end, qualifiers and interval dash added."""

    def one(p: DatePoint | None) -> str:
        return qualified(p, point(p)) if p else ""

    if not date.interval:
        return one(date.start)
    return f"{one(date.start)}–{one(date.end)}"


def year_only(p: DatePoint) -> str:
    return str(p.year)


def month_day_year(p: DatePoint) -> str:
    """Chicago: March 2, 2015; March 2015; 2015."""
    if p.month and p.day:
        return f"{MONTHS[p.month - 1]} {p.day}, {p.year}"
    if p.month:
        return f"{MONTHS[p.month - 1]} {p.year}"
    return str(p.year)


def year_month_day(p: DatePoint) -> str:
    """APA: 2015, March 2; 2015, March; 2015."""
    if p.month and p.day:
        return f"{p.year}, {MONTHS[p.month - 1]} {p.day}"
    if p.month:
        return f"{p.year}, {MONTHS[p.month - 1]}"
    return str(p.year)


def day_month_year(p: DatePoint) -> str:
    """MLA: 2 Mar. 2015; Mar. 2015; 2015."""
    if p.month and p.day:
        return f"{p.day} {MLA_MONTHS[p.month - 1]} {p.year}"
    if p.month:
        return f"{MLA_MONTHS[p.month - 1]} {p.year}"
    return str(p.year)
