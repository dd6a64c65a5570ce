"""Who works which weekend: a plan of weekend shifts for the first person-by-person pass.

Where the caps on worked weekends leave little slack, weekend cover is decided by *which*
weekends each person spends their cap on, and a roster built one person at a time
(:mod:`rostering.sequential`) decides that greedily: a person placed early takes a weekend day
that looks short then, often a lone Saturday or Sunday that spends a whole weekend of their
cap on one day. Curtois–Qu 13's recorded roster worked 451 weekend person-days of the 482 asked
with 43 one-day weekends, where the caps and days off allow 500.

:func:`weekend_plan` solves a small CP-SAT model of the weekend days alone — one shift a day
per person, on days they are not away, within their weekend cap, per-shift-type caps, maximum
hours and forbidden Saturday→Sunday successions, the weekend needs' cover penalty as its
objective — and returns each person's planned weekend shifts. It is a relaxation (weekday
rules and all soft rules but cover are left out), used only as a bias: the first pass of
:func:`rostering.sequential.sequential_roster` pays a person a bonus for each planned shift
they take, and their own rules decide whether they can.

>>> # weekend_plan(problem, time_limit=5) -> {0: {(5, 2, ""): -20000, (6, 2, ""): -20000}, ...}
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from rostering.explain_checks import absent_days
from rostering.problem import Problem
from rostering.rules.base import coef
from rostering.rules.coverage_spec import Need
from rostering.rules.weekends import weekends
from rostering.weekend_bound import weekend_needs

# the plan's model may hold this many (person, weekend day, shift) cells: measured 5 s plans
# (2 workers) on Curtois–Qu 13 (17 k cells) reached 1,200–1,400 where its rosters' weekend
# cover cost ~3,100; on 23 (166 k) the plan (85,305) was far worse than the rosters' own weekend
# cover (18,300) and biased the pass toward it (27,902 vs 27,206)
PLAN_CELLS = 20_000
# share of the time limit the plan may take, on top of the first pass's own time
PLAN_SHARE = 1 / 12
# a planned shift is worth this many heads short of its need to the person placed
BONUS_HEADS = 2


def plan_size(problem: Problem) -> int:
    """Cells of the plan's model at most: people × weekend days × shift types.

    >>> # plan_size(load_curtois("Instance13.txt")) -> 17280 (120 people, 8 days, 18 types)
    """
    days = sum(len(we) for we in weekends(problem.days))
    return len(problem.staff) * days * len(problem.shifts)


def worth_planning(problem: Problem) -> bool:
    """Whether a weekend plan is worth its seconds: somebody's worked weekends are capped,
    the weekend needs have the simple shape (:func:`weekend_needs`) and the plan's model is
    small enough to solve well in a few seconds (``PLAN_CELLS``)."""
    capped = any(problem.rules_for(p).max_worked_weekends is not None for p in problem.staff)
    # the needs last: the only check that walks the demand of every day
    return capped and plan_size(problem) <= PLAN_CELLS and bool(weekend_needs(problem))


def plan_limit(problem: Problem, time_limit: float) -> float:
    """Seconds for a weekend plan within a solve of ``time_limit`` seconds: ``PLAN_SHARE``
    of it where :func:`worth_planning`, else 0 (no plan).

    >>> # plan_limit(load_curtois("Instance13.txt"), 60.0) -> 5.0; Instance1 -> 0.0
    """
    return PLAN_SHARE * time_limit if worth_planning(problem) else 0.0


def weekend_plan(
    problem: Problem, *, time_limit: float, seed: int = 0, workers: int = 2
) -> dict[int, dict[tuple[int, int, str], int]]:
    """Each person's planned weekend shifts as price bonuses: person index → {(day index,
    shift index, ""): bonus in model units (negative: a reward)}, the form
    :func:`rostering.construct.shift_price` reads. Empty when there is no plan (the needs'
    shape, or no solution in ``time_limit`` seconds). See the module docstring.
    """
    wanted = weekend_needs(problem)
    if not wanted:
        return {}
    m = cp_model.CpModel()
    x: dict[tuple[int, int, int], cp_model.IntVar] = {}
    by_cell = {n.covering[0]: n for n in wanted}
    heads: dict[tuple[int, int], list[cp_model.IntVar]] = {cell: [] for cell in by_cell}
    on_day: dict[int, list[tuple[int, Need]]] = {}  # day -> (shift, its need)
    for (d, s), n in by_cell.items():
        on_day.setdefault(d, []).append((s, n))
    codes = {s.code: i for i, s in enumerate(problem.shifts)}
    minutes = [s.paid_minutes for s in problem.shifts]
    wes = weekends(problem.days)
    for p, person in enumerate(problem.staff):
        rs = problem.rules_for(person)
        away = absent_days(problem, person.staff_id)
        skills = problem.coverable_skills(person)
        caps = {codes[c]: n for c, n in rs.max_shifts if c in codes}
        mine: dict[tuple[int, int], cp_model.IntVar] = {}  # (day, shift) -> x
        flags = []
        for we in wes:
            flag = m.new_bool_var(f"we{p},{we[0]}")
            flags.append(flag)
            for d in we:
                if problem.days[d] in away:
                    continue
                day = []
                for s, n in on_day.get(d, ()):
                    if caps.get(s, 1) > 0 and (not n.skill or n.skill in skills):
                        mine[d, s] = v = m.new_bool_var(f"x{p},{d},{s}")
                        m.add_implication(v, flag)
                        heads[d, s].append(v)
                        day.append(v)
                m.add_at_most_one(day)
            for a, b in rs.forbidden_successions:
                first, second = (we[0], codes.get(a, -1)), (we[0] + 1, codes.get(b, -1))
                if first in mine and second in mine:  # Saturday then Sunday
                    m.add_bool_or([mine[first].Not(), mine[second].Not()])
        if rs.max_worked_weekends is not None:
            m.add(sum(flags) <= rs.max_worked_weekends)
        for s, cap in caps.items():
            m.add(sum(v for (_d, t), v in mine.items() if t == s) <= cap)
        if person.max_hours is not None:
            worked = sum(minutes[s] * v for (_d, s), v in mine.items())
            m.add(worked <= round(person.max_hours * 60))
        x.update({(p, d, s): v for (d, s), v in mine.items()})
    terms = []
    for (d, s), n in by_cell.items():
        count = sum(heads[d, s])
        short = m.new_int_var(0, n.target, f"short{d},{s}")
        over = m.new_int_var(0, len(problem.staff), f"over{d},{s}")
        m.add(count + short - over == n.target)
        terms += [coef(n.w_target) * short, coef(n.w_over) * over]
        if n.min > 0 and n.w_min > n.w_target:  # the heads below the minimum cost more
            below = m.new_int_var(0, n.min, f"below{d},{s}")
            m.add(below >= n.min - count)
            terms.append(coef(n.w_min - n.w_target) * below)
    m.minimize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    if solver.solve(m) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}
    plan: dict[int, dict[tuple[int, int, str], int]] = {}
    for (p, d, s), v in x.items():
        if solver.value(v):
            n = by_cell[d, s]
            plan.setdefault(p, {})[d, s, ""] = -BONUS_HEADS * coef(max(n.w_min, n.w_target))
    return plan
