"""Rest days per month (``rest_days_per_month``, exact or [min, max]) — leave is not rest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import Rule, Term, Violation, people_with
from rostering.rules.timeline import status

if TYPE_CHECKING:
    from rostering.model import ModelContext


class RestDaysPerMonth(Rule):
    """Exactly N (or between min and max) OFF days in the period; leave days do not count."""

    def __init__(self) -> None:
        super().__init__(key="rest_days_per_month", title="rest days per month")

    def applies(self, problem: Problem) -> bool:
        return bool(people_with(problem, "rest_days_per_month"))

    def encode(self, ctx: ModelContext) -> list[Term]:
        n = len(ctx.days)
        for p, _person, _rs, (lo, hi) in people_with(ctx.problem, "rest_days_per_month"):
            leave = sum(1 for d in range(n) if (p, d) in ctx.absences)
            off = n - leave - sum(ctx.work[p, d] for d in range(n))
            ctx.model.add(off >= lo)
            ctx.model.add(off <= hi)
        return []

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        out = []
        for _p, person, _rs, (lo, hi) in people_with(problem, "rest_days_per_month"):
            off = status(roster, person.staff_id).count("O")
            if not lo <= off <= hi:
                want = str(lo) if lo == hi else f"{lo}–{hi}"
                out.append(
                    Violation(
                        self.key,
                        True,
                        f"{person.name} has {off} rest days in the period; the rule asks {want}",
                        person.staff_id,
                        (),
                        abs(off - (lo if off < lo else hi)),
                    )
                )
        return out
