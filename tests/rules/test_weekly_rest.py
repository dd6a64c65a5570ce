"""Weekly rest: N days without work every Mon–Sun week; partial weeks pro-rated down."""

from __future__ import annotations

from helpers import avail, cells, d, one_slot_problem, solve_small, violations

from rostering.problem import RuleSet

ONE = RuleSet(weekly_rest_days=1)
TWO = RuleSet(weekly_rest_days=2)


def wr(p, r):
    return [
        (v.staff_id, v.hard, v.amount, v.dates[0]) for v in violations(p, r, "weekly_rest_days")
    ]


def test_full_week() -> None:
    p = one_slot_problem(14, rules=ONE)
    assert wr(p, cells(p, A="D D D D D D - - D D D D D D")) == []
    assert wr(p, cells(p, A="D D D D D D D - D D D D D D")) == [("A", True, 1, d(5))]
    p2 = one_slot_problem(7, rules=TWO)
    assert wr(p2, cells(p2, A="D D D D D D D")) == [("A", True, 2, d(5))]


def test_leave_satisfies_weekly_rest() -> None:
    p = one_slot_problem(7, rules=ONE, availability=[avail("A", d(7), leave_kind="annual")])
    assert wr(p, cells(p, A="D D L:annual D D D D")) == []


def test_partial_weeks_are_prorated_down() -> None:
    # Thu 1 Oct .. Sun 4 Oct is a 4-day partial week: 1 × 4 / 7 → 0, 2 × 4 / 7 → 1
    p = one_slot_problem(4, rules=ONE, start=d(1))
    assert wr(p, cells(p, A="D D D D")) == []
    p2 = one_slot_problem(4, rules=TWO, start=d(1))
    assert wr(p2, cells(p2, A="D D D D")) == [("A", True, 1, d(1))]


def test_solve_weekly_rest() -> None:
    res = solve_small(one_slot_problem(7, rules=TWO))
    assert (res.status, res.objective) == ("OPTIMAL", 2000.0)
    # 10 days from Monday: 2 rest days in the full week, none owed in the 3-day tail
    res = solve_small(one_slot_problem(10, rules=TWO))
    assert (res.status, res.objective) == ("OPTIMAL", 2000.0)
