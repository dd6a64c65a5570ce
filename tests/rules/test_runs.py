"""Minimum runs of work days and of days off: hand-made rosters and tiny known optima."""

from __future__ import annotations

import pytest
from helpers import (
    MONDAY,
    avail,
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
from rostering.errors import InputError
from rostering.io import load_scenario
from rostering.problem import RuleSet

E = shift("E", "08:00", "16:00")


def _p(mode: str = "history", *, work: int | None = None, off: int | None = None, **kw):
    rules = RuleSet(
        min_consecutive_work_days=work, min_consecutive_days_off=off, runs_at_edges=mode
    )
    return problem(staff=[person("A")], shifts=[E], rules=rules, **kw)


# ---------------------------------------------------------------- check, no solver


def test_short_work_run_inside_the_period_is_the_only_violation() -> None:
    p = _p(work=2, history_rows=history("A", "-", before=MONDAY))
    vs = violations(p, cells(p, A="- E - E E - E"), "min_consecutive_work_days")
    # day 1 alone is too short; days 3–4 are fine; day 6 reaches the end (unfinished)
    assert [(v.dates, v.amount, v.hard) for v in vs] == [((d(6),), 1, True)]


def test_run_touching_the_start_reads_history_or_is_free() -> None:
    hist = history("A", "- E", before=MONDAY)  # worked only the day before the period
    p = _p(work=2, history_rows=hist)
    vs = violations(p, cells(p, A="- E E - E E -"), "min_consecutive_work_days")
    assert [v.dates for v in vs] == [(d(4),)]  # the history run of one day, closed on day 0
    assert "counting history" in vs[0].message
    # the same roster continuing history's run is fine
    assert violations(p, cells(p, A="E - E E - E E"), "min_consecutive_work_days") == []
    # without history, or in "free" mode, the run touching day 0 is not judged
    p_none = _p(work=2)
    assert violations(p_none, cells(p_none, A="E - E E - E E"), "min_consecutive_work_days") == []
    p_free = _p("free", work=2, history_rows=hist)
    assert violations(p_free, cells(p_free, A="- E E - E E -"), "min_consecutive_work_days") == []
    assert violations(p_free, cells(p_free, A="E - E E - E E"), "min_consecutive_work_days") == []


def test_free_mode_judges_only_runs_away_from_both_edges() -> None:
    p = _p("free", off=2)
    vs = violations(p, cells(p, A="- E E - E E -"), "min_consecutive_days_off")
    assert [(v.dates, v.amount) for v in vs] == [((d(8),), 1)]
    assert violations(p, cells(p, A="- E E - - E -"), "min_consecutive_days_off") == []


def test_leave_ends_a_work_run_and_counts_as_a_day_off() -> None:
    leave = [avail("A", d(9), leave_kind="annual")]
    p = _p(work=2, off=2, availability=leave, history_rows=history("A", "- -", before=MONDAY))
    # Thursday alone between a rest day and Friday's leave: too short a work run
    r = cells(p, A="- - - E L:annual - -")
    assert [v.dates for v in violations(p, r, "min_consecutive_work_days")] == [(d(8),)]
    # leave + rest day make a run of two days off; a lone leave day between work is one
    ok = cells(p, A="- - E E L:annual - E")
    assert violations(p, ok, "min_consecutive_days_off") == []
    lone = cells(p, A="- - E E L:annual E E")
    assert [v.dates for v in violations(p, lone, "min_consecutive_days_off")] == [(d(9),)]


def test_runs_fixed_by_input_alone_are_not_judged() -> None:
    # history off then worked one day, then leave on day 0: nothing the roster could change
    p = _p(
        work=2,
        availability=[avail("A", MONDAY, leave_kind="annual")],
        history_rows=history("A", "- E", before=MONDAY),
    )
    assert violations(p, cells(p, A="L:annual - - E E - -"), "min_consecutive_work_days") == []


# ---------------------------------------------------------------- solved to a known optimum


def _need_on(*days: int) -> list:
    # no one wanted on E except on the given dates; each extra head costs 1 (overstaff)
    return [demand("all", shift="E", min=0), demand(shift="E", min=1, dates=[d(x) for x in days])]


def test_min_work_run_forces_extra_days_and_edges_matter() -> None:
    hist = history("A", "-", before=MONDAY)
    # needs on Tue (day 1) and Sat (day 5); runs of 3 required
    p = _p(work=3, history_rows=hist, demand_rows=_need_on(6, 10))
    res = solve_small(p)
    # day 1 needs a 3-day run (2 extra days); Sat–Sun reaches the end, unfinished (1 extra)
    assert res.status == "OPTIMAL" and res.objective == 3.0
    assert res.roster is not None
    assert hard_violations(check(p, res.roster)) == []
    assert penalties(check(p, res.roster)) == res.penalties
    # free edges: Mon–Tue touches day 0 and is not judged, so only 1 + 1 extra days
    pf = _p("free", work=3, history_rows=hist, demand_rows=_need_on(6, 10))
    assert solve_small(pf).objective == 2.0


def test_lone_leave_day_needs_a_second_day_off() -> None:
    rows = [demand("all", shift="E", min=1)]
    sick = [avail("A", d(8), kind="unavailable")]
    base = solve_small(_p(demand_rows=rows, availability=sick))
    assert base.objective == 1000.0  # only Thursday is short
    p = _p(off=2, demand_rows=rows, availability=sick)
    res = solve_small(p)
    assert res.status == "OPTIMAL" and res.objective == 2000.0  # one more day off beside it
    assert res.roster is not None
    assert hard_violations(check(p, res.roster)) == []
    worked = [res.roster.works("A", x) for x in p.days]
    assert worked.count(False) == 2 and (not worked[2] or not worked[4])


def test_run_carried_from_history_and_ended_by_leave_is_not_judged() -> None:
    # history ends with one worked day; Tuesday is leave: Monday alone cannot make a run of 3
    leave = [avail("A", d(6), leave_kind="annual")]
    p = _p(work=3, availability=leave, history_rows=history("A", "- E", before=MONDAY))
    assert violations(p, cells(p, A="E L:annual - - - - -"), "min_consecutive_work_days") == []
    # ...but stopping on Monday, when working on was possible, is judged
    vs = violations(p, cells(p, A="- L:annual - - - - -"), "min_consecutive_work_days")
    assert [v.dates for v in vs] == [(d(4),)]
    res = solve_small(p)
    assert res.status == "OPTIMAL" and res.roster is not None
    assert hard_violations(check(p, res.roster)) == []


def test_runs_at_edges_is_read_from_toml_and_bad_values_are_named(hotline) -> None:
    toml = hotline / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("[rules]\n", '[rules]\nruns_at_edges = "free"\n', 1), "utf-8")
    assert load_scenario(hotline).rules.runs_at_edges == "free"
    toml.write_text(text.replace("[rules]\n", '[rules]\nruns_at_edges = "edge"\n', 1), "utf-8")
    with pytest.raises(InputError) as info:
        load_scenario(hotline)
    assert "runs_at_edges" in info.value.message and "edge" in info.value.message


