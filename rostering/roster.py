"""A roster: one cell per person per day, and its tidy table (the contract's roster.csv)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from rostering.problem import Availability, Problem, Shift

ROSTER_COLUMNS = [
    "staff_id",
    "name",
    "date",
    "shift",
    "start",
    "end",
    "paid_hours",
    "day_type",
    "skill",
]
OFF = "OFF"
UNAVAILABLE = "UNAVAILABLE"
LEAVE_PREFIX = "LEAVE:"


def absence_cell(a: Availability | None) -> Cell:
    """The cell of a day without a shift: ``OFF``, or what a leave/unavailable row makes it.

    >>> absence_cell(None).code
    'OFF'
    """
    if a is None:
        return Cell(OFF)
    return Cell(f"{LEAVE_PREFIX}{a.leave_kind}" if a.kind == "leave" else UNAVAILABLE)


def absent_cells(problem: Problem) -> dict[tuple[str, dt.date], Cell]:
    """Cells forced by leave/unavailability in the period, as the roster writes them.

    >>> # absent_cells(problem)[("A17", date(2026, 10, 20))] -> Cell("LEAVE:sick")
    """
    out: dict[tuple[str, dt.date], Cell] = {}
    period = set(problem.days)
    for a in problem.availability:
        if a.kind in ("leave", "unavailable"):
            for d in a.dates:
                if d in period:
                    out[a.staff_id, d] = absence_cell(a)
    return out


def roster_from_shifts(problem: Problem, worked: dict[tuple[str, dt.date], Cell]) -> Roster:
    """A full roster from the worked cells: every other cell is leave, unavailable or ``OFF``.

    >>> # roster_from_shifts(problem, {("A17", date(2026, 10, 2)): Cell("D")})
    """
    cells = dict(worked)
    absent = absent_cells(problem)
    for person in problem.staff:
        for d in problem.days:
            key = (person.staff_id, d)
            if key not in cells:
                cells[key] = absent.get(key) or Cell(OFF)
    return Roster(problem, cells)


@dataclass(frozen=True)
class Cell:
    """What one person does on one day: a shift code, ``OFF``, ``LEAVE:<kind>`` or
    ``UNAVAILABLE``; ``skill`` is the skill covered that day ('' for none/any)."""

    code: str
    skill: str = ""

    @property
    def is_leave(self) -> bool:
        """Leave or unavailable: neither work nor rest."""
        return self.code == UNAVAILABLE or self.code.startswith(LEAVE_PREFIX)

    @property
    def is_off(self) -> bool:
        """A rest day."""
        return self.code == OFF

    @property
    def leave_kind(self) -> str | None:
        """The leave kind of a ``LEAVE:<kind>`` cell."""
        return self.code[len(LEAVE_PREFIX) :] if self.code.startswith(LEAVE_PREFIX) else None


class Roster:
    """The assignment of every person on every day of a problem's period.

    >>> from rostering.roster import Roster, Cell
    >>> # Roster(problem, {("A1", date): Cell("E", "presales"), ...})
    """

    def __init__(self, problem: Problem, cells: dict[tuple[str, dt.date], Cell]) -> None:
        self.problem = problem
        self.cells = cells

    def cell(self, staff_id: str, day: dt.date) -> Cell | None:
        """The cell of a person on a date (``None`` if the roster has no entry)."""
        return self.cells.get((staff_id, day))

    def shift(self, staff_id: str, day: dt.date) -> Shift | None:
        """The shift template worked, or ``None`` when not working."""
        c = self.cells.get((staff_id, day))
        return self.problem.shift_by_code.get(c.code) if c else None

    def works(self, staff_id: str, day: dt.date) -> bool:
        """True when the person works a shift that day."""
        return self.shift(staff_id, day) is not None

    def replace(self, changes: dict[tuple[str, dt.date], Cell]) -> Roster:
        """A new roster with some cells changed."""
        return Roster(self.problem, {**self.cells, **changes})

    def to_frame(self) -> pd.DataFrame:
        """The contract's roster.csv as a DataFrame, one row per person per day."""
        p = self.problem
        rows = []
        for person in p.staff:
            for d in p.days:
                c = self.cells.get((person.staff_id, d), Cell(OFF))
                s = p.shift_by_code.get(c.code)
                start = end = ""
                hours = 0.0
                if s is not None:
                    midnight = dt.datetime.combine(d, dt.time())
                    start = (midnight + dt.timedelta(minutes=s.start_min)).isoformat(
                        timespec="minutes"
                    )
                    end = (midnight + dt.timedelta(minutes=s.end_min)).isoformat(timespec="minutes")
                    hours = round(s.paid_hours, 2)
                rows.append(
                    (
                        person.staff_id,
                        person.name,
                        d.isoformat(),
                        c.code,
                        start,
                        end,
                        hours,
                        str(p.day_types[d]),
                        c.skill if s is not None else "",
                    )
                )
        return pd.DataFrame(rows, columns=ROSTER_COLUMNS)

    def grid(self) -> pd.DataFrame:
        """The 排班表: one row per person, one column per date, a shift code per cell."""
        p = self.problem
        data = []
        for person in p.staff:
            row = {"staff_id": person.staff_id, "name": person.name}
            for d in p.days:
                c = self.cells.get((person.staff_id, d), Cell(OFF))
                row[d.isoformat()] = c.code
            data.append(row)
        return pd.DataFrame(data, columns=["staff_id", "name", *[d.isoformat() for d in p.days]])
