"""On/off requests: soft, weight × [weights].request per unmet day."""

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


def req(p, r):
    return [
        (v.staff_id, v.hard, v.dates, v.amount, v.penalty) for v in violations(p, r, "requests")
    ]


def test_off_request() -> None:
    p = one_slot_problem(2, availability=[avail("A", d(5), kind="off_request", weight=2)])
    assert req(p, cells(p, A="- D")) == []
    assert req(p, cells(p, A="D D")) == [("A", False, (d(5),), 1, 10.0)]


def test_on_request_with_and_without_shift() -> None:
    rows = [
        avail("A", d(5), kind="on_request", shift="L"),
        avail("A", d(6), kind="on_request", row=3),
    ]
    p = problem(staff=[person("A")], shifts=[E, L], days=2, availability=rows)
    assert req(p, cells(p, A="L E")) == []
    assert req(p, cells(p, A="E -")) == [
        ("A", False, (d(5),), 1, 5.0),
        ("A", False, (d(6),), 1, 5.0),
    ]


def test_off_request_for_one_shift_and_ranges() -> None:
    rows = [avail("A", d(5), d(6), kind="off_request", shift="L", weight=0.5)]
    p = problem(staff=[person("A")], shifts=[E, L], days=2, availability=rows)
    assert req(p, cells(p, A="E -")) == []
    assert req(p, cells(p, A="L L")) == [
        ("A", False, (d(5),), 1, 2.5),
        ("A", False, (d(6),), 1, 2.5),
    ]


def test_solve_off_request_loses_to_cover() -> None:
    p = one_slot_problem(2, availability=[avail("A", d(5), kind="off_request", weight=2)])
    res = solve_small(p)
    assert (res.status, res.objective) == ("OPTIMAL", 10.0)
    assert res.penalties == {"requests": 10.0}


def test_solve_on_request_shift_beats_cheap_demand() -> None:
    # E covers 08–09 (2 slots at row weight 1 = 2) but misses the L request (5): L wins at 2
    p = problem(
        staff=[person("A")],
        shifts=[E, L],
        days=1,
        demand_rows=[demand("all", "08:00", "09:00", weight_under=1)],
        availability=[avail("A", d(5), kind="on_request", shift="L")],
    )
    res = solve_small(p)
    assert (res.status, res.objective) == ("OPTIMAL", 2.0)
    assert res.roster is not None and res.roster.cell("A", d(5)).code == "L"
