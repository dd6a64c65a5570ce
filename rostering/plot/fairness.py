"""Who carries the unpopular work: nights, weekend days and statutory holidays per person."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from rostering.plot._common import new_axes, person_label, tick_font
from rostering.problem import DayType, Problem
from rostering.roster import Roster

FAIRNESS_COLUMNS = ["staff_id", "name", "role", "nights", "weekends", "holidays"]
_KINDS = (("nights", "#0072B2"), ("weekends", "#E69F00"), ("holidays", "#C00000"))


def fairness_table(problem: Problem, roster: Roster) -> pd.DataFrame:
    """One row per person: night shifts (templates flagged ``night``, i.e. touching 22:00–06:00),
    weekend days (Saturday or Sunday) and statutory holidays worked in the period.

    >>> # fairness_table(problem, result.roster).groupby("role")["holidays"].agg(["min", "max"])
    """
    rows = []
    for person in problem.staff:
        nights = weekends = hols = 0
        for d in problem.days:
            s = roster.shift(person.staff_id, d)
            if s is None:
                continue
            nights += s.night
            weekends += d.weekday() >= 5
            hols += problem.day_types[d] == DayType.HOLIDAY
        rows.append((person.staff_id, person.name, person.role, nights, weekends, hols))
    return pd.DataFrame(rows, columns=FAIRNESS_COLUMNS)


def plot_fairness(roster: Roster, problem: Problem, *, ax: Axes | None = None) -> Axes:
    """Grouped bars per person: nights, weekend days and holidays worked. People are grouped by
    role (fairness is judged among comparable staff), with each role's mean drawn as a line.

    >>> from rostering.plot import plot_fairness
    >>> ax = plot_fairness(result.roster, problem)  # doctest: +SKIP
    """
    t = fairness_table(problem, roster).sort_values(["role", "staff_id"], kind="stable")
    ax = new_axes(ax, (max(6.0, 0.3 * len(t) + 2.0), 3.4))
    x = np.arange(len(t))
    width = 0.27
    for i, (kind, colour) in enumerate(_KINDS):
        ax.bar(x + (i - 1) * width, t[kind], width=width, color=colour, label=kind)
    # role means: a fair roster keeps each bar near its role's line
    for _role, where in t.groupby("role", sort=False).indices.items():
        idx = np.asarray(where)
        lo, hi = idx.min() - 0.45, idx.max() + 0.45
        for kind, colour in _KINDS:
            mean = float(t[kind].iloc[idx].mean())
            if mean:
                ax.plot([lo, hi], [mean, mean], color=colour, lw=0.8, ls="--", alpha=0.8)
    people = [problem.person_by_id[s] for s in t["staff_id"]]
    ax.set_xticks(
        x,
        [person_label(p) for p in people],
        fontsize=min(6.0, tick_font(ax, len(people), "x")),
        rotation=90,
    )
    ax.set_ylabel("days")
    spread = {k: int(t[k].max() - t[k].min()) if len(t) else 0 for k, _ in _KINDS}
    ax.set_title(
        "Fairness (max − min): " + ", ".join(f"{k} {v}" for k, v in spread.items()), fontsize=10
    )
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(axis="y", alpha=0.3)
    return ax
