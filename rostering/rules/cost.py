"""Labour cost as an objective term (``[weights].cost`` > 0): holiday premium plus overtime pay.

The penalty is ``cost × money``: a planner weighs one yuan of premium against, say, one
person-slot below target (``shortfall_target``). Money follows payroll.csv: each statutory holiday
worked costs (basic + performance) / day_divisor × holiday_multiplier; each overtime minute costs
the hourly overtime rate / 60. Overtime is measured in whole minutes against the floor of the
standard, exactly as :mod:`rules.protected` measures it, so solver and check agree to the cent.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rostering.payroll import unit_prices
from rostering.problem import DayType, Person, Problem
from rostering.roster import Roster
from rostering.rules.base import Rule, Term, Violation, coef, penalty
from rostering.rules.hours import leave_minutes
from rostering.rules.protected import counted_minutes, counted_minutes_expr, standard_minutes

if TYPE_CHECKING:
    from rostering.model import ModelContext


def _weights(problem: Problem, person: Person) -> tuple[float, float]:
    """(weight per holiday worked, weight per overtime minute): the one place both sides read."""
    premium, hourly = unit_prices(problem, person)
    w = problem.weights.cost
    return w * float(premium), w * float(hourly) / 60


def _overtime_minutes(problem: Problem, roster: Roster, person: Person) -> int:
    cap = math.floor(standard_minutes(problem, person))
    return max(0, counted_minutes(problem, roster, person) - cap)


class Cost(Rule):
    """Prefer rosters with a lower holiday premium and less overtime pay (soft)."""

    def __init__(self) -> None:
        super().__init__(key="cost", title="labour cost: holiday premium and overtime pay")

    def applies(self, problem: Problem) -> bool:
        return problem.weights.cost > 0

    def encode(self, ctx: ModelContext) -> list[Term]:
        problem = ctx.problem
        m = ctx.model
        terms: list[Term] = []
        holidays = [i for i, d in enumerate(ctx.days) if problem.day_types[d] == DayType.HOLIDAY]
        longest = max((s.paid_minutes for s in problem.shifts), default=0)
        for p, person in enumerate(problem.staff):
            w_day, w_min = _weights(problem, person)
            if coef(w_day):
                terms.extend(
                    Term(self.key, ctx.work[p, d], coef(w_day), "holiday premium", person=p)
                    for d in holidays
                )
            if not coef(w_min):
                continue
            credit, _ = leave_minutes(problem, person)
            cap = math.floor(standard_minutes(problem, person))
            top = longest * len(ctx.days) + credit
            if top <= cap:
                continue  # no roster can reach overtime
            excess = m.new_int_var(-cap, top - cap, f"ot_excess[{person.staff_id}]")
            m.add(excess == counted_minutes_expr(ctx, p) - cap)
            ot = m.new_int_var(0, top - cap, f"overtime_min[{person.staff_id}]")
            m.add_max_equality(ot, [excess, 0])
            terms.append(Term(self.key, ot, coef(w_min), "overtime pay", person=p))
        return terms

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        out = []
        for person in problem.staff:
            w_day, w_min = _weights(problem, person)
            days = [
                d
                for d in problem.days
                if problem.day_types[d] == DayType.HOLIDAY and roster.works(person.staff_id, d)
            ]
            ot = _overtime_minutes(problem, roster, person) if coef(w_min) else 0
            pen = penalty(w_day, len(days)) + penalty(w_min, ot)
            if pen:
                out.append(
                    Violation(
                        self.key,
                        False,
                        f"{person.name}: {len(days)} statutory holiday(s) worked and "
                        f"{ot / 60:.2f} h of overtime cost {pen:,.2f} (weight × money)",
                        person.staff_id,
                        tuple(days),
                        ot / 60,
                        pen,
                    )
                )
        return out
