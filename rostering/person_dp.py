"""One person's schedule by dynamic programming over the days, for long periods.

On a year-long period one person's CP-SAT model (their own rules, every shift priced by what it
does to cover) takes about a second to build and often longer to solve; rostering a hundred
people that way does not fit a minute. The rules of the Curtois–Qu benchmark — and of many
planner teams — are mostly *sequence* rules, which a dynamic program over the days holds
exactly: the state after a day is the shift worked (or off) and the length of the current run,
so forbidden successions, maximum and minimum runs of work and minimum runs of rest are
transitions it never takes. The few *counting* rules (shifts per type, the hours band, worked
weekends) are priced in instead, with Lagrange multipliers found by a subgradient search: every
multiplier vector gives a valid lower bound on the person's best priced schedule, and every
schedule met on the way that also holds the counting rules is a feasible answer. So
:meth:`PersonDP.solve` returns the best feasible schedule found with a proven lower bound.
The value minimised also charges each capped weekend worked on one day alone
(:data:`LONE_WEEKEND`): a steer for placement, which no rule asks for.

Only people whose rules are all of these families are handled (:meth:`PersonDP.build` returns
``None`` otherwise, and callers keep the CP-SAT model); schedules are checked against the
counting rules here, and the tests hold them against the product's ``check``.

>>> from rostering.person_dp import PersonDP
>>> dp = PersonDP.build(problem, 0)  # doctest: +SKIP
>>> found = dp.solve({(0, 1, ""): -10000})  # doctest: +SKIP
>>> found.priced >= found.bound  # doctest: +SKIP
True
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from functools import reduce

import numpy as np

from rostering.person_excess import excess
from rostering.person_repair import BIG, repair
from rostering.person_sequences import INF, DaySequences
from rostering.price_grid import Price, PriceGrid
from rostering.problem import Problem
from rostering.rules import REGISTRY
from rostering.rules.base import coef, history_of
from rostering.rules.hours import band_minutes, leave_minutes
from rostering.rules.succession import banned_pairs
from rostering.rules.weekends import weekends

# the rule families the dynamic program holds (sequence rules exactly, counting rules priced)
SUPPORTED = frozenset(
    {
        "assignment",
        "availability",
        "requests",
        "succession",
        "max_consecutive_work_days",
        "min_consecutive_work_days",
        "min_consecutive_days_off",
        "max_shifts",
        "monthly_hours",
        "daily_paid_hours",
        "max_worked_weekends",
    }
)
# cover is the caller's (priced per shift); fairness ties people and is never split per person
PRICED = frozenset({"coverage", "fairness"})
# planner units charged to a schedule for each weekend worked on one of its two days, both free,
# where worked weekends are capped. It steers placement only (no rule asks for it; ``own`` and
# the roster's objective leave it out): where the caps leave little weekend supply, such a
# weekend spends a whole weekend of the cap on one day, and the other day is a head short that
# nobody else may be able to give. Curtois–Qu 23 after a minute (seed 0, no charge): 188 weekend
# heads short with 350 one-day weekends, where the caps allow 4,850 weekend days for 4,617
# heads. Paired at 60 s, 20 against none: on I20–I24 (seeds 1–2) 7 of 10 better, geometric
# mean 0.972 (I23 25,168 / 25,286 against 26,933 / 28,450); on the rounded-LP path (I13, I15,
# I17, I19 seeds 1–3, I18 seed 1) 4 of 13, geometric mean 0.990: I13 2,473 / 2,431 / 3,061
# against 3,093 / 3,022 / 2,945, but I17 and I19 worse in all 6 pairs (by 1.6–8.9 %)
# 10 against 20 on I20, I21, I23, I24 (seeds 1–2): 5 of 8, geometric mean 0.999 — the same
# (seeds 4–5 on I13 and I19: I19 worse again both times, I13 better once; benchmarks/RESULTS.md)
LONE_WEEKEND = 20.0


@dataclass(frozen=True)
class DPSchedule:
    """A schedule found by :meth:`PersonDP.solve`.

    ``shifts`` maps (day, shift) to the skill covered; ``own`` is the person's own scaled
    penalty (requests), ``priced`` the objective minimised (own + prices + the charge on each
    weekend worked alone, :data:`LONE_WEEKEND`), ``bound`` a proven lower bound on ``priced``
    over every feasible schedule of this person.
    """

    shifts: dict[tuple[int, int], str]
    own: int
    priced: int
    bound: float


class PersonDP(DaySequences):
    """The dynamic program of one person (see the module docstring); built by :meth:`build`.
    The path search over the days is :class:`rostering.person_sequences.DaySequences`."""

    def __init__(
        self, problem: Problem, p: int, skill: str, lone_weekend: float | None = None
    ) -> None:
        person = problem.staff[p]
        rs = problem.rules_for(person)
        days = problem.days
        self.n = n = len(days)
        self.S = S = len(problem.shifts)
        self.skill = skill
        self.minutes = np.array([s.paid_minutes for s in problem.shifts], dtype=np.int64)
        allowed = np.ones((n, S), dtype=bool)
        day_index = {d: i for i, d in enumerate(days)}
        self.own_work = np.zeros((n, S), dtype=np.int64)
        self.own_off = np.zeros(n, dtype=np.int64)
        w_req = problem.weights.request
        for a in problem.availability:
            if a.staff_id != person.staff_id:
                continue
            for day in a.dates:
                if day not in day_index:
                    continue
                d = day_index[day]
                if a.kind in ("leave", "unavailable"):
                    allowed[d, :] = False
                elif a.kind in ("on_request", "off_request"):
                    w = coef(w_req * a.weight)
                    hit = np.ones(S, dtype=bool)
                    if a.shift is not None:
                        hit = np.array([s.code == a.shift for s in problem.shifts])
                    if a.kind == "on_request":  # unmet when the shift asked for is not worked
                        self.own_off[d] += w
                        self.own_work[d, ~hit] += w
                    else:  # unmet when the shift is worked
                        self.own_work[d, hit] += w
        code_index = {s.code: i for i, s in enumerate(problem.shifts)}
        self.caps: list[tuple[int, int]] = []
        for code, cap in rs.max_shifts:
            if cap == 0:
                allowed[:, code_index[code]] = False
            elif cap < n:
                self.caps.append((code_index[code], cap))
        if rs.daily_paid_hours is not None:
            lo_h, hi_h = rs.daily_paid_hours
            for i, sh in enumerate(problem.shifts):
                if not lo_h * 60 <= sh.paid_minutes <= hi_h * 60:
                    allowed[:, i] = False
        self.allowed = allowed
        band = band_minutes(problem, person, rs)
        credit, _ = leave_minutes(problem, person)
        self.band = None if band is None else (band[0] - credit, band[1] - credit)
        usable = [int(self.minutes[i]) for i in np.flatnonzero(allowed.any(axis=0))]
        # the hours band is priced per unit of the shifts' common length, so its multipliers
        # move on the same scale as the counts (a shift is 4–6 units, not 480–720 minutes)
        self.unit = reduce(math.gcd, usable, 0) or 1
        wes = weekends(days)
        self.wk_cap = rs.max_worked_weekends
        if self.wk_cap is not None and self.wk_cap >= len(wes):
            self.wk_cap = None
        self.closes_single = np.zeros(n, dtype=bool)  # a one-day weekend ends here
        self.closes_pair = np.zeros(n, dtype=bool)  # a Sat+Sun weekend ends here
        self.weekend_of = np.full(n, -1)
        for k, we in enumerate(wes):
            for d in we:
                self.weekend_of[d] = k
            if len(we) == 1:
                self.closes_single[we[0]] = True
            else:
                self.closes_pair[we[-1]] = True
        self.n_weekends = len(wes)
        # a charge on each capped weekend worked on one of its two days when both were free
        # (booked on the Sunday): see LONE_WEEKEND
        self.lone = np.zeros(n)
        if self.wk_cap is not None:
            charge = coef(LONE_WEEKEND if lone_weekend is None else lone_weekend)
            for we in wes:
                if len(we) == 2 and allowed[we[0]].any() and allowed[we[1]].any():
                    self.lone[we[1]] = charge
        self.lone_days = np.flatnonzero(self.lone).tolist()
        self.wmax = rs.max_consecutive_work_days
        self.wmin = rs.min_consecutive_work_days or 1
        self.omin = rs.min_consecutive_days_off or 1
        self.Wc = self.wmax if self.wmax is not None else self.wmin
        self.Oc = self.omin
        banned = np.zeros((S, S), dtype=bool)
        for a_code, b_code in banned_pairs(problem, rs):
            if a_code in code_index and b_code in code_index:
                banned[code_index[a_code], code_index[b_code]] = True
        self.banned_cost = np.where(banned, INF, 0.0)
        # shifts banned after the same shifts share one column of the forward pass's
        # continuation (Curtois–Qu 24: 32 shift types, 8 distinct columns)
        self.pred_cost, pred_of = np.unique(self.banned_cost, axis=1, return_inverse=True)
        self.pred_of = pred_of.ravel()
        # the multipliers — one per cap, then worked weekends, hours above and below the band
        # — kept between calls: the next call (new prices) starts from them
        c = len(self.caps)
        self.lam = np.zeros(c + 3)
        self.active = np.ones(c + 3, dtype=bool)
        self.active[c] = self.wk_cap is not None
        self.active[c + 1 :] = self.band is not None

    @classmethod
    def build(cls, one: Problem, *, lone_weekend: float | None = None) -> PersonDP | None:
        """The dynamic program of the one person of ``one`` (a problem cut down to them, as
        :func:`rostering.construct.person_problem` does; cover is priced by the caller), or
        None when a rule of theirs is outside :data:`SUPPORTED` (or needs history, a pinned
        shift, a skill choice or a penalised exception, which it does not model).
        ``lone_weekend``: the charge on a weekend worked on one day (planner units; default
        :data:`LONE_WEEKEND`).

        >>> PersonDP.build(person_problem(problem, 0)) is None  # doctest: +SKIP
        False
        """
        person = one.staff[0]
        rs = one.rules_for(person)
        keys = {r.key for r in REGISTRY if r.key not in PRICED and r.applies(one)}
        if not keys <= SUPPORTED or history_of(one, person.staff_id):
            return None
        if any(a.kind == "fixed" for a in one.availability):
            return None
        exc = rs.max_consecutive_work_days_exception
        if exc is not None and exc != rs.max_consecutive_work_days:
            return None
        demanded = {r.skill for r in one.demand if r.skill}
        options = sorted(one.coverable_skills(person) & demanded) or [""]
        if len(options) != 1:
            return None
        return cls(one, 0, options[0], lone_weekend)

    def _costs(self, price: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        """(cost of working each shift each day, cost of a day off, constant) under the
        current multipliers; not-allowed shifts cost INF."""
        c = len(self.caps)
        lam = self.lam
        cw = (self.own_work + price).astype(float)
        const = 0.0
        for (s, cap), m in zip(self.caps, lam[:c], strict=True):
            cw[:, s] += m
            const -= m * cap
        if self.band is not None:
            mu_hi, mu_lo = lam[c + 1], lam[c + 2]
            cw += (mu_hi - mu_lo) * self.minutes / self.unit
            const += (-mu_hi * self.band[1] + mu_lo * self.band[0]) / self.unit
        if self.wk_cap is not None:
            cw[self.closes_single | self.closes_pair, :] += lam[c]
            const -= lam[c] * self.wk_cap
        cw[~self.allowed] = INF
        return cw, self.own_off.astype(float), const

    def _run(self, cw: np.ndarray, co: np.ndarray) -> tuple[float, list[int]] | None:
        """Least-cost path over the whole period: (value, shift index per day or -1 off),
        None when no path holds the sequence rules."""
        wk = self.lam[len(self.caps)] if self.wk_cap is not None else 0.0
        VO, VW, trail = self._forward(cw, co, wk, 0, self.n - 1, None)
        flat = np.concatenate([VO, VW.ravel()])
        best = int(flat.argmin())
        value = float(flat[best])
        if value >= INF / 2:
            return None
        return value, self._trace(trail, 0, self.n - 1, best)

    def usage(self, path: list[int]) -> tuple[np.ndarray, int, int]:
        """(count of each shift, worked weekends, worked minutes) of a path."""
        p = np.asarray(path)
        worked = p >= 0
        counts = np.bincount(p[worked], minlength=self.S)
        # weekends with a day worked (a count per weekend: cheaper than np.unique's sort)
        weekends = int(np.count_nonzero(np.bincount(self.weekend_of[worked] + 1)[1:]))
        return counts, weekends, int(counts @ self.minutes)

    def _exact(self, path: list[int], price: np.ndarray) -> tuple[int, int]:
        """(own penalty, priced objective — with the charges on lone weekends) of a path, in
        integers."""
        own = sum(
            int(self.own_work[d, s]) if s >= 0 else int(self.own_off[d]) for d, s in enumerate(path)
        )
        lone = sum(
            int(self.lone[d]) for d in self.lone_days if (path[d] >= 0) != (path[d - 1] >= 0)
        )
        return own, own + lone + sum(int(price[d, s]) for d, s in enumerate(path) if s >= 0)

    def solve(
        self,
        price: Price,
        *,
        iterations: int = 60,
        stall: int = 15,
        bound: bool = True,
        time_limit: float | None = None,
    ) -> DPSchedule | None:
        """The best feasible schedule met in up to ``iterations`` subgradient steps (stopping
        early when proven best, or after ``stall`` steps without a better bound or schedule —
        without a better schedule alone when ``bound`` is False), then repaired and polished
        (:mod:`rostering.person_repair`), with the best Lagrangian lower bound; None when no
        feasible schedule was met (the caller falls back to CP-SAT). With ``time_limit``
        (seconds), no new step starts after it (the repair still runs).

        ``price`` is keyed (day, shift, skill), skill '' for any skill, as in
        :meth:`rostering.construct._PersonModel.price_objective`; a
        :class:`~rostering.price_grid.PriceGrid` of the period's shape is read as it is.
        """
        if isinstance(price, PriceGrid) and price.shape == (self.n, self.S):
            pr = price.for_skill(self.skill)
        else:
            pr = np.zeros((self.n, self.S), dtype=np.int64)
            for (d, s, k), c in price.items():
                if k in ("", self.skill):
                    pr[d, s] += c
        best: tuple[int, int, list[int]] | None = None
        best_bound = -math.inf
        quiet = 0
        near: dict[str, list[int]] = {}  # paths to repair: at the best bound, least excess
        least = math.inf
        t0 = time.perf_counter()
        for it in range(iterations):
            # a handful of steps even when time is short: fewer leave the repair too far to go
            if it >= 5 and time_limit is not None and time.perf_counter() - t0 > time_limit:
                break
            cw, co, const = self._costs(pr)
            got = self._run(cw, co)
            if got is None:
                return None  # no sequence holds the sequence rules: nothing will
            value, path = got
            current = value + const
            improved = False
            if current > best_bound:
                best_bound, improved = current, bound
                near["bound"] = path
            counts, wk, mins = self.usage(path)
            over = excess(self, counts, wk, mins)
            # repair starts from a schedule at or above the hours floor: taking days away
            # keeps the run rules easily, adding them to a dense schedule often cannot
            if over < least and (self.band is None or mins >= self.band[0]):
                least, improved = over, True
                near["least"] = path
            if over == 0:  # holds the counting rules too
                own, priced = self._exact(path, pr)
                if best is None or priced < best[1]:
                    best, improved = (own, priced, path), True
            if best is not None and best[1] - best_bound < 1 - 1e-9:
                break  # integer objective: nothing better exists
            quiet = 0 if improved else quiet + 1
            if quiet >= stall:
                break
            self._step((counts, wk, mins), current, best[1] if best is not None else None)
        if best is None or best[1] - best_bound >= 1:
            cw = (self.own_work + pr).astype(float)
            cw[~self.allowed] = BIG
            for key, start in near.items():
                if key == "least" and start is near.get("bound"):
                    continue
                deadline = None if time_limit is None else t0 + time_limit
                fixed = repair(self, start, cw, self.own_off.astype(float), deadline=deadline)
                if fixed is not None:
                    own, priced = self._exact(fixed, pr)
                    if best is None or priced < best[1]:
                        best = (own, priced, fixed)
        if best is None:
            return None
        own, priced, path = best
        shifts = {(d, s): self.skill for d, s in enumerate(path) if s >= 0}
        return DPSchedule(shifts, own, priced, best_bound)

    def _step(self, used: tuple[np.ndarray, int, int], current: float, best: int | None) -> None:
        """One subgradient move of the multipliers: a Polyak step towards the best feasible
        value known (before one is known, 5 % of the current value), along the rules broken
        (or slack with a positive multiplier); hours in units of the shifts' common length,
        so that they move on the scale of the counts. ``used`` is :meth:`usage` of the
        path the step starts from."""
        counts, wk, mins = used
        c = len(self.caps)
        g = np.zeros(c + 3)
        g[:c] = [counts[s] - cap for s, cap in self.caps]
        if self.wk_cap is not None:
            g[c] = wk - self.wk_cap
        if self.band is not None:
            g[c + 1] = (mins - self.band[1]) / self.unit
            g[c + 2] = (self.band[0] - mins) / self.unit
        eff = np.where((self.lam > 0) | (g > 0), g, 0.0)
        eff[~self.active] = 0
        norm = float(eff @ eff)
        if norm == 0:
            return
        gap = (best - current) if best is not None else max(100.0, abs(current) * 0.05)
        self.lam = np.maximum(0.0, self.lam + max(gap, 1.0) / norm * eff)
