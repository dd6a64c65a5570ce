"""Forbidden successions and minimum rest hours, also across the month start."""

from __future__ import annotations

import random

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
from rostering.rules.succession import banned_groups

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


def _pairs_of(blocks: list[tuple[list[str], list[str]]]) -> list[tuple[str, str]]:
    return [(a, b) for before, after in blocks for a in before for b in after]


def test_banned_blocks_say_exactly_the_pairs() -> None:
    # each block row bans every pairing in it, and only banned pairings, once each: random
    # relations over 8 shifts, some shifts never worked by the person
    rng = random.Random(3)
    codes = [f"s{i}" for i in range(8)]
    for _ in range(300):
        pairs = {(a, b) for a in codes for b in codes if rng.random() < 0.4}
        never = set(rng.sample(codes, rng.randrange(3)))
        got = _pairs_of(banned_groups(pairs, never))
        live = {(a, b) for a, b in pairs if a not in never and b not in never}
        assert sorted(got) == sorted(live)  # no pair twice, none missing, none extra


def test_banned_blocks_are_short_on_curtois_13() -> None:
    # the first nurse of Curtois–Qu 13: 18 shift types, a row per shift took 150 terms a day
    pairs = {
        (a, b)
        for a, bs in {
            "a5": "a1 a2 a3 a4 a5 d1 d2 d3 d4 d5",
            "d1": "a1 a2 a3 a4",
            "d4": "a1 a2 a3 a4 a5",
            "p5": "a1 a2 a3 a4 a5 d1 d2 d3 d4 d5 p4 p5",
            "n1": "a1 a2 a3 a4 a5 d1 d2 d3 d4 d5 p1 p2 p3 p4 p5",
            "n2": "a1 a2 a3 a4 a5 d1 d2 d3 d4 d5 p1 p2 p3 p4 p5 n3",
        }.items()
        for b in bs.split()
    }
    blocks = banned_groups(pairs)
    assert sorted(_pairs_of(blocks)) == sorted(pairs)
    per_shift = len(pairs) + len({a for a, _b in pairs})  # a row per shift worked today: 68
    # grouped by banned predecessors: a1–a4 | a5 | d1–d5 | p1–p3 | p4 p5 | n3, 37 terms
    assert (per_shift, sum(len(a) + len(b) for a, b in blocks)) == (68, 37)
