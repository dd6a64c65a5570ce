"""Max shifts of a type: ``[rules] max_shifts = { N = 4 }`` caps each person's count of each
listed shift code over the period (0 forbids the shift for that profile)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import Rule, Term, Violation, fmt_dates, people_with

if TYPE_CHECKING:
    from rostering.model import ModelContext


class MaxShifts(Rule):
    """No more than the cap of each listed shift code per person in the period."""

    def __init__(self) -> None:
        super().__init__(key="max_shifts", title="shifts of one type per person")

    def applies(self, problem: Problem) -> bool:
        return bool(people_with(problem, "max_shifts"))

    def encode(self, ctx: ModelContext) -> list[Term]:
        n = len(ctx.days)
        for p, _person, _rs, caps in people_with(ctx.problem, "max_shifts"):
            for code, cap in caps:
                if cap >= n:
                    continue
                s = ctx.shift_index[code]
                if cap == 0:  # a forbidden shift: fix its variables so presolve drops them
                    for d in range(n):
                        for k in ctx.skill_options[p]:
                            ctx.model.add(ctx.x[p, d, s, k] == 0)
                    continue
                ctx.model.add(
                    cp_model.LinearExpr.sum([ctx.on_shift(p, d, s) for d in range(n)]) <= cap
                )
        return []

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        out = []
        for _p, person, _rs, caps in people_with(problem, "max_shifts"):
            # one walk over the days per person, not one per capped shift (a year of
            # Curtois–Qu 24 has 32 capped shift types a person)
            worked: dict[str, list[dt.date]] = defaultdict(list)
            for d in problem.days:
                if (c := roster.cell(person.staff_id, d)) is not None:
                    worked[c.code].append(d)
            for code, cap in caps:
                dates = tuple(worked.get(code, ()))
                if len(dates) > cap:
                    out.append(
                        Violation(
                            self.key,
                            True,
                            f"{person.name} works shift {code} {len(dates)} times "
                            f"({fmt_dates(dates)}); at most {cap} allowed",
                            person.staff_id,
                            dates,
                            len(dates) - cap,
                        )
                    )
        return out
