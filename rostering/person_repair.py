"""Repair of a schedule that holds one person's sequence rules but breaks a counting rule.

:class:`rostering.person_dp.PersonDP` finds schedules that obey every sequence rule exactly
(successions, run lengths, days off) with the counting rules (shifts per type, the hours band,
worked weekends) only priced in; near the Lagrangian optimum such a schedule is usually a few
shifts away from feasible. :func:`repair` walks it there greedily: among the changes of one day
(work another shift, work, rest) and of two days in a row (rest both, or work both), it applies
the one that lowers the total excess over the counting rules at the least cost per unit of
excess removed, keeping every sequence rule, until nothing is in excess; when that is stuck,
:mod:`rostering.person_windows` re-plans whole windows of days.

>>> from rostering.person_repair import repair
>>> fixed = repair(dp, path, price)  # doctest: +SKIP
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np

from rostering.person_excess import State, excess, pair_excess, single_excess
from rostering.person_windows import replan_windows

if TYPE_CHECKING:
    from rostering.person_dp import PersonDP
    from rostering.person_sequences import DaySequences

BIG = 1e15
POLISH_ROUNDS = 30
# one-day changes tried first in a round of the repair or polish, best-scored first. With the
# succession filter in _moves, measured on Curtois–Qu 23 (one process, 40 s): 319 → 411 people
# placed, 41.6 → 26 ms a repair; with the run filter (_runs_kept) too, 533 and 12.5 ms
TOP = 200


def sequence_ok(dp: DaySequences, path: list[int], a: int, b: int) -> bool:
    """Whether days ``a..b`` of ``path`` (−1 = off) and the runs around them keep the
    sequence rules: allowed shifts, successions, run lengths (edge runs not judged)."""
    n = dp.n
    lo, hi = max(0, a - 1), min(n - 1, b + 1)
    # a run seen this far is longer than every minimum (and than a maximum, which is then
    # broken whatever its true length): no need to walk a months-long rest to its end
    reach = max(dp.Wc, dp.Oc) + 1
    stop = max(0, lo - reach)
    while lo > stop and (path[lo - 1] >= 0) == (path[lo] >= 0):
        lo -= 1
    stop = min(n - 1, hi + reach)
    while hi < stop and (path[hi + 1] >= 0) == (path[hi] >= 0):
        hi += 1
    for d in range(a, b + 1):
        if path[d] >= 0 and not dp.allowed[d, path[d]]:
            return False
    for d in range(max(0, lo - 1), min(n - 1, hi + 1)):
        if path[d] >= 0 and path[d + 1] >= 0 and dp.banned_cost[path[d], path[d + 1]] > 0:
            return False
    d = lo
    while d <= hi:
        kind = path[d] >= 0
        e = d
        while e + 1 <= hi and (path[e + 1] >= 0) == kind:
            e += 1
        length = e - d + 1
        # a run cut at the scan's end is not at the period's edge unless it reaches it
        edge = (d == 0 or e == n - 1) and not (d == lo and lo > 0) and not (e == hi and hi < n - 1)
        if kind:
            if dp.wmax is not None and length > dp.wmax:
                return False
            if not edge and length < dp.wmin:
                return False
        elif not edge and length < dp.omin:
            return False
        d = e + 1
    return True


def _moves(st: State, full: np.ndarray, cost: np.ndarray, polish: bool) -> bool:
    """Make the cheapest valid changes per unit of excess removed (repair), or the cheapest
    valid changes that lower the cost without adding excess (``polish``); False when there
    is none."""
    dp = st.dp
    n, S = dp.n, dp.S
    now = excess(dp, st.counts, st.wk, st.mins)
    p = np.array(st.path)
    col = np.where(p >= 0, p, S)
    delta = full - full[np.arange(n), col][:, None]
    gain = now - single_excess(st, col)
    ok = (full < BIG) & (np.arange(S + 1)[None, :] != col[:, None])
    # a shift its neighbours' shifts forbid is never valid: ruled out here at once rather
    # than one by one in sequence_ok (most of the polish's candidates, measured on I23)
    banned = dp.banned_cost > 0
    prev, after = np.roll(p, 1), np.roll(p, -1)
    prev[0] = after[-1] = -1
    ok[:, :S] &= ~(banned[np.maximum(prev, 0)] & (prev >= 0)[:, None])
    ok[:, :S] &= ~(banned[:, np.maximum(after, 0)].T & (after >= 0)[:, None])
    # likewise a day turned off (or worked) that leaves a run too short or too long
    to_off, to_work = _runs_kept(dp, st.path)
    ok[:, S] &= to_off
    ok[:, :S] &= to_work[:, None]
    if polish:
        mask = ok & (gain >= -1e-9) & (delta < 0)
        score = delta
    else:
        mask = ok & (gain > 1e-9)
        score = delta / np.where(mask, gain, 1.0)
    ds, vs = np.nonzero(mask)
    if len(ds) > TOP:
        # the best-scored first: most of a long list is rejected one by one once the
        # first changes are made (the whole list is tried when none of these helps)
        first = np.argpartition(score[ds, vs], TOP)[:TOP]
        if _apply_many(st, _singles(ds[first], vs[first], score, delta, S), polish):
            return True
    if _apply_many(st, _singles(ds, vs, score, delta, S), polish):
        return True
    # no single day will do: two days, both off or both worked with the cheapest shifts
    cheapest = cost.argmin(axis=1)
    d0 = np.arange(n - 1)
    a, b = cheapest[:-1], cheapest[1:]
    rest = (p[:-1] >= 0) | (p[1:] >= 0)
    work = (cost[d0, a] < BIG) & (cost[d0 + 1, b] < BIG) & ((p[:-1] != a) | (p[1:] != b))
    day = np.concatenate([d0[rest], d0[work]])
    v1 = np.concatenate([np.full(int(rest.sum()), -1), a[work]])
    v2 = np.concatenate([np.full(int(rest.sum()), -1), b[work]])
    dc = delta[day, np.where(v1 >= 0, v1, S)] + delta[day + 1, np.where(v2 >= 0, v2, S)]
    if polish:
        keep = dc < 0
        day, v1, v2, dc = day[keep], v1[keep], v2[keep], dc[keep]
    g = now - pair_excess(st, day, v1, v2)
    take = (g >= -1e-9) if polish else (g > 1e-9)
    score = dc if polish else dc / np.where(take, g, 1.0)
    cands = [
        (float(sc), float(c), [(x, y1), (x + 1, y2)])
        for x, y1, y2, sc, c in zip(
            day[take].tolist(),
            v1[take].tolist(),
            v2[take].tolist(),
            score[take].tolist(),
            dc[take].tolist(),
            strict=True,
        )
    ]
    return _apply_many(st, cands, polish)


def _runs_kept(dp: PersonDP, path: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Per day, whether turning it off (a worked day) and whether working it (a day off)
    keeps the run rules around it — the same judgement as :func:`sequence_ok` (a run touching
    the period's first or last day is not held to a minimum), for its run rules only. A
    worked day given another shift, or a day left as it is, keeps its runs: True."""
    n = dp.n
    work = [s >= 0 for s in path]
    left = [1] * n  # length of the run of days like d ending at d
    right = [1] * n  # … and starting at d
    for d in range(1, n):
        if work[d] == work[d - 1]:
            left[d] = left[d - 1] + 1
    for d in range(n - 2, -1, -1):
        if work[d] == work[d + 1]:
            right[d] = right[d + 1] + 1
    to_off = np.ones(n, dtype=bool)
    to_work = np.ones(n, dtype=bool)
    wmax = dp.wmax if dp.wmax is not None else n + 1
    for d in range(n):
        # what is left of d's own run on each side, and the runs of the other kind beyond
        a, b = left[d] - 1, right[d] - 1
        own_min, other_min = (dp.wmin, dp.omin) if work[d] else (dp.omin, dp.wmin)
        if (0 < a < own_min and d - a > 0) or (0 < b < own_min and d + b < n - 1):
            ok = False  # a piece of d's own run left too short, away from the edges
        else:  # d joins the runs of the other kind next to it, if its own run ends there
            first = d - (left[d - 1] if a == 0 and d > 0 else 0)
            last = d + (right[d + 1] if b == 0 and d < n - 1 else 0)
            length = last - first + 1
            edge = first == 0 or last == n - 1
            ok = (edge or length >= other_min) and (work[d] or length <= wmax)
        if work[d]:
            to_off[d] = ok
        else:
            to_work[d] = ok
    return to_off, to_work


