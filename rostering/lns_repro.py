"""Reproducible LNS: the second half of :func:`rostering.solve.solve`'s default search.

CP-SAT's interleaved search (the reproducible one) improves a roster slowly once its first
rosters are found: on the generated 400-agent month of the pyworkforce comparison it ended a
minute at 87,520 hours where the optimum is 72,890, and the hotline at 7,368 where the
parallel portfolio reached 6,113. The LNS of :mod:`rostering.lns` does far better but depends
on timing. Here the same neighbourhoods (:class:`rostering.neighbourhood.NeighbourhoodSearch`)
are solved in lockstep on CP-SAT's deterministic clock
(:meth:`~rostering.neighbourhood.NeighbourhoodSearch.run_work`): the same problem, seed,
worker count and budget give the same roster on any machine.

>>> # values, cut = improve(ctx, values, bound=0, work=20.0, sub_work=0.5, workers=2, seed=0,
>>> #                       deadline=time.perf_counter() + 120)
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from rostering.model import ModelContext
from rostering.model_values import objective_of
from rostering.neighbourhood import NeighbourhoodSearch


def improve(
    ctx: ModelContext,
    values: list[int],
    *,
    bound: int,
    work: float,
    sub_work: float,
    workers: int,
    seed: int,
    deadline: float,
    on_better: Callable[[int], None] | None = None,
) -> tuple[list[int], bool]:
    """LNS from the full solution ``values`` of ``ctx.model`` for ``work`` units of CP-SAT's
    deterministic time, sub-problems of ``sub_work`` units, until the roster meets ``bound``
    (scaled). Returns the best values and whether the wall-clock net (``deadline``, a
    ``time.perf_counter`` value) cut it short — the only way the answer can differ from run
    to run. ``on_better`` gets each better roster's scaled objective.
    """
    search = NeighbourhoodSearch(ctx, workers, seed)
    search.best, search.best_obj = values, objective_of(ctx, values)

    def heard() -> None:
        if on_better is not None:
            on_better(search.best_obj)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        cut = search.run_work(
            work, sub_work, pool, deadline, more=lambda: search.best_obj > bound, improved=heard
        )
    return search.best, cut
