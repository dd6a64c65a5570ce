"""Placing one person against everybody else: the pieces of a roster built person by person.

When people are tied to each other only through cover (no hard minimum cover, no fairness
spread), every hard rule is one person's own: a roster that is feasible for each person alone is
feasible for the team. One person is then placed by a small problem of their own — their rules,
requests and hours — whose objective also prices each shift by what it does to cover, given the
people already placed (filling a gap earns that need's under-cover weight, going over target
costs its over-cover weight): their own CP-SAT model (:class:`_PersonModel`, also the pricing
model of :mod:`rostering.colgen`) or, on long periods, their dynamic program
(:mod:`rostering.person_dp`). :mod:`rostering.sequential` runs the passes over everyone.

>>> from rostering.construct import decomposable, person_problem
>>> if decomposable(problem):  # doctest: +SKIP
...     one = person_problem(problem, 0)
"""

from __future__ import annotations

from typing import Any

from ortools.sat.python import cp_model

from rostering.model import ModelContext, objective_terms
from rostering.person_dp import PersonDP
from rostering.price_grid import Price
from rostering.problem import Problem
from rostering.roster import (
    Cell,
    Roster,
    roster_from_shifts,
)
from rostering.rules import REGISTRY
from rostering.rules.base import evaluate

# rules that tie people together; cover is priced per person here, the others forbid the split
COUPLING = frozenset({"coverage", "fairness"})


def cover_only(problem: Problem) -> bool:
    """True when cover (soft or hard) is the only rule that ties people together.

    >>> # cover_only(problem) is False when a fairness spread applies
    """
    return not any(
        r.key in COUPLING and r.key != "coverage" and r.applies(problem) for r in REGISTRY
    )


def decomposable(problem: Problem) -> bool:
    """True when every hard rule concerns one person and only cover (soft) ties people.

    >>> from rostering.io.curtois import load_curtois
    >>> path = "../shared/benchmarks/curtois/instances/Instance1.txt"
    >>> decomposable(load_curtois(path))  # doctest: +SKIP
    True
    """
    return not problem.strict_cover and cover_only(problem)


def person_problem(problem: Problem, p: int) -> Problem:
    """The problem with only person ``p`` (their availability and history), demand kept so
    that their skill options stay the same."""
    sid = problem.staff[p].staff_id
    return problem.replace(
        staff=(problem.staff[p],),
        availability=problem.availability_of.get(sid, ()),
        history=tuple(h for h in problem.history if h.staff_id == sid),
    )


def shift_price(price: Price, d: int, s: int, k: str) -> int:
    """Price of working shift ``s`` on day ``d`` covering skill ``k``: the skill-free price
    (key skill '') plus that skill's own.

    >>> shift_price({(0, 1, ""): -5, (0, 1, "nurse"): -3}, 0, 1, "nurse")
    -8
    """
    return price.get((d, s, ""), 0) + (price.get((d, s, k), 0) if k else 0)


class _PersonModel:
    """One person's own rules as a small CP-SAT model, built once and re-solved with new cover
    prices (each pass changes only the objective and the hint)."""

    def __init__(self, problem: Problem, p: int) -> None:
        self.ctx = ModelContext(person_problem(problem, p))
        self.terms = []
        for r in REGISTRY:
            if r.key not in COUPLING and r.applies(self.ctx.problem):
                self.terms.extend(r.encode(self.ctx))
        self.own: Any = objective_terms(self.ctx, self.terms)

    def price_objective(self, price: Price, own_weight: int = 1, sign: int = 1) -> None:
        """Minimise ``own_weight`` × the person's own penalty + ``sign`` × the price of each
        shift worked; ``price`` is keyed (day, shift, skill), skill '' for any skill."""
        ctx = self.ctx
        vs, cs = [], []
        for (_p, d, s, k), var in ctx.x.items():
            c = shift_price(price, d, s, k)
            if c:
                vs.append(var)
                cs.append(sign * c)
        ctx.model.minimize(own_weight * self.own + cp_model.LinearExpr.weighted_sum(vs, cs))
        ctx.model.clear_hints()

    def solve(
        self,
        price: Price,
        limit: float,
        seed: int,
        hint: dict[tuple[int, int], str] | None,
    ) -> tuple[dict[tuple[int, int], str], int] | None:
        """({(day, shift): skill}, the person's own scaled penalty), or None if no schedule
        was found in ``limit`` seconds."""
        ctx = self.ctx
        self.price_objective(price)
        if hint is not None:
            for (_p, d, s, k), var in ctx.x.items():
                ctx.model.add_hint(var, hint.get((d, s)) == k)
        solver = cp_model.CpSolver()
        # one person's model is small; two workers (the machine's cores) find a feasible
        # schedule in milliseconds where CP-SAT's single default search can stall for seconds
        # (measured on Curtois–Qu 20–22: one-year hours bands with run limits)
        solver.parameters.num_workers = 2
        solver.parameters.random_seed = seed
        solver.parameters.max_time_in_seconds = max(0.05, limit)
        status = solver.solve(ctx.model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            # the priced objective can steer the search away from any schedule for a while:
            # ask for a feasible one alone, with the search that found one fastest on every
            # Curtois–Qu person tried (one worker, quick restarts, no LP: 0 of 6 failed in 4 s on
            # instance 22 where two default workers failed 3)
            ctx.model.clear_objective()
            solver.parameters.num_workers = 1
            solver.parameters.search_branching = cp_model.PORTFOLIO_WITH_QUICK_RESTART_SEARCH
            solver.parameters.linearization_level = 0
            solver.parameters.max_time_in_seconds = max(1.0, limit)
            status = solver.solve(ctx.model)
            ctx.model.minimize(self.own)
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                return None
        got = {(d, s): k for (_p, d, s, k), var in ctx.x.items() if solver.boolean_value(var)}
        return got, evaluate(self.terms, solver.value)[0]


class _Placer:
    """Places one person: by :class:`~rostering.person_dp.PersonDP` when ``fast`` and their
    rules allow it (a second or less on a year, where their CP-SAT model often needs more
    than the time it has), else — or when it finds no schedule — by their CP-SAT model."""

    def __init__(self, problem: Problem, p: int, fast: bool) -> None:
        self.problem, self.p = problem, p
        self.dp = PersonDP.build(person_problem(problem, p)) if fast else None
        self.model: _PersonModel | None = None

    def solve(
        self,
        price: Price,
        limit: float,
        seed: int,
        hint: dict[tuple[int, int], str] | None,
    ) -> tuple[dict[tuple[int, int], str], int] | None:
        """As :meth:`_PersonModel.solve`."""
        if self.dp is not None:
            # a few subgradient steps are enough nearly always (measured on Curtois–Qu 20–24:
            # within 0.05–0.4 % of 60 steps, in a third of the time); when they meet no
            # feasible schedule, a longer search from the multipliers reached
            found = self.dp.solve(
                price, iterations=15, stall=4, bound=False, time_limit=limit
            ) or self.dp.solve(price, bound=False, time_limit=limit)
            if found is not None:
                return found.shifts, found.own
        if self.model is None:
            self.model = _PersonModel(self.problem, self.p)
        return self.model.solve(price, limit, seed, hint)


def _roster(problem: Problem, sched: dict[int, dict[tuple[int, int], str]]) -> Roster:
    """The roster of per-person schedules, leave and unavailable days marked as such."""
    cells: dict = {}
    for p, got in sched.items():
        person = problem.staff[p]
        for (d, s), k in got.items():
            cells[person.staff_id, problem.days[d]] = Cell(problem.shifts[s].code, k)
    return roster_from_shifts(problem, cells)
