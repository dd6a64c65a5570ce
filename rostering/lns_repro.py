"""Reproducible LNS: the second half of :func:`rostering.solve.solve`'s default search.

CP-SAT's interleaved search (the reproducible one) improves a roster slowly once its first
rosters are found: on the generated 400-agent month of the pyworkforce comparison it ended a
minute at 87,520 hours where the optimum is 72,890, and the hotline at 7,368 where the
parallel portfolio reached 6,113. The LNS of :mod:`rostering.lns` does far better but depends
on timing. Here the same neighbourhoods (:class:`rostering.neighbourhood.NeighbourhoodSearch`)
are solved in lockstep on CP-SAT's deterministic clock
(:meth:`~rostering.neighbourhood.NeighbourhoodSearch.run_work`): the same problem, seed,
worker count and budget give the same roster on any machine.

>>> # better = improve(ctx, terms, values, bound=0, work=20.0, time_limit=60.0, workers=2,
>>> #                  seed=0, deadline=time.perf_counter() + 120)
>>> # scaled, penalties, roster, cut = better  (None: nothing better, or no work)
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from rostering.lns_search import sub_time
from rostering.model import ModelContext
from rostering.model_values import objective_of
from rostering.neighbourhood import NeighbourhoodSearch
from rostering.roster import Roster
from rostering.rules.base import Term
from rostering.solve import roster_of


def improve(
    ctx: ModelContext,
    terms: list[Term],
    values: list[int],
    *,
    bound: int,
    work: float,
    time_limit: float,
    workers: int,
    seed: int,
    deadline: float,
    on_better: Callable[[int], None] | None = None,
) -> tuple[int, dict[str, float], Roster, bool] | None:
    """LNS from the full solution ``values`` of ``ctx.model`` for ``work`` units of CP-SAT's
    deterministic time, until the roster meets ``bound`` (scaled): (scaled objective, penalty
    per rule, roster, whether the wall-clock net cut it short — the only way the answer can
    differ from run to run), or None when there is no work or nothing better was found.
    ``deadline`` is that net, a ``time.perf_counter`` value; ``on_better`` gets each better
    roster's scaled objective. A sub-problem gets as many units as the wall-clock LNS of
    ``time_limit`` seconds gives it seconds (:func:`rostering.lns_search.sub_time`; ~0.6–0.7 s
    of wall time a unit on one thread beside another).
    """
    if work <= 0:
        return None
    search = NeighbourhoodSearch(ctx, workers, seed)
    search.best, search.best_obj = values, objective_of(ctx, values)

    def heard() -> None:
        if on_better is not None:
            on_better(search.best_obj)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        cut = search.run_work(
            work,
            sub_time(time_limit),
            pool,
            deadline,
            more=lambda: search.best_obj > bound,
            improved=heard,
        )
    if search.best == values:  # nothing better, and no sideways move that stayed
        return None
    return (*roster_of(ctx, terms, search.best), cut)
