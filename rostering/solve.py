"""Build the model, run CP-SAT, and read the roster back."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from rostering.interleaved import (
    FIRST_PHASE_SUBSOLVERS,
    FULL_SUBSOLVERS,
    interleaved_solver,
    wall_cut,
)
from rostering.model import ModelContext, full_hint, objective_terms
from rostering.model_values import fixed_solve
from rostering.problem import Problem
from rostering.roster import (
    Cell,
    Roster,
    roster_from_shifts,
)
from rostering.rules import REGISTRY, Term
from rostering.rules.base import SCALE, evaluate
from rostering.weekend_bound import weekend_cover_bound

ExtraEncoder = Callable[[ModelContext], list[Term]]


@dataclass(frozen=True)
class Progress:
    """One improving solution during a solve."""

    elapsed: float
    objective: float
    bound: float

    @property
    def gap(self) -> float:
        """Relative gap between the roster found and the proven bound."""
        return _gap(self.objective, self.bound)


@dataclass
class Result:
    """What a solve produced. ``roster`` is None when no roster was found."""

    status: str
    objective: float | None
    bound: float | None
    runtime: float
    penalties: dict[str, float] = field(default_factory=dict)
    roster: Roster | None = None
    first_solution_time: float | None = None
    progress: list[Progress] = field(default_factory=list)
    reproducible: bool = True  # False when a phase was cut by the wall-clock safety net

    @property
    def gap(self) -> float | None:
        """(objective − bound) / objective, 0 when proven optimal."""
        if self.objective is None or self.bound is None:
            return None
        return _gap(self.objective, self.bound)

    @property
    def has_roster(self) -> bool:
        """True when a roster satisfying every hard rule was found."""
        return self.roster is not None


def _gap(obj: float, bound: float) -> float:
    return 0.0 if obj <= bound + 1e-9 else (obj - bound) / max(abs(obj), 1e-9)


class _Recorder(cp_model.CpSolverSolutionCallback):
    def __init__(
        self,
        start: float,
        sink: Callable[[Progress], None] | None,
        terms: list[Term],
        bound: int = 0,
        stop: bool = True,
    ) -> None:
        super().__init__()
        self.start = start
        self.sink = sink
        self.terms = terms
        self.bound = bound  # a bound proven elsewhere (scaled): a roster meeting it is optimal
        self.stop = stop  # whether to stop the search there
        self.log: list[Progress] = []

    def on_solution_callback(self) -> None:
        # the roster's own objective (Term.exact), as the final Result reports it: CP-SAT's
        # running objective_value can sit far above it while slack variables are loose
        scaled, _ = evaluate(self.terms, self.value)
        self.add(scaled, max(self.best_objective_bound, self.bound))
        if self.stop and self.bound and scaled <= self.bound:
            self.stop_search()

    def add(self, scaled: float, bound: float) -> None:
        """Log (and pass on) a better roster's scaled objective with the bound then known."""
        p = Progress(time.perf_counter() - self.start, scaled / SCALE, bound / SCALE)
        self.log.append(p)
        if self.sink is not None:
            self.sink(p)


def build(
    problem: Problem, extra: ExtraEncoder | None = None, skip: frozenset[str] = frozenset()
) -> tuple[ModelContext, list[Term]]:
    """The model with every applicable rule (except those in ``skip``) encoded; returns the
    context and the soft terms."""
    ctx = ModelContext(problem)
    terms: list[Term] = []
    for r in REGISTRY:
        if r.key not in skip and r.applies(problem):
            terms.extend(r.encode(ctx))
    if extra is not None:
        terms.extend(extra(ctx))
    ctx.model.minimize(objective_terms(ctx, terms))
    return ctx, terms