def _direct_count(st: str, k: int, kind: str) -> int:
    """Short runs counted the obvious way: maximal runs away from both ends (no history)."""
    is_kind = [(c == "E") == (kind == "work") for c in st]
    count, i, n = 0, 0, len(st)
    while i < n:
        j = i
        while j < n and is_kind[j] == is_kind[i]:
            j += 1
        if is_kind[i] and i > 0 and j < n and j - i < k:
            count += 1
        i = j
    return count


@pytest.mark.parametrize("mode", ["history", "free"])
def test_check_agrees_with_a_direct_run_count_on_random_rosters(mode: str) -> None:
    import random

    rng = random.Random(7)
    for _ in range(150):
        st = "".join(rng.choice("EE-L") for _ in range(10))
        leave = [avail("A", d(5 + i), leave_kind="annual") for i, c in enumerate(st) if c == "L"]
        k_work, k_off = rng.randint(2, 4), rng.randint(2, 4)
        p = _p(mode, work=k_work, off=k_off, days=10, availability=leave)
        r = cells(p, A=" ".join("L:annual" if c == "L" else c for c in st))
        got_w = violations(p, r, "min_consecutive_work_days")
        got_o = violations(p, r, "min_consecutive_days_off")
        assert len(got_w) == _direct_count(st, k_work, "work"), st
        assert len(got_o) == _direct_count(st, k_off, "off"), st


@pytest.mark.parametrize("mode", ["history", "free"])
def test_encoding_accepts_exactly_the_rosters_check_accepts(mode: str) -> None:
    import random

    from ortools.sat.python import cp_model

    from rostering.solve import build

    rng = random.Random(11)
    for _ in range(60):
        st = "".join(rng.choice("EE-L") for _ in range(8))
        hist = history("A", " ".join(rng.choice("E-") for _ in range(2)), before=MONDAY)
        leave = [avail("A", d(5 + i), leave_kind="annual") for i, c in enumerate(st) if c == "L"]
        p = _p(mode, work=3, off=2, days=8, availability=leave, history_rows=hist)
        r = cells(p, A=" ".join("L:annual" if c == "L" else c for c in st))
        bad = violations(p, r, "min_consecutive_work_days") + violations(
            p, r, "min_consecutive_days_off"
        )
        ctx, _terms = build(p)
        for i, c in enumerate(st):
            ctx.model.add(ctx.work[0, i] == (1 if c == "E" else 0))
        status = cp_model.CpSolver().solve(ctx.model)
        assert (status == cp_model.INFEASIBLE) == bool(bad), (st, hist)
