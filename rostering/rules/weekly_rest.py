"""Weekly rest (做六休一): at least N non-working days in every Mon–Sun week.

Partial weeks at the period's edges ask ``floor(N × days_in_period / 7)``. A leave day is a day
not worked, so it satisfies weekly rest (it is still not a rest day for the monthly count).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import Rule, Term, Violation, fmt_dates, people_with
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
        for p, _person, _rs, n in people_with(ctx.problem, "weekly_rest_days"):
            for week in weeks(ctx.days):
                need = required(n, len(week))
                if need:
                    ctx.model.add(sum(ctx.work[p, d] for d in week) <= len(week) - need)
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
