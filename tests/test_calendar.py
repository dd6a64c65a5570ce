"""Day types: the official PRC calendar of 2026 (statutory / observed / swapped / make-up days)
and the plain Mon–Fri calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from rostering.calendar import day_types, provisional_years
from rostering.problem import DayType
from rostering.timeutil import days_between

H, R, W, M = DayType.HOLIDAY, DayType.RESTDAY, DayType.WORKDAY, DayType.MAKEUP


def types(start: dt.date, end: dt.date, calendar: str = "CN") -> dict[dt.date, DayType]:
    return day_types(days_between(start, end), calendar)


def test_october_2026_national_day() -> None:
    t = types(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    expected = {1: H, 2: H, 3: H, 4: R, 5: R, 6: R, 7: R, 8: W, 9: W, 10: M, 11: R, 12: W}
    assert {k: t[dt.date(2026, 10, k)] for k in expected} == expected
    # only the three statutory days pay 300 %
    assert sorted(d.day for d, v in t.items() if v == H) == [1, 2, 3]
    assert [d.day for d, v in t.items() if v == M] == [10]
    # the rest of the month is plain Mon–Fri
    for d, v in t.items():
        if d.day > 11:
            assert v == (W if d.weekday() < 5 else R), d


def test_september_makeup_sunday_before_national_day() -> None:
    assert types(dt.date(2026, 9, 20), dt.date(2026, 9, 20)) == {dt.date(2026, 9, 20): M}


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (1, {1: H, 2: R, 3: R, 4: M, 5: W}),
        (2, {14: M, 15: R, 16: H, 17: H, 18: H, 19: H, 20: R, 21: R, 22: R, 23: R, 24: W, 28: M}),
        (4, {4: R, 5: H, 6: R, 7: W}),
        (5, {1: H, 2: H, 3: R, 4: R, 5: R, 6: W, 9: M, 10: R}),
    ],
    ids=["new-year", "spring-festival", "qingming", "labour-day"],
)
def test_2026_observed_and_swapped_days(month: int, expected: dict[int, DayType]) -> None:
    start = dt.date(2026, month, 1)
    end = dt.date(2026, month + 1, 1) - dt.timedelta(days=1)
    t = types(start, end)
    assert {k: t[dt.date(2026, month, k)] for k in expected} == expected


def test_whole_year_2026_has_thirteen_statutory_days() -> None:
    t = types(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert sum(1 for v in t.values() if v == H) == 13
    makeups = sorted(d for d, v in t.items() if v == M)
    assert makeups == [
        dt.date(2026, 1, 4),
        dt.date(2026, 2, 14),
        dt.date(2026, 2, 28),
        dt.date(2026, 5, 9),
        dt.date(2026, 9, 20),
        dt.date(2026, 10, 10),
    ]


def test_none_calendar_is_plain_monday_to_friday() -> None:
    t = types(dt.date(2026, 9, 28), dt.date(2026, 10, 11), "none")
    for d, v in t.items():
        assert v == (W if d.weekday() < 5 else R), d
    assert t[dt.date(2026, 10, 1)] == W  # a statutory holiday is an ordinary Thursday here


def test_provisional_years() -> None:
    days = [dt.date(2026, 12, 31), dt.date(2027, 1, 1)]
    assert provisional_years(days, "CN") == [2027]
    assert provisional_years(days, "none") == []


def test_scenario_reads_calendar(tmp_path) -> None:
    from conftest import SCENARIOS

    from rostering import load_scenario

    p = load_scenario(SCENARIOS / "hotline")
    assert p.day_types[dt.date(2026, 10, 1)] == H
    assert p.day_types[dt.date(2026, 10, 5)] == R
    assert p.day_types[dt.date(2026, 10, 10)] == M
