"""LNS rounds from a start to a :class:`~rostering.solve.Result`: shared by the searches of
:mod:`rostering.lns` (a month's model) and :mod:`rostering.long_period` (a long period, once
person by person has stalled).

:func:`search_from` runs :class:`rostering.neighbourhood.NeighbourhoodSearch` from its best
roster until the time limit or the bound, reporting progress; :func:`finish` reads the best
roster back through the product's model, so the objective and the per-rule penalties are the
planner's.

>>> # res = search_from(ctx, terms, search, bound, cp_model.UNKNOWN, t0, 60.0, [], None)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ortools.sat.python import cp_model

from rostering.model import ModelContext
from rostering.neighbourhood import NeighbourhoodSearch
from rostering.rules.base import SCALE, Term
from rostering.solve import Progress, Result, roster_of

SUB_LIMIT = (0.2, 2.0)  # bounds of one sub-problem's time limit, seconds
# and its share of the whole time limit: 0.5 s a sub-problem at 60 s (1 s until the thirteenth
# session). Paired runs at 60 s on Curtois–Qu 14–19, seeds 1–2 (0.5 s / 1 s): 14 1,409 / 1,312
# and 1,321 / 1,320, 15 4,958 / 5,158 and 5,032 / 5,242, 16 3,352 / 3,357 and 3,345 / 3,548,
# 17 6,391 / 6,696 and 6,789 / 6,711, 18 5,621 / 5,326 and 5,103 / 5,610, 19 4,898 / 4,982 and
# 4,279 / 4,471: eight of twelve better, 1.7 % in the geometric mean — within one run's spread
# each, a trend with I13's (lns.WIDE_SUB), not a proof
SUB_SHARE = 1 / 120


def sub_time(time_limit: float) -> float:
    """Seconds for one LNS sub-problem in a search of ``time_limit`` seconds: ``SUB_SHARE``
    of it, within ``SUB_LIMIT``.

    >>> sub_time(60.0), sub_time(3.0), sub_time(600.0)
    (0.5, 0.2, 2.0)
    """
    return min(SUB_LIMIT[1], max(SUB_LIMIT[0], SUB_SHARE * time_limit))


def search_from(
    ctx: ModelContext,
    terms: list[Term],
    search: NeighbourhoodSearch,
    bound: int,
    status: Any,
    t0: float,
    time_limit: float,
    log: list[Progress],
    on_progress: Callable[[Progress], None] | None,
    sub: float | None = None,
) -> Result:
    """LNS rounds from ``search.best`` until ``time_limit`` (from ``t0``) or the bound; the
    progress so far is ``log``. ``status`` is the first solve's (``OPTIMAL``: no rounds).
    ``sub``: seconds for one sub-problem (default: :func:`sub_time` of ``time_limit``).

    >>> # res = search_from(ctx, terms, search, bound, cp_model.UNKNOWN, t0, 60.0, [], None)
    """

    def report() -> None:
        p = Progress(time.perf_counter() - t0, search.best_obj / SCALE, bound / SCALE)
        log.append(p)
        if on_progress is not None:
            on_progress(p)

    report()
    if sub is None:
        sub = sub_time(time_limit)
    with ThreadPoolExecutor(max_workers=max(1, search.workers)) as pool:
        search.run(
            t0 + time_limit,
            sub,
            pool,
            more=lambda: status != cp_model.OPTIMAL and search.best_obj > bound,
            improved=report,
        )
    return finish(ctx, terms, search.best, bound, time.perf_counter() - t0, log)


def finish(
    ctx: ModelContext,
    terms: list[Term],
    best: list[int],
    bound: int,
    elapsed: float,
    log: list[Progress],
) -> Result:
    """Re-solve the full model with every variable fixed to the best roster: the roster, the
    objective and the per-rule penalties then come from the product's model as in ``solve``."""
    scaled, pens, roster = roster_of(ctx, terms, best)
    obj = scaled / SCALE
    return Result(
        status="OPTIMAL" if scaled <= bound else "FEASIBLE",
        objective=obj,
        bound=min(bound / SCALE, obj),
        runtime=elapsed,
        penalties=pens,
        roster=roster,
        first_solution_time=log[0].elapsed if log else None,
        progress=log,
    )
