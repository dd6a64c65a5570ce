"""The solver stage of explanations: rule instances, assumption cores, single relaxations.

The model is built as usual; every hard constraint a rule added is attributed to a *rule instance*
— (rule, person), (leave or pin, person, date) or (coverage, date, skill) — read off the variables
it mentions, and given that instance's enforcement literal. Solving under the assumption that all
literals hold yields a conflicting set (``sufficient_assumptions_for_infeasibility``); when that
is slow, QuickXplain on fixed-literal solves does instead. The set is shrunk by deletion and its
members are tested one by one: an instance whose removal alone lets a roster exist is the
smallest relaxation to suggest. Rule modules stay unaware of all this.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from rostering.check import check
from rostering.model import ModelContext
from rostering.problem import Problem
from rostering.rules import REGISTRY
from rostering.solve import ExtraEncoder, read_roster

# rule families that only add soft terms (never a cause of infeasibility)
_SOFT_ONLY = frozenset({"requests", "fairness", "cost"})
KEPT = "kept"  # the rule key of cells a re-plan keeps from the previous roster
SHOWN = 8  # list items shown per section; a planner reads the first few
_NAME_ID = re.compile(r"\[([^,\]]+)")


@dataclass(frozen=True, order=True)
class Instance:
    """One rule applied to one person (and date), or coverage of one date and skill."""

    rule: str
    staff_id: str = ""
    dates: tuple[dt.date, ...] = ()
    skill: str = ""


@dataclass
class Conflict:
    """What the assumption search found: disjoint conflicting sets, and for each instance whose
    removal alone resolves its set, the violations a roster without it shows."""

    status: str  # "conflict", "feasible" or "unknown"
    cores: list[list[Instance]]
    relaxations: dict[Instance, list[str]]


def _instrument(
    problem: Problem, extra: ExtraEncoder | None = None
) -> tuple[ModelContext, dict[Instance, cp_model.IntVar]]:
    """Build the model with one enforcement literal per rule instance on its hard constraints.
    Constraints of ``extra`` (e.g. the cells a re-plan keeps) are booked to :data:`KEPT`."""
    ctx = ModelContext(problem)
    ranges = []
    for r in REGISTRY:
        if r.key in _SOFT_ONLY or not r.applies(problem):
            continue
        if r.key == "coverage" and not problem.strict_cover:
            continue  # soft cover always has a way out (the shortfall variables)
        a = len(ctx.model.proto.constraints)
        r.encode(ctx)
        ranges.append((r.key, a, len(ctx.model.proto.constraints)))
    if extra is not None:
        a = len(ctx.model.proto.constraints)
        extra(ctx)
        ranges.append((KEPT, a, len(ctx.model.proto.constraints)))
    owner: dict[int, tuple[int, int]] = {}
    skill_of: dict[int, str] = {}
    for (p, d, _s, k), v in ctx.x.items():
        owner[v.index] = (p, d)
        skill_of[v.index] = k
    for (p, d), v in ctx.work.items():
        owner[v.index] = (p, d)
    ids = {person.staff_id: i for i, person in enumerate(problem.staff)}
    proto = ctx.model.proto
    by_name: dict[int, int | None] = {}

    def person_of(var: int) -> int | None:
        if var in owner:
            return owner[var][0]
        if var not in by_name:  # rule-made helpers are named like phase[A01,2]
            m = _NAME_ID.search(proto.variables[var].name)
            by_name[var] = ids.get(m.group(1)) if m else None
        return by_name[var]

    keyed: list[tuple[int, Instance]] = []
    helper: dict[int, Instance] = {}  # a rule's own variable → the instance it serves
    pending: list[tuple[int, str, list[int]]] = []
    for key, a, b in ranges:
        for ci in range(a, b):
            ct = proto.constraints[ci]
            vs, enforceable = _vars_of(ct)
            people = {person_of(v) for v in vs} - {None}
            days = sorted({owner[v][1] for v in vs if v in owner})
            inst: Instance | None = None
            if key == "coverage" and days:  # cover is judged per date and skill
                ks = {skill_of[v] for v in vs if v in skill_of}
                one = min(ks) if len(ks) == 1 else ""
                inst = Instance(key, "", (ctx.days[days[-1]],), one)
            elif len(people) == 1:
                pi = people.pop()
                assert pi is not None
                when = tuple(ctx.days[d] for d in days) if key in ("availability", KEPT) else ()
                inst = Instance(key, problem.staff[pi].staff_id, when)
            if inst is not None:
                for var in vs:
                    if var not in owner:
                        helper.setdefault(var, inst)
                if enforceable:
                    keyed.append((ci, inst))
            elif enforceable:
                pending.append((ci, key, vs))
    for ci, key, vs in pending:  # constraints on helper variables only: follow the helper
        keyed.append((ci, next((helper[v] for v in vs if v in helper), Instance(key))))
    lits = {inst: ctx.model.new_bool_var(f"assume[{inst}]") for _, inst in keyed}
    # only now touch the proto again: new variables may move its storage
    for ci, inst in keyed:
        ctx.model.proto.constraints[ci].enforcement_literal.append(lits[inst].index)
    return ctx, lits


def _vars_of(ct: object) -> tuple[list[int], bool]:
    """Variables a constraint mentions, and whether it accepts an enforcement literal."""
    c: Any = ct
    if c.has_linear():
        return [int(v) for v in c.linear.vars], True
    if c.has_bool_or() or c.has_bool_and():
        lits = c.bool_or.literals if c.has_bool_or() else c.bool_and.literals
        return [int(v) if v >= 0 else -int(v) - 1 for v in lits], True
    if c.has_lin_max():
        exprs = [c.lin_max.target, *c.lin_max.exprs]
        return [int(v) for e in exprs for v in e.vars], False
    for kind in ("exactly_one", "at_most_one"):
        if getattr(c, f"has_{kind}")():
            lits = getattr(c, kind).literals
            return [int(v) if v >= 0 else -int(v) - 1 for v in lits], False
    return [], False


class _Search:
    """The instrumented model plus single-thread solves under assumptions."""

    def __init__(self, problem: Problem, extra: ExtraEncoder | None = None) -> None:
        self.ctx, lits = _instrument(problem, extra)
        self.ctx.model.clear_objective()
        self.lit = {v.index: v for v in lits.values()}
        self.inst = {v.index: k for k, v in lits.items()}

    def _fix(self, kept: set[int] | None) -> None:
        """Fix kept instances' literals to 1 (others free); ``None`` frees them all."""
        proto = self.ctx.model.proto
        for i in self.inst:
            dom = proto.variables[i].domain
            dom.clear()
            dom.extend([1, 1] if kept is not None and i in kept else [0, 1])

    def core(self, assumed: list[int], seconds: float) -> tuple[str, list[int]]:
        """Solve under assumptions; on infeasibility also a sufficient subset of them."""
        self._fix(None)
        m = self.ctx.model
        m.clear_assumptions()
        m.add_assumptions([self.lit[i] for i in assumed])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1  # cores come from the single-thread search
        solver.parameters.max_time_in_seconds = max(0.2, seconds)
        st = solver.solve(m)
        m.clear_assumptions()
        if st == cp_model.INFEASIBLE:
            return "infeasible", list(solver.sufficient_assumptions_for_infeasibility())
        return ("feasible" if st in (cp_model.OPTIMAL, cp_model.FEASIBLE) else "unknown"), []

    def run(self, kept: list[int], seconds: float) -> tuple[str, cp_model.CpSolver]:
        """Solve with the kept instances fixed on: presolve then removes their literals, which
        is far faster than assumptions when a roster does exist."""
        self._fix(set(kept))
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 2
        solver.parameters.max_time_in_seconds = max(0.2, seconds)
        st = solver.solve(self.ctx.model)
        if st == cp_model.INFEASIBLE:
            return "infeasible", solver
        return ("feasible" if st in (cp_model.OPTIMAL, cp_model.FEASIBLE) else "unknown"), solver

    def quickxplain(self, items: list[int], deadline: float) -> list[int]:
        """A minimal conflicting subset by recursive halving (Junker's QuickXplain), each test
        a fixed-literal solve; a test that runs out of time counts as "no conflict", which only
        makes the answer larger, never wrong."""

        def infeasible(kept: list[int]) -> bool:
            left = deadline - time.perf_counter()
            return left > 0.2 and self.run(kept, min(3.0, left))[0] == "infeasible"

        def qx(background: list[int], delta: bool, cand: list[int]) -> list[int]:
            if delta and infeasible(background):
                return []
            if len(cand) == 1:
                return cand
            half = len(cand) // 2
            c1, c2 = cand[:half], cand[half:]
            x2 = qx(background + c1, True, c2)
            x1 = qx(background + x2, bool(x2), c1)
            return x1 + x2

        return sorted(qx([], False, items))

    def shrink(self, core: list[int], deadline: float) -> list[int]:
        """Deletion-based: drop each member whose absence leaves the rest still conflicting."""
        core = sorted(set(core))
        for i in list(core):
            if time.perf_counter() > deadline or len(core) <= 1:
                break
            trial = [c for c in core if c != i]
            st, _ = self.run(trial, min(2.0, deadline - time.perf_counter()))
            if st == "infeasible":
                core = trial
        return core