def _singles(
    ds: np.ndarray, vs: np.ndarray, score: np.ndarray, delta: np.ndarray, S: int
) -> list[tuple[float, float, list[tuple[int, int]]]]:
    """One-day changes (day, new value; column S = off) as scored candidates."""
    return [
        (float(score[d, v]), float(delta[d, v]), [(d, v if v < S else -1)])
        for d, v in zip(ds.tolist(), vs.tolist(), strict=True)
    ]


def _apply_many(
    st: State, cands: list[tuple[float, float, list[tuple[int, int]]]], polish: bool
) -> bool:
    """Apply, best-scored first, every change that still helps once the earlier ones are
    made (it must not touch a day already changed, and must keep the sequence rules and
    lower the excess — or, polishing, keep it at zero); True when any was applied.

    One pass makes many changes (filling an hours band from an empty schedule takes hundreds
    of days); each is judged against the schedule as it then stands.
    """
    cands.sort()
    changed: set[int] = set()
    now = excess(st.dp, st.counts, st.wk, st.mins)
    path = st.path
    for _score, _dc, changes in cands:
        days = [d for d, _ in changes]
        if changed.intersection(days):
            continue
        if changed:  # the candidates were scored before any change: judge this one again
            after = st.excess_after(changes)
            if (after > now + 1e-9) if polish else (after >= now - 1e-9):
                continue
        else:
            after = -1.0  # known to help; computed below if kept
        old = [path[d] for d in days]
        for d, v in changes:
            path[d] = v
        ok = sequence_ok(st.dp, path, min(days), max(days))
        for d, v in zip(days, old, strict=True):
            path[d] = v
        if ok:
            if after < 0:
                after = st.excess_after(changes)
            st.apply(changes)
            changed.update(days)
            now = after
            if not polish and after == 0:
                break  # feasible: polishing now judges changes by cost alone
    return bool(changed)


