"""Monthly hours band (leave credit and deficit, person overrides) and daily paid hours."""

from __future__ import annotations

from helpers import avail, cells, d, demand, person, problem, shift, solve_small, violations

from rostering.problem import HoursBand, RuleSet

E8 = shift("E", "08:00", "16:00")  # 8 paid hours
H4 = shift("H", "08:00", "12:00")  # 4 paid hours
BAND24 = RuleSet(monthly_hours=HoursBand(target=24, tolerance=0))
CREDIT = {"annual": 8.0, "half": 4.0, "personal": 0.0}


def hours_problem(staff=None, rules=BAND24, availability=(), days=4):
    return problem(
        staff=staff or [person("A")],
        shifts=[E8, H4],
        days=days,
        rules=rules,
        availability=availability,
        leave_credit=CREDIT,
        demand_rows=[demand("all", "08:00", "16:00")],
    )


def band(p, r):
    return [(v.staff_id, v.hard, v.amount) for v in violations(p, r, "monthly_hours")]


def test_band_met_below_and_above() -> None:
    p = hours_problem()
    assert band(p, cells(p, A="E E E -")) == []
    assert band(p, cells(p, A="E E H H")) == []
    assert band(p, cells(p, A="E E - -")) == [("A", True, 8)]
    assert band(p, cells(p, A="E E E E")) == [("A", True, 8)]


def test_tolerance() -> None:
    p = hours_problem(rules=RuleSet(monthly_hours=HoursBand(target=24, tolerance=4)))
    assert band(p, cells(p, A="E E H -")) == []
    assert band(p, cells(p, A="E E E H")) == []
    assert band(p, cells(p, A="E H - -")) == [("A", True, 8)]


def test_leave_credit_below_standard_lowers_band() -> None:
    # a 'half' leave day credits 4 h and lowers the band by 8 - 4 = 4 → band 20, total = worked + 4
    p = hours_problem(availability=[avail("A", d(8), leave_kind="half")])
    assert band(p, cells(p, A="E E - L:half")) == []
    assert band(p, cells(p, A="E E E L:half")) == [("A", True, 8)]


def test_full_credit_leave_keeps_band_and_counts() -> None:
    p = hours_problem(availability=[avail("A", d(8), leave_kind="annual")])
    assert band(p, cells(p, A="E E - L:annual")) == []
    assert band(p, cells(p, A="E E E L:annual")) == [("A", True, 8)]


def test_unavailable_and_zero_credit_leave_lower_band_by_a_day() -> None:
    p = hours_problem(availability=[avail("A", d(8), kind="unavailable")])
    assert band(p, cells(p, A="E E - U")) == []
    p2 = hours_problem(availability=[avail("A", d(8), leave_kind="personal")])
    assert band(p2, cells(p2, A="E E - L:personal")) == []
    assert band(p2, cells(p2, A="E E E L:personal")) == [("A", True, 8)]


def test_person_min_max_override() -> None:
    staff = [person("A", min_hours=8, max_hours=12), person("B")]
    p = hours_problem(staff=staff)
    r = cells(p, A="E - - -", B="E E E -")
    assert band(p, r) == []
    assert band(p, cells(p, A="E H - -", B="E E E -")) == []
    assert band(p, cells(p, A="E E - -", B="E E E -")) == [("A", True, 4)]
    # an override alone makes a band even when the profile has none
    q = hours_problem(staff=[person("A", max_hours=8)], rules=RuleSet())
    assert band(q, cells(q, A="E - - -")) == []
    assert band(q, cells(q, A="E H - -")) == [("A", True, 4)]


def test_daily_paid_hours() -> None:
    x10 = shift("X", "08:00", "18:00")
    p = problem(
        staff=[person("A")], shifts=[E8, x10], days=2, rules=RuleSet(daily_paid_hours=(7, 8))
    )
    vs = violations(p, cells(p, A="X E"), "daily_paid_hours")
    assert [(v.staff_id, v.hard, v.dates) for v in vs] == [("A", True, (d(5),))]
    assert violations(p, cells(p, A="E E"), "daily_paid_hours") == []


def test_solve_band() -> None:
    # 4 days of 08–16 demand, 24 h allowed: 8 half-hour slots × 2 uncovered days = 16 slots
    res = solve_small(hours_problem())
    assert (res.status, res.objective) == ("OPTIMAL", 16000.0)


def test_solve_band_lowered_by_leave_deficit() -> None:
    # leave 'half' on day 4 (credit 4, deficit 4): worked must be 16 h → day 3 and day 4 uncovered
    res = solve_small(hours_problem(availability=[avail("A", d(8), leave_kind="half")]))
    assert (res.status, res.objective) == ("OPTIMAL", 32000.0)


def test_solve_person_override() -> None:
    res = solve_small(hours_problem(staff=[person("A", min_hours=4, max_hours=8)]))
    assert (res.status, res.objective) == ("OPTIMAL", 48000.0)


def test_solve_daily_paid_hours() -> None:
    x10 = shift("X", "08:00", "18:00")
    p = problem(
        staff=[person("A")],
        shifts=[E8, x10],
        days=1,
        rules=RuleSet(daily_paid_hours=(7, 8)),
        demand_rows=[demand("all", "08:00", "18:00")],
    )
    res = solve_small(p)
    assert (res.status, res.objective) == ("OPTIMAL", 4000.0)  # E only: 16:00–18:00 uncovered


def test_solve_override_replaces_only_the_end_it_sets() -> None:
    # max_hours 8 with the profile's floor of 24 left in place: no roster can satisfy both
    res = solve_small(hours_problem(staff=[person("A", max_hours=8)]))
    assert res.status == "INFEASIBLE" and res.roster is None
