"""Alternating weeks (大小周): either value first, then they alternate; leave counts as worked."""

from __future__ import annotations

from helpers import avail, cells, d, one_slot_problem, person, solve_small, violations

from rostering.problem import RuleSet

ALT = RuleSet(alternating_weeks=(5, 6))
SUP = [person("S", role="supervisor")]
ROLES = {"supervisor": ALT}
W5 = "D D D D D - -"
W6 = "D D D D D D -"


def alt(p, r):
    return [
        (v.staff_id, v.hard, v.amount, v.dates[0]) for v in violations(p, r, "alternating_weeks")
    ]


def test_either_value_may_start() -> None:
    p = one_slot_problem(14, staff=SUP, role_rules=ROLES)
    assert alt(p, cells(p, S=f"{W5} {W6}")) == []
    assert alt(p, cells(p, S=f"{W6} {W5}")) == []


def test_no_alternation_is_a_violation() -> None:
    p = one_slot_problem(21, staff=SUP, role_rules=ROLES)
    # 5 5 6 fits 6 5 6 best: the first week is the odd one out
    assert alt(p, cells(p, S=f"{W5} {W5} {W6}")) == [("S", True, 1, d(5))]
    assert alt(p, cells(p, S=f"{W6} {W6} {W6}")) == [("S", True, 1, d(12))]
    four = "D D D D - - -"
    assert alt(p, cells(p, S=f"{W5} {four} {W5}")) == [("S", True, 2, d(12))]


def test_leave_counts_toward_the_week() -> None:
    p = one_slot_problem(
        14, staff=SUP, role_rules=ROLES, availability=[avail("S", d(5), leave_kind="annual")]
    )
    assert alt(p, cells(p, S=f"L:annual D D D D - - {W6}")) == []


def test_only_the_role_profile_alternates() -> None:
    p = one_slot_problem(14, staff=[person("A"), *SUP], role_rules=ROLES)
    r = cells(p, A=f"{W5} {W5}", S=f"{W5} {W5}")
    assert [v[0] for v in alt(p, r)] == ["S"]


def test_solve_two_full_weeks() -> None:
    # 14 daily slots, 5 + 6 worked → 3 uncovered
    res = solve_small(one_slot_problem(14, staff=SUP, role_rules=ROLES))
    assert (res.status, res.objective) == ("OPTIMAL", 3000.0)


def test_solve_leave_is_part_of_the_week() -> None:
    # a leave day counts toward its week's 5 or 6: only 10 days worked → 4 uncovered
    p = one_slot_problem(
        14, staff=SUP, role_rules=ROLES, availability=[avail("S", d(5), leave_kind="annual")]
    )
    res = solve_small(p)
    assert (res.status, res.objective) == ("OPTIMAL", 4000.0)
