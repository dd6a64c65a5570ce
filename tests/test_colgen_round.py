"""Column generation priced by placement, its LP rounded to a roster (rostering.colgen_round)."""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
import pytest
from test_colgen import BUSY
from test_curtois import SHARED, _rows, independent_score, needs_data

from rostering import colgen_round, lns
from rostering.bench import solution_frame
from rostering.check import check, hard_violations, penalties
from rostering.colgen import _ColumnGeneration
from rostering.colgen_round import lp_roster
from rostering.construct import _roster
from rostering.io.curtois import load_curtois, parse_curtois, to_problem
from rostering.lanes import Lanes
from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import SCALE
from rostering.rules.coverage_spec import CoverTable, HeadCounter, needs


def _clean_and_scored_alike(text: str, p: Problem, roster: Roster) -> float:
    """The roster's ``check`` objective, after asserting it breaks no hard rule and that the
    independent scorer of the format agrees with it."""
    v = check(p, roster)
    assert not hard_violations(v)
    ours = sum(penalties(v).values())
    theirs, bad = independent_score(text, _rows(solution_frame(p, roster)))
    assert bad == [] and theirs == ours
    return ours


def test_placement_priced_master_claims_no_bound_and_keeps_its_books() -> None:
    """Priced by placement, column generation proves nothing: no bound is raised and no
    round claims to be exact. Its LP is still a true LP over real schedules: each pooled
    column is the person's own schedule at its own penalty, and the LP's expected heads
    price as the cover table says."""
    p = to_problem(parse_curtois(BUSY))
    lanes = Lanes(p, True, 1)
    try:
        cg = _ColumnGeneration(p, 0, 1, lanes=lanes)
        assert cg.pricers == []  # no CP-SAT model is built for anybody
        exact = cg.converge(None, math.inf, 30)
    finally:
        lanes.close()
    assert exact is False and cg.best == -math.inf
    assert cg.rounds >= 2 and all(cg.pool) and cg.lp_value < math.inf
    for g, pool in enumerate(cg.pool):
        person = cg.members[g][0]
        for sched, own in pool:
            alone = _roster(p, {person: sched})
            mine = [x for x in check(p, alone) if x.staff_id == p.staff[person].staff_id]
            assert not hard_violations(mine)
            assert round(sum(penalties(mine).values()) * SCALE) == own
    # the LP's value is its columns' own penalties plus the cover at the heads they give
    weights = cg.master.weights()
    table = CoverTable([c.need for c in cg.cn])
    heads = np.zeros(len(cg.cn))
    own_total = 0.0
    for g, pool in enumerate(cg.pool):
        for w, (sched, o) in zip(weights[g], pool, strict=True):
            own_total += w * o
            for i, a in cg.incidence(sched).items():
                heads[i] += w * a
    assert own_total + table.each(heads).sum() == pytest.approx(cg.lp_value, abs=1e-3)


def test_rounded_roster_is_clean_scored_alike_and_optimal_on_the_busy_week() -> None:
    """The tiny busy week: the rounded roster is hard-clean, agrees with the independent
    scorer, is not below the proven optimum CP-SAT finds by itself (a sanity floor: no roster
    may be), and on this week equals it."""
    from rostering.solve import solve

    p = to_problem(parse_curtois(BUSY))
    exact = solve(p, time_limit=20)
    assert exact.status == "OPTIMAL" and exact.objective is not None
    r = lp_roster(p, time_limit=3, workers=1)
    assert r is not None
    ours = _clean_and_scored_alike(BUSY, p, r)
    assert ours >= exact.objective
    # and on this week the rounding lands on the optimum itself
    assert ours == exact.objective


def test_rounding_prices_each_person_against_everybody_else(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rounding asks one price a person, and never counts the person placed: the last
    placement is priced from exactly the final roster's heads without that person's own."""
    p = to_problem(parse_curtois(BUSY))
    seen: list[np.ndarray] = []
    real = CoverTable.prices

    def spy(self: CoverTable, have: list[int] | np.ndarray) -> dict:
        seen.append(np.array(have, dtype=float))
        return real(self, have)

    monkeypatch.setattr(CoverTable, "prices", spy)
    r = lp_roster(p, time_limit=2, workers=1)
    assert r is not None
    assert len(seen) == len(p.staff)
    counter = HeadCounter(list(needs(p)))
    mine = _schedules(p, r)
    final = np.zeros(len(seen[-1]))
    for sched in mine.values():
        for i, a in counter.heads(sched).items():
            final[i] += a
    others = []
    for sched in mine.values():
        without = final.copy()
        for i, a in counter.heads(sched).items():
            without[i] -= a
        others.append(without)
    assert any(np.allclose(seen[-1], o) for o in others)


def _schedules(p: Problem, roster: Roster) -> dict[int, dict[tuple[int, int], str]]:
    """Each person's {(day, shift): skill} from a roster."""
    day = {d: i for i, d in enumerate(p.days)}
    shift = {s.code: i for i, s in enumerate(p.shifts)}
    sid = {s.staff_id: q for q, s in enumerate(p.staff)}
    out: dict[int, dict[tuple[int, int], str]] = {q: {} for q in range(len(p.staff))}
    for (staff_id, d), cell in roster.cells.items():
        if cell.code in shift:
            out[sid[staff_id]][day[d], shift[cell.code]] = cell.skill
    return out


@needs_data
def test_lns_starts_from_the_rounded_roster_above_the_exact_pricing_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Above ``COLGEN_UP_TO`` person-days ``solve_lns`` starts from the rounded roster (here
    forced on Instance 1 by setting the size to 0); its roster is clean, scored alike, and
    the objective it reports is the check's."""
    path = SHARED / "instances" / "Instance1.txt"
    p = load_curtois(path)
    calls: list[float] = []
    real = colgen_round.lp_roster

    def spy(*a: Any, **k: Any) -> Roster | None:
        calls.append(k["time_limit"])
        return real(*a, **k)

    monkeypatch.setattr(lns, "COLGEN_UP_TO", 0)
    monkeypatch.setattr(lns, "lp_roster", spy)
    res = lns.solve_lns(p, time_limit=5, seed=random.Random(1).randint(0, 9))
    assert calls == [pytest.approx(lns.ROUND_SHARE * 5)]
    assert res.roster is not None and res.objective is not None
    ours = _clean_and_scored_alike(path.read_text(), p, res.roster)
    assert ours == res.objective
