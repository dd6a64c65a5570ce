"""The person-by-person first roster (rostering.construct)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from helpers import one_slot_problem, person
from test_curtois import SHARED, TINY, _rows, curtois_month, independent_score, needs_data

from rostering import lns, long_period
from rostering.bench import solution_frame
from rostering.check import check, hard_violations, penalties
from rostering.cli import main
from rostering.construct import _Placer, decomposable, person_problem, shift_price
from rostering.io.curtois import load_curtois, parse_curtois, to_problem
from rostering.io.scenario import load_scenario
from rostering.neighbourhood import SEARCH_KINDS
from rostering.problem import RuleSet, Weights
from rostering.rules.base import SCALE
from rostering.rules.coverage_spec import CoverTable, Need, needs
from rostering.sequential import _Sequential, sequential_roster, solve_by_person
from rostering.solve import Result, build
from rostering.weekend_bound import weekend_cover_bound
from rostering.weekend_plan import plan_limit

ROOT = Path(__file__).resolve().parents[1]
NO_FAIRNESS = Weights(fairness=0)


def test_cover_price_follows_the_penalty_tiers() -> None:
    # min 2, target 3; below min costs 1000 a head, min..target 10, above target 1 (scaled ×100)
    n = Need(dt.date(2026, 10, 1), 540, "", 2, 3, 1000, 10, 1, ((0, 1),))
    table = CoverTable([n])
    assert [table.prices([have]).get((0, 1, ""), 0) for have in range(5)] == [
        -100_000,
        -100_000,
        -1_000,
        100,
        100,
    ]
    # the penalty itself, tier by tier, as the check counts it
    assert [table.penalty([have]) for have in range(5)] == [201_000, 101_000, 1_000, 0, 100]


def test_the_price_grid_holds_the_same_prices_as_the_dict() -> None:
    # a scenario with skills and slot needs (several needs on one cell), heads drawn at random:
    # every (day, shift, skill) priced as the penalty itself changes when one more head joins
    # each need it counts toward, in the grid and in the dict alike
    prob = load_scenario(ROOT / "scenarios" / "call-centre-tiers")
    all_needs = needs(prob)
    table = CoverTable(all_needs)
    shape = (len(prob.days), len(prob.shifts))
    rnd = random.Random(4)
    skills = sorted({n.skill for n in all_needs})
    assert len(skills) > 1
    for _ in range(5):
        have = [rnd.randint(0, 4) for _ in all_needs]
        want: dict[tuple[int, int, str], int] = {}
        for i, n in enumerate(all_needs):
            more = [*have[:i], have[i] + 1, *have[i + 1 :]]
            step = table.penalty(more) - table.penalty(have)
            for d, s in n.covering:
                want[d, s, n.skill] = want.get((d, s, n.skill), 0) + step
        as_dict, grid = table.prices(have), table.grid(have, shape)
        assert {k: v for k, v in want.items() if v} == dict(grid.items()) == as_dict
        for d in range(shape[0]):
            for s in range(shape[1]):
                for k in skills:
                    assert grid.get((d, s, k)) == as_dict.get((d, s, k), 0)
                    assert shift_price(grid, d, s, k) == shift_price(as_dict, d, s, k)


@needs_data
def test_a_placement_priced_by_grid_equals_one_priced_by_dict() -> None:
    # the dynamic program reads a grid as it is and a dict cell by cell: the same schedule
    prob = load_curtois(SHARED / "instances" / "Instance2.txt")
    table = CoverTable(needs(prob))
    have = [random.Random(1).randint(0, 2) for _ in table.lo]
    grid = table.grid(have, (len(prob.days), len(prob.shifts)))
    grid.add((3, 0, ""), -50_000)  # a bonus, as the weekend plan pays
    as_dict = table.prices(have)
    as_dict[3, 0, ""] = as_dict.get((3, 0, ""), 0) - 50_000
    for p in range(4):
        a = _Placer(prob, p, True).solve(grid, 1.0, 0, None)
        b = _Placer(prob, p, True).solve(as_dict, 1.0, 0, None)
        assert a is not None and a == b


def test_people_tied_only_by_cover_are_decomposable() -> None:
    p = one_slot_problem(7, staff=[person("A"), person("B")], weights=NO_FAIRNESS)
    assert decomposable(p)
    assert not decomposable(p.replace(strict_cover=True))  # a hard minimum ties people
    # fairness spreads nights/weekends across a role: not one person's own rule
    fair = load_scenario(ROOT / "scenarios" / "evening-shop")
    assert not decomposable(fair)
    assert sequential_roster(fair, time_limit=2) is None


def test_second_person_fills_what_the_first_left() -> None:
    """One head wanted every day; each person may work at most 4 of 7 days. Placed one after
    the other with cover priced, together they leave no day uncovered and double up on one
    day only (4 + 4 = 8 shifts for 7 days)."""
    rules = RuleSet(max_consecutive_work_days=4, max_shifts=(("D", 4),))
    p = one_slot_problem(7, staff=[person("A"), person("B")], rules=rules, weights=NO_FAIRNESS)
    r = sequential_roster(p, time_limit=5)
    assert r is not None
    v = check(p, r)
    assert not hard_violations(v)
    heads = [sum(r.works(s.staff_id, d) for s in p.staff) for d in p.days]
    assert min(heads) == 1 and sum(heads) <= 8
    assert "coverage" not in penalties(v)


@needs_data
def test_one_person_keeps_exactly_their_own_availability_rows() -> None:
    """``person_problem`` cuts the rows through ``Problem.availability_of``: each person's own
    rows, in file order, and nobody else's."""
    p = load_curtois(SHARED / "instances" / "Instance5.txt")
    assert p.availability
    for i, who in enumerate(p.staff):
        own = tuple(a for a in p.availability if a.staff_id == who.staff_id)
        assert person_problem(p, i).availability == own
    assert sum(len(rows) for rows in p.availability_of.values()) == len(p.availability)


