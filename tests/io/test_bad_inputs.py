"""Bad planner input through the command line: exit 1, no traceback, and a message that names the
file, the row and the column (or the TOML key). Each case copies scenarios/hotline and breaks one
thing."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from rostering.cli import main


def edit_csv(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell; ``row`` is the file row, header = 1."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[row - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def append_csv(path: Path, values: list[str]) -> int:
    """Append a row; returns its 1-based row number."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        n = sum(1 for r in csv.reader(fh) if any(c.strip() for c in r))
    text = path.read_text(encoding="utf-8-sig")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + ",".join(values) + "\n", encoding="utf-8")
    return n + 1


def set_toml(folder: Path, pattern: str, replacement: str) -> None:
    path = folder / "scenario.toml"
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert count == 1, pattern
    path.write_text(new, encoding="utf-8")


# each case: (breaker, file named, row named or None (TOML), column/key named)
Case = tuple[Callable[[Path], None], str, int | None, str]


def _dup_staff(f: Path) -> None:
    append_csv(f / "staff.csv", ["A01", "Dup", "agent", "presales", "4000", "1000", "", ""])


def _unknown_column(f: Path) -> None:
    p = f / "staff.csv"
    lines = p.read_text(encoding="utf-8-sig").splitlines()
    lines[0] += ",colour"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")


CASES: dict[str, Case] = {
    "unknown column": (_unknown_column, "staff.csv", 1, "colour"),
    "bad date": (
        lambda f: edit_csv(f / "availability.csv", 3, "date", "2026-13-01"),
        "availability.csv",
        3,
        "date",
    ),
    "bad time": (
        lambda f: edit_csv(f / "demand.csv", 2, "start", "8h00"),
        "demand.csv",
        2,
        "start",
    ),
    "time past 24:00": (
        lambda f: edit_csv(f / "demand.csv", 3, "end", "25:00"),
        "demand.csv",
        3,
        "end",
    ),
    "unknown shift code": (
        lambda f: edit_csv(f / "availability.csv", 18, "shift", "Z"),
        "availability.csv",
        18,
        "shift",
    ),
    "unknown shift code in history": (
        lambda f: edit_csv(f / "history.csv", 2, "shift", "Z"),
        "history.csv",
        2,
        "shift",
    ),
    "duplicate staff id": (_dup_staff, "staff.csv", 34, "staff_id"),
    "range ends before it starts": (
        lambda f: edit_csv(f / "availability.csv", 2, "date", "2026-10-09..2026-10-08"),
        "availability.csv",
        2,
        "date",
    ),
    "min above target": (
        lambda f: edit_csv(f / "demand.csv", 4, "target", "0"),
        "demand.csv",
        4,
        "target",
    ),
    "date outside the period": (
        lambda f: edit_csv(f / "availability.csv", 5, "date", "2026-11-05"),
        "availability.csv",
        5,
        "date",
    ),
    "unknown staff in availability": (
        lambda f: edit_csv(f / "availability.csv", 6, "staff_id", "ZZZ"),
        "availability.csv",
        6,
        "staff_id",
    ),
    "unknown leave kind": (
        lambda f: edit_csv(f / "availability.csv", 7, "kind", "leave:vacation"),
        "availability.csv",
        7,
        "kind",
    ),
    "time off the slot grid": (
        lambda f: edit_csv(f / "demand.csv", 2, "start", "08:15"),
        "demand.csv",
        2,
        "start",
    ),
    "fixed row without a shift": (
        lambda f: edit_csv(f / "availability.csv", 18, "shift", ""),
        "availability.csv",
        18,
        "shift",
    ),
    "request weight not a number": (
        lambda f: edit_csv(f / "availability.csv", 9, "weight", "abc"),
        "availability.csv",
        9,
        "weight",
    ),
    "history date inside the period": (
        lambda f: edit_csv(f / "history.csv", 2, "date", "2026-10-02"),
        "history.csv",
        2,
        "date",
    ),
    "empty staff id": (
        lambda f: edit_csv(f / "staff.csv", 3, "staff_id", ""),
        "staff.csv",
        3,
        "staff_id",
    ),
    "unknown day word": (
        lambda f: edit_csv(f / "demand.csv", 2, "days", "everyday"),
        "demand.csv",
        2,
        "days",
    ),
    "negative min": (lambda f: edit_csv(f / "demand.csv", 2, "min", "-1"), "demand.csv", 2, "min"),
    "rule value of the wrong type": (
        lambda f: set_toml(
            f, r"^max_consecutive_work_days = 5", 'max_consecutive_work_days = "five"'
        ),
        "scenario.toml",
        None,
        "rules.max_consecutive_work_days",
    ),
    "toml range that ends before it starts": (
        lambda f: set_toml(f, r"^rest_days_per_month = 7", "rest_days_per_month = [8, 6]"),
        "scenario.toml",
        None,
        "rules.rest_days_per_month",
    ),
    "exception cap below the cap": (
        lambda f: set_toml(
            f,
            r"^max_consecutive_work_days_exception = 7",
            "max_consecutive_work_days_exception = 3",
        ),
        "scenario.toml",
        None,
        "rules.max_consecutive_work_days_exception",
    ),
    "bad shift time in toml": (
        lambda f: set_toml(f, r'^start = "08:00"', 'start = "8 o\'clock"'),
        "scenario.toml",
        None,
        "shifts[1]",
    ),
    "unknown rule key": (
        lambda f: set_toml(f, r"^rest_days_per_month = 7", "rest_days_a_month = 7"),
        "scenario.toml",
        None,
        "rules.rest_days_a_month",
    ),
    "unknown code in a forbidden succession": (
        lambda f: set_toml(
            f, r'^forbidden_successions = \[\["L", "E"\]\]', 'forbidden_successions = [["L", "Q"]]'
        ),
        "scenario.toml",
        None,
        "rules.forbidden_successions",
    ),
}


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    rc = main(list(argv))
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def assert_located(text: str, file: str, row: int | None, column: str) -> None:
    assert "Traceback" not in text
    assert file in text
    if row is not None:
        assert f"row {row}" in text
    assert column in text


