"""Every scenario folder: the solver's roster passes check, and solver and check agree on every
soft penalty. Scenarios added later under scenarios/ are picked up automatically."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import scenario_dirs
from helpers import demand, person, problem, shift

from rostering import check, hard_violations, load_scenario, penalties, solve
from rostering.problem import RuleSet

TIME_LIMIT = 12.0


@pytest.mark.parametrize("folder", scenario_dirs(), ids=lambda p: p.name)
def test_solved_roster_passes_check_and_penalties_agree(folder: Path) -> None:
    prob = load_scenario(folder)
    res = solve(prob, time_limit=TIME_LIMIT, workers=2, seed=0)
    assert res.roster is not None, f"{folder.name}: no roster ({res.status})"
    assert res.status in ("OPTIMAL", "FEASIBLE")
    found = check(prob, res.roster)
    assert [v.message for v in hard_violations(found)] == []
    recomputed = penalties(found)
    for key in set(res.penalties) | set(recomputed):
        assert res.penalties.get(key, 0.0) == pytest.approx(recomputed.get(key, 0.0), abs=1e-6), key
    assert res.objective == pytest.approx(sum(res.penalties.values()), abs=1e-6)
    assert res.bound is not None and res.bound <= res.objective + 1e-6


def _small() -> object:
    e, late = shift("E", "08:00", "16:00"), shift("L", "14:00", "22:00")
    rules = RuleSet(
        rest_days_per_month=(4, 4),
        max_consecutive_work_days=5,
        max_consecutive_work_days_exception=6,
        forbidden_successions=(("L", "E"),),
    )
    rows = [
        demand("all", "08:00", "22:00", min=2, target=3, skill="a"),
        demand("all", "10:00", "20:00", min=2, target=3, skill="b", row=3),
    ]
    staff = [person(f"P{i}", "a" if i % 2 else "b") for i in range(8)]
    return problem(staff=staff, shifts=[e, late], days=14, rules=rules, demand_rows=rows)


def test_same_seed_and_workers_give_the_same_roster() -> None:
    prob = _small()
    first = solve(prob, time_limit=5, workers=2, seed=0)  # type: ignore[arg-type]
    second = solve(prob, time_limit=5, workers=2, seed=0)  # type: ignore[arg-type]
    assert first.roster is not None and second.roster is not None
    assert first.objective == second.objective
    assert first.roster.cells == second.roster.cells
    assert first.roster.to_frame().equals(second.roster.to_frame())
