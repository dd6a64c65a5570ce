"""The weekend-cap bound on the cover penalty (rostering.weekend_bound): the right number, never
above an optimum CP-SAT proves on its own, carried into the solvers' reported bounds, and
nothing claimed for demand it does not fit."""

from __future__ import annotations

import random
import sys

import pytest
from ortools.sat.python import cp_model
from test_curtois import curtois_month

from rostering import check, load_scenario, penalties, solve
from rostering.io.curtois import parse_curtois, to_problem
from rostering.lns import solve_lns
from rostering.rules.base import SCALE
from rostering.solve import build
from rostering.weekend_bound import weekend_cover_bound, weekend_supply


def test_heads_beyond_the_weekend_days_anybody_can_work_are_counted() -> None:
    p = to_problem(parse_curtois(curtois_month()))
    assert weekend_supply(p) == 6 * 2 * 2
    assert weekend_cover_bound(p) == (32 - 24) * 100 * SCALE
    # A off on three Saturdays: their two best weekends now give 2 + 1 days
    off = "A,5,12,19\nB,\nC,\nD,\nE,\nF,"
    q = to_problem(parse_curtois(curtois_month(off)))
    assert weekend_supply(q) == 23 and weekend_cover_bound(q) == 9 * 100 * SCALE


def test_the_bound_is_reached_and_proves_the_roster_optimal() -> None:
    p = to_problem(parse_curtois(curtois_month()))
    res = solve(p, time_limit=10, workers=2, seed=0)
    assert res.roster is not None and res.objective is not None
    # weekdays can all be covered: the optimum is exactly the 8 weekend heads no cap allows
    assert res.objective == 800 and res.bound == 800 and res.status == "OPTIMAL"
    assert weekend_cover_bound(p) == res.objective * SCALE  # tight here, never above
    violations = check(p, res.roster)
    assert sum(penalties(violations).values()) == res.objective
    lns = solve_lns(p, time_limit=5, workers=2, seed=0)
    assert lns.bound == 800 and lns.objective is not None and lns.objective >= 800


def _optimum(text: str) -> int:
    """The optimum (model units) CP-SAT proves on its own, without any bound given."""
    ctx, _terms = build(to_problem(parse_curtois(text)))
    s = cp_model.CpSolver()
    s.parameters.num_workers, s.parameters.max_time_in_seconds = 2, 20
    assert s.solve(ctx.model) == cp_model.OPTIMAL
    return round(s.objective_value)


def test_the_cheapest_weekend_head_prices_the_bound() -> None:
    text = curtois_month()
    for saturday in (5, 12, 19, 26):  # a head short on a Saturday costs 50, on a Sunday 100
        text = text.replace(f"\n{saturday},D,4,100,1", f"\n{saturday},D,4,50,1")
    bound = weekend_cover_bound(to_problem(parse_curtois(text)))
    assert bound == 8 * 50 * SCALE
    # a weekend with one day worked spends a whole weekend of the cap, so the optimum leaves
    # Sundays short too: above the bound, never below it
    assert bound < _optimum(text)


def _random_month(rng: random.Random) -> str:
    """Two weeks, three or four people with weekend caps and days off, random cover."""
    n = rng.choice((3, 4))
    people = [chr(65 + i) for i in range(n)]
    staff = "\n".join(f"{c},D=14|N={rng.randint(0, 4)},6000,0,5,1,1,1" for c in people)
    offs = "\n".join(
        f"{c}," + ",".join(str(d) for d in rng.sample(range(14), rng.randint(0, 3))) for c in people
    )
    cover = "\n".join(
        f"{d},{s},{rng.randint(0, 3)},{rng.choice((50, 100))},1" for d in range(14) for s in "DN"
    )
    return (
        f"SECTION_HORIZON\n14\n\nSECTION_SHIFTS\nD,480,\nN,600,D\n\nSECTION_STAFF\n{staff}\n\n"
        f"SECTION_DAYS_OFF\n{offs}\n\nSECTION_SHIFT_ON_REQUESTS\n\n"
        f"SECTION_SHIFT_OFF_REQUESTS\n\nSECTION_COVER\n{cover}\n"
    )


@pytest.mark.parametrize("seed", range(6))
def test_the_bound_never_exceeds_an_optimum_cp_sat_proves(seed: int) -> None:
    text = _random_month(random.Random(seed))
    assert weekend_cover_bound(to_problem(parse_curtois(text))) <= _optimum(text)


def test_nothing_is_claimed_for_demand_the_argument_does_not_fit() -> None:
    # time-slot rows (one shift fills many slots) and no weekend caps: no bound
    for name in ("evening-shop", "call-centre-tiers", "hotline"):
        assert weekend_cover_bound(load_scenario(f"scenarios/{name}")) == 0


def test_a_reproducible_solve_runs_on_past_a_bound_it_meets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # stopping CP-SAT's interleaved (reproducible) search from its solution callback aborted
    # the whole process with ortools 9.15 when a roster met a bound set above the optimum
    module = sys.modules["rostering.solve"]  # the package's ``solve`` is the function
    monkeypatch.setattr(module, "weekend_cover_bound", lambda _p: 1000 * SCALE)
    p = to_problem(parse_curtois(curtois_month()))
    res = solve(p, time_limit=5, workers=2, seed=0)
    assert res.objective == 800 and res.status == "OPTIMAL"
