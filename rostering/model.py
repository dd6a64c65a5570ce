"""The CP-SAT model: assignment variables built once, then each rule encodes itself."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any

from ortools.sat.python import cp_model

from rostering.problem import Availability, Problem
from rostering.roster import Roster
from rostering.rules.base import Term


class ModelContext:
    """Variables and lookups shared by every rule's encoding.

    ``x[p, d, s, k]`` is 1 when person ``p`` works shift ``s`` on day ``d`` covering skill ``k``
    ('' when the person covers no demanded skill). ``work[p, d]`` is 1 when they work at all.
    Indices are positions in ``problem.staff``, ``problem.days`` and ``problem.shifts``.

    >>> # ctx = ModelContext(problem); ctx.work[0, 0]  -> BoolVar of person 0 on day 0
    """

    def __init__(self, problem: Problem, model: cp_model.CpModel | None = None) -> None:
        self.problem = problem
        self.model = model or cp_model.CpModel()
        self.days: list[dt.date] = problem.days
        self.day_index = {d: i for i, d in enumerate(self.days)}
        self.shift_index = {s.code: i for i, s in enumerate(problem.shifts)}
        demanded = {r.skill for r in problem.demand if r.skill}
        self.skill_options: list[list[str]] = []
        for person in problem.staff:
            ks = sorted(problem.coverable_skills(person) & demanded)
            self.skill_options.append(ks or [""])
        self.x: dict[tuple[int, int, int, str], cp_model.IntVar] = {}
        self.work: dict[tuple[int, int], cp_model.IntVar] = {}
        m = self.model
        for p, person in enumerate(problem.staff):
            for d in range(len(self.days)):
                vs = []
                for s, shift in enumerate(problem.shifts):
                    for k in self.skill_options[p]:
                        v = m.new_bool_var(f"x[{person.staff_id},{d},{shift.code},{k}]")
                        self.x[p, d, s, k] = v
                        vs.append(v)
                w = m.new_bool_var(f"work[{person.staff_id},{d}]")
                m.add(cp_model.LinearExpr.sum(vs) == w)  # one shift a day, one skill a shift
                self.work[p, d] = w
        self._on: dict[tuple[int, int, int], Any] = {}

    def on_shift(self, p: int, d: int, s: int) -> Any:
        """1 when person ``p`` works shift ``s`` on day ``d`` (whatever skill)."""
        key = (p, d, s)
        if key not in self._on:
            ks = self.skill_options[p]
            self._on[key] = (
                self.x[p, d, s, ks[0]] if len(ks) == 1 else sum(self.x[p, d, s, k] for k in ks)
            )
        return self._on[key]

    def roster_values(self, roster: Roster) -> list[tuple[cp_model.IntVar, int]]:
        """Each assignment variable with its value in ``roster`` (a hint, or a roster to fix)."""
        p = self.problem
        out = []
        for (pi, di, si, k), var in self.x.items():
            c = roster.cell(p.staff[pi].staff_id, self.days[di])
            on = (
                c is not None
                and c.code == p.shifts[si].code
                and (c.skill == k or len(self.skill_options[pi]) == 1)
            )
            out.append((var, int(on)))
        return out

    @cached_property
    def absences(self) -> dict[tuple[int, int], Availability]:
        """Leave and unavailable days by (person, day)."""
        out: dict[tuple[int, int], Availability] = {}
        pidx = {pp.staff_id: i for i, pp in enumerate(self.problem.staff)}
        for a in self.problem.availability:
            if a.kind in ("leave", "unavailable"):
                for d in a.dates:
                    if d in self.day_index:
                        out[pidx[a.staff_id], self.day_index[d]] = a
        return out

    def paid_minutes(self, p: int, days: range | list[int]) -> Any:
        """Paid minutes worked by person ``p`` over the given day indices."""
        # one weighted sum, not a chain of Python additions: builds far faster on long periods
        exprs, coefs = [], []
        for d in days:
            for s, sh in enumerate(self.problem.shifts):
                exprs.append(self.on_shift(p, d, s))
                coefs.append(sh.paid_minutes)
        return cp_model.LinearExpr.weighted_sum(exprs, coefs)


def full_hint(model: cp_model.CpModel, values: list[int]) -> None:
    """Hint every variable of ``model`` with ``values`` (one per variable, in index order): a
    complete feasible assignment, which CP-SAT takes as its first solution.

    >>> m = cp_model.CpModel(); a, b = m.new_bool_var("a"), m.new_bool_var("b")
    >>> full_hint(m, [1, 0]); list(m.proto.solution_hint.values)
    [1, 0]
    """
    model.clear_hints()
    model.proto.solution_hint.vars.extend(range(len(values)))
    model.proto.solution_hint.values.extend(values)


def objective_terms(ctx: ModelContext, terms: list[Term]) -> cp_model.LinearExprT:
    """The weighted sum the solver minimises."""
    used = [t for t in terms if t.coef]
    return cp_model.LinearExpr.weighted_sum([t.expr for t in used], [t.coef for t in used])
