"""One person's schedule by dynamic program: exact on sequence rules, feasible and bounded with
counting rules, agreeing with the product's check and with CP-SAT on the same priced model."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
from helpers import one_slot_problem
from ortools.sat.python import cp_model
from test_curtois import SHARED, _rows, independent_score, needs_data

from rostering import construct
from rostering.bench import solution_frame
from rostering.check import check, hard_violations, penalties
from rostering.construct import _PersonModel, _roster, person_problem
from rostering.io.curtois import load_curtois
from rostering.person_dp import PersonDP
from rostering.person_excess import State, excess, pair_excess
from rostering.person_repair import _runs_kept, repair, sequence_ok
from rostering.problem import HistoryEntry, Problem
from rostering.rules.base import SCALE
from rostering.sequential import sequential_roster


def _prices(one: Problem, seed: int) -> dict[tuple[int, int, str], int]:
    """Cover-like prices: mostly rewards for working (a gap filled), some charges (over)."""
    rng = random.Random(seed)
    return {
        (d, s, ""): rng.choice([-10000, -10000, -100, 100, 0])
        for d in range(len(one.days))
        for s in range(len(one.shifts))
    }


def _cp_optimum(one: Problem, price: dict[tuple[int, int, str], int]) -> int:
    """CP-SAT's proven optimum of the same priced one-person model."""
    m = _PersonModel(one, 0)
    m.price_objective(price)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = 20
    assert solver.solve(m.ctx.model) == cp_model.OPTIMAL
    return round(solver.objective_value)


def _sequence_only(one: Problem) -> Problem:
    """The person with the counting rules (caps, hours band, weekends) taken away."""
    person = one.staff[0]
    rs = one.rules_for(person).replace(max_shifts=(), max_worked_weekends=None)
    return one.replace(
        staff=(person.replace(min_hours=None, max_hours=None),),
        role_rules={person.role: rs},
    )


def _clean(one: Problem, shifts: dict[tuple[int, int], str], own: int) -> None:
    """The schedule breaks none of the person's rules and ``own`` is the check's own penalty."""
    v = check(one, _roster(one, {0: shifts}))
    assert not hard_violations(v)
    assert own == round(SCALE * penalties(v).get("requests", 0))


@needs_data
@pytest.mark.parametrize("p", range(4))
def test_exact_when_only_sequence_rules(p: int) -> None:
    """Runs, days off, successions and requests are states and transitions of the dynamic
    program: its schedule is CP-SAT's optimum, and its bound is that value."""
    one = _sequence_only(person_problem(load_curtois(SHARED / "instances/Instance5.txt"), p))
    dp = PersonDP.build(one)
    assert dp is not None and not dp.caps and dp.band is None and dp.wk_cap is None
    price = _prices(one, p)
    found = dp.solve(price)
    assert found is not None
    assert found.priced == _cp_optimum(one, price)
    assert found.bound == pytest.approx(found.priced)
    _clean(one, found.shifts, found.own)


@needs_data
@pytest.mark.parametrize(("name", "p"), [("Instance5", 0), ("Instance5", 3), ("Instance13", 1)])
def test_counting_rules_held_and_bounded(name: str, p: int) -> None:
    """With caps, the hours band and weekends priced in: a feasible schedule (check-clean),
    the Lagrangian bound below CP-SAT's optimum and the schedule not far above it."""
    one = person_problem(load_curtois(SHARED / "instances" / f"{name}.txt"), p)
    dp = PersonDP.build(one, lone_weekend=0)  # CP-SAT's model has no such charge
    assert dp is not None and dp.band is not None
    price = _prices(one, 7 + p)
    found = dp.solve(price)
    assert found is not None
    _clean(one, found.shifts, found.own)
    best = _cp_optimum(one, price)
    assert found.bound <= best <= found.priced
    assert found.priced - best <= 0.03 * abs(best)


