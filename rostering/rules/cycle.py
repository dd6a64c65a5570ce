"""Work–rest cycles (上一天休一天): N days on, M days off, repeating, continuing from history.

Each person has one phase for the whole period. A leave day inside an "on" stretch is excused
(it is simply not worked); the cycle keeps counting through it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import Rule, Term, Violation, history_of, people_with
from rostering.rules.timeline import status

if TYPE_CHECKING:
    from rostering.model import ModelContext


def on_day(i: int, phase: int, on: int, off: int) -> bool:
    """Whether day index ``i`` (may be negative: history) is an 'on' day for a phase.

    >>> [on_day(i, 0, 1, 1) for i in range(4)]
    [True, False, True, False]
    """
    return (i + phase) % (on + off) < on


def history_fit(problem: Problem, staff_id: str, on: int, off: int) -> list[tuple[int, bool]]:
    """The most recent history days that some phase of the cycle explains (newest first).

    History that no phase fits (a swap last month, say) would make the month unsolvable, so the
    cycle continues only from the latest days that fit it.
    """
    start = problem.period.start
    days = sorted(
        (
            ((d - start).days, code in problem.shift_by_code)
            for d, code in history_of(problem, staff_id).items()
        ),
        reverse=True,
    )
    out: list[tuple[int, bool]] = []
    for item in days:
        trial = [*out, item]
        if not any(all(on_day(i, r, on, off) == w for i, w in trial) for r in range(on + off)):
            break
        out = trial
    return out


class WorkRestCycle(Rule):
    """N days on, M days off, repeating."""

    def __init__(self) -> None:
        super().__init__(key="work_rest_cycle", title="work–rest cycle")

    def applies(self, problem: Problem) -> bool:
        return bool(people_with(problem, "work_rest_cycle"))

    def encode(self, ctx: ModelContext) -> list[Term]:
        m = ctx.model
        for p, person, _rs, (on, off) in people_with(ctx.problem, "work_rest_cycle"):
            length = on + off
            ph = [m.new_bool_var(f"phase[{person.staff_id},{r}]") for r in range(length)]
            m.add_exactly_one(ph)
            for d in range(len(ctx.days)):
                expected = sum(ph[r] for r in range(length) if on_day(d, r, on, off))
                if (p, d) in ctx.absences:
                    continue
                m.add(ctx.work[p, d] == expected)
            for i, worked in history_fit(ctx.problem, person.staff_id, on, off):
                for r in range(length):
                    if on_day(i, r, on, off) != worked:
                        m.add(ph[r] == 0)
        return []

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        out = []
        for _p, person, _rs, (on, off) in people_with(problem, "work_rest_cycle"):
            st = status(roster, person.staff_id)
            hist = history_fit(problem, person.staff_id, on, off)
            best: tuple[int, list[int]] | None = None
            for r in range(on + off):
                bad = [
                    i for i, s in enumerate(st) if s != "L" and (s == "W") != on_day(i, r, on, off)
                ]
                bad += [i for i, w in hist if w != on_day(i, r, on, off)]
                if best is None or len(bad) < len(best[1]):
                    best = (r, bad)
            assert best is not None
            if best[1]:
                start = problem.period.start
                dates = tuple(sorted(start + dt.timedelta(days=i) for i in best[1]))
                shown = ", ".join(d.isoformat() for d in dates[:5]) + (
                    " …" if len(dates) > 5 else ""
                )
                out.append(
                    Violation(
                        self.key,
                        True,
                        f"{person.name} breaks the {on}-on-{off}-off cycle on {len(dates)} day(s) "
                        f"even with the best-fitting phase: {shown}",
                        person.staff_id,
                        dates,
                        len(dates),
                    )
                )
        return out
