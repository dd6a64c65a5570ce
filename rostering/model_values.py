"""A roster as values of the model's variables: fixing, reading back, scoring.

The LNS (:mod:`rostering.lns`) and the window search (:mod:`rostering.window_search`) keep
rosters as complete vectors of variable values of one model — the hint and the fixed cells of
every sub-problem. These three helpers turn a :class:`~rostering.roster.Roster` into such a
vector, solve the model with values fixed, and score a vector by the model's objective.

>>> # values = values_of(ctx, roster); objective_of(ctx, values)  -> scaled objective
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from rostering.model import ModelContext
from rostering.neighbourhood import cp_solver
from rostering.roster import Roster


def fixed_solve(ctx: ModelContext, values: dict[int, int]) -> cp_model.CpSolver | None:
    """Solve the model with the given variables fixed (the rest follows by propagation); the
    solver, or None when the model rejects those values.

    >>> # s = fixed_solve(ctx, dict(enumerate(values))); s.objective_value
    """
    m = ctx.model.clone()
    m.clear_hints()
    for i, v in values.items():
        dom = m.proto.variables[i].domain
        dom.clear()
        dom.extend([v, v])
    s = cp_solver(1, 0, 60.0)
    return s if s.solve(m) == cp_model.OPTIMAL else None


def values_of(ctx: ModelContext, roster: Roster) -> list[int] | None:
    """Every model variable's value for a roster (None if the model rejects it).

    >>> # values_of(ctx, roster)[ctx.x[0, 0, 0, ""].index]  -> 1 when person 0 works shift 0
    """
    s = fixed_solve(ctx, {var.index: v for var, v in ctx.roster_values(roster)})
    return None if s is None else list(s.response_proto.solution)


def objective_of(ctx: ModelContext, values: list[int]) -> int:
    """The scaled objective of a full solution vector.

    >>> # objective_of(ctx, values) == round(solver.objective_value)
    """
    obj = ctx.model.proto.objective
    return round(obj.offset + sum(c * values[v] for v, c in zip(obj.vars, obj.coeffs, strict=True)))
