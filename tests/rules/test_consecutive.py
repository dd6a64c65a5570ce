"""Max consecutive work days: the 5 → 7 exception band, history across the month start, leave."""

from __future__ import annotations

import pytest
from helpers import (
    MONDAY,
    avail,
    cells,
    d,
    history,
    one_slot_problem,
    person,
    solve_small,
    violations,
)

from rostering.problem import RuleSet, Weights

BAND = RuleSet(max_consecutive_work_days=5, max_consecutive_work_days_exception=7)
HARD5 = RuleSet(max_consecutive_work_days=5)


def cons(p, r):
    return sorted(
        (
            (v.hard, v.amount, v.penalty, v.dates)
            for v in violations(p, r, "max_consecutive_work_days")
        ),
        reverse=True,
    )


def days(a: int, b: int) -> tuple:
    return tuple(d(i) for i in range(a, b + 1))


def test_five_is_fine() -> None:
    p = one_slot_problem(9, rules=BAND)
    assert cons(p, cells(p, A="D D D D D - D D D")) == []


def test_six_and_seven_are_penalised_eight_is_hard() -> None:
    p = one_slot_problem(9, rules=BAND)
    assert cons(p, cells(p, A="D D D D D D - D D")) == [(False, 1, 50.0, days(5, 10))]
    assert cons(p, cells(p, A="D D D D D D D - D")) == [(False, 2, 100.0, days(5, 11))]
    assert cons(p, cells(p, A="D D D D D D D D -")) == [
        (True, 1, 0.0, days(5, 12)),
        (False, 3, 150.0, days(5, 12)),
    ]


def test_without_exception_key_the_cap_is_hard() -> None:
    p = one_slot_problem(7, rules=HARD5)
    assert cons(p, cells(p, A="D D D D D D -")) == [(True, 1, 0.0, days(5, 10))]


def test_history_across_month_start() -> None:
    hist = history("A", "D D D", before=MONDAY)
    p = one_slot_problem(7, rules=BAND, history_rows=hist)
    # 3 history days + 3 in the period = 6 in a row: one exception day, dated in the period
    assert cons(p, cells(p, A="D D D - D D D")) == [(False, 1, 50.0, days(5, 7))]
    hist5 = history("A", "D D D D D", before=MONDAY)
    p5 = one_slot_problem(7, rules=BAND, history_rows=hist5)
    assert cons(p5, cells(p5, A="D D D - D D D")) == [
        (True, 1, 0.0, days(5, 7)),
        (False, 3, 150.0, days(5, 7)),
    ]
    # a rest day in history ends the run
    gap = history("A", "D D D D - D", before=MONDAY)
    pg = one_slot_problem(7, rules=BAND, history_rows=gap)
    assert cons(pg, cells(pg, A="D D D D - D D")) == []


def test_leave_breaks_a_run() -> None:
    p = one_slot_problem(9, rules=BAND, availability=[avail("A", d(8), leave_kind="annual")])
    assert cons(p, cells(p, A="D D D L:annual D D D D D")) == []


def test_person_role_profile_overrides() -> None:
    staff = [person("A"), person("S", role="supervisor")]
    p = one_slot_problem(
        7, staff=staff, rules=HARD5, role_rules={"supervisor": RuleSet(max_consecutive_work_days=6)}
    )
    vs = violations(p, cells(p, A="D D D D D D -", S="D D D D D D -"), "max_consecutive_work_days")
    assert [(v.staff_id, v.hard) for v in vs] == [("A", True)]
    off = one_slot_problem(7, staff=staff, rules=HARD5, role_rules={"supervisor": RuleSet()})
    vs = violations(
        off, cells(off, A="D D D D D - -", S="D D D D D D D"), "max_consecutive_work_days"
    )
    assert vs == []


W = Weights(shortfall_min=200, consecutive_exception=50)


def test_solve_exception_band_known_optimum() -> None:
    # 14 days, one slot a day at 200, exception days at 50. One rest day: runs 7 + 6 → 3 exception
    # days → 200 + 150 = 350; two rest days: 400; none is impossible (hard cap 7).
    res = solve_small(one_slot_problem(14, rules=BAND, weights=W))
    assert (res.status, res.objective) == ("OPTIMAL", 350.0)
    assert res.penalties == {
        "coverage": pytest.approx(200.0),
        "max_consecutive_work_days": pytest.approx(150.0),
    }


def test_solve_history_raises_the_optimum() -> None:
    # 10 days alone: rest once, runs 5 + 4 → 200. After 3 worked history days: runs (3+k) and
    # (9-k) both ≤ 7 need k in 2..4, each gives 2 exception days → 200 + 100 = 300.
    assert solve_small(one_slot_problem(10, rules=BAND, weights=W)).objective == 200.0
    hist = history("A", "D D D", before=MONDAY)
    res = solve_small(one_slot_problem(10, rules=BAND, weights=W, history_rows=hist))
    assert (res.status, res.objective) == ("OPTIMAL", 300.0)


def test_solve_hard_cap() -> None:
    # hard cap 5, 12 days: two rest days needed (5 + 5 + 0 …) → 2000
    res = solve_small(one_slot_problem(12, rules=HARD5))
    assert (res.status, res.objective) == ("OPTIMAL", 2000.0)
