"""Block swaps between two people: requests met without touching cover.

Person by person (:mod:`rostering.sequential`) re-places one person at a time against
everybody else's shifts, so it stops where meeting a person's request would leave a shift
short that only someone else could fill. Swapping a block of days between two people — ``p``
works ``q``'s shifts on days ``a..b`` and ``q`` works ``p``'s — leaves every day's cover as it
was, so only the two people's own penalties (their requests) change. :func:`swap_requests`
walks the unmet requests and makes, for each, the best such swap around it that holds both
people's rules (sequence rules by :func:`rostering.person_repair.sequence_ok`, counting rules
by :func:`rostering.person_excess.excess`), as long as some swap lowers the requests' cost.

Only problems whose people all have a dynamic program (:class:`rostering.person_dp.PersonDP`)
and whose only tie between people is cover (:func:`rostering.construct.decomposable`) qualify;
swaps stay between people of the same skill, so cover per skill is kept too.

>>> from rostering.pair_swap import swap_requests
>>> better, gained = swap_requests(problem, roster, deadline=deadline)  # doctest: +SKIP
"""

from __future__ import annotations

import random
import time

import numpy as np

from rostering.construct import _roster, decomposable, person_problem
from rostering.person_dp import PersonDP
from rostering.person_excess import excess
from rostering.person_repair import sequence_ok
from rostering.problem import Problem
from rostering.roster import Roster

# the longest block swapped, in days; measured on Curtois–Qu 20 (a 60 s roster, 60 s of
# random swaps): blocks up to 7 days gained 177, up to 14 days 151 (fewer people tried)
MAX_LEN = 7
# candidate swaps around one request checked for the rules, best first (most that cut the cost
# break a rule). On the same stored rosters, 2.5 s each, I20 / I21 / I22 / I23 / I24 gained
# 172 / 322 / 641 / 896 / 700 with 60; 150 / 252 / 575 / 792 / 718 with 20; 180 / 360 / 646 /
# 841 / 355 with 200 (slower through the requests of the largest)
TRIES = 60
# the cost of a shift a person may not work: never taken by a swap
BLOCKED = np.int64(1) << 40


