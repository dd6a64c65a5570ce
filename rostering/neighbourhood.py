"""The rounds of :mod:`rostering.lns`: which cells a neighbourhood frees, and solving it.

:class:`NeighbourhoodSearch` holds one LNS run's state — the model, the best roster as a vector
of variable values, and the adaptive size of each kind of neighbourhood — and :meth:`run` solves
sub-problems, ``workers`` side by side, each the model with every assignment outside its
neighbourhood fixed to the best roster. :func:`rostering.lns.solve_lns` decides where the
search starts and when it stops.

>>> search = NeighbourhoodSearch(ctx, workers=2, seed=0)  # doctest: +SKIP
>>> search.best, search.best_obj = values, objective  # doctest: +SKIP
>>> search.run(deadline, 1.0, pool, more=lambda: True, improved=report)  # doctest: +SKIP
"""

from __future__ import annotations

import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any

from ortools.sat.python import cp_model

from rostering.model import ModelContext, full_hint
from rostering.rules.coverage_spec import needs
from rostering.rules.weekends import weekends


def cp_solver(workers: int, seed: int, limit: float) -> cp_model.CpSolver:
    """A CP-SAT solver with ``workers`` threads, ``seed`` and a ``limit`` in seconds.

    >>> cp_solver(1, 0, 2.0).parameters.num_workers
    1
    """
    s = cp_model.CpSolver()
    s.parameters.num_workers = max(1, workers)
    s.parameters.random_seed = seed
    s.parameters.max_time_in_seconds = max(0.05, limit)
    return s


def sub_solver(seed: int, limit: float) -> cp_model.CpSolver:
    """The solver of one sub-problem: one thread, no presolve, no second walk along the hint.

    >>> s = sub_solver(0, 1.0)
    >>> (s.parameters.num_workers, s.parameters.cp_model_presolve, s.parameters.hint_conflict_limit)
    (1, False, 0)
    """
    s = cp_solver(1, seed, limit)
    # most variables are fixed: propagation does what presolve would, without its cost
    # (measured: sub-problems close about twice as often within the same limit)
    s.parameters.cp_model_presolve = False
    # the hint is a complete roster, taken at once as the first solution; CP-SAT's hint phase
    # (a search led by the hint, up to hint_conflict_limit conflicts, 10 by default) then only
    # delays the real search: on one I13 window its log showed that phase from 0.21 to 0.91 s,
    # and the window's optimum (4,420 -> 4,026) was proven in 3.7 s with it, 1.9 s without
    s.parameters.hint_conflict_limit = 0
    return s


# deterministic units a sub-problem counts for at least (a tiny model's answer costs ~0)
MIN_WORK = 0.01
# the weight an old gain keeps after each try of its kind, when kinds are drawn by their recent
# gain (NeighbourhoodSearch's ``explore`` below 1)
KIND_MEMORY = 0.8
# the kinds of neighbourhood (:meth:`NeighbourhoodSearch.neighbourhood`): 0 a few people over
# the whole period, 1 everybody over a window, 2 a block, 3 everybody over two windows, 4 some
# people over two weekends
ALL_KINDS = (0, 1, 2, 3, 4)
# the kinds drawn by the LNS of rostering.lns and rostering.long_period (windows included): all
# but "a few people over the whole period", which gained almost nothing where it was counted
# (twentieth session, 60 s, seed 1: I13 1 point in 41 tries, I15 8 in 54, I19 1 in 42, I17 12
# in 67, I8 1 in 54) while taking a fifth of the draws. Paired at 60 s without / with it
# (benchmarks/RESULTS.md, twenty-fourth session): better in 13 of 24 pairs on I13–I15, I17,
# I19, I20 and I22, geometric mean of the ratios 0.974 (standard error 1.2 %); I13 2,472 /
# 2,867 and 2,808 / 3,467. The reproducible search (rostering.lns_repro) keeps all five: it
# was not measured without it
SEARCH_KINDS = (1, 2, 3, 4)


