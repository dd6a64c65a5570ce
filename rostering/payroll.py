"""Payroll from a roster: hours classification, comprehensive-hours overtime, holiday premium.

Every figure follows the contract (``payroll.csv`` in FILES.md) so that a clerk can recompute it
by hand from roster.csv. Arithmetic is exact (:class:`fractions.Fraction`) and each published
figure is rounded once, half up, to 2 decimals; money is computed from the exact hours, never from
already-rounded ones.

Decisions the contract leaves open:

- ``paid_hours`` sums roster.csv's ``paid_hours`` column (each shift's paid hours to 2 decimals).
- Leave is read from the roster's cells (``LEAVE:<kind>`` is credited its ``[leave]`` hours,
  ``UNAVAILABLE`` nothing); each such day lowers ``standard_hours`` by ``standard_day_hours`` less
  its credit (never below 0), exactly as the hours band. A roster that passes ``check`` has leave
  cells exactly where availability.csv puts them, so this equals :func:`rules.hours.leave_minutes`.
- ``holiday_days_worked`` / ``holiday_hours`` count only statutory ``holiday`` days (300 %);
  substitute or swapped rest days and make-up workdays are ordinary days for pay.
- ``"average"``: 1,984 h / 12 per calendar month, pro-rated by calendar days for a month the
  period covers only partly (Oct 1–15 gets 15/31 of it).
- ``standard_day_hours`` is the person's profile value (a role profile may override [rules]).
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from rostering.problem import DayType, Person, Problem
from rostering.roster import Cell, Roster

PAYROLL_COLUMNS = [
    "staff_id",
    "name",
    "worked_days",
    "paid_hours",
    "leave_hours",
    "overtime_hours",
    "holiday_days_worked",
    "holiday_hours",
    "holiday_premium",
    "overtime_pay",
]
MONEY_COLUMNS = ("holiday_premium", "overtime_pay")
HOURS_PER_YEAR = 1984  # 248 legal working days × 8 h, in force since 2025-01-01
NATIONAL_DAY_DIVISOR = 21.75


def exact(value: float) -> Fraction:
    """A planner's decimal number as an exact fraction (``0.1`` is one tenth, not a binary float).

    >>> exact(0.1)
    Fraction(1, 10)
    """
    return Fraction(str(value))


def round2(value: Fraction) -> float:
    """Round half up to 2 decimals (the way a clerk rounds money).

    >>> round2(Fraction(1, 8)), round2(Fraction(2, 3))
    (0.13, 0.67)
    """
    cents = math.floor(value * 100 + Fraction(1, 2))
    return cents / 100


def shift_hours(paid_minutes: int) -> Fraction:
    """A shift's paid hours as roster.csv states them (2 decimals).

    >>> shift_hours(450), shift_hours(440)
    (Fraction(15, 2), Fraction(733, 100))
    """
    # minutes * 5 / 3 never ends in exactly .5, so plain rounding is unambiguous
    return Fraction(round(paid_minutes * 100 / 60), 100)


def period_months(days: list[dt.date]) -> Fraction:
    """How many calendar months the days make, pro-rated by calendar days.

    >>> import datetime as dt
    >>> period_months([dt.date(2026, 10, d) for d in range(1, 16)])
    Fraction(15, 31)
    """
    per_month: dict[tuple[int, int], int] = defaultdict(int)
    for d in days:
        per_month[d.year, d.month] += 1
    return sum(
        (Fraction(n, _cal.monthrange(y, m)[1]) for (y, m), n in per_month.items()),
        Fraction(0),
    )


def base_standard_hours(problem: Problem, person: Person) -> Fraction:
    """The period's legal standard hours for ``person`` before any leave deficit.

    ``overtime_threshold``: ``"calendar"`` = (workdays + make-up days) × standard_day_hours;
    ``"average"`` = 1,984 / 12 h per month, pro-rated by calendar days; a number = that many hours.

    >>> # base_standard_hours(problem, person) -> Fraction(144, 1) for October 2026, 8 h days
    """
    thr = problem.pay.overtime_threshold
    if thr == "calendar":
        sdh = exact(problem.rules_for(person).standard_day_hours)
        n = sum(
            1 for d in problem.days if problem.day_types[d] in (DayType.WORKDAY, DayType.MAKEUP)
        )
        return n * sdh
    if thr == "average":
        return Fraction(HOURS_PER_YEAR, 12) * period_months(problem.days)
    return exact(float(thr))


def leave_day(problem: Problem, person: Person, cell: Cell) -> tuple[Fraction, Fraction]:
    """(credited hours, standard-hours deficit) of one leave or unavailable cell."""
    sdh = exact(problem.rules_for(person).standard_day_hours)
    kind = cell.leave_kind
    credit = exact(problem.leave_credit.get(kind, 0.0)) if kind is not None else Fraction(0)
    return credit, max(Fraction(0), sdh - credit)


@dataclass(frozen=True)
class PayLine:
    """One person's payroll, exact. :meth:`row` gives the rounded payroll.csv row."""

    person: Person
    worked_days: int
    paid_hours: Fraction
    leave_hours: Fraction
    standard_hours: Fraction
    holiday_days_worked: int
    holiday_hours: Fraction
    night_dates: tuple[dt.date, ...]
    day_rate: Fraction  # (basic + performance) / day_divisor
    hour_rate: Fraction  # day_rate / standard_day_hours
    holiday_multiplier: Fraction
    overtime_multiplier: Fraction

    @property
    def overtime_hours(self) -> Fraction:
        """Hours above the standard; holiday work is paid by its premium, so it is left out."""
        ot = self.paid_hours - self.holiday_hours + self.leave_hours - self.standard_hours
        return max(Fraction(0), ot)

    @property
    def holiday_premium(self) -> Fraction:
        """holiday_days_worked × (basic + performance) / day_divisor × holiday_multiplier."""
        return self.holiday_days_worked * self.day_rate * self.holiday_multiplier

    @property
    def overtime_pay(self) -> Fraction:
        """overtime_hours × (basic + performance) / day_divisor / standard_day_hours × mult."""
        return self.overtime_hours * self.hour_rate * self.overtime_multiplier

    def row(self) -> dict[str, object]:
        """The payroll.csv row (hours and money rounded half up to 2 decimals)."""
        return {
            "staff_id": self.person.staff_id,
            "name": self.person.name,
            "worked_days": self.worked_days,
            "paid_hours": round2(self.paid_hours),
            "leave_hours": round2(self.leave_hours),
            "overtime_hours": round2(self.overtime_hours),
            "holiday_days_worked": self.holiday_days_worked,
            "holiday_hours": round2(self.holiday_hours),
            "holiday_premium": round2(self.holiday_premium),
            "overtime_pay": round2(self.overtime_pay),
        }


