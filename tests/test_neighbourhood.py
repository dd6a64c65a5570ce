"""The LNS sub-problem loop (rostering.neighbourhood): answers judged, sizes adapted, and
sub-problems run back to back without ever losing the best roster."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from ortools.sat.python import cp_model
from test_curtois import TINY, curtois_month

from rostering import neighbourhood
from rostering.io.curtois import parse_curtois, to_problem
from rostering.model_values import objective_of, values_of
from rostering.neighbourhood import NeighbourhoodSearch
from rostering.rules.base import SCALE
from rostering.sequential import sequential_roster
from rostering.solve import build


def _search(seed: int = 0, text: str = TINY) -> NeighbourhoodSearch:
    p = to_problem(parse_curtois(text))
    ctx, _terms = build(p)
    start = sequential_roster(p, time_limit=1)
    assert start is not None
    values = values_of(ctx, start)
    assert values is not None
    search = NeighbourhoodSearch(ctx, workers=2, seed=seed)
    search.best, search.best_obj = values, objective_of(ctx, values)
    return search


def test_an_answer_is_taken_unless_worse_and_sizes_follow_the_proofs() -> None:
    s = _search()
    best, obj = s.best, s.best_obj
    s.sizes = [0.5] * 4
    assert not s.take(0, cp_model.FEASIBLE, obj + 1, [0] * len(best))  # worse: dropped
    assert s.best is best and s.sizes[0] == 0.5 * 0.9
    same = list(best)
    assert not s.take(1, cp_model.OPTIMAL, obj, same)  # equal: a sideways move, taken
    assert s.best is same and s.sizes[1] == 0.5 * 1.1
    assert not s.take(2, cp_model.UNKNOWN, 0, [])  # no answer in time
    assert s.best is same and s.best_obj == obj and s.sizes[2] == 0.5 * 0.9


def test_kinds_that_gain_are_drawn_more_and_none_is_dropped() -> None:
    s = _search()
    obj = s.best_obj
    assert s.explore == 1.0 and s.gains == [0.0] * 5
    assert not s.take(3, cp_model.FEASIBLE, obj, list(s.best))  # sideways: no gain
    assert s.gains == [0.0] * 5
    s.explore = 0.0
    # nothing gained yet: every kind is drawn, explore or not
    assert {s.draw_kind() for _ in range(200)} == set(range(5))
    s.best_obj = obj + 10  # an answer 10 below the best gains its kind 10 × (1 - memory)
    s.take(1, cp_model.FEASIBLE, obj, list(s.best))
    memory = neighbourhood.KIND_MEMORY
    assert s.gains[1] == pytest.approx(10 * (1 - memory))
    assert {s.draw_kind() for _ in range(200)} == {1}  # no exploring: only the gainer
    s.take(1, cp_model.FEASIBLE, obj, list(s.best))  # a try without gain: its weight fades
    assert s.gains[1] == pytest.approx(10 * (1 - memory) * memory)
    s.explore = 0.3
    drawn = [s.draw_kind() for _ in range(1000)]
    # 70 % to the gainer, the rest uniform: 1 about 76 % of the time, each other about 6 %
    assert 700 < drawn.count(1) < 820 and all(20 < drawn.count(k) < 110 for k in (0, 2, 3, 4))
    s.explore = 1.0  # the default: uniform whatever was gained
    drawn = [s.draw_kind() for _ in range(1000)]
    assert all(140 < drawn.count(k) < 260 for k in range(5))


def test_a_search_draws_only_its_kinds() -> None:
    """``kinds`` limits the draws, uniform or by gain: the LNS of ``solve_lns`` never draws
    "a few people over the whole period" (kind 0); by default every kind is drawn, in the very
    order the reproducible search drew them before ``kinds`` existed."""
    s = _search()
    s.kinds = neighbourhood.SEARCH_KINDS
    assert {s.draw_kind() for _ in range(400)} == {1, 2, 3, 4}
    obj = s.best_obj
    s.explore, s.best_obj = 0.3, obj + 10
    s.take(3, cp_model.FEASIBLE, obj, list(s.best))  # kind 3 gains: drawn by gain too
    drawn = [s.draw_kind() for _ in range(1000)]
    assert 0 not in drawn and drawn.count(3) > 700
    a, b = _search(seed=7), _search(seed=7)
    a.kinds = neighbourhood.ALL_KINDS
    assert [a.draw_kind() for _ in range(50)] == [b.rng.randrange(5) for _ in range(50)]


def test_sub_problems_run_back_to_back_and_only_improve() -> None:
    s = _search(seed=4)
    start = s.best_obj
    heard: list[int] = []
    calls = [0]

    def more() -> bool:
        calls[0] += 1
        return True

    with ThreadPoolExecutor(max_workers=2) as pool:
        s.run(time.perf_counter() + 1.5, 0.3, pool, more, lambda: heard.append(s.best_obj))
    assert calls[0] > 2  # more than one round of two
    assert heard == sorted(heard, reverse=True) and all(h < start for h in heard)
    assert s.best_obj <= start and objective_of(s.ctx, s.best) == s.best_obj
    with ThreadPoolExecutor(max_workers=2) as pool:  # told to stop: nothing starts
        before = s.best
        s.run(time.perf_counter() + 5, 0.3, pool, lambda: False, lambda: heard.append(-1))
    assert s.best is before and -1 not in heard


def test_a_sub_problem_starts_from_its_hint() -> None:
    # the hint phase is off (sub_solver): the complete hint must still be the first roster, so
    # a sub-problem never answers worse than the best, and with nothing free it is the best
    s = _search(seed=2)
    status, obj, sol = s._sub(set(), 1.0, 0)
    assert (status, obj, sol) == (cp_model.OPTIMAL, s.best_obj, s.best)
    people = range(s.n_people)
    status, obj, sol = s._sub({(p, d) for p in people for d in range(3)}, 1.0, 0)
    assert sol and obj <= s.best_obj and objective_of(s.ctx, sol) == obj


def _month() -> NeighbourhoodSearch:
    return _search(3, curtois_month())


def test_two_weekends_free_some_people_from_friday_to_monday() -> None:
    s = _month()  # day 0 is a Monday: Saturdays are days 5, 12, 19, 26
    assert s.weekends == [[4, 5, 6, 7], [11, 12, 13, 14], [18, 19, 20, 21], [25, 26, 27]]
    short = set(s.short_days())
    assert short and all(d % 7 >= 5 for d in short)  # 6 people × 2 weekends < 4 weeks × 4 × 2
    # keep one weekend short only, so that drawing it half the time shows
    hit = s.weekends[2]
    s._short = (s.best_obj, [d for d in short if d in hit] or [hit[1]])
    hits = 0
    for _ in range(40):
        kind, free = s.neighbourhood(4)
        days = {d for _p, d in free}
        people = {p for p, _d in free}
        assert kind == 4 and free == {(p, d) for p in people for d in days}
        chosen = [w for w in s.weekends if set(w) <= days]
        assert len(chosen) == 2 and days == {d for w in chosen for d in w}
        assert len(people) == max(1, round(min(1.0, s.sizes[4] * 28 / len(days)) * 6))
        hits += set(hit) <= days
    # half the draws start from the short weekend, the other half hold it 1 time in 2
    assert 25 <= hits < 40
    # a sub-problem over two weekends: never worse, its objective the whole roster's
    s.sizes[4] = 1.0
    _kind, free = s.neighbourhood(4)
    _status, obj, sol = s._sub(free, 2.0, 0)
    assert sol and obj <= s.best_obj and objective_of(s.ctx, sol) == obj


def test_a_period_without_two_weekends_falls_back_to_a_block() -> None:
    s = _search()  # seven days: one weekend
    assert len(s.weekends) == 1
    _kind, free = s.neighbourhood(4)
    days = sorted({d for _p, d in free})
    assert free and days == list(range(days[0], days[-1] + 1))  # a window of days


def test_a_span_of_days_keeps_every_neighbourhood_inside_it() -> None:
    """A window of a long period (rostering.window_search) frees only its own days: every
    kind stays inside the span, its weekends and short days counted from the span's start."""
    whole = _month()
    s = NeighbourhoodSearch(whole.ctx, workers=2, seed=3, days=range(7, 21))
    s.best, s.best_obj = whole.best, whole.best_obj
    # the weekends of days 12–13 and 19–20, Friday to Monday, within days 7–20
    assert s.weekends == [[4, 5, 6, 7], [11, 12, 13]]
    assert set(s.short_days()) == {d - 7 for d in whole.short_days() if 7 <= d < 21}
    seen: set[int] = set()
    for kind in range(5):
        for _ in range(20):
            _k, free = s.neighbourhood(kind)
            days = {d for _p, d in free}
            assert free and days <= set(range(7, 21))
            seen |= days
    assert seen == set(range(7, 21))  # and the whole span is reached


