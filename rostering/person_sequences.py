"""The path search of one person's dynamic program: least-cost schedules over days that hold
every sequence rule (forbidden successions, maximum and minimum work runs, minimum rest runs).

States after a day, flat: the off states first (rest run of length 1 … Oc, the last meaning
"at least Oc"), then the work states ``s * Wc + w − 1`` (shift ``s`` worked, work run of length
``w``; the last meaning "at least Wc" when there is no maximum). A run touching day 0 or the
last day is not judged (the Curtois–Qu edges; the product's run rules without history).
:class:`rostering.person_dp.PersonDP` holds the person's rules and prices; this class only
searches.

:meth:`DaySequences.within_units` re-plans the whole period with the running hours as part of
the state, for the hours band.

>>> # dp.window(cost, off_cost, 0.0, path, 7, 13) -> path with days 7..13 re-planned
"""

from __future__ import annotations

import numpy as np

from rostering.person_repair import sequence_ok

INF = 1e15
# per day of a forward pass: (best rest state ending before it, best work state ending before
# it, whether a rest run stays at its last state, the work values of the day before, which
# work runs stay at "at least Wc" — None when the last work state is not open-ended)
Trail = dict[int, tuple[int, int, bool, np.ndarray, np.ndarray | None]]


class DaySequences:
    """Forward pass, the way back and re-planned windows over one person's days; the
    attributes are set by :class:`rostering.person_dp.PersonDP`."""

    n: int  # days
    S: int  # shift types
    Wc: int  # work-run states per shift
    Oc: int  # rest-run states
    wmin: int
    wmax: int | None
    omin: int
    banned_cost: np.ndarray  # S × S: INF where the second may not follow the first
    pred_cost: np.ndarray  # banned_cost's distinct columns
    pred_of: np.ndarray  # shift -> its column in pred_cost
    closes_pair: np.ndarray  # days ending a Saturday+Sunday weekend
    lone: np.ndarray  # on Sundays: the charge for a weekend worked on one of its two days
    allowed: np.ndarray  # n × S

    def state_before(self, path: list[int], a: int) -> int:
        """The DP state (flat: off states first, then work s * Wc + w − 1) after day a − 1."""
        kind = path[a - 1] >= 0
        length = 0
        d = a - 1
        while d >= 0 and (path[d] >= 0) == kind:
            length += 1
            d -= 1
        if not kind:
            return min(length, self.Oc) - 1
        return self.Oc + path[a - 1] * self.Wc + min(length, self.Wc) - 1

    def window(
        self, cw: np.ndarray, co: np.ndarray, wk: float, path: list[int], a: int, b: int
    ) -> list[int] | None:
        """The least-cost days ``a..b`` (costs ``cw``/``co``, ``wk`` per worked weekend) that
        fit the fixed rest of ``path`` under every sequence rule; None when none does."""
        init = None if a == 0 else self.state_before(path, a)
        VO, VW, trail = self._forward(cw, co, wk, a, b, init)
        flat = np.concatenate([VO, VW.ravel()])
        for end in np.argsort(flat, kind="stable"):
            if flat[end] >= INF / 2:
                return None
            seg = self._trace(trail, a, b, int(end))
            trial = path[:a] + seg + path[b + 1 :]
            if sequence_ok(self, trial, a, b):
                return trial
        return None

    def within_units(
        self,
        cw: np.ndarray,
        co: np.ndarray,
        path: list[int],
        units: np.ndarray,
        target: tuple[int, int],
        reach: tuple[int, int],
    ) -> list[int] | None:
        """The least-cost path over the whole period (costs ``cw``/``co``; weekends are charged
        through ``cw``) holding every sequence rule whose total ``units`` (per shift) lies in
        ``target`` — exactly, as a state, not priced — its running total at most
        ``reach`` = (below, above) units from ``path``'s on the way (which keeps the states
        few); None when none does.

        The hours band is the one counting rule a price cannot hold when it is a shift or two
        wide: this re-plans the whole period to land inside it.

        >>> # 232–234 shifts of one unit each, from a path with 220: climb up to 14 + slack
        >>> dp.within_units(cw, co, path, units, (232, 234), (4, 18))  # doctest: +SKIP
        """
        p = np.asarray(path)
        track = (units, np.where(p >= 0, units[p], 0), reach)
        VO, VW, back_o, back_w = self._forward_tracked(cw, co, track)
        total = int(track[1].sum()) - reach[0]  # the total at tracked index 0
        js = np.arange(sum(reach) + 1)
        ok = (total + js >= target[0]) & (total + js <= target[1])
        values = np.concatenate([VO, VW.reshape(len(js), -1)], axis=1)
        values[~ok] = INF
        j, end = np.unravel_index(int(values.argmin()), values.shape)
        if values[j, end] >= INF / 2:
            return None
        return self._backtrack(back_o, back_w, int(end), int(j), track)

    def _forward(
        self, cw: np.ndarray, co: np.ndarray, wk: float, first: int, last: int, init: int | None
    ) -> tuple[np.ndarray, np.ndarray, Trail]:
        """Forward pass over days ``first..last`` from state ``init`` after day first − 1
        (None: the period's start); (off values, work values, the trail
        :meth:`_trace` walks back).
        (:meth:`_forward_tracked` is the same pass with a tracked total; this one is kept
        apart because it runs for every subgradient step, where numpy's per-call cost on
        small arrays dominates: it keeps no back pointer array — a work run's previous shift
        is found again on the way back from the day's values, kept by reference — only the
        few choices per day that are scalars.)"""
        S, Wc, Oc = self.S, self.Wc, self.Oc
        o_len = np.arange(1, Oc + 1)
        w_len = np.arange(1, Wc + 1)
        capped_w = self.wmax is None  # the last work state means "at least Wc"
        banned = self.pred_cost[:, None, :]
        pair_we = self.closes_pair * wk + self.lone
        o_end = np.where(o_len >= self.omin, 0.0, INF)  # INF: a rest run too short to end
        VO = np.full(Oc, INF)
        VW = np.full((S, Wc), INF)
        if init is None:
            VO[0] = co[first]
            VW[:, 0] = cw[first]
            start = first + 1
        else:
            if init < Oc:
                VO[init] = 0.0
            else:
                VW.flat[init - Oc] = 0.0
            start = first
        trail: Trail = {}
        for d in range(start, last + 1):
            # a run may end when long enough, or when it began on day 0 (edges are not judged)
            if d <= Oc:
                vo_ok = np.where((o_len >= self.omin) | (o_len == d), VO, INF)
            else:
                vo_ok = VO if self.omin <= 1 else VO + o_end
            if d <= Wc:
                vw_ok = np.where(((w_len >= self.wmin) | (w_len == d))[None, :], VW, INF)
            elif self.wmin <= 1:
                vw_ok = VW
            elif self.wmin <= Wc:
                vw_ok = VW[:, self.wmin - 1 :]
            else:  # runs shorter than the minimum are all there is: none may end inside
                vw_ok = np.full_like(VW, INF)
            io = int(vo_ok.argmin())
            from_off = vo_ok[io]
            iw = iw_ok = int(vw_ok.argmin())
            if vw_ok is not VW and vw_ok.shape != VW.shape:  # a slice: back to a flat state
                iw = (iw // vw_ok.shape[1]) * Wc + iw % vw_ok.shape[1] + self.wmin - 1
            # (from an allowed ending only: with none, every value here is INF)
            to_off = vw_ok.flat[iw_ok] + pair_we[d]
            nVO = np.empty(Oc)
            if Oc == 1:
                stay_o = bool(VO[0] <= to_off)
                nVO[0] = VO[0] if stay_o else to_off
            else:
                nVO[0] = to_off
                nVO[1:] = VO[:-1]
                stay_o = bool(VO[-1] < nVO[-1])
                if stay_o:
                    nVO[-1] = VO[-1]
            nVO += co[d]
            # continuing a run: best previous shift for each (run length, next shift)
            cont = (VW[:, :, None] + banned).min(axis=0)[:, self.pred_of]  # Wc × S
            nVW = np.empty((S, Wc))
            nVW[:, 0] = from_off + self.lone[d]  # Saturday off, Sunday worked: alone too
            if Wc > 1:
                nVW[:, 1:] = cont[:-1].T
            stay_w = None
            if capped_w:
                stay: np.ndarray = cont[-1]  # staying at "at least Wc"
                stay_w = stay < nVW[:, -1]
                nVW[stay_w, -1] = stay[stay_w]
            nVW += cw[d][:, None]
            trail[d] = (io, iw, stay_o, VW, stay_w)
            VO, VW = nVO, nVW
        return VO, VW, trail

    def _trace(self, trail: Trail, first: int, last: int, state: int) -> list[int]:
        """Shift index per day (−1 off) of days ``first..last`` of :meth:`_forward`'s pass,
        ending in flat ``state``: the choices it made, taken back (ties as it broke them)."""
        Oc, Wc = self.Oc, self.Wc
        seg = [-1] * (last - first + 1)
        off, idx = (True, state) if state < Oc else (False, state - Oc)
        for d in range(last, first - 1, -1):
            seg[d - first] = -1 if off else idx // Wc
            if d == first:
                break
            io, iw, stay_o, VW, stay_w = trail[d]
            if off:  # from the best work ending, the previous rest day, or a long rest going on
                if Oc == 1:
                    off, idx = (True, 0) if stay_o else (False, iw)
                elif idx == 0:
                    off, idx = False, iw
                elif idx < Oc - 1 or not stay_o:
                    idx -= 1
            else:
                s, w = divmod(idx, Wc)
                if w == 0:  # a run began today: from the best rest ending
                    off, idx = True, io
                else:  # the best previous shift, one day shorter (or as long, staying)
                    w_prev = w if stay_w is not None and w == Wc - 1 and stay_w[s] else w - 1
                    prev = int((VW[:, w_prev] + self.banned_cost[:, s]).argmin())
                    idx = prev * Wc + w_prev
        return seg

    def _forward_tracked(
        self,
        cw: np.ndarray,
        co: np.ndarray,
        track: tuple[np.ndarray, np.ndarray, tuple[int, int]],
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`_forward` over the whole period with a leading axis on every state: with
        ``track`` = (units per shift, units of a reference path per day, (below, above)), the
        running units minus the reference's, plus below (:meth:`within_units`); states that
        stray further are dropped. No per-weekend charge: the caller charges weekend days in
        ``cw``."""
        n, S, Wc, Oc = self.n, self.S, self.Wc, self.Oc
        units, ref, (reach, above) = track
        D = reach + above + 1
        o_len = np.arange(1, Oc + 1)
        w_len = np.arange(1, Wc + 1)
        capped_w = self.wmax is None  # the last work state means "at least Wc"
        w_offsets = np.arange(Wc - 1)[None, None, :]
        VO = np.full((D, Oc), INF)
        VW = np.full((D, S, Wc), INF)
        # the first day's units move its states along the tracked axis, as the later days'
        VO[0, 0] = co[0]
        VW[0, :, 0] = cw[0]
        VO = _slide(VO, reach - ref[0])
        VW = _slide_each(VW, units + reach - ref[0])
        # back pointers per day: for an off state, >= 0 an off state, < 0 -(1 + work state)
        # (~work state); for a work state (flat s * Wc + w - 1), >= 0 a work state, < 0
        # ~off state
        back_o = np.zeros((n, D, Oc), dtype=np.int64)
        back_w = np.zeros((n, D, S, Wc), dtype=np.int64)
        if Oc > 1:
            back_o[:, :, 1:] = np.arange(Oc - 1)
        banned = self.pred_cost[None, :, None, :]
        # INF where a run of that length may not end (a day off or a work day must follow)
        o_end = np.where(o_len >= self.omin, 0.0, INF)
        w_end = np.where(w_len >= self.wmin, 0.0, INF)
        for d in range(1, n):
            # a run may end when long enough, or when it began on day 0 (edges are not judged)
            if d <= Oc:
                vo_ok = VO + np.where(o_len == d, 0.0, o_end)
            else:
                vo_ok = VO if self.omin <= 1 else VO + o_end
            if d <= Wc:
                vw_ok = VW + np.where(w_len == d, 0.0, w_end)
            else:
                vw_ok = VW if self.wmin <= 1 else VW + w_end
            io = vo_ok.argmin(axis=1)
            from_off = vo_ok.min(axis=1)
            vw_flat = vw_ok.reshape(D, -1)
            iw = vw_flat.argmin(axis=1)
            # (from an allowed ending only: with none, every value here is INF)
            to_off = vw_flat.min(axis=1)
            nVO = np.empty((D, Oc))
            bO = back_o[d].copy()
            if Oc == 1:
                stay = VO[:, 0] <= to_off
                nVO[:, 0] = np.where(stay, VO[:, 0], to_off)
                bO[:, 0] = np.where(stay, 0, ~iw)
            else:
                nVO[:, 0], bO[:, 0] = to_off, ~iw
                nVO[:, 1:] = VO[:, :-1]
                stay = VO[:, -1] < nVO[:, -1]
                nVO[stay, -1] = VO[stay, -1]
                bO[stay, -1] = Oc - 1
            nVO += co[d]
            # continuing a run: best previous shift for each (run length, next shift)
            t = VW[:, :, :, None] + banned  # D × S × Wc × (distinct columns)
            arg = t.argmin(axis=1)[:, :, self.pred_of]  # D × Wc × S'
            cont = t.min(axis=1)[:, :, self.pred_of]
            nVW = np.empty((D, S, Wc))
            bW = back_w[d]
            nVW[:, :, 0] = from_off[:, None]
            bW[:, :, 0] = ~io[:, None]
            if Wc > 1:
                nVW[:, :, 1:] = cont[:, :-1].transpose(0, 2, 1)
                bW[:, :, 1:] = arg[:, :-1].transpose(0, 2, 1) * Wc + w_offsets
            if capped_w:
                stay_w = cont[:, -1]  # staying at "at least Wc": D × S'
                better = stay_w < nVW[:, :, -1]
                nVW[:, :, -1][better] = stay_w[better]
                bW[:, :, -1][better] = arg[:, Wc - 1][better] * Wc + (Wc - 1)
            nVW += cw[d][None, :, None]
            # today's units move each state along the tracked axis
            nVO, back_o[d] = _slide(nVO, -ref[d]), _slide(bO, -ref[d])
            nVW, back_w[d] = _slide_each(nVW, units - ref[d]), _slide_each(bW, units - ref[d])
            VO, VW = nVO, nVW
        return VO, VW, back_o, back_w

    def _backtrack(
        self,
        back_o: np.ndarray,
        back_w: np.ndarray,
        state: int,
        j: int,
        track: tuple[np.ndarray, np.ndarray, tuple[int, int]],
    ) -> list[int]:
        """Shift index per day (−1 off) of the whole period from :meth:`_forward_tracked`'s
        back pointers, ending in flat ``state`` at tracked index ``j`` (``track`` as there).
        (:meth:`_trace` is the way back of the untracked pass, which keeps no pointers.)"""
        Oc, Wc = self.Oc, self.Wc
        units, ref, _reach = track
        seg = [-1] * self.n
        off, idx = (True, state) if state < Oc else (False, state - Oc)
        for d in range(self.n - 1, -1, -1):
            seg[d] = -1 if off else idx // Wc
            if d == 0:
                break
            # the tracked index before today's units
            moved = (0 if off else int(units[idx // Wc])) - int(ref[d])
            if off:  # an off state came from an off state (b >= 0) or a work state
                b = int(back_o[d, j][idx])
                off, idx = (True, b) if b >= 0 else (False, -b - 1)
            else:  # a work state came from a work state (b >= 0) or an off state
                b = int(back_w[d, j].flat[idx])
                off, idx = (False, b) if b >= 0 else (True, -b - 1)
            j -= moved
        return seg


def _slide(a: np.ndarray, k: int) -> np.ndarray:
    """``a`` moved ``k`` places along its first axis (vacated places INF, or 0 for integer
    arrays — never read: their values are INF)."""
    k = int(k)
    if k == 0:
        return a
    out = np.full_like(a, INF if a.dtype.kind == "f" else 0)
    if abs(k) < len(a):
        if k > 0:
            out[k:] = a[:-k]
        else:
            out[:k] = a[-k:]
    return out


def _slide_each(a: np.ndarray, ks: np.ndarray) -> np.ndarray:
    """``a`` (tracked × shift × …) with each shift's slice moved ``ks[shift]`` places."""
    if not ks.any():
        return a
    out = np.empty_like(a)
    for k in np.unique(ks):
        cols = ks == k
        out[:, cols] = _slide(a[:, cols], int(k))
    return out
