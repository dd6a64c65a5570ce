"""Charts show what they claim: pixels are read back and compared, not just file sizes."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import numpy as np
from matplotlib import colors
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from view_helpers import (
    GAP_DAY,
    at,
    full_roster,
    inside,
    pixels,
    reddish,
    week_problem,
    with_gap,
)

from rostering import check
from rostering.plot import (
    coverage_matrix,
    fairness_table,
    hours_table,
    plot_changes,
    plot_coverage_day,
    plot_coverage_heatmap,
    plot_fairness,
    plot_grid,
    plot_hours,
    png_bytes,
    roster_changes,
    shift_colours,
)
from rostering.problem import HistoryEntry
from rostering.roster import OFF, Cell
from rostering.rules.coverage import coverage_table


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    r, g, b = colors.to_rgb(hex_colour)
    return round(r * 255), round(g * 255), round(b * 255)


def _close(a: tuple[int, int, int], b: tuple[int, int, int], tol: int = 6) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def test_grid_cells_take_their_shift_colour_and_change_with_the_roster() -> None:
    p = week_problem()
    r = full_roster(p)
    pal = shift_colours(p)
    ax = plot_grid(r, p, codes=False)
    img = pixels(ax)
    assert len(np.unique(img.reshape(-1, 3), axis=0)) > 10
    # row 0 is A (early), row 2 is C (late), row 4 is F (nights); column 3 is 4 Oct
    assert _close(at(ax, img, 3, 0), _rgb(pal["E"]))
    assert _close(at(ax, img, 3, 2), _rgb(pal["L"]))
    assert _close(at(ax, img, 3, 4), _rgb(pal["N"]))
    assert _close(at(ax, img, 5, 0), _rgb(pal[OFF]))  # A's rest day

    changed = r.replace({("A", GAP_DAY): Cell("L")})
    ax2 = plot_grid(changed, p, codes=False)
    img2 = pixels(ax2)
    assert img.shape == img2.shape
    diff = np.any(img != img2, axis=2)
    assert diff.any()
    assert _close(at(ax2, img2, 3, 0), _rgb(pal["L"]))
    # only that cell changed: every differing pixel lies inside its box
    ys, xs = np.nonzero(diff)
    h = img.shape[0]
    (x0, y0), (x1, y1) = ax.transData.transform([(2.5, -0.5), (3.5, 0.5)])
    assert xs.min() >= min(x0, x1) - 1 and xs.max() <= max(x0, x1) + 1
    assert ys.min() >= h - max(y0, y1) - 1 and ys.max() <= h - min(y0, y1) + 1


def test_grid_marks_statutory_holidays() -> None:
    r_cn = full_roster(week_problem("CN"))
    r_plain = full_roster(week_problem("none"))
    ax_cn = plot_grid(r_cn, r_cn.problem, codes=False)
    ax_plain = plot_grid(r_plain, r_plain.problem, codes=False)
    red_cn = reddish(pixels(ax_cn)).sum()
    red_plain = reddish(pixels(ax_plain)).sum()
    assert red_plain == 0
    assert red_cn > 200  # three outlined columns and their labels
    labels = ax_cn.get_xticklabels()
    assert colors.to_hex(labels[0].get_color()) == "#c00000"  # 1 Oct, statutory
    assert colors.to_hex(labels[3].get_color()) != "#c00000"  # 4 Oct, bridged rest day


def test_coverage_heatmap_shows_a_gap_in_red_where_it_is() -> None:
    p = week_problem()
    full = full_roster(p)
    gap = with_gap(full)
    ax_full = plot_coverage_heatmap(full, p)
    ax_gap = plot_coverage_heatmap(gap, p)
    img_full, img_gap = pixels(ax_full), pixels(ax_gap)
    # inside the plotting area: the y labels of holidays are red too
    assert reddish(inside(ax_full, img_full)).sum() == 0
    assert reddish(inside(ax_gap, img_gap)).sum() > 100
    # the red is in the 4 Oct row, 08:00–13:00 columns, and not on 3 Oct
    row = p.days.index(GAP_DAY)
    labels, _spare, short = coverage_matrix(p, gap)
    for c, lab in enumerate(labels):
        red = reddish(np.array([[at(ax_gap, img_gap, c, row)]]))[0, 0]
        assert red == (lab < "14:00"), lab
        assert not reddish(np.array([[at(ax_gap, img_gap, c, row - 1)]]))[0, 0]
    assert int(short.sum()) == int(coverage_table(p, gap)["shortfall"].sum()) == 6
    assert "6 person-slots below min" in ax_gap.get_title()


def test_coverage_day_shades_the_gap_only_on_the_gap_day() -> None:
    p = week_problem()
    gap = with_gap(full_roster(p))
    assert reddish(pixels(plot_coverage_day(gap, p, GAP_DAY))).sum() > 100
    assert reddish(pixels(plot_coverage_day(gap, p, p.days[2]))).sum() == 0
    ax = plot_coverage_day(gap, p, GAP_DAY)
    img = pixels(ax)
    assert reddish(np.array([[at(ax, img, 10 * 60, 0.5)]]))[0, 0]  # 10:00, between 0 and min 1
    assert not reddish(np.array([[at(ax, img, 16 * 60, 0.5)]]))[0, 0]


def test_hours_agree_with_the_hours_rule_and_outliers_are_red() -> None:
    p = week_problem()
    r = full_roster(p)
    t = hours_table(p, r)
    assert t.set_index("staff_id").loc["A", "worked_hours"] == 48  # six 8-hour days
    assert t["within_band"].all()
    assert reddish(pixels(plot_hours(r, p))).sum() == 0
    # A off for three more days: 24 h, below the 32 h floor
    short = r.replace({("A", d): Cell(OFF) for d in p.days[:3]})
    t2 = hours_table(p, short)
    outside = set(t2.loc[~t2["within_band"], "staff_id"])
    flagged = {v.staff_id for v in check(p, short) if v.rule == "monthly_hours"}
    assert outside == flagged == {"A"}
    assert reddish(pixels(plot_hours(short, p))).sum() > 20


def test_fairness_counts_and_bars_follow_the_roster() -> None:
    p = week_problem()
    r = full_roster(p)
    t = fairness_table(p, r).set_index("staff_id")
    # F works nights on 6 of 7 days; 3–4 Oct are the weekend, 1–3 Oct statutory holidays
    assert t.loc["F", "nights"] == 6 and t.loc["A", "nights"] == 0
    assert t.loc["A", "weekends"] == 2 and t.loc["A", "holidays"] == 3
    assert t.loc["F", "nights_history"] == 0
    img = pixels(plot_fairness(r, p))
    moved = r.replace({("A", p.days[0]): Cell(OFF)})
    assert fairness_table(p, moved).set_index("staff_id").loc["A", "holidays"] == 2
    assert np.any(img != pixels(plot_fairness(moved, p)))


def test_charts_draw_into_a_given_axes_and_return_it() -> None:
    p = week_problem()
    r = full_roster(p)
    fig = Figure(figsize=(12, 8))
    FigureCanvasAgg(fig)
    axes = fig.subplots(2, 3).ravel()
    drawn = [
        plot_grid(r, p, ax=axes[0]),
        plot_coverage_day(r, p, GAP_DAY, ax=axes[1]),
        plot_coverage_heatmap(r, p, ax=axes[2]),
        plot_hours(r, p, ax=axes[3]),
        plot_fairness(r, p, ax=axes[4]),
    ]
    assert drawn == list(axes[:5])
    assert all(a.has_data() for a in drawn)
    assert png_bytes(drawn[0]).startswith(b"\x89PNG")


def test_charts_leave_pyplot_alone() -> None:
    code = (
        "import sys; sys.path.insert(0, 'tests');"
        "from view_helpers import week_problem, full_roster;"
        "from rostering.plot import plot_grid, plot_hours, png_bytes;"
        "p = week_problem(); r = full_roster(p);"
        "png_bytes(plot_grid(r, p)); png_bytes(plot_hours(r, p));"
        "print('matplotlib.pyplot' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd="."
    )
    assert out.stdout.strip() == "False"


def test_changes_chart_and_table_show_exactly_the_moved_cells() -> None:
    p = week_problem()
    before = full_roster(p)
    after = before.replace({("C", GAP_DAY): Cell("E")})
    t = roster_changes(before, after, p)
    assert t[["staff_id", "date", "before", "after"]].values.tolist() == [
        ["C", GAP_DAY.isoformat(), "L", "E"]
    ]
    assert roster_changes(before, before, p).empty
    ax = plot_changes(before, after, p)
    img = pixels(ax)
    pal = shift_colours(p)
    assert _close(at(ax, img, 2.75, 1.75), _rgb(pal["E"]))  # the changed cell, full colour
    faded = at(ax, img, 2.75, -0.25)  # A's unchanged early shift, veiled toward white
    assert not _close(faded, _rgb(pal["E"])) and min(faded) > min(_rgb(pal["E"]))
    assert "1 assignment changed" in ax.get_title()


def test_fairness_counts_history_like_the_fairness_rule() -> None:
    p = week_problem()
    night_before = HistoryEntry(staff_id="F", date=p.days[0] - dt.timedelta(days=1), shift="N")
    ph = p.replace(history=(night_before,))
    r = full_roster(ph)
    t = fairness_table(ph, r).set_index("staff_id")
    assert t.loc["F", "nights"] == 6 and t.loc["F", "nights_history"] == 1
    # the rule's own message lists the same totals (6 in the period + 1 before it)
    msgs = [v.message for v in check(ph, r) if v.rule == "fairness" and "nights" in v.message]
    assert msgs and "Person F 7" in msgs[0]
    assert np.any(pixels(plot_fairness(r, ph)) != pixels(plot_fairness(full_roster(p), p)))
