"""Cost objective ([weights].cost): holiday premium and overtime pay, solver == check."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import cells, demand, person, shift, solve_small, violations
from pay_helpers import cn_problem

from rostering.check import check, hard_violations, penalties
from rostering.problem import PayPolicy, Weights
from rostering.rules import rule

D = shift("D", "09:00", "10:00")  # 1 h: one 60-minute slot
OCT1 = dt.date(2026, 10, 1)


def holiday_problem(cost: float, days: int = 3, threshold: object = 0.0):
    # 8,000 / 24 × 3 = 1,000 premium per statutory day; 8,000 / 24 / 8 × 1.5 = 62.5 per OT hour
    return cn_problem(
        OCT1,
        OCT1 + dt.timedelta(days=days - 1),
        staff=[person("A", base_wage=6000, performance_wage=2000)],
        shifts=[D],
        pay=PayPolicy(day_divisor=24, overtime_threshold=threshold),  # type: ignore[arg-type]
        demand_rows=[demand("all", "09:00", "10:00")],
        weights=Weights(shortfall_min=1000, shortfall_target=0, cost=cost),
    )


def test_applies_only_with_a_cost_weight() -> None:
    assert not rule("cost").applies(holiday_problem(0))
    assert rule("cost").applies(holiday_problem(0.5))


def test_check_prices_premium_and_overtime_by_hand() -> None:
    # Oct 1–3 statutory, Oct 4–5 rest days; threshold 0 h: every non-holiday hour is overtime
    p = holiday_problem(1.0, days=5)
    (v,) = violations(p, cells(p, A="D D - D D"), "cost")
    assert not v.hard
    # 2 statutory days × 1,000 + 120 overtime minutes × round(62.5 / 60, 2 decimals of coef)
    assert v.penalty == pytest.approx(2 * 1000 + 120 * 1.04)
    assert v.amount == 2.0


@pytest.mark.parametrize(("cost", "covered"), [(0.0, 3), (0.5, 3), (2.0, 0)])
def test_planner_trades_cover_against_money(cost: float, covered: int) -> None:
    # a missed slot costs 1,000; a statutory day worked costs cost × 1,000
    p = holiday_problem(cost, threshold=100.0)
    res = solve_small(p)
    assert res.roster is not None
    assert sum(res.roster.works("A", d) for d in p.days) == covered
    vs = check(p, res.roster)
    assert hard_violations(vs) == []
    assert res.penalties == penalties(vs)


def test_solver_overtime_penalty_equals_check() -> None:
    # Oct 8–14: threshold 2 h; demand every day → 7 h worked, 5 h overtime unless it is cheaper
    # to leave slots empty (it is not: 62.5 × 0.1 per hour ≪ 1,000)
    p = cn_problem(
        dt.date(2026, 10, 8),
        dt.date(2026, 10, 14),
        staff=[person("A", base_wage=6000, performance_wage=2000)],
        shifts=[D],
        pay=PayPolicy(day_divisor=24, overtime_threshold=2.0),
        demand_rows=[demand("all", "09:00", "10:00")],
        weights=Weights(shortfall_min=1000, cost=0.1),
    )
    res = solve_small(p)
    assert res.roster is not None
    vs = check(p, res.roster)
    assert hard_violations(vs) == []
    assert res.penalties == penalties(vs)
    assert res.penalties["cost"] == pytest.approx(5 * 60 * round(0.1 * 62.5 / 60 * 100) / 100)
