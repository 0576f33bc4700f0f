"""Stored dates (FuzzyDate) against the edtf library, and query dates at typed precision."""

from __future__ import annotations

import calendar
import math
from datetime import date
from typing import Any

import pytest
from conftest import run_json
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from vpa_cli.errors import UsageError
from vpa_cli.queries.timeline import in_window
from vpa_cli.records.dates import DateSyntaxError, FuzzyDate, parse_query_date

edtf = pytest.importorskip("edtf")  # test-only oracle; slow to import, so only here


# ------------------------------------------------------------ stored dates: edtf as oracle


@st.composite
def edtf_points(draw: st.DrawFn) -> str:
    """A date in vpa's subset: YYYY, YYYY-MM or YYYY-MM-DD, maybe qualified ~ ? %."""
    year = draw(st.integers(1, 9999))
    text = f"{year:04d}"
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision != "year":
        month = draw(st.integers(1, 12))
        text += f"-{month:02d}"
        if precision == "day":
            day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
            text += f"-{day:02d}"
    return text + draw(st.sampled_from(["", "", "~", "?", "%"]))


@st.composite
def edtf_dates(draw: st.DrawFn) -> str:
    """A point, or an interval whose ends may be open (`..`), never both."""
    if draw(st.booleans()):
        return draw(edtf_points())
    start = draw(st.one_of(st.just(".."), edtf_points()))
    end = draw(edtf_points()) if start == ".." else draw(st.one_of(st.just(".."), edtf_points()))
    return f"{start}/{end}"


def _oracle(value: Any) -> date | None:
    """edtf's strict bound as a date; an open end (±inf) is None."""
    if isinstance(value, float):
        return None
    return date(value.tm_year, value.tm_mon, value.tm_mday)


@settings(max_examples=150, deadline=None)
@given(edtf_dates())
def test_fuzzy_date_bounds_agree_with_edtf(text: str) -> None:
    parsed = edtf.parse_edtf(text)
    lower, upper = _oracle(parsed.lower_strict()), _oracle(parsed.upper_strict())
    try:
        fuzzy = FuzzyDate.parse(text)
    except DateSyntaxError:
        # The only thing vpa refuses in this subset is an interval that ends before it starts.
        assert lower is not None and upper is not None and lower > upper, text
        return
    assert fuzzy.earliest == lower, text
    assert fuzzy.latest == upper, text
    assert fuzzy.interval == ("/" in text)
    assert fuzzy.approximate == any(q in text for q in "~%")
    assert fuzzy.uncertain == any(q in text for q in "?%")


def _ordinals(lo: date | None, hi: date | None) -> tuple[float, float]:
    """Bounds as numbers, an open end as infinity (so it differs from any real day)."""
    return (
        lo.toordinal() if lo else -math.inf,
        hi.toordinal() if hi else math.inf,
    )


@settings(max_examples=150, deadline=None)
@given(
    edtf_dates(),
    st.one_of(st.none(), st.dates(date(1, 1, 1), date(9999, 12, 31))),
    st.one_of(st.none(), st.dates(date(1, 1, 1), date(9999, 12, 31))),
)
def test_the_window_filter_agrees_with_edtf_bounds(
    text: str, lo: date | None, hi: date | None
) -> None:
    assume(lo is None or hi is None or lo <= hi)  # such a window is refused earlier
    parsed = edtf.parse_edtf(text)
    first, last = _ordinals(_oracle(parsed.lower_strict()), _oracle(parsed.upper_strict()))
    assume(first <= last)  # refused by FuzzyDate.parse (previous test)
    fuzzy = FuzzyDate.parse(text)
    win_lo, win_hi = _ordinals(lo, hi)
    span = (fuzzy.earliest, fuzzy.latest)
    assert in_window(span, lo, hi, False) == (max(first, win_lo) <= min(last, win_hi))
    assert in_window(span, lo, hi, True) == (win_lo <= first and last <= win_hi)
    if in_window(span, lo, hi, True):
        assert in_window(span, lo, hi, False)


