"""Re-planning whole windows of one person's days, for a repair that single changes cannot make.

:func:`rostering.person_repair.repair` changes one or two days at a time; it gets stuck where a
run's successions bind every day of it (retyping one day breaks a succession) or where freeing
a weekend breaks a run. :func:`replan_windows` re-plans windows of 14–28 days at once by the
person's dynamic program (:meth:`rostering.person_dp.PersonDP.window`), the other days held
fixed, and keeps a window when it lowers (caps and weekends over, band units outside, cost) in
that order: first with shifts over a cap and weekends beyond the cap charged heavily, then, once
those hold, with hours rewarded or charged towards the band. When the hours still miss the band
(a band a shift or two wide, runs that bind every day), the whole period is re-planned with the
running hours in the DP's state (:meth:`rostering.person_sequences.DaySequences.within_units`),
which lands inside the band exactly — where that state stays small enough to be quick.

>>> from rostering.person_windows import replan_windows
>>> replan_windows(dp, state, cost, off_cost)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from rostering.person_dp import PersonDP
    from rostering.person_excess import State

HEAVY = 1e9  # what a window pays for a shift over a cap or a weekend over the cap
REACH_SLACK = 4  # longest shifts the band re-plan's running hours may stray beyond its need
# the exact band re-plan runs when one day's step is at most this big (tracked values × shifts
# × run states × predecessor columns), after one sweep of windows at growing hour rates.
# Measured person by person at 58 s on Curtois–Qu: on I22 (10 shifts, a band 3 shifts wide)
# windows alone left 95 % of band repairs stuck (CP-SAT fallbacks, 72 placements, 121834);
# with the re-plan 348 placements, 41235. On I24 (32 shifts, 120-minute units) the re-plan
# took 0.3–2.6 s a person (107672 vs 94855): it keeps the windows there
EXACT_BAND_UP_TO = 20_000
Key = tuple[float, float, float]  # (caps and weekends over, band units outside, cost)


def replan_windows(dp: PersonDP, st: State, cost: np.ndarray, off_cost: np.ndarray) -> None:
    """Re-plan windows of ``st``'s path in place (see the module docstring). ``cost[d, s]``
    is the cost of working shift ``s`` on day ``d`` (where allowed), ``off_cost[d]`` of a day
    off."""
    w = _Windows(dp, st, cost, off_cost)
    w.counted()
    if w.now[0] == 0 and w.now[1] > 0:
        exact = w.band_states() <= EXACT_BAND_UP_TO
        w.band_windows(sweeps=1 if exact else 3)
        if exact and w.now[0] == 0 and w.now[1] > 0:
            w.band()


class _Windows:
    """The state shared by the window passes (counted, band windows) and the band re-plan."""

    def __init__(self, dp: PersonDP, st: State, cost: np.ndarray, off_cost: np.ndarray) -> None:
        self.dp, self.st, self.cost, self.off_cost = dp, st, cost, off_cost
        self.full = np.concatenate([cost, off_cost[:, None]], axis=1)  # column S = off
        self.now = self.key()

    def key(self) -> Key:
        """Where the path stands: (caps and weekends over, band units outside, cost)."""
        dp, st = self.dp, self.st
        counted = st.caps_over + (max(0, st.wk - dp.wk_cap) if dp.wk_cap is not None else 0)
        band = 0.0
        if dp.band is not None:
            band = max(0, st.mins - dp.band[1], dp.band[0] - st.mins) / dp.unit
        p = np.array(st.path)
        col = np.where(p >= 0, p, dp.S)
        return float(counted), band, float(self.full[np.arange(dp.n), col].sum())

    def charged(self) -> tuple[np.ndarray, float]:
        """(the costs with every shift of a type at or over its cap charged heavily, the
        charge per worked weekend: heavy when the weekend cap is reached, else 0)."""
        dp, st = self.dp, self.st
        cw = self.cost.copy()
        for s, cap in dp.caps:
            if st.counts[s] >= cap:
                cw[:, s] += HEAVY
        wk = 0.0
        if dp.wk_cap is not None and st.wk >= dp.wk_cap:
            wk = HEAVY
            cw[dp.closes_single | dp.closes_pair, :] += HEAVY
        return cw, wk

    def attempt(self, cw: np.ndarray, wk: float, a: int, b: int) -> bool:
        """Re-plan days a..b at costs ``cw``; keep the result when it lowers the key, else
        put the days back. True when kept."""
        st = self.st
        trial = self.dp.window(cw, self.off_cost, wk, st.path, a, b)
        if trial is None or trial == st.path:
            return False
        old_path = list(st.path)
        st.apply([(d, trial[d]) for d in range(a, b + 1)])
        new = self.key()
        if new < self.now:
            self.now = new
            return True
        st.apply([(d, old_path[d]) for d in range(a, b + 1)])
        return False

    def counted(self) -> None:
        """Windows re-planned with shifts over a cap and weekends beyond the cap charged."""
        n = self.dp.n
        for width in (14, 28):
            for _sweep in range(3):
                changed = False
                for a in range(0, n, width // 2):
                    if self.now[0] == 0:
                        return
                    cw, wk = self.charged()
                    changed |= self.attempt(cw, wk, a, min(n - 1, a + width - 1))
                if not changed:
                    break

    def band_track(self) -> tuple[np.ndarray, tuple[int, int], tuple[int, int]]:
        """(units per shift, the band in units, how far below and above the current path's
        running units :meth:`band`'s states reach)."""
        dp = self.dp
        assert dp.band is not None
        units = dp.minutes // dp.unit
        target = (-(-dp.band[0] // dp.unit), dp.band[1] // dp.unit)
        have = self.st.mins // dp.unit
        # the running total strays from the current path's towards the band, and at most
        # REACH_SLACK longest shifts the other way (which keeps the states few)
        need = max(target[0] - have, have - target[1], 0)
        slack = REACH_SLACK * int(units.max())
        return units, target, ((slack, need + slack) if have < target[0] else (need + slack, slack))

    def band_states(self) -> int:
        """The size of one day's step of :meth:`band` (tracked values × shifts × work-run
        states × distinct predecessor columns); 0 without a band."""
        dp = self.dp
        if dp.band is None:
            return 0
        _units, _target, reach = self.band_track()
        return (sum(reach) + 1) * dp.S * dp.Wc * dp.pred_cost.shape[1]

    def band_windows(self, sweeps: int = 3) -> None:
        """Windows re-planned with hours rewarded (below the band) or charged (above it), at
        growing rates until a window helps: a rate that re-plans a window whole would
        overshoot a band two shifts wide. Cheap and local: it runs before :meth:`band`, and
        alone where that would be slow."""
        dp, st = self.dp, self.st
        assert dp.band is not None
        finite = np.abs(self.cost[dp.allowed])
        scale = (float(finite.max()) if finite.size else 1.0) / (float(dp.minutes.max()) / dp.unit)
        for _sweep in range(sweeps):
            changed = False
            for a in range(0, dp.n, 7):
                if self.now[1] == 0:
                    return
                sign = -1.0 if st.mins < dp.band[0] else 1.0
                base, wk = self.charged()
                for f in (0.05, 0.2, 0.5, 1.0, 2.0, 5.0):
                    cw = base + sign * f * scale * dp.minutes[None, :] / dp.unit
                    if self.attempt(cw, wk, a, min(dp.n - 1, a + 13)):
                        changed = True
                        break
            if not changed:
                return

    def band(self) -> None:
        """The whole period re-planned with the worked hours as part of the state, so that they
        land inside the band exactly (:meth:`~rostering.person_sequences.DaySequences.
        within_units`): the caps priced at their current multipliers, new shifts of a type at
        its cap and newly worked weekends at the cap charged heavily; a type (or the weekends)
        a re-plan still takes over its cap is charged the same way on the next try."""
        dp, st = self.dp, self.st
        assert dp.band is not None
        units, target, reach = self.band_track()
        capped = {s for s, cap in dp.caps if st.counts[s] >= cap}
        path = np.array(st.path)
        # the caps' multipliers keep the re-plan from piling onto one type (without them
        # it took type after type over its cap, one per try, on Curtois–Qu 22)
        priced = self.cost.copy()
        for (s, _cap), m in zip(dp.caps, dp.lam[: len(dp.caps)], strict=True):
            priced[:, s] += m
        worked = {int(dp.weekend_of[d]) for d in np.flatnonzero(path >= 0)}
        new_weekend = (dp.weekend_of >= 0) & ~np.isin(dp.weekend_of, list(worked))
        guard = dp.wk_cap is not None and st.wk >= dp.wk_cap
        for _try in range(len(dp.caps) + 2):
            cw = priced.copy()
            for s in capped:
                cw[path != s, s] += HEAVY
            if guard:
                cw[new_weekend, :] += HEAVY
            trial = dp.within_units(cw, self.off_cost, st.path, units, target, reach)
            if trial is None:
                return
            counts, wk, _mins = dp.usage(trial)
            over = {s for s, cap in dp.caps if counts[s] > cap}
            wk_over = dp.wk_cap is not None and wk > dp.wk_cap
            if not over and not wk_over:
                self.attempt_path(trial)
                return
            capped |= over
            guard |= wk_over

    def attempt_path(self, trial: list[int]) -> bool:
        """Take the whole path ``trial`` when it lowers the key; True when taken."""
        st = self.st
        old_path = list(st.path)
        st.apply(list(enumerate(trial)))
        new = self.key()
        if new < self.now:
            self.now = new
            return True
        st.apply(list(enumerate(old_path)))
        return False
