"""Output files as the contract defines them, recounted independently from the files alone.

The coverage recount below reads only scenario.toml, demand.csv and the written roster.csv (never
rostering's coverage code), so it checks coverage.csv the way an outside checker would.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest
from conftest import SCENARIOS

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


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh))


# ------------------------------------------------------------------ an independent recount


def _hm(text: str) -> int:
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def duty_intervals(shift: dict) -> list[tuple[int, int]]:
    """On-duty minute intervals from the shift's own midnight (breaks removed)."""
    if "segments" in shift:
        segs: list[tuple[int, int]] = []
        for a, b in shift["segments"]:
            lo, hi = _hm(a), _hm(b)
            if hi <= lo:
                hi += 1440
            while segs and lo < segs[-1][1]:  # a later segment past midnight
                lo, hi = lo + 1440, hi + 1440
            segs.append((lo, hi))
    else:
        lo, hi = _hm(shift["start"]), _hm(shift["end"])
        segs = [(lo, hi if hi > lo else hi + 1440)]
    minutes: set[int] = set()
    for a, b in segs:
        minutes.update(range(a, b))
    for a, b in shift.get("breaks", []):
        lo, hi = _hm(a), _hm(b)
        if lo < segs[0][0]:
            lo, hi = lo + 1440, hi + 1440
        if hi <= lo:
            hi += 1440
        minutes.difference_update(range(lo, hi))
    return [(m, m + 1) for m in sorted(minutes)]


WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def day_matches(word: str, day: dt.date, day_type: str) -> bool:
    if word == "all":
        return True
    if word == "weekday":
        return day.weekday() < 5
    if word == "weekend":
        return day.weekday() >= 5
    if word in WEEKDAYS:
        return WEEKDAYS[day.weekday()] == word
    if word == "workday":
        return day_type in ("workday", "makeup")
    return word == day_type


def parse_dates(word: str) -> tuple[dt.date, dt.date] | None:
    if word[:1].isdigit():
        a, _, b = word.partition("..")
        return dt.date.fromisoformat(a), dt.date.fromisoformat(b or a)
    return None


def recount(folder: Path, roster_csv: Path) -> dict[tuple[str, str, str], tuple[int, int, int]]:
    """(date, HH:MM, skill) → (required_min, scheduled, shortfall) for every time-slot need."""
    toml = tomllib.loads((folder / "scenario.toml").read_text(encoding="utf-8"))
    slot = toml["scenario"].get("slot_minutes", 30)
    on_duty = {s["code"]: set() for s in toml["shifts"]}
    for s in toml["shifts"]:
        minutes = {a for a, _ in duty_intervals(s)}
        on_duty[s["code"]] = {
            m for m in range(0, 3 * 1440, slot) if all(x in minutes for x in range(m, m + slot))
        }
    rows = read_csv(roster_csv)
    day_type = {r["date"]: r["day_type"] for r in rows}
    heads: dict[tuple[dt.date, int, str], int] = defaultdict(int)
    for r in rows:
        if r["shift"] not in on_duty:
            continue
        day = dt.date.fromisoformat(r["date"])
        for m in on_duty[r["shift"]]:
            real = (day + dt.timedelta(days=m // 1440), m % 1440)
            heads[(*real, "")] += 1
            if r["skill"]:
                heads[(*real, r["skill"])] += 1
    need: dict[tuple[dt.date, int, str], int] = {}
    demand = [r for r in read_csv(folder / "demand.csv") if not (r.get("shift") or "").strip()]
    for text_day, kind in sorted(day_type.items()):
        day = dt.date.fromisoformat(text_day)
        applying = []
        for r in demand:
            span = parse_dates(r["days"].strip().lower())
            dated = span is not None
            if (span and span[0] <= day <= span[1]) or (
                not dated and day_matches(r["days"].strip().lower(), day, kind)
            ):
                applying.append((dated, r))
        dated_skills = {r["skill"].strip() for dated, r in applying if dated}
        for dated, r in applying:
            skill = r["skill"].strip()
            if not dated and skill in dated_skills:
                continue  # a dated row replaces the general rows of its skill
            a, b = _hm(r["start"]), _hm(r["end"])
            if b <= a:
                b += 1440
            for m in range(a, b, slot):
                key = (day + dt.timedelta(days=m // 1440), m % 1440, skill)
                need[key] = max(need.get(key, 0), int(r["min"]))
    out = {}
    for (day, m, skill), mn in need.items():
        got = heads.get((day, m, skill), 0)
        out[day.isoformat(), f"{m // 60:02d}:{m % 60:02d}", skill] = (mn, got, max(0, mn - got))
    return out


def assert_coverage_matches(folder: Path, out: Path) -> None:
    mine = recount(folder, out / "roster.csv")
    theirs = {
        (r["date"], r["slot_start"], r["skill"]): (
            int(r["required_min"]),
            int(r["scheduled"]),
            int(r["shortfall"]),
        )
        for r in read_csv(out / "coverage.csv")
    }
    assert header(out / "coverage.csv") == COVERAGE_HEADER
    assert theirs == mine
    assert sum(v[2] for v in theirs.values()) == sum(v[2] for v in mine.values())


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
