"""Charts of a roster, one function per chart: ``(roster, problem, ..., ax=None) -> Axes``.

Every function draws into ``ax`` when given (so charts compose into a planner's own figure), or
into a new Agg figure otherwise; nothing touches ``matplotlib.pyplot``'s global state.

>>> from rostering.plot import plot_grid, png_bytes
>>> ax = plot_grid(result.roster, problem)  # doctest: +SKIP
>>> open("grid.png", "wb").write(png_bytes(ax))  # doctest: +SKIP
"""

from rostering.plot._common import png_bytes, shift_colours
from rostering.plot.compare import plot_changes, roster_changes
from rostering.plot.coverage import coverage_matrix, plot_coverage_day, plot_coverage_heatmap
from rostering.plot.fairness import fairness_table, plot_fairness
from rostering.plot.grid import plot_grid
from rostering.plot.hours import hours_table, plot_hours

__all__ = [
    "coverage_matrix",
    "fairness_table",
    "hours_table",
    "plot_changes",
    "plot_coverage_day",
    "plot_coverage_heatmap",
    "plot_fairness",
    "plot_grid",
    "plot_hours",
    "png_bytes",
    "roster_changes",
    "shift_colours",
]
