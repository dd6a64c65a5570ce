"""The output folder of a solve: roster.csv, roster_grid.csv, coverage.csv (atomic each)."""

from __future__ import annotations

from pathlib import Path

from rostering.io.writers import write_csv
from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.coverage import coverage_table


def write_roster_outputs(out: str | Path, problem: Problem, roster: Roster) -> list[Path]:
    """Write the roster files into ``out``; returns the paths written.

    Every file is complete or absent: each is written to a temporary name and renamed.

    >>> # write_roster_outputs("out/", problem, result.roster)
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    # Build every table first, so a failure leaves no partial set of files behind.
    tables = {
        "roster.csv": roster.to_frame(),
        "roster_grid.csv": roster.grid(),
        "coverage.csv": coverage_table(problem, roster),
    }
    paths = []
    for name, frame in tables.items():
        path = out / name
        write_csv(path, frame)
        paths.append(path)
    return paths
