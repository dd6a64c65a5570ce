"""Windows of a long roster (rostering.window, rostering.window_search): the cut is exact.

The claim the window search rests on: for any change inside the window, the period's roster
holds every hard rule exactly when the window's roster does, and the two objectives differ by
the same constant. Tested on random changes to a roster of a generated eight-week instance with
every rule the window keeps (caps per shift type, runs, rest, successions, weekends, a minute
band, requests, days off).
"""

from __future__ import annotations

import random

import pytest

from rostering.check import check, hard_violations, penalties
from rostering.io.curtois import parse_curtois, to_problem
from rostering.problem import Problem, RuleSet
from rostering.roster import OFF, Cell, Roster
from rostering.sequential import sequential_roster
from rostering.window import merge, window_problem, windowable
from rostering.window_search import improve_windows, window_weeks, worth_windows


def eight_weeks(seed: int = 0, h: int = 56) -> str:
    """Eight weeks (or ``h`` days, limits scaled), eight people, two shift types (N may not
    be followed by D), per-type caps, runs of 2–5 work days, 2 days off, at most 5 worked
    weekends in eight weeks, a minute band, days off and requests at random."""
    rng = random.Random(seed)
    f = h / 56
    staff = "\n".join(
        f"{c},D={h}|N={round(f * rng.choice([6, 10, 14]))},"
        f"{round(f * rng.choice([14400, 15360]))},{round(f * 9600)},5,2,2,{round(f * 5)}"
        for c in "ABCDEFGH"
    )
    off = "\n".join(f"{c},{rng.randrange(h)}" for c in "ABCDEFGH")
    on = "\n".join(
        f"{rng.choice('ABCDEFGH')},{rng.randrange(h)},D,{rng.randint(1, 3)}" for _ in range(12)
    )
    offr = "\n".join(
        f"{rng.choice('ABCDEFGH')},{rng.randrange(h)},N,{rng.randint(1, 3)}" for _ in range(12)
    )
    cover = "\n".join(
        f"{d},{s},{rng.randint(1, 3)},{rng.choice([50, 100])},1" for d in range(h) for s in "DN"
    )
    return (
        f"SECTION_HORIZON\n{h}\n\nSECTION_SHIFTS\nD,480,\nN,600,D\n\nSECTION_STAFF\n{staff}\n\n"
        f"SECTION_DAYS_OFF\n{off}\n\nSECTION_SHIFT_ON_REQUESTS\n{on}\n\n"
        f"SECTION_SHIFT_OFF_REQUESTS\n{offr}\n\nSECTION_COVER\n{cover}\n"
    )


def _problem(seed: int = 0, h: int = 56) -> Problem:
    return to_problem(parse_curtois(eight_weeks(seed, h), "gen.txt"))


def _cost(problem: Problem, roster: Roster) -> tuple[float, bool]:
    v = check(problem, roster)
    return sum(penalties(v).values()), not hard_violations(v)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_window_cut_is_exact(seed: int) -> None:
    problem = _problem(seed)
    assert windowable(problem)
    start = sequential_roster(problem, time_limit=3, seed=seed)
    assert start is not None
    full0, ok0 = _cost(problem, start)
    assert ok0
    w = window_problem(problem, start, 21, 34)
    assert w.lo < 21 and w.hi > 34  # a margin on both sides
    sub0, sub_ok0 = _cost(w.problem, w.roster)
    assert sub_ok0  # the current roster fits its own window
    rng = random.Random(seed)
    people = [p.staff_id for p in problem.staff]
    days = problem.days
    codes = [OFF, "D", "N"]
    agree = feasible = 0
    for _ in range(150):
        changed = w.roster
        for _ in range(rng.randint(1, 4)):
            sid, d = rng.choice(people), days[rng.randint(21, 34)]
            if not changed.cell(sid, d) or changed.cell(sid, d).is_leave:  # type: ignore[union-attr]
                continue
            changed = changed.replace({(sid, d): Cell(rng.choice(codes))})
        full, ok = _cost(problem, merge(start, w, changed))
        sub, sub_ok = _cost(w.problem, changed)
        assert ok == sub_ok
        feasible += ok
        if ok:
            assert full - sub == pytest.approx(full0 - sub0)
            agree += 1
    # the changes must reach both sides of the claim, or the test proves little
    assert 0 < feasible < 150


def test_window_limits_are_the_rest_of_the_period() -> None:
    problem = _problem(0)
    start = sequential_roster(problem, time_limit=3, seed=0)
    assert start is not None
    w = window_problem(problem, start, 28, 41)
    a = problem.staff[0]
    outside = [d for i, d in enumerate(problem.days) if not w.lo <= i <= w.hi]
    n_out = sum(
        start.shift(a.staff_id, d) is not None and start.shift(a.staff_id, d).code == "N"
        for d in outside
    )  # type: ignore[union-attr]
    cap = dict(problem.rules_for(a).max_shifts)["N"]
    sub_rules = w.problem.rules_for(w.problem.staff[0])
    assert dict(sub_rules.max_shifts)["N"] == max(0, cap - n_out)
    assert w.problem.days[0] == problem.days[w.lo] and w.problem.days[0].weekday() == 0
    assert w.problem.history  # the days before the margin


def test_not_windowable_with_a_period_rule() -> None:
    problem = _problem(0)
    assert not windowable(problem.replace(rules=RuleSet(rest_days_per_month=(4, 8))))
    profiles = {k: v.replace(min_rest_hours=11.0) for k, v in problem.role_rules.items()}
    assert not windowable(problem.replace(role_rules=profiles))
    assert not windowable(problem.replace(weights=problem.weights.replace(fairness=1.0)))
    staff = (problem.staff[0].replace(protected=True), *problem.staff[1:])
    assert not windowable(problem.replace(staff=staff))


def test_window_search_improves_and_keeps_every_rule() -> None:
    import time

    problem = _problem(3)
    start = sequential_roster(problem, time_limit=1, seed=0)
    assert start is not None
    before, ok = _cost(problem, start)
    assert ok
    assert window_weeks(problem) >= 1
    roster, gained = improve_windows(
        problem, start, deadline=time.perf_counter() + 6, workers=2, seed=0
    )
    after, ok = _cost(problem, roster)
    assert ok
    assert after == pytest.approx(before - gained / 100)
    assert gained > 0


def test_long_period_goes_by_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Half a year (rostering.long_period, where solve_lns sends it): person by person, then
    windows; the roster holds every rule and the reported penalties are check's."""
    from rostering import lns, long_period

    calls: list[int] = []
    real = long_period.improve_windows

    def spy(*args: object, **kw: object) -> tuple[Roster, int]:
        out = real(*args, **kw)  # type: ignore[arg-type]
        calls.append(out[1])
        return out

    monkeypatch.setattr(long_period, "improve_windows", spy)
    problem = _problem(5, 182)
    assert len(problem.days) >= long_period.LONG_PERIOD and worth_windows(problem)
    res = lns.solve_lns(problem, time_limit=8, workers=2, seed=0)
    assert calls  # the windows ran
    assert res.roster is not None and res.objective is not None
    v = check(problem, res.roster)
    assert not hard_violations(v)
    assert sum(penalties(v).values()) == pytest.approx(res.objective)
    assert res.penalties == pytest.approx(penalties(v))
    # what the windows gained is what the result shows beyond the person-by-person roster
    assert res.progress[-1].objective == pytest.approx(res.objective)
