"""Minimum run lengths: at least N work days in a row, at least M days off in a row.

A run of work days (or of days off) shorter than the minimum is a hard violation. A leave or
unavailable day is a day without work: it ends a run of work days (that run is then judged) and
it belongs to a run of days off (so a week of leave is a long enough rest). A run fixed entirely
by the input (history and leave days only) is never judged: the roster had no say in it; nor
is a run carried in from history and ended by leave (the roster could not have lengthened it).

The period's edges follow ``[rules].runs_at_edges``:

* ``"history"`` (default): a run touching the first day continues into history.csv and is judged
  with its full length when history shows where it began; without history it is not judged.
  A run reaching the last day is unfinished, so it is not judged.
* ``"free"``: no run touching the first or the last day is judged, history or not (the
  Curtois–Qu benchmark: endless work / rest assumed beyond both ends).

Solver and check enumerate the same forbidden patterns ``other, kind × j, other`` (``j`` below
the minimum), so a roster the solver accepts is exactly one the check accepts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from rostering.problem import Person, Problem
from rostering.roster import Roster
from rostering.rules.base import Rule, Term, Violation, fmt_dates, history_of, people_with
from rostering.rules.timeline import status

if TYPE_CHECKING:
    from rostering.model import ModelContext

# (fixed by the input, value): value is 1 worked / 0 not worked, or a CP-SAT BoolVar
Slot = tuple[bool, Any]
ValueAt = Callable[[int], Slot | None]


def short_runs(
    n: int, k: int, kind: int, mode: str, value: ValueAt
) -> Iterator[tuple[int, int, list[tuple[Any, int]]]]:
    """Every pattern ``other, kind × j, other`` with ``1 ≤ j < k`` that the rule forbids.

    Yields ``(first index of the run, j, [(value, required), ...])``; ``value(i)`` gives the
    slot of day index ``i`` (negative: history), or ``None`` when unknown. Patterns that reach
    an unknown day, end after the period, start before it in ``"free"`` mode, or consist only
    of fixed days are skipped.

    >>> vals = {-1: (True, 0), 0: (False, 1), 1: (False, 0)}
    >>> [(i, j) for i, j, _ in short_runs(2, 2, 1, "history", vals.get)]
    [(0, 1)]
    >>> [(i, j) for i, j, _ in short_runs(2, 2, 1, "free", vals.get)]
    []
    """
    other = 1 - kind
    for j in range(1, k):
        for i in range(-k, n - j):  # the closing day i + j lies inside the period
            if mode == "free" and i < 1:
                continue
            pattern = [(i - 1, other), *((i + t, kind) for t in range(j)), (i + j, other)]
            cells: list[tuple[Any, int]] = []
            fixed = True
            for pos, req in pattern:
                slot = value(pos)
                if slot is None:
                    break
                fixed = fixed and slot[0]
                cells.append((slot[1], req))
            else:
                # a run carried in from history and ended by leave: the roster could not lengthen
                # it (judging it could make the month unsolvable), so it is not judged
                if not fixed and not (i < 0 and _fixed(value(i + j))):
                    yield i, j, cells


def _fixed(slot: Slot | None) -> bool:
    return slot is not None and slot[0]


def history_slots(problem: Problem, person: Person) -> dict[int, Slot]:
    """History days as fixed slots by (negative) day index: 1 for a shift, 0 for ``OFF``."""
    start = problem.period.start
    return {
        (d - start).days: (True, 1 if code in problem.shift_by_code else 0)
        for d, code in history_of(problem, person.staff_id).items()
        if d < start
    }


class _MinRun(Rule):
    """Shared encoding and check of the two minimum-run rules."""

    attr = ""
    kind = 1  # 1: runs of work days; 0: runs of days off

    def applies(self, problem: Problem) -> bool:
        return any(v > 1 for *_x, v in people_with(problem, self.attr))

    def encode(self, ctx: ModelContext) -> list[Term]:
        n = len(ctx.days)
        for p, person, rs, k in people_with(ctx.problem, self.attr):
            slots: dict[int, Slot] = history_slots(ctx.problem, person)
            for d in range(n):
                slots[d] = (True, 0) if (p, d) in ctx.absences else (False, ctx.work[p, d])
            for _i, _j, cells in short_runs(n, k, self.kind, rs.runs_at_edges, slots.get):
                lits = []
                for val, req in cells:
                    if isinstance(val, int):
                        if val != req:
                            break  # a constant already breaks the pattern
                        continue
                    lits.append(val.Not() if req else val)
                else:
                    ctx.model.add_bool_or(lits)
        return []

    def check(self, problem: Problem, roster: Roster) -> list[Violation]:
        out = []
        n = len(problem.days)
        for _p, person, rs, k in people_with(problem, self.attr):
            slots: dict[int, Slot] = history_slots(problem, person)
            for d, s in enumerate(status(roster, person.staff_id)):
                slots[d] = (s == "L", 1 if s == "W" else 0)
            for i, j, cells in short_runs(n, k, self.kind, rs.runs_at_edges, slots.get):
                if all(v == req for v, req in cells):
                    out.append(self._violation(problem, person, i, j, k))
        return out

    def _violation(self, problem: Problem, person: Person, i: int, j: int, k: int) -> Violation:
        start = problem.period.start
        dates = tuple(start + dt.timedelta(days=t) for t in range(i, i + j))  # history too
        what = "works" if self.kind else "is off"
        since = " counting history" if i < 0 else ""
        return Violation(
            self.key,
            True,
            f"{person.name} {what} only {j} day(s) in a row{since} ({fmt_dates(dates)}); "
            f"at least {k} required",
            person.staff_id,
            dates,
            k - j,
        )


class MinConsecutiveWork(_MinRun):
    """Every run of work days is at least ``min_consecutive_work_days`` long."""

    attr = "min_consecutive_work_days"
    kind = 1

    def __init__(self) -> None:
        super().__init__(key="min_consecutive_work_days", title="minimum work days in a row")


class MinConsecutiveOff(_MinRun):
    """Every run of days off (leave included) is at least ``min_consecutive_days_off`` long."""

    attr = "min_consecutive_days_off"
    kind = 0

    def __init__(self) -> None:
        super().__init__(key="min_consecutive_days_off", title="minimum days off in a row")
