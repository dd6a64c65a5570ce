"""What a payroll clerk must be told about a roster, even when every rule holds.

Warnings never stop a roster: they are printed and written to ``warnings.txt``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from rostering.calendar import provisional_years
from rostering.payroll import NATIONAL_DAY_DIVISOR, PayLine, pay_lines, period_months, round2
from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import fmt_dates

MAX_MONTHLY_OVERTIME = 36  # hours a month on average (Labour Law art. 41)


@dataclass(frozen=True)
class PayWarning:
    """One warning: a machine-readable ``kind`` and a sentence for the clerk."""

    kind: str
    message: str
    staff_id: str | None = None

    def __str__(self) -> str:
        return self.message


def _divisor(problem: Problem) -> list[PayWarning]:
    div = problem.pay.day_divisor
    if div <= NATIONAL_DAY_DIVISOR:
        return []
    less = 1 - NATIONAL_DAY_DIVISOR / div
    return [
        PayWarning(
            "day_divisor",
            f"[pay].day_divisor is {div:g}, above the national 21.75: holiday and overtime pay "
            f"come out {less:.1%} lower than with 21.75",
        )
    ]


def _overtime(problem: Problem, lines: list[PayLine]) -> list[PayWarning]:
    months = period_months(problem.days)
    if months == 0:
        return []
    out = []
    for line in lines:
        monthly = line.overtime_hours / months
        if monthly > MAX_MONTHLY_OVERTIME:
            per = "" if months == 1 else f" ({round2(monthly):g} h a month on average)"
            out.append(
                PayWarning(
                    "overtime",
                    f"{line.person.name} ({line.person.staff_id}) has "
                    f"{round2(line.overtime_hours):g} h of overtime{per}, above the "
                    f"{MAX_MONTHLY_OVERTIME} h a month the law allows on average",
                    line.person.staff_id,
                )
            )
    return out


def _protected(lines: list[PayLine]) -> list[PayWarning]:
    out = []
    for line in lines:
        p = line.person
        if not p.protected:
            continue
        if line.night_dates:
            out.append(
                PayWarning(
                    "protected_night",
                    f"{p.name} ({p.staff_id}) is protected (pregnancy ≥ 7 months or nursing) but "
                    f"works night shifts (22:00–06:00) on {fmt_dates(list(line.night_dates))}",
                    p.staff_id,
                )
            )
        if line.overtime_hours > 0:
            out.append(
                PayWarning(
                    "protected_overtime",
                    f"{p.name} ({p.staff_id}) is protected (pregnancy ≥ 7 months or nursing) but "
                    f"has {round2(line.overtime_hours):g} h of overtime",
                    p.staff_id,
                )
            )
    return out


def _calendar(problem: Problem, overridden: Collection[dt.date]) -> list[PayWarning]:
    out = []
    for year in provisional_years(problem.days, problem.period.calendar):
        n = sum(1 for d in problem.days if d.year == year and d in overridden)
        set_by = (
            f" calendar.csv sets {n} of the period's dates in {year}: make sure every statutory "
            "day, bridged rest day and make-up workday is among them."
            if n
            else " Check the day types and correct them in the scenario's calendar.csv "
            "(date,day_type,note)."
        )
        out.append(
            PayWarning(
                "provisional_calendar",
                f"The {year} holiday calendar is provisional: the official notice is not in the "
                "holidays package yet, so bridged rest days and make-up workdays are guessed."
                + set_by,
            )
        )
    return out


def payroll_warnings(
    problem: Problem,
    roster: Roster,
    lines: list[PayLine] | None = None,
    *,
    overridden: Collection[dt.date] = (),
) -> list[PayWarning]:
    """Every warning for ``roster``: day divisor above 21.75, overtime above 36 h a month,
    protected staff on nights or in overtime, provisional calendar years (``overridden``: the
    dates the scenario's calendar.csv sets).

    >>> # [str(w) for w in payroll_warnings(problem, roster)]
    """
    if lines is None:
        lines = pay_lines(problem, roster)
    return [
        *_calendar(problem, overridden),
        *_divisor(problem),
        *_overtime(problem, lines),
        *_protected(lines),
    ]


__all__ = ["MAX_MONTHLY_OVERTIME", "PayWarning", "payroll_warnings"]
