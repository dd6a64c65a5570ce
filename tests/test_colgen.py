"""Column generation (rostering.colgen): a proven lower bound and a dive roster."""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path

import pytest
from helpers import avail, d, demand, one_slot_problem, person
from test_curtois import SHARED, TINY, _rows, independent_score, needs_data

from rostering import lns
from rostering.bench import solution_frame
from rostering.check import check, hard_violations, penalties
from rostering.colgen import column_generation, model_bound
from rostering.colgen_master import CoverRow, groups
from rostering.io.curtois import load_curtois, parse_curtois, to_problem
from rostering.io.scenario import load_scenario
from rostering.problem import RuleSet, Weights
from rostering.rules.base import SCALE
from rostering.rules.coverage_spec import Need
from rostering.solve import solve

ROOT = Path(__file__).resolve().parents[1]

# the tiny week with more cover wanted than two people can give: a positive optimum
BUSY = (
    TINY[: TINY.index("SECTION_COVER")]
    + "SECTION_COVER\n"
    + "".join(f"{d},D,2,100,1\n{d},N,1,60,5\n" for d in range(7))
)


def test_need_lagrange_term_by_hand() -> None:
    # min 2, target 3, at most 5 heads; scaled weights: 1000 below min, 10 below target, 1 over
    c = CoverRow(Need(dt.date(2026, 10, 1), 540, "", 2, 3, 10, 0.1, 0.01, ()), 5, 1000, 10, 1)
    assert c.lagrange(0, 0) == 0  # no prices: the slacks cost nothing at their best (zero)
    # a head priced above every weight: all slacks taken, = the penalty of nobody on the shift
    assert c.lagrange(2000, 0) == 3 * 2000 - 1000 * 2 - 1990 * 1 == 1000 * 2 + 10
    # a price on heads above target beyond its weight: the over slack is taken to its cap
    assert c.lagrange(0, 5) == -3 * 5 + (1 - 5) * 2


def test_bound_is_below_the_proven_optimum_and_the_dive_is_a_clean_roster() -> None:
    """On a week-long instance CP-SAT proves the optimum by itself: column generation's bound
    may not exceed it, and the dive's roster is feasible, scored alike, and not below it."""
    p = to_problem(parse_curtois(BUSY))
    exact = solve(p, time_limit=20)
    assert exact.status == "OPTIMAL" and exact.objective is not None
    cg = column_generation(p, time_limit=10, dive_limit=10)
    assert cg.converged and cg.rounds >= 2
    assert 0 < cg.bound <= exact.objective + 1e-6
    assert cg.bound <= cg.lp_value + 1e-6  # the Lagrangian bound never beats the LP value
    assert cg.roster is not None
    v = check(p, cg.roster)
    assert not hard_violations(v)
    ours = sum(penalties(v).values())
    assert ours >= exact.objective
    theirs, bad = independent_score(BUSY, _rows(solution_frame(p, cg.roster)))
    assert bad == [] and theirs == ours
    # every pooled schedule is a person's own and carries their own penalty
    assert all(len(pool) >= 1 for pool in cg.pool)


@needs_data
@pytest.mark.parametrize(("name", "optimum"), [("Instance2", 828), ("Instance3", 1001)])
def test_curtois_bound_is_the_optimum(name: str, optimum: int) -> None:
    """Instances 2 and 3: the relaxation over whole schedules is exact (the optimum proven in
    the literature), where CP-SAT's root bound on the assignment model is far below."""
    p = load_curtois(SHARED / "instances" / f"{name}.txt")
    cg = column_generation(p, time_limit=20)
    assert cg.converged
    assert optimum - 1 < cg.bound <= optimum + 1e-6
    assert [b for _t, b in cg.history] == sorted(b for _t, b in cg.history)


@needs_data
def test_lns_proves_instance2_optimal() -> None:
    p = load_curtois(SHARED / "instances" / "Instance2.txt")
    res = lns.solve_lns(p, time_limit=15)
    assert res.bound == 828  # column generation's bound, rounded up to a whole objective
    assert res.roster is not None and res.objective is not None
    v = check(p, res.roster)
    assert not hard_violations(v) and res.objective == sum(penalties(v).values())
    assert (res.status == "OPTIMAL") == (res.objective == 828)
    assert res.objective >= 828


