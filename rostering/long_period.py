"""Long periods (half a year and more): person by person, then LNS from that roster.

One CP-SAT model of everyone over a year takes longer to build than the time limit, so
:func:`solve_long` rosters person by person (:func:`rostering.sequential.solve_by_person`, on
two cores at once) until that stalls, then hands its roster over to LNS: over windows of weeks
where they cut the problem exactly (:mod:`rostering.window_search`, from ``WINDOWS_FROM`` of the
time on at the latest), else over the model of everyone when it builds in the time left
(:func:`rostering.lns_search.search_from`). The only bound on such a period is the weekend caps'
(:mod:`rostering.weekend_bound`). :func:`rostering.lns.solve_lns` sends problems here from
``LONG_PERIOD`` days on.

>>> from rostering.long_period import solve_long
>>> result = solve_long(problem, 60.0, 2, 0, None)  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from rostering.check import check, hard_violations, penalties
from rostering.lns_search import search_from
from rostering.model_values import objective_of, values_of
from rostering.neighbourhood import SEARCH_KINDS, NeighbourhoodSearch
from rostering.pair_swap import swap_requests
from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import SCALE
from rostering.sequential import solve_by_person
from rostering.solve import Progress, Result, build
from rostering.weekend_bound import weekend_cover_bound
from rostering.weekend_plan import plan_limit
from rostering.window_search import improve_windows, worth_windows

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
# the last share of the time goes to block swaps between two people (rostering.pair_swap),
# which meet requests without touching cover. On 60 s rosters of Curtois–Qu 20 / 23 they saved
# 172 (converged in 0.9 s) / 847 in 3 s. Paired at 60 s against none (I20–I24, seeds 1–2): 5 of
# 10 better, geometric mean 0.981 (s.e. 1.8 %), I20 better in both. Within runs (seed 5), the
# swaps' gain against the search's own in the share before: I20 209 / 48, I21 350 / 146, I22
# 604 / 513, I23 742 / 43, I24 622 / 1,186 (I24 is still gaining fast at 60 s)
SWAP_SHARE = 0.06


def solve_long(
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
    res = _search(problem, time_limit * (1 - SWAP_SHARE), workers, seed, on_progress)
    return _swapped(problem, res, t0 + time_limit - CHECK_TIME, seed, on_progress)


def _search(
    problem: Problem,
    time_limit: float,
    workers: int,
    seed: int,
    on_progress: Callable[[Progress], None] | None,
) -> Result:
    """:func:`solve_long` before its block swaps: person by person, then LNS."""
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
        plan_limit=plan_limit(problem, time_limit),
    )
    left = time_limit - (time.perf_counter() - t0)
    # no model of everyone is solved here: the weekend caps give the only bound there is
    bound = weekend_cover_bound(problem)
    if by_person.roster is None or (left < needed and not windows):
        return with_bound(by_person, bound)
    if windows:
        return _by_windows(problem, by_person, bound, t0 + time_limit, workers, seed, on_progress)
    ctx, terms = build(problem)
    built = values_of(ctx, by_person.roster)
    if built is None:  # cannot happen: the roster holds every hard rule
        return by_person
    search = NeighbourhoodSearch(ctx, workers, seed, kinds=SEARCH_KINDS)
    search.best, search.best_obj = built, objective_of(ctx, built)
    log = list(by_person.progress)
    res = search_from(ctx, terms, search, bound, cp_model.UNKNOWN, t0, time_limit, log, on_progress)
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
    # a window's roster holds the period's rules
    res = _rechecked(problem, by_person, roster, "window", t0, log)
    return with_bound(res, bound)


def _swapped(
    problem: Problem,
    res: Result,
    deadline: float,
    seed: int,
    on_progress: Callable[[Progress], None] | None,
) -> Result:
    """``res`` after block swaps between two people (:func:`rostering.pair_swap.swap_requests`)
    until ``deadline``, re-checked; ``res`` itself when no swap lowered the cost."""
    if res.roster is None or res.objective is None:
        return res
    t0 = time.perf_counter() - res.runtime
    roster, gained = swap_requests(problem, res.roster, deadline=deadline, seed=seed)
    if not gained:
        return res
    # swaps keep both people's rules
    better = _rechecked(problem, res, roster, "swapped", t0, list(res.progress))
    p = Progress(better.runtime, sum(better.penalties.values()), res.bound or 0.0)
    better.progress.append(p)
    if on_progress is not None:
        on_progress(p)
    if res.bound is None or res.status == "OPTIMAL":
        return better
    return with_bound(better, round(res.bound * SCALE))


def _rechecked(
    problem: Problem, res: Result, roster: Roster, what: str, t0: float, log: list[Progress]
) -> Result:
    """``res`` carrying ``roster`` instead, with the check's penalties and objective, the run
    time since ``t0`` and the progress ``log``; a hard violation cannot happen (the phase that
    made ``roster`` holds every rule) and raises."""
    violations = check(problem, roster)
    if hard_violations(violations):
        raise RuntimeError(f"{what} roster breaks a hard rule")
    pens = penalties(violations)
    return dataclasses.replace(
        res,
        objective=sum(pens.values()),
        penalties=pens,
        roster=roster,
        runtime=time.perf_counter() - t0,
        progress=log,
    )


def with_bound(res: Result, bound: int) -> Result:
    """``res`` with ``bound`` (scaled; 0: none) as its proven bound, optimal when met.

    >>> r = Result("FEASIBLE", 12.0, None, 1.0)
    >>> with_bound(r, 1200).status, with_bound(r, 1000).bound
    ('OPTIMAL', 10.0)
    """
    if not bound or res.objective is None:
        return res
    met = res.objective * SCALE <= bound
    return dataclasses.replace(
        res, bound=min(bound / SCALE, res.objective), status="OPTIMAL" if met else res.status
    )
