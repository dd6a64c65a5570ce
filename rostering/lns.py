"""Large-neighbourhood search (LNS) around the CP-SAT model: better rosters within a time limit.

With two cores CP-SAT's own portfolio gives its LNS workers only a slice of one thread. Here the
model is built once; a first full solve gives a roster and the proven lower bound; then, until
the time is up, a *neighbourhood* — everybody over a window of days, everybody over two distant
windows, a block of people × days, or some people over two weekends (``SEARCH_KINDS``: a few
people over the whole period, the fifth kind, paid too little to be drawn here); windows and
weekends are centred half the time on a day short of cover — is freed,
every other assignment is fixed to the best roster so far, and CP-SAT re-optimises that small
problem (one thread each, ``workers`` of them side by side, presolve off), starting from the
current roster (a complete hint). An improvement (or an equal roster: a sideways move) becomes
the current roster. Each kind of neighbourhood grows after a sub-problem is solved to optimality
and shrinks after a timeout, so its size settles where CP-SAT can still close it; on wide
models (``FAST_START_VARS``) the kind itself is drawn mostly by its recent gain
(``WIDE_EXPLORE``). Unlike :func:`rostering.solve.solve` the result depends on timing
(threads, wall clock), not only on the seed.

Where people are tied only by cover (:func:`rostering.construct.decomposable`), column
generation over whole schedules (:mod:`rostering.colgen`) first gives a proven lower bound far
above CP-SAT's and a roster dived from its relaxation, from which the LNS starts (small models
first get a CP-SAT solve of everyone from it, which can close the gap); when the dive has no
roster in its time, large models start from a roster built person by person
(:mod:`rostering.sequential`) instead of waiting for CP-SAT's first roster of everyone — by
dynamic program from a quarter year on (measured trade-offs at ``BOUND_SHARE``,
``CONSTRUCT_FROM`` and ``FAST_START_FROM``), its first pass led by a plan of who works which
weekend where worked weekends are capped (:mod:`rostering.weekend_plan`). Above
``COLGEN_UP_TO`` person-days, where pricing each person exactly would fill the time, the
relaxation is priced by placing people instead and rounded to the start roster
(:mod:`rostering.colgen_round`; no bound comes of it), with the person-by-person roster only
as the fallback. Long periods (half a year and more) go to :mod:`rostering.long_period`:
person by person until that stalls, then LNS from its roster.

Where the caps on worked weekends leave weekend heads no roster can cover
(:mod:`rostering.weekend_bound`), their cost is a bound too — the only one on long periods.

The rounds themselves (neighbourhoods, sub-problems) are in :mod:`rostering.neighbourhood`,
run to a result by :mod:`rostering.lns_search`.
Nothing here knows a rule: the sub-problems are the product's own model with some variables
fixed, so every roster found satisfies every hard rule and its objective is the planner's.

>>> from rostering.lns import solve_lns
>>> result = solve_lns(problem, time_limit=20)  # doctest: +SKIP
>>> result.objective <= result.progress[0].objective  # doctest: +SKIP
True
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from ortools.sat.python import cp_model

from rostering import long_period
from rostering.colgen import column_generation, model_bound
from rostering.colgen_round import lp_roster
from rostering.construct import decomposable
from rostering.lagrange_cut import add_cut
from rostering.lns_search import search_from, sub_time
from rostering.model import ModelContext, full_hint
from rostering.model_values import objective_of, values_of
from rostering.neighbourhood import SEARCH_KINDS, NeighbourhoodSearch, cp_solver
from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import Term
from rostering.sequential import sequential_roster
from rostering.solve import Progress, Result, build
from rostering.weekend_bound import weekend_cover_bound
from rostering.weekend_plan import plan_limit

# share of the time limit given to the first full solve (roster + lower bound); when it has no
# roster by then it goes on only until its first one, so LNS rounds start as early as possible
FIRST_SHARE = 0.1
# from this many assignment variables on, a problem whose people are tied only by cover gets a
# first roster built person by person (rostering.sequential), at most CONSTRUCT_SHARE of the time,
# as a complete hint for the first solve. Measured at 60 s, with vs without (Curtois–Qu,
# assignment variables in brackets): 12 [16.8 k] 4923 vs 5053, 15 [11.3 k] 5258 vs 6189,
# 17 [7.2 k] 6899 vs 7197, 14 [5.4 k] 1609 vs 1622, but 8 [3.4 k] 2030 vs 1738 and
# 5 [0.9 k] 1347 vs 1245: small models find good rosters of everyone faster
CONSTRUCT_FROM = 7_000
CONSTRUCT_SHARE = 0.2
# from this many days on (a quarter year), the start is built by dynamic program
# (rostering.person_dp) whatever the model's size, then LNS: measured at 60 s on Curtois–Qu
# 18/19 (84 days), 5631/4688 vs person by person for the whole time 5917/6660 and LNS from
# CP-SAT's own first roster 6528/5471; on 28–56 days (13, 15, 17) the CP-SAT-built start
# stays (single runs: 4924/6062/7102 with the DP start vs 5925/5559/6789 recorded)
FAST_START_FROM = 84
# so is the start of a model with this many assignment variables, in WIDE_SHARE of the time:
# one person's CP-SAT model over 18 shift types is slow to place, the DP fast. Measured at 60 s
# on Curtois–Qu 13 (60 k variables; single runs): CP-SAT-built start 4,337–6,833 (mean 5,457
# over 5), DP start in 10 % of the time 4,340 / 4,427 / 4,508, in 5 % 4,837 / 4,239, in 20 %
# 4,960 / 4,707. Not below: on 15 (11 k) the DP start gave 5,660 / 5,788 vs 5,448 / 5,451,
# on 17 (7 k) 6,826 / 6,821 vs 6,688 / 7,208
FAST_START_VARS = 30_000
WIDE_SHARE = 0.1
# and its LNS sub-problems get at most this many seconds each (``wide_sub``): more, smaller
# neighbourhoods a minute. Curtois–Qu 13 at 60 s, seeds 7–12: 0.5 s 3,969 / 3,952 / 4,130 /
# 3,976 / 3,504 / 3,648 (mean 3,863); 1 s 4,405 / 4,289 / 3,644 / 3,949 / 3,962 / 4,382 (4,105);
# 2 s 4,645 / 4,307 / 4,356 / 4,002 / 4,006 / 4,283 (4,266). At other limits, seeds 1–4: at
# 120 s 0.5 s gave 2,428 / 2,692 / 2,594 / 2,690 (mean 2,601) where the default rule's 1 s
# (rostering.lns_search.sub_time) gave 3,255 / 3,115 / 2,780 / 2,601 (2,938); at 30 s the
# default's 0.25 s gave 4,117 / 4,463 / 4,446 / 4,340 (4,342) where 0.5 s gave 4,938 / 4,856 /
# 4,010 / 4,858 (4,666): the shorter of the two wins
WIDE_SUB = 0.5
# and a kind of neighbourhood drawn uniformly only this share of the time, else by its recent
# gain (rostering.neighbourhood.NeighbourhoodSearch.draw_kind): there, in 0.5 s, a few people
# over the whole period or over two weekends gain little (one run on I13, uniform draws: 3
# points in 36 tries and 114 in 43, where one window of everybody gained 538 in 40 and two
# windows 348 in 23; with 0.3, two windows got 74 tries and gained 1,176). Paired on I13
# at 60 s, seeds 1-5, 0.3 against uniform: 3,111 / 3,287 / 3,273 / 3,092 / 2,779 against
# 3,452 / 3,301 / 3,730 / 3,339 / 3,113 (better in 5 of 5, geometric mean 0.92). Not below:
# on 15, 17 and 19 (11 k, 7 k and 17 k variables; seeds 1-2) it was worse in 5 of 6 pairs
# (4,377 / 4,077, 6,104 / 6,181, 4,258 / 4,044 against 4,363 / 4,262, 5,987 / 5,979,
# 3,845 / 3,851)
WIDE_EXPLORE = 0.3
# share of the time limit column generation (rostering.colgen) may take for a lower bound on a
# decomposable problem; it stops earlier when the master LP converges
BOUND_SHARE = 0.4
# and the share its dive may take for a first roster, from which LNS starts
DIVE_SHARE = 0.3
# column generation runs up to this many person-days: measured at 60 s on Curtois–Qu, its
# master converges within its share up to 12 (60 people × 28 days = 1680), and the dive's
# roster beat the person-by-person start on 14 and 16 (1344, 1120) but not on 15, 17 and 13
# (1890, 1792, 3360), where the pricing rounds alone take most of the minute
COLGEN_UP_TO = 1700
# above COLGEN_UP_TO person-days (and short of long_period.LONG_PERIOD days), the share of the
# time limit column generation priced by placement may take before its LP is rounded to the
# roster LNS starts from (rostering.colgen_round). Paired at 60 s against 0.4 on I13, I15, I17,
# seeds 4-5: 0.3 better in 5 of 6 (geometric mean 0.957), 0.55 in 3 of 6 (1.007)
ROUND_SHARE = 0.3
# up to this many assignment variables the first solve of everyone still runs after the dive:
# CP-SAT closes the gap the relaxation leaves on small models (Curtois–Qu 1, 112 variables:
# optimum proven in 0.3 s where column generation's bound is 558 of 607); from ~900 on (5) its
# own bound stayed near 0 in a minute
PROVE_UP_TO = 500
# column generation's bound written into the model as rows (rostering.lagrange_cut)
LAGRANGE_CUT = True


class _FirstPhase(cp_model.CpSolverSolutionCallback):
    """Stops the first solve at ``deadline`` if it has a roster by then, else at its first."""

    def __init__(self, solver: cp_model.CpSolver, deadline: float) -> None:
        super().__init__()
        self.found = False
        self.timer = threading.Timer(max(0.0, deadline - time.perf_counter()), self._due, [solver])
        self.timer.daemon = True
        self.timer.start()
        self.late = False

    def _due(self, solver: cp_model.CpSolver) -> None:
        self.late = True
        if self.found:
            solver.stop_search()

    def on_solution_callback(self) -> None:
        self.found = True
        if self.late:
            self.stop_search()


def solve_lns(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    on_progress: Callable[[Progress], None] | None = None,
) -> Result:
    """Roster ``problem`` with a first CP-SAT solve and LNS rounds (see the module docstring).

    The bound is the better of the first solve's proven lower bound and, for a decomposable
    problem, column generation's (:mod:`rostering.colgen`); the status is ``OPTIMAL`` only when
    the roster found meets it.
    """
    t0 = time.perf_counter()
    if len(problem.days) >= long_period.LONG_PERIOD and decomposable(problem):
        return long_period.solve_long(problem, time_limit, workers, seed, on_progress)
    ctx, terms = build(problem)
    split = decomposable(problem)
    # a lower bound from the schedule-per-person relaxation, far tighter than CP-SAT's own,
    # and a roster dived from it
    cg_bound, dived, exact = 0, None, False
    person_days = len(problem.staff) * len(problem.days)
    if split and person_days <= COLGEN_UP_TO:
        cg_bound, dived, exact = _colgen(ctx, terms, problem, time_limit, seed, workers)
    wide = len(ctx.x) >= FAST_START_VARS
    explore = WIDE_EXPLORE if wide else 1.0
    search = NeighbourhoodSearch(ctx, workers, seed, explore=explore, kinds=SEARCH_KINDS)
    status = cp_model.UNKNOWN
    built = None if dived is None else values_of(ctx, dived)
    if built is not None and (
        (exact and len(ctx.x) > PROVE_UP_TO) or objective_of(ctx, built) <= cg_bound
    ):
        # CP-SAT's first solve would only repeat a weaker bound: LNS starts from the dive
        bound = cg_bound
        search.best, search.best_obj = built, objective_of(ctx, built)
    else:
        long = len(problem.days) >= FAST_START_FROM
        fast = long or wide
        share = WIDE_SHARE if wide and not long else CONSTRUCT_SHARE
        rounded: list[int] | None = None  # the start's values when it is the rounded LP's
        if built is None and split and person_days > COLGEN_UP_TO:
            # too big to price exactly: the relaxation priced by placement, rounded
            start = lp_roster(
                problem, time_limit=ROUND_SHARE * time_limit, seed=seed, workers=workers
            )
            if start is not None:
                built = rounded = values_of(ctx, start)
        if built is None and (len(ctx.x) >= CONSTRUCT_FROM or fast) and split:
            plan = plan_limit(problem, time_limit)
            start = sequential_roster(
                problem,
                time_limit=share * time_limit + plan,
                seed=seed,
                fast=fast,
                workers=workers,
                plan_limit=plan,
            )
            if start is not None:
                built = values_of(ctx, start)
        if rounded is not None:
            # CP-SAT's first solve of a model this size spends seconds in presolve only to
            # hand the roster back (its bound stays near 0): LNS starts from it at once
            bound, search.best, search.best_obj = 0, rounded, objective_of(ctx, rounded)
        else:
            status, bound, search.best, search.best_obj = _first_solve(
                ctx, built, t0, time_limit, workers, seed
            )
        if not search.best:
            return Result(_status_name(status), None, None, time.perf_counter() - t0)
        bound = max(bound, cg_bound)
    bound = max(bound, weekend_cover_bound(problem))
    sub = wide_sub(time_limit) if wide else None
    return search_from(ctx, terms, search, bound, status, t0, time_limit, [], on_progress, sub=sub)


def wide_sub(time_limit: float) -> float:
    """Seconds for one LNS sub-problem of a wide model (``FAST_START_VARS`` and more) in a
    search of ``time_limit`` seconds: the default rule's, at most ``WIDE_SUB``.

    >>> wide_sub(30.0), wide_sub(60.0), wide_sub(120.0)
    (0.25, 0.5, 0.5)
    """
    return min(WIDE_SUB, sub_time(time_limit))


def _first_solve(
    ctx: ModelContext,
    built: list[int] | None,
    t0: float,
    time_limit: float,
    workers: int,
    seed: int,
) -> tuple[Any, int, list[int], int]:
    """The first CP-SAT solve of everyone, from ``built`` (a complete hint) when given:
    (status, proven bound, best values, their objective); no values without any roster."""
    if built is not None:  # a complete feasible hint: CP-SAT starts from it
        full_hint(ctx.model, built)
    left = time_limit - (time.perf_counter() - t0)
    # with a built roster in hand the first solve only looks for a bound and a better start
    first = cp_solver(workers, seed, left if built is None else min(left, FIRST_SHARE * time_limit))
    phase = _FirstPhase(first, t0 + max(FIRST_SHARE * time_limit, 1.0))
    status = first.solve(ctx.model, phase)
    phase.timer.cancel()
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if found and (built is None or round(first.objective_value) <= objective_of(ctx, built)):
        return (
            status,
            round(first.best_objective_bound),
            list(first.response_proto.solution),
            round(first.objective_value),
        )
    if built is not None:  # the first solve found nothing better in its time: start anyway
        # a solve that ended without a roster proved nothing: 0, the trivial bound (no
        # penalty is negative)
        bound = round(first.best_objective_bound) if found else 0
        return status, bound, built, objective_of(ctx, built)
    return status, 0, [], 0


def _status_name(status: Any) -> str:
    return cp_model.CpSolver().status_name(status)


def _colgen(
    ctx: ModelContext,
    terms: list[Term],
    problem: Problem,
    time_limit: float,
    seed: int,
    workers: int,
) -> tuple[int, Roster | None, bool]:
    """Column generation's proven lower bound in the model's scaled units (see
    :func:`rostering.colgen.model_bound`), the dive's roster if it found one in time, and
    whether the master LP converged (its bound is then the relaxation's own). The bound's
    prices and floors become rows of the model (:mod:`rostering.lagrange_cut`)."""
    cg = column_generation(
        problem,
        time_limit=BOUND_SHARE * time_limit,
        dive_limit=DIVE_SHARE * time_limit,
        seed=seed,
        workers=workers,
    )
    bound = model_bound(ctx.model, cg.bound)
    if LAGRANGE_CUT and cg.cut is not None:
        add_cut(ctx, terms, cg.cut)
    return bound, cg.roster, cg.converged
