"""Work–rest cycle (上一天休一天): one phase for the period, continuing from history."""

from __future__ import annotations

from helpers import MONDAY, avail, cells, d, history, one_slot_problem, solve_small, violations

from rostering.problem import RuleSet

ONE_ONE = RuleSet(work_rest_cycle=(1, 1))


def cyc(p, r):
    return [(v.staff_id, v.hard, v.amount, v.dates) for v in violations(p, r, "work_rest_cycle")]


def test_either_phase() -> None:
    p = one_slot_problem(6, rules=ONE_ONE)
    assert cyc(p, cells(p, A="D - D - D -")) == []
    assert cyc(p, cells(p, A="- D - D - D")) == []


def test_broken_cycle_reports_the_days_off_the_best_phase() -> None:
    p = one_slot_problem(6, rules=ONE_ONE)
    assert cyc(p, cells(p, A="D D - D - D")) == [("A", True, 1, (d(5),))]


def test_leave_inside_an_on_stretch_is_excused() -> None:
    p = one_slot_problem(6, rules=ONE_ONE, availability=[avail("A", d(7), leave_kind="annual")])
    assert cyc(p, cells(p, A="D - L:annual - D -")) == []


def test_history_fixes_the_phase() -> None:
    p = one_slot_problem(6, rules=ONE_ONE, history_rows=history("A", "D", before=MONDAY))
    assert cyc(p, cells(p, A="- D - D - D")) == []
    assert cyc(p, cells(p, A="D - D - D -")) == [("A", True, 1, (d(4),))]


def test_solve_cycle() -> None:
    res = solve_small(one_slot_problem(6, rules=ONE_ONE))
    assert (res.status, res.objective) == ("OPTIMAL", 3000.0)
    res = solve_small(one_slot_problem(6, rules=RuleSet(work_rest_cycle=(2, 1))))
    assert (res.status, res.objective) == ("OPTIMAL", 2000.0)
