"""Re-planning whole windows of one person's days, for a repair that single changes cannot make.

:func:`rostering.person_repair.repair` changes one or two days at a time; it gets stuck where a
run's successions bind every day of it (retyping one day breaks a succession) or where freeing
a weekend breaks a run. :func:`replan_windows` re-plans windows of 14–28 days at once by the
person's dynamic program (:meth:`rostering.person_dp.PersonDP.window`), the other days held
fixed, and keeps a window when it lowers (caps and weekends over, band units outside, cost) in
that order: first with shifts over a cap and weekends beyond the cap charged heavily, then, once
those hold, with hours rewarded or charged towards the band.

>>> from rostering.person_windows import replan_windows
>>> replan_windows(dp, state, cost, off_cost)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from rostering.person_dp import PersonDP
    from rostering.person_repair import State

HEAVY = 1e9  # what a window pays for a shift over a cap or a weekend over the cap
Key = tuple[float, float, float]  # (caps and weekends over, band units outside, cost)


def replan_windows(dp: PersonDP, st: State, cost: np.ndarray, off_cost: np.ndarray) -> None:
    """Re-plan windows of ``st``'s path in place (see the module docstring). ``cost[d, s]``
    is the cost of working shift ``s`` on day ``d`` (where allowed), ``off_cost[d]`` of a day
    off."""
    w = _Windows(dp, st, cost, off_cost)
    w.counted()
    if w.now[0] == 0 and w.now[1] > 0:
        w.band()


class _Windows:
    """The state shared by the two kinds of window passes."""

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

    def band(self) -> None:
        """Windows re-planned with hours rewarded (below the band) or charged (above it), at
        growing rates until a window helps: a rate that re-plans a window whole would
        overshoot a band two shifts wide."""
        dp, st = self.dp, self.st
        assert dp.band is not None
        finite = np.abs(self.cost[dp.allowed])
        scale = (float(finite.max()) if finite.size else 1.0) / (float(dp.minutes.max()) / dp.unit)
        for _sweep in range(3):
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
