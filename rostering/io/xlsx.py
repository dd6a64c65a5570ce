"""roster.xlsx: the 排班表 grid (a colour per shift, holidays shaded, a legend), the long roster,
coverage and payroll, with the same values as the CSV files and the same formula neutralisation.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from rostering.io.lang import header, sheet_title, weekday
from rostering.io.writers import atomic_write_bytes, safe_text
from rostering.payroll import MONEY_COLUMNS
from rostering.problem import DayType, Problem
from rostering.roster import OFF, UNAVAILABLE, Roster

# Light, distinguishable fills for shift codes (cycled); text stays black and readable.
_PALETTE = (
    "BDD7EE",  # blue
    "C6EFCE",  # green
    "FFE699",  # amber
    "F4B084",  # orange
    "D9B3FF",  # violet
    "9DC3E6",  # steel
    "A9D08E",  # olive
    "FFD1DC",  # pink
)
_NIGHT = "8EA9DB"
_LEAVE = "FFF2CC"
_UNAVAILABLE = "D9D9D9"
_HOLIDAY = "FF9999"  # statutory holiday columns: premium pay
_RESTDAY = "EDEDED"
_MAKEUP = "FFE4B5"
_BOLD = Font(bold=True)

_DAY_LEGEND = {
    "en": {
        DayType.HOLIDAY: "statutory holiday (300 % pay)",
        DayType.RESTDAY: "rest day (weekend or bridged holiday)",
        DayType.MAKEUP: "make-up workday (调休上班)",
        "leave": "leave (credited hours)",
        "unavailable": "unavailable (no credit)",
        "off": "rest day",
        "legend": "legend",
    },
    "zh": {
        DayType.HOLIDAY: "法定节假日（300% 工资）",
        DayType.RESTDAY: "休息日（周末或调休）",
        DayType.MAKEUP: "调休上班日",
        "leave": "请假（计薪工时）",
        "unavailable": "不可排班（不计薪）",
        "off": "休息",
        "legend": "图例",
    },
}


def _fill(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


def shift_colours(problem: Problem) -> dict[str, str]:
    """Fill colour (RGB hex) per shift code; night shifts share a darker blue.

    >>> # shift_colours(problem) -> {'E': 'BDD7EE', 'M': 'C6EFCE', 'L': 'FFE699'}
    """
    out = {}
    for i, s in enumerate(problem.shifts):
        out[s.code] = _NIGHT if s.night else _PALETTE[i % len(_PALETTE)]
    return out


def _day_fill(day_type: DayType) -> PatternFill | None:
    colour = {DayType.HOLIDAY: _HOLIDAY, DayType.RESTDAY: _RESTDAY, DayType.MAKEUP: _MAKEUP}
    rgb = colour.get(day_type)
    return _fill(rgb) if rgb else None


def _cell_value(v: Any) -> Any:
    """Plain Python values for openpyxl; text formula-safe exactly as in the CSV files."""
    if hasattr(v, "item"):  # numpy scalar
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    return safe_text(v)


def _table_sheet(ws: Worksheet, frame: pd.DataFrame, lang: str) -> None:
    ws.append([safe_text(header(str(c), lang)) for c in frame.columns])
    for cell in ws[1]:
        cell.font = _BOLD
    for row in frame.itertuples(index=False):
        ws.append([_cell_value(v) for v in row])
    for i, col in enumerate(frame.columns, start=1):
        if col in MONEY_COLUMNS:
            for (c,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                c.number_format = "0.00"
        width = max([len(str(header(str(col), lang))) * 2, 10])
        ws.column_dimensions[get_column_letter(i)].width = min(width, 24)
    ws.freeze_panes = "A2"


def _grid_sheet(ws: Worksheet, problem: Problem, roster: Roster, lang: str) -> None:
    grid = roster.grid()
    days = problem.days
    first = 3  # first date column
    ws.append([safe_text(header(str(c), lang)) for c in grid.columns])
    ws.append(["", "", *(weekday(d, lang) for d in days)])
    for cell in [*ws[1], *ws[2]]:
        cell.font = _BOLD
        cell.alignment = Alignment(horizontal="center")
    for j, d in enumerate(days):
        fill = _day_fill(problem.day_types[d])
        if fill is not None:
            ws.cell(row=1, column=first + j).fill = fill
            ws.cell(row=2, column=first + j).fill = fill
    colours = shift_colours(problem)
    for row in grid.itertuples(index=False):
        ws.append([_cell_value(v) for v in row])
        r = ws.max_row
        for j, d in enumerate(days):
            c = ws.cell(row=r, column=first + j)
            code = row[first - 1 + j]
            c.alignment = Alignment(horizontal="center")
            if code in colours:
                c.fill = _fill(colours[code])
            elif code == UNAVAILABLE:
                c.fill = _fill(_UNAVAILABLE)
            elif str(code).startswith("LEAVE:"):
                c.fill = _fill(_LEAVE)
            elif (fill := _day_fill(problem.day_types[d])) is not None:
                c.fill = fill  # a rest cell keeps the day's shading, so holiday columns read as one
    ws.freeze_panes = ws.cell(row=3, column=first)
    ws.column_dimensions["A"].width = 10
    ws.column_dimensions["B"].width = 12
    for j in range(len(days)):
        ws.column_dimensions[get_column_letter(first + j)].width = 11
    _legend(ws, problem, lang, ws.max_row + 2)


def _legend(ws: Worksheet, problem: Problem, lang: str, top: int) -> None:
    words = _DAY_LEGEND[lang]
    ws.cell(row=top, column=1, value=words["legend"]).font = _BOLD
    for j, key in enumerate(("code", "meaning", "time", "hours"), start=1):
        ws.cell(row=top + 1, column=j, value=header(key, lang)).font = _BOLD
    r = top + 2
    colours = shift_colours(problem)
    for s in problem.shifts:
        ws.cell(row=r, column=1, value=safe_text(s.code)).fill = _fill(colours[s.code])
        ws.cell(row=r, column=2, value=safe_text(s.name))
        ws.cell(row=r, column=3, value=s.label().split(" ", 1)[1])
        ws.cell(row=r, column=4, value=round(s.paid_hours, 2))
        r += 1
    extra: list[tuple[str, str, str | None]] = [
        (OFF, words["off"], None),
        ("LEAVE:…", words["leave"], _LEAVE),
        (UNAVAILABLE, words["unavailable"], _UNAVAILABLE),
        ("", words[DayType.HOLIDAY], _HOLIDAY),
        ("", words[DayType.RESTDAY], _RESTDAY),
        ("", words[DayType.MAKEUP], _MAKEUP),
    ]
    for code, meaning, rgb in extra:
        c = ws.cell(row=r, column=1, value=code or None)
        if rgb:
            c.fill = _fill(rgb)
        ws.cell(row=r, column=2, value=meaning)
        r += 1


def roster_workbook(
    problem: Problem,
    roster: Roster,
    *,
    coverage: pd.DataFrame | None = None,
    payroll: pd.DataFrame | None = None,
    lang: str = "en",
) -> Workbook:
    """The roster.xlsx workbook: grid (排班表), long roster, coverage and payroll sheets.

    >>> # roster_workbook(problem, roster, payroll=payroll_table(problem, roster)).sheetnames
    """
    wb = Workbook()
    grid_ws = wb.active
    assert grid_ws is not None
    grid_ws.title = sheet_title("grid", lang)
    _grid_sheet(grid_ws, problem, roster, lang)
    _table_sheet(wb.create_sheet(sheet_title("roster", lang)), roster.to_frame(), lang)
    if coverage is not None:
        _table_sheet(wb.create_sheet(sheet_title("coverage", lang)), coverage, lang)
    if payroll is not None:
        _table_sheet(wb.create_sheet(sheet_title("payroll", lang)), payroll, lang)
    return wb


def write_roster_xlsx(
    path: str | Path,
    problem: Problem,
    roster: Roster,
    *,
    coverage: pd.DataFrame | None = None,
    payroll: pd.DataFrame | None = None,
    lang: str = "en",
) -> Path:
    """Write roster.xlsx atomically (complete or absent).

    >>> # write_roster_xlsx("out/roster.xlsx", problem, roster, payroll=table, lang="zh")
    """
    path = Path(path)
    wb = roster_workbook(problem, roster, coverage=coverage, payroll=payroll, lang=lang)
    buf = io.BytesIO()
    wb.save(buf)
    atomic_write_bytes(path, buf.getvalue())
    return path
