"""Paid hours per person against their monthly band (rules/hours.py's band, leave included)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from rostering.plot._common import GAP_COLOUR, LEAVE_COLOUR, new_axes, person_label, tick_font
from rostering.problem import Problem
from rostering.roster import Roster
from rostering.rules.hours import band_minutes, leave_minutes

BAND_COLOUR = "#D9D9D9"
HOURS_COLUMNS = [
    "staff_id",
    "name",
    "worked_hours",
    "leave_hours",
    "total_hours",
    "band_min",
    "band_max",
    "within_band",
]


def hours_table(problem: Problem, roster: Roster) -> pd.DataFrame:
    """One row per person: worked and leave-credited hours, the band they must lie in (after the
    leave deficit, as the hours rule computes it; NaN when no band applies) and whether they do.

    >>> # hours_table(problem, result.roster).query("not within_band")
    """
    rows = []
    for person in problem.staff:
        worked = 0
        for d in problem.days:
            s = roster.shift(person.staff_id, d)
            worked += s.paid_minutes if s is not None else 0
        credit, _deficit = leave_minutes(problem, person)
        band = band_minutes(problem, person, problem.rules_for(person))
        lo = band[0] / 60 if band else np.nan
        hi = band[1] / 60 if band and band[1] < 10**9 else np.nan
        total = (worked + credit) / 60
        inside = (np.isnan(lo) or total >= lo - 1e-9) and (np.isnan(hi) or total <= hi + 1e-9)
        rows.append(
            (person.staff_id, person.name, worked / 60, credit / 60, total, lo, hi, bool(inside))
        )
    return pd.DataFrame(rows, columns=HOURS_COLUMNS)


def plot_hours(roster: Roster, problem: Problem, *, ax: Axes | None = None) -> Axes:
    """Hours per person against their band: the band is a grey bar, the dot is worked hours plus
    leave credit (green stretch), red when outside the band.

    >>> from rostering.plot import plot_hours
    >>> ax = plot_hours(result.roster, problem)  # doctest: +SKIP
    """
    t = hours_table(problem, roster)
    ax = new_axes(ax, (7.0, max(2.5, 0.22 * len(t) + 1.2)))
    y = np.arange(len(t))
    # the band as a grey bar; a dot-and-range view keeps a few hours' difference visible where
    # bars from zero would flatten everyone to the same length
    lo = t["band_min"].fillna(0.0)
    hi = t["band_max"].fillna(t["total_hours"].max())
    has_band = t["band_min"].notna() | t["band_max"].notna()
    ax.barh(y[has_band], (hi - lo)[has_band], left=lo[has_band], color=BAND_COLOUR, height=0.7)
    ax.hlines(y, t["worked_hours"], t["total_hours"], color=LEAVE_COLOUR, lw=4)
    colours = ["#0072B2" if ok else GAP_COLOUR for ok in t["within_band"]]
    ax.scatter(t["total_hours"], y, c=colours, s=22, zorder=3)
    ax.scatter(t["worked_hours"], y, color="#0072B2", marker="|", s=40, zorder=3)
    people = [problem.person_by_id[s] for s in t["staff_id"]]
    ax.set_yticks(y, [person_label(p) for p in people], fontsize=tick_font(ax, len(people)))
    ax.set_ylim(len(t) - 0.5, -0.5)
    ax.set_xlabel("paid hours (worked + leave credit)")
    outside = int((~t["within_band"]).sum())
    ax.set_title(
        "Hours against the band" + (f": {outside} outside" if outside else ": all inside"),
        fontsize=10,
    )
    handles = [
        Patch(color=BAND_COLOUR, label="band"),
        Line2D([], [], color="#0072B2", marker="o", ls="", label="total (inside)"),
        Line2D([], [], color=LEAVE_COLOUR, lw=4, label="leave credit"),
    ]
    if outside:
        handles.append(Line2D([], [], color=GAP_COLOUR, marker="o", ls="", label="total (outside)"))
    ax.legend(
        handles=handles,
        fontsize=7,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
    )
    ax.grid(axis="x", alpha=0.3)
    return ax