D = date
# The edges, fixed: a span [first, last] against a window [lo, hi], None an open end.
# (span, window, any day in it, every day in it)
WINDOW_EDGES = [
    ((D(1995, 7, 12), D(1995, 7, 12)), (D(1995, 7, 12), D(1995, 7, 12)), True, True),
    ((D(1995, 1, 1), D(1995, 12, 31)), (D(1995, 12, 31), None), True, False),
    ((D(1995, 1, 1), D(1995, 12, 31)), (None, D(1995, 1, 1)), True, False),
    ((D(1995, 1, 1), D(1995, 12, 31)), (D(1996, 1, 1), None), False, False),
    ((D(1995, 1, 1), D(1995, 12, 31)), (None, D(1994, 12, 31)), False, False),
    ((D(1995, 1, 1), D(1995, 12, 31)), (D(1995, 1, 1), D(1995, 12, 31)), True, True),
    ((D(1995, 1, 1), D(1995, 12, 31)), (D(1995, 1, 2), D(1995, 12, 31)), True, False),
    ((D(1995, 1, 1), D(1995, 12, 31)), (D(1995, 1, 1), D(1995, 12, 30)), True, False),
    ((D(1995, 1, 1), D(1995, 12, 31)), (None, None), True, True),
    ((None, D(1990, 12, 31)), (D(1990, 12, 31), None), True, False),
    ((None, D(1990, 12, 31)), (None, D(1990, 12, 31)), True, True),
    ((None, D(1990, 12, 31)), (D(1991, 1, 1), None), False, False),
    ((D(2014, 6, 1), None), (None, D(2014, 6, 1)), True, False),
    ((D(2014, 6, 1), None), (D(2014, 6, 1), None), True, True),
    ((D(2014, 6, 1), None), (D(2014, 6, 1), D(2030, 1, 1)), True, False),
    ((D(2014, 6, 1), None), (None, D(2014, 5, 31)), False, False),
]


@pytest.mark.parametrize(("span", "window", "any_day", "every_day"), WINDOW_EDGES)
def test_the_window_filter_at_its_edges(
    span: tuple[date | None, date | None],
    window: tuple[date | None, date | None],
    any_day: bool,
    every_day: bool,
) -> None:
    assert in_window(span, *window, False) is any_day
    assert in_window(span, *window, True) is every_day


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1944", "1944"),
        ("2015-03", "Mar 2015"),
        ("2015-03-02", "2 Mar 2015"),
        ("1995~", "c. 1995"),
        ("1995?", "1995?"),
        ("2014/..", "since 2014"),
        ("../1975", "until 1975"),
        ("1945/1954", "1945–1954"),
    ],
)
def test_display_is_how_people_read_dates(text: str, shown: str) -> None:
    assert FuzzyDate.parse(text).display() == shown


@pytest.mark.parametrize(
    "text", ["", "95", "1995-13", "1995-02-29", "0000", "2000/1995", "../..", "1995/2000/2005"]
)
def test_fuzzy_date_refuses_what_is_not_in_the_subset(text: str) -> None:
    with pytest.raises(DateSyntaxError):
        FuzzyDate.parse(text)


# ------------------------------------------------------------ query dates: typed precision


