"""Coverage: slot-by-slot heads per skill, checked by hand and solved to known optima."""

from __future__ import annotations

import pytest
from helpers import MONDAY, cells, d, demand, person, problem, shift, solve_small, violations

from rostering.rules.coverage import coverage_table

E = shift("E", "08:00", "12:00")


def cov(p, r):
    return violations(p, r, "coverage")


def under_min(vs):
    return [v for v in vs if v.dates]


# ---------------------------------------------------------------- check, no solver


def test_break_inside_shift_leaves_its_slot_uncovered() -> None:
    eb = shift("E", "08:00", "12:00", breaks=[("10:00", "10:30")])
    p = problem(
        staff=[person("A")], shifts=[eb], days=1, demand_rows=[demand("all", "08:00", "12:00")]
    )
    vs = cov(p, cells(p, A="E"))
    assert len(vs) == 1
    v = vs[0]
    assert (v.hard, v.dates, v.amount, v.penalty) == (False, (MONDAY,), 1, 1000.0)
    assert "10:00–10:30" in v.message


def test_split_shift_gap_between_segments_is_uncovered() -> None:
    s = shift("S", segments=[("10:00", "14:00"), ("17:30", "23:00")])
    p = problem(
        staff=[person("A")], shifts=[s], days=1, demand_rows=[demand("all", "10:00", "23:00")]
    )
    vs = cov(p, cells(p, A="S"))
    assert len(vs) == 1
    assert (vs[0].amount, vs[0].penalty) == (7, 7000.0)  # 14:00–17:30 is seven half-hours
    assert "14:00–17:30" in vs[0].message


def test_night_shift_covers_next_days_slots_on_real_datetimes() -> None:
    n = shift("N", "22:00", "06:00")
    # one dated window 22:00 on Monday to 02:00 on Tuesday
    row = demand("2026-10-05", "22:00", "02:00", dates=[d(5)])
    p = problem(staff=[person("A")], shifts=[n], days=2, demand_rows=[row])
    assert cov(p, cells(p, A="N -")) == []
    # N on Tuesday starts too late for Monday night and covers Wednesday's early hours instead
    vs = cov(p, cells(p, A="- N"))
    assert sorted((v.dates, v.amount) for v in vs) == [((d(5),), 4), ((d(6),), 4)]
    assert all(not v.hard and v.penalty == 4000 for v in vs)


def test_night_shift_counts_for_early_slots_of_the_next_date() -> None:
    n = shift("N", "22:00", "06:00")
    row = demand("2026-10-06", "00:00", "06:00", dates=[d(6)])
    p = problem(staff=[person("A")], shifts=[n], days=2, demand_rows=[row])
    assert cov(p, cells(p, A="N -")) == []
    vs = cov(p, cells(p, A="- N"))
    assert [(v.dates, v.amount) for v in vs] == [((d(6),), 12)]


def test_one_skill_per_person_per_day_counted_once() -> None:
    rows = [
        demand("all", "08:00", "12:00", skill="presales"),
        demand("all", "08:00", "12:00", skill="aftersales"),
        demand("all", "08:00", "12:00", min=1),  # anyone: the same person counts here too
    ]
    p = problem(staff=[person("A", "presales", "aftersales")], shifts=[E], days=1, demand_rows=rows)
    vs = cov(p, cells(p, A="E/presales"))
    assert len(vs) == 1
    assert (vs[0].amount, vs[0].penalty) == (8, 8000.0)
    assert "aftersales" in vs[0].message


def test_any_skill_demand_counts_each_person_once() -> None:
    p = problem(
        staff=[person("A", "presales", "aftersales")],
        shifts=[E],
        days=1,
        demand_rows=[demand("all", "08:00", "12:00", min=2)],
    )
    vs = cov(p, cells(p, A="E/presales"))
    assert [(v.amount, v.penalty) for v in vs] == [(8, 8000.0)]


