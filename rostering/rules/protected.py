"""Protected staff (staff.csv ``protected``: pregnant ≥ 7 months, nursing a baby under 1 year):
no night shifts and no overtime (Labour Law art. 61/63). Hard.

Overtime is the payroll's: paid hours on non-holiday days plus leave credits above the period's
standard hours (``[pay].overtime_threshold``, less the leave deficit). Both the encoding and the
check read leave from availability.csv via :func:`rules.hours.leave_minutes`, like the hours band.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from rostering.payroll import base_standard_hours
from rostering.problem import DayType, Person, Problem
from rostering.roster import Roster
from rostering.rules.base import Rule, Term, Violation, fmt_dates
from rostering.rules.hours import leave_minutes

if TYPE_CHECKING:
    from rostering.model import ModelContext


def standard_minutes(problem: Problem, person: Person) -> Fraction:
    """The person's standard minutes for the period, less the leave/unavailable deficit.

    >>> # standard_minutes(problem, person) -> Fraction(8640, 1) for 144 h and no leave
    """
    _credit, deficit = leave_minutes(problem, person)
    return max(Fraction(0), base_standard_hours(problem, person) * 60 - deficit)


def counted_minutes(problem: Problem, roster: Roster, person: Person) -> int:
    """Paid minutes worked on non-holiday days plus leave credits: what overtime is measured on."""
    credit, _ = leave_minutes(problem, person)
    worked = 0
    for d in problem.days:
        if problem.day_types[d] == DayType.HOLIDAY:
            continue
        s = roster.shift(person.staff_id, d)
        worked += s.paid_minutes if s is not None else 0
    return worked + credit


def counted_minutes_expr(ctx: ModelContext, p: int) -> Any:
    """The CP-SAT expression of :func:`counted_minutes` for person index ``p``."""
    problem = ctx.problem
    days = [i for i, d in enumerate(ctx.days) if problem.day_types[d] != DayType.HOLIDAY]
    credit, _ = leave_minutes(problem, problem.staff[p])
    return ctx.paid_minutes(p, days) + credit


class Protected(Rule):
    """Protected staff work no night shift (22:00–06:00) and no overtime."""

    def __init__(self) -> None:
        super().__init__(key="protected", title="protected staff: no nights, no overtime")

    def applies(self, problem: Problem) -> bool:
        return any(p.protected for p in problem.staff)

    def encode(self, ctx: ModelContext) -> list[Term]:
        nights = [s for s, sh in enumerate(ctx.problem.shifts) if sh.night]
        for p, person in enumerate(ctx.problem.staff):
            if not person.protected:
                continue
            for d in range(len(ctx.days)):
                for s in nights:
                    ctx.model.add(ctx.on_shift(p, d, s) == 0)
            # counted minutes are whole, so "≤ the exact standard" is "≤ its floor"
            cap = math.floor(standard_minutes(ctx.problem, person))
            ctx.model.add(counted_minutes_expr(ctx, p) <= cap)
        return []

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        out = []
        for person in problem.staff:
            if not person.protected:
                continue
            nights = [
                d
                for d in problem.days
                if (s := roster.shift(person.staff_id, d)) is not None and s.night
            ]
            if nights:
                out.append(
                    Violation(
                        self.key,
                        True,
                        f"{person.name} is protected and may not work nights (22:00–06:00), "
                        f"but is rostered on a night shift on {fmt_dates(nights)}",
                        person.staff_id,
                        tuple(nights),
                        len(nights),
                    )
                )
            over = counted_minutes(problem, roster, person) - standard_minutes(problem, person)
            if over > 0:
                out.append(
                    Violation(
                        self.key,
                        True,
                        f"{person.name} is protected and may not work overtime, but has "
                        f"{float(over) / 60:.2f} h above the standard "
                        f"{float(standard_minutes(problem, person)) / 60:.2f} h",
                        person.staff_id,
                        (),
                        float(over) / 60,
                    )
                )
        return out
