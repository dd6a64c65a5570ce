"""Forbidden successions and minimum rest between shifts, also across the month start."""

from __future__ import annotations

import itertools
from collections.abc import Collection
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


def banned_groups(
    pairs: Collection[tuple[str, str]], never: Collection[str] = ()
) -> list[tuple[list[str], list[str]]]:
    """The banned pairs as (shifts today, shifts tomorrow) blocks in which every pairing is
    banned, one model row each: "any of these today + any of those tomorrow ≤ 1".

    A day holds at most one shift, so a block's row says exactly what its pairs say, and is far
    tighter (and shorter) than a row per pair. Shifts with the same banned followers form one
    block, or shifts with the same banned predecessors — whichever needs fewer terms (on
    Curtois–Qu 13, 18 shift types: 60 terms a person-day where a row per shift took 150).
    Shifts in ``never`` (the person may not work them) are left out: they add nothing.

    >>> banned_groups({("N", "E"), ("N", "D"), ("L", "E"), ("L", "D")})
    [(['L', 'N'], ['D', 'E'])]
    """
    live = sorted((a, b) for a, b in pairs if a not in never and b not in never)

    def blocks(by_first: bool) -> list[tuple[list[str], list[str]]]:
        key_of: dict[str, set[str]] = {}
        for a, b in live:
            k, v = (a, b) if by_first else (b, a)
            key_of.setdefault(k, set()).add(v)
        grouped: dict[frozenset[str], list[str]] = {}
        for k, vs in key_of.items():
            grouped.setdefault(frozenset(vs), []).append(k)
        out = [(sorted(ks), sorted(vs)) for vs, ks in grouped.items()]
        return sorted(out if by_first else [(vs, ks) for ks, vs in out])

    a, b = blocks(True), blocks(False)
    return a if sum(len(x) + len(y) for x, y in a) <= sum(len(x) + len(y) for x, y in b) else b


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
            never = {code for code, cap in ctx.problem.rules_for(person).max_shifts if cap == 0}
            for before, after in banned_groups(pairs, never):
                for d in range(len(ctx.days) - 1):
                    m.add(
                        cp_model.LinearExpr.sum(
                            [ctx.on_shift(p, d, si[a]) for a in before]
                            + [ctx.on_shift(p, d + 1, si[b]) for b in after]
                        )
                        <= 1
                    )
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
