"""The master problem of column generation (:mod:`rostering.colgen`): cover rows, the LP.

One convexity row per group of interchangeable people (:func:`groups`), one cover row per need
and direction (heads ≥ target with under-cover slacks, heads ≤ target with an over-cover slack),
solved with GLOP as columns — whole schedules — arrive. :meth:`CoverRow.lagrange` is each need's
part of the Lagrangian bound at given duals.

>>> rows = cover_rows(problem)  # doctest: +SKIP
>>> lp = MasterLP([1] * len(problem.staff), rows)  # doctest: +SKIP
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ortools.linear_solver import pywraplp

from rostering.problem import Problem
from rostering.rules.base import coef
from rostering.rules.coverage_spec import Need, needs

HARD_MIN = 10**7  # scaled cost of a head below a hard minimum in the relaxation


@dataclass
class CoverRow:
    """A cover need as the master sees it (scaled weights, the most heads that can count)."""

    need: Need
    cap: int
    w_min: int
    w_target: int
    w_over: int

    @property
    def under_row(self) -> bool:
        return self.need.target > 0

    @property
    def over_row(self) -> bool:
        return self.w_over > 0 and self.cap > self.need.target

    def lagrange(self, alpha: float, beta: float) -> float:
        """The need's part of the Lagrangian bound at duals ``alpha`` (≥ 0, on heads ≥ target)
        and ``beta`` (≥ 0, on heads ≤ target): its slacks at their best for those prices."""
        n = self.need
        tgt, mn = n.target, n.min
        return (
            tgt * (alpha - beta)
            + min(0.0, (self.w_min - alpha) * mn)
            + min(0.0, (self.w_target - alpha) * (tgt - mn))
            + min(0.0, (self.w_over - beta) * max(0, self.cap - tgt))
        )


class MasterLP:
    """The restricted master LP (GLOP), columns added as they are priced."""

    def __init__(self, sizes: list[int], cn: list[CoverRow]) -> None:
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        lp = self.lp
        inf = lp.infinity()
        self.obj = lp.Objective()
        self.obj.SetMinimization()
        # one row per group of interchangeable people: its schedules are worked ``size`` times
        self.sizes = sizes
        self.conv = [lp.Constraint(n, n) for n in sizes]
        self.cols: list[list[pywraplp.Variable]] = [[] for _ in sizes]
        self.fixed = [False] * len(sizes)
        self.under: list[pywraplp.Constraint | None] = []
        self.over: list[pywraplp.Constraint | None] = []
        for c in cn:
            n = c.need
            row = None
            if c.under_row:
                row = lp.Constraint(n.target, inf)
                for lo_hi, w in ((n.min, c.w_min), (n.target - n.min, c.w_target)):
                    if lo_hi > 0:
                        u = lp.NumVar(0, lo_hi, "")
                        row.SetCoefficient(u, 1)
                        self.obj.SetCoefficient(u, w)
            self.under.append(row)
            orow = None
            if c.over_row:
                orow = lp.Constraint(-inf, n.target)
                o = lp.NumVar(0, c.cap - n.target, "")
                orow.SetCoefficient(o, -1)
                self.obj.SetCoefficient(o, c.w_over)
            self.over.append(orow)

    def add(self, p: int, cost: int, incidence: dict[int, int]) -> None:
        v = self.lp.NumVar(0, self.sizes[p], "")
        self.cols[p].append(v)
        if self.fixed[p]:  # a person fixed by the dive takes no new schedule
            v.SetBounds(0, 0)
        self.obj.SetCoefficient(v, cost)
        self.conv[p].SetCoefficient(v, 1)
        for i, a in incidence.items():
            for row in (self.under[i], self.over[i]):
                if row is not None:
                    row.SetCoefficient(v, a)

    def fix(self, p: int, j: int) -> None:
        """Person ``p`` takes their ``j``-th schedule and no other."""
        self.fixed[p] = True
        for i, v in enumerate(self.cols[p]):
            v.SetBounds(float(i == j), float(i == j))

    def weights(self) -> list[list[float]]:
        """Each column's value in the last LP solution, per person."""
        return [[v.solution_value() for v in cols] for cols in self.cols]

    def solve(self) -> tuple[float, list[float], list[float], list[float]]:
        """(LP value, convexity duals, cover duals α ≥ 0, over duals β ≥ 0)."""
        status = self.lp.Solve()
        if status != pywraplp.Solver.OPTIMAL:  # cannot happen: slacks make every row feasible
            raise RuntimeError(f"master LP status {status}")
        pi = [c.dual_value() for c in self.conv]
        alpha = [max(0.0, r.dual_value()) if r is not None else 0.0 for r in self.under]
        beta = [max(0.0, -r.dual_value()) if r is not None else 0.0 for r in self.over]
        return self.obj.Value(), pi, alpha, beta


def cover_rows(problem: Problem) -> list[CoverRow]:
    people = len(problem.staff)
    out = []
    for n in needs(problem):
        # skill needs are capped by everyone: loose, but only the cap of the over slack
        cap = people * len({d for d, _ in n.covering})
        # a hard minimum is relaxed to a soft one far heavier than anything else: the bound of
        # the relaxation holds for the hard problem too (its rosters are a subset)
        w_min = HARD_MIN if problem.strict_cover else coef(n.w_min)
        out.append(CoverRow(n, cap, w_min, coef(n.w_target), coef(n.w_over)))
    return out


def groups(problem: Problem) -> list[list[int]]:
    """People who are interchangeable for every rule (same person data but their id and name,
    same leave, requests and history), in staff order.

    >>> # groups(problem) -> [[0], [1, 4], [2], [3]]: people 1 and 4 differ only by name
    """
    # each person's leave/requests and history, read once (not once per person)
    own_rows: dict[str, list[str]] = defaultdict(list)
    for a in problem.availability:
        own_rows[a.staff_id].append(repr(a.model_copy(update={"staff_id": "", "row": 0})))
    for h in problem.history:
        own_rows[h.staff_id].append(repr(h.model_copy(update={"staff_id": ""})))
    key_of: dict[tuple, list[int]] = {}
    for p, person in enumerate(problem.staff):
        key = (
            person.model_copy(update={"staff_id": "", "name": ""}),
            tuple(sorted(own_rows.get(person.staff_id, ()))),
        )
        key_of.setdefault(key, []).append(p)
    return list(key_of.values())
