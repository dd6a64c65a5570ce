"""Output files as the contract defines them, recounted independently from the files alone.

The coverage recount (tests/recount.py) reads only scenario.toml, demand.csv and the written
roster.csv (never rostering's coverage code), so it checks coverage.csv as an outside checker would.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import SCENARIOS
from recount import coverage_rows, read_csv, recount

from rostering.cli import main

ROSTER_HEADER = [
    "staff_id",
    "name",
    "date",
    "shift",
    "start",
    "end",
    "paid_hours",
    "day_type",
    "skill",
]
COVERAGE_HEADER = [
    "date",
    "slot_start",
    "skill",
    "required_min",
    "target",
    "scheduled",
    "shortfall",
]


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


def assert_coverage_matches(folder: Path, out: Path) -> None:
    """coverage.csv equals the independent recount (tests/recount.py), row for row."""
    assert header(out / "coverage.csv") == COVERAGE_HEADER
    mine = recount(folder, out / "roster.csv")
    theirs = coverage_rows(out / "coverage.csv")
    assert theirs == mine
    assert sum(r[5] * n for r, n in theirs.items()) == sum(r[5] * n for r, n in mine.items())


# ------------------------------------------------------------------ hotline, solved once


@pytest.fixture(scope="module")
def hotline_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hotline_out")
    rc = main(
        ["solve", str(SCENARIOS / "hotline"), "--out", str(out), "--time-limit", "12", "--quiet"]
    )
    assert rc == 0
    return out


def test_roster_csv_columns_and_one_row_per_person_per_day(hotline_out: Path) -> None:
    assert header(hotline_out / "roster.csv") == ROSTER_HEADER
    rows = read_csv(hotline_out / "roster.csv")
    staff = read_csv(SCENARIOS / "hotline" / "staff.csv")
    keys = [(r["staff_id"], r["date"]) for r in rows]
    assert len(keys) == len(set(keys)) == len(staff) * 31
    codes = {"E", "M", "L", "OFF", "UNAVAILABLE"}
    for r in rows:
        assert r["shift"] in codes or r["shift"].startswith("LEAVE:"), r
        working = r["shift"] in ("E", "M", "L")
        assert bool(r["start"]) == working and bool(r["end"]) == working
        if working:
            start = dt.datetime.fromisoformat(r["start"])
            end = dt.datetime.fromisoformat(r["end"])
            assert start.date().isoformat() == r["date"] and end > start
        else:
            assert float(r["paid_hours"] or 0) == 0
    e = next(r for r in rows if r["shift"] == "E")
    assert (e["start"][11:16], e["end"][11:16], float(e["paid_hours"])) == ("08:00", "16:30", 8.0)
    holidays = {r["date"] for r in rows if r["day_type"] == "holiday"}
    assert holidays == {"2026-10-01", "2026-10-02", "2026-10-03"}


def test_roster_grid_shape(hotline_out: Path) -> None:
    grid = read_csv(hotline_out / "roster_grid.csv")
    cols = header(hotline_out / "roster_grid.csv")
    dates = [f"2026-10-{i:02d}" for i in range(1, 32)]
    assert cols[-31:] == dates
    assert len(grid) == 32
    roster = {(r["staff_id"], r["date"]): r["shift"] for r in read_csv(hotline_out / "roster.csv")}
    for g in grid:
        for day in dates:
            assert g[day] == roster[g["staff_id"], day]


def test_hotline_coverage_equals_independent_recount(hotline_out: Path) -> None:
    assert_coverage_matches(SCENARIOS / "hotline", hotline_out)


def test_no_temporary_files_left(hotline_out: Path) -> None:
    names = [p.name for p in hotline_out.iterdir()]
    assert {"roster.csv", "roster_grid.csv", "coverage.csv"} <= set(names)
    assert not [n for n in names if n.startswith(".") or n.endswith(".tmp")]


def test_check_passes_own_roster_and_fails_a_broken_one(
    hotline_out: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scen = str(SCENARIOS / "hotline")
    assert main(["check", scen, str(hotline_out / "roster.csv")]) == 0
    capsys.readouterr()
    rows = read_csv(hotline_out / "roster.csv")
    for r in rows:  # A12 is on annual leave 8–10 October: roster them on the 8th
        if (r["staff_id"], r["date"]) == ("A12", "2026-10-08"):
            r["shift"] = "E"
    broken = tmp_path / "broken.csv"
    with broken.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=ROSTER_HEADER)
        w.writeheader()
        w.writerows(rows)
    rc = main(["check", scen, str(broken)])
    text = capsys.readouterr().out
    assert rc != 0
    assert "[availability]" in text and "2026-10-08" in text


# ------------------------------------------------------------------ night, split, formulas


SMALL_TOML = """
[scenario]
name = "outputs"
start = 2026-10-05
end = 2026-10-11
calendar = "none"
slot_minutes = 30