@needs_data
@pytest.mark.parametrize("name", ["Instance5", "Instance13"])
def test_run_filter_agrees_with_sequence_ok(name: str) -> None:
    """The repair's vectorised run filter judges a day turned off exactly as ``sequence_ok``
    does, and never rules out working a day off that ``sequence_ok`` would allow (paths that
    hold the sequence rules, from the DP at random costs)."""
    pr = load_curtois(SHARED / f"instances/{name}.txt")
    rng = np.random.default_rng(5)
    checked = 0
    for p in range(2):
        dp = PersonDP.build(person_problem(pr, p))
        assert dp is not None
        for _ in range(40):
            cw = rng.normal(size=(dp.n, dp.S))
            cw[~dp.allowed] = 1e15
            got = dp._run(cw, rng.normal(size=dp.n))
            assert got is not None
            path = got[1]
            to_off, to_work = _runs_kept(dp, path)
            for d in range(dp.n):
                trial = list(path)
                if path[d] >= 0:
                    trial[d] = -1
                    assert bool(to_off[d]) == sequence_ok(dp, trial, d, d)
                else:
                    for s in np.flatnonzero(dp.allowed[d]):
                        trial[d] = int(s)
                        if sequence_ok(dp, trial, d, d):
                            assert to_work[d]
                checked += 1
    assert checked == 2 * 40 * len(pr.days)


@needs_data
def test_repair_and_windows_keep_every_rule() -> None:
    """From a schedule far outside the hours band and the weekend cap (the sequence-only
    optimum), the repair reaches the counting rules without breaking a sequence rule; a
    re-planned window leaves the other days as they were."""
    one = person_problem(load_curtois(SHARED / "instances/Instance5.txt"), 0)
    dp = PersonDP.build(one)
    free = PersonDP.build(_sequence_only(one))
    assert dp is not None and free is not None
    price = {k: -10000 for k in _prices(one, 0)}  # every shift wanted: work as much as allowed
    start = [-1] * dp.n
    for d, s in free.solve(price).shifts:  # type: ignore[union-attr]
        start[d] = s
    assert excess(dp, *dp.usage(start)) > 0
    cw = dp.own_work.astype(float) - 10000
    cw[~dp.allowed] = 1e15
    fixed = repair(dp, start, cw, dp.own_off.astype(float))
    assert fixed is not None
    assert excess(dp, *dp.usage(fixed)) == 0 and sequence_ok(dp, fixed, 0, dp.n - 1)
    shifts = {(d, s): "" for d, s in enumerate(fixed) if s >= 0}
    _clean(
        one,
        shifts,
        sum(int(dp.own_work[d, s]) for d, s in shifts)
        + sum(int(dp.own_off[d]) for d, s in enumerate(fixed) if s < 0),
    )
    again = dp.window(cw, dp.own_off.astype(float), 0.0, fixed, 7, 13)
    assert again is not None and again[:7] == fixed[:7] and again[14:] == fixed[14:]
    assert sequence_ok(dp, again, 0, dp.n - 1)