def solve(
    problem: Problem,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    seed: int = 0,
    hint: Roster | None = None,
    extra: ExtraEncoder | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    first_phase: float = 0.3,
    deterministic: bool = True,
) -> Result:
    """Roster ``problem`` with CP-SAT.

    With ``deterministic`` (the default) the same problem, ``seed`` and ``workers`` give the same
    roster: CP-SAT runs its interleaved (reproducible) search over a chosen set of subsolvers and
    stops on a deterministic work budget worth about ``time_limit`` seconds
    (``DTIME_PER_SECOND``), not on the clock. The clock is only a safety net at
    ``WALL_SAFETY`` × ``time_limit`` for a slow or busy machine; a run it cuts short is not
    reproducible and says so (``Result.reproducible``). CP-SAT's interleaved search gets
    ``FULL_SHARE`` of the work; LNS (:mod:`rostering.lns_repro`) improves its roster with the
    rest: neighbourhoods in lockstep, each sub-problem stopped on deterministic time and the
    answers judged in the order drawn, in turns with CP-SAT's own LNS workers.
    ``deterministic=False`` runs CP-SAT's parallel portfolio within ``time_limit``: never the
    same twice. When only cover ties people together, column
    generation (:mod:`rostering.colgen`) first spends up to ``PORTFOLIO_BOUND_SHARE`` of the
    time on a lower bound far tighter than CP-SAT's, and the portfolio stops once a roster
    meets it; a reproducible run takes it only once its master LP converges, and only to report
    the bound and the proof, never to stop (whether the master converged in time depends on
    the clock).

    Without a ``hint``, a first phase (at most ``first_phase`` × ``time_limit``, usually a few
    seconds; one worker when ``deterministic``) looks only for a roster meeting every minimum
    cover — the hard rules plus the heaviest soft term — and hands it to the full search as a
    complete hint; without a roster in its share it tries once more with
    ``FIRST_ROSTER_SHARE`` of what is left. On large months this finds the first roster
    several times sooner than the full objective does.

    >>> from rostering import load_scenario, solve
    >>> result = solve(load_scenario("scenarios/hotline"), time_limit=20)  # doctest: +SKIP
    >>> result.status, result.roster is not None  # doctest: +SKIP
    ('FEASIBLE', True)
    """
    t0 = time.perf_counter()
    ctx, terms = build(problem, extra)
    if hint is not None:
        _add_hint(ctx, hint)
    # bounds proven outside CP-SAT (its own stays weak where these help); none with an extra
    # encoder: the model is then no longer the problem's alone. Column generation's runs on the
    # clock, so a reproducible search only reports it: stopping on it would let the machine's
    # speed (whether the master converged in time) decide the roster
    outside, cg_bound = 0, 0
    if extra is None:
        cg_bound = _colgen_bound(
            ctx, PORTFOLIO_BOUND_SHARE * time_limit, seed, workers, converged_only=deterministic
        )
        outside = weekend_cover_bound(problem)
        if not deterministic:
            outside = max(outside, cg_bound)
    first_found: float | None = None
    cut = False
    budget = time_limit * max(1, workers) * DTIME_PER_SECOND  # deterministic work units
    safety = WALL_SAFETY if deterministic else 1.0

    def left() -> float:  # seconds to the wall clock's end (the net, for a reproducible run)
        return time_limit * safety - (time.perf_counter() - t0)

    if hint is None and first_phase > 0:

        def phase_solver(seconds: float, work: float) -> cp_model.CpSolver:
            # one worker for the reproducible phase: with two, CP-SAT 9.15's feasibility-jump
            # subsolvers are not reproducible in its interleaved search (the generated
            # 100-agent month: three runs, three different outcomes, two without any roster
            # in the phase's 4.5 work units); with one, the same roster every run, found in
            # 3.9 units (hotline 0.3)
            if deterministic:
                return interleaved_solver(1, seed, seconds, FIRST_PHASE_SUBSOLVERS, work)
            return interleaved_solver(workers, seed, seconds)

        # the reproducible phase ends on its work; its only clock is the run's net (a share of
        # the net would be one more limit sized on one machine's speed)
        first = phase_solver(
            left() if deterministic else first_phase * time_limit, first_phase * budget
        )
        phase = _cover_minimums_first(ctx, terms, first)
        cut = wall_cut(first, phase)
        budget -= first.deterministic_time  # reproducible: counted work, not elapsed time
        if phase == cp_model.UNKNOWN:
            # no roster in the phase's share: the full search, without a hint, seldom finds
            # one (the generated 100-agent month at 20 s: the phase needs 3.9 work units, has
            # 3.0). It tries again with FIRST_ROSTER_SHARE of what is left, so the search
            # starts from a roster
            again = phase_solver(
                left() if deterministic else FIRST_ROSTER_SHARE * left(),
                FIRST_ROSTER_SHARE * budget,
            )
            phase = _cover_minimums_first(ctx, terms, again)
            cut = cut or wall_cut(again, phase)
            budget -= again.deterministic_time
        if phase == cp_model.INFEASIBLE:  # the hard rules alone cannot hold: no need to go on
            return Result("INFEASIBLE", None, None, time.perf_counter() - t0)
        if phase in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            first_found = time.perf_counter() - t0  # a complete roster exists from here on
    # the reproducible search gives CP-SAT's interleaved search FULL_SHARE of its work (a
    # bound, and the proof where one comes soon), then LNS in lockstep the rest (lns_repro)
    solver = interleaved_solver(
        workers,
        seed,
        left(),
        FULL_SUBSOLVERS if deterministic else None,
        FULL_SHARE * budget if deterministic else None,
    )
    # a reproducible run is never stopped from its solution callback: with ortools 9.15 that
    # aborted the process (a failed CHECK in CP-SAT's postsolve) in a test where a roster met
    # the bound; it runs its budget and is judged by the bound afterwards
    recorder = _Recorder(t0, on_progress, terms, outside, stop=not deterministic)
    status = solver.solve(ctx.model, recorder)
    cut = cut or wall_cut(solver, status)
    runtime = time.perf_counter() - t0
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Result(name, None, None, runtime, progress=recorder.log)
    scaled, pens = evaluate(terms, solver.value)
    bound = max(solver.best_objective_bound, outside)
    roster = read_roster(ctx, solver)
    if deterministic and scaled > bound:  # LNS stops at the bound only a run repeats
        # imported here: it builds on this module
        from rostering.lns_repro import improve

        stop = math.ceil(bound - 1e-6)
        better, lns_cut = improve(
            ctx,
            terms,
            list(solver.response_proto.solution),
            bound=stop,
            work=(budget - solver.deterministic_time) * LNS_WORK_RATIO,
            time_limit=time_limit,
            workers=workers,
            seed=seed,
            deadline=t0 + time_limit * safety,
            on_better=lambda obj: recorder.add(obj, stop),
        )
        cut = cut or lns_cut  # cut short, better roster or not: not repeatable
        if better is not None:
            scaled, pens, roster = better
    bound = max(bound, cg_bound)
    if scaled <= bound:
        name = "OPTIMAL"
    # The objective of the roster returned, evaluated on it (Term.exact): CP-SAT's objective_value
    # can be above it on a time-limited run (slack to spare, or a slack presolve loosened), and
    # the reported objective must equal the sum of the per-rule penalties that check recomputes.
    return Result(
        status=name,
        objective=scaled / SCALE,
        bound=min(bound, scaled) / SCALE,
        runtime=time.perf_counter() - t0,
        penalties=pens,
        roster=roster,
        first_solution_time=first_found
        if first_found is not None
        else (recorder.log[0].elapsed if recorder.log else None),
        progress=recorder.log,
        reproducible=deterministic and not cut,
    )


