"""The roster as a picture: people × days, one colour per shift, holidays marked."""

from __future__ import annotations

import datetime as dt

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.patches import Patch, Rectangle

from rostering.plot._common import (
    HOLIDAY_COLOUR,
    LEAVE_COLOUR,
    MISSING_COLOUR,
    code_colour,
    drawable,
    new_axes,
    person_label,
    shift_colours,
    tick_font,
)
from rostering.problem import DayType, Problem
from rostering.roster import OFF, UNAVAILABLE, Roster

_REST_TICK = "#7F7F7F"


def plot_grid(
    roster: Roster, problem: Problem, *, codes: bool = True, ax: Axes | None = None
) -> Axes:
    """Draw the 排班表: one row per person, one column per date, cells coloured by shift code.

    Statutory holidays are outlined in red with red date labels, rest days (weekends and
    bridged days) have grey labels, make-up workdays are labelled ``*``. With ``codes`` the shift
    code is written in each worked cell when the grid is small enough to read.

    >>> from rostering.plot import plot_grid
    >>> ax = plot_grid(result.roster, problem)  # doctest: +SKIP
    >>> ax.figure.savefig("grid.png")  # doctest: +SKIP
    """
    days = problem.days
    staff = problem.staff
    ax = new_axes(ax, (max(6.0, 0.32 * len(days) + 2.5), max(2.5, 0.28 * len(staff) + 1.5)))
    colours = shift_colours(problem)
    # one colour index per distinct code seen, in a stable order: shifts, OFF, leave, other
    order = [s.code for s in problem.shifts] + [OFF, "LEAVE", UNAVAILABLE, ""]
    palette = [code_colour(colours, c) for c in order[:-3]] + [
        LEAVE_COLOUR,
        colours[UNAVAILABLE],
        MISSING_COLOUR,
    ]
    index = {c: i for i, c in enumerate(order)}
    grid = np.empty((len(staff), len(days)), dtype=int)
    labels: list[list[str]] = []
    for r, person in enumerate(staff):
        row_labels = []
        for c, d in enumerate(days):
            cell = roster.cell(person.staff_id, d)
            code = cell.code if cell is not None else ""
            key = "LEAVE" if code.startswith("LEAVE:") else code
            grid[r, c] = index.get(key, index[""])
            row_labels.append(code if code in problem.shift_by_code else "")
        labels.append(row_labels)
    cmap = ListedColormap(palette)
    norm = BoundaryNorm(np.arange(len(palette) + 1) - 0.5, len(palette))
    ax.imshow(grid, cmap=cmap, norm=norm, aspect="auto", interpolation="nearest")
    # thin white lines between cells keep neighbouring equal shifts countable
    ax.set_xticks(np.arange(-0.5, len(days), 1), minor=True)
    ax.set_yticks(np.arange(-0.5, len(staff), 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    ax.set_yticks(
        range(len(staff)),
        [person_label(p) for p in staff],
        fontsize=tick_font(ax, len(staff)),
    )
    ax.set_xticks(range(len(days)), [_day_label(problem, d) for d in days], fontsize=7)
    for tick, d in zip(ax.get_xticklabels(), days, strict=True):
        kind = problem.day_types[d]
        if kind == DayType.HOLIDAY:
            tick.set_color(HOLIDAY_COLOUR)
            tick.set_fontweight("bold")
        elif kind == DayType.RESTDAY:
            tick.set_color(_REST_TICK)
    for c, d in enumerate(days):
        if problem.day_types[d] == DayType.HOLIDAY:
            ax.add_patch(
                Rectangle(
                    (c - 0.5, -0.5),
                    1,
                    len(staff),
                    fill=False,
                    edgecolor=HOLIDAY_COLOUR,
                    linewidth=1.6,
                    zorder=3,
                )
            )
    if codes and len(staff) * len(days) <= 2500:
        for r, row_labels in enumerate(labels):
            for c, text in enumerate(row_labels):
                if text and drawable(text):
                    ax.text(c, r, text, ha="center", va="center", fontsize=6, color="black")
    ax.set_xlim(-0.5, len(days) - 0.5)
    ax.set_ylim(len(staff) - 0.5, -0.5)
    ax.set_title(problem.period.name or "Roster", fontsize=10)
    ax.legend(
        handles=_legend(problem, colours),
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=7,
        frameon=False,
    )
    return ax


def _day_label(problem: Problem, d: dt.date) -> str:
    mark = "*" if problem.day_types[d] == DayType.MAKEUP else ""
    return f"{d.day}{mark}\n{'MTWTFSS'[d.weekday()]}"


def _legend(problem: Problem, colours: dict[str, str]) -> list[Patch]:
    out = []
    for s in problem.shifts:
        label = s.label() if not s.name or not drawable(s.name) else f"{s.label()} {s.name}"
        out.append(Patch(facecolor=colours[s.code], label=label))
    out.append(Patch(facecolor=colours[OFF], edgecolor="#BBBBBB", label="OFF (rest)"))
    out.append(Patch(facecolor=LEAVE_COLOUR, label="leave"))
    out.append(Patch(facecolor=colours[UNAVAILABLE], label="unavailable"))
    if DayType.HOLIDAY in problem.day_types.values():
        out.append(
            Patch(fill=False, edgecolor=HOLIDAY_COLOUR, linewidth=1.6, label="statutory holiday")
        )
    return out
