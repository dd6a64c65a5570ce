"""Forbidden successions and minimum rest hours, also across the month start."""

from __future__ import annotations

from helpers import (
    MONDAY,
    cells,
    d,
    demand,
    history,
    person,
    problem,
    shift,
    solve_small,
    violations,
)

from rostering.problem import RuleSet

E = shift("E", "08:00", "16:00")
L = shift("L", "14:00", "22:00")
N = shift("N", "22:00", "06:00")
FORBID = RuleSet(forbidden_successions=(("L", "E"),))
REST11 = RuleSet(min_rest_hours=11)


def succ(p, r):
    return [(v.staff_id, v.hard, v.dates) for v in violations(p, r, "succession")]


def test_forbidden_pair() -> None:
    p = problem(staff=[person("A")], shifts=[E, L], days=4, rules=FORBID)
    assert succ(p, cells(p, A="L E - L")) == [("A", True, (d(5), d(6)))]
    assert succ(p, cells(p, A="E L - E")) == []
    assert succ(p, cells(p, A="E L E L")) == [("A", True, (d(6), d(7)))]


def test_min_rest_hours() -> None:
    p = problem(staff=[person("A")], shifts=[E, L, N], days=3, rules=REST11)
    # L ends 22:00, E starts 08:00: 10 h; N ends 06:00 next day, E the day after starts 08:00: 2 h
    assert succ(p, cells(p, A="L E -")) == [("A", True, (d(5), d(6)))]
    assert succ(p, cells(p, A="N E -")) == [("A", True, (d(5), d(6)))]
    assert succ(p, cells(p, A="E L N")) == []  # E→L 22 h, L→N 24 h
    ok = problem(staff=[person("A")], shifts=[E, L], days=2, rules=RuleSet(min_rest_hours=10))
    assert succ(ok, cells(ok, A="L E")) == []  # exactly 10 h is enough for a 10 h minimum


def test_history_across_month_start() -> None:
    hist = history("A", "E L", before=MONDAY)
    p = problem(staff=[person("A")], shifts=[E, L], days=3, rules=FORBID, history_rows=hist)
    assert succ(p, cells(p, A="E - -")) == [("A", True, (d(4), d(5)))]
    assert succ(p, cells(p, A="- E -")) == []
    p2 = problem(staff=[person("A")], shifts=[E, L], days=3, rules=REST11, history_rows=hist)
    assert succ(p2, cells(p2, A="E - -")) == [("A", True, (d(4), d(5)))]


def test_role_profile_switches_off() -> None:
    staff = [person("A"), person("S", role="supervisor")]
    p = problem(
        staff=staff, shifts=[E, L], days=2, rules=FORBID, role_rules={"supervisor": RuleSet()}
    )
    assert succ(p, cells(p, A="L E", S="L E")) == [("A", True, (d(5), d(6)))]


def _late_then_early(**kw):
    rows = [
        demand("2026-10-05", "21:00", "22:00", dates=[d(5)]),
        demand("2026-10-06", "08:00", "09:00", dates=[d(6)], row=3),
    ]
    return problem(staff=[person("A")], shifts=[E, L], days=2, demand_rows=rows, **kw)


def test_solve_forbidden_and_min_rest() -> None:
    # late cover on day 1 and early cover on day 2 cannot both be had: 2 slots short
    assert solve_small(_late_then_early()).objective == 0.0
    for rules in (FORBID, REST11):
        res = solve_small(_late_then_early(rules=rules))
        assert (res.status, res.objective) == ("OPTIMAL", 2000.0)


def test_solve_history_blocks_first_day() -> None:
    rows = [demand("all", "08:00", "09:00")]
    hist = history("A", "L", before=MONDAY)
    for rules in (FORBID, REST11):
        p = problem(
            staff=[person("A")],
            shifts=[E, L],
            days=2,
            demand_rows=rows,
            rules=rules,
            history_rows=hist,
        )
        res = solve_small(p)
        assert (res.status, res.objective) == ("OPTIMAL", 2000.0)
