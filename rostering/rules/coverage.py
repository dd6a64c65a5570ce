"""Coverage: heads per time slot and skill (and per shift), soft by default, hard when strict."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pandas as pd
from ortools.sat.python import cp_model

from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import Rule, Term, Violation, coef, penalty
from rostering.rules.coverage_spec import Need, need_gaps, needs
from rostering.timeutil import fmt_hhmm

if TYPE_CHECKING:
    from rostering.model import ModelContext

COVERAGE_COLUMNS = [
    "date",
    "slot_start",
    "skill",
    "required_min",
    "target",
    "scheduled",
    "shortfall",
]


def scheduled_counts(problem: Problem, roster: Roster) -> list[int]:
    """Heads counted toward each need of :func:`needs`, read off a roster."""
    # (day index, shift index) -> people on it, and the same split by covered skill
    on: dict[tuple[int, int], int] = defaultdict(int)
    on_skill: dict[tuple[int, int, str], int] = defaultdict(int)
    sidx = {s.code: i for i, s in enumerate(problem.shifts)}
    for di, d in enumerate(problem.days):
        for person in problem.staff:
            c = roster.cell(person.staff_id, d)
            if c is not None and c.code in sidx:
                on[di, sidx[c.code]] += 1
                if c.skill:
                    on_skill[di, sidx[c.code], c.skill] += 1
    out = []
    for n in needs(problem):
        if n.skill:
            out.append(sum(on_skill[di, s, n.skill] for di, s in n.covering))
        else:
            out.append(sum(on[di, s] for di, s in n.covering))
    return out


def coverage_table(problem: Problem, roster: Roster) -> pd.DataFrame:
    """The contract's coverage.csv: one row per slot (or shift) and skill with its shortfall
    below ``min``. Per-shift needs give the shift's start as ``slot_start``."""
    rows = []
    for n, got in zip(needs(problem), scheduled_counts(problem, roster), strict=True):
        rows.append(
            (
                n.date.isoformat(),
                fmt_hhmm(n.minute),
                n.skill,
                n.min,
                n.target,
                got,
                max(0, n.min - got),
            )
        )
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


