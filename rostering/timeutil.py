"""Clock times and dates as planners write them."""

from __future__ import annotations

import datetime as dt
import re

_HHMM = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_hhmm(text: str) -> int:
    """Minutes after midnight for ``"HH:MM"``; ``"24:00"`` is allowed and gives 1440.

    Raises ``ValueError`` on anything else.

    >>> parse_hhmm("08:30"), parse_hhmm("24:00")
    (510, 1440)
    """
    m = _HHMM.match(text.strip())
    if not m:
        raise ValueError(text)
    h, mi = int(m.group(1)), int(m.group(2))
    if mi >= 60 or h > 24 or (h == 24 and mi != 0):
        raise ValueError(text)
    return h * 60 + mi


def fmt_hhmm(minutes: int) -> str:
    """``"HH:MM"`` of a minute offset within a day (taken modulo 24 h).

    >>> fmt_hhmm(1470)
    '00:30'
    """
    minutes %= 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_date(text: str) -> dt.date:
    """An ISO date ``YYYY-MM-DD``; raises ``ValueError`` otherwise.

    >>> parse_date("2026-10-01")
    datetime.date(2026, 10, 1)
    """
    text = text.strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def parse_date_range(text: str) -> tuple[dt.date, dt.date]:
    """A date or an inclusive range ``A..B``; raises ``ValueError`` if B is before A.

    >>> parse_date_range("2026-10-05..2026-10-06")
    (datetime.date(2026, 10, 5), datetime.date(2026, 10, 6))
    """
    if ".." in text:
        a, b = text.split("..", 1)
        start, end = parse_date(a), parse_date(b)
    else:
        start = end = parse_date(text)
    if end < start:
        raise ValueError(text)
    return start, end


def days_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """Every date from start to end inclusive.

    >>> len(days_between(dt.date(2026, 10, 1), dt.date(2026, 10, 31)))
    31
    """
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
