"""A roster built one person at a time: fast where one CP-SAT model of everyone is slow.

:func:`sequential_roster` places each person against everybody else's current shifts
(:mod:`rostering.construct`), pass after pass. The roster is greedy, not optimal; it is a
starting point (a complete hint) for the full search or :mod:`rostering.lns`, or, run for the
whole time by :func:`solve_by_person`, the roster itself. On the year-long Curtois–Qu instances
one model of everyone takes CP-SAT minutes to find any roster, while each person alone is placed
in a fraction of a second. Placements by dynamic program can run two (or more) at a time in
worker processes (:mod:`rostering.lanes`); the roster and the decisions stay here.

>>> from rostering.construct import decomposable
>>> from rostering.sequential import sequential_roster
>>> if decomposable(problem):  # doctest: +SKIP
...     roster = sequential_roster(problem, time_limit=10)
"""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Callable

from rostering.check import check, hard_violations, penalties
from rostering.construct import _roster, decomposable, shift_price
from rostering.lanes import Lanes
from rostering.price_grid import Price
from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import SCALE
from rostering.rules.coverage_spec import CoverTable, HeadCounter, needs
from rostering.solve import Progress, Result
from rostering.weekend_plan import weekend_plan


def _priced(got: tuple[dict[tuple[int, int], str], int], price: Price) -> int:
    """A schedule's own penalty plus the cover price of its shifts (what a placement
    minimises): a re-placement is kept only when this drops, so passes never lose ground."""
    shifts, own = got
    return own + sum(shift_price(price, d, s, k) for (d, s), k in shifts.items())


def sequential_roster(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    on_improve: Callable[[int], None] | None = None,
    fast: bool = False,
    workers: int = 1,
    patience: float | None = None,
    patience_until: float | None = None,
    plan_limit: float = 0.0,
) -> Roster | None:
    """A roster placing one person after another (see the module docstring); None when some
    person has no feasible schedule of their own in the time given, or the problem is not
    :func:`decomposable`.

    The people are taken in a seeded random order; the first pass places everyone within half
    of ``time_limit``. Further passes, while time is left, re-solve each person against
    everybody else's current shifts (the first people were placed knowing nobody else),
    keeping a schedule unless the new one is better; once a whole pass changes nothing, a few
    people at a time are taken out and placed again in another order (ruin and recreate),
    kept unless worse. The best roster seen is returned. ``on_improve`` hears the scaled
    objective (planner units × ``SCALE``) of each better complete roster. ``fast`` places
    people by dynamic program where their rules allow (:mod:`rostering.person_dp`), and then
    with ``workers`` > 1 that many placements run side by side in worker processes
    (:mod:`rostering.lanes`; CP-SAT placements use both cores already). With ``patience``
    (seconds), the search stops early once passes change nothing and ruins have found no
    better roster for that long — only until ``patience_until`` seconds from the start when
    given: a caller that can use the time left only up to then has the search run on after it.
    With ``plan_limit`` > 0 a weekend plan (:mod:`rostering.weekend_plan`; callers ask its
    ``plan_limit`` for the seconds) is solved first in that many seconds, out of
    ``time_limit``, and the first pass pays each person for taking their planned weekend
    shifts.
    """
    if not decomposable(problem):
        return None
    lanes = workers if fast else 1
    seq = _Sequential(problem, seed, on_improve, fast, lanes)
    if plan_limit > 0:
        t0 = time.perf_counter()
        seq.plan = weekend_plan(problem, time_limit=plan_limit, seed=seed, workers=workers)
        time_limit -= time.perf_counter() - t0
    return seq.run(time_limit, patience, patience_until)


