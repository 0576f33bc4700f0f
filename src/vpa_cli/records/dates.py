"""Dates as the sources give them: the EDTF subset vpa stores, and dates people type.

Stored dates (`FuzzyDate.parse`) are a documented subset of EDTF (ISO 8601-2):
`1995`, `2015-03`, `2015-03-02`, a suffix `~` (approximate), `?` (uncertain) or
`%` (both), and intervals `A/B` whose ends may be open (`2014/..`, `../1975`).
Query dates (`parse_query_date`) are read with python-dateutil at the precision
they were typed. Neither imports anything heavy at module level.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from vpa_cli.errors import UsageError
from vpa_cli.records.values import Value

_POINT = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?(?P<q>[~?%])?$")
_MONTHS = [
    "",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
OPEN = ".."

# A year (1500-2099) as a text writes it, not part of a longer number: every full date
# has one, and `vpa check` wants a record or a skip for every line that has one.
YEAR = re.compile(r"(?<![\d,.])(1[5-9]\d\d|20\d\d)(?![\d])")


# Large datasets repeat date texts (many events per year or day): parse each once.
_PARSED: dict[str, FuzzyDate] = {}
_PARSED_MAX = 200_000


class DateSyntaxError(ValueError):
    """A stored date that is not in vpa's EDTF subset."""


class DatePoint(Value):
    """One calendar date known to the year, month or day."""

    __slots__ = ("approximate", "day", "month", "uncertain", "year")

    year: int
    month: int | None
    day: int | None
    approximate: bool
    uncertain: bool

    def __init__(
        self,
        year: int,
        month: int | None = None,
        day: int | None = None,
        approximate: bool = False,
        uncertain: bool = False,
    ) -> None:
        self.year = year
        self.month = month
        self.day = day
        self.approximate = approximate
        self.uncertain = uncertain

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return date(self.year, month, day)

    def display(self) -> str:
        if self.day:
            text = f"{self.day} {_MONTHS[self.month or 0]} {self.year}"
        elif self.month:
            text = f"{_MONTHS[self.month]} {self.year}"
        else:
            text = str(self.year)
        if self.approximate:
            text = "c. " + text
        if self.uncertain:
            text += "?"
        return text

    @classmethod
    def parse(cls, text: str) -> DatePoint:
        m = _POINT.match(text)
        if not m:
            raise DateSyntaxError(f"{text!r} is not a date like 1995, 2015-03 or 2015-03-02")
        year = int(m["year"])
        month = int(m["month"]) if m["month"] else None
        day = int(m["day"]) if m["day"] else None
        try:
            date(year, month or 1, day or 1)
        except ValueError as exc:
            raise DateSyntaxError(f"{text!r} is not a calendar date ({exc})") from None
        if year == 0:
            raise DateSyntaxError(f"{text!r}: year 0000 is not supported")
        q = m["q"] or ""
        return cls(
            year, month, day, approximate=q in "~%" and q != "", uncertain=q in "?%" and q != ""
        )