def test_skill_cover_senior_fills_junior_not_reverse() -> None:
    rows = [
        demand("all", "08:00", "12:00", skill="junior"),
        demand("all", "08:00", "12:00", skill="senior"),
    ]
    p = problem(
        staff=[person("S", "senior"), person("J", "junior")],
        shifts=[E],
        days=1,
        demand_rows=rows,
        skill_cover={"senior": ("junior",)},
    )
    # the senior fills the junior seat: only the senior seat is short
    vs = cov(p, cells(p, S="E/junior", J="-"))
    assert len(vs) == 1 and "senior" in vs[0].message and vs[0].amount == 8
    assert violations(p, cells(p, S="E/junior", J="-"), "assignment") == []
    # a junior on a senior seat is a hard error
    bad = violations(p, cells(p, S="-", J="E/senior"), "assignment")
    assert len(bad) == 1 and bad[0].hard and bad[0].staff_id == "J"


def test_dated_row_replaces_general_rows_for_its_dates() -> None:
    rows = [
        demand("all", "08:00", "12:00", min=2),
        demand("2026-10-06", "08:00", "10:00", min=1, dates=[d(6)], row=3),
    ]
    p = problem(staff=[person("A")], shifts=[E], days=2, demand_rows=rows)
    vs = cov(p, cells(p, A="E E"))
    # Monday: one head short in 8 slots; Tuesday: the dated row alone applies and is met
    assert [(v.dates, v.amount, v.penalty) for v in vs] == [((d(5),), 8, 8000.0)]
    table = coverage_table(p, cells(p, A="E E"))
    tue = table[table["date"] == "2026-10-06"]
    assert list(tue["slot_start"]) == ["08:00", "08:30", "09:00", "09:30"]


def test_overlapping_general_rows_combine_by_max() -> None:
    rows = [
        demand("all", "08:00", "12:00", min=1, target=1),
        demand("all", "10:00", "14:00", min=2, target=3, row=3),
    ]
    p = problem(staff=[person("A"), person("B")], shifts=[E], days=1, demand_rows=rows)
    vs = cov(p, cells(p, A="E", B="E"))
    mins = under_min(vs)
    assert [(v.amount, v.penalty) for v in mins] == [(8, 8000.0)]  # 12:00–14:00, 2 heads short
    assert "12:00–14:00" in mins[0].message
    rest = sorted((v.amount, v.penalty) for v in vs if not v.dates)
    # below target: 10:00–14:00 one head short (8 slots × 10); above: 08:00–10:00 (4 slots × 1)
    assert rest == [(4, 4.0), (8, 80.0)]


def test_row_weights_override_scenario_weights() -> None:
    row = demand("all", "08:00", "12:00", min=1, target=2, weight_under=3, weight_over=2)
    p = problem(
        staff=[person("A"), person("B"), person("C")], shifts=[E], days=1, demand_rows=[row]
    )
    one = cov(p, cells(p, A="E", B="-", C="-"))
    assert [(v.amount, v.penalty) for v in one] == [(8, 24.0)]  # below target at weight 3
    three = cov(p, cells(p, A="E", B="E", C="E"))
    assert [(v.amount, v.penalty) for v in three] == [(8, 16.0)]  # above target at weight 2
    none = cov(p, cells(p, A="-", B="-", C="-"))
    assert sorted(v.penalty for v in none) == [24.0, 24.0]  # below min and below target, each 3


def test_strict_cover_makes_shortfall_hard_without_penalty() -> None:
    p = problem(
        staff=[person("A")],
        shifts=[E],
        days=1,
        demand_rows=[demand("all", "08:00", "12:00", min=1)],
        strict_cover=True,
    )
    vs = cov(p, cells(p, A="-"))
    assert [(v.hard, v.amount, v.penalty) for v in vs] == [(True, 8, 0.0)]


def test_per_shift_row_counts_people_on_that_shift_with_that_skill() -> None:
    m = shift("M", "12:00", "16:00")
    p = problem(
        staff=[person("A", "presales"), person("B", "presales"), person("C", "aftersales")],
        shifts=[E, m],
        days=1,
        demand_rows=[demand("all", shift="E", skill="presales", min=2)],
    )
    vs = cov(p, cells(p, A="E/presales", B="M/presales", C="E/aftersales"))
    assert [(v.amount, v.penalty) for v in vs] == [(1, 1000.0)]
    assert cov(p, cells(p, A="E/presales", B="E/presales", C="E/aftersales")) == []


