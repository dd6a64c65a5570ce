"""Protected staff: no night shifts, no overtime (hard) — check finds it, the solver avoids it."""

from __future__ import annotations

import datetime as dt

from helpers import avail, cells, demand, person, problem, shift, solve_small, violations
from pay_helpers import cn_problem

from rostering.check import check, hard_violations
from rostering.explain import explain
from rostering.payroll import payroll_table
from rostering.problem import PayPolicy, Weights

D = shift("D", "08:00", "16:00")  # 8 h
N = shift("N", "22:00", "06:00").model_copy(update={"night": True})  # 8 h, 22:00–06:00


def test_check_finds_night_shift_and_overtime() -> None:
    # calendar "none", Mon–Sun: standard 5 × 8 = 40 h
    p = problem(staff=[person("A", protected=True), person("B")], shifts=[D, N], days=7)
    assert violations(p, cells(p, A="D D D D D - -", B="N N N N N N N"), "protected") == []
    night = violations(p, cells(p, A="D N D D - - -", B="- - - - - - -"), "protected")
    assert [(v.hard, v.dates) for v in night] == [(True, (dt.date(2026, 10, 6),))]
    over = violations(p, cells(p, A="D D D D D D -", B="N N N N N N N"), "protected")
    assert [(v.hard, v.amount) for v in over] == [(True, 8.0)]


def test_unavailable_day_lowers_the_protected_standard() -> None:
    p = problem(
        staff=[person("A", protected=True)],
        shifts=[D],
        days=7,
        availability=[avail("A", dt.date(2026, 10, 9), kind="unavailable")],
    )
    # standard 40 − 8 = 32 h: four days are fine, a fifth is overtime
    assert violations(p, cells(p, A="D D D U - D -"), "protected") == []
    assert len(violations(p, cells(p, A="D D D D U D -"), "protected")) == 1


def test_unprotected_staff_are_not_concerned() -> None:
    p = problem(staff=[person("A"), person("B", protected=True)], shifts=[D, N], days=7)
    assert violations(p, cells(p, A="N N N N N N N", B="- - - - - - -"), "protected") == []


def test_solver_keeps_protected_staff_off_nights() -> None:
    p = problem(
        staff=[person("A", protected=True), person("B")],
        shifts=[D, N],
        days=3,
        demand_rows=[demand(shift="N", min=1), demand(shift="D", min=1)],
    )
    res = solve_small(p)
    assert res.roster is not None
    assert [res.roster.cell("A", d).code for d in p.days] == ["D", "D", "D"]  # type: ignore[union-attr]
    assert [res.roster.cell("B", d).code for d in p.days] == ["N", "N", "N"]  # type: ignore[union-attr]
    assert hard_violations(check(p, res.roster)) == []


def test_solver_keeps_protected_staff_out_of_overtime() -> None:
    # one person, demand every day: without the rule they would work 7 × 8 = 56 h
    p = problem(
        staff=[person("A", protected=True)],
        shifts=[D],
        days=7,
        demand_rows=[demand("all", "08:00", "16:00")],
    )
    res = solve_small(p)
    assert res.roster is not None
    assert sum(res.roster.works("A", d) for d in p.days) == 5
    assert hard_violations(check(p, res.roster)) == []
    assert payroll_table(p, res.roster).loc[0, "overtime_hours"] == 0
    unprotected = p.model_copy(update={"staff": (person("A"),)})
    res2 = solve_small(unprotected)
    assert res2.roster is not None and sum(res2.roster.works("A", d) for d in p.days) == 7


def test_statutory_holiday_work_is_not_overtime_for_the_protected() -> None:
    # Oct 1–7 2026 has no workday: standard 0 h. Statutory days 1–3 are paid by premium, not
    # overtime, so a protected person may work them but none of the rest days 4–7.
    p = cn_problem(
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 7),
        staff=[person("A", protected=True, base_wage=6000)],
        shifts=[D],
        pay=PayPolicy(),
        demand_rows=[demand("all", "08:00", "16:00")],
        weights=Weights(),
    )
    res = solve_small(p)
    assert res.roster is not None
    worked = [d.day for d in p.days if res.roster.works("A", d)]
    assert worked == [1, 2, 3]
    assert hard_violations(check(p, res.roster)) == []


def test_pinned_night_for_protected_staff_is_explained() -> None:
    p = problem(
        staff=[person("A", protected=True)],
        shifts=[D, N],
        days=3,
        availability=[avail("A", dt.date(2026, 10, 6), kind="fixed", shift="N")],
    )
    assert solve_small(p).status == "INFEASIBLE"
    text = explain(p)
    assert "protected staff: no nights, no overtime" in text and "pinned to N" in text
