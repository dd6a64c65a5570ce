"""Planner files → Problem: what the reader makes of good input (bad input: test_bad_inputs)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from rostering import load_scenario, read_roster
from rostering.errors import InputError
from rostering.problem import DayType
from rostering.roster import Cell, Roster


def test_hotline_reads_as_the_files_say(hotline: Path) -> None:
    p = load_scenario(hotline)
    assert (p.period.start, p.period.end, p.period.calendar) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 31),
        "CN",
    )
    assert len(p.days) == 31 and p.period.slot_minutes == 30
    e = p.shift_by_code["E"]
    assert e.segments == ((480, 990),) and e.breaks == ((720, 750),) and e.paid_minutes == 480
    assert [s.paid_hours for s in p.shifts] == [8.0, 7.5, 7.0]
    assert len(p.staff) == 32
    sup = p.person_by_id["S01"]
    assert sup.role == "supervisor" and sup.skills == ("presales", "aftersales")
    assert sup.base_wage == 6000
    rs = p.rules_for(sup)
    assert rs.rest_days_per_month is None and rs.alternating_weeks == (5, 6)
    assert rs.max_consecutive_work_days == 5  # inherited from [rules]
    agent = p.rules_for(p.person_by_id["A01"])
    assert agent.rest_days_per_month == (7, 7) and agent.alternating_weeks is None
    assert agent.monthly_hours is not None and agent.monthly_hours.target == 176
    assert agent.forbidden_successions == (("L", "E"),) and agent.min_rest_hours == 11
    assert p.leave_credit["personal"] == 0 and p.leave_credit["annual"] == 8
    assert p.pay.day_divisor == 24 and p.weights.consecutive_exception == 50
    dated = [r for r in p.demand if r.dates is not None]
    assert dated and all(r.dates and len(r.dates) == 1 for r in dated)
    assert p.day_types[dt.date(2026, 10, 3)] == DayType.HOLIDAY
    leave = [a for a in p.availability if a.staff_id == "A12"]
    assert [(a.kind, a.leave_kind, a.start, a.end) for a in leave] == [
        ("leave", "annual", dt.date(2026, 10, 8), dt.date(2026, 10, 10))
    ]
    assert all(h.date < p.period.start for h in p.history)


def _write_toml(folder: Path, shifts: str, rules: str = "") -> None:
    (folder / "scenario.toml").write_text(
        '[scenario]\nname = "t"\nstart = 2026-10-05\nend = 2026-10-11\ncalendar = "none"\n'
        + shifts
        + rules,
        encoding="utf-8",
    )


def _minimal(folder: Path, shifts: str, rules: str = "") -> None:
    folder.mkdir()
    _write_toml(folder, shifts, rules)
    (folder / "staff.csv").write_text("staff_id,name\nA,王芳\n", encoding="utf-8")
    (folder / "demand.csv").write_text("days,start,end,min\nall,08:00,12:00,1\n", encoding="utf-8")


def test_night_split_and_midnight_shifts(tmp_path: Path) -> None:
    shifts = (
        '[[shifts]]\ncode = "N"\nstart = "22:00"\nend = "06:00"\nbreaks = [["02:00", "02:30"]]\n'
        '[[shifts]]\ncode = "S"\nsegments = [["10:00", "14:00"], ["17:30", "23:00"]]\n'
        '[[shifts]]\ncode = "Z"\nstart = "18:00"\nend = "24:00"\n'
        '[[shifts]]\ncode = "W"\nsegments = [["20:00", "23:00"], ["01:00", "03:00"]]\n'
    )
    _minimal(tmp_path / "s", shifts)
    p = load_scenario(tmp_path / "s")
    n, s, z, w = (p.shift_by_code[c] for c in "NSZW")
    assert n.segments == ((1320, 1800),) and n.breaks == ((1560, 1590),)
    assert n.paid_minutes == 450 and n.night
    assert s.segments == ((600, 840), (1050, 1380)) and s.paid_minutes == 570
    assert z.segments == ((1080, 1440),)
    assert w.segments == ((1200, 1380), (1500, 1620))


def test_bom_blank_lines_case_and_extra_note_column(tmp_path: Path) -> None:
    _minimal(tmp_path / "s", '[[shifts]]\ncode = "E"\nstart = "08:00"\nend = "12:00"\n')
    (tmp_path / "s" / "staff.csv").write_text(
        "\ufeffStaff_ID , Name,Role,Skills,note\nA,王芳,agent,presales ; aftersales,hi\n\n"
        "B,李娜,,,\n",
        encoding="utf-8",
    )
    p = load_scenario(tmp_path / "s")
    assert [x.staff_id for x in p.staff] == ["A", "B"]
    assert p.staff[0].name == "王芳" and p.staff[0].skills == ("presales", "aftersales")


def test_role_profile_false_and_range(tmp_path: Path) -> None:
    rules = (
        "[rules]\nrest_days_per_month = [1, 3]\nmax_consecutive_work_days = 5\n"
        "[rules.by_role.sup]\nrest_days_per_month = false\nmax_consecutive_work_days = 6\n"
    )
    _minimal(tmp_path / "s", '[[shifts]]\ncode = "E"\nstart = "08:00"\nend = "12:00"\n', rules)
    p = load_scenario(tmp_path / "s")
    assert p.rules.rest_days_per_month == (1, 3)
    assert p.role_rules["sup"].rest_days_per_month is None
    assert p.role_rules["sup"].max_consecutive_work_days == 6


def test_xlsx_beside_csv(tmp_path: Path) -> None:
    _minimal(tmp_path / "s", '[[shifts]]\ncode = "E"\nstart = "08:00"\nend = "12:00"\n')
    (tmp_path / "s" / "staff.csv").unlink()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["staff_id", "name", "min_hours"])
    ws.append(["A", "王芳", 8])
    ws.append(["B", "李娜", None])
    wb.save(tmp_path / "s" / "staff.xlsx")
    p = load_scenario(tmp_path / "s")
    assert [(x.staff_id, x.min_hours) for x in p.staff] == [("A", 8.0), ("B", None)]


def test_xlsx_errors_name_the_row(tmp_path: Path) -> None:
    _minimal(tmp_path / "s", '[[shifts]]\ncode = "E"\nstart = "08:00"\nend = "12:00"\n')
    (tmp_path / "s" / "staff.csv").unlink()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["staff_id", "name"])
    ws.append(["A", "x"])
    ws.append(["A", "y"])
    wb.save(tmp_path / "s" / "staff.xlsx")
    with pytest.raises(InputError) as exc:
        load_scenario(tmp_path / "s")
    assert (exc.value.file, exc.value.row, exc.value.column) == ("staff.xlsx", 3, "staff_id")


def test_roster_round_trip(hotline: Path, tmp_path: Path) -> None:
    p = load_scenario(hotline)
    cells = {}
    for i, person in enumerate(p.staff):
        for j, d in enumerate(p.days):
            code = ["E", "M", "L", "OFF"][(i + j) % 4]
            skill = person.skills[0] if code != "OFF" else ""
            cells[person.staff_id, d] = Cell(code, skill)
    cells["A12", dt.date(2026, 10, 8)] = Cell("LEAVE:annual")
    cells["A14", dt.date(2026, 10, 16)] = Cell("UNAVAILABLE")
    roster = Roster(p, cells)
    path = tmp_path / "roster.csv"
    roster.to_frame().to_csv(path, index=False)
    back = read_roster(path, p)
    assert back.cells == roster.cells


def test_xlsx_time_and_date_cells(tmp_path: Path) -> None:
    # planners type 08:00 and 2026-10-08 into Excel: those are time and date cells, not text
    _minimal(tmp_path / "s", '[[shifts]]\ncode = "E"\nstart = "08:00"\nend = "12:00"\n')
    (tmp_path / "s" / "demand.csv").unlink()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["days", "start", "end", "min"])
    ws.append(["all", dt.time(8, 0), dt.time(12, 0), 1])
    ws.append([dt.datetime(2026, 10, 8), dt.time(22, 0), dt.time(0, 0), 2])
    wb.save(tmp_path / "s" / "demand.xlsx")
    p = load_scenario(tmp_path / "s")
    assert [(r.start, r.end, r.min) for r in p.demand] == [(480, 720, 1), (1320, 1440, 2)]
    assert p.demand[1].dates == frozenset({dt.date(2026, 10, 8)})