@needs_data
@pytest.mark.parametrize("name", ["Instance2", "Instance5"])
def test_curtois_sequential_roster_is_feasible_and_scored_alike(name: str) -> None:
    path = SHARED / "instances" / f"{name}.txt"
    p = load_curtois(path)
    assert decomposable(p)
    r = sequential_roster(p, time_limit=5)
    assert r is not None
    v = check(p, r)
    assert not hard_violations(v)
    ours = sum(penalties(v).values())
    theirs, bad = independent_score(path.read_text(), _rows(solution_frame(p, r)))
    assert bad == [] and theirs == ours
    # cover priced per person: the cover penalty is a small part of leaving every shift empty
    empty = sum(c.weight_under * c.min for c in p.demand)
    assert penalties(v).get("coverage", 0) < 0.5 * empty


def test_reported_objective_is_the_checked_one() -> None:
    """The construction's running total (own rules + cover) is the product check's objective."""
    p = to_problem(parse_curtois(TINY))
    heard: list[int] = []
    r = sequential_roster(p, time_limit=2, on_improve=heard.append)
    assert r is not None and heard
    assert heard == sorted(heard, reverse=True)  # only better rosters are reported
    v = check(p, r)
    assert not hard_violations(v)
    assert heard[-1] == round(SCALE * sum(penalties(v).values()))