def repair(
    dp: PersonDP,
    path: list[int],
    cost: np.ndarray,
    off_cost: np.ndarray,
    max_steps: int = 400,
    deadline: float | None = None,
) -> list[int] | None:
    """``path`` changed, greedily and cheaply, until it holds the counting rules too, then
    polished (cheaper changes that keep it feasible); None when no change lowers the excess
    any more. ``cost[d, s]`` is the cost of working shift ``s`` on day ``d`` (BIG where not
    allowed), ``off_cost[d]`` that of a day off. Past ``deadline`` (``time.perf_counter()``)
    the polish is left out.

    >>> repair(dp, path, cost, off_cost)  # doctest: +SKIP
    """
    st = State(dp, path)
    full = np.concatenate([cost, off_cost[:, None]], axis=1)  # column S = off

    def greedy(polish: bool) -> bool:
        # polishing is a local search that could run long; its first rounds gain the most
        for _ in range(POLISH_ROUNDS if polish else max_steps):
            if not polish and excess(dp, st.counts, st.wk, st.mins) == 0:
                return True
            if not _moves(st, full, cost, polish):
                break
        return polish or excess(dp, st.counts, st.wk, st.mins) == 0

    # single days and pairs first (cheap, nearly always enough); whole windows re-planned
    # only when those are stuck
    if not greedy(False):
        replan_windows(dp, st, cost, off_cost)
        if not greedy(False):
            return None
    if deadline is None or time.perf_counter() < deadline:
        greedy(True)
    return st.path
