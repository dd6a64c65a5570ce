"""CP-SAT's reproducible (interleaved) search: its solver settings and subsolver sets.

With ``interleave_search`` CP-SAT runs its subsolvers in fixed batches on its deterministic
clock, so the same seed and worker count give the same roster on any machine. Which subsolvers
a batch holds decides how fast it improves a roster; the sets here are the ones measured to
pay off (benchmarks/RESULTS.md). :func:`rostering.solve.solve`'s default search and the
reproducible LNS (:mod:`rostering.lns_repro`) both build their solvers here.

>>> s = interleaved_solver(2, 0, 60.0, LNS_SUBSOLVERS, work=5.0)
>>> s.parameters.interleave_search, s.parameters.max_deterministic_time
(True, 5.0)
"""

from __future__ import annotations

from ortools.sat.python import cp_model

# Subsolvers for the reproducible (interleaved) search. Interleaving runs them in fixed
# batches so the same seed and worker count give the same roster; keeping only those that pay
# off on rosters (feasibility jump and local search for first rosters, LNS to improve them, the
# LP search for the bound) makes it several times faster than interleaving CP-SAT's whole
# portfolio (hotline, 100 agents: 0 shortfall after ~13 s instead of ~45 s under load).
FIRST_PHASE_SUBSOLVERS = (
    "fj*",
    "ls*",
    "rnd_var_lns",
    "rnd_cst_lns",
    "graph_var_lns",
    "graph_arc_lns",
    "graph_dec_lns",
)
# Feasibility jump and local search hardly advance CP-SAT's deterministic clock, so a search
# that keeps them runs until the wall clock stops it (not reproducible); the full search,
# which starts from the first phase's roster, does without them.
FULL_SUBSOLVERS = (
    "default_lp",
    "rnd_var_lns",
    "rnd_cst_lns",
    "graph_var_lns",
    "graph_arc_lns",
    "graph_dec_lns",
    "rins/rens",
)
# CP-SAT's own LNS workers alone (rostering.lns_repro's turns): without the LP search beside
# them they improve a large roster fast (the generated 100-agent month: 28,079 after a minute
# against 42,101 with the LP search in the batch and 36,577 with the LNS in lockstep alone)
LNS_SUBSOLVERS = (
    "rnd_var_lns",
    "rnd_cst_lns",
    "graph_var_lns",
    "graph_arc_lns",
    "graph_dec_lns",
    "graph_cst_lns",
)


def wall_cut(solver: cp_model.CpSolver, status: object) -> bool:
    """True when a search ended because the wall clock ran out (not reproducible)."""
    prm = solver.parameters
    return status not in (cp_model.OPTIMAL, cp_model.INFEASIBLE) and (
        solver.wall_time >= prm.max_time_in_seconds - 0.05
        and solver.deterministic_time < prm.max_deterministic_time - 1e-3
    )


def interleaved_solver(
    workers: int,
    seed: int,
    seconds: float,
    subsolvers: tuple[str, ...] | None = None,
    work: float | None = None,
) -> cp_model.CpSolver:
    """A solver stopped after ``seconds`` of wall time or, when ``work`` is given, after that
    much deterministic time in CP-SAT's reproducible interleaved search over ``subsolvers``."""
    solver = cp_model.CpSolver()
    prm = solver.parameters
    prm.num_workers = max(1, workers)
    prm.random_seed = seed
    prm.max_time_in_seconds = max(0.1, seconds)
    if work is not None:
        prm.interleave_search = True
        prm.max_deterministic_time = max(0.05, work)
        if subsolvers:
            prm.filter_subsolvers.extend(subsolvers)
    return solver
