"""Leave, unavailability and fixed shifts are hard."""

from __future__ import annotations

from helpers import (
    avail,
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

E = shift("E", "08:00", "12:00")
L = shift("L", "14:00", "18:00")


def av(p, r):
    return sorted((v.staff_id, v.hard, v.dates) for v in violations(p, r, "availability"))


def test_working_on_leave_or_unavailable_is_hard() -> None:
    rows = [avail("A", d(6), leave_kind="annual"), avail("A", d(7), kind="unavailable", row=3)]
    p = one_slot_problem(3, availability=rows)
    assert av(p, cells(p, A="D L:annual U")) == []
    assert av(p, cells(p, A="D - -")) == []  # resting on an approved absence is not an error
    assert av(p, cells(p, A="D D D")) == [("A", True, (d(6),)), ("A", True, (d(7),))]


def test_leave_without_a_row_is_hard() -> None:
    p = one_slot_problem(3, availability=[avail("A", d(6), leave_kind="annual")])
    assert av(p, cells(p, A="L:annual L:annual D")) == [("A", True, (d(5),))]
    assert av(p, cells(p, A="D U D")) == [("A", True, (d(6),))]  # wrong kind of absence


def test_fixed_shift() -> None:
    p = problem(
        staff=[person("A")],
        shifts=[E, L],
        days=2,
        availability=[avail("A", d(5), kind="fixed", shift="L")],
    )
    assert av(p, cells(p, A="L -")) == []
    assert av(p, cells(p, A="E -")) == [("A", True, (d(5),))]
    assert av(p, cells(p, A="- L")) == [("A", True, (d(5),))]


def test_solve_leave_day_is_not_worked() -> None:
    p = one_slot_problem(3, availability=[avail("A", d(6), leave_kind="annual")])
    res = solve_small(p)
    assert (res.status, res.objective) == ("OPTIMAL", 1000.0)
    assert res.roster is not None and res.roster.cell("A", d(6)).code == "LEAVE:annual"
    p = one_slot_problem(3, availability=[avail("A", d(6), kind="unavailable")])
    res = solve_small(p)
    assert res.roster is not None and res.roster.cell("A", d(6)).code == "UNAVAILABLE"


def test_solve_fixed_shift_is_kept_even_when_costly() -> None:
    # demand wants E (8 half-hours); A is pinned to L
    p = problem(
        staff=[person("A")],
        shifts=[E, L],
        days=1,
        demand_rows=[demand("all", "08:00", "12:00")],
        availability=[avail("A", d(5), kind="fixed", shift="L")],
    )
    res = solve_small(p)
    assert (res.status, res.objective) == ("OPTIMAL", 8000.0)
    assert res.roster is not None and res.roster.cell("A", d(5)).code == "L"
