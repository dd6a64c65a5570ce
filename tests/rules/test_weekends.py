"""Max worked weekends: Sat+Sun pairs, partial weekends at the edges, a tiny known optimum."""

from __future__ import annotations

from helpers import cells, d, demand, person, problem, shift, solve_small, violations

from rostering.check import check, hard_violations
from rostering.problem import RuleSet

E = shift("E", "08:00", "16:00")


def test_partial_weekends_at_both_edges_count_when_worked() -> None:
    # Sunday 2026-10-04 .. Saturday 2026-10-17: Sun 4 | Sat 10 + Sun 11 | Sat 17
    p = problem(
        staff=[person("A")], shifts=[E], days=14, start=d(4), rules=RuleSet(max_worked_weekends=1)
    )
    edges = "E - - - - - - - - - - - - E"
    vs = violations(p, cells(p, A=edges), "max_worked_weekends")
    assert [(v.amount, v.dates, v.hard) for v in vs] == [(1, (d(4), d(17)), True)]
    # the whole middle weekend is one weekend, and weekdays never count
    middle = "- E E E E E E E - - - - - -"
    assert violations(p, cells(p, A=middle), "max_worked_weekends") == []
    three = "E - - - - - E - - - - - - E"
    assert [v.amount for v in violations(p, cells(p, A=three), "max_worked_weekends")] == [2]


def test_one_weekend_allowed_means_two_weekend_days_short() -> None:
    rows = [demand("weekend", shift="E", min=1)]  # Sat and Sun of two weeks need one head
    p = problem(
        staff=[person("A")],
        shifts=[E],
        days=14,
        rules=RuleSet(max_worked_weekends=1),
        demand_rows=rows,
    )
    res = solve_small(p)
    assert res.status == "OPTIMAL" and res.objective == 2000.0
    assert res.roster is not None and hard_violations(check(p, res.roster)) == []
    worked = [x for x in p.days if x.weekday() >= 5 and res.roster.works("A", x)]
    # both days of the same weekend, never one day of each
    assert len(worked) == 2 and (worked[1] - worked[0]).days == 1
