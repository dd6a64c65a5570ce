"""Max worked weekends: at most N weekends with any work in the period.

A weekend is the Saturday and Sunday of one Mon–Sun week; it is worked when either day is worked.
A weekend cut by the period's edges (only its Saturday or only its Sunday in the period) counts
when its day inside the period is worked. Calendar moves (make-up Saturdays) do not change what a
weekend is: the rule is about Saturdays and Sundays, as in the Curtois–Qu benchmark.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import Rule, Term, Violation, fmt_dates, people_with
from rostering.rules.timeline import status

if TYPE_CHECKING:
    from rostering.model import ModelContext


def weekends(days: list[dt.date]) -> list[list[int]]:
    """Day indices of each weekend (Sat and/or Sun inside the period), in order.

    >>> ds = [dt.date(2026, 10, 1) + dt.timedelta(days=i) for i in range(12)]
    >>> weekends(ds)
    [[2, 3], [9, 10]]
    """
    out: dict[dt.date, list[int]] = {}
    for i, d in enumerate(days):
        if d.weekday() >= 5:
            monday = d - dt.timedelta(days=d.weekday())
            out.setdefault(monday, []).append(i)
    return list(out.values())


class MaxWorkedWeekends(Rule):
    """At most ``max_worked_weekends`` weekends with work."""

    def __init__(self) -> None:
        super().__init__(key="max_worked_weekends", title="worked weekends")

    def applies(self, problem: Problem) -> bool:
        return bool(people_with(problem, "max_worked_weekends"))

    def encode(self, ctx: ModelContext) -> list[Term]:
        m = ctx.model
        wes = weekends(ctx.days)
        for p, person, _rs, cap in people_with(ctx.problem, "max_worked_weekends"):
            if cap >= len(wes):
                continue
            flags = []
            for we in wes:
                f = m.new_bool_var(f"weekend[{person.staff_id},{we[0]}]")
                for d in we:
                    m.add_implication(ctx.work[p, d], f)  # f ≥ each day: a worked day counts
                flags.append(f)
            m.add(sum(flags) <= cap)
        return []

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        out = []
        wes = weekends(problem.days)
        for _p, person, _rs, cap in people_with(problem, "max_worked_weekends"):
            st = status(roster, person.staff_id)
            worked = [we for we in wes if any(st[d] == "W" for d in we)]
            if len(worked) > cap:
                dates = tuple(problem.days[d] for we in worked for d in we if st[d] == "W")
                out.append(
                    Violation(
                        self.key,
                        True,
                        f"{person.name} works {len(worked)} weekends ({fmt_dates(dates)}); "
                        f"at most {cap} allowed",
                        person.staff_id,
                        dates,
                        len(worked) - cap,
                    )
                )
        return out
