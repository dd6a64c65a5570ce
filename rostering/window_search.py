"""LNS over windows of weeks of a long period (:mod:`rostering.window`), one window at a time.

A year's roster built person by person (:mod:`rostering.sequential`) sits in a local optimum
that no single person's re-placement leaves: moving a weekend or a shift type between two people
takes both at once. The model of everyone over the year is too large to search in a minute, so
each round cuts a window of weeks out of the roster, builds that window's model (everyone, the
window and a fixed margin), runs the LNS of :mod:`rostering.neighbourhood` on it for a few
seconds from the current roster, and puts the window's better roster back. Every window
roster holds every hard rule of the year (the window's problem carries the year's limits less
the usage outside), and its objective differs from the year's by a constant, so the year's
objective falls by exactly what the window gains.

>>> # roster = improve_windows(problem, roster, deadline=time.perf_counter() + 30)
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from rostering.model_values import fixed_solve, objective_of, values_of
from rostering.neighbourhood import SEARCH_KINDS, NeighbourhoodSearch
from rostering.problem import Problem
from rostering.roster import Roster
from rostering.solve import build, read_roster
from rostering.window import Window, merge, window_problem, windowable

# a window's model holds about this many assignment cells (people × days × shift types, the
# margin included), and each window gets WINDOW_TIME seconds of LNS (its model build not
# included). Single 60 s runs of solve_lns on Curtois–Qu 22 / 21, seed 3: 30 k cells and 5 s
# 37,667 / 23,296; 10 s 39,471 / 23,765; 60 k cells 38,721 / 23,679. Seed 4: 5 s 38,225 /
# 23,420; 3 s 39,211 / 23,317; 15 k cells 38,847 / 23,840
WINDOW_CELLS = 30_000
MAX_WEEKS = 8
MIN_WEEKS = 2  # narrower windows are not worth it (worth_windows)
WINDOW_TIME = 5.0
SUB_LIMIT = 0.5  # seconds for one sub-problem inside a window


def window_weeks(problem: Problem) -> int:
    """Weeks a window of everyone spans: as many as keep its model near :data:`WINDOW_CELLS`
    (two weeks of margin included), at least one.

    >>> # window_weeks(load_curtois("Instance22.txt")) -> 6 (50 people × 10 shift types)
    """
    per_week = len(problem.staff) * len(problem.shifts) * 7
    return max(1, min(MAX_WEEKS, WINDOW_CELLS // per_week - 2))


def worth_windows(problem: Problem) -> bool:
    """Whether a long period is better searched by windows than person by person alone: its
    rules allow the cut (:func:`rostering.window.windowable`) and a window of everyone spans at
    least ``MIN_WEEKS`` weeks. Measured at 60 s on Curtois–Qu (seed 0, main vs windows from
    half the time): 20 (6 / 50 people × shift types; 6 weeks) 7,694 vs 6,690, 21 (8 / 100; 3
    weeks) 24,153 vs 23,952, 22 (10 / 50; 6 weeks) 41,236 vs 38,610, but 23 (16 / 100; 1 week)
    26,708 vs 28,555 and 24 (32 / 150; 1 week) 64,779 vs 70,855: a window of one week between
    two weeks of margin frees too little to pay for the time taken from the person-by-person
    search."""
    return windowable(problem) and window_weeks(problem) >= MIN_WEEKS


def improve_windows(
    problem: Problem,
    roster: Roster,
    *,
    deadline: float,
    workers: int = 2,
    seed: int = 0,
    on_improve: Callable[[int], None] | None = None,
) -> tuple[Roster, int]:
    """Windows of weeks in random order, each re-optimised by LNS, until ``deadline`` (a
    ``time.perf_counter`` value): (the better roster, the scaled objective it gained).
    ``on_improve`` hears the gain so far after each window that gained.

    Each window is drawn uniformly. Drawing it with odds growing with the penalties its days
    carry was measured (two paired 60 s runs each, uniform → by cost): Curtois–Qu 20 6,583 →
    6,425 and 7,185 → 6,509, but 21 23,489 → 24,128 and 23,596 → 23,629, 22 39,091 → 39,286
    and 38,534 → 38,683; not kept. A guess at why: much of a costly week's cost may be
    weekend cover no roster can give (rostering.weekend_bound)."""
    rng = random.Random(seed)
    days = problem.days
    mondays = [i for i, d in enumerate(days) if d.weekday() == 0] or [0]
    length = 7 * window_weeks(problem)
    gained = 0
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        while deadline - time.perf_counter() > 1.0:
            first = rng.choice(mondays)
            last = min(len(days) - 1, first + length - 1)
            w = window_problem(problem, roster, first, last)
            end = min(deadline, time.perf_counter() + WINDOW_TIME)
            better, gain = _improve(w, end, pool, workers, rng.randrange(1 << 30))
            if better is not None:
                roster = merge(roster, w, better)
                gained += gain
                if on_improve is not None:
                    on_improve(gained)
    return roster, gained


def _improve(
    w: Window, deadline: float, pool: ThreadPoolExecutor, workers: int, seed: int
) -> tuple[Roster | None, int]:
    """LNS on one window's model until ``deadline``, its margin fixed: (the window's better
    roster or None, the scaled objective gained)."""
    ctx, _terms = build(w.problem)
    values = values_of(ctx, w.roster)
    if values is None:  # cannot happen when the cut is exact: skip rather than trust it
        return None, 0
    fixed = set(w.fixed_days)
    variables = ctx.model.proto.variables
    for (_p, d, _s, _k), var in ctx.x.items():
        if d in fixed:
            dom = variables[var.index].domain
            dom[0] = dom[1] = values[var.index]
    inner = range(w.first - w.lo, w.last - w.lo + 1)
    search = NeighbourhoodSearch(ctx, workers, seed, days=inner, kinds=SEARCH_KINDS)
    # the margin is no cell of the search: its copies of the model keep it fixed
    for cell in [c for c in search.cells if c[1] in fixed]:
        del search.cells[cell]
    search.best, search.best_obj = values, objective_of(ctx, values)
    start = search.best_obj
    search.run(deadline, SUB_LIMIT, pool, more=lambda: search.best_obj > 0, improved=lambda: None)
    if search.best_obj >= start:
        return None, 0
    s = fixed_solve(ctx, dict(enumerate(search.best)))
    return (None, 0) if s is None else (read_roster(ctx, s), start - search.best_obj)