[[shifts]]
code = "E"
start = "08:00"
end = "16:00"
breaks = [["12:00", "12:30"]]

[[shifts]]
code = "N"
start = "22:00"
end = "06:00"
breaks = [["02:00", "02:30"]]

[[shifts]]
code = "S"
segments = [["10:00", "14:00"], ["17:30", "23:00"]]

[rules]
max_consecutive_work_days = 5
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("small")
    (folder / "scenario.toml").write_text(SMALL_TOML, encoding="utf-8")
    (folder / "staff.csv").write_text(
        "staff_id,name,skills\nA,=cmd,presales\nB,+1 (night),presales\nC,王芳,aftersales\n"
        "D,@home,presales;aftersales\n",
        encoding="utf-8",
    )
    (folder / "demand.csv").write_text(
        "days,start,end,skill,min,target\n"
        "all,08:00,16:00,presales,1,1\n"
        "all,22:00,06:00,,1,1\n"
        "all,10:00,23:00,aftersales,1,1\n"
        "2026-10-07,08:00,12:00,presales,2,2\n",
        encoding="utf-8",
    )
    (folder / "availability.csv").write_text(
        "staff_id,date,kind,shift\nA,2026-10-05,fixed,E\nB,2026-10-05,fixed,N\n"
        "C,2026-10-05,fixed,S\n",
        encoding="utf-8",
    )
    out = folder / "out"
    assert main(["solve", str(folder), "--out", str(out), "--time-limit", "5", "--quiet"]) == 0
    return folder, out


def test_night_and_split_rows(small: tuple[Path, Path]) -> None:
    _folder, out = small
    rows = {(r["staff_id"], r["date"]): r for r in read_csv(out / "roster.csv")}
    night = rows["B", "2026-10-05"]
    assert (night["shift"], night["start"], night["end"]) == (
        "N",
        "2026-10-05T22:00",
        "2026-10-06T06:00",
    )
    assert float(night["paid_hours"]) == 7.5
    split = rows["C", "2026-10-05"]
    assert (split["shift"], split["start"], split["end"]) == (
        "S",
        "2026-10-05T10:00",
        "2026-10-05T23:00",
    )
    assert float(split["paid_hours"]) == 9.5
    early = rows["A", "2026-10-05"]
    assert (early["start"], early["end"], float(early["paid_hours"])) == (
        "2026-10-05T08:00",
        "2026-10-05T16:00",
        7.5,
    )
    assert len(rows) == 4 * 7


def test_small_coverage_equals_independent_recount(
    small: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, out = small
    assert_coverage_matches(folder, out)
    # the recount is not blind: the same files with one night taken away no longer agree
    rows = read_csv(out / "roster.csv")
    for r in rows:
        if (r["staff_id"], r["date"]) == ("B", "2026-10-05"):
            r["shift"] = "OFF"
    tampered = tmp_path / "out"
    shutil.copytree(out, tampered)
    with (tampered / "roster.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=ROSTER_HEADER)
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(AssertionError):
        assert_coverage_matches(folder, tampered)


def test_formula_injection_is_neutralised(small: tuple[Path, Path]) -> None:
    _folder, out = small
    names = {r["staff_id"]: r["name"] for r in read_csv(out / "roster.csv")}
    assert names == {"A": "'=cmd", "B": "'+1 (night)", "C": "王芳", "D": "'@home"}
    grid = {r["staff_id"]: r["name"] for r in read_csv(out / "roster_grid.csv")}
    assert grid == names
    raw = (out / "roster.csv").read_bytes()
    assert b"\n=cmd" not in raw and b",=cmd" not in raw


def test_grid_shape_small(small: tuple[Path, Path]) -> None:
    _folder, out = small
    cols = header(out / "roster_grid.csv")
    assert cols[-7:] == [f"2026-10-{i:02d}" for i in range(5, 12)]
    assert len(read_csv(out / "roster_grid.csv")) == 4


def test_outputs_of_a_rerun_replace_files_atomically(
    small: tuple[Path, Path], tmp_path: Path
) -> None:
    folder, _out = small
    copy = tmp_path / "scen"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("out"))
    out = tmp_path / "o"
    (out / "roster.csv").parent.mkdir()
    (out / "roster.csv").write_text("stale", encoding="utf-8")
    assert main(["solve", str(copy), "--out", str(out), "--time-limit", "3", "--quiet"]) == 0
    assert header(out / "roster.csv") == ROSTER_HEADER
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]
    assert leftovers == []