# share of the reproducible search's work (after the first phase) that CP-SAT's interleaved
# search gets — its bound, and the proof on small teams (every bundled scenario proven as before
# at 30 s) —; LNS in lockstep (rostering.lns_repro) gets the rest, in its own units at
# LNS_WORK_RATIO (one-thread sub-problems advance CP-SAT's deterministic clock ~1.4 times as
# fast a second as the interleaved search does: 0.35–0.36 units a thread-second on the hotline
# and the generated 400-agent month, so the rest of the time is filled about as before).
# Measured (seed 0, 2 workers; CP-SAT alone before: hotline 8,813 / 7,368 at 30 / 60 s, the
# generated 100-agent month 42,101 at both): share 0.5 → hotline 8,269 / 5,897, month 41,922 /
# 40,682; 0.25 → hotline 7,435 / 5,882, month 41,513 / 36,577 (its bound at 30 s 14,884 instead
# of 17,590), the pyworkforce 400×31 month proven optimal in 38 s instead of 50
FULL_SHARE = 0.25
LNS_WORK_RATIO = 1.4
# Deterministic time units per second and worker, as measured on this 2-core machine early in
# a hotline search (0.2–0.3); the budget is time_limit × workers × this.
DTIME_PER_SECOND = 0.25
# the wall-clock net, as a multiple of the time limit. DTIME_PER_SECOND was measured on an AMD
# EPYC; on an Intel Xeon at 2.80 GHz (2026-12-07) a 10 s hotline run took 17.4–18.4 s alone, and
# under the test suite's load crossed 2× and was cut (so no longer reproducible): 3× keeps such
# a machine inside the net
WALL_SAFETY = 3.0
# when the first phase finds no roster in its share, the share of the work (or seconds) left
# that its second try gets
FIRST_ROSTER_SHARE = 0.7
# share of the time limit column generation may spend on a bound in portfolio mode
PORTFOLIO_BOUND_SHARE = 0.3


