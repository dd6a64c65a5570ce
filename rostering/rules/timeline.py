"""Per-person day sequences (history + period) that several rules read."""

from __future__ import annotations

import datetime as dt

from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.base import history_of


def worked_before(problem: Problem, staff_id: str) -> int:
    """How many days in a row the person worked right before the period starts (history.csv)."""
    hist = history_of(problem, staff_id)
    n = 0
    d = problem.period.start - dt.timedelta(days=1)
    while hist.get(d) in problem.shift_by_code:
        n += 1
        d -= dt.timedelta(days=1)
    return n


def last_history_shift(problem: Problem, staff_id: str) -> str | None:
    """The shift worked on the day before the period, if history says so."""
    code = history_of(problem, staff_id).get(problem.period.start - dt.timedelta(days=1))
    return code if code in problem.shift_by_code else None


def status(roster: Roster, staff_id: str) -> list[str]:
    """'W' worked, 'O' rest day, 'L' leave/unavailable, '?' missing — one letter per period day."""
    out = []
    for d in roster.problem.days:
        c = roster.cell(staff_id, d)
        if c is None:
            out.append("?")
        elif c.code in roster.problem.shift_by_code:
            out.append("W")
        elif c.is_leave:
            out.append("L")
        else:
            out.append("O")
    return out


def weeks(days: list[dt.date]) -> list[list[int]]:
    """Day indices grouped into Mon–Sun weeks (the first and last may be partial)."""
    out: list[list[int]] = []
    for i, d in enumerate(days):
        if not out or d.weekday() == 0:
            out.append([])
        out[-1].append(i)
    return out
