"""Weekly rest (做六休一): at least N non-working days in every Mon–Sun week.

Partial weeks at the period's edges ask ``floor(N × days_in_period / 7)``. A leave day is a day
not worked, so it satisfies weekly rest (it is still not a rest day for the monthly count).

The solver goes further whenever it safely can: it keeps the required days as real rest days
(``OFF``, not leave) in every week that has enough days free of leave, so its rosters also meet
the stricter reading "N rest days a week, leave aside". It falls back to the rule above only for
a person on a work–rest cycle whose leave leaves no phase with such rest days.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import Rule, Term, Violation, fmt_dates, people_with
from rostering.rules.cycle import history_fit, on_day
from rostering.rules.timeline import status, weeks

if TYPE_CHECKING:
    from rostering.model import ModelContext


def required(n: int, days_in_week: int) -> int:
    """Rest days asked of a (possibly partial) week.

    >>> required(1, 7), required(1, 3), required(2, 4)
    (1, 0, 1)
    """
    return n * days_in_week // 7


class WeeklyRest(Rule):
    """At least ``weekly_rest_days`` days without work in every Mon–Sun week."""

    def __init__(self) -> None:
        super().__init__(key="weekly_rest_days", title="rest days every week")

    def applies(self, problem: Problem) -> bool:
        return bool(people_with(problem, "weekly_rest_days"))

    def encode(self, ctx: ModelContext) -> list[Term]:
        for p, person, rs, n in people_with(ctx.problem, "weekly_rest_days"):
            absent = {d for d in range(len(ctx.days)) if (p, d) in ctx.absences}
            strict = _strict_fits(ctx.problem, person.staff_id, rs.work_rest_cycle, n, absent)
            for week in weeks(ctx.days):
                need = required(n, len(week))
                if not need:
                    continue
                # strict: the rest days are OFF days among the days free of leave
                free = len(week) - len(absent.intersection(week)) if strict else len(week)
                ctx.model.add(sum(ctx.work[p, d] for d in week) <= max(0, free - need))
        return []

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        out = []
        for _p, person, _rs, n in people_with(problem, "weekly_rest_days"):
            st = status(roster, person.staff_id)
            for week in weeks(problem.days):
                need = required(n, len(week))
                free = sum(1 for d in week if st[d] != "W")
                if free < need:
                    dates = [problem.days[d] for d in week]
                    out.append(
                        Violation(
                            self.key,
                            True,
                            f"{person.name} rests {free} day(s) in the week {fmt_dates(dates)}; "
                            f"at least {need} required",
                            person.staff_id,
                            tuple(dates),
                            need - free,
                        )
                    )
        return out


def _strict_fits(
    problem: Problem, staff_id: str, cycle: tuple[int, int] | None, n: int, absent: set[int]
) -> bool:
    """Whether rest days can be kept off leave for this person: always, unless a work–rest
    cycle (which fixes every day once its phase is chosen) has no phase that allows it."""
    if cycle is None:
        return True
    on, off = cycle
    fits = history_fit(problem, staff_id, on, off)
    days = problem.days
    for r in range(on + off):
        if not all(on_day(i, r, on, off) == w for i, w in fits):
            continue
        ok = True
        for week in weeks(days):
            free = [d for d in week if d not in absent]
            rest = sum(1 for d in free if not on_day(d, r, on, off))
            if rest < min(required(n, len(week)), len(free)):
                ok = False
                break
        if ok:
            return True
    return False
