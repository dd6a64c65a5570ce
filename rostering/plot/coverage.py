"""Cover against demand: one day slot by slot, and the whole month as a heatmap with gaps in red.

Both read demand through :func:`rostering.rules.coverage_spec.needs` and count heads with
:func:`rostering.rules.coverage.scheduled_counts`, exactly as the coverage rule and coverage.csv do.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import Colormap, ListedColormap
from matplotlib.patches import Patch

from rostering.plot._common import GAP_COLOUR, HOLIDAY_COLOUR, new_axes
from rostering.problem import DayType, Problem
from rostering.roster import Roster
from rostering.rules.coverage import scheduled_counts
from rostering.rules.coverage_spec import Need, needs
from rostering.timeutil import fmt_hhmm

_SKILL_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7F7F7F")
# shades of red that stay clearly red even for a gap of one head
_GAP_CMAP = ListedColormap(["#F4A582", "#E7604A", "#D62728", "#A50F15", "#67000D"])


def _rows(problem: Problem, roster: Roster, skill: str | None) -> list[tuple[Need, int]]:
    pairs = zip(needs(problem), scheduled_counts(problem, roster), strict=True)
    return [(n, got) for n, got in pairs if skill is None or n.skill == skill]


def plot_coverage_day(
    roster: Roster,
    problem: Problem,
    day: dt.date,
    *,
    skill: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Heads scheduled against ``min`` and ``target`` for every slot of one day, one colour per
    skill; slots below the minimum are shaded red. Per-shift demand (demand.csv's ``shift``
    column) is drawn as bars when the day has no slot demand.

    >>> from rostering.plot import plot_coverage_day
    >>> ax = plot_coverage_day(result.roster, problem, dt.date(2026, 10, 1))  # doctest: +SKIP
    """
    ax = new_axes(ax, (8.0, 3.2))
    rows = [(n, got) for n, got in _rows(problem, roster, skill) if n.date == day]
    slot_rows = [(n, got) for n, got in rows if n.shift is None]
    kind = problem.day_types.get(day)
    ax.set_title(f"Coverage on {day} ({kind})" + (f", {skill}" if skill else ""), fontsize=10)
    if not slot_rows:
        return _shift_bars(ax, [(n, got) for n, got in rows if n.shift is not None])
    slot = problem.period.slot_minutes
    by_skill: dict[str, list[tuple[Need, int]]] = defaultdict(list)
    for n, got in slot_rows:
        by_skill[n.skill].append((n, got))
    lo = min(n.minute for n, _ in slot_rows)
    hi = max(n.minute for n, _ in slot_rows) + slot
    minutes = list(range(lo, hi, slot))
    gap_drawn = False
    for i, (sk, items) in enumerate(sorted(by_skill.items())):
        colour = _SKILL_COLOURS[i % len(_SKILL_COLOURS)]
        at = {n.minute: (n, got) for n, got in items}
        mins = np.array([at[m][0].min if m in at else np.nan for m in minutes], dtype=np.float64)
        tgts = np.array([at[m][0].target if m in at else np.nan for m in minutes], dtype=np.float64)
        gots = np.array([at[m][1] if m in at else np.nan for m in minutes], dtype=np.float64)
        # steps are drawn over [m, m + slot): repeat the last value so the final slot shows
        xs = np.append(minutes, hi)
        label = sk or "any skill"
        ax.step(xs, np.append(gots, gots[-1]), where="post", color=colour, lw=2, label=label)
        ax.step(xs, np.append(mins, mins[-1]), where="post", color=colour, lw=1, ls="--")
        if np.nanmax(tgts - mins, initial=0) > 0:
            ax.step(xs, np.append(tgts, tgts[-1]), where="post", color=colour, lw=1, ls=":")
        short = np.nan_to_num(gots) < np.nan_to_num(mins)
        if short.any():
            # bars, not fill_between: a one-slot gap must still show with step drawing
            gap_drawn = True
            at_gap = np.flatnonzero(short)
            ax.bar(
                np.asarray(minutes)[at_gap],
                (mins - gots)[at_gap],
                bottom=gots[at_gap],
                width=slot,
                align="edge",
                color=GAP_COLOUR,
                alpha=0.6,
                linewidth=0,
            )
    ticks = np.arange(lo - lo % 60, hi + 1, 120 if hi - lo > 8 * 60 else 60)
    ax.set_xticks(ticks, [fmt_hhmm(int(t)) for t in ticks], fontsize=7)
    ax.set_xlim(lo, hi)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("heads")
    handles, _labels = ax.get_legend_handles_labels()
    handles.append(ax.plot([], [], color="black", ls="--", lw=1, label="min")[0])
    handles.append(ax.plot([], [], color="black", ls=":", lw=1, label="target")[0])
    if gap_drawn:
        handles.append(Patch(color=GAP_COLOUR, alpha=0.6, label="below min"))
    ax.legend(handles=handles, fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.grid(axis="y", alpha=0.3)
    return ax


def _shift_bars(ax: Axes, rows: list[tuple[Need, int]]) -> Axes:
    if not rows:
        ax.text(0.5, 0.5, "no demand on this day", ha="center", va="center")
        ax.set_axis_off()
        return ax
    names = [f"{n.shift} {n.skill}".strip() for n, _ in rows]
    x = np.arange(len(rows))
    gots = [got for _, got in rows]
    ax.bar(x, gots, color=["#0072B2" if got >= n.min else GAP_COLOUR for n, got in rows])
    ax.scatter(x, [n.min for n, _ in rows], marker="_", s=400, color="black", label="min")
    ax.scatter(x, [n.target for n, _ in rows], marker="_", s=400, color="#7F7F7F", label="target")
    ax.set_xticks(x, names, fontsize=7)
    ax.set_ylabel("heads")
    ax.legend(fontsize=7)
    return ax


def coverage_matrix(
    problem: Problem, roster: Roster, *, skill: str | None = None
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Per day (rows) and slot or per-shift need (columns): heads above ``min`` and the
    shortfall below it, summed over skills; NaN spare where nothing is demanded.

    Returns (column labels, spare, shortfall).
    """
    rows = _rows(problem, roster, skill)
    slot_cols = sorted({n.minute for n, _ in rows if n.shift is None})
    shift_cols = sorted({n.shift for n, _ in rows if n.shift is not None})
    col: dict[tuple[str, object], int] = {("slot", m): i for i, m in enumerate(slot_cols)}
    col.update({("shift", s): len(slot_cols) + i for i, s in enumerate(shift_cols)})
    day_idx = {d: i for i, d in enumerate(problem.days)}
    spare = np.full((len(problem.days), len(col)), np.nan)
    short = np.zeros((len(problem.days), len(col)))
    for n, got in rows:
        if n.date not in day_idx:  # a window running past midnight of the last day
            continue
        key = ("slot", n.minute) if n.shift is None else ("shift", n.shift)
        r, c = day_idx[n.date], col[key]
        spare[r, c] = np.nan_to_num(spare[r, c]) + max(0, got - n.min)
        short[r, c] += max(0, n.min - got)
    labels = [fmt_hhmm(m) for m in slot_cols] + [str(s) for s in shift_cols]
    return labels, spare, short


def plot_coverage_heatmap(
    roster: Roster, problem: Problem, *, skill: str | None = None, ax: Axes | None = None
) -> Axes:
    """The month at a glance: one row per day, one column per slot (then per-shift needs);
    blue shows heads above the minimum, red cells are gaps (darker = more heads missing),
    grey cells have no demand. Holiday dates are labelled in red.

    >>> from rostering.plot import plot_coverage_heatmap
    >>> ax = plot_coverage_heatmap(result.roster, problem)  # doctest: +SKIP
    """
    labels, spare, short = coverage_matrix(problem, roster, skill=skill)
    days = problem.days
    ax = new_axes(ax, (max(6.0, 0.2 * len(labels) + 2.5), max(3.0, 0.22 * len(days) + 1.2)))
    if not labels:
        ax.text(0.5, 0.5, "no demand", ha="center", va="center")
        ax.set_axis_off()
        return ax
    blues = ax.imshow(
        np.ma.masked_invalid(spare),
        cmap=_with_bad("Blues", "#E0E0E0"),
        vmin=0,
        vmax=max(1.0, float(np.nanmax(spare, initial=0))),
        aspect="auto",
        interpolation="nearest",
    )
    total = int(short.sum())
    if total:
        ax.imshow(
            np.ma.masked_equal(short, 0),
            cmap=_GAP_CMAP,
            vmin=0.5,
            vmax=max(1.5, float(short.max())),
            aspect="auto",
            interpolation="nearest",
        )
    cb = ax.figure.colorbar(blues, ax=ax, fraction=0.04, pad=0.01)
    cb.set_label("heads above min", fontsize=7)
    step = max(1, len(labels) // 14)
    ax.set_xticks(range(0, len(labels), step), labels[::step], fontsize=7, rotation=90)
    ax.set_yticks(range(len(days)), [f"{d:%m-%d} {'MTWTFSS'[d.weekday()]}" for d in days])
    ax.tick_params(axis="y", labelsize=6)
    for tick, d in zip(ax.get_yticklabels(), days, strict=True):
        if problem.day_types[d] == DayType.HOLIDAY:
            tick.set_color(HOLIDAY_COLOUR)
    what = f" ({skill})" if skill else ""
    gaps = f"{total} person-slots below min" if total else "no gaps"
    ax.set_title(f"Coverage{what}: {gaps}", fontsize=10)
    if total:
        ax.legend(
            handles=[Patch(color=GAP_COLOUR, label="below min")],
            fontsize=7,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.04),
            frameon=False,
        )
    return ax


def _with_bad(name: str, bad: str) -> Colormap:
    from matplotlib import colormaps

    return colormaps[name].with_extremes(bad=bad)
