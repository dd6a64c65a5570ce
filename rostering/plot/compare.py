"""Two rosters of the same problem side by side: which cells changed (a replan, another seed)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from rostering.plot.grid import plot_grid
from rostering.problem import Problem
from rostering.roster import OFF, Roster

CHANGE_COLUMNS = ["staff_id", "name", "date", "before", "after"]


def roster_changes(before: Roster, after: Roster, problem: Problem) -> pd.DataFrame:
    """Every person-day whose code or covered skill differs, in staff and date order.

    >>> # roster_changes(old, new, problem) -> staff_id, name, date, before, after
    """
    rows = []
    for person in problem.staff:
        for d in problem.days:
            a = before.cell(person.staff_id, d)
            b = after.cell(person.staff_id, d)
            if a != b:
                rows.append((person.staff_id, person.name, d.isoformat(), _show(a), _show(b)))
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def _show(cell: object) -> str:
    code = getattr(cell, "code", OFF)
    skill = getattr(cell, "skill", "")
    return f"{code}/{skill}" if skill else str(code)


def plot_changes(
    before: Roster, after: Roster, problem: Problem, *, ax: Axes | None = None
) -> Axes:
    """The ``after`` roster as a grid with every unchanged cell faded and every changed cell
    outlined in black, so a planner sees at a glance how much a replan moved.

    >>> from rostering.plot import plot_changes
    >>> ax = plot_changes(old, new, problem)  # doctest: +SKIP
    """
    ax = plot_grid(after, problem, ax=ax)
    staff, days = problem.staff, problem.days
    changed = np.zeros((len(staff), len(days)), dtype=bool)
    for r, person in enumerate(staff):
        for c, d in enumerate(days):
            changed[r, c] = before.cell(person.staff_id, d) != after.cell(person.staff_id, d)
    veil = np.zeros((len(staff), len(days), 4))
    veil[..., :3] = 1.0
    veil[..., 3] = np.where(changed, 0.0, 0.7)
    ax.imshow(
        veil,
        extent=(-0.5, len(days) - 0.5, len(staff) - 0.5, -0.5),
        aspect="auto",
        interpolation="nearest",
        zorder=2,
    )
    for r, c in zip(*np.nonzero(changed), strict=True):
        ax.add_patch(
            Rectangle((c - 0.5, r - 0.5), 1, 1, fill=False, edgecolor="black", lw=1.5, zorder=4)
        )
    n = int(changed.sum())
    ax.set_title(
        f"{problem.period.name or 'Roster'}: {n} assignment{'s' if n != 1 else ''} changed",
        fontsize=10,
    )
    return ax
