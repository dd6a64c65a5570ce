"""One entry a day, known codes, skills the person holds."""

from __future__ import annotations

import datetime as dt

from helpers import (
    cells,
    d,
    demand,
    one_slot_problem,
    person,
    problem,
    shift,
    solve_small,
    violations,
)

from rostering.roster import Cell


def test_missing_day_and_unknown_code_are_hard() -> None:
    p = one_slot_problem(3)
    r = cells(p, A="D D D")
    assert violations(p, r, "assignment") == []
    gap = r.replace({})
    del gap.cells["A", d(6)]
    vs = violations(p, gap, "assignment")
    assert [(v.staff_id, v.hard, v.dates) for v in vs] == [("A", True, (d(6),))]
    odd = r.replace({("A", d(7)): Cell("X")})
    vs = violations(p, odd, "assignment")
    assert [(v.staff_id, v.hard, v.dates) for v in vs] == [("A", True, (d(7),))]
    undefined_leave = r.replace({("A", d(7)): Cell("LEAVE:sabbatical")})
    assert len(violations(p, undefined_leave, "assignment")) == 1


def test_skill_not_held_is_hard() -> None:
    p = one_slot_problem(1, staff=[person("A", "presales")])
    assert violations(p, cells(p, A="D/presales"), "assignment") == []
    vs = violations(p, cells(p, A="D/aftersales"), "assignment")
    assert [(v.staff_id, v.hard, v.dates) for v in vs] == [("A", True, (d(5),))]


def test_solve_one_shift_a_day() -> None:
    e, l_ = shift("E", "08:00", "12:00"), shift("L", "14:00", "18:00")
    rows = [demand("all", "08:00", "12:00"), demand("all", "14:00", "18:00", row=3)]
    p = problem(staff=[person("A")], shifts=[e, l_], days=2, demand_rows=rows)
    res = solve_small(p)
    assert (res.status, res.objective) == ("OPTIMAL", 2 * 8000.0)
    assert res.roster is not None
    assert len(res.roster.cells) == 2 and all(isinstance(k[1], dt.date) for k in res.roster.cells)
