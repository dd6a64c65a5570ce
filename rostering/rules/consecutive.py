"""Max consecutive work days, with an optional penalised exception band, across the month start.

With ``max_consecutive_work_days = 5`` and ``max_consecutive_work_days_exception = 7`` a run of
6 or 7 days is allowed but each day beyond the 5th costs ``weights.consecutive_exception``; an
8th day is never allowed. Without the exception key the cap is hard. Leave breaks a run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import Rule, Term, Violation, coef, fmt_dates, penalty, people_with
from rostering.rules.timeline import status, worked_before

if TYPE_CHECKING:
    from rostering.model import ModelContext


def _caps(rs: object) -> tuple[int, int]:
    base = rs.max_consecutive_work_days  # type: ignore[attr-defined]
    exc = rs.max_consecutive_work_days_exception  # type: ignore[attr-defined]
    return base, (exc if exc is not None else base)


def _all_worked(days: list[Any]) -> Callable[[Callable[[Any], int]], int]:
    """1 when every day variable of a window is 1 in the solution."""
    return lambda value: int(all(value(v) for v in days))


class MaxConsecutiveWork(Rule):
    """No more than N days in a row; N+1 … M only as a penalised exception."""

    def __init__(self) -> None:
        super().__init__(key="max_consecutive_work_days", title="consecutive work days")

    def applies(self, problem: Problem) -> bool:
        return bool(people_with(problem, "max_consecutive_work_days"))

    def encode(self, ctx: ModelContext) -> list[Term]:
        terms = []
        n = len(ctx.days)
        w_exc = coef(ctx.problem.weights.consecutive_exception)
        for p, person, rs, _v in people_with(ctx.problem, "max_consecutive_work_days"):
            base, hard = _caps(rs)
            h = worked_before(ctx.problem, person.staff_id)

            def day(i: int, p: int = p, h: int = h) -> object:
                # history days before the period are constants: worked for the last h of them
                return ctx.work[p, i] if i >= 0 else (1 if i >= -h else 0)

            for end in range(n):
                window = [day(i) for i in range(end - hard, end + 1)]
                if sum(1 for v in window if isinstance(v, int) and v == 0) == 0:
                    ctx.model.add(sum(window) <= hard)  # type: ignore[arg-type]
            if hard > base:
                for end in range(n):
                    window = [day(i) for i in range(end - base, end + 1)]
                    if any(isinstance(v, int) and v == 0 for v in window):
                        continue  # a history day off inside: this day cannot be an extra one
                    e = ctx.model.new_bool_var(f"exc[{person.staff_id},{end}]")
                    ctx.model.add(sum(window) - base <= e)  # type: ignore[arg-type]
                    # e may be 1 to spare on a time-limited roster: report whether the whole
                    # window was really worked (see Term.exact)
                    worked = [v for v in window if not isinstance(v, int)]
                    terms.append(
                        Term(
                            self.key,
                            e,
                            w_exc,
                            f"day {end} beyond {base}",
                            _all_worked(worked),
                            person=p,
                        )
                    )
        return terms

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        out = []
        w = problem.weights.consecutive_exception
        for _p, person, rs, _v in people_with(problem, "max_consecutive_work_days"):
            base, hard = _caps(rs)
            st = status(roster, person.staff_id)
            run = worked_before(problem, person.staff_id)
            runs: list[tuple[int, int, int]] = []  # (start index, end index, length incl. history)
            start = 0
            for i, s in enumerate([*st, "O"]):
                if s == "W":
                    if run == 0 or (i > 0 and st[i - 1] != "W"):
                        start = i
                    run += 1
                else:
                    if run and i > 0 and st[i - 1] == "W":
                        runs.append((start, i - 1, run))
                    run = 0
            for a, b, length in runs:
                if length <= base:
                    continue
                extra_in_period = min(length - base, b - a + 1)
                dates = tuple(problem.days[a : b + 1])
                if length > hard:
                    out.append(
                        Violation(
                            self.key,
                            True,
                            f"{person.name} works {length} days in a row ({fmt_dates(dates)}); "
                            f"the cap is {hard}",
                            person.staff_id,
                            dates,
                            length - hard,
                        )
                    )
                if hard > base:
                    out.append(
                        Violation(
                            self.key,
                            False,
                            f"{person.name} works {length} days in a row ({fmt_dates(dates)}): "
                            f"{extra_in_period} day(s) beyond {base} as an exception",
                            person.staff_id,
                            dates,
                            extra_in_period,
                            penalty(w, extra_in_period),
                        )
                    )
        return out