def unit_prices(problem: Problem, person: Person) -> tuple[Fraction, Fraction]:
    """(premium per statutory holiday worked, overtime pay per hour) for one person.

    >>> # unit_prices(problem, person) -> (Fraction(1000, 1), Fraction(125, 2)) for 8,000 / 24
    """
    line = pay_line(problem, Roster(problem, {}), person)
    return line.day_rate * line.holiday_multiplier, line.hour_rate * line.overtime_multiplier


def pay_line(problem: Problem, roster: Roster, person: Person) -> PayLine:
    """Classify one person's roster days and price them.

    >>> # pay_line(problem, roster, problem.staff[0]).overtime_hours -> Fraction(32, 1)
    """
    worked = hol_days = 0
    paid = hol_hours = leave = deficit = Fraction(0)
    nights: list[dt.date] = []
    for d in problem.days:
        cell = roster.cell(person.staff_id, d)
        if cell is None:
            continue
        shift = problem.shift_by_code.get(cell.code)
        if shift is not None:
            h = shift_hours(shift.paid_minutes)
            worked += 1
            paid += h
            if problem.day_types[d] == DayType.HOLIDAY:
                hol_days += 1
                hol_hours += h
            if shift.night:
                nights.append(d)
        elif cell.is_leave:
            credit, short = leave_day(problem, person, cell)
            leave += credit
            deficit += short
    pay = problem.pay
    day_rate = (exact(person.base_wage) + exact(person.performance_wage)) / exact(pay.day_divisor)
    sdh = exact(problem.rules_for(person).standard_day_hours)
    return PayLine(
        person=person,
        worked_days=worked,
        paid_hours=paid,
        leave_hours=leave,
        standard_hours=max(Fraction(0), base_standard_hours(problem, person) - deficit),
        holiday_days_worked=hol_days,
        holiday_hours=hol_hours,
        night_dates=tuple(nights),
        day_rate=day_rate,
        hour_rate=day_rate / sdh,
        holiday_multiplier=exact(pay.holiday_multiplier),
        overtime_multiplier=exact(pay.overtime_multiplier),
    )


def pay_lines(problem: Problem, roster: Roster) -> list[PayLine]:
    """One :class:`PayLine` per person, in staff.csv order."""
    return [pay_line(problem, roster, person) for person in problem.staff]


def payroll_table(problem: Problem, roster: Roster) -> pd.DataFrame:
    """The contract's payroll.csv as a DataFrame, one row per person.

    >>> # payroll_table(problem, roster).loc[0, "holiday_premium"] -> 1000.0
    """
    rows = [line.row() for line in pay_lines(problem, roster)]
    return pd.DataFrame(rows, columns=PAYROLL_COLUMNS)
