"""A one-week problem over China's National Day (statutory holidays 1–3 Oct 2026) and rosters
for it, built by hand: what the chart and report tests draw."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes

from rostering.calendar import day_types
from rostering.problem import DemandRow, HoursBand, Period, Person, Problem, RuleSet, Shift
from rostering.roster import OFF, Cell, Roster
from rostering.timeutil import days_between

START, END = dt.date(2026, 10, 1), dt.date(2026, 10, 7)
GAP_DAY = dt.date(2026, 10, 4)


def week_problem(calendar: str = "CN") -> Problem:
    """Five people, shifts E 08–16, L 14–22 and a night N 22–06; one to two heads wanted
    08:00–22:00 every day; a 40 ± 8 h band for the week."""
    days = days_between(START, END)
    return Problem(
        period=Period(name="Week", start=START, end=END, calendar=calendar, slot_minutes=60),  # type: ignore[arg-type]
        shifts=(
            Shift(code="E", name="Early", segments=((480, 960),)),
            Shift(code="L", name="Late", segments=((840, 1320),)),
            Shift(code="N", name="Night", segments=((1320, 1800),), night=True),
        ),
        staff=tuple(Person(staff_id=s, name=f"Person {s}") for s in ("A", "B", "C", "D", "F")),
        demand=(DemandRow(row=2, days="all", start=480, end=1320, min=1, target=2),),
        rules=RuleSet(monthly_hours=HoursBand(target=40, tolerance=8)),
        leave_credit={"annual": 8.0},
        day_types=day_types(days, calendar),
    )


def full_roster(p: Problem) -> Roster:
    """A, B early and C, D late every day but one rest day each; F on nights: no gap at all."""
    plan = {"A": "E", "B": "E", "C": "L", "D": "L", "F": "N"}
    cells = {}
    for i, (sid, code) in enumerate(plan.items()):
        for k, day in enumerate(p.days):
            # rest days staggered so that a partner always covers: A/B and C/D never rest together
            rest = k == (i % 2) + 5
            cells[sid, day] = Cell(OFF if rest else code)
    return Roster(p, cells)


def with_gap(r: Roster) -> Roster:
    """The same roster with both early people off on GAP_DAY: 08:00–14:00 uncovered."""
    return r.replace({("A", GAP_DAY): Cell(OFF), ("B", GAP_DAY): Cell(OFF)})


def pixels(ax: Axes) -> np.ndarray:
    """The rendered figure as an (h, w, 3) uint8 array."""
    fig = ax.get_figure(root=True)
    assert fig is not None
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].copy()  # type: ignore[attr-defined]


def inside(ax: Axes, img: np.ndarray) -> np.ndarray:
    """The part of a rendered image within the axes' plotting area (no labels, no legend)."""
    (x0, y0), (x1, y1) = ax.bbox.get_points()
    h = img.shape[0]
    return img[int(h - y1) + 1 : int(h - y0) - 1, int(x0) + 1 : int(x1) - 1]


def reddish(img: np.ndarray) -> np.ndarray:
    """Mask of red pixels (gaps, holiday marks), excluding oranges and greys."""
    r, g, b = (img[..., i].astype(int) for i in range(3))
    return (r > 150) & (r - g > 60) & (abs(g - b) < 45)


def at(ax: Axes, img: np.ndarray, x: float, y: float) -> tuple[int, int, int]:
    """The pixel colour at data coordinates (x, y) of ``ax``."""
    px, py = ax.transData.transform((x, y))
    h = img.shape[0]
    c = img[round(float(h - py)), round(float(px))]
    return int(c[0]), int(c[1]), int(c[2])


def tiny_scenario(folder: Path) -> Path:
    """A planner folder with three people, one day shift and one head wanted: solves at once."""
    folder.mkdir()
    (folder / "scenario.toml").write_text(
        '[scenario]\nname = "Tiny"\nstart = 2026-10-05\nend = 2026-10-11\ncalendar = "none"\n'
        'slot_minutes = 60\n\n[[shifts]]\ncode = "D"\nname = "Day"\nstart = "09:00"\n'
        'end = "17:00"\n',
        encoding="utf-8",
    )
    (folder / "staff.csv").write_text(
        "staff_id,name,role,skills\nA,Ann,,\nB,Bob,,\nC,Cy,,\n", encoding="utf-8"
    )
    (folder / "demand.csv").write_text(
        "days,start,end,skill,min,target\nall,09:00,17:00,,1,1\n", encoding="utf-8"
    )
    return folder