class NeighbourhoodSearch:
    """The state of one LNS run: the model, its decision variables and the best roster."""

    def __init__(
        self,
        ctx: ModelContext,
        workers: int,
        seed: int,
        days: range | None = None,
        explore: float = 1.0,
        kinds: tuple[int, ...] = ALL_KINDS,
    ) -> None:
        """``days``: the day indices a neighbourhood may free (all by default; a window of a
        long period keeps its margin, :mod:`rostering.window_search`). ``explore``: the share
        of rounds whose kind of neighbourhood is drawn uniformly; the others draw a kind in
        proportion to its recent gain (:meth:`draw_kind`), so kinds that stopped paying are
        tried less but never dropped. At 1 (the default) every draw is uniform. ``kinds``: the
        kinds drawn (:data:`ALL_KINDS` by default; a kind not drawn gains nothing, so the draws
        by gain never pick it either)."""
        self.ctx = ctx
        self.explore = explore
        self.kinds = kinds
        self.span = days if days is not None else range(len(ctx.days))
        self.workers = workers
        self.rng = random.Random(seed)
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)  # (p, d) -> x indices
        for (p, d, _s, _k), var in ctx.x.items():
            self.cells[p, d].append(var.index)
        self.n_people = len(ctx.problem.staff)
        self.n_days = len(self.span)  # days below are counted from span.start
        self.best: list[int] = []
        self.best_obj = 0
        self.local = threading.local()  # each thread's own copy of the model
        # share of the (person, day) cells freed, per kind of neighbourhood, adapted as we go
        self.sizes = [0.1, 0.1, 0.1, 0.1, 0.1]
        # recent objective gain per try, per kind (see draw_kind)
        self.gains = [0.0] * len(self.sizes)
        # each weekend as the days a weekend move touches: Saturday and Sunday, and the Friday
        # before and the Monday after, which runs of work and rest carry across
        first = self.span.start
        self.weekends = [
            list(range(max(0, we[0] - first - 1), min(self.n_days, we[-1] - first + 2)))
            for we in weekends(ctx.days)
            if we[0] in self.span or we[-1] in self.span
        ]
        # each cover need: (its day, its target, the x variables that count toward it)
        self.needs: list[tuple[int, int, list[int]]] = []
        # x indices by (day, shift) first: scanning every variable for every need was
        # quadratic (needs × variables) on the large instances
        by_slot: dict[tuple[int, int], list[tuple[str, int]]] = defaultdict(list)
        for (_p, d, s, k), var in ctx.x.items():
            by_slot[d, s].append((k, var.index))
        for n in needs(ctx.problem):
            idx = [
                i
                for cell in n.covering
                for k, i in by_slot.get(cell, ())
                if not n.skill or k == n.skill
            ]
            self.needs.append((ctx.day_index.get(n.date, 0), n.target, idx))
        self._short: tuple[int, list[int]] = (-1, [])

    def short_days(self) -> list[int]:
        """Days of the best roster with some cover need below its target (once per roster),
        counted from ``span.start``, within the span."""
        if self._short[0] != self.best_obj:
            b, first = self.best, self.span.start
            days = [
                d - first
                for d, tgt, idx in self.needs
                if d in self.span and sum(b[i] for i in idx) < tgt
            ]
            self._short = (self.best_obj, days)
        return self._short[1]

    def window(self, length: int) -> int:
        """First day of a window of ``length`` days: half the time centred on a day short of
        cover (where the objective can fall most), else anywhere."""
        nd = self.n_days
        short = self.short_days()
        if short and self.rng.random() < 0.5:
            centre = self.rng.choice(short)
            return min(max(0, centre - length // 2), nd - length)
        return self.rng.randrange(nd - length + 1)

    def two_weekends(self) -> list[int]:
        """The days of two weekends (:attr:`weekends`): the first, half the time, one short of
        cover; the other anywhere else."""
        short = set(self.short_days())
        hit = [w for w in self.weekends if short.intersection(w)]
        a = self.rng.choice(hit if hit and self.rng.random() < 0.5 else self.weekends)
        b = self.rng.choice([w for w in self.weekends if w is not a])
        return sorted({*a, *b})

    def neighbourhood(self, kind: int | None = None) -> tuple[int, set[tuple[int, int]]]:
        """(kind, the (person, day) cells left free this round); the kind drawn at random
        unless given."""
        np_, nd = self.n_people, self.n_days
        if kind is None:
            kind = self.draw_kind()
        f = self.sizes[kind]
        if kind == 0:  # a few people, whole period
            people = self.rng.sample(range(np_), max(1, min(np_, round(f * np_))))
            days = list(range(nd))
        elif kind == 1:  # everybody, a window of days
            length = max(2, min(nd, round(f * nd)))
            first = self.window(length)
            people, days = list(range(np_)), list(range(first, first + length))
        elif kind == 3:  # everybody, two windows apart: moves work between distant days, which
            # per-person totals (weekends, hours, rest days) otherwise lock in place
            length = max(1, min(nd // 2, round(f * nd / 2)))
            a, b = self.window(length), self.rng.randrange(nd - length + 1)
            people = list(range(np_))
            days = sorted({*range(a, a + length), *range(b, b + length)})
        elif kind == 4 and len(self.weekends) >= 2:  # some people, two weekends: who works
            # which weekend. Cover falls short mostly at weekends (recorded Curtois–Qu rosters:
            # 92–100 % of the units short on I8 and I12–I23, 64 % on I15), where a cap on worked
            # weekends makes a person's weekend movable only to another weekend, a move that
            # needs both weekends free at once
            days = self.two_weekends()
            share = min(1.0, f * nd / len(days))  # f stays the share of all cells freed
            people = self.rng.sample(range(np_), max(1, min(np_, round(share * np_))))
        else:  # a block: more people over a window (and kind 4 without two weekends)
            g = f**0.5
            people = self.rng.sample(range(np_), max(1, min(np_, round(g * np_))))
            length = max(2, min(nd, round(g * nd)))
            first = self.window(length)
            days = list(range(first, first + length))
        first = self.span.start
        return kind, {(p, d + first) for p in people for d in days}

    def draw_kind(self) -> int:
        """A kind of neighbourhood: uniformly among :attr:`kinds` in ``explore`` of the draws
        (and while no kind has gained), else in proportion to its recent gain (each try's gain,
        fading by ``KIND_MEMORY`` a try).

        >>> search = NeighbourhoodSearch(ctx, workers=2, seed=0, explore=0.3)  # doctest: +SKIP
        >>> search.gains = [0.0, 0.0, 0.0, 50.0, 0.0]  # doctest: +SKIP
        >>> search.draw_kind()  # kind 3 in 0.7 + 0.3 / 5 of the draws  # doctest: +SKIP
        3
        """
        if self.explore >= 1 or sum(self.gains) <= 0 or self.rng.random() < self.explore:
            return self.rng.choice(self.kinds)
        return self.rng.choices(range(len(self.sizes)), weights=self.gains)[0]

    def fixed_copy(self, free: set[tuple[int, int]]) -> cp_model.CpModel:
        """The model with every assignment outside ``free`` fixed, hinted with the best roster.

        Each thread keeps its own copy of the model, made once, and remembers which variables
        it has fixed to what: a round only changes the domains that differ from the last round
        (cloning a large model and fixing every domain each round cost more than the solve).
        """
        m: cp_model.CpModel | None = getattr(self.local, "model", None)
        if m is None:
            m = self.ctx.model.clone()
            self.local.model, self.local.fixed = m, {}
        was: dict[int, int] = self.local.fixed
        b = self.best
        now = {i: b[i] for cell, idx in self.cells.items() if cell not in free for i in idx}
        variables = m.proto.variables
        for i in was.keys() - now.keys():
            dom = variables[i].domain
            dom[0], dom[1] = 0, 1
        for i, v in now.items():
            if was.get(i) != v:
                dom = variables[i].domain
                dom[0] = dom[1] = v
        self.local.fixed = now
        full_hint(m, b)
        return m

    def _sub(
        self, free: set[tuple[int, int]], limit: float, seed: int
    ) -> tuple[Any, int, list[int]]:
        """Solve one sub-problem on one thread: (status, objective, solution values). The copy
        keeps the full objective, so its value is the whole roster's."""
        return self._answer(sub_solver(seed, limit), free)

    def _answer(
        self, s: cp_model.CpSolver, free: set[tuple[int, int]]
    ) -> tuple[Any, int, list[int]]:
        """Solve the sub-problem freeing ``free`` with ``s``: (status, objective, values)."""
        status = s.solve(self.fixed_copy(free))
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return status, round(s.objective_value), list(s.response_proto.solution)
        return status, 0, []

    def _sub_work(
        self, free: set[tuple[int, int]], work: float, seed: int, deadline: float
    ) -> tuple[Any, int, list[int], float, bool]:
        """As :meth:`_sub`, stopped after ``work`` units of CP-SAT's deterministic time (the
        wall clock only as the search's own net, ``deadline``): (status, objective, values,
        work spent, whether the wall clock stopped it first)."""
        # no net of its own sized in seconds a unit: a small sub-problem's fixed cost made
        # 0.2 units take up to 1.2 s alone on a slower machine (6 s a unit, 1.4–1.7 on the
        # first), so a net of 10 s a unit cut one under the test suite's load and the run was
        # no longer reproducible; the search's net is the one the caller promised
        s = sub_solver(seed, deadline - time.perf_counter())
        s.parameters.max_deterministic_time = work
        status, obj, sol = self._answer(s, free)
        # neither closed nor out of work: only the clock can have stopped it
        late = status not in (cp_model.OPTIMAL, cp_model.INFEASIBLE) and (
            s.deterministic_time < work - 1e-3
        )
        return status, obj, sol, s.deterministic_time, late

    def run_work(
        self,
        work: float,
        sub_work: float,
        pool: ThreadPoolExecutor,
        deadline: float,
        more: Callable[[], bool],
        improved: Callable[[], None],
    ) -> bool:
        """Reproducible rounds: ``workers`` sub-problems at a time, all from the best roster
        when the round starts, each stopped after ``sub_work`` units of deterministic time, their
        answers judged in the order drawn, until ``work`` units are spent or ``more()`` turns
        False. The same seed, roster and budget then give the same rounds on any machine,
        whatever its speed. ``deadline`` (a ``time.perf_counter`` value) is only a net for a
        slow machine, in a sub-problem too; True when it cut the rounds short, which makes
        them unrepeatable. ``improved()`` is called after each better roster.

        Unlike :meth:`run` a core idles while the slower sub-problem of a round finishes: the
        price of an order that does not depend on timing.
        """
        spent, cut = 0.0, False
        while spent < work and more():
            if time.perf_counter() >= deadline:
                return True
            drawn = [
                (*self.neighbourhood(), self.rng.randrange(1 << 30)) for _ in range(self.workers)
            ]
            jobs = [
                (kind, pool.submit(self._sub_work, free, sub_work, seed, deadline))
                for kind, free, seed in drawn
            ]
            for kind, job in jobs:
                status, obj, sol, used, late = job.result()
                # at least MIN_WORK a sub-problem: trivial ones advance the clock by ~0,
                # and the rounds must still end on work, not on the wall clock
                spent += max(used, MIN_WORK)
                cut = cut or late
                if self.take(kind, status, obj, sol):
                    improved()
        return cut

    def take(self, kind: int, status: Any, obj: int, sol: list[int]) -> bool:
        """Judge one sub-problem's answer: grow the ``kind`` of neighbourhood when CP-SAT
        closed it, shrink it when not; the answer becomes the best roster unless worse (an
        equal one too: a sideways move, to drift over plateaus). True if strictly better."""
        grow = 1.1 if status == cp_model.OPTIMAL else 0.9
        self.sizes[kind] = min(1.0, max(0.01, self.sizes[kind] * grow))
        gain = max(0, self.best_obj - obj) if sol else 0
        self.gains[kind] = KIND_MEMORY * self.gains[kind] + (1 - KIND_MEMORY) * gain
        if not sol or obj > self.best_obj:
            return False
        improved = obj < self.best_obj
        self.best, self.best_obj = sol, obj
        return improved

    def run(
        self,
        deadline: float,
        sub: float,
        pool: ThreadPoolExecutor,
        more: Callable[[], bool],
        improved: Callable[[], None],
    ) -> None:
        """Sub-problems back to back, ``workers`` at a time (one thread each: CP-SAT releases
        the GIL), each from the best roster when it starts and for at most ``sub`` seconds,
        until ``deadline`` (a ``time.perf_counter`` value) or ``more()`` turns False;
        ``improved()`` is called after each better roster.

        A sub-problem starts as soon as another ends: waiting for a round's slowest (one
        closed in 0.1 s beside one running to its limit) left a core idle 14–18 % of the time
        (Curtois–Qu 13 and 19). An answer that started from an older best still counts when
        it is at least as good as the best now: it is a complete roster of its own.
        """
        running: dict[Future[tuple[Any, int, list[int]]], int] = {}
        while True:
            left = deadline - time.perf_counter()
            while len(running) < self.workers and left >= 0.2 and more():
                kind, free = self.neighbourhood()
                seed = self.rng.randrange(1 << 30)
                running[pool.submit(self._sub, free, min(sub, left - 0.1), seed)] = kind
            if not running:
                return
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for job in done:
                if self.take(running.pop(job), *job.result()):
                    improved()