# ---------------------------------------------------------------- solver, known optima


def test_solve_min_target_over_known_optimum() -> None:
    # one person, 08–12 shift; 08–10 wants min 2 / target 3, 10–12 wants nobody.
    # working: 4 slots 1 below min (4000) + 4 slots 1 below target (40) + 4 slots over (4) = 4044
    # resting: 4 slots 2 below min (8000) + 1 below target (40) = 8040  → optimum 4044 a day
    rows = [
        demand("all", "08:00", "10:00", min=2, target=3),
        demand("all", "10:00", "12:00", min=0, target=0, row=3),
    ]
    p = problem(staff=[person("A")], shifts=[E], days=2, demand_rows=rows)
    res = solve_small(p)
    assert res.status == "OPTIMAL"
    assert res.objective == pytest.approx(2 * 4044)
    assert res.penalties == {"coverage": pytest.approx(2 * 4044)}


def test_solve_break_and_split_known_optimum() -> None:
    eb = shift("E", "08:00", "12:00", breaks=[("10:00", "10:30")])
    s = shift("S", segments=[("08:00", "09:00"), ("11:00", "12:00")])
    p = problem(
        staff=[person("A")],
        shifts=[eb, s],
        days=1,
        demand_rows=[demand("all", "08:00", "12:00")],
    )
    res = solve_small(p)
    assert (res.status, res.objective) == ("OPTIMAL", 1000.0)  # E misses only its break slot
    assert res.roster is not None and res.roster.cell("A", MONDAY).code == "E"


def test_solve_skill_cover_direction() -> None:
    rows = [demand("all", "08:00", "09:00", skill="junior")]
    cover = {"senior": ("junior",)}
    p = problem(
        staff=[person("S", "senior")], shifts=[E], days=1, demand_rows=rows, skill_cover=cover
    )
    assert solve_small(p).objective == 0  # a senior may fill the junior seat
    rows = [demand("all", "08:00", "09:00", skill="senior")]
    p = problem(
        staff=[person("J", "junior")], shifts=[E], days=1, demand_rows=rows, skill_cover=cover
    )
    res = solve_small(p)
    assert (res.status, res.objective) == ("OPTIMAL", 2000.0)  # never the reverse


def test_solve_one_skill_per_day() -> None:
    rows = [
        demand("all", "08:00", "12:00", skill="presales"),
        demand("all", "08:00", "12:00", skill="aftersales"),
    ]
    p = problem(staff=[person("A", "presales", "aftersales")], shifts=[E], days=1, demand_rows=rows)
    res = solve_small(p)
    assert (res.status, res.objective) == ("OPTIMAL", 8000.0)


def test_solve_night_shift_covers_next_morning() -> None:
    n = shift("N", "22:00", "06:00")
    rows = [demand("2026-10-06", "00:00", "06:00", dates=[d(6)])]
    p = problem(staff=[person("A")], shifts=[n], days=2, demand_rows=rows)
    res = solve_small(p)
    assert (res.status, res.objective) == ("OPTIMAL", 0.0)
    assert res.roster is not None and res.roster.cell("A", d(5)).code == "N"


def test_solve_row_weights_and_strict_infeasible() -> None:
    # 08–10 short costs 4 slots × 3 = 12 (row weight_under); working 10–12 where nobody is wanted
    # costs 4 slots × 4 = 16 (row weight_over): resting is optimal at 12. Scenario weights would
    # have made working optimal (4 × 1 = 4 < 4 × 1000).
    rows = [
        demand("all", "08:00", "10:00", min=1, weight_under=3),
        demand("all", "10:00", "12:00", min=0, target=0, weight_over=4, row=3),
    ]
    p = problem(staff=[person("A")], shifts=[E], days=1, demand_rows=rows)
    res = solve_small(p)
    assert (res.status, res.objective) == ("OPTIMAL", 12.0)
    assert res.roster is not None and res.roster.cell("A", MONDAY).code == "OFF"
    strict = problem(
        staff=[person("A")],
        shifts=[E],
        days=1,
        demand_rows=[demand("all", "08:00", "12:00", min=2)],
        strict_cover=True,
    )
    assert solve_small(strict).status == "INFEASIBLE"
