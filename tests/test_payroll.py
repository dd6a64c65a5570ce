"""payroll.csv: every figure against hand arithmetic and an independent recomputation from
roster.csv and the contract (FILES.md), on real PRC calendar months."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import avail, cells, person, shift
from pay_helpers import (
    cn_problem,
    payroll_csv_figures,
    read_csv_rows,
    recompute_payroll,
    write_roster_csv,
    write_scenario,
)

from rostering.cli import main
from rostering.errors import InputError
from rostering.io import load_scenario
from rostering.io.outputs import write_roster_outputs
from rostering.payroll import base_standard_hours, payroll_table
from rostering.problem import DayType, PayPolicy
from rostering.roster import Cell

E = shift("E", "08:00", "16:30", breaks=[("12:00", "12:30")])  # 8 paid hours
M = shift("M", "12:00", "20:00", breaks=[("16:00", "16:30")])  # 7.5 paid hours
OCT1, OCT31 = dt.date(2026, 10, 1), dt.date(2026, 10, 31)
LEAVE = {"annual": 8.0, "half": 4.0, "personal": 0.0}
LEAVE_TEXT = {"annual": "8", "half": "4", "personal": "0"}
WAGES = {"A": ("6000", "2000"), "B": ("4200", "1200"), "C": ("4000", "1000")}

# October 2026 (FILES.md, CALENDAR-AND-PAY.md): statutory 10/1–10/3 (10/3 is a Saturday),
# rest days 10/4–10/7 (10/5 is the substitute day, 补假), make-up workday Saturday 10/10.
# B works M on 10/5 (substitute rest day), 10/10 (make-up), 12–14, 19–23, 26–30; annual leave
# 10/8–10/9, personal leave (no credit) 10/15, unavailable 10/16.
A_ROW = " ".join(["E"] * 31)
B_ROW = "- - - - M - - L:annual L:annual M - M M M L:personal U - - M M M M M - - M M M M M -"
C_ROW = "E " + " ".join(["-"] * 30)


def october(threshold: object = "calendar", divisor: float = 24):
    staff = [
        person("A", base_wage=6000, performance_wage=2000, name="王芳"),
        person("B", base_wage=4200, performance_wage=1200, name="李娜"),
        person("C", base_wage=4000, performance_wage=1000, name="=HYPERLINK(1)"),
    ]
    p = cn_problem(
        OCT1,
        OCT31,
        staff=staff,
        shifts=[E, M],
        pay=PayPolicy(day_divisor=divisor, overtime_threshold=threshold),  # type: ignore[arg-type]
        availability=[
            avail("B", dt.date(2026, 10, 8), dt.date(2026, 10, 9), leave_kind="annual"),
            avail("B", dt.date(2026, 10, 15), leave_kind="personal"),
            avail("B", dt.date(2026, 10, 16), kind="unavailable"),
        ],
        leave_credit=LEAVE,
    )
    return p, cells(p, A=A_ROW, B=B_ROW, C=C_ROW)


def row(table, sid):
    return table.set_index("staff_id").loc[sid]


def test_october_day_types_statutory_saturday_substitute_and_makeup() -> None:
    p, _ = october()
    t = p.day_types
    assert [t[dt.date(2026, 10, i)] for i in (1, 2, 3)] == [DayType.HOLIDAY] * 3
    assert dt.date(2026, 10, 3).weekday() == 5  # statutory day on a Saturday
    assert t[dt.date(2026, 10, 5)] == DayType.RESTDAY  # its substitute Monday: not 300 %
    assert t[dt.date(2026, 10, 10)] == DayType.MAKEUP
    # 22 weekdays − 10/1, 10/2, 10/5, 10/6, 10/7 + make-up 10/10 = 18 days of 8 h
    assert base_standard_hours(p, p.staff[0]) == 18 * 8


def test_october_calendar_threshold_by_hand() -> None:
    p, r = october()
    t = payroll_table(p, r)
    a = row(t, "A")
    assert a["worked_days"] == 31 and a["paid_hours"] == 31 * 8
    assert a["holiday_days_worked"] == 3 and a["holiday_hours"] == 24
    assert a["overtime_hours"] == 31 * 8 - 24 - 144  # holiday hours are not overtime
    assert a["holiday_premium"] == 3 * (6000 + 2000) / 24 * 3
    assert a["overtime_pay"] == 80 * (6000 + 2000) / 24 / 8 * 1.5
    b = row(t, "B")  # works the substitute day and the make-up day: ordinary days
    assert b["worked_days"] == 15 and b["paid_hours"] == 15 * 7.5
    assert b["holiday_days_worked"] == 0 and b["holiday_premium"] == 0
    assert b["leave_hours"] == 16  # annual credited, personal and unavailable not
    # standard 144 − 8 (personal, no credit) − 8 (unavailable) = 128; 112.5 + 16 − 128 = 0.5
    assert b["overtime_hours"] == 0.5
    assert b["overtime_pay"] == 21.09  # 0.5 × (4200 + 1200) / 24 / 8 × 1.5 = 21.09375
    c = row(t, "C")
    assert (c["worked_days"], c["holiday_days_worked"], c["overtime_hours"]) == (1, 1, 0)
    assert c["holiday_premium"] == 1 * 5000 / 24 * 3


def test_half_credit_leave_lowers_standard_by_the_difference() -> None:
    p, r = october()
    p2 = p.model_copy(
        update={"availability": (avail("A", dt.date(2026, 10, 8), leave_kind="half"),)}
    )
    r2 = r.replace({("A", dt.date(2026, 10, 8)): Cell("LEAVE:half")})
    a = row(payroll_table(p2, r2), "A")
    # 30 days × 8 h, 4 h credit; standard 144 − (8 − 4) = 140; overtime 240 − 24 + 4 − 140
    assert (a["paid_hours"], a["leave_hours"], a["overtime_hours"]) == (240, 4, 80)


def test_average_threshold_full_and_partial_month() -> None:
    p, r = october(threshold="average")
    a = row(payroll_table(p, r), "A")
    exact_ot = 31 * 8 - 24 - 1984 / 12
    assert a["overtime_hours"] == round(exact_ot, 2) == 58.67
    assert a["overtime_pay"] == round(exact_ot * 8000 / 24 / 8 * 1.5, 2) == 3666.67
    # Oct 1–15: 15/31 of 1984/12 h = 80 h exactly
    half = cn_problem(
        OCT1,
        dt.date(2026, 10, 15),
        staff=[person("A", base_wage=6000, performance_wage=2000)],
        shifts=[E],
        pay=PayPolicy(day_divisor=24, overtime_threshold="average"),
    )
    assert base_standard_hours(half, half.staff[0]) == 80
    a = row(payroll_table(half, cells(half, A=" ".join(["E"] * 15))), "A")
    assert a["overtime_hours"] == 15 * 8 - 24 - 80


def test_number_threshold() -> None:
    p, r = october(threshold=160.0)
    a = row(payroll_table(p, r), "A")
    assert a["overtime_hours"] == 248 - 24 - 160
    assert a["overtime_pay"] == 64 * 8000 / 24 / 8 * 1.5


def test_exact_half_cent_rounds_half_up() -> None:
    # B: standard 138.5 − 16 (two no-credit days) = 122.5; overtime 112.5 + 16 − 122.5 = 6 h;
    # 6 × 5400 / 24 / 8 × 1.5 = 253.125 exactly → 253.13 (四舍五入, not banker's 253.12)
    p, r = october(threshold=138.5)
    b = row(payroll_table(p, r), "B")
    assert b["overtime_hours"] == 6 and b["overtime_pay"] == 253.13


def test_national_divisor_rounds_money_half_up_to_the_cent() -> None:
    p, r = october(divisor=21.75)
    c = row(payroll_table(p, r), "C")
    assert c["holiday_premium"] == 689.66  # 5000 / 21.75 × 3 = 689.655…


def test_may_2026_saturday_statutory_day_and_makeup_workday() -> None:
    may = cn_problem(
        dt.date(2026, 5, 1),
        dt.date(2026, 5, 31),
        staff=[person("A", base_wage=6000, performance_wage=2000)],
        shifts=[E],
        pay=PayPolicy(day_divisor=24),
    )
    t = may.day_types
    assert t[dt.date(2026, 5, 2)] == DayType.HOLIDAY  # Saturday, statutory
    assert t[dt.date(2026, 5, 4)] == DayType.RESTDAY  # observed (补假)
    assert t[dt.date(2026, 5, 9)] == DayType.MAKEUP
    assert base_standard_hours(may, may.staff[0]) == 19 * 8
    # works 5/2 (statutory), 5/4 (observed) and 5/9 (make-up): one premium day only
    codes = ["-"] * 31
    for day in (2, 4, 9):
        codes[day - 1] = "E"
    a = row(payroll_table(may, cells(may, A=" ".join(codes))), "A")
    assert (a["holiday_days_worked"], a["holiday_hours"], a["holiday_premium"]) == (1, 8, 1000)


def test_february_2026_two_makeup_saturdays_count_as_standard_days() -> None:
    feb = cn_problem(dt.date(2026, 2, 1), dt.date(2026, 2, 28), staff=[person("A")], shifts=[E])
    assert feb.day_types[dt.date(2026, 2, 14)] == DayType.MAKEUP
    assert feb.day_types[dt.date(2026, 2, 28)] == DayType.MAKEUP
    # 20 weekdays − 4 statutory − 2/20 and 2/23 rest days + 2 make-up Saturdays = 16
    assert base_standard_hours(feb, feb.staff[0]) == 16 * 8


@pytest.mark.parametrize("threshold", ["calendar", "average", 150.0])
def test_payroll_csv_equals_independent_recomputation(tmp_path: Path, threshold: object) -> None:
    p, r = october(threshold=threshold, divisor=21.75)
    write_roster_outputs(tmp_path, p, r)
    expected = recompute_payroll(
        tmp_path / "roster.csv",
        wages=WAGES,
        leave_credit=LEAVE_TEXT,
        day_divisor="21.75",
        overtime_threshold=str(threshold),
    )
    got = payroll_csv_figures(tmp_path / "payroll.csv")
    assert got == expected
    assert got["A"]["overtime_hours"] > 0 and got["B"]["leave_hours"] == 16


def test_payroll_csv_bom_money_format_and_formula_safety(tmp_path: Path) -> None:
    p, r = october()
    write_roster_outputs(tmp_path, p, r)
    raw = (tmp_path / "payroll.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = read_csv_rows(tmp_path / "payroll.csv")
    assert list(rows[0]) == [
        "staff_id",
        "name",
        "worked_days",
        "paid_hours",
        "leave_hours",
        "overtime_hours",
        "holiday_days_worked",
        "holiday_hours",
        "holiday_premium",
        "overtime_pay",
    ]
    assert rows[0]["name"] == "王芳"
    assert rows[0]["holiday_premium"] == "3000.00" and rows[0]["overtime_pay"] == "5000.00"
    assert rows[2]["name"] == "'=HYPERLINK(1)"


def test_lang_zh_headers(tmp_path: Path) -> None:
    p, r = october()
    write_roster_outputs(tmp_path, p, r, lang="zh")
    header = (tmp_path / "payroll.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("工号,姓名,出勤天数")
    assert "加班费" in header
    roster_header = (tmp_path / "roster.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert roster_header.split(",")[:3] == ["工号", "姓名", "日期"]
    cov = (tmp_path / "coverage.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "缺口" in cov


STAFF = """\
staff_id,name,role,skills,base_wage,performance_wage,protected
A,王芳,agent,,6000,2000,
B,@SUM(A1),agent,,4200,1200,
"""


def test_payroll_command_on_a_hand_made_roster(tmp_path: Path, capsys) -> None:
    folder = write_scenario(
        tmp_path / "sc",
        staff_csv=STAFF,
        availability_csv="staff_id,date,kind\nB,2026-10-08..2026-10-09,leave:annual\n",
    )
    p = load_scenario(folder)
    codes = {
        "A": ["E"] * 31,
        "B": ["E" if i not in (7, 8) else "LEAVE:annual" for i in range(31)],
    }
    roster = write_roster_csv(tmp_path / "roster.csv", p, codes)
    assert main(["payroll", str(folder), str(roster), "--out", str(tmp_path / "out")]) == 0
    rows = {r["staff_id"]: r for r in read_csv_rows(tmp_path / "out" / "payroll.csv")}
    assert rows["B"]["name"] == "'@SUM(A1)"
    # B: 29 × 8 = 232 h + 16 h leave − 24 holiday h − 144 = 80 h; 80 × 5400/24/8 × 1.5 = 3375
    assert Decimal(rows["B"]["overtime_hours"]) == 80
    assert rows["B"]["overtime_pay"] == "3375.00"
    assert rows["A"]["holiday_premium"] == "3000.00"
    assert (tmp_path / "out" / "warnings.txt").read_text(encoding="utf-8-sig").count(
        "day_divisor"
    ) == 1
    assert "Warning:" in capsys.readouterr().out


def test_calendar_csv_overrides_a_day_type(tmp_path: Path) -> None:
    folder = write_scenario(tmp_path / "sc", staff_csv=STAFF)
    assert load_scenario(folder).day_types[dt.date(2026, 10, 10)] == DayType.MAKEUP
    (folder / "calendar.csv").write_text(
        "date,day_type,note\n2026-10-10,restday,local rule\n2026-10-12..2026-10-13,holiday,\n"
        "2027-01-01,holiday,outside the period: ignored\n",
        encoding="utf-8",
    )
    p = load_scenario(folder)
    assert p.day_types[dt.date(2026, 10, 10)] == DayType.RESTDAY
    assert p.day_types[dt.date(2026, 10, 12)] == DayType.HOLIDAY
    assert p.day_types[dt.date(2026, 10, 13)] == DayType.HOLIDAY
    assert p.day_types[dt.date(2026, 10, 14)] == DayType.WORKDAY
    assert base_standard_hours(p, p.staff[0]) == (18 - 1 - 2) * 8


@pytest.mark.parametrize(
    ("text", "column", "value"),
    [
        ("date,day_type\n2026-10-10,weekend\n", "day_type", "weekend"),
        ("date,day_type\n10/10/2026,restday\n", "date", "10/10/2026"),
        ("date,day_type\n2026-10-10,restday\n2026-10-09..2026-10-11,workday\n", "date", None),
        ("day,day_type\n2026-10-10,restday\n", "day", "day"),
    ],
)
def test_calendar_csv_bad_rows(tmp_path: Path, text: str, column: str, value: str | None) -> None:
    folder = write_scenario(tmp_path / "sc", staff_csv=STAFF)
    (folder / "calendar.csv").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_scenario(folder)
    assert exc.value.file == "calendar.csv" and exc.value.column == column
    if value is not None:
        assert exc.value.value == value
    assert main(["payroll", str(folder), "x.csv", "--out", str(tmp_path / "o")]) == 1


def test_solve_writes_payroll_xlsx_and_warnings(tmp_path: Path, capsys) -> None:
    staff = (
        "staff_id,name,base_wage,performance_wage,protected\n"
        "A,王芳,6000,2000,yes\nB,李娜,4200,1200,\nC,张伟,4800,1600,\n"
    )
    folder = write_scenario(
        tmp_path / "sc",
        end="2026-10-10",
        staff_csv=staff,
        demand_csv="days,start,end,min,shift\nall,,,1,N\nall,08:00,16:00,1,\n",
    )
    out = tmp_path / "out"
    args = ["solve", str(folder), "--out", str(out), "--time-limit", "5", "--quiet"]
    assert main([*args, "--lang", "zh"]) == 0
    for name in ("roster.csv", "payroll.csv", "roster.xlsx", "warnings.txt"):
        assert (out / name).exists(), name
    assert "day_divisor is 24" in capsys.readouterr().out
    zh_payroll = (out / "payroll.csv").read_text(encoding="utf-8-sig")
    assert zh_payroll.startswith("工号,姓名,出勤天数")
    # a --lang zh roster.csv reads back: payroll from it has the same figures
    again = tmp_path / "again"
    assert main(["payroll", str(folder), str(out / "roster.csv"), "--out", str(again)]) == 0
    en_payroll = (again / "payroll.csv").read_text(encoding="utf-8-sig")
    assert en_payroll.startswith("staff_id,name,worked_days")
    assert en_payroll.splitlines()[1:] == zh_payroll.splitlines()[1:]
    assert main(args) == 0  # English headers: recompute every figure from roster.csv
    roster_rows = read_csv_rows(out / "roster.csv")
    assert not [r for r in roster_rows if r["staff_id"] == "A" and r["shift"] == "N"]
    assert {r["shift"] for r in roster_rows} >= {"N", "E"}
    expected = recompute_payroll(
        out / "roster.csv",
        wages={"A": ("6000", "2000"), "B": ("4200", "1200"), "C": ("4800", "1600")},
        leave_credit=LEAVE_TEXT,
        day_divisor="24",
    )
    assert payroll_csv_figures(out / "payroll.csv") == expected