def test_interchangeable_people_are_priced_once_under_hard_cover() -> None:
    """Five people alike and one with a day of leave: two groups, one pricing model each. With
    a hard minimum cover the relaxation's bound still may not exceed the proven optimum, and
    the portfolio solve reports it and stops on a roster that meets it."""
    # at least five one-hour shifts each: 25 worked where 21 heads are wanted
    staff = [person(f"P{i}", min_hours=5) for i in range(5)] + [person("Q", min_hours=5)]
    rules = RuleSet(min_consecutive_work_days=2)
    p = one_slot_problem(
        7,
        staff=staff,
        rules=rules,
        weights=Weights(fairness=0),
        availability=[avail("Q", d(6), leave_kind="annual")],
        demand_rows=[demand("all", "09:00", "10:00", min=3)],
        strict_cover=True,
    )
    assert groups(p) == [[0, 1, 2, 3, 4], [5]]
    exact = solve(p, time_limit=20)
    assert exact.status == "OPTIMAL" and exact.objective is not None and exact.objective > 0
    cg = column_generation(p, time_limit=10, dive_limit=5)
    assert cg.converged and len(cg.pool) == 2
    assert 0 < cg.bound <= exact.objective + 1e-6
    assert cg.roster is None  # no dive under hard cover: its roster could break a minimum
    fast = solve(p, time_limit=20, deterministic=False)
    assert fast.roster is not None and fast.objective == exact.objective
    assert fast.bound is not None and fast.bound >= cg.bound - 1e-6
    assert not hard_violations(check(p, fast.roster))


@pytest.mark.parametrize("name", ["evening-shop", "hospital-desk", "service-counter", "six-one"])
def test_bound_holds_on_planner_scenarios(name: str) -> None:
    """Planner features the Curtois–Qu files lack (per-slot cover, skills, hours bands, leave,
    history): with fairness off only cover ties people, and the relaxation's bound may not
    exceed the optimum CP-SAT proves on these small teams."""
    p = load_scenario(ROOT / "scenarios" / name)
    p = p.replace(weights=p.weights.model_copy(update={"fairness": 0}))
    exact = solve(p, time_limit=30)
    assert exact.status == "OPTIMAL" and exact.objective is not None
    cg = column_generation(p, time_limit=20)
    assert cg.converged
    assert cg.bound <= exact.objective + 1e-6
    assert cg.bound > 0.9 * exact.objective  # and it is a real bound, not the trivial 0


def test_a_person_who_cannot_follow_their_rules_gives_no_bound() -> None:
    """Ten hours wanted in a week of one-hour shifts at most five days running: nobody can, so
    column generation claims nothing and the portfolio solve reports the problem infeasible."""
    rules = RuleSet(max_consecutive_work_days=5)
    p = one_slot_problem(
        7, staff=[person("A", min_hours=10)], rules=rules, weights=Weights(fairness=0)
    )
    cg = column_generation(p, time_limit=5, dive_limit=5)
    assert cg.bound == 0 and cg.roster is None and not cg.converged
    res = solve(p, time_limit=5, deterministic=False)
    assert res.status == "INFEASIBLE" and res.roster is None


def test_give_up_stops_a_run_without_a_positive_bound() -> None:
    """The office desk's optimum is 0, so no bound is ever positive: asked to give up at once,
    the run stops after its first round instead of converging."""
    p = load_scenario(ROOT / "scenarios" / "office-desk")
    p = p.replace(weights=p.weights.model_copy(update={"fairness": 0}))
    full = column_generation(p, time_limit=20)
    assert full.converged and full.rounds > 1 and full.bound == 0
    quit_ = column_generation(p, time_limit=20, give_up=0.0)
    assert quit_.rounds == 1 and not quit_.converged and quit_.bound == 0


def test_a_reproducible_solve_takes_the_converged_lp_value_only() -> None:
    """The reproducible search reports column generation's bound only once its master
    converges, and then the LP's own value; a master cut short gives no bound at all."""
    p = to_problem(parse_curtois(BUSY))
    solve_module = importlib.import_module("rostering.solve")
    ctx, _terms = solve_module.build(p)
    cg = column_generation(p, time_limit=10)
    assert cg.converged
    got = solve_module._colgen_bound(ctx, 10.0, 0, 2, converged_only=True)
    assert got == model_bound(ctx.model, cg.lp_value) > 0
    # no time for a single round: not converged, so nothing is claimed
    assert solve_module._colgen_bound(ctx, 0.0, 0, 2, converged_only=True) == 0
    res = solve(p, time_limit=5, workers=2, seed=0)
    assert res.bound is not None and res.bound * SCALE >= got
