"""Column generation: a proven lower bound, and a pool of schedules, when only cover ties people.

When only cover ties people together (:func:`rostering.construct.cover_only`: no fairness
spread), the roster is one schedule per person,
chosen so that the people's own penalties plus the cover penalty are least. The linear
relaxation of that choice over *all* schedules (a set-partitioning master, one convexity row per
person, one cover row per need) is far tighter than the relaxation of the assignment model
CP-SAT bounds with: on Curtois–Qu 5 CP-SAT's root bound is 1 where the optimum is 1143.

The master is solved with GLOP over the schedules found so far; its duals price every shift;
each person's own CP-SAT model (:class:`rostering.construct._PersonModel`, their rules only)
then finds the schedule of least reduced cost. Whatever the duals, the Lagrangian value
``Σ_person min_schedule(reduced cost) + Σ_need (its dual terms)`` is a valid lower bound
(with the duals rounded to the integer prices the person models use, and each person's CP-SAT
bound in place of their minimum when a pricing solve times out), so the bound reported is proven
at every round, not only at convergence. A *dive* then turns the relaxation into a roster:
it fixes the people whose schedules the LP weighs most, re-prices the rest, and repeats.

People alike in every rule (:func:`rostering.colgen_master.groups`) share one pricing model
and one convexity row, so a team of 400 interchangeable agents is priced once per round. A hard
minimum cover is relaxed to a very heavy soft one: the bound still holds, but the dive is then
skipped (its roster could fall short of a minimum). The master LP and its cover rows live in
:mod:`rostering.colgen_master`.

>>> from rostering.colgen import column_generation
>>> cg = column_generation(problem, time_limit=20)  # doctest: +SKIP
>>> cg.bound <= 1143  # doctest: +SKIP
True
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from rostering.colgen_master import MasterLP, cover_rows, groups
from rostering.construct import _PersonModel, _roster
from rostering.lagrange_cut import LagrangeCut
from rostering.lanes import Lanes
from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import SCALE, evaluate
from rostering.rules.coverage_spec import HeadCounter

Schedule = dict[tuple[int, int], str]  # (day, shift) -> skill covered ('' for none)

# duals are rounded to multiples of 1 / DUAL_UNIT so person models keep integer objectives; the
# bound is computed with the rounded duals themselves, so rounding costs tightness, not validity
DUAL_UNIT = 64
PRICING_LIMIT = 2.0  # seconds for one person's pricing solve, at most
DIVE_ROUNDS = 3  # pricing rounds after each fix of the dive
DIVE_FRACTION = 0.1  # share of the people not yet fixed that each step of the dive fixes
MAX_COLUMNS = 3  # columns a pricing solve may add per round: its best and the last improving
SMOOTHING = 0.5  # weight of the best bound's duals in the duals priced at (0: none)


@dataclass
class ColumnGeneration:
    """What :func:`column_generation` found: the bound (planner units) and the schedule pool."""

    bound: float
    lp_value: float
    rounds: int
    converged: bool
    pool: list[list[tuple[Schedule, int]]]  # per group: (schedule, own scaled penalty)
    history: list[tuple[float, float]] = field(default_factory=list)  # (elapsed, bound)
    roster: Roster | None = None  # the dive's roster, when one was asked for and found
    cut: LagrangeCut | None = None  # the best bound as rows for the model of everyone


class _Pricer:
    """One person's model, solved for the schedule of least reduced cost."""

    def __init__(self, problem: Problem, p: int) -> None:
        self.base = _PersonModel(problem, p)

    def price(
        self, cell_price: dict[tuple[int, int, str], int], limit: float, seed: int
    ) -> tuple[list[tuple[Schedule, int]], bool, float]:
        """(the schedules found, best last, each with its own scaled penalty; whether the best is
        proven least; the proven bound on the priced value, in 1 / DUAL_UNIT scaled units)."""
        self.base.price_objective(cell_price, own_weight=DUAL_UNIT, sign=-1)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        solver.parameters.max_time_in_seconds = max(0.05, limit)
        # the search's improving schedules on the way to the best are columns too: more of
        # them per round, fewer rounds
        found = _Found(self.base)
        status = solver.solve(self.base.ctx.model, found)
        bound = solver.best_objective_bound
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            # infeasible (the person's own rules cannot hold: the run stops, claiming nothing)
            # or no schedule in time (the response's bound may be a mere default): trust none
            return found.schedules, False, -math.inf
        return found.schedules, status == cp_model.OPTIMAL, bound


