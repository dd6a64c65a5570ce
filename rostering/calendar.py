"""Day types from the official calendar.

``"CN"`` uses the ``holidays`` package: statutory days (法定假日, 300 % pay) are ``holiday``;
substitute days ("observed") and swapped rest days ("Day off (substituted …)") are ``restday``;
weekend make-up workdays (调休上班) are ``makeup``. ``"none"`` is plain Mon–Fri.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import holidays

from rostering.problem import DayType

# Years for which the State Council notice is in the package's table of swaps; later years are
# computed by rule and the package silently guesses the bridges.
_LAST_ANNOUNCED_YEAR = 2026


def _is_rest_only(name: str) -> bool:
    lowered = name.lower()
    return "observed" in lowered or "day off" in lowered or "substituted" in lowered


def day_types(days: Iterable[dt.date], calendar: str) -> dict[dt.date, DayType]:
    """Classify each date.

    >>> import datetime as dt
    >>> t = day_types([dt.date(2026, 10, 1), dt.date(2026, 10, 6), dt.date(2026, 10, 10)], "CN")
    >>> [str(v) for v in t.values()]
    ['holiday', 'restday', 'makeup']
    """
    days = list(days)
    out: dict[dt.date, DayType] = {}
    if calendar == "none" or not days:
        for d in days:
            out[d] = DayType.WORKDAY if d.weekday() < 5 else DayType.RESTDAY
        return out
    years = sorted({d.year for d in days})
    cn = holidays.country_holidays("CN", years=years)
    makeup = set(getattr(cn, "weekend_workdays", set()))
    for d in days:
        name = cn.get(d)
        if name is not None:
            # A date can carry several names joined by "; "; statutory wins.
            names = [n.strip() for n in str(name).split(";")]
            statutory = any(not _is_rest_only(n) for n in names)
            out[d] = DayType.HOLIDAY if statutory else DayType.RESTDAY
        elif d in makeup:
            out[d] = DayType.MAKEUP
        else:
            out[d] = DayType.WORKDAY if d.weekday() < 5 else DayType.RESTDAY
    return out


def provisional_years(days: Iterable[dt.date], calendar: str) -> list[int]:
    """Years of ``days`` whose official holiday notice the package does not know yet.

    >>> import datetime as dt
    >>> provisional_years([dt.date(2027, 1, 1)], "CN")
    [2027]
    """
    if calendar != "CN":
        return []
    return sorted({d.year for d in days if d.year > _LAST_ANNOUNCED_YEAR})
