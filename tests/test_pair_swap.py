"""Block swaps between two people (rostering.pair_swap): cover untouched, every rule kept, the
gain the independent scorer sees, and no improving swap left."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from helpers import one_slot_problem, person
from test_curtois import INSTANCE1, SHARED, _rows, independent_score, needs_data

from rostering import long_period
from rostering.bench import solution_frame
from rostering.check import check, hard_violations, penalties
from rostering.construct import decomposable
from rostering.io.curtois import load_curtois
from rostering.lns import solve_lns
from rostering.pair_swap import MAX_LEN, swap_requests
from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import SCALE
from rostering.sequential import sequential_roster


def _swapped_rows(
    rows: list[tuple[str, int, str]], e: str, f: str, a: int, b: int
) -> list[tuple[str, int, str]]:
    """``rows`` with people ``e`` and ``f`` exchanging their shifts on days ``a..b``."""
    other = {e: f, f: e}
    return [(other[x] if x in other and a <= d <= b else x, d, s) for x, d, s in rows]


@needs_data
def test_swaps_keep_cover_and_rules_and_leave_no_better_swap() -> None:
    """On a greedy roster of Instance 1 the swaps lower the cost by what they report, keep
    every day's heads per shift, hold every hard rule (the independent scorer agrees), and
    leave no swap of up to MAX_LEN days between two people that both holds and pays."""
    text = INSTANCE1.read_text()
    problem = load_curtois(INSTANCE1)
    found = None
    for seed in range(4):  # a greedy roster with a request a swap can meet
        start = sequential_roster(problem, time_limit=0.5, seed=seed, fast=True)
        assert start is not None
        after, gained = swap_requests(problem, start, deadline=time.perf_counter() + 10)
        if gained:
            found = start, after, gained
            break
    assert found is not None
    start, after, gained = found
    before_rows = _rows(solution_frame(problem, start))
    rows = _rows(solution_frame(problem, after))
    assert Counter((d, s) for _e, d, s in rows) == Counter((d, s) for _e, d, s in before_rows)
    v0, v1 = check(problem, start), check(problem, after)
    assert not hard_violations(v1)
    assert penalties(v1)["coverage"] == penalties(v0)["coverage"]
    ours = sum(penalties(v1).values())
    assert ours == sum(penalties(v0).values()) - gained / SCALE
    theirs, bad = independent_score(text, rows)
    assert bad == [] and theirs == ours
    people = [p.staff_id for p in problem.staff]
    n = len(problem.days)
    for i, e in enumerate(people):
        for f in people[i + 1 :]:
            for a in range(n):
                for b in range(a, min(n, a + MAX_LEN)):
                    cost, broken = independent_score(text, _swapped_rows(rows, e, f, a, b))
                    assert broken or cost >= ours, (e, f, a, b)


@needs_data
def test_same_seed_same_swaps_and_an_early_deadline_changes_nothing() -> None:
    """Swaps are reproducible, and nothing is built or changed once the deadline has passed."""
    problem = load_curtois(SHARED / "instances" / "Instance5.txt")
    start = sequential_roster(problem, time_limit=0.5, seed=1, fast=True)
    assert start is not None
    one, g1 = swap_requests(problem, start, deadline=time.perf_counter() + 30, seed=3)
    two, g2 = swap_requests(problem, start, deadline=time.perf_counter() + 30, seed=3)
    assert g1 == g2 and one.cells == two.cells
    same, g0 = swap_requests(problem, start, deadline=time.perf_counter() - 1)
    assert same is start and g0 == 0


def test_problems_it_cannot_split_come_back_unchanged() -> None:
    """A problem whose people are tied by more than cover (fairness here) is left alone."""
    tied = one_slot_problem(7, staff=[person("A"), person("B")])  # fairness by default
    assert not decomposable(tied)
    roster = Roster(tied, {})
    same, gained = swap_requests(tied, roster, deadline=time.perf_counter() + 5)
    assert same is roster and gained == 0


@needs_data
def test_long_periods_end_with_swaps(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long period's last share goes to the swaps: what they gain is in the result, which
    still passes check at the objective and the last progress entry reported."""
    monkeypatch.setattr(long_period, "LONG_PERIOD", 7)
    monkeypatch.setattr(long_period, "SWAP_SHARE", 0.5)
    monkeypatch.setattr(long_period, "worth_windows", lambda _p: False)
    monkeypatch.setattr(long_period, "LNS_LEFT", 1.0)  # person by person, then the swaps
    seen: list[tuple[float, int]] = []  # (objective of the roster handed over, gained)

    def spy(problem: Problem, roster: Roster, **k: object) -> tuple[Roster, int]:
        got = swap_requests(problem, roster, **k)  # type: ignore[arg-type]
        seen.append((sum(penalties(check(problem, roster)).values()), got[1]))
        return got

    monkeypatch.setattr(long_period, "swap_requests", spy)
    problem = load_curtois(SHARED / "instances" / "Instance7.txt")
    res = solve_lns(problem, time_limit=4)
    assert len(seen) == 1 and res.roster is not None and res.objective is not None
    handed, gained = seen[0]
    assert res.objective == handed - gained / SCALE
    v = check(problem, res.roster)
    assert not hard_violations(v)
    assert res.objective == sum(penalties(v).values()) == sum(res.penalties.values())
    assert res.progress[-1].objective == res.objective