@needs_data
@pytest.mark.parametrize(("name", "p"), [("Instance5", 1), ("Instance13", 2), ("Instance22", 0)])
def test_hours_in_the_state_land_in_the_band_exactly(name: str, p: int) -> None:
    """With the hours band as the only counting rule, the re-plan that carries the running
    hours in its state is exact: CP-SAT's proven optimum of the same priced model, inside the
    band, every sequence rule kept — from a start path far below the band."""
    one = person_problem(load_curtois(SHARED / "instances" / f"{name}.txt"), p)
    person = one.staff[0]
    rs = one.rules_for(person).replace(max_shifts=(), max_worked_weekends=None)
    one = one.replace(role_rules={person.role: rs})
    if name == "Instance22":  # a year: a fortnight keeps CP-SAT's proof quick
        end = one.days[13]
        one = one.replace(
            period=one.period.replace(end=end),
            availability=tuple(a for a in one.availability if a.end <= end),
        )
        one = one.replace(staff=(person.replace(min_hours=60, max_hours=72),))
    dp = PersonDP.build(one)
    assert dp is not None and dp.band is not None and not dp.caps and dp.wk_cap is None
    price = _prices(one, 11 + p)
    cw = (
        dp.own_work
        + np.array([[price.get((d, s, ""), 0) for s in range(dp.S)] for d in range(dp.n)])
    ).astype(float)
    cw[~dp.allowed] = 1e15
    start = [-1] * dp.n  # nothing worked: the whole band to climb
    units = dp.minutes // dp.unit
    target = (-(-dp.band[0] // dp.unit), dp.band[1] // dp.unit)
    got = dp.within_units(cw, dp.own_off.astype(float), start, units, target, (0, target[1]))
    assert got is not None and sequence_ok(dp, got, 0, dp.n - 1)
    assert dp.band[0] <= dp.usage(got)[2] <= dp.band[1]
    shifts = {(d, s): "" for d, s in enumerate(got) if s >= 0}
    own = sum(int(dp.own_work[d, s]) for d, s in shifts) + sum(
        int(dp.own_off[d]) for d, s in enumerate(got) if s < 0
    )
    _clean(one, shifts, own)
    assert own + sum(price.get((d, s, ""), 0) for d, s in shifts) == _cp_optimum(one, price)


def test_people_it_does_not_model_keep_cp_sat() -> None:
    """History, or a rule family outside the supported set, means no dynamic program."""
    p = one_slot_problem(7)
    person = p.staff[0]
    assert PersonDP.build(person_problem(p, 0)) is not None
    before = p.days[0] - dt.timedelta(days=1)
    with_history = p.replace(
        history=(HistoryEntry(staff_id=person.staff_id, date=before, shift="OFF"),)
    )
    assert PersonDP.build(person_problem(with_history, 0)) is None
    rest = p.replace(rules=p.rules.replace(rest_days_per_month=(8, 10)))
    assert PersonDP.build(person_problem(rest, 0)) is None


@needs_data
def test_fast_construction_is_clean_and_scored_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """``sequential_roster(fast=True)`` places everyone by dynamic program (no CP-SAT model is
    built on this instance) and its roster is hard-clean and scored alike by the independent
    scorer."""

    def no_model(*_a: object, **_k: object) -> None:
        raise AssertionError("every person here is placed by the dynamic program")

    monkeypatch.setattr(construct, "_PersonModel", no_model)
    path = SHARED / "instances/Instance5.txt"
    p = load_curtois(path)
    r = sequential_roster(p, time_limit=4, fast=True)
    assert r is not None
    v = check(p, r)
    assert not hard_violations(v)
    theirs, bad = independent_score(path.read_text(), _rows(solution_frame(p, r)))
    assert bad == [] and theirs == sum(penalties(v).values())


def _first_dps(name: str, people: int) -> list[PersonDP]:
    """The dynamic programs of an instance's first people."""
    pr = load_curtois(SHARED / f"instances/{name}.txt")
    dps = [PersonDP.build(person_problem(pr, p)) for p in range(people)]
    assert all(dp is not None for dp in dps)
    return [dp for dp in dps if dp is not None]


@needs_data
@pytest.mark.parametrize("name", ["Instance5", "Instance13", "Instance16"])
def test_the_way_back_costs_what_the_pass_found(name: str) -> None:
    """The path traced back from a forward pass (no back-pointer arrays: previous shifts are
    found again from the day's values) costs exactly the value the pass found and keeps every
    sequence rule — with ties (rounded costs) and weekend charges; a re-planned window keeps
    the days outside it."""
    rng = np.random.default_rng(9)
    for dp in _first_dps(name, 3):
        for k in range(8):
            cw = rng.normal(size=(dp.n, dp.S)) * 100
            if k % 2:
                cw = np.round(cw / 80)  # many ties
            cw[~dp.allowed] = 1e15
            co = rng.normal(size=dp.n) * 50
            wk = 30.0 if k % 4 == 3 else 0.0
            dp.lam[:] = 0
            if dp.wk_cap is not None:
                dp.lam[len(dp.caps)] = wk
            got = dp._run(cw, co)
            assert got is not None
            value, path = got
            assert sequence_ok(dp, path, 0, dp.n - 1)
            saturdays = sum(
                1 for d in range(1, dp.n) if dp.closes_pair[d] and path[d] < 0 <= path[d - 1]
            )
            cost = sum(cw[d, s] if s >= 0 else co[d] for d, s in enumerate(path))
            charged = wk * saturdays if dp.wk_cap is not None else 0.0
            charged += sum(dp.lone[d] for d in range(1, dp.n) if (path[d] < 0) != (path[d - 1] < 0))
            assert cost + charged == pytest.approx(value)
            a = int(rng.integers(1, dp.n - 8))
            b = a + int(rng.integers(0, 7))
            flipped = np.where(dp.allowed, -cw, 1e15)  # costs reversed: a different plan
            w = dp.window(flipped, -co, 0.0, path, a, b)  # (the path's own days fit: never None)
            assert w is not None and w[:a] == path[:a] and w[b + 1 :] == path[b + 1 :]
            assert sequence_ok(dp, w, a, b)


def _lone(path: dict[tuple[int, int], str], one: Problem) -> int:
    """Weekends (Saturday and Sunday, both free) worked on one day only."""
    worked = {d for d, _s in path}
    away = {
        (day - one.days[0]).days
        for a in one.availability
        if a.kind in ("leave", "unavailable")
        for day in a.dates
    }
    sats = [d for d in range(len(one.days) - 1) if one.days[d].weekday() == 5]
    return sum(
        (d in worked) != (d + 1 in worked) for d in sats if d not in away and d + 1 not in away
    )


@needs_data
@pytest.mark.parametrize("name", ["Instance5", "Instance13"])
def test_a_charge_on_lone_weekends_steers_the_schedule(name: str) -> None:
    """The charge on a weekend worked on one day (rostering.person_dp.LONE_WEEKEND) is part
    of the priced value and not of ``own``; a heavy charge leaves fewer such weekends than
    none, and every schedule still keeps every rule."""
    pr = load_curtois(SHARED / "instances" / f"{name}.txt")
    lone = {0.0: 0, 200.0: 0}  # 200: more than any one day's price here
    for p in range(4):
        one = person_problem(pr, p)
        price = _prices(one, 21 + p)
        for charge in lone:
            dp = PersonDP.build(one, lone_weekend=charge)
            assert dp is not None and dp.wk_cap is not None
            found = dp.solve(price)
            assert found is not None
            _clean(one, found.shifts, found.own)
            n = _lone(found.shifts, one)
            paid = sum(price.get((d, s, ""), 0) for d, s in found.shifts)
            assert found.priced == found.own + paid + round(charge * SCALE) * n
            lone[charge] += n
    assert lone[200.0] < lone[0.0]


@needs_data
@pytest.mark.parametrize("name", ["Instance5", "Instance13", "Instance16"])
def test_pair_excess_is_excess_after(name: str) -> None:
    """The repair's vectorised excess of two-day changes equals ``State.excess_after`` on each
    change (caps, the hours band, weekends — pairs inside one weekend and across two)."""
    rng = np.random.default_rng(4)
    for dp in _first_dps(name, 3):
        for _ in range(5):
            st = State(dp, [int(v) for v in rng.integers(-1, dp.S, size=dp.n)])
            day = rng.integers(0, dp.n - 1, size=200)
            v1, v2 = (rng.integers(-1, dp.S, size=200) for _ in range(2))
            got = pair_excess(st, day, v1, v2)
            for i in range(200):
                changes = [(int(day[i]), int(v1[i])), (int(day[i]) + 1, int(v2[i]))]
                assert got[i] == pytest.approx(st.excess_after(changes))
