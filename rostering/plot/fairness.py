"""Who carries the unpopular work: nights, weekend days and statutory holidays per person.

Counted exactly as the fairness rule counts them (:data:`rostering.rules.fairness.BURDENS`),
history.csv days included, so the chart shows the spreads the objective pays for.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from rostering.plot._common import new_axes, person_label, tick_font
from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.fairness import BURDENS, history_counts

# column name -> the fairness rule's burden name
KINDS = {"nights": "nights", "weekends": "weekend days", "holidays": "holidays"}
FAIRNESS_COLUMNS = [
    "staff_id",
    "name",
    "role",
    *KINDS,
    *(f"{k}_history" for k in KINDS),
]
_COLOURS = {"nights": "#0072B2", "weekends": "#E69F00", "holidays": "#C00000"}


def fairness_table(problem: Problem, roster: Roster) -> pd.DataFrame:
    """One row per person: night shifts, weekend days (Saturday or Sunday) and statutory holidays
    worked in the period, and the same counts from history.csv (``*_history``) that the
    fairness rule adds before comparing people of one role.

    >>> # fairness_table(problem, result.roster).groupby("role")["holidays"].agg(["min", "max"])
    """
    rows = []
    for person in problem.staff:
        counts = dict.fromkeys(KINDS, 0)
        for d in problem.days:
            s = roster.shift(person.staff_id, d)
            if s is None:
                continue
            for col, burden in KINDS.items():
                counts[col] += BURDENS[burden](d, problem.day_types[d], s)
        hist = history_counts(problem, person)
        rows.append(
            (
                person.staff_id,
                person.name,
                person.role,
                *counts.values(),
                *(hist[b] for b in KINDS.values()),
            )
        )
    return pd.DataFrame(rows, columns=FAIRNESS_COLUMNS)


def plot_fairness(roster: Roster, problem: Problem, *, ax: Axes | None = None) -> Axes:
    """Grouped bars per person: nights, weekend days and holidays worked (history.csv days
    stacked on top, hatched). People are grouped by role, since fairness is judged among
    comparable staff, with each role's mean drawn as a dashed line.

    >>> from rostering.plot import plot_fairness
    >>> ax = plot_fairness(result.roster, problem)  # doctest: +SKIP
    """
    t = fairness_table(problem, roster).sort_values(["role", "staff_id"], kind="stable")
    ax = new_axes(ax, (max(6.0, 0.3 * len(t) + 2.0), 3.4))
    x = np.arange(len(t))
    width = 0.27
    for i, (kind, colour) in enumerate(_COLOURS.items()):
        at = x + (i - 1) * width
        ax.bar(at, t[kind], width=width, color=colour, label=kind)
        hist = t[f"{kind}_history"]
        if hist.any():
            ax.bar(
                at,
                hist,
                bottom=t[kind],
                width=width,
                color="white",
                edgecolor=colour,
                hatch="///",
                linewidth=0.5,
            )
    totals = {k: t[k] + t[f"{k}_history"] for k in _COLOURS}
    # role means: a fair roster keeps each bar near its role's line
    for _role, where in t.groupby("role", sort=False).indices.items():
        idx = np.asarray(where)
        lo, hi = idx.min() - 0.45, idx.max() + 0.45
        for kind, colour in _COLOURS.items():
            mean = float(totals[kind].iloc[idx].mean())
            if mean:
                ax.plot([lo, hi], [mean, mean], color=colour, lw=0.8, ls="--", alpha=0.8)
    people = [problem.person_by_id[s] for s in t["staff_id"]]
    font = min(6.0, tick_font(ax, len(people), "x"))
    ax.set_xticks(x, [person_label(p) for p in people], fontsize=font, rotation=90)
    ax.set_ylabel("days")
    spread = {
        k: int(max(v.max() - v.min() for _, v in totals[k].groupby(t["role"]))) if len(t) else 0
        for k in _COLOURS
    }
    ax.set_title(
        "Fairness, largest spread within a role: "
        + ", ".join(f"{k} {v}" for k, v in spread.items()),
        fontsize=10,
    )
    handles, _labels = ax.get_legend_handles_labels()
    if any(t[f"{k}_history"].any() for k in _COLOURS):
        handles.append(Patch(facecolor="white", edgecolor="grey", hatch="///", label="history"))
    ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(axis="y", alpha=0.3)
    return ax