@pytest.mark.parametrize("name", list(CASES))
def test_bad_scenario_exits_1_naming_the_place(
    name: str, hotline: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    breaker, file, row, column = CASES[name]
    breaker(hotline)
    rc, text = run_cli(capsys, "solve", str(hotline), "--out", str(tmp_path / "out"))
    assert rc == 1, text
    assert_located(text, file, row, column)
    assert not (tmp_path / "out" / "roster.csv").exists()


def test_check_names_the_same_place(hotline: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit_csv(hotline / "demand.csv", 2, "start", "8h00")
    rc, text = run_cli(capsys, "check", str(hotline), str(hotline / "nothing.csv"))
    assert rc == 1
    assert_located(text, "demand.csv", 2, "start")


def test_toml_syntax_error(hotline: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_toml(hotline, r"^\[scenario\]", "[scenario")
    rc, text = run_cli(capsys, "solve", str(hotline), "--out", str(hotline / "out"))
    assert rc == 1 and "scenario.toml" in text and "line " in text and "Traceback" not in text


def test_missing_required_file(hotline: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (hotline / "staff.csv").unlink()
    rc, text = run_cli(capsys, "solve", str(hotline), "--out", str(hotline / "out"))
    assert rc == 1 and "staff.csv" in text and "Traceback" not in text


def test_missing_scenario_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, text = run_cli(capsys, "solve", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o"))
    assert rc == 1 and "nowhere" in text and "Traceback" not in text


def test_roster_with_unknown_code(hotline: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = hotline / "roster.csv"
    roster.write_text("staff_id,date,shift\nA01,2026-10-01,E\nA01,2026-10-02,Q\n", encoding="utf-8")
    rc, text = run_cli(capsys, "check", str(hotline), str(roster))
    assert rc == 1
    assert_located(text, "roster.csv", 3, "shift")
    assert "'Q'" in text


def test_missing_roster_file(hotline: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc, text = run_cli(capsys, "check", str(hotline), str(hotline / "absent.csv"))
    assert rc == 1 and "absent.csv" in text and "Traceback" not in text


def test_console_script_prints_no_traceback(hotline: Path, tmp_path: Path) -> None:
    edit_csv(hotline / "availability.csv", 6, "staff_id", "ZZZ")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "rostering.cli",
            "solve",
            str(hotline),
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "availability.csv, row 6, column 'staff_id'" in proc.stderr
