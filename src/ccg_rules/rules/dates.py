"""Calendar arithmetic on day ordinals, shared by the parser and both engines.

One rule for every period the rule language counts: a number of days moves by days; a
number of months or years moves by calendar months, keeping the day of the month, and a
day the target month lacks becomes that month's last day. So one month after 31 January
2023 is 28 February 2023, one month before 31 March 2024 is 29 February 2024, and ten
years before (or after) 29 February 2024 is 28 February 2014 (2034). A result before
0001-01-01 or after 9999-12-31 is that first or last day.
"""

from __future__ import annotations

import calendar
import datetime as dt

UNITS = ("days", "months", "years")
"""The units of a date offset."""

_MIN = dt.date.min.toordinal()
_MAX = dt.date.max.toordinal()


def add_period(ordinal: int, unit: str, amount: int) -> int:
    """Return the day ordinal ``amount`` ``unit`` after ``ordinal`` (before, if negative).

    Args:
        ordinal: A day ordinal (`datetime.date.toordinal`).
        unit: ``"days"``, ``"months"`` or ``"years"``.
        amount: How many units; negative counts back.

    Raises:
        ValueError: ``unit`` is not one of `UNITS`.
    """
    if unit == "days":
        return min(max(ordinal + amount, _MIN), _MAX)
    if unit not in ("months", "years"):
        raise ValueError(f"unknown unit {unit!r}")
    day = dt.date.fromordinal(min(max(ordinal, _MIN), _MAX))
    index = day.year * 12 + (day.month - 1) + amount * (12 if unit == "years" else 1)
    year, month = divmod(index, 12)
    if year < dt.MINYEAR:
        return _MIN
    if year > dt.MAXYEAR:
        return _MAX
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last)).toordinal()
