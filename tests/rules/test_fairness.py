"""Fairness: spreads of nights, weekend days and holidays within a role, history included."""

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

from rostering.check import check, hard_violations, penalties
from rostering.problem import DayType, Weights

D = shift("D", "08:00", "16:00")
N = shift("N", "22:00", "06:00").model_copy(update={"night": True})


def _holiday_wednesday(p):
    types = dict(p.day_types)
    types[d(7)] = DayType.HOLIDAY
    return p.model_copy(update={"day_types": types})


def test_spreads_per_role_with_history_and_per_person_counts() -> None:
    staff = [
        person("A", role="agent"),
        person("B", role="agent"),
        person("C", role="agent"),
        person("S", role="lead"),  # alone in the role: never compared
    ]
    p = problem(
        staff=staff,
        shifts=[D, N],
        history_rows=history("A", "N", before=MONDAY),  # Sunday night: a night and a weekend day
        weights=Weights(fairness=20),
    )
    p = _holiday_wednesday(p)
    r = cells(
        p,
        A="N - N - - - -",  # nights 1+2=3, weekend 1+0=1, holidays 1
        B="D D N - - N N",  # nights 3, weekend 2, holidays 1
        C="D - D - - D -",  # nights 0, weekend 1, holidays 1
        S="N N N N N N N",
    )
    vs = violations(p, r, "fairness")
    assert sorted((v.amount, v.penalty, v.hard) for v in vs) == [(1, 20.0, False), (3, 60.0, False)]
    nights = next(v for v in vs if "nights" in v.message)
    assert nights.amount == 3 and "A 3, B 3, C 0" in nights.message
    weekend = next(v for v in vs if "weekend" in v.message)
    assert weekend.amount == 1 and "A 1, B 2, C 1" in weekend.message
    assert not any("holidays" in v.message for v in vs)
    assert all("S " not in v.message for v in vs)


def test_no_penalty_when_the_weight_is_zero() -> None:
    p = problem(staff=[person("A"), person("B")], shifts=[N], weights=Weights(fairness=0))
    r = cells(p, A="N N N N N N N", B="- - - - - - -")
    assert [v for v in check(p, r) if v.rule == "fairness"] == []
    # the same roster with a weight: nights and weekend days both 7/2 and 0
    p20 = p.model_copy(update={"weights": Weights(fairness=20)})
    assert sorted(v.amount for v in check(p20, r) if v.rule == "fairness") == [2, 7]


def test_history_nights_shift_the_optimal_split() -> None:
    # one night a day for two agents; A worked last Sat and Sun nights
    p = problem(
        staff=[person("A", role="agent"), person("B", role="agent")],
        shifts=[N],
        demand_rows=[demand("all", shift="N", min=1, weight_over=50)],
        history_rows=history("A", "N N", before=MONDAY),
        weights=Weights(fairness=20),
    )
    res = solve_small(p)
    # 2 + 7 nights cannot split evenly (spread 1 = 20; a tenth night costs 50 overstaffed);
    # weekends can: A takes none this week
    assert res.status == "OPTIMAL" and res.objective == 20.0
    assert res.roster is not None and hard_violations(check(p, res.roster)) == []
    a_nights = sum(1 for x in p.days if res.roster.works("A", x))
    assert a_nights in (2, 3)
    assert not res.roster.works("A", d(10)) and not res.roster.works("A", d(11))
    assert penalties(check(p, res.roster)) == res.penalties == {"fairness": 20.0}