class Coverage(Rule):
    """Demand met per slot and skill; a person covers one skill a day, counted once."""

    def __init__(self) -> None:
        super().__init__(key="coverage", title="cover demand (demand.csv)")

    def applies(self, problem: Problem) -> bool:
        return bool(problem.demand)

    def encode(self, ctx: ModelContext) -> list[Term]:
        p = ctx.problem
        strict = p.strict_cover
        # identical needs (same people can fill them, same numbers) share one set of variables
        groups: dict[tuple, int] = defaultdict(int)
        for n in needs(p):
            key = (n.skill, n.covering, n.min, n.target, n.w_min, n.w_target, n.w_over)
            groups[key] += 1
        counts: dict[tuple[str, tuple], cp_model.LinearExprT] = {}
        terms: list[Term] = []
        m = ctx.model
        u1: Any
        u2: Any
        for (skill, covering, mn, tgt, wm, wt, wo), mult in groups.items():
            ck = (skill, covering)
            if ck not in counts:
                counts[ck] = self._count(ctx, skill, covering)
            cnt = counts[ck]
            cap = self._cap(ctx, skill, covering)
            if strict and mn > 0:
                m.add(cnt >= mn)
            if not strict and mn > 0:
                # Slacks are bounded from below only (faster search, tight at the optimum);
                # ``exact`` gives the true gap of a time-limited roster (see Term).
                u1 = m.new_int_var(0, mn, "u_min")
                if wm < wt:  # the minimiser would over-book u1: pin it to the true gap
                    m.add_max_equality(u1, [0, mn - cnt])
                terms.append(
                    Term(self.key, u1, coef(wm) * mult, "below min", _gap_exact(cnt, mn, 0))
                )
            else:
                u1 = 0
            if tgt > mn:
                u2 = m.new_int_var(0, tgt - mn, "u_target")
                below_tgt = _gap_exact(cnt, tgt, 0 if strict else mn)
                terms.append(Term(self.key, u2, coef(wt) * mult, "below target", below_tgt))
            else:
                u2 = 0
            if tgt > 0:
                m.add(cnt + u1 + u2 >= tgt)
            if coef(wo) and cap > tgt:
                o = m.new_int_var(0, cap - tgt, "over")
                m.add(o >= cnt - tgt)
                terms.append(
                    Term(self.key, o, coef(wo) * mult, "over target", _over_exact(cnt, tgt))
                )
        return terms

    @staticmethod
    def _count(ctx: ModelContext, skill: str, covering: tuple) -> cp_model.LinearExprT:
        parts = []
        for p in range(len(ctx.problem.staff)):
            if skill and skill not in ctx.skill_options[p]:
                continue
            for d, s in covering:
                parts.append(ctx.x[p, d, s, skill] if skill else ctx.on_shift(p, d, s))
        return cp_model.LinearExpr.sum(parts) if parts else 0

    @staticmethod
    def _cap(ctx: ModelContext, skill: str, covering: tuple) -> int:
        people = sum(
            1 for p in range(len(ctx.problem.staff)) if not skill or skill in ctx.skill_options[p]
        )
        return people * len({d for d, _ in covering})

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        strict = problem.strict_cover
        out: list[Violation] = []
        runs: dict[tuple, list[tuple[Need, int]]] = defaultdict(list)
        tgt_amount = over_amount = 0
        tgt_pen = over_pen = 0.0
        slot = problem.period.slot_minutes
        for n, got in zip(needs(problem), scheduled_counts(problem, roster), strict=True):
            u1, u2, o = need_gaps(n, got)
            tgt_amount += u2
            tgt_pen += penalty(n.w_target, u2)
            over_amount += o
            over_pen += penalty(n.w_over, o)
            if u1:
                runs[n.date, n.skill, n.shift].append((n, u1))
        for (day, skill, shift), items in runs.items():
            for chunk in _contiguous(items, problem.period.slot_minutes):
                amount = sum(u for _, u in chunk)
                worst = max(u for _, u in chunk)
                first, last = chunk[0][0], chunk[-1][0]
                what = (
                    f"shift {shift}"
                    if shift
                    else f"{fmt_hhmm(first.minute)}–{fmt_hhmm(last.minute + slot)}"
                )
                unit = "shift" if shift else "person-slots"
                out.append(
                    Violation(
                        self.key,
                        strict,
                        f"{day} {what} {skill or 'any skill'}: up to {worst} below the minimum "
                        f"({amount} {unit} short)",
                        dates=(day,),
                        amount=amount,
                        penalty=0.0 if strict else sum(penalty(n.w_min, u) for n, u in chunk),
                    )
                )
        if tgt_amount:
            out.append(
                Violation(
                    self.key,
                    False,
                    f"below target in {tgt_amount} person-slots",
                    amount=tgt_amount,
                    penalty=tgt_pen,
                )
            )
        if over_amount:
            out.append(
                Violation(
                    self.key,
                    False,
                    f"above target in {over_amount} person-slots",
                    amount=over_amount,
                    penalty=over_pen,
                )
            )
        return out


def _gap_exact(cnt: Any, need: int, already: int) -> Callable[[Callable[[Any], int]], int]:
    """Heads short of ``need`` beyond those already short of ``already`` (a lower need)."""

    def exact(value: Callable[[Any], int]) -> int:
        got = cnt if isinstance(cnt, int) else value(cnt)
        return max(0, need - got) - max(0, already - got)

    return exact


def _over_exact(cnt: Any, target: int) -> Callable[[Callable[[Any], int]], int]:
    """Heads above ``target``."""

    def exact(value: Callable[[Any], int]) -> int:
        return max(0, (cnt if isinstance(cnt, int) else value(cnt)) - target)

    return exact


def _contiguous(items: list[tuple[Need, int]], slot: int) -> list[list[tuple[Need, int]]]:
    chunks: list[list[tuple[Need, int]]] = []
    for n, u in sorted(items, key=lambda t: t[0].minute):
        if chunks and n.shift is None and n.minute == chunks[-1][-1][0].minute + slot:
            chunks[-1].append((n, u))
        else:
            chunks.append([(n, u)])
    return chunks


def shortfall_by_day(table: pd.DataFrame) -> dict[dt.date, int]:
    """Person-slots short of ``min`` per date, from a coverage table."""
    s = table.groupby("date")["shortfall"].sum()
    return {dt.date.fromisoformat(str(k)): int(v) for k, v in s.items() if v}
