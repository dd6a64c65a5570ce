"""Benchmarks: solve a Curtois–Qu instance with the product and score it with the product's check.

The score of a roster is the sum of ``check``'s soft penalties — the very objective the planner
sees — so a benchmark number is a claim about the product, not about a special model.

>>> from rostering.bench import run_curtois
>>> run = run_curtois("../shared/benchmarks/curtois/instances/Instance1.txt", 10)  # doctest: +SKIP
>>> run.objective, run.hard  # doctest: +SKIP
(607.0, [])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from rostering.check import check, hard_violations, penalties
from rostering.errors import InputError
from rostering.io.curtois import load_curtois
from rostering.io.writers import write_csv
from rostering.lns import solve_lns
from rostering.problem import Problem
from rostering.roster import (
    Cell,
    Roster,
    roster_from_shifts,
)
from rostering.rules import Violation
from rostering.solve import Progress, Result, solve

SOLUTION_COLUMNS = ["employee", "day", "shift"]


@dataclass
class BenchRun:
    """One solved instance: the solver's view and the product check's view of the roster."""

    problem: Problem
    result: Result
    objective: float | None = None  # sum of check's soft penalties (None: no roster)
    hard: list[Violation] = field(default_factory=list)

    @property
    def gap(self) -> float | None:
        """The solver's relative gap (0 when proven optimal)."""
        return self.result.gap


def score(problem: Problem, roster: Roster) -> tuple[float, list[Violation]]:
    """(the product's objective for ``roster``, its hard violations), read by ``check``.

    >>> # objective, hard = score(problem, roster); assert not hard
    """
    violations = check(problem, roster)
    return round(sum(penalties(violations).values()), 6), hard_violations(violations)


def run_curtois(
    instance: str | Path,
    time_limit: float,
    *,
    workers: int = 2,
    seed: int = 0,
    lns: bool = True,
    on_progress: Callable[[Progress], None] | None = None,
) -> BenchRun:
    """Import, solve and score one instance file (see the module docstring).

    ``lns`` (default) uses :func:`rostering.lns.solve_lns`; ``False`` the plain
    :func:`rostering.solve.solve` (one CP-SAT run), for comparison.
    """
    problem = load_curtois(instance)
    how = solve_lns if lns else solve
    result = how(
        problem, time_limit=time_limit, workers=workers, seed=seed, on_progress=on_progress
    )
    run = BenchRun(problem, result)
    if result.roster is not None:
        run.objective, run.hard = score(problem, result.roster)
    return run


def solution_frame(problem: Problem, roster: Roster) -> pd.DataFrame:
    """``employee,day,shift`` rows: 0-based days, days off (and hard days off) omitted.

    >>> # solution_frame(problem, roster).head(1) -> employee A, day 1, shift D
    """
    start: dt.date = problem.period.start
    rows = []
    for person in problem.staff:
        for d in problem.days:
            s = roster.shift(person.staff_id, d)
            if s is not None:
                rows.append((person.staff_id, (d - start).days, s.code))
    return pd.DataFrame(rows, columns=SOLUTION_COLUMNS)


def write_solution(path: str | Path, problem: Problem, roster: Roster) -> None:
    """Write the solution file atomically (no BOM: it is read by scorers, not spreadsheets)."""
    write_csv(Path(path), solution_frame(problem, roster), bom=False)


def read_solution(path: str | Path, problem: Problem) -> Roster:
    """Read an ``employee,day,shift`` solution file (0-based days, days off omitted) back into a
    :class:`Roster` of ``problem``, so ``check`` can score a written file.

    >>> # roster = read_solution("Instance1.csv", load_curtois("Instance1.txt"))
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError):
        raise InputError(path.name, "an existing employee,day,shift CSV file") from None
    days = problem.days
    cells: dict[tuple[str, dt.date], Cell] = {}
    for number, text in enumerate(lines, start=1):
        f = [x.strip() for x in text.split(",")]
        if not text.strip() or (number == 1 and f[:3] == ["employee", "day", "shift"]):
            continue
        if len(f) != 3:
            raise InputError(path.name, "3 fields: employee,day,shift", row=number, value=text)
        sid, day, code = f
        if sid not in problem.person_by_id:
            raise InputError(path.name, "a staff id", row=number, column="employee", value=sid)
        if not day.isdigit() or int(day) >= len(days):
            raise InputError(
                path.name, f"a day 0..{len(days) - 1}", row=number, column="day", value=day
            )
        if code not in problem.shift_by_code:
            raise InputError(path.name, "a shift id", row=number, column="shift", value=code)
        key = (sid, days[int(day)])
        if key in cells:
            raise InputError(path.name, "one shift a day", row=number, column="day", value=day)
        cells[key] = Cell(code)
    return roster_from_shifts(problem, cells)