def _twin(s: NeighbourhoodSearch, seed: int) -> NeighbourhoodSearch:
    """A fresh search of the same model from the same roster."""
    t = NeighbourhoodSearch(s.ctx, workers=2, seed=seed)
    t.best, t.best_obj = list(s.best), s.best_obj
    return t


def _poor_month() -> NeighbourhoodSearch:
    """The month from a roster found without the objective (one worker, fixed seed: the same
    roster every time), far above its optimum of 800."""
    p = to_problem(parse_curtois(curtois_month()))
    ctx, _terms = build(p)
    m = ctx.model.clone()
    m.clear_objective()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(m) == cp_model.OPTIMAL
    search = NeighbourhoodSearch(ctx, workers=2, seed=0)
    search.best = list(solver.response_proto.solution)
    search.best_obj = objective_of(ctx, search.best)
    return search


def test_rounds_on_deterministic_work_repeat_exactly() -> None:
    # the reproducible rounds (solve's default search): the same seed and roster give the
    # same rosters in the same order, whatever the threads' timing
    base = _poor_month()
    start = base.best_obj
    assert start > 800 * SCALE
    runs = []
    for _ in range(2):
        s = _twin(base, seed=7)
        heard: list[int] = []
        with ThreadPoolExecutor(max_workers=2) as pool:
            cut = s.run_work(
                2.0,
                0.2,
                pool,
                time.perf_counter() + 60,
                lambda: True,
                lambda s=s, heard=heard: heard.append(s.best_obj),
            )
        assert not cut
        assert heard == sorted(heard, reverse=True) and all(h < start for h in heard)
        assert objective_of(s.ctx, s.best) == s.best_obj <= start
        runs.append((s.best, s.best_obj, heard, s.sizes))
    assert runs[0] == runs[1]
    assert runs[0][2], "the month's start is improved within 2 units"