@pytest.mark.parametrize(
    ("typed", "first", "last", "precision"),
    [
        ("1995", date(1995, 1, 1), date(1995, 12, 31), "year"),
        ("2015", date(2015, 1, 1), date(2015, 12, 31), "year"),
        ("1995-07", date(1995, 7, 1), date(1995, 7, 31), "month"),
        ("2016-02", date(2016, 2, 1), date(2016, 2, 29), "month"),
        ("1995-07-12", date(1995, 7, 12), date(1995, 7, 12), "day"),
        ("March 2015", date(2015, 3, 1), date(2015, 3, 31), "month"),
        ("Mar 2015", date(2015, 3, 1), date(2015, 3, 31), "month"),
        ("march 2015", date(2015, 3, 1), date(2015, 3, 31), "month"),
        ("Sept 2015", date(2015, 9, 1), date(2015, 9, 30), "month"),
        ("2015 March", date(2015, 3, 1), date(2015, 3, 31), "month"),
        ("2 March 2015", date(2015, 3, 2), date(2015, 3, 2), "day"),
        ("2 Mar 2015", date(2015, 3, 2), date(2015, 3, 2), "day"),
        ("1 March 2015", date(2015, 3, 1), date(2015, 3, 1), "day"),
        ("March 2, 2015", date(2015, 3, 2), date(2015, 3, 2), "day"),
        ("2nd March 2015", date(2015, 3, 2), date(2015, 3, 2), "day"),
        ("Monday 2 March 2015", date(2015, 3, 2), date(2015, 3, 2), "day"),
        ("25/12/1995", date(1995, 12, 25), date(1995, 12, 25), "day"),
        ("07/07/1995", date(1995, 7, 7), date(1995, 7, 7), "day"),
        ("1995/07/12", date(1995, 7, 12), date(1995, 7, 12), "day"),
        ("  1995  ", date(1995, 1, 1), date(1995, 12, 31), "year"),
    ],
)
def test_query_date_is_read_at_the_precision_typed(
    typed: str, first: date, last: date, precision: str
) -> None:
    parsed = parse_query_date(typed, "--from")
    assert (parsed.first_day, parsed.last_day, parsed.precision) == (first, last, precision)


FORMATS = {
    "year": ["%Y"],
    "month": ["%Y-%m", "%B %Y", "%b %Y", "%Y %B"],
    "day": ["%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%A %d %B %Y"],
}


@settings(max_examples=200, deadline=None)
@given(
    st.dates(date(1000, 1, 1), date(2999, 12, 31)),
    st.sampled_from([(p, f) for p, fs in FORMATS.items() for f in fs]),
)
def test_any_date_in_any_supported_form_is_read_exactly(day: date, form: tuple[str, str]) -> None:
    precision, fmt = form
    parsed = parse_query_date(day.strftime(fmt), "--to")
    assert parsed.precision == precision
    assert parsed.point.year == day.year
    assert parsed.point.month == (None if precision == "year" else day.month)
    assert parsed.point.day == (day.day if precision == "day" else None)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "empty"),
        ("soon", "'soon'"),
        ("95", "four-digit year"),
        ("March", "four-digit year"),
        ("1995-13", "not a calendar date"),
        ("29 February 2015", "not a calendar date"),
        ("12/07/1995", "ambiguous"),
        ("2 3 2015", "ambiguous"),
        ("1995~", "qualifier"),
        ("1995/2000", "range"),
        ("1995-2000", "range"),
        ("2014/..", "range"),
        ("Tuesday 2015", "weekday"),
        ("March 2015 Tuesday", "weekday"),
        ("Tuesday 2 March 2015", "was a Monday"),
        ("2 Mar 2015 10:00", "time of day"),
        # Issue 24: a run of digits said "no four-digit year" though it has one.
        ("20151302", "not a calendar date (read as YYYYMMDD: 2015-13-02)"),
        ("201503", "for Mar 2015 write 2015-03"),
        ("2015031", "is 7 digits, not a date (try 1995"),
    ],
)
def test_unreadable_query_dates_are_usage_errors_naming_the_value(typed: str, says: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_query_date(typed, "--from")
    message = str(caught.value)
    assert message.startswith("--from: ")
    assert says in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("typed", "day"), [("20150302", date(2015, 3, 2)), ("19950712", date(1995, 7, 12))]
)
def test_iso_basic_yyyymmdd_is_the_day_it_says(typed: str, day: date) -> None:
    parsed = parse_query_date(typed, "--from")
    assert (parsed.first_day, parsed.last_day, parsed.precision) == (day, day, "day")


def test_iso_basic_dates_select_as_the_extended_form_does() -> None:
    compact = run_json("timeline", "--from", "20150302", "--to", "20150302", "--strict")
    extended = run_json("timeline", "--from", "2015-03-02", "--to", "2015-03-02", "--strict")
    assert compact == extended
    assert [e["id"] for e in compact] == ["2015-03-02-defence-diplomacy-guidelines"]
