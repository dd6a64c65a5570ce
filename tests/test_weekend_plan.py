"""The weekend plan (rostering.weekend_plan): a plan within each person's weekend rules that
covers what the caps allow, paid for in the first person-by-person pass only, and no plan for
demand it does not fit."""

from __future__ import annotations

from collections import Counter

import pytest
from test_curtois import curtois_month

from rostering import check, hard_violations, load_scenario
from rostering.io.curtois import parse_curtois, to_problem
from rostering.lanes import Lanes
from rostering.price_grid import Price
from rostering.rules.base import SCALE
from rostering.sequential import sequential_roster
from rostering.weekend_plan import plan_limit, weekend_plan, worth_planning

WEEKEND_DAYS = {5, 6, 12, 13, 19, 20, 26, 27}


def test_the_plan_fills_every_weekend_day_the_caps_allow() -> None:
    # A off on three Saturdays: A's two best weekends give 2 + 1 days, the others 2 × 2 each
    p = to_problem(parse_curtois(curtois_month("A,5,12,19\nB,\nC,\nD,\nE,\nF,")))
    assert worth_planning(p)
    plan = weekend_plan(p, time_limit=5, seed=0)
    cells = {(q, d): s for q, bonuses in plan.items() for (d, s, _k) in bonuses}
    assert {d for _q, d in cells} <= WEEKEND_DAYS
    for q in range(6):
        worked = {d // 7 for qq, d in cells if qq == q}
        assert len(worked) <= 2  # the cap on worked weekends
    assert not {d for q, d in cells if q == 0} & {5, 12, 19}  # never on a day off
    # 23 weekend days can be worked for 32 heads: the optimal plan works all 23, no day over
    heads = Counter(d for _q, d in cells)
    assert sum(heads.values()) == 23 and max(heads.values()) <= 4
    # each planned shift is worth two heads short of its need (weight 100)
    assert {b for bonuses in plan.values() for b in bonuses.values()} == {-2 * 100 * SCALE}


def test_the_first_pass_alone_pays_for_planned_shifts(monkeypatch: pytest.MonkeyPatch) -> None:
    p = to_problem(parse_curtois(curtois_month()))
    asked: list[dict[tuple[int, int, str], int]] = []
    submit = Lanes.submit

    def spy(self: Lanes, q: int, price: Price, *a: object) -> None:
        asked.append(dict(price.items()))  # a dict or a grid (the passes send grids)
        submit(self, q, price, *a)  # type: ignore[arg-type]

    monkeypatch.setattr(Lanes, "submit", spy)
    r = sequential_roster(p, time_limit=3, seed=0, plan_limit=2)
    assert r is not None and not hard_violations(check(p, r))
    # a cover price alone is at most one head short (−100); a planned cell adds two more
    paid = [any(v <= -300 * SCALE for v in price.values()) for price in asked]
    assert len(asked) > 6 and all(paid[:6]) and not any(paid[6:])


def test_no_plan_where_the_demand_or_the_rules_do_not_fit() -> None:
    # time-slot rows (one shift fills many slots) and no weekend caps: nothing to plan
    for name in ("evening-shop", "call-centre-tiers", "hotline"):
        p = load_scenario(f"scenarios/{name}")
        assert not worth_planning(p) and plan_limit(p, 60) == 0.0
    month = to_problem(parse_curtois(curtois_month()))
    assert plan_limit(month, 60) == pytest.approx(5.0)