def test_the_wall_clock_net_cuts_reproducible_rounds_and_says_so() -> None:
    s = _twin(_poor_month(), seed=1)
    before = s.best
    with ThreadPoolExecutor(max_workers=2) as pool:
        assert s.run_work(5.0, 0.2, pool, time.perf_counter() - 1, lambda: True, lambda: None)
    assert s.best is before
    with ThreadPoolExecutor(max_workers=2) as pool:  # told to stop: no round, no cut
        assert not s.run_work(5.0, 0.2, pool, time.perf_counter() + 60, lambda: False, print)
    assert s.best is before


def test_a_sub_problem_stopped_by_the_net_is_flagged_and_one_out_of_work_is_not() -> None:
    # the net is the search's own deadline (no seconds-a-unit limit sized on one machine):
    # a sub-problem it stops, neither closed nor out of work, makes the rounds unrepeatable
    s = _twin(_poor_month(), seed=1)
    everyone = {(pi, di) for pi, di, _si, _k in s.ctx.x}
    status, _obj, _sol, used, late = s._sub_work(everyone, 50.0, 0, time.perf_counter() + 0.5)
    assert late and used < 50.0 and status != cp_model.OPTIMAL
    status, _obj, _sol, used, late = s._sub_work(everyone, 0.05, 0, time.perf_counter() + 60)
    assert not late and used >= 0.05 - 1e-3
