"""calendar.csv: a scenario's own day types, over the official calendar.

For local rules and for years whose State Council notice is not out yet (the ``holidays`` package
then guesses). Columns ``date`` (a date or a range ``A..B``), ``day_type`` (workday, restday,
holiday, makeup) and an optional ``note``. Dates outside the period are allowed (a file may cover a
whole year) and simply do not apply.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rostering.io.tables import read_table, table_path
from rostering.problem import DayType, Period
from rostering.timeutil import days_between, parse_date_range

_TYPES = ", ".join(t.value for t in DayType)


def read_calendar(folder: Path) -> dict[dt.date, DayType]:
    """The overrides of ``folder/calendar.csv`` (or .xlsx); empty when there is no such file.

    >>> # read_calendar(Path("scenarios/hotline")) -> {datetime.date(2027, 2, 6): <DayType.MAKEUP>}
    """
    path = table_path(folder, "calendar")
    if path is None:
        return {}
    rows = read_table(path, required=("date", "day_type"), optional=("note",))
    out: dict[dt.date, DayType] = {}
    first_row: dict[dt.date, int] = {}
    for r in rows:
        a, b = r.parse("date", parse_date_range, "a date YYYY-MM-DD or a range A..B, B ≥ A")
        if (b - a).days > 366:
            raise r.error("date", r.get("date"), "a range of at most a year")
        day_type = r.parse("day_type", lambda t: DayType(t.lower()), f"one of {_TYPES}")
        for d in days_between(a, b):
            if d in first_row:
                raise r.error(
                    "date",
                    r.get("date"),
                    f"one row per date ({d} is already on row {first_row[d]})",
                )
            first_row[d] = r.number
            out[d] = day_type
    return out


def apply_calendar(
    official: dict[dt.date, DayType], overrides: dict[dt.date, DayType], period: Period
) -> dict[dt.date, DayType]:
    """The official day types with the overrides that fall inside the period laid over them.

    >>> import datetime as dt
    >>> from rostering.problem import Period
    >>> p = Period(start=dt.date(2027, 2, 6), end=dt.date(2027, 2, 6))
    >>> apply_calendar({dt.date(2027, 2, 6): DayType.RESTDAY},
    ...                {dt.date(2027, 2, 6): DayType.MAKEUP}, p)[dt.date(2027, 2, 6)].value
    'makeup'
    """
    days = set(period.days)
    return {**official, **{d: t for d, t in overrides.items() if d in days}}
