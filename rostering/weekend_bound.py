"""A proven lower bound on the cover penalty from the caps on worked weekends.

When everybody may work only so many weekends, the weekend heads asked for can exceed the
weekend days anybody can work: each person works at most one shift a day, on at most their
``max_worked_weekends`` weekends, never on a day of leave or unavailability. Every head asked
for beyond that supply is short in *every* roster, and each short head costs at least the
cheapest shortfall weight among the weekend needs. On the Curtois–Qu benchmark this bound
(I17: 56 heads, 5,600 of the best known 5,746) is far above what CP-SAT proves in a minute, and
it is the only bound there is on the year-long instances, where no model of everyone is solved.

The argument needs each weekend need to be one shift's head count on its own day, no two needs
sharing a shift (then one person-day fills at most one head); for any other demand (time-slot
rows, overnight cover) the bound is 0 — nothing claimed.

>>> # weekend_cover_bound(problem) -> 80000: 8 heads short at weight 100, in model units
"""

from __future__ import annotations

import math

from rostering.explain_checks import absent_days
from rostering.problem import Problem
from rostering.rules.base import coef
from rostering.rules.coverage_spec import Need, needs
from rostering.rules.weekends import weekends


def _cheapest_head(n: Need, strict: bool) -> float:
    """The least a head short of ``n``'s target can cost (model units); inf when none may be."""
    costs = []
    if n.min > 0 and not strict:  # below the minimum (hard under strict cover)
        costs.append(coef(n.w_min))
    if n.target > n.min:
        costs.append(coef(n.w_target))
    return min(costs, default=math.inf)


def weekend_supply(problem: Problem) -> int:
    """The most weekend person-days the people can work: per person, the days of leave or
    unavailability left out, their ``max_worked_weekends`` weekends with the most days free."""
    wes = weekends(problem.days)
    total = 0
    for person in problem.staff:
        away = absent_days(problem, person.staff_id)
        free = sorted((sum(problem.days[d] not in away for d in we) for we in wes), reverse=True)
        cap = problem.rules_for(person).max_worked_weekends
        total += sum(free if cap is None else free[:cap])
    return total


def weekend_needs(problem: Problem) -> list[Need] | None:
    """The cover needs on weekend days with a target, when each is one shift's heads on its
    own day and no two share a shift (one person-day then fills at most one head); None for
    any other shape (time slots, overnight cover, per-skill needs on one shift).

    >>> # [n.shift for n in weekend_needs(problem)][:3] -> ['a1', 'a2', 'a3']
    """
    if not problem.days:
        return []
    weekend_days = {d for we in weekends(problem.days) for d in we}
    out: list[Need] = []
    cells: set[tuple[int, int]] = set()
    for n in needs(problem):
        day = (n.date - problem.days[0]).days
        if day not in weekend_days or n.target <= 0:
            continue
        if n.shift is None or len(n.covering) != 1 or n.covering[0][0] != day:
            return None  # a slot or overnight need: one person-day may fill several heads
        if n.covering[0] in cells:
            return None  # two needs on one shift (e.g. per skill and any skill) share people
        cells.add(n.covering[0])
        out.append(n)
    return out


def weekend_cover_bound(problem: Problem) -> int:
    """A lower bound on the objective (model units: planner units × ``SCALE``) from weekend
    heads asked for beyond :func:`weekend_supply`; 0 when that supply suffices or the demand
    is not of the shape the argument needs (see the module docstring)."""
    wanted = weekend_needs(problem)
    if not wanted:
        return 0
    asked = sum(n.target for n in wanted)
    cheapest = min(_cheapest_head(n, problem.strict_cover) for n in wanted)
    short = asked - weekend_supply(problem)
    if short <= 0 or math.isinf(cheapest):  # inf: no head may be short, the rules say so
        return 0
    return int(cheapest) * short
