"""Forbidden successions and minimum rest between shifts, also across the month start."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from rostering.problem import Problem, RuleSet
from rostering.roster import Roster
from rostering.rules.base import Rule, Term, Violation, history_of
from rostering.rules.timeline import last_history_shift

if TYPE_CHECKING:
    from rostering.model import ModelContext


def banned_pairs(problem: Problem, rs: RuleSet) -> dict[tuple[str, str], str]:
    """(shift on day d, shift on day d+1) → reason, for one profile."""
    out: dict[tuple[str, str], str] = {}
    for a, b in rs.forbidden_successions:
        out[a, b] = f"{b} may not follow {a}"
    if rs.min_rest_hours is not None:
        need = rs.min_rest_hours * 60
        for sa in problem.shifts:
            for sb in problem.shifts:
                gap = 1440 + sb.start_min - sa.end_min
                if gap < need and (sa.code, sb.code) not in out:
                    out[sa.code, sb.code] = (
                        f"only {gap / 60:g} h rest between {sa.code} and {sb.code} "
                        f"(minimum {rs.min_rest_hours:g} h)"
                    )
    return out


class Succession(Rule):
    """Pairs of shifts that may not be worked on consecutive days."""

    def __init__(self) -> None:
        super().__init__(key="succession", title="forbidden successions and minimum rest")

    def applies(self, problem: Problem) -> bool:
        return any(banned_pairs(problem, problem.rules_for(p)) for p in problem.staff)

    def encode(self, ctx: ModelContext) -> list[Term]:
        m = ctx.model
        si = ctx.shift_index
        for p, person in enumerate(ctx.problem.staff):
            pairs = banned_pairs(ctx.problem, ctx.problem.rules_for(person))
            if not pairs:
                continue
            # one constraint per shift and day, not per pair: a day holds at most one shift, so
            # "a today + any banned follower tomorrow ≤ 1" says the same, and is a tighter row
            after: dict[str, list[str]] = {}
            for a, b in pairs:
                after.setdefault(a, []).append(b)
            for a, bs in after.items():
                for d in range(len(ctx.days) - 1):
                    nxt = cp_model.LinearExpr.sum([ctx.on_shift(p, d + 1, si[b]) for b in bs])
                    m.add(ctx.on_shift(p, d, si[a]) + nxt <= 1)
            prev = last_history_shift(ctx.problem, person.staff_id)
            for a, b in pairs:
                if prev == a:
                    m.add(ctx.on_shift(p, 0, si[b]) == 0)
        return []

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        out = []
        days = problem.days
        for person in problem.staff:
            pairs = banned_pairs(problem, problem.rules_for(person))
            if not pairs:
                continue
            hist = history_of(problem, person.staff_id)
            before = days[0].toordinal() - 1
            prev_code = hist.get(days[0].fromordinal(before))
            seq = [(days[0].fromordinal(before), prev_code)] + [
                (
                    d,
                    (
                        roster.cell(person.staff_id, d).code  # type: ignore[union-attr]
                        if roster.cell(person.staff_id, d)
                        else None
                    ),
                )
                for d in days
            ]
            for (d1, c1), (d2, c2) in itertools.pairwise(seq):
                if c1 is not None and c2 is not None and (c1, c2) in pairs:
                    out.append(
                        Violation(
                            self.key,
                            True,
                            f"{person.name}: {c1} on {d1} then {c2} on {d2} — {pairs[c1, c2]}",
                            person.staff_id,
                            (d1, d2),
                        )
                    )
        return out
