"""Large-neighbourhood search (LNS) around the CP-SAT model: better rosters within a time limit.

With two cores CP-SAT's own portfolio gives its LNS workers only a slice of one thread. Here the
model is built once; a first full solve gives a roster and the proven lower bound; then, until
the time is up, a *neighbourhood* — a few people over the whole period, everybody over a window
of days, everybody over two distant windows, a block of people × days, or some people over two
weekends; windows and weekends are centred half the time on a day short of cover — is freed,
every other assignment is fixed to the best roster so far, and CP-SAT re-optimises that small
problem (one thread each, ``workers`` of them side by side, presolve off), starting from the
current roster (a complete hint). An improvement (or an equal roster: a sideways move) becomes
the current roster. Each kind of neighbourhood grows after a sub-problem is solved to optimality
and shrinks after a timeout, so its size settles where CP-SAT can still close it. Unlike
:func:`rostering.solve.solve` the result depends on timing (threads, wall clock), not only on
the seed.

Where people are tied only by cover (:func:`rostering.construct.decomposable`), column
generation over whole schedules (:mod:`rostering.colgen`) first gives a proven lower bound far
above CP-SAT's and a roster dived from its relaxation, from which the LNS starts (small models
first get a CP-SAT solve of everyone from it, which can close the gap); when the dive has no
roster in its time, large models start from a roster built
person by person (:mod:`rostering.sequential`) instead of waiting for CP-SAT's first roster of
everyone — by dynamic program from a quarter year on. Long periods (half a year and more) are
rostered person by person — on two cores at once — until that stalls, then by LNS from its
roster: over windows of weeks where they cut the problem exactly (:mod:`rostering.window_search`,
from half the time on at the latest), else over the model of everyone when it builds in the
time left (measured trade-offs at ``BOUND_SHARE``, ``CONSTRUCT_FROM``, ``FAST_START_FROM``,
``LONG_PERIOD`` and ``WINDOWS_FROM``).

Where the caps on worked weekends leave weekend heads no roster can cover
(:mod:`rostering.weekend_bound`), their cost is a bound too — the only one on long periods.

The rounds themselves (neighbourhoods, sub-problems) are in :mod:`rostering.neighbourhood`.
Nothing here knows a rule: the sub-problems are the product's own model with some variables
fixed, so every roster found satisfies every hard rule and its objective is the planner's.

>>> from rostering.lns import solve_lns
>>> result = solve_lns(problem, time_limit=20)  # doctest: +SKIP
>>> result.objective <= result.progress[0].objective  # doctest: +SKIP
True
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ortools.sat.python import cp_model

from rostering.check import check, hard_violations, penalties
from rostering.colgen import column_generation, model_bound
from rostering.construct import decomposable
from rostering.model import ModelContext
from rostering.model_values import fixed_solve, objective_of, values_of
from rostering.neighbourhood import NeighbourhoodSearch, cp_solver
from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import SCALE, Term, evaluate
from rostering.sequential import sequential_roster, solve_by_person
from rostering.solve import Progress, Result, _read_roster, build
from rostering.weekend_bound import weekend_cover_bound
from rostering.window_search import improve_windows, worth_windows

# share of the time limit given to the first full solve (roster + lower bound); when it has no
# roster by then it goes on only until its first one, so LNS rounds start as early as possible
FIRST_SHARE = 0.1
SUB_LIMIT = (0.2, 2.0)  # bounds of one sub-problem's time limit, seconds
# from this many assignment variables on, a problem whose people are tied only by cover gets a
# first roster built person by person (rostering.sequential), at most CONSTRUCT_SHARE of the time,
# as a complete hint for the first solve. Measured at 60 s, with vs without (Curtois–Qu,
# assignment variables in brackets): 12 [16.8 k] 4923 vs 5053, 15 [11.3 k] 5258 vs 6189,
# 17 [7.2 k] 6899 vs 7197, 14 [5.4 k] 1609 vs 1622, but 8 [3.4 k] 2030 vs 1738 and
# 5 [0.9 k] 1347 vs 1245: small models find good rosters of everyone faster
CONSTRUCT_FROM = 7_000
CONSTRUCT_SHARE = 0.2
# from this many days on (half a year), such a problem is rostered person by person for the
# whole time: one model of a whole year takes longer to build than the time limit (Curtois–Qu
# 24: 103 s), and on 20 (182 days) LNS from a start built by dynamic program did no better
# (7795 vs 7548–8775 person by person, 60 s)
LONG_PERIOD = 182
# a long period's person-by-person search stops once passes change nothing and ruins have found
# nothing better for this share of the time limit, and LNS over the model of everyone takes
# over when at least LNS_LEFT of the time is left and the model builds (≈ BUILD_RATE
# assignment cells a second, measured on Curtois–Qu 20–22: 46–52 k/s) in a quarter of it.
# Measured at 60 s on Curtois–Qu 20 (single runs, two lanes): person by person alone 7,908
# (stalled after 12 s); handing over after 6 s without progress 7,967 (the ruins still had
# ground to gain), after 12 s 7,275. I21–I24 never stall in a minute: unchanged.
STALL_PATIENCE = 0.2
# where windows cut the problem exactly (rostering.window_search.worth_windows), the
# person-by-person search hands over to LNS over windows of weeks once it stalls or this share
# of the time is gone. Single runs on Curtois–Qu 22 at 60 s: from 15 s 41,266, from 30 s 39,374
# (person by person the whole minute: 39,390 / 39,881 recorded last session); solve_lns, seed 3,
# on 22 / 21: from 30 s 37,667 / 23,296, from 18 s 39,916 / 23,338
WINDOWS_FROM = 0.5
# seconds kept for the final check of the roster (measured 0.07 / 0.35 / 0.37 s on a roster of
# Curtois–Qu 20 / 21 / 22) and for reading back the last window's roster
CHECK_TIME = 1.0
LNS_LEFT = 0.2
BUILD_RATE = 40_000
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
# up to this many assignment variables the first solve of everyone still runs after the dive:
# CP-SAT closes the gap the relaxation leaves on small models (Curtois–Qu 1, 112 variables:
# optimum proven in 0.3 s where column generation's bound is 558 of 607); from ~900 on (5) its
# own bound stayed near 0 in a minute
PROVE_UP_TO = 500


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
    if len(problem.days) >= LONG_PERIOD and decomposable(problem):
        return _long(problem, time_limit, workers, seed, on_progress)
    ctx, terms = build(problem)
    split = decomposable(problem)
    # a lower bound from the schedule-per-person relaxation, far tighter than CP-SAT's own,
    # and a roster dived from it
    cg_bound, dived, exact = 0, None, False
    if split and len(problem.staff) * len(problem.days) <= COLGEN_UP_TO:
        cg_bound, dived, exact = _colgen(ctx, problem, time_limit, seed, workers)
    search = NeighbourhoodSearch(ctx, workers, seed)
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
        wide = len(ctx.x) >= FAST_START_VARS
        fast = long or wide
        share = WIDE_SHARE if wide and not long else CONSTRUCT_SHARE
        if built is None and (len(ctx.x) >= CONSTRUCT_FROM or fast) and split:
            start = sequential_roster(
                problem,
                time_limit=share * time_limit,
                seed=seed,
                fast=fast,
                workers=workers,
            )
            if start is not None:
                built = values_of(ctx, start)
        status, bound, search.best, search.best_obj = _first_solve(
            ctx, built, t0, time_limit, workers, seed
        )
        if not search.best:
            return Result(_status_name(status), None, None, time.perf_counter() - t0)
        bound = max(bound, cg_bound)
    bound = max(bound, weekend_cover_bound(problem))
    return _search(ctx, terms, search, bound, status, t0, time_limit, [], on_progress)


def _search(
    ctx: ModelContext,
    terms: list[Term],
    search: NeighbourhoodSearch,
    bound: int,
    status: Any,
    t0: float,
    time_limit: float,
    log: list[Progress],
    on_progress: Callable[[Progress], None] | None,
) -> Result:
    """LNS rounds from ``search.best`` until ``time_limit`` (from ``t0``) or the bound; the
    progress so far is ``log``."""

    def report() -> None:
        p = Progress(time.perf_counter() - t0, search.best_obj / SCALE, bound / SCALE)
        log.append(p)
        if on_progress is not None:
            on_progress(p)

    report()
    sub = min(SUB_LIMIT[1], max(SUB_LIMIT[0], time_limit / 60))
    with ThreadPoolExecutor(max_workers=max(1, search.workers)) as pool:
        search.run(
            t0 + time_limit,
            sub,
            pool,
            more=lambda: status != cp_model.OPTIMAL and search.best_obj > bound,
            improved=report,
        )
    return _finish(ctx, terms, search.best, bound, time.perf_counter() - t0, log)


def _long(
    problem: Problem,
    time_limit: float,
    workers: int,
    seed: int,
    on_progress: Callable[[Progress], None] | None,
) -> Result:
    """A long period: person by person until that stalls, then LNS from that roster for the
    rest — over windows of weeks where they cut the problem exactly and are worth it
    (:func:`rostering.window_search.worth_windows`; the hand-over then comes at the latest
    after ``WINDOWS_FROM`` of the time), else over the model of everyone when it builds in a
    fraction of the time left (no first solve: on a year CP-SAT proves nothing useful in the
    time, and the roster is already good)."""
    t0 = time.perf_counter()
    windows = worth_windows(problem)
    cells = len(problem.staff) * len(problem.days) * len(problem.shifts)
    # the hand-over needs this much time left: a stall after that is no reason to stop
    needed = max(LNS_LEFT * time_limit, 4 * cells / BUILD_RATE)
    by_person = solve_by_person(
        problem,
        time_limit=WINDOWS_FROM * time_limit if windows else time_limit,
        seed=seed,
        workers=workers,
        on_progress=on_progress,
        patience=STALL_PATIENCE * time_limit,
        patience_until=None if windows else time_limit - needed,
    )
    left = time_limit - (time.perf_counter() - t0)
    # no model of everyone is solved here: the weekend caps give the only bound there is
    bound = weekend_cover_bound(problem)
    if by_person.roster is None or (left < needed and not windows):
        return _with_bound(by_person, bound)
    if windows:
        return _by_windows(problem, by_person, bound, t0 + time_limit, workers, seed, on_progress)
    ctx, terms = build(problem)
    built = values_of(ctx, by_person.roster)
    if built is None:  # cannot happen: the roster holds every hard rule
        return by_person
    search = NeighbourhoodSearch(ctx, workers, seed)
    search.best, search.best_obj = built, objective_of(ctx, built)
    log = list(by_person.progress)
    res = _search(ctx, terms, search, bound, cp_model.UNKNOWN, t0, time_limit, log, on_progress)
    # without a weekend bound nothing was proven: 0 is only the trivial bound
    return dataclasses.replace(res, bound=None) if not bound and res.status != "OPTIMAL" else res


def _by_windows(
    problem: Problem,
    by_person: Result,
    bound: int,
    deadline: float,
    workers: int,
    seed: int,
    on_progress: Callable[[Progress], None] | None,
) -> Result:
    """LNS over windows of weeks (:mod:`rostering.window_search`) from the person-by-person
    roster until ``deadline`` (a ``time.perf_counter`` value), less ``CHECK_TIME``."""
    if by_person.roster is None or by_person.objective is None:
        return by_person
    t0 = time.perf_counter() - by_person.runtime  # the progress log counts from the start
    log = list(by_person.progress)
    start = by_person.objective

    def heard(gained: int) -> None:
        p = Progress(time.perf_counter() - t0, start - gained / SCALE, bound / SCALE)
        log.append(p)
        if on_progress is not None:
            on_progress(p)

    roster, _gained = improve_windows(
        problem,
        by_person.roster,
        deadline=deadline - CHECK_TIME,
        workers=workers,
        seed=seed,
        on_improve=heard,
    )
    violations = check(problem, roster)
    if hard_violations(violations):  # cannot happen: a window's roster holds the period's rules
        raise RuntimeError("window roster breaks a hard rule")
    pens = penalties(violations)
    res = dataclasses.replace(
        by_person,
        objective=sum(pens.values()),
        penalties=pens,
        roster=roster,
        runtime=time.perf_counter() - t0,
        progress=log,
    )
    return _with_bound(res, bound)


def _with_bound(res: Result, bound: int) -> Result:
    """``res`` with ``bound`` (scaled; 0: none) as its proven bound, optimal when met."""
    if not bound or res.objective is None:
        return res
    met = res.objective * SCALE <= bound
    return dataclasses.replace(
        res, bound=min(bound / SCALE, res.objective), status="OPTIMAL" if met else res.status
    )


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
        ctx.model.clear_hints()
        ctx.model.proto.solution_hint.vars.extend(range(len(built)))
        ctx.model.proto.solution_hint.values.extend(built)
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
    ctx: ModelContext, problem: Problem, time_limit: float, seed: int, workers: int
) -> tuple[int, Roster | None, bool]:
    """Column generation's proven lower bound in the model's scaled units (see
    :func:`rostering.colgen.model_bound`), the dive's roster if it found one in time, and
    whether the master LP converged (its bound is then the relaxation's own)."""
    cg = column_generation(
        problem,
        time_limit=BOUND_SHARE * time_limit,
        dive_limit=DIVE_SHARE * time_limit,
        seed=seed,
        workers=workers,
    )
    bound = model_bound(ctx.model, cg.bound)
    return bound, cg.roster, cg.converged


def _finish(
    ctx: ModelContext,
    terms: list[Term],
    best: list[int],
    bound: int,
    elapsed: float,
    log: list[Progress],
) -> Result:
    """Re-solve the full model with every variable fixed to the best roster: the roster, the
    objective and the per-rule penalties then come from the product's model as in ``solve``."""
    s = fixed_solve(ctx, dict(enumerate(best)))
    if s is None:  # cannot happen: the values came from this very model
        raise RuntimeError("LNS roster rejected by the full model")
    # a slack may be loose in the best roster: evaluate() takes each term's true amount
    scaled, pens = evaluate(terms, s.value)
    obj = scaled / SCALE
    return Result(
        status="OPTIMAL" if scaled <= bound else "FEASIBLE",
        objective=obj,
        bound=min(bound / SCALE, obj),
        runtime=elapsed,
        penalties=pens,
        roster=_read_roster(ctx, s),
        first_solution_time=log[0].elapsed if log else None,
        progress=log,
    )