class FuzzyDate(Value):
    """A stored date: one point, or an interval whose ends may be open."""

    __slots__ = ("end", "interval", "start", "text")

    text: str
    start: DatePoint | None
    end: DatePoint | None
    interval: bool

    def __init__(
        self,
        text: str,
        start: DatePoint | None,
        end: DatePoint | None,
        interval: bool,
    ) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.interval = interval

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """Parse a stored date; equal texts give the same (immutable) object."""
        cached = _PARSED.get(text) if isinstance(text, str) else None
        if cached is not None:
            return cached
        parsed = cls._parse(text)
        if len(_PARSED) < _PARSED_MAX:
            _PARSED[text] = parsed
        return parsed

    @classmethod
    def _parse(cls, text: str) -> FuzzyDate:
        if not isinstance(text, str) or not text:
            raise DateSyntaxError("a date must be a non-empty string")
        if "/" not in text:
            point = DatePoint.parse(text)
            return cls(text, point, point, interval=False)
        left, _, right = text.partition("/")
        if "/" in right:
            raise DateSyntaxError(f"{text!r} has more than one '/'")
        start = None if left == OPEN else DatePoint.parse(left)
        end = None if right == OPEN else DatePoint.parse(right)
        if start is None and end is None:
            raise DateSyntaxError(f"{text!r} is open at both ends")
        if start and end and start.first_day() > end.last_day():
            raise DateSyntaxError(f"{text!r} ends before it starts")
        return cls(text, start, end, interval=True)

    @property
    def earliest(self) -> date | None:
        """First day the date can mean; None when open at the start."""
        return self.start.first_day() if self.start else None

    @property
    def latest(self) -> date | None:
        """Last day the date can mean; None when open at the end (ongoing)."""
        return self.end.last_day() if self.end else None

    @property
    def precision(self) -> str:
        point = self.start or self.end
        assert point is not None
        return point.precision

    @property
    def approximate(self) -> bool:
        return any(p.approximate for p in (self.start, self.end) if p)

    @property
    def uncertain(self) -> bool:
        return any(p.uncertain for p in (self.start, self.end) if p)

    @property
    def anchor_year(self) -> int:
        """The year the date is counted in: its start, or its end when open at the start."""
        point = self.start or self.end
        assert point is not None  # FuzzyDate.parse refuses a date open at both ends
        return point.year

    def sort_key(self) -> tuple[date, date]:
        return (self.earliest or date.min, self.latest or date.max)

    def year_span(self) -> tuple[int | None, int | None]:
        return (
            self.start.year if self.start else None,
            self.end.year if self.end else None,
        )

    def display(self) -> str:
        """The date as people read it: 1944, Mar 2015, 2 Mar 2015, c. 1995, since 2014."""
        if not self.interval:
            assert self.start is not None
            return self.start.display()
        if self.end is None:
            assert self.start is not None
            return "since " + self.start.display()
        if self.start is None:
            return "until " + self.end.display()
        return f"{self.start.display()}–{self.end.display()}"


_FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
# `12/07/1995`, `12.07.1995`, `12 07 1995`: day and month in an order the text cannot tell.
_NUMERIC_DMY = re.compile(r"^(\d{1,2})[\s./-]+(\d{1,2})[\s./-]+\d{4}$")
# `1995-2000`, `1995 to 2000`, `1995–2000`: a range where one date was expected.
_YEAR_RANGE = re.compile(r"^\d{4}\s*(?:-|–|—|to|until)\s*\d{4}$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_HINT = "try 1995, 1995-07, 1995-07-12, 'March 2015' or '2 March 2015'"


class QueryDate(Value):
    """A date a person typed, with the precision they typed it at."""

    __slots__ = ("point", "text")

    text: str
    point: DatePoint

    def __init__(
        self,
        text: str,
        point: DatePoint,
    ) -> None:
        self.text = text
        self.point = point

    @property
    def first_day(self) -> date:
        return self.point.first_day()

    @property
    def last_day(self) -> date:
        return self.point.last_day()

    @property
    def precision(self) -> str:
        """`year`, `month` or `day`: how much of the date was typed."""
        return self.point.precision


def _reject_shapes(text: str, option: str) -> None:
    """Refuse what dateutil would misread or guess at: qualifiers, ranges, ambiguous numbers."""
    if text[-1] in "~?%" and _POINT.match(text):
        raise UsageError(
            f"{option}: {text!r} has a qualifier ({text[-1]}); a query date is exact: "
            f"give {text[:-1]!r}"
        )
    if "/" in text:
        try:
            is_interval = FuzzyDate.parse(text).interval
        except DateSyntaxError:
            is_interval = False
        if is_interval:
            raise UsageError(
                f"{option}: {text!r} is a range; give one date (--from and --to make a window)"
            )
    if _YEAR_RANGE.match(text):
        raise UsageError(
            f"{option}: {text!r} is a range; give one date (--from and --to make a window)"
        )
    numeric = _NUMERIC_DMY.match(text)
    if numeric:
        a, b = int(numeric[1]), int(numeric[2])
        if a != b and a <= 12 and b <= 12:
            year = text[-4:]
            raise UsageError(
                f"{option}: {text!r} is ambiguous (day or month first?); write "
                f"{year}-{b:02d}-{a:02d} or {year}-{a:02d}-{b:02d}"
            )


def _weekday_named(text: str) -> int | None:
    """Index (Monday 0) of a weekday named in `text`, if any."""
    from dateutil import parser as dateparser

    info = dateparser.parserinfo()
    for word in _WORD.findall(text):
        index = info.weekday(word)
        if index is not None:
            return int(index)
    return None


def parse_query_date(text: str, option: str = "date") -> QueryDate:
    """Read `1995`, `1995-07`, `1995-07-12`, `March 2015`, `2 Mar 2015`, ... at typed precision.

    dateutil fills fields the text does not give from a default date, so we
    parse twice with two different defaults: a field that changes with the
    default was not typed. Shapes dateutil would silently misread (a numeric
    date whose day and month could be swapped, a weekday without a day, a
    range) are refused with a message saying what to type instead.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        raise UsageError(f"{option}: empty date ({_HINT})")
    _reject_shapes(cleaned, option)
    if cleaned.isascii() and cleaned.isdigit() and len(cleaned) > 4:
        return _compact(text, cleaned, option)
    if not _FOUR_DIGIT_YEAR.search(cleaned):
        raise UsageError(f"{option}: {text!r} has no four-digit year ({_HINT})")
    iso = _POINT.match(cleaned)
    if iso and not iso["q"]:
        try:
            return QueryDate(text, DatePoint.parse(cleaned))
        except DateSyntaxError:
            raise UsageError(f"{option}: {text!r} is not a calendar date") from None
    from datetime import datetime

    from dateutil import parser as dateparser

    try:
        one = dateparser.parse(cleaned, default=datetime(2001, 1, 1))
        two = dateparser.parse(cleaned, default=datetime(2002, 2, 2))
    except (ValueError, OverflowError) as exc:
        if "out of range" in str(exc) or "must be in" in str(exc):
            raise UsageError(f"{option}: {text!r} is not a calendar date") from None
        raise UsageError(f"{option}: cannot read {text!r} as a date ({_HINT})") from None
    if one.year != two.year:
        raise UsageError(f"{option}: {text!r} has no year")
    month = one.month if one.month == two.month else None
    day = one.day if one.day == two.day else None
    if one.hour or one.minute or one.second or one.microsecond or one.tzinfo:
        raise UsageError(f"{option}: {text!r} has a time of day; give a date only")
    weekday = _weekday_named(cleaned)
    if weekday is not None:
        # dateutil moves an unstated day to the named weekday: never a typed date.
        day = one.day if _typed_day(cleaned, one.day) else None
        if day is None or month is None:
            raise UsageError(f"{option}: {text!r} names a weekday but no day of the month")
        actual = date(one.year, month, day).weekday()
        if actual != weekday:
            raise UsageError(
                f"{option}: {text!r}: {day} {_MONTHS[month]} {one.year} "
                f"was a {_WEEKDAYS[actual]}, not a {_WEEKDAYS[weekday]}"
            )
    if day is not None and month is None:
        raise UsageError(f"{option}: {text!r} gives a day but no month")
    return QueryDate(text, DatePoint(one.year, month, day))


def _compact(text: str, digits: str, option: str) -> QueryDate:
    """More than four digits in a row: ISO 8601's basic form YYYYMMDD is the day it
    says; YYYYMM (which ISO does not allow) and any other length get what to type."""
    if len(digits) == 8:
        iso = f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
        try:
            return QueryDate(text, DatePoint.parse(iso))
        except DateSyntaxError:
            raise UsageError(
                f"{option}: {text!r} is not a calendar date (read as YYYYMMDD: {iso})"
            ) from None
    if len(digits) == 6 and 1 <= int(digits[4:]) <= 12:
        raise UsageError(
            f"{option}: {text!r} is not a date vpa reads: for "
            f"{_MONTHS[int(digits[4:])]} {digits[:4]} write {digits[:4]}-{digits[4:]}"
        )
    raise UsageError(f"{option}: {text!r} is {len(digits)} digits, not a date ({_HINT})")


def _typed_day(text: str, day: int) -> bool:
    """Whether the day number appears in the text (1 or 2 digits, maybe 2nd, 3rd, 21st)."""
    return re.search(rf"(?<!\d)0?{day}(?:st|nd|rd|th)?(?!\d)", text, re.IGNORECASE) is not None
