"""A first roster built one person at a time: fast where one CP-SAT model of everyone is slow.

When people are tied to each other only through cover (no hard minimum cover, no fairness
spread), every hard rule is one person's own: a roster that is feasible for each person alone is
feasible for the team. :func:`sequential_roster` then solves a small model per person — their own
rules, requests and hours — whose objective also prices each shift by what it does to cover,
given the people already placed (filling a gap earns that need's under-cover weight, going over
target costs its over-cover weight). The roster is greedy, not optimal; it is a starting point
(a complete hint) for the full search or :mod:`rostering.lns`, or, run for the whole time by
:func:`solve_by_person`, the roster itself. On the year-long Curtois–Qu
instances one model of everyone takes CP-SAT minutes to find any roster, while each person alone
solves in a fraction of a second.

>>> from rostering.construct import decomposable, sequential_roster
>>> if decomposable(problem):  # doctest: +SKIP
...     roster = sequential_roster(problem, time_limit=10)
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from ortools.sat.python import cp_model

from rostering.check import check, hard_violations, penalties
from rostering.model import ModelContext, objective_terms
from rostering.person_dp import PersonDP
from rostering.problem import Problem
from rostering.roster import (
    Cell,
    Roster,
    roster_from_shifts,
)
from rostering.rules import REGISTRY
from rostering.rules.base import SCALE, coef, evaluate
from rostering.rules.coverage_spec import HeadCounter, Need, need_gaps, needs
from rostering.solve import Progress, Result

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
        availability=tuple(a for a in problem.availability if a.staff_id == sid),
        history=tuple(h for h in problem.history if h.staff_id == sid),
    )


def shift_price(price: dict[tuple[int, int, str], int], d: int, s: int, k: str) -> int:
    """Price of working shift ``s`` on day ``d`` covering skill ``k``: the skill-free price
    (key skill '') plus that skill's own.

    >>> shift_price({(0, 1, ""): -5, (0, 1, "nurse"): -3}, 0, 1, "nurse")
    -8
    """
    return price.get((d, s, ""), 0) + (price.get((d, s, k), 0) if k else 0)


def _cover_price(n: Need, have: int) -> int:
    """Change in the scaled cover penalty of need ``n`` when one more head joins ``have``."""

    def pen(c: int) -> int:
        u1, u2, o = need_gaps(n, c)
        return coef(n.w_min) * u1 + coef(n.w_target) * u2 + coef(n.w_over) * o

    return pen(have + 1) - pen(have)


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

    def price_objective(
        self, price: dict[tuple[int, int, str], int], own_weight: int = 1, sign: int = 1
    ) -> None:
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
        price: dict[tuple[int, int, str], int],
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
        price: dict[tuple[int, int, str], int],
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


def _prices(all_needs: tuple[Need, ...], have: list[int]) -> dict[tuple[int, int, str], int]:
    """Cover price of one more head on each (day, shift, skill), given ``have``."""
    price: dict[tuple[int, int, str], int] = defaultdict(int)
    for n, h in zip(all_needs, have, strict=True):
        c = _cover_price(n, h)
        if c:
            for d, s in n.covering:
                price[d, s, n.skill] += c
    return price


def _priced(
    got: tuple[dict[tuple[int, int], str], int], price: dict[tuple[int, int, str], int]
) -> int:
    """A schedule's own penalty plus the cover price of its shifts (what a placement
    minimises): a re-placement is kept only when this drops, so passes never lose ground."""
    shifts, own = got
    return own + sum(shift_price(price, d, s, k) for (d, s), k in shifts.items())


def _cover_penalty(all_needs: tuple[Need, ...], have: list[int]) -> int:
    total = 0
    for n, h in zip(all_needs, have, strict=True):
        u1, u2, o = need_gaps(n, h)
        total += coef(n.w_min) * u1 + coef(n.w_target) * u2 + coef(n.w_over) * o
    return total


def sequential_roster(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    on_improve: Callable[[int], None] | None = None,
    fast: bool = False,
) -> Roster | None:
    """A roster placing one person after another (see the module docstring); None when some
    person has no feasible schedule of their own in the time given, or the problem is not
    :func:`decomposable`.

    The people are taken in a seeded random order; the first pass places everyone within half
    of ``time_limit``. Further passes, while time is left, re-solve each person against
    everybody else's current shifts (the first people were placed knowing nobody else),
    keeping a schedule unless the new one is better; once a whole pass changes nothing, a few
    people at a time are taken out and placed again in another order (ruin and recreate),
    kept unless worse. The best roster seen is returned. ``on_improve`` hears the scaled
    objective (planner units × ``SCALE``) of each better complete roster. ``fast`` places
    people by dynamic program where their rules allow (:mod:`rostering.person_dp`).
    """
    if not decomposable(problem):
        return None
    return _Sequential(problem, seed, on_improve, fast).run(time_limit)


class _Sequential:
    """The state of :func:`sequential_roster`: everyone's schedule and the heads on each need."""

    def __init__(
        self,
        problem: Problem,
        seed: int,
        on_improve: Callable[[int], None] | None,
        fast: bool,
    ) -> None:
        self.problem, self.seed, self.on_improve, self.fast = problem, seed, on_improve, fast
        self.needs = needs(problem)
        self.have = [0] * len(self.needs)
        self.counter = HeadCounter(self.needs)  # to update ``have`` after each person
        self.models: dict[int, _Placer] = {}
        self.sched: dict[int, dict[tuple[int, int], str]] = {}
        self.own: dict[int, int] = {}
        self.best: tuple[int, dict[int, dict[tuple[int, int], str]]] | None = None
        self.rng = random.Random(seed)

    def add(self, p: int, sign: int) -> None:
        """Count person ``p``'s current schedule in (+1) or out (−1) of the heads."""
        for i, a in self.counter.heads(self.sched[p]).items():
            self.have[i] += sign * a

    def place(self, p: int, limit: float, keep: bool) -> bool:
        """Give ``p`` (counted out) their best schedule against everybody else; with ``keep``,
        their current one stays unless the new one is strictly better. False when ``p`` has no
        schedule at all."""
        if p not in self.models:
            self.models[p] = _Placer(self.problem, p, self.fast)
        price = _prices(self.needs, self.have)
        current = (self.sched[p], self.own[p]) if p in self.sched else None
        got = self.models[p].solve(price, limit, self.seed, self.sched.get(p))
        if current is not None and (
            got is None or (keep and _priced(got, price) >= _priced(current, price))
        ):
            got = current
        if got is None:
            return False
        self.sched[p], self.own[p] = got
        self.add(p, 1)
        return True

    def total(self) -> int:
        """The roster's objective (scaled): everyone's own penalty plus the cover penalty."""
        return sum(self.own.values()) + _cover_penalty(self.needs, self.have)

    def record(self) -> int:
        """Keep the roster when it is the best yet; its total."""
        total = self.total()
        if self.best is None or total < self.best[0]:
            self.best = (total, {q: dict(v) for q, v in self.sched.items()})
            if self.on_improve is not None:
                self.on_improve(total)
        return total

    def run(self, time_limit: float) -> Roster | None:
        """Passes until one changes nothing, then ruin-and-recreate; the best roster seen."""
        t0 = time.perf_counter()
        order = list(range(len(self.problem.staff)))
        self.rng.shuffle(order)
        first_pass = time_limit / 2
        per_person = first_pass / len(order)
        for done, p in enumerate(order):  # first pass: share what is left of its half evenly
            limit = (first_pass - (time.perf_counter() - t0)) / (len(order) - done)
            if not self.place(p, limit, keep=False):
                return None
        current = self.record()
        stuck = False
        while True:
            if not stuck:  # a pass: each person against everybody else's current shifts
                before = current
                for p in order:
                    if time.perf_counter() - t0 + per_person > time_limit:
                        return self.roster()
                    self.add(p, -1)
                    self.place(p, per_person, keep=True)
                    current = self.record()  # the time may end mid-pass
                stuck = current >= before
                continue
            if time.perf_counter() - t0 + 3 * per_person > time_limit:
                return self.roster()
            current = self.ruin(order, per_person, current)

    def ruin(self, order: list[int], limit: float, current: int) -> int:
        """Take a few people out and place them again in another order (escapes a roster no
        single re-placement improves); kept unless it is worse. Returns the total."""
        group = self.rng.sample(order, min(len(order), max(2, len(order) // 10)))
        saved = {q: (self.sched[q], self.own[q]) for q in group}
        for q in group:
            self.add(q, -1)
        for q in group:
            del self.sched[q]
        for q in group:
            if not self.place(q, limit, keep=False):
                self.sched[q], self.own[q] = saved[q]
                self.add(q, 1)
        total = self.record()
        if total <= current:
            return total
        for q in group:  # worse: put the group back
            self.add(q, -1)
            self.sched[q], self.own[q] = saved[q]
            self.add(q, 1)
        return current

    def roster(self) -> Roster:
        assert self.best is not None
        return _roster(self.problem, self.best[1])


def solve_by_person(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    seed: int = 0,
    on_progress: Callable[[Progress], None] | None = None,
) -> Result:
    """A :class:`Result` from :func:`sequential_roster` run for the whole time: no model of
    everyone, so no proven bound (``None``); objective and penalties are the product check's.
    ``rostering.lns`` uses it for long periods.

    >>> result = solve_by_person(problem, time_limit=60)  # doctest: +SKIP
    >>> result.bound is None  # doctest: +SKIP
    True
    """
    t0 = time.perf_counter()
    log: list[Progress] = []

    def heard(scaled: int) -> None:
        p = Progress(time.perf_counter() - t0, scaled / SCALE, 0.0)
        log.append(p)
        if on_progress is not None:
            on_progress(p)

    # keep a little time for reading the roster back and checking it
    roster = sequential_roster(
        problem,
        time_limit=max(0.5, 0.97 * time_limit),
        seed=seed,
        on_improve=heard,
        fast=True,
    )
    if roster is None:
        return Result("UNKNOWN", None, None, time.perf_counter() - t0)
    violations = check(problem, roster)
    pens = penalties(violations)
    if hard_violations(violations):  # cannot happen: each person's model holds their rules
        raise RuntimeError("person-by-person roster breaks a hard rule")
    return Result(
        status="FEASIBLE",
        objective=sum(pens.values()),
        bound=None,
        runtime=time.perf_counter() - t0,
        penalties=pens,
        roster=roster,
        first_solution_time=log[0].elapsed if log else None,
        progress=log,
    )


def _roster(problem: Problem, sched: dict[int, dict[tuple[int, int], str]]) -> Roster:
    """The roster of per-person schedules, leave and unavailable days marked as such."""
    cells: dict = {}
    for p, got in sched.items():
        person = problem.staff[p]
        for (d, s), k in got.items():
            cells[person.staff_id, problem.days[d]] = Cell(problem.shifts[s].code, k)
    return roster_from_shifts(problem, cells)
