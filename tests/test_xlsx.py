"""roster.xlsx: opens with openpyxl, holds what the CSV files hold, formula-safe, styled grid."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from helpers import avail, cells, demand, person, shift
from openpyxl import load_workbook
from pay_helpers import cn_problem

from rostering.io.outputs import write_roster_outputs
from rostering.problem import PayPolicy

E = shift("E", "08:00", "16:30", breaks=[("12:00", "12:30")])
M = shift("M", "12:00", "20:00", breaks=[("16:00", "16:30")])
NAMES = ["=HYPERLINK(1)", "+1+1", "-2", "@SUM(A1)", "王芳"]
DAYS = 10  # Oct 1–10 2026: statutory 1–3, rest 4–7, workdays 8–9, make-up 10


@pytest.fixture
def out(tmp_path: Path) -> Path:
    staff = [
        person(f"P{i}", base_wage=6000, performance_wage=2000, name=n) for i, n in enumerate(NAMES)
    ]
    p = cn_problem(
        dt.date(2026, 10, 1),
        dt.date(2026, 10, DAYS),
        staff=staff,
        shifts=[E, M],
        pay=PayPolicy(day_divisor=24),
        availability=[avail("P4", dt.date(2026, 10, 8), leave_kind="annual")],
        demand_rows=[demand("all", "08:00", "16:00", min=2)],
    )
    r = cells(
        p,
        P0="E E E - - - - E E E",
        P1="M M - - E E - E E E",
        P2="- - - E E M M M - E",
        P3="E - E - E - E - E -",
        P4="M M M M M - - L:annual M M",
    )
    write_roster_outputs(tmp_path, p, r)
    return tmp_path


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str)


def _sheet(path: Path, name: str) -> pd.DataFrame:
    frame = pd.read_excel(path, sheet_name=name, dtype=object, keep_default_na=False)
    return frame.map(_text)


def _text(v: object) -> str:
    """A cell as the CSV writes it (numbers without trailing zeros)."""
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".")
    return "" if v is None else str(v)


def test_workbook_sheets(out: Path) -> None:
    wb = load_workbook(out / "roster.xlsx")
    assert wb.sheetnames == ["排班表", "roster", "coverage", "payroll"]


@pytest.mark.parametrize(("sheet", "csv"), [("roster", "roster.csv"), ("coverage", "coverage.csv")])
def test_long_sheets_hold_the_csv(out: Path, sheet: str, csv: str) -> None:
    got, want = _sheet(out / "roster.xlsx", sheet), _csv(out / csv)
    assert list(got.columns) == list(want.columns)
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want, check_dtype=False)


def test_payroll_sheet_holds_payroll_csv(out: Path) -> None:
    got, want = _sheet(out / "roster.xlsx", "payroll"), _csv(out / "payroll.csv")
    money = ["holiday_premium", "overtime_pay"]
    for col in money:  # the CSV writes money as 1000.00, the sheet as a number shown 0.00
        want[col] = [_text(float(v)) for v in want[col]]
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    ws = load_workbook(out / "roster.xlsx")["payroll"]
    assert ws.cell(row=2, column=9).number_format == "0.00"
    assert ws.cell(row=2, column=9).value == 3 * 8000 / 24 * 3  # P0 worked Oct 1–3


def test_grid_sheet(out: Path) -> None:
    ws = load_workbook(out / "roster.xlsx")["排班表"]
    grid = _csv(out / "roster_grid.csv")
    header = [c.value for c in ws[1]][: len(grid.columns)]
    assert header == list(grid.columns)
    weekdays = [c.value for c in ws[2]][2 : 2 + DAYS]
    assert weekdays == ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    for i, want in enumerate(grid.itertuples(index=False), start=3):
        got = [_text(c.value) for c in ws[i]][: len(grid.columns)]
        assert got == list(want)
    # one colour per shift: every E cell shares a fill, M another
    fills: dict[str, set[str]] = {}
    for row in ws.iter_rows(min_row=3, max_row=2 + len(NAMES), min_col=3, max_col=2 + DAYS):
        for c in row:
            fills.setdefault(str(c.value), set()).add(c.fill.start_color.rgb)
    assert len(fills["E"]) == 1 and len(fills["M"]) == 1 and fills["E"] != fills["M"]
    # statutory holiday columns (Oct 1–3) are shaded, an ordinary workday (Oct 8) is not
    holiday_fill = {ws.cell(row=1, column=3 + i).fill.start_color.rgb for i in range(3)}
    assert len(holiday_fill) == 1 and holiday_fill != {"00000000"}
    assert ws.cell(row=1, column=3 + 7).fill.fill_type is None
    # the legend lists every shift code with its colour
    col_a = [c.value for c in ws["A"]]
    top = col_a.index("legend")
    assert top > 2 + len(NAMES)
    assert {"E", "M"} <= set(col_a[top:])
    e_row = col_a.index("E", top) + 1  # list index → 1-based row
    assert {ws.cell(row=e_row, column=1).fill.start_color.rgb} == fills["E"]


def test_names_neutralised_in_every_sheet(out: Path) -> None:
    wb = load_workbook(out / "roster.xlsx")
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                if isinstance(c.value, str):
                    assert not c.value.startswith(("=", "+", "-", "@")), c.value
                    seen.add(c.value)
    assert {"'" + n for n in NAMES[:4]} <= seen and "王芳" in seen
    for name in ("roster.csv", "roster_grid.csv", "payroll.csv"):
        text = (out / name).read_text(encoding="utf-8-sig")
        for n in NAMES[:4]:
            assert f",'{n}," in text and f",{n}," not in text


def test_chinese_headers(tmp_path: Path) -> None:
    p = cn_problem(dt.date(2026, 10, 1), dt.date(2026, 10, 3), staff=[person("A")], shifts=[E])
    write_roster_outputs(tmp_path, p, cells(p, A="E - E"), lang="zh")
    wb = load_workbook(tmp_path / "roster.xlsx")
    assert wb.sheetnames == ["排班表", "排班明细", "覆盖情况", "工资"]
    assert [c.value for c in wb["排班表"][1]][:2] == ["工号", "姓名"]
    assert [c.value for c in wb["排班表"][2]][2:5] == ["四", "五", "六"]
    assert [c.value for c in wb["工资"][1]][:3] == ["工号", "姓名", "出勤天数"]
    assert "图例" in [c.value for c in wb["排班表"]["A"]]
