"""Alternating weeks (大小周): worked days per full Mon–Sun week alternate between two values.

The first full week of the period takes either value, then they alternate. Leave days count
toward the week's worked days (a supervisor on leave for a day does not owe it back).
Partial weeks at the period's edges may hold at most the larger value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import Rule, Term, Violation, fmt_dates, people_with
from rostering.rules.timeline import status, weeks

if TYPE_CHECKING:
    from rostering.model import ModelContext


def full_weeks(days: list) -> list[list[int]]:
    """Day indices of the Mon–Sun weeks lying wholly inside the period."""
    return [w for w in weeks(days) if len(w) == 7]


class AlternatingWeeks(Rule):
    """Short and long weeks in turn, e.g. 5 then 6 worked days."""

    def __init__(self) -> None:
        super().__init__(key="alternating_weeks", title="alternating short and long weeks (大小周)")

    def applies(self, problem: Problem) -> bool:
        return bool(people_with(problem, "alternating_weeks"))

    def encode(self, ctx: ModelContext) -> list[Term]:
        m = ctx.model
        for p, person, _rs, (a, b) in people_with(ctx.problem, "alternating_weeks"):
            flip = m.new_bool_var(f"alt[{person.staff_id}]")  # 1: the first full week takes b
            for i, week in enumerate(full_weeks(ctx.days)):
                leave = sum(1 for d in week if (p, d) in ctx.absences)
                count = sum(ctx.work[p, d] for d in week) + leave
                if i % 2 == 0:
                    m.add(count == a + (b - a) * flip)
                else:
                    m.add(count == b + (a - b) * flip)
            for week in weeks(ctx.days):
                if len(week) < 7:
                    m.add(sum(ctx.work[p, d] for d in week) <= max(a, b))
        return []

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        out = []
        for _p, person, _rs, (a, b) in people_with(problem, "alternating_weeks"):
            st = status(roster, person.staff_id)
            fw = full_weeks(problem.days)
            counts = [sum(1 for d in w if st[d] in "WL") for w in fw]
            best: list[int] | None = None
            for first, second in ((a, b), (b, a)):
                wanted = [first if i % 2 == 0 else second for i in range(len(fw))]
                bad = [i for i, (c, w) in enumerate(zip(counts, wanted, strict=True)) if c != w]
                if best is None or len(bad) < len(best):
                    best = bad
                    order = wanted
            for i in best or []:
                dates = tuple(problem.days[d] for d in fw[i])
                out.append(
                    Violation(
                        self.key,
                        True,
                        f"{person.name} works {counts[i]} days in the week {fmt_dates(dates)}; "
                        f"the alternation asks {order[i]}",
                        person.staff_id,
                        dates,
                        abs(counts[i] - order[i]),
                    )
                )
            for w in (w for w in weeks(problem.days) if len(w) < 7):
                worked = sum(1 for d in w if st[d] == "W")
                if worked > max(a, b):
                    dates = tuple(problem.days[d] for d in w)
                    out.append(
                        Violation(
                            self.key,
                            True,
                            f"{person.name} works {worked} days in the partial week "
                            f"{fmt_dates(dates)}; at most {max(a, b)}",
                            person.staff_id,
                            dates,
                        )
                    )
        return out