def _colgen_bound(
    ctx: ModelContext, limit: float, seed: int, workers: int, converged_only: bool = False
) -> int:
    """Column generation's bound on the model's scaled objective when only cover ties people
    together, else 0 (no bound). ``converged_only`` (the reproducible search): the master LP's
    value once converged, else 0 — the relaxation's optimum is one number however the rounds
    went, where the best Lagrangian bound on the way depends on which pricing solves the clock
    cut short: the bound and status a run reports are then the same every run whenever the
    master converges."""
    # imported here: both modules build on this one
    from rostering.colgen import column_generation, model_bound
    from rostering.construct import cover_only

    problem = ctx.problem
    if not (problem.demand and problem.staff and cover_only(problem)):
        return 0
    # a master still without a positive bound at half its time seldom gets a useful one in the
    # other half (the hotline with fairness off: −22914 at 15 s of 20)
    cg = column_generation(problem, time_limit=limit, seed=seed, workers=workers, give_up=0.5)
    if converged_only:
        return max(0, model_bound(ctx.model, cg.lp_value)) if cg.converged else 0
    return max(0, model_bound(ctx.model, cg.bound))


def _cover_minimums_first(ctx: ModelContext, terms: list[Term], solver: cp_model.CpSolver) -> int:
    """Phase one: minimise only the shortfall below ``min``; keep its roster as a full hint.

    Returns the phase's CP-SAT status; the model's objective is restored afterwards.
    """
    below_min = [t for t in terms if t.label == "below min"]
    if below_min:
        ctx.model.minimize(objective_terms(ctx, below_min))
    else:
        ctx.model.clear_objective()
    status = solver.solve(ctx.model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # a hint on every variable is a complete feasible assignment: CP-SAT starts from it
        full_hint(ctx.model, list(solver.response_proto.solution))
    ctx.model.minimize(objective_terms(ctx, terms))
    return int(status)


def read_roster(ctx: ModelContext, solver: cp_model.CpSolver) -> Roster:
    """The roster a solved model holds (its assignment variables read back), shared by every
    search that solves the product's model: ``solve``, LNS, the window search, explain.

    >>> # read_roster(ctx, solver).cell("A", ctx.days[0])  -> Cell("D", "") when A works D
    """
    p = ctx.problem
    cells: dict = {}
    for (pi, di, si, k), var in ctx.x.items():
        if solver.boolean_value(var):
            cells[p.staff[pi].staff_id, ctx.days[di]] = Cell(p.shifts[si].code, k)
    return roster_from_shifts(p, cells)


def roster_of(
    ctx: ModelContext, terms: list[Term], values: list[int]
) -> tuple[int, dict[str, float], Roster]:
    """(scaled objective, penalty per rule, roster) of a full solution vector of ``ctx.model``,
    re-solved with every variable fixed to it — shared by the searches that keep rosters as
    value vectors (the LNS): the objective and penalties are then the product's, as ``solve``
    reports them.

    >>> # scaled, penalties, roster = roster_of(ctx, terms, search.best)
    """
    s = fixed_solve(ctx, dict(enumerate(values)))
    if s is None:  # cannot happen: the values came from this very model
        raise RuntimeError("LNS roster rejected by the full model")
    # a slack may be loose in those values: evaluate() takes each term's true amount
    scaled, pens = evaluate(terms, s.value)
    return scaled, pens, read_roster(ctx, s)


def _add_hint(ctx: ModelContext, hint: Roster) -> None:
    for var, value in ctx.roster_values(hint):
        ctx.model.add_hint(var, value)