class _Swaps:
    """The people's schedules as one array (``S`` = off) with each person's cost of every
    shift or rest on every day."""

    def __init__(self, problem: Problem, roster: Roster, dps: list[PersonDP]) -> None:
        self.problem, self.dps = problem, dps
        P, n, S = len(problem.staff), len(problem.days), len(problem.shifts)
        self.P, self.n, self.S = P, n, S
        cost = np.empty((P, n, S + 1), dtype=np.int64)
        for p, dp in enumerate(dps):
            cost[p, :, :S] = np.where(dp.allowed, dp.own_work, BLOCKED)
            cost[p, :, S] = dp.own_off
        self.cost = cost
        index = {s.code: i for i, s in enumerate(problem.shifts)}
        path = np.full((P, n), S, dtype=np.int64)
        for p, person in enumerate(problem.staff):
            for d, day in enumerate(problem.days):
                c = roster.cell(person.staff_id, day)
                if c is not None and c.code in index:
                    path[p, d] = index[c.code]
        self.path = path
        self.lists = [[-1 if s == S else int(s) for s in row] for row in path]
        self.skill = [dp.skill for dp in dps]
        self.skills = np.array(self.skill)

    def unmet(self) -> list[tuple[int, int]]:
        """(person, day) of every day whose own cost is above zero."""
        P, n = self.P, self.n
        cur = self.cost[np.arange(P)[:, None], np.arange(n)[None, :], self.path]
        return [(int(p), int(d)) for p, d in zip(*np.nonzero(cur > 0), strict=True)]

    def _holds(self, p: int, path: list[int], a: int, b: int) -> bool:
        dp = self.dps[p]
        if not sequence_ok(dp, path, a, b):
            return False
        counts, weekends, minutes = dp.usage(path)
        return excess(dp, counts, weekends, minutes) == 0

    def best_swap(self, p: int, d0: int, max_len: int) -> int:
        """Make the best rule-abiding swap of a block around day ``d0`` between ``p`` and
        someone else; the cost it saved (0: none made)."""
        P, n, path, cost = self.P, self.n, self.path, self.cost
        lo, hi = max(0, d0 - max_len + 1), min(n - 1, d0 + max_len - 1)
        D = np.arange(lo, hi + 1)
        rows = np.arange(P)[:, None]
        theirs = path[:, D]  # P × |D|
        mine = path[p, D]
        cur = cost[rows, D[None, :], theirs]
        # p working q's shifts plus q working p's, less what each has now
        delta = cost[p, D[None, :], theirs] + cost[:, D, mine] - cur - cur[p]
        csum = np.concatenate([np.zeros((P, 1), dtype=np.int64), delta.cumsum(axis=1)], axis=1)
        spans = [
            (a, b)
            for a in range(max(lo, d0 - max_len + 1), d0 + 1)
            for b in range(d0, min(hi, a + max_len - 1) + 1)
        ]
        A = np.array([a - lo for a, _ in spans])
        B = np.array([b - lo + 1 for _, b in spans])
        gain = csum[:, B] - csum[:, A]  # P × spans
        gain[self.skills != self.skill[p], :] = 0  # another skill would change cover
        flat = np.flatnonzero(gain < 0)
        if not len(flat):
            return 0
        order = flat[np.argsort(gain.ravel()[flat], kind="stable")][:TRIES]
        mine_l = self.lists[p]
        for k in order:
            q, j = divmod(int(k), len(spans))
            a, b = spans[j]
            theirs_l = self.lists[q]
            new_p = mine_l[:a] + theirs_l[a : b + 1] + mine_l[b + 1 :]
            new_q = theirs_l[:a] + mine_l[a : b + 1] + theirs_l[b + 1 :]
            if self._holds(p, new_p, a, b) and self._holds(q, new_q, a, b):
                self.lists[p], self.lists[q] = new_p, new_q
                block = path[p, a : b + 1].copy()
                path[p, a : b + 1] = path[q, a : b + 1]
                path[q, a : b + 1] = block
                return -int(gain[q, j])
        return 0

    def roster(self) -> Roster:
        """The roster of the current schedules."""
        sched = {
            p: {(d, s): self.skill[p] for d, s in enumerate(row) if s >= 0}
            for p, row in enumerate(self.lists)
        }
        return _roster(self.problem, sched)


def swap_requests(
    problem: Problem,
    roster: Roster,
    *,
    deadline: float,
    seed: int = 0,
    max_len: int = MAX_LEN,
) -> tuple[Roster, int]:
    """``roster`` with cover-neutral block swaps made (see the module docstring) until none
    lowers the cost or ``deadline`` (a ``time.perf_counter`` value) passes; with the scaled
    cost saved. The roster comes back unchanged (gain 0) when the problem does not qualify.

    >>> # swap_requests(problem, roster, deadline=time.perf_counter() + 3) -> (roster', 17_700)
    """
    if not decomposable(problem) or time.perf_counter() >= deadline:
        return roster, 0
    built = [PersonDP.build(person_problem(problem, p)) for p in range(len(problem.staff))]
    dps = [dp for dp in built if dp is not None]
    if len(dps) < len(built):
        return roster, 0
    sw = _Swaps(problem, roster, dps)
    rng = random.Random(seed)
    gained = 0
    while time.perf_counter() < deadline:
        todo = sw.unmet()
        rng.shuffle(todo)
        moved = 0
        for p, d in todo:
            if time.perf_counter() >= deadline:
                break
            got = sw.best_swap(p, d, max_len)
            gained += got
            moved += got > 0
        if not moved:
            break
    return (sw.roster(), gained) if gained else (roster, 0)
