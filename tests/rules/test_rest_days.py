"""Rest days per month: exact and [min, max]; leave is not rest; role profiles switch it off."""

from __future__ import annotations

from helpers import avail, cells, d, demand, one_slot_problem, person, solve_small, violations

from rostering.problem import RuleSet

EXACT = RuleSet(rest_days_per_month=(2, 2))
RANGE = RuleSet(rest_days_per_month=(1, 3))


def rest(p, r):
    return violations(p, r, "rest_days_per_month")


def test_exact_count_met_and_missed() -> None:
    p = one_slot_problem(7, rules=EXACT)
    assert rest(p, cells(p, A="D D - D D - D")) == []
    vs = rest(p, cells(p, A="D D D D D - D"))
    assert [(v.hard, v.staff_id, v.amount) for v in vs] == [(True, "A", 1)]
    vs = rest(p, cells(p, A="- - - D D - D"))
    assert [(v.hard, v.staff_id, v.amount) for v in vs] == [(True, "A", 2)]


def test_range() -> None:
    p = one_slot_problem(7, rules=RANGE)
    assert rest(p, cells(p, A="D D D D D D -")) == []
    assert rest(p, cells(p, A="- - - D D D D")) == []
    assert [v.amount for v in rest(p, cells(p, A="D D D D D D D"))] == [1]
    assert [v.amount for v in rest(p, cells(p, A="- - - - - D D"))] == [2]


def test_leave_and_unavailable_are_not_rest() -> None:
    av = [
        avail("A", d(7), leave_kind="annual"),
        avail("A", d(8), kind="unavailable"),
    ]
    p = one_slot_problem(7, rules=EXACT, availability=av)
    vs = rest(p, cells(p, A="D - L:annual U D D D"))
    assert [(v.staff_id, v.amount) for v in vs] == [("A", 1)]
    assert rest(p, cells(p, A="D - L:annual U - D D")) == []


def test_role_profile_false_switches_rule_off() -> None:
    staff = [person("A"), person("S", role="supervisor")]
    p = one_slot_problem(
        7,
        staff=staff,
        rules=EXACT,
        role_rules={"supervisor": EXACT.model_copy(update={"rest_days_per_month": None})},
    )
    vs = rest(p, cells(p, A="D D D D D D D", S="D D D D D D D"))
    assert [v.staff_id for v in vs] == ["A"]


def test_solve_exact() -> None:
    res = solve_small(one_slot_problem(7, rules=EXACT))
    assert (res.status, res.objective) == ("OPTIMAL", 2000.0)


def test_solve_range_takes_fewest_rest_days() -> None:
    res = solve_small(one_slot_problem(7, rules=RANGE))
    assert (res.status, res.objective) == ("OPTIMAL", 1000.0)


def test_solve_leave_does_not_replace_a_rest_day() -> None:
    # 7 days, one on leave, 2 rest days still owed: 4 worked, 3 uncovered
    p = one_slot_problem(7, rules=EXACT, availability=[avail("A", d(7), leave_kind="annual")])
    res = solve_small(p)
    assert (res.status, res.objective) == ("OPTIMAL", 3000.0)


def test_solve_role_profile_without_the_rule() -> None:
    # two heads wanted daily; the agent rests exactly 2 days, the supervisor's profile has no
    # monthly rest rule and works all 7: 2 uncovered head-days
    staff = [person("A"), person("S", role="supervisor")]
    p = one_slot_problem(
        7,
        staff=staff,
        rules=EXACT,
        role_rules={"supervisor": RuleSet()},
        demand_rows=[demand("all", "09:00", "10:00", min=2)],
    )
    res = solve_small(p)
    assert (res.status, res.objective) == ("OPTIMAL", 2000.0)
    assert res.roster is not None
    assert [res.roster.works("S", day) for day in p.days] == [True] * 7