class _Sequential:
    """The state of :func:`sequential_roster`: everyone's schedule and the heads on each need.
    Placements run in :class:`rostering.lanes.Lanes` (several at once with ``workers`` > 1);
    each answer is judged against the roster as it is when it comes back."""

    def __init__(
        self,
        problem: Problem,
        seed: int,
        on_improve: Callable[[int], None] | None,
        fast: bool,
        workers: int = 1,
    ) -> None:
        self.problem, self.seed, self.on_improve, self.fast = problem, seed, on_improve, fast
        self.needs = needs(problem)
        self.have = [0] * len(self.needs)
        self.counter = HeadCounter(self.needs)  # to update ``have`` after each person
        self.table = CoverTable(self.needs)  # prices and cover penalty from ``have``
        self.shape = (len(problem.days), len(problem.shifts))  # of the price grids
        self.lanes = Lanes(problem, fast, workers)
        self.sched: dict[int, dict[tuple[int, int], str]] = {}
        self.own: dict[int, int] = {}
        self.best: tuple[int, dict[int, dict[tuple[int, int], str]]] | None = None
        self.rng = random.Random(seed)
        self.version = 0  # changes to the heads so far: a price worked out since still holds
        self.asked: dict[int, tuple[int, Price]] = {}
        self.better_at = time.perf_counter()  # when the best roster last improved
        # person -> bonus prices of their planned weekend shifts (rostering.weekend_plan),
        # paid in the first pass only: later passes judge against the true cover prices
        self.plan: dict[int, dict[tuple[int, int, str], int]] = {}

    def add(self, p: int, sign: int) -> None:
        """Count person ``p``'s current schedule in (+1) or out (−1) of the heads."""
        self.version += 1
        for i, a in self.counter.heads(self.sched[p]).items():
            self.have[i] += sign * a

    def submit(self, p: int, limit: float) -> None:
        """Ask ``p``'s lane for their best schedule against everybody else's current shifts."""
        have = list(self.have)
        if p in self.sched:  # counted out of the heads the price is worked from
            for i, a in self.counter.heads(self.sched[p]).items():
                have[i] -= a
        price = self.table.grid(have, self.shape)
        for cell, bonus in self.plan.get(p, {}).items():
            price.add(cell, bonus)
        self.asked[p] = (self.version, price)
        self.lanes.submit(p, price, limit, self.seed, self.sched.get(p))

    def apply(self, p: int, got: tuple[dict[tuple[int, int], str], int] | None, keep: bool) -> bool:
        """Take ``p``'s answer: with ``keep``, their current schedule stays unless the answer is
        strictly better against everybody's shifts *now* (another lane may have changed them
        since the question); False when ``p`` has no schedule at all."""
        version, price = self.asked.pop(p)
        stale = version != self.version  # some heads moved since the price was worked out
        current = (self.sched[p], self.own[p]) if p in self.sched else None
        if current is not None:
            self.add(p, -1)
            if stale:
                price = self.table.grid(self.have, self.shape)
            if got is None or (keep and _priced(got, price) >= _priced(current, price)):
                got = current
        if got is None:
            return False
        self.sched[p], self.own[p] = got
        self.add(p, 1)
        return True

    def sweep(
        self,
        people: list[int],
        keep: bool,
        limit: Callable[[int], float],
        deadline: float | None = None,
    ) -> list[int] | None:
        """Place ``people`` — in order within each lane, the lanes side by side — with
        ``limit(placements asked so far)`` seconds each; with ``keep`` (a pass), the roster is
        recorded after each answer. The people left without any schedule; None when the
        ``deadline`` came first (placements still running are abandoned)."""
        queues = [
            deque(q for q in people if self.lanes.lane(q) == k) for k in range(self.lanes.count)
        ]
        asked = 0
        failed: list[int] = []
        while True:
            for k, queue in enumerate(queues):
                if queue and not self.lanes.busy(k):
                    seconds = limit(asked)
                    if deadline is not None and time.perf_counter() + seconds > deadline:
                        return None
                    self.submit(queue.popleft(), seconds)
                    asked += 1
            if not self.lanes.pending:
                return failed
            p, got = self.lanes.collect()
            if not self.apply(p, got, keep):
                failed.append(p)
            if keep:
                self.record()

    def place(self, p: int, limit: float, keep: bool) -> bool:
        """Give ``p`` their best schedule against everybody else; with ``keep``, their current
        one stays unless the new one is strictly better. False when ``p`` has no schedule."""
        return self.sweep([p], keep, lambda _asked: limit) == []

    def total(self) -> int:
        """The roster's objective (scaled): everyone's own penalty plus the cover penalty."""
        return sum(self.own.values()) + self.table.penalty(self.have)

    def record(self) -> int:
        """Keep the roster when it is the best yet; its total."""
        total = self.total()
        if self.best is None or total < self.best[0]:
            self.best = (total, {q: dict(v) for q, v in self.sched.items()})
            self.better_at = time.perf_counter()
            if self.on_improve is not None:
                self.on_improve(total)
        return total

    def run(
        self,
        time_limit: float,
        patience: float | None = None,
        patience_until: float | None = None,
    ) -> Roster | None:
        """Passes until one changes nothing, then ruin-and-recreate (for at most ``patience``
        seconds without a better roster, up to ``patience_until`` seconds from the start);
        the best roster seen."""
        try:
            return self._run(time_limit, patience, patience_until)
        finally:
            self.lanes.close()

    def _run(
        self, time_limit: float, patience: float | None, patience_until: float | None
    ) -> Roster | None:
        t0 = time.perf_counter()
        deadline = t0 + time_limit
        order = list(range(len(self.problem.staff)))
        self.rng.shuffle(order)
        first_pass = time_limit / 2
        # each lane shares its half of the first pass evenly among its people
        per_person = first_pass * self.lanes.count / len(order)

        def first(asked: int) -> float:
            left = first_pass - (time.perf_counter() - t0)
            return left * self.lanes.count / (len(order) - asked)

        if self.sweep(order, keep=False, limit=first) != []:
            return None
        self.plan = {}
        current = self.record()
        stuck = False
        while True:
            if not stuck:  # a pass: each person against everybody else's current shifts
                before = current
                if (
                    self.sweep(order, keep=True, limit=lambda _: per_person, deadline=deadline)
                    is None
                ):
                    return self.roster()
                current = self.record()
                stuck = current >= before
                continue
            now = time.perf_counter()
            if now + 3 * per_person > deadline:
                return self.roster()
            if patience is not None and now - self.better_at > patience:
                if patience_until is None or now - t0 <= patience_until:
                    return self.roster()
                patience = None  # too late for the caller to use the time: search on
            current = self.ruin(order, per_person, current)

    def ruin(self, order: list[int], limit: float, current: int) -> int:
        """Take a few people out and place them again in another order (escapes a roster no
        single re-placement improves); kept unless it is worse. Returns the total."""
        group = self.rng.sample(order, min(len(order), max(2, len(order) // 10)))
        saved = {q: (self.sched[q], self.own[q]) for q in group}
        for q in group:
            self.add(q, -1)
        for q in group:
            del self.sched[q]
        for q in self.sweep(group, keep=False, limit=lambda _: limit) or []:
            self.sched[q], self.own[q] = saved[q]
            self.add(q, 1)
        total = self.record()
        if total <= current:
            return total
        for q in group:  # worse: put the group back
            self.add(q, -1)
            self.sched[q], self.own[q] = saved[q]
            self.add(q, 1)
        return current

    def roster(self) -> Roster:
        assert self.best is not None
        return _roster(self.problem, self.best[1])


def solve_by_person(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    seed: int = 0,
    workers: int = 2,
    on_progress: Callable[[Progress], None] | None = None,
    patience: float | None = None,
    patience_until: float | None = None,
    plan_limit: float = 0.0,
) -> Result:
    """A :class:`Result` from :func:`sequential_roster` run for the whole time (or until it
    stalls, with ``patience``, up to ``patience_until`` seconds; a weekend plan first with
    ``plan_limit``, see :func:`sequential_roster`): no model of everyone, so no
    proven bound (``None``); objective and penalties are the product check's.
    :mod:`rostering.long_period` uses it for long periods.

    >>> result = solve_by_person(problem, time_limit=60)  # doctest: +SKIP
    >>> result.bound is None  # doctest: +SKIP
    True
    """
    t0 = time.perf_counter()
    log: list[Progress] = []

    def heard(scaled: int) -> None:
        p = Progress(time.perf_counter() - t0, scaled / SCALE, 0.0)
        log.append(p)
        if on_progress is not None:
            on_progress(p)

    # keep a little time for reading the roster back and checking it
    roster = sequential_roster(
        problem,
        time_limit=max(0.5, 0.97 * time_limit),
        seed=seed,
        on_improve=heard,
        fast=True,
        workers=workers,
        patience=patience,
        patience_until=patience_until,
        plan_limit=plan_limit,
    )
    if roster is None:
        return Result("UNKNOWN", None, None, time.perf_counter() - t0)
    violations = check(problem, roster)
    pens = penalties(violations)
    if hard_violations(violations):  # cannot happen: each person's model holds their rules
        raise RuntimeError("person-by-person roster breaks a hard rule")
    return Result(
        status="FEASIBLE",
        objective=sum(pens.values()),
        bound=None,
        runtime=time.perf_counter() - t0,
        penalties=pens,
        roster=roster,
        first_solution_time=log[0].elapsed if log else None,
        progress=log,
    )
