"""Column generation's bound as model rows (rostering.lagrange_cut): valid for every roster."""

from __future__ import annotations

import random

from ortools.sat.python import cp_model
from test_colgen import BUSY

from rostering.colgen import column_generation
from rostering.io.curtois import parse_curtois, to_problem
from rostering.lagrange_cut import add_cut
from rostering.model_values import values_of
from rostering.roster import Roster
from rostering.rules.base import SCALE, Term
from rostering.solve import build, roster_of


def _rosters(n: int) -> list[Roster]:
    """``n`` different rosters of the busy week, far from optimal: each the best for a random
    weighting of its shifts (no penalty at all), so every hard rule holds."""
    p = to_problem(parse_curtois(BUSY))
    out = []
    for seed in range(n):
        ctx, terms = build(p)
        rng = random.Random(seed)
        xs = list(ctx.x.values())
        ctx.model.minimize(cp_model.LinearExpr.weighted_sum(xs, [rng.randint(-5, 5) for _ in xs]))
        s = cp_model.CpSolver()
        s.parameters.num_workers = 1
        s.parameters.max_time_in_seconds = 5
        assert s.solve(ctx.model) == cp_model.OPTIMAL
        _scaled, _pens, roster = roster_of(ctx, terms, list(s.response_proto.solution))
        out.append(roster)
    return out


def test_rows_keep_every_roster_and_the_optimum() -> None:
    p = to_problem(parse_curtois(BUSY))
    cg = column_generation(p, time_limit=10)
    assert cg.converged and cg.cut is not None
    # the rows' floors and constant are the reported bound itself
    assert abs(cg.cut.bound - cg.bound * SCALE) < 1e-6

    plain, plain_terms = build(p)
    ctx, terms = build(p)
    before = len(ctx.model.proto.constraints)
    assert add_cut(ctx, terms, cg.cut)
    assert len(ctx.model.proto.constraints) == before + len(p.staff) + 1
    # no roster is cut off: twelve unlike rosters (and their objectives) are all still there
    for roster in _rosters(12):
        kept, was = values_of(ctx, roster), values_of(plain, roster)
        assert kept is not None and was is not None
        assert roster_of(ctx, terms, kept)[0] == roster_of(plain, plain_terms, was)[0]
    # nor the optimum; and CP-SAT proves it with the rows too. The rows are tight there (the
    # bound is the optimum, 825), so a floor or constant even one unit too high moves it
    # (tried: 962 and 830); the rosters above are far from tight and would not show that
    optimum = []
    for model in (plain, ctx):
        s = cp_model.CpSolver()
        s.parameters.num_workers = 2
        s.parameters.max_time_in_seconds = 20
        assert s.solve(model.model) == cp_model.OPTIMAL
        optimum.append(round(s.objective_value))
    assert optimum[0] == optimum[1] >= cg.bound * SCALE - 1e-6


def test_no_rows_when_a_penalty_names_nobody() -> None:
    """A soft term that is not cover and is booked to no person: its person's row would miss
    it, so nothing is added."""
    p = to_problem(parse_curtois(BUSY))
    cg = column_generation(p, time_limit=10)
    assert cg.cut is not None
    ctx, terms = build(p)
    before = len(ctx.model.proto.constraints)
    loose = Term("requests", next(iter(ctx.x.values())), 100)
    assert not add_cut(ctx, [*terms, loose], cg.cut)
    assert len(ctx.model.proto.constraints) == before
