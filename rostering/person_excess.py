"""How far a schedule breaks one person's counting rules (shifts per type, worked weekends,
the hours band), and how far it would after a change — the measure
:mod:`rostering.person_repair` lowers and :mod:`rostering.person_windows` re-plans against.

:class:`State` keeps a path's counts up to date and scores any change of a few days;
:func:`single_excess` and :func:`pair_excess` score every one-day change, and many two-day
changes, at once (the repair's candidates, vectorised: they are its hot path).

>>> from rostering.person_excess import State, excess
>>> st = State(dp, path)  # doctest: +SKIP
>>> st.excess_after([(3, -1)]) <= excess(dp, st.counts, st.wk, st.mins)  # doctest: +SKIP
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from rostering.person_dp import PersonDP

# Caps and weekends are mended first: a weekend freed often costs hours that must then be
# worked on a weekday, which no single change does at once; weighting them far above the
# hours band lets the repair take the first step (measured: Curtois–Qu 23, the band at its
# floor and 3–13 weekends over, every repair stuck before this weight)
COUNTED = 1000


def excess(dp: PersonDP, counts: np.ndarray, weekends: int, minutes: int) -> float:
    """How far the counting rules are broken: shifts over each cap and weekends over the cap
    (each ×COUNTED), plus hours-band units outside the band (a unit is the shifts' common
    length)."""
    caps_over = sum(max(0, int(counts[s]) - cap) for s, cap in dp.caps)
    return _score(dp, caps_over, weekends, minutes)


def _score(dp: PersonDP, caps_over: int, weekends: int, minutes: int) -> float:
    """:func:`excess` from the shifts over caps already summed."""
    counted = caps_over + (max(0, weekends - dp.wk_cap) if dp.wk_cap is not None else 0)
    over = float(COUNTED * counted)
    if dp.band is not None:
        lo, hi = dp.band
        over += max(0, minutes - hi, lo - minutes) / dp.unit
    return over


class State:
    """A path with its counts, worked weekends and minutes kept up to date (shared with
    :mod:`rostering.person_windows`)."""

    def __init__(self, dp: PersonDP, path: list[int]) -> None:
        self.dp = dp
        self.path = list(path)
        # plain Python lookups: excess_after runs for every candidate change
        self.cap_of = dict(dp.caps)
        self.length = [int(m) for m in dp.minutes]
        self.weekend = [int(k) for k in dp.weekend_of]
        members: dict[int, list[int]] = {}
        for d, k in enumerate(self.weekend):
            if k >= 0:
                members.setdefault(k, []).append(d)
        self.members = members
        self._usage()

    def _usage(self) -> None:
        self.counts, self.wk, self.mins = self.dp.usage(self.path)
        self.count_list = [int(c) for c in self.counts]
        self.caps_over = sum(max(0, self.count_list[s] - cap) for s, cap in self.dp.caps)

    def excess_after(self, changes: list[tuple[int, int]]) -> float:
        """Excess once each (day, new value) of ``changes`` is made (the path is unchanged)."""
        dp, path = self.dp, self.path
        mins = self.mins
        delta: dict[int, int] = {}
        touched: set[int] = set()
        for d, v in changes:
            o = path[d]
            if o >= 0:
                delta[o] = delta.get(o, 0) - 1
                mins -= self.length[o]
            if v >= 0:
                delta[v] = delta.get(v, 0) + 1
                mins += self.length[v]
            if self.weekend[d] >= 0:
                touched.add(self.weekend[d])
        over = self.caps_over
        for s, ds in delta.items():
            cap = self.cap_of.get(s)
            if cap is not None and ds:
                c = self.count_list[s]
                over += max(0, c + ds - cap) - max(0, c - cap)
        wk = self.wk
        if dp.wk_cap is not None and touched:
            new = dict(changes)
            for k in touched:
                days = self.members[k]
                wk += int(any(new.get(d, path[d]) >= 0 for d in days)) - int(
                    any(path[d] >= 0 for d in days)
                )
        return _score(dp, over, wk, mins)

    def apply(self, changes: list[tuple[int, int]]) -> None:
        for d, v in changes:
            self.path[d] = v
        self._usage()


def single_excess(st: State, col: np.ndarray) -> np.ndarray:
    """Excess after changing one day: entry [d, v] for new value ``v`` (column S = off)."""
    dp = st.dp
    n, S = dp.n, dp.S
    over = np.zeros((n, S + 1))
    if dp.caps:
        inc = np.zeros(S + 1)
        dec = np.zeros(S + 1)
        base = 0
        for s, cap in dp.caps:
            c = int(st.counts[s])
            base += max(0, c - cap)
            inc[s] = max(0, c + 1 - cap) - max(0, c - cap)
            dec[s] = max(0, c - 1 - cap) - max(0, c - cap)
        over += COUNTED * (base + inc[None, :] + dec[col][:, None])
    if dp.band is not None:
        lo, hi = dp.band
        length = np.append(dp.minutes, 0)
        m = st.mins - length[col][:, None] + length[None, :]
        over += np.maximum(0, np.maximum(m - hi, lo - m)) / dp.unit
    if dp.wk_cap is not None:
        worked = col < S
        is_we = dp.weekend_of >= 0
        # another day of the same weekend is worked: its weekend's worked days, less its own
        on = np.bincount(dp.weekend_of[is_we], weights=worked[is_we], minlength=dp.n_weekends)
        other = is_we & (on[np.maximum(dp.weekend_of, 0)] - worked > 0)
        before = (worked | other) & is_we
        after_work = is_we  # working day d makes its weekend worked
        after_off = other & is_we
        change = np.where(
            np.arange(S + 1)[None, :] < S,
            after_work[:, None].astype(int),
            after_off[:, None].astype(int),
        ) - before[:, None].astype(int)
        wk = st.wk + change
        over += COUNTED * np.maximum(0, wk - dp.wk_cap)
    over[np.arange(n), col] = excess(dp, st.counts, st.wk, st.mins)  # no change
    return over


def pair_excess(st: State, day: np.ndarray, v1: np.ndarray, v2: np.ndarray) -> np.ndarray:
    """:meth:`State.excess_after` of each change of two days in a row: ``day`` to ``v1``
    and the next to ``v2`` (−1 = off), for many changes at once."""
    dp = st.dp
    p = np.asarray(st.path)
    o1, o2 = p[day], p[day + 1]
    length = np.append(dp.minutes, 0)  # index S (or −1): a day off
    mins = st.mins - length[o1] - length[o2] + length[v1] + length[v2]
    over = np.zeros(len(day))
    for s, cap in dp.caps:
        ds = (v1 == s).astype(int) + (v2 == s) - (o1 == s) - (o2 == s)
        over += np.maximum(0, st.counts[s] + ds - cap)
    wk = np.full(len(day), st.wk)
    if dp.wk_cap is not None:
        k = dp.weekend_of
        new = np.stack([v1, v2])  # the two days' new values
        for i, e in enumerate((day, day + 1)):
            ke = k[e]
            # each weekend touched once: the second day's only when it is another weekend
            counted = (ke >= 0) if i == 0 else (ke >= 0) & (ke != k[day])
            before = np.zeros(len(day), dtype=bool)
            after = np.zeros(len(day), dtype=bool)
            for t in (-1, 0, 1):  # the days of that weekend: e and its neighbours in it
                f = np.clip(e + t, 0, len(k) - 1)
                same = (k[f] == ke) & (ke >= 0) & (e + t >= 0) & (e + t < len(k))
                before |= same & (p[f] >= 0)
                now_f = np.where(f == day, new[0], np.where(f == day + 1, new[1], p[f]))
                after |= same & (now_f >= 0)
            wk = wk + np.where(counted, after.astype(int) - before, 0)
    out = COUNTED * (over + (np.maximum(0, wk - dp.wk_cap) if dp.wk_cap is not None else 0))
    if dp.band is not None:
        lo, hi = dp.band
        out = out + np.maximum(0, np.maximum(mins - hi, lo - mins)) / dp.unit
    return out