class _Found(cp_model.CpSolverSolutionCallback):
    """Collects each improving schedule of one person's pricing solve."""

    def __init__(self, base: _PersonModel) -> None:
        super().__init__()
        self.base = base
        self.schedules: list[tuple[Schedule, int]] = []

    def on_solution_callback(self) -> None:
        x = self.base.ctx.x
        got = {(d, s): k for (_p, d, s, k), var in x.items() if self.boolean_value(var)}
        self.schedules.append((got, evaluate(self.base.terms, self.value)[0]))


class _ColumnGeneration:
    """The state of one run: master LP, pricers, pool, best bound so far.

    The units priced are groups of interchangeable people (``groups``): one pricing solve
    and one convexity row per group, whose schedules are taken as many times as it has people.
    """

    def __init__(
        self, problem: Problem, seed: int, workers: int, lanes: Lanes | None = None
    ) -> None:
        self.cn = cover_rows(problem)
        self.members = groups(problem)
        self.people = len(self.members)
        self.seed = seed
        self.workers = max(1, workers)
        self.incidence = HeadCounter([c.need for c in self.cn]).heads
        self.master = MasterLP([len(m) for m in self.members], self.cn)
        # with ``lanes``, each group's first person is priced by placement there (dynamic
        # program where their rules allow): fast, but proving nothing, so no bound is claimed
        self.lanes = lanes
        self.pricers = [] if lanes is not None else [_Pricer(problem, m[0]) for m in self.members]
        self.pool: list[list[tuple[Schedule, int]]] = [[] for _ in range(self.people)]
        self.seen: list[set[tuple]] = [set() for _ in range(self.people)]
        # first duals: every need's under-cover weight (people want to work where cover is short)
        self.alpha = [float(c.w_min) if c.under_row else 0.0 for c in self.cn]
        self.beta = [0.0] * len(self.cn)
        self.pi = [-math.inf] * self.people
        self.lp_value = math.inf
        self.best = -math.inf  # best Lagrangian bound, scaled units
        self.rounds = 0
        self.fixed: dict[int, int] = {}  # person -> pooled schedule fixed by the dive
        self.centre = (self.alpha, self.beta)  # the duals of the best bound (smoothing centre)
        self.cut: LagrangeCut | None = None  # the prices and floors that prove the best bound

    def add(self, p: int, sched: Schedule, own: int, inc: dict[int, int]) -> bool:
        """Pool a schedule (and give the master its column, ``inc`` its
        ``incidence``) unless it is already there."""
        key = tuple(sorted(sched.items()))
        if key in self.seen[p]:
            return False
        self.seen[p].add(key)
        self.pool[p].append((sched, own))
        self.master.add(p, own, inc)
        return True

    def price_round(
        self,
        ex: ThreadPoolExecutor | None,
        limit: float,
        alpha: list[float],
        beta: list[float],
    ) -> tuple[int, bool]:
        """Price every person not fixed at duals ``alpha``/``beta``: (columns added — those of
        negative reduced cost at the master's own duals —, every pricing solved to optimality).
        Raises the bound when no person is fixed."""
        a_r = [round(a * DUAL_UNIT) for a in alpha]
        b_r = [round(b * DUAL_UNIT) for b in beta]
        cell_price: dict[tuple[int, int, str], int] = defaultdict(int)
        for i, c in enumerate(self.cn):
            d_i = a_r[i] - b_r[i]
            if d_i:  # keyed as _PersonModel.price_objective reads it ('' for any skill)
                for d, s in c.need.covering:
                    cell_price[d, s, c.need.skill] += d_i
        todo = [p for p in range(self.people) if p not in self.fixed]
        seed = self.seed + self.rounds
        if self.lanes is not None:
            answers = self._placed(todo, cell_price, limit, seed)
        else:
            assert ex is not None, "CP-SAT pricing runs in the executor"
            jobs = [ex.submit(self.pricers[p].price, cell_price, limit, seed) for p in todo]
            answers = [j.result() for j in jobs]
        self.rounds += 1
        if not self.fixed:  # the Lagrangian bound at these (rounded) duals
            cut = LagrangeCut(
                dict(cell_price),
                [b for _s, _o, b in answers],
                self.members,
                sum(
                    c.lagrange(a_r[i] / DUAL_UNIT, b_r[i] / DUAL_UNIT)
                    for i, c in enumerate(self.cn)
                ),
                DUAL_UNIT,
            )
            lag = cut.bound
            if lag > self.best:
                self.best, self.centre, self.cut = lag, (alpha, beta), cut
        added = 0
        for p, (scheds, _opt, _b) in zip(todo, answers, strict=True):
            for sched, own in scheds[-MAX_COLUMNS:]:
                # a column enters when its reduced cost at the master's duals is negative (or
                # the person has none yet)
                inc = self.incidence(sched)
                rc = (
                    own
                    - self.pi[p]
                    - sum(a * (self.alpha[i] - self.beta[i]) for i, a in inc.items())
                )
                if (not self.pool[p] or rc < -1e-6) and self.add(p, sched, own, inc):
                    added += 1
        return added, all(opt for _s, opt, _b in answers)

    def _placed(
        self, todo: list[int], cell_price: dict[tuple[int, int, str], int], limit: float, seed: int
    ) -> list[tuple[list[tuple[Schedule, int]], bool, float]]:
        """Price groups ``todo`` by placement in the lanes, as :meth:`_Pricer.price` answers
        but claiming no optimality and no bound."""
        assert self.lanes is not None
        # a placement minimises own + price in scaled units; the pricing problem is
        # DUAL_UNIT × own − cell_price, so the price is −cell_price / DUAL_UNIT (rounding
        # costs at most half a scaled unit per shift: columns, not bounds, come from here)
        price = {k: -round(v / DUAL_UNIT) for k, v in cell_price.items()}
        firsts = [self.members[g][0] for g in todo]
        got = self.lanes.place_all(firsts, price, limit, seed)
        return [([a] if (a := got[p]) is not None else [], False, -math.inf) for p in firsts]

    def solve_master(self) -> None:
        self.lp_value, self.pi, self.alpha, self.beta = self.master.solve()

    def converge(
        self,
        ex: ThreadPoolExecutor | None,
        deadline: float,
        max_rounds: int,
        after_round: Callable[[], bool] | None = None,
    ) -> bool:
        """Price and re-solve the master until no column enters (True: the master LP is
        optimal over all schedules), the deadline, or ``max_rounds``.

        Duals are smoothed towards those of the best bound so far (Wentges): the master's raw
        duals swing from round to round and the bound with them. When a smoothed round finds no
        column the next is priced at the raw duals; only that one finding none proves the LP.
        """
        smooth = SMOOTHING
        for _ in range(max_rounds):
            left = deadline - time.perf_counter()
            if left <= 0.05:
                return False
            todo = self.people - len(self.fixed)
            limit = min(PRICING_LIMIT, max(0.05, left / max(1, todo) * self.workers))
            if self.fixed or self.lp_value == math.inf:
                smooth = 0.0
            ca, cb = self.centre
            alpha = [smooth * c + (1 - smooth) * a for c, a in zip(ca, self.alpha, strict=True)]
            beta = [smooth * c + (1 - smooth) * b for c, b in zip(cb, self.beta, strict=True)]
            added, exact = self.price_round(ex, limit, alpha, beta)
            if after_round is not None and after_round():
                return False  # the caller gives up
            if any(not pl for pl in self.pool):
                return False  # somebody has no schedule at all: no master to solve
            if added == 0 and self.lp_value < math.inf:
                if smooth == 0.0:
                    return exact
                smooth = 0.0  # mispriced: look at the master's own duals
                continue
            smooth = SMOOTHING
            self.solve_master()
        return False

    def dive(self, ex: ThreadPoolExecutor, deadline: float) -> dict[int, Schedule]:
        """Fix people one group at a time to the schedule the master LP weighs most, re-pricing
        the rest a few rounds after each fix: a roster steered by the relaxation.

        Each step fixes at least a tenth of the people left, more when the time left would not
        last at the pace so far (a step costs about as much as the people it re-prices); at
        the deadline everyone left takes their heaviest schedule at once.
        """
        spent = priced = 0.0  # seconds of dive steps so far, and the people they re-priced
        while len(self.fixed) < self.people:
            now = time.perf_counter()
            left_people = self.people - len(self.fixed)
            fraction = DIVE_FRACTION
            if priced and now < deadline:
                # fixing a share f each step re-prices about left_people / f people in all
                fraction = max(fraction, spent / priced * left_people / (deadline - now))
            if now >= deadline:
                fraction = 1.0
            weights = self.master.weights()
            free = [
                (w, p, j)
                for p, cols in enumerate(weights)
                if p not in self.fixed
                for j, w in enumerate(cols)
            ]
            free.sort(reverse=True)
            # the heaviest schedules first, and every schedule the LP already takes whole
            group: dict[int, int] = {}
            want = max(1, math.ceil(min(1.0, fraction) * left_people))
            for w, p, j in free:
                if p in group:
                    continue
                if len(group) >= want and w < 1 - 1e-6:
                    break
                group[p] = j
            for p, j in group.items():
                self.fixed[p] = j
                self.master.fix(p, j)
            if len(self.fixed) == self.people:
                break
            self.solve_master()
            self.converge(ex, deadline, DIVE_ROUNDS)
            spent += time.perf_counter() - now
            priced += left_people - len(group)
        return {p: self.pool[p][j][0] for p, j in self.fixed.items()}


