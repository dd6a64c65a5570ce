"""A roster rounded from column generation's relaxation, for problems too big to price exactly.

Column generation (:mod:`rostering.colgen`) prices each person with their own CP-SAT model,
which is exact but takes seconds a person: from about 1,700 person-days on it leaves no time
for anything else, so larger problems used to start their search from a roster built one person
at a time (:mod:`rostering.sequential`) that knows nothing of the relaxation. On Curtois–Qu 13
(120 people × 28 days) that start, and the search after it, kept 31 heads short on weekends,
where the weekend caps leave room for all but about two.

Here the pricing is a placement in :class:`rostering.lanes.Lanes` instead — each person's
dynamic program (:mod:`rostering.person_dp`), milliseconds a person and on both cores. It
proves nothing, so no bound comes out of it, but its columns bring the master LP close to the
optimum (Curtois–Qu 13: LP value 1,356 after 60 s, best known 1,348). The LP's solution is
fractional; :func:`lp_roster` rounds it one person at a time: each, in turn, takes their best
schedule against the cover the rest are *expected* to give — the people already rounded with
their schedules, the others with their LP mix of schedules — so every choice is made knowing
the whole roster the relaxation plans.

>>> from rostering.colgen_round import lp_roster
>>> roster = lp_roster(problem, time_limit=20, seed=0, workers=2)  # doctest: +SKIP
"""

from __future__ import annotations

import time

import numpy as np

from rostering.colgen import Schedule, _ColumnGeneration
from rostering.construct import _roster, person_problem
from rostering.lanes import Lanes
from rostering.person_dp import PersonDP
from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.coverage_spec import CoverTable

# a column the LP weighs below this takes no part in the expected cover
WEIGHT_FLOOR = 1e-6
# seconds a person's placement may take while rounding
ROUND_LIMIT = 1.0


def lp_roster(
    problem: Problem, *, time_limit: float, seed: int = 0, workers: int = 2
) -> Roster | None:
    """Column generation priced by placement for ``time_limit`` seconds, then its LP rounded
    to a roster (see the module docstring); None when some person has no schedule.

    The problem must be :func:`rostering.construct.decomposable`. The rounding itself runs
    after the time limit (a placement a person: about two seconds for Curtois–Qu 13's 120).
    """
    t0 = time.perf_counter()
    lanes = Lanes(problem, fast=True, count=workers)
    try:
        cg = _ColumnGeneration(problem, seed, workers, lanes=lanes)
        cg.converge(None, t0 + time_limit, 1_000_000)
        if not all(cg.pool) or cg.lp_value == float("inf"):
            return None
        sched = _round(problem, cg, lanes, seed)
    finally:
        lanes.close()
    return None if sched is None else _roster(problem, sched)


def _round(
    problem: Problem, cg: _ColumnGeneration, lanes: Lanes, seed: int
) -> dict[int, Schedule] | None:
    """Each person's schedule, placed one after another against the cover expected of all
    the others (see the module docstring); None when a placement finds no schedule."""
    table = CoverTable([c.need for c in cg.cn])
    weights = cg.master.weights()
    expected = np.zeros(len(cg.cn))
    # per person: their LP mix, as (weight, heads on each need) of every column it uses
    mixes: list[tuple[float, int, list[tuple[float, dict[int, int]]]]] = []
    for g, members in enumerate(cg.members):
        size = len(members)  # a group's columns are shared by its interchangeable people
        mix = [
            (w / size, cg.incidence(col))
            for w, (col, _own) in zip(weights[g], cg.pool[g], strict=True)
            if w > WEIGHT_FLOOR
        ]
        for p in members:
            mixes.append((max((w for w, _ in mix), default=0.0), p, mix))
            _count(expected, mix, 1.0)
    # the people the LP is surest of first: their schedule is least a guess, and those after
    # them see it as placed
    mixes.sort(key=lambda m: (-m[0], m[1]))
    sched: dict[int, Schedule] = {}
    for _sure, p, mix in mixes:
        _count(expected, mix, -1.0)
        price = table.prices(expected)
        # the full subgradient search here, not the placement's few steps: it runs once a
        # person, and its choices stay (Curtois–Qu 13 at 25 s: 4,978 against 6,573)
        dp = PersonDP.build(person_problem(problem, p))
        found = None if dp is None else dp.solve(price)
        if found is not None:
            got: tuple[Schedule, int] | None = (found.shifts, found.own)
        else:
            got = lanes.place_all([p], price, ROUND_LIMIT, seed)[p]
        if got is None:
            return None
        sched[p] = got[0]
        _count(expected, [(1.0, cg.incidence(got[0]))], 1.0)
    return sched


def _count(expected: np.ndarray, mix: list[tuple[float, dict[int, int]]], sign: float) -> None:
    """Add (``sign`` 1) or take out (−1) the heads of a weighted mix of schedules."""
    for w, heads in mix:
        for i, a in heads.items():
            expected[i] += sign * w * a
