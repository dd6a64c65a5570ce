"""Reproducible LNS: the second half of :func:`rostering.solve.solve`'s default search.

CP-SAT's interleaved search (the reproducible one) improves a roster slowly once its first
rosters are found: on the generated 400-agent month of the pyworkforce comparison it ended a
minute at 87,520 hours where the optimum is 72,890, and the hotline at 7,368 where the
parallel portfolio reached 6,113. The LNS of :mod:`rostering.lns` does far better but depends
on timing. Here the same neighbourhoods (:class:`rostering.neighbourhood.NeighbourhoodSearch`)
are solved in lockstep on CP-SAT's deterministic clock
(:meth:`~rostering.neighbourhood.NeighbourhoodSearch.run_work`): the same problem, seed,
worker count and budget give the same roster on any machine.

They take turns with CP-SAT's own LNS workers, interleaved (also reproducible) but without its
LP search, which on a large model held them back: the generated 100-agent month went from
42,101 to 28,451 in a minute where these neighbourhoods alone reached 36,577, while the hotline
does better with these (5,882 alone, 6,017 in turns). So the work is split into ``TURNS``
turns: one to each first, then each turn to whichever gained more per unit in its last.

>>> # better, cut = improve(ctx, terms, values, bound=0, work=20.0, time_limit=60.0,
>>> #                       workers=2, seed=0, deadline=time.perf_counter() + 120)
>>> # scaled, penalties, roster = better  (None: nothing better, or no work)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from ortools.sat.python import cp_model

from rostering.interleaved import LNS_SUBSOLVERS, interleaved_solver, wall_cut
from rostering.lns_search import sub_time
from rostering.model import ModelContext, full_hint
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
) -> tuple[tuple[int, dict[str, float], Roster] | None, bool]:
    """LNS from the full solution ``values`` of ``ctx.model`` for ``work`` units of CP-SAT's
    deterministic time, until the roster meets ``bound`` (scaled): ((scaled objective, penalty
    per rule, roster), or None when there is no work or nothing better was found; whether the
    wall-clock net cut it short — the only way the answer can differ from run to run, even
    when it is None).
    ``deadline`` is that net, a ``time.perf_counter`` value; ``on_better`` gets each better
    roster's scaled objective. A sub-problem gets as many units as the wall-clock LNS of
    ``time_limit`` seconds gives it seconds (:func:`rostering.lns_search.sub_time`; ~0.6–0.7 s
    of wall time a unit on one thread beside another).
    """
    if work <= 0:
        return None, False
    search = NeighbourhoodSearch(ctx, workers, seed)
    search.best, search.best_obj = values, objective_of(ctx, values)
    cut = False

    def heard() -> None:
        if on_better is not None:
            on_better(search.best_obj)

    # the work goes in TURNS turns to CP-SAT's own LNS (0) or the neighbourhoods here (1):
    # one each first, then to whichever gained more a unit in its last turn
    rate = [0.0, 0.0]
    chunk = work / TURNS
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for turn in range(TURNS):
            if search.best_obj <= bound:
                break
            if time.perf_counter() >= deadline:
                cut = True
                break
            way = turn % 2 if turn < 2 or rate[0] == rate[1] else int(rate[1] > rate[0])
            before = search.best_obj
            if way == 0:
                found, late = _cpsat_lns(
                    ctx,
                    search.best,
                    chunk * CPSAT_RATIO,
                    workers,
                    seed + turn,
                    deadline,
                    on_better,
                )
                # a turn the clock cut short makes the run unrepeatable, better roster or not
                cut = cut or late
                if found is not None and (obj := objective_of(ctx, found)) < before:
                    search.best, search.best_obj = found, obj
            else:
                cut = (
                    search.run_work(
                        chunk,
                        sub_time(time_limit),
                        pool,
                        deadline,
                        more=lambda: search.best_obj > bound,
                        improved=heard,
                    )
                    or cut
                )
            rate[way] = (before - search.best_obj) / chunk
    if search.best == values:  # nothing better, and no sideways move that stayed
        return None, cut
    scaled, pens, roster = roster_of(ctx, terms, search.best)
    if scaled < search.best_obj and on_better is not None:
        # CP-SAT's LNS can end with slack to spare; the roster's own objective is lower, and
        # the progress must end at the objective reported
        on_better(scaled)
    return (scaled, pens, roster), cut


CPSAT_RATIO = 1.35  # its units run faster than the sub-problems' below
TURNS = 6


class _Heard(cp_model.CpSolverSolutionCallback):
    def __init__(self, on_better: Callable[[int], None] | None) -> None:
        super().__init__()
        self.on_better = on_better

    def on_solution_callback(self) -> None:
        if self.on_better is not None:
            self.on_better(round(self.objective_value))


def _cpsat_lns(
    ctx: ModelContext,
    values: list[int],
    work: float,
    workers: int,
    seed: int,
    deadline: float,
    on_better: Callable[[int], None] | None,
) -> tuple[list[int] | None, bool]:
    """CP-SAT's LNS workers from ``values`` for ``work`` units: (the best full solution, or
    None when there is none; whether the wall-clock net ``deadline`` cut the run)."""
    full_hint(ctx.model, values)
    solver = interleaved_solver(workers, seed, deadline - time.perf_counter(), LNS_SUBSOLVERS, work)
    status = solver.solve(ctx.model, _Heard(on_better))
    late = wall_cut(solver, status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, late
    return list(solver.response_proto.solution), late
