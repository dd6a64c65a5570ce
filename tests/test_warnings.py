"""Payroll clerk warnings: day divisor, 36 h overtime, protected staff, provisional calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from helpers import cells, person, shift
from pay_helpers import cn_problem, write_roster_csv, write_scenario

from rostering.cli import main
from rostering.io import load_scenario
from rostering.problem import PayPolicy
from rostering.roster import Cell
from rostering.warnings import payroll_warnings

E = shift("E", "08:00", "16:30", breaks=[("12:00", "12:30")])  # 8 h
N = shift("N", "22:00", "06:00").model_copy(update={"night": True})  # 8 h, night
OCT1, OCT31 = dt.date(2026, 10, 1), dt.date(2026, 10, 31)


def kinds(p, r):
    return [(w.kind, w.staff_id) for w in payroll_warnings(p, r)]


def october(threshold: object = "calendar", divisor: float = 21.75, protected: bool = False):
    p = cn_problem(
        OCT1,
        OCT31,
        staff=[
            person("A", base_wage=6000, performance_wage=2000, protected=protected),
            person("B", base_wage=4000, performance_wage=1000),
        ],
        shifts=[E, N],
        pay=PayPolicy(day_divisor=divisor, overtime_threshold=threshold),  # type: ignore[arg-type]
    )
    # A: every day E (248 h, 24 of them on statutory days); B: only the 18 standard days
    standard = ["E" if p.day_types[d] in ("workday", "makeup") else "-" for d in p.days]
    return p, cells(p, A=" ".join(["E"] * 31), B=" ".join(standard))


@pytest.mark.parametrize(("divisor", "warned"), [(24, True), (21.75, False), (20.83, False)])
def test_day_divisor_above_national(divisor: float, warned: bool) -> None:
    p, r = october(threshold=1000.0, divisor=divisor)
    ws = [w for w in payroll_warnings(p, r) if w.kind == "day_divisor"]
    assert bool(ws) is warned
    if warned:
        assert "24" in ws[0].message and "9.4%" in ws[0].message  # 1 − 21.75/24


def test_overtime_above_36_hours_a_month() -> None:
    # A: 248 − 24 holiday − 144 = 80 h → warned; B: 144 − 0 − 144 = 0 h → not
    p, r = october()
    assert kinds(p, r) == [("overtime", "A")]
    assert "80 h" in payroll_warnings(p, r)[0].message


@pytest.mark.parametrize(("threshold", "warned"), [(188.0, False), (187.5, True)])
def test_overtime_boundary_is_36_hours(threshold: float, warned: bool) -> None:
    p, r = october(threshold=threshold)  # A: 224 counted hours − threshold
    assert (("overtime", "A") in kinds(p, r)) is warned


def test_overtime_is_averaged_over_a_partial_month() -> None:
    # Oct 19–31 (13 days = 13/31 month): 30 h of overtime is 71.5 h a month on average
    p = cn_problem(
        dt.date(2026, 10, 19),
        OCT31,
        staff=[person("A", base_wage=6000)],
        shifts=[E],
        pay=PayPolicy(overtime_threshold=74.0),
    )
    r = cells(p, A=" ".join(["E"] * 13))  # 104 h − 74 = 30 h
    ws = payroll_warnings(p, r)
    assert [w.kind for w in ws] == ["overtime"]
    assert "71.54 h a month" in ws[0].message


def test_protected_on_nights_and_in_overtime() -> None:
    p, r = october(protected=True)
    r = r.replace({("A", dt.date(2026, 10, 20)): Cell("N")})
    got = kinds(p, r)
    assert ("protected_night", "A") in got and ("protected_overtime", "A") in got
    night = next(w for w in payroll_warnings(p, r) if w.kind == "protected_night")
    assert "2026-10-20" in night.message
    p2, r2 = october(protected=False)
    assert not [k for k in kinds(p2, r2) if k[0].startswith("protected")]


def test_provisional_calendar_year() -> None:
    p = cn_problem(dt.date(2027, 1, 1), dt.date(2027, 1, 7), staff=[person("A")], shifts=[E])
    r = cells(p, A="- - - - - - -")
    ws = [w for w in payroll_warnings(p, r) if w.kind == "provisional_calendar"]
    assert len(ws) == 1 and "2027" in ws[0].message and "calendar.csv" in ws[0].message
    p, r = october()
    assert "provisional_calendar" not in [k for k, _ in kinds(p, r)]


def test_warnings_txt_written_and_removed(tmp_path: Path, capsys) -> None:
    staff = "staff_id,name,base_wage,performance_wage\nA,王芳,6000,2000\n"
    folder = write_scenario(tmp_path / "sc", staff_csv=staff, divisor="24")
    roster = write_roster_csv(tmp_path / "r.csv", load_scenario(folder), {"A": ["OFF"] * 31})
    out = tmp_path / "out"
    assert main(["payroll", str(folder), str(roster), "--out", str(out), "--quiet"]) == 0
    text = (out / "warnings.txt").read_text(encoding="utf-8-sig")
    assert "day_divisor is 24" in text
    assert "day_divisor is 24" in capsys.readouterr().out  # printed even with --quiet
    folder = write_scenario(tmp_path / "sc", staff_csv=staff, divisor="21.75")
    assert main(["payroll", str(folder), str(roster), "--out", str(out)]) == 0
    assert not (out / "warnings.txt").exists()


def test_provisional_year_with_calendar_csv(tmp_path: Path) -> None:
    p = cn_problem(dt.date(2027, 1, 1), dt.date(2027, 1, 7), staff=[person("A")], shifts=[E])
    r = cells(p, A="- - - - - - -")
    (w,) = payroll_warnings(p, r, overridden={dt.date(2027, 1, 1), dt.date(2027, 12, 31)})
    assert "calendar.csv sets 1 of the period's dates in 2027" in w.message
    staff = "staff_id,name\nA,王芳\n"
    folder = write_scenario(
        tmp_path / "sc", start="2027-01-01", end="2027-01-07", staff_csv=staff, divisor="21.75"
    )
    (folder / "calendar.csv").write_text(
        "date,day_type,note\n2027-01-01,holiday,New Year\n2027-01-02..2027-01-03,restday,\n",
        encoding="utf-8",
    )
    roster = write_roster_csv(tmp_path / "r.csv", load_scenario(folder), {"A": ["OFF"] * 7})
    out = tmp_path / "out"
    assert main(["payroll", str(folder), str(roster), "--out", str(out), "--quiet"]) == 0
    text = (out / "warnings.txt").read_text(encoding="utf-8-sig")
    assert "2027 holiday calendar is provisional" in text and "sets 3 of" in text