def conflict(
    problem: Problem,
    time_limit: float = 20.0,
    max_cores: int = 3,
    max_relax: int = 12,
    suspects: tuple[str, ...] = (),
    extra: ExtraEncoder | None = None,
) -> Conflict:
    """Small sets of rule instances that cannot all hold, and single relaxations that work.

    Up to ``max_cores`` disjoint conflicting sets are found (each next one with the earlier
    sets left out), so a scenario with two independent problems reports both. ``suspects``
    (staff ids the capacity checks named) are looked at first when the search must divide.
    ``extra`` adds constraints beyond the rules (a re-plan's kept cells), booked per person-day.

    >>> # c = conflict(problem); c.cores -> [[Instance('rest_days_per_month', 'A01')]]
    """
    t0 = time.perf_counter()
    end = t0 + time_limit
    search = _Search(problem, extra)
    rank = {sid: n for n, sid in enumerate(suspects)}
    assumed = sorted(
        search.inst,
        key=lambda i: (
            rank.get(search.inst[i].staff_id, len(rank)),
            _display_order(search.inst[i]),
        ),
    )
    cores: list[list[int]] = []
    # settle feasibility first with every literal fixed on: presolve is fast both ways
    status, _ = search.run(assumed, time_limit * 0.3)
    if status == "feasible":
        return Conflict("feasible", [], {})
    while len(cores) < max_cores and time.perf_counter() < end - 1:
        share = 0.25 if not cores else 0.15
        st, core = search.core(assumed, min(6.0, (end - time.perf_counter()) * share))
        if st == "unknown":  # assumptions weaken presolve; divide and conquer on fixed runs
            st, _ = search.run(assumed, min(4.0, (end - time.perf_counter()) * 0.2))
            if st == "infeasible":
                core = search.quickxplain(assumed, t0 + time_limit * (0.6 + 0.1 * len(cores)))
        if st != "infeasible":
            status = "conflict" if cores else st
            break
        status = "conflict"
        if not core:  # the conflict lies in constraints without a literal
            break
        core = search.shrink(core, t0 + time_limit * (0.35 + 0.1 * len(cores)))
        if cores and len(core) > SHOWN:
            break  # a large later set is most likely a search cut short: not worth showing
        cores.append(core)
        assumed = [i for i in assumed if i not in set(core)]
    relax: dict[Instance, list[str]] = {}
    everything = set(search.inst)
    for j, core in enumerate(cores):
        others: set[int] = set().union(*(c for k, c in enumerate(cores) if k != j))
        # suggest loosening a rule or a cover before cancelling someone's leave or pin
        order = sorted(core, key=lambda i: _display_order(search.inst[i]))
        for i in order[:max_relax]:
            if time.perf_counter() > end - 0.5:
                break
            trial = sorted(everything - others - {i})
            st, solver = search.run(trial, min(8.0, (end - time.perf_counter()) / 2))
            if st == "feasible":
                inst = search.inst[i]
                roster = read_roster(search.ctx, solver)
                relax[inst] = [
                    v.message
                    for v in check(problem, roster)
                    if v.hard
                    and v.rule == inst.rule
                    and (not inst.staff_id or v.staff_id == inst.staff_id)
                    and (not inst.dates or set(inst.dates) & set(v.dates))
                ]
    shown = [sorted((search.inst[i] for i in c), key=_display_order) for c in cores]
    return Conflict(status, shown, relax)


def _display_order(inst: Instance) -> tuple[bool, Instance]:
    """Rules and cover first, then the leave and pins that feed them."""
    return inst.rule in ("availability", KEPT), inst
