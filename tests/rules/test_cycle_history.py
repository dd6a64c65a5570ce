"""Work–rest cycle and history that no phase explains: the cycle continues from the latest
history days that fit it, so the month stays solvable."""

from __future__ import annotations

from helpers import MONDAY, avail, cells, d, history, one_slot_problem, solve_small, violations

from rostering.check import check, hard_violations
from rostering.problem import RuleSet

ONE_ONE = RuleSet(work_rest_cycle=(1, 1))


def test_only_the_latest_fitting_history_days_fix_the_phase() -> None:
    # D D (a swap) then - : no 1-on-1-off phase fits all three; "D -" (the last two) fits one
    p = one_slot_problem(6, rules=ONE_ONE, history_rows=history("A", "D D -", before=MONDAY))
    assert violations(p, cells(p, A="D - D - D -"), "work_rest_cycle") == []
    bad = violations(p, cells(p, A="- D - D - D"), "work_rest_cycle")
    assert [(v.amount, v.dates) for v in bad] == [(2, (d(3), d(4)))]  # both fitting history days


def test_unfitting_history_still_solves_to_the_cycle_optimum() -> None:
    p = one_slot_problem(6, rules=ONE_ONE, history_rows=history("A", "D D -", before=MONDAY))
    res = solve_small(p)
    assert res.status == "OPTIMAL" and res.objective == 3000.0  # 3 of 6 days uncovered
    assert res.roster is not None and hard_violations(check(p, res.roster)) == []
    assert res.roster.works("A", MONDAY)  # continues "D -" with a D on the first day


def test_solver_keeps_weekly_rest_off_leave_when_a_phase_allows_it() -> None:
    # 6-on-1-off with weekly rest: a leave day must not be the week's only day without work
    rules = RuleSet(work_rest_cycle=(6, 1), weekly_rest_days=1)
    sick = [avail("A", d(7), leave_kind="annual")]
    p = one_slot_problem(14, rules=rules, availability=sick)
    res = solve_small(p)
    assert res.roster is not None and hard_violations(check(p, res.roster)) == []
    for week in (p.days[:7], p.days[7:]):
        assert any(res.roster.cell("A", x).code == "OFF" for x in week)  # type: ignore[union-attr]


def test_weekly_rest_without_a_cycle_prefers_real_rest_days() -> None:
    sick = [avail("A", d(5), d(6), leave_kind="annual")]
    p = one_slot_problem(7, rules=RuleSet(weekly_rest_days=1), availability=sick)
    res = solve_small(p)
    assert res.status == "OPTIMAL" and res.objective == 3000.0  # 2 leave days + 1 rest day
    assert res.roster is not None
    assert sum(1 for x in p.days if res.roster.cell("A", x).code == "OFF") == 1  # type: ignore[union-attr]