def column_generation(
    problem: Problem,
    *,
    time_limit: float = 20.0,
    seed: int = 0,
    workers: int = 2,
    dive_limit: float = 0.0,
    give_up: float | None = None,
    on_bound: Callable[[float], None] | None = None,
) -> ColumnGeneration:
    """Run column generation for up to ``time_limit`` seconds (see the module docstring), then,
    with ``dive_limit`` > 0 seconds, dive for a roster. With ``give_up`` (a share of
    ``time_limit``), a run whose bound is still not positive by then stops: its time is better
    spent searching for rosters.

    The problem must be :func:`rostering.construct.cover_only`; the bound is in planner units.
    """
    t0 = time.perf_counter()
    cg = _ColumnGeneration(problem, seed, workers)
    history: list[tuple[float, float]] = []
    with ThreadPoolExecutor(max_workers=cg.workers) as ex:
        deadline = t0 + time_limit
        last = [cg.best]

        def heard() -> bool:
            if cg.best > last[0]:
                last[0] = cg.best
                history.append((time.perf_counter() - t0, cg.best / SCALE))
                if on_bound is not None:
                    on_bound(cg.best / SCALE)
            late = give_up is not None and time.perf_counter() - t0 > give_up * time_limit
            return late and cg.best <= 0

        converged = cg.converge(ex, deadline, 1_000_000, heard)
        bound = max(0.0, cg.best / SCALE)
        lp_value = cg.lp_value / SCALE
        dived = None
        # the dive fixes one person at a time, and its roster must meet every hard rule
        singles = all(len(m) == 1 for m in cg.members)
        if dive_limit > 0 and all(cg.pool) and singles and not problem.strict_cover:
            dived = cg.dive(ex, time.perf_counter() + dive_limit)
    roster = None
    if dived is not None:
        roster = _roster(problem, {cg.members[g][0]: sched for g, sched in dived.items()})
    return ColumnGeneration(bound, lp_value, cg.rounds, converged, cg.pool, history, roster, cg.cut)


def model_bound(model: cp_model.CpModel, bound: float) -> int:
    """A bound in planner units as a bound on ``model``'s scaled objective, rounded up to its
    granularity: every objective value is the model's offset plus a multiple of the gcd of its
    coefficients.

    >>> m = cp_model.CpModel(); a, b = m.new_bool_var("a"), m.new_bool_var("b")
    >>> m.minimize(200 * a + 300 * b + 100)
    >>> model_bound(m, 1.5)  # 150 scaled: the least value at or above it is 200
    200
    """
    obj = model.proto.objective
    offset = round(obj.offset)
    step = math.gcd(*(abs(c) for c in obj.coeffs)) or 1
    if offset != obj.offset:
        offset, step = 0, 1
    # a hair below the float bound: LP arithmetic must not round a bound up past a value
    return offset + step * math.ceil((bound * SCALE - 1e-6 - offset) / step)
