"""The output folder of a solve: roster.csv, roster_grid.csv, coverage.csv, payroll.csv and
roster.xlsx (atomic each; headers in English or Chinese, ``lang``)."""

from __future__ import annotations

from pathlib import Path

from rostering.io.lang import headers
from rostering.io.payroll_io import payroll_csv_frame
from rostering.io.writers import write_csv
from rostering.io.xlsx import write_roster_xlsx
from rostering.payroll import payroll_table
from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.coverage import coverage_table


def write_roster_outputs(
    out: str | Path, problem: Problem, roster: Roster, *, lang: str = "en"
) -> list[Path]:
    """Write the roster files into ``out``; returns the paths written.

    Every file is complete or absent: each is written to a temporary name and renamed.

    >>> # write_roster_outputs("out/", problem, result.roster, lang="zh")
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    # Build every table first, so a failure leaves no partial set of files behind.
    coverage = coverage_table(problem, roster)
    payroll = payroll_table(problem, roster)
    tables = {
        "roster.csv": roster.to_frame(),
        "roster_grid.csv": roster.grid(),
        "coverage.csv": coverage,
        "payroll.csv": payroll_csv_frame(payroll),
    }
    paths = []
    for name, frame in tables.items():
        path = out / name
        write_csv(path, frame, headers=headers(lang))
        paths.append(path)
    paths.append(
        write_roster_xlsx(
            out / "roster.xlsx", problem, roster, coverage=coverage, payroll=payroll, lang=lang
        )
    )
    return paths
