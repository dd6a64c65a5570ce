"""Max shifts of one type per person: hand-made rosters and a tiny known optimum."""

from __future__ import annotations

from helpers import cells, d, demand, person, problem, shift, solve_small, violations

from rostering.check import check, hard_violations
from rostering.problem import RuleSet, Weights

E = shift("E", "08:00", "16:00")
N = shift("N", "22:00", "06:00")


def test_only_the_capped_code_over_its_cap_is_reported() -> None:
    p = problem(staff=[person("A")], shifts=[E, N], rules=RuleSet(max_shifts=(("N", 2),)))
    vs = violations(p, cells(p, A="N N - N E E E"), "max_shifts")
    assert [(v.amount, v.dates, v.hard) for v in vs] == [(1, (d(5), d(6), d(8)), True)]
    assert "N 3 times" in vs[0].message
    assert violations(p, cells(p, A="N - - N E E E"), "max_shifts") == []


def test_zero_forbids_a_shift_for_a_role_only() -> None:
    p = problem(
        staff=[person("A", role="junior"), person("B")],
        shifts=[E, N],
        role_rules={"junior": RuleSet(max_shifts=(("N", 0),))},
    )
    vs = violations(p, cells(p, A="- - - - - - N", B="N N N N N N N"), "max_shifts")
    assert [(v.staff_id, v.amount) for v in vs] == [("A", 1)]


def test_cap_leaves_a_known_number_of_nights_uncovered() -> None:
    rows = [demand("all", shift="N", min=1)]
    staff = [person("A"), person("B")]
    alone = Weights(fairness=0)  # only the cap and cover in play
    ok = problem(
        staff=staff,
        shifts=[N],
        rules=RuleSet(max_shifts=(("N", 4),)),
        demand_rows=rows,
        weights=alone,
    )
    assert solve_small(ok).objective == 0.0  # 4 + 4 ≥ 7 nights
    p = problem(
        staff=staff,
        shifts=[N],
        rules=RuleSet(max_shifts=(("N", 3),)),
        demand_rows=rows,
        weights=alone,
    )
    res = solve_small(p)
    assert res.status == "OPTIMAL" and res.objective == 1000.0  # 3 + 3 nights: one short
    assert res.roster is not None and hard_violations(check(p, res.roster)) == []
    for sid in ("A", "B"):
        assert sum(1 for x in p.days if res.roster.works(sid, x)) == 3