def test_long_periods_are_rostered_person_by_person(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the long-period threshold lowered to a week, ``solve_lns`` takes the person-by-person
    path: no model of everyone, no proven bound but the weekend caps', the check's objective, a
    scorer-clean roster."""
    monkeypatch.setattr(long_period, "LONG_PERIOD", 7)
    monkeypatch.setattr(long_period, "LNS_LEFT", 1.0)  # never time enough left to hand over to LNS
    monkeypatch.setattr(lns, "build", _must_not_build)
    monkeypatch.setattr(long_period, "build", _must_not_build)
    p = to_problem(parse_curtois(TINY))
    res = lns.solve_lns(p, time_limit=2)
    assert res.roster is not None and res.bound is None and res.gap is None
    v = check(p, res.roster)
    assert not hard_violations(v)
    assert res.objective == sum(penalties(v).values()) == sum(res.penalties.values())
    assert res.progress and res.progress[-1].objective == res.objective
    # the weekend caps' bound is the one it claims (8 weekend heads short at 100)
    month = lns.solve_lns(to_problem(parse_curtois(curtois_month())), time_limit=2)
    assert month.bound == 800 and month.objective is not None and month.objective >= 800
    assert (month.status == "OPTIMAL") == (month.objective == 800)
    theirs, bad = independent_score(TINY, _rows(solution_frame(p, res.roster)))
    assert bad == [] and theirs == res.objective


def _must_not_build(*_a: object, **_k: object) -> None:
    raise AssertionError("the long-period path must not build the model of everyone")


@needs_data
def test_a_stalled_long_period_hands_over_to_lns(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the person-by-person search stalls with time left, LNS over the model of everyone
    goes on from its roster: the model is built once, the result is never worse than the
    roster handed over, passes check at the objective reported, and claims no bound but the
    weekend caps' (no model of everyone is solved to a bound)."""
    monkeypatch.setattr(long_period, "LONG_PERIOD", 7)
    monkeypatch.setattr(long_period, "STALL_PATIENCE", 0.05)
    # the path of a long period windows cannot cut (rostering.window_search.worth_windows)
    monkeypatch.setattr(long_period, "worth_windows", lambda _p: False)
    builds: list[int] = []

    def spy(problem: object) -> object:
        builds.append(1)
        return build(problem)  # type: ignore[arg-type]

    monkeypatch.setattr(long_period, "build", spy)
    handed: list[float] = []
    monkeypatch.setattr(
        long_period,
        "solve_by_person",
        lambda *a, **k: _noted(handed, solve_by_person(*a, **k)),
    )
    p = load_curtois(SHARED / "instances" / "Instance5.txt")
    res = lns.solve_lns(p, time_limit=6)
    assert builds == [1] and len(handed) == 1
    assert res.roster is not None and res.objective is not None
    assert res.objective <= handed[0]
    assert res.bound == weekend_cover_bound(p) / SCALE == 700  # I5: 7 weekend heads short
    v = check(p, res.roster)
    assert not hard_violations(v)
    assert res.objective == sum(penalties(v).values()) == sum(res.penalties.values())
    assert res.progress[-1].objective == res.objective


def _noted(handed: list[float], res: Result) -> Result:
    assert res.objective is not None
    handed.append(res.objective)
    return res


@needs_data
@pytest.mark.parametrize("by", ["size", "days", "width"])
def test_lns_from_a_built_roster(monkeypatch: pytest.MonkeyPatch, by: str) -> None:
    """With the size threshold lowered (or the period or the width threshold, which build the
    start by dynamic program — the width one in its own share of the time), the LNS starts
    from the person-by-person roster (a complete hint); its roster still passes check at the
    objective it reports."""
    by_dp = by != "size"
    if by == "days":
        monkeypatch.setattr(lns, "FAST_START_FROM", 1)
    elif by == "width":
        monkeypatch.setattr(lns, "FAST_START_VARS", 1)
    else:
        monkeypatch.setattr(lns, "CONSTRUCT_FROM", 0)
    # without column generation's dive, whose roster would be the hint instead
    monkeypatch.setattr(lns, "_colgen", lambda *_a: (0, None, False))
    built: list[tuple[bool, object, object]] = []

    def spy(*a: object, **k: object) -> object:
        built.append((bool(k.get("fast")), k.get("time_limit"), k.get("plan_limit")))
        return sequential_roster(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(lns, "sequential_roster", spy)
    path = SHARED / "instances" / "Instance2.txt"
    p = load_curtois(path)
    res = lns.solve_lns(p, time_limit=4)
    share = lns.WIDE_SHARE if by == "width" else lns.CONSTRUCT_SHARE
    # weekend caps on every person: a weekend plan first, in its own seconds on top
    plan = plan_limit(p, 4)
    assert plan > 0
    assert built == [(by_dp, pytest.approx(share * 4 + plan), pytest.approx(plan))]
    assert res.roster is not None and res.objective is not None
    v = check(p, res.roster)
    assert not hard_violations(v)
    assert res.objective == sum(penalties(v).values())
    assert res.bound is not None and res.bound <= res.objective


@needs_data
@pytest.mark.parametrize("wide", [False, True])
def test_wide_models_get_short_sub_problems(monkeypatch: pytest.MonkeyPatch, wide: bool) -> None:
    """A model at or above the width threshold runs its LNS sub-problems for ``wide_sub``
    seconds each (the default rule's, at most ``WIDE_SUB``) and draws their kinds by recent
    gain (``WIDE_EXPLORE``); below it the default (``lns_search.sub_time`` of the time limit,
    kinds drawn uniformly) holds. Either way the kinds drawn are ``SEARCH_KINDS``."""
    if wide:
        monkeypatch.setattr(lns, "FAST_START_VARS", 1)
    monkeypatch.setattr(lns, "_colgen", lambda *_a: (0, None, False))
    subs: list[float | None] = []
    explored: list[float] = []
    kinds: list[tuple[int, ...]] = []
    real = lns.search_from

    def spy(*a: object, **k: object) -> object:
        subs.append(k.get("sub"))  # type: ignore[arg-type]
        explored.append(a[2].explore)  # type: ignore[attr-defined]
        kinds.append(a[2].kinds)  # type: ignore[attr-defined]
        return real(*a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(lns, "search_from", spy)
    p = load_curtois(SHARED / "instances" / "Instance2.txt")
    res = lns.solve_lns(p, time_limit=3)
    assert subs == [lns.wide_sub(3) if wide else None]
    assert explored == [lns.WIDE_EXPLORE if wide else 1.0] and lns.WIDE_EXPLORE < 1.0
    assert kinds == [SEARCH_KINDS] and 0 not in SEARCH_KINDS  # wide or not
    assert res.roster is not None and not hard_violations(check(p, res.roster))


def test_bench_command_says_when_no_bound_is_proven(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(long_period, "LONG_PERIOD", 7)
    monkeypatch.setattr(long_period, "LNS_LEFT", 1.0)  # person by person to the end: nothing proven
    inst = tmp_path / "Tiny.txt"
    inst.write_text(TINY)
    out = tmp_path / "s.csv"
    code = main(["bench", "curtois", str(inst), "--time-limit", "2", "--out", str(out), "--quiet"])
    text = capsys.readouterr().out
    assert code == 0 and out.read_text().startswith("employee,day,shift\n")
    assert "bound — (none proven)" in text and "gap —" in text


def test_ruin_and_recreate_keeps_the_books() -> None:
    """Taking a few people out and placing them again never leaves the roster worse, and the
    heads counted on each need stay those of everyone's schedules."""
    p = to_problem(parse_curtois(TINY))
    seq = _Sequential(p, seed=3, on_improve=None, fast=True)
    order = list(range(len(p.staff)))
    for q in order:
        assert seq.place(q, 1.0, keep=False)
    current = seq.record()
    for _ in range(6):
        after = seq.ruin(order, 1.0, current)
        assert after <= current and after == seq.total()
        current = after
        heads = [0] * len(seq.needs)
        for sched in seq.sched.values():
            for i, a in seq.counter.heads(sched).items():
                heads[i] += a
        assert heads == seq.have
    assert seq.best is not None and seq.best[0] <= current
    v = check(p, seq.roster())
    assert not hard_violations(v)
    assert round(SCALE * sum(penalties(v).values())) == seq.best[0]


@pytest.mark.parametrize(("until", "stops"), [(None, True), (30.0, True), (0.0, False)])
def test_a_stall_stops_the_search_only_while_the_caller_can_use_the_time(
    monkeypatch: pytest.MonkeyPatch, until: float | None, stops: bool
) -> None:
    """With no patience at all, the first stall ends the search — unless ``patience_until``
    has passed (here: 0 s, nobody can use the time), when ruin-and-recreate goes on to the
    time limit."""
    ruins: list[int] = []
    real = _Sequential.ruin

    def spy(self: _Sequential, order: list[int], limit: float, current: int) -> int:
        ruins.append(current)
        return real(self, order, limit, current)

    monkeypatch.setattr(_Sequential, "ruin", spy)
    p = to_problem(parse_curtois(TINY))
    r = sequential_roster(p, time_limit=1.5, fast=True, patience=0.0, patience_until=until)
    assert r is not None and not hard_violations(check(p, r))
    assert (ruins == []) == stops
