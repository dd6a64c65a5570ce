"""The command line: sub-commands, options and the contract's exit codes 0 / 1 / 2 / 3."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SCENARIOS

from rostering.cli import main

TOML = """
[scenario]
name = "cli"
start = 2026-10-05
end = 2026-10-09
calendar = "none"

[[shifts]]
code = "E"
start = "08:00"
end = "12:00"

[rules]
rest_days_per_month = 1
"""


def tiny(folder: Path, *, heads: int = 1, staff: int = 2) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scenario.toml").write_text(TOML, encoding="utf-8")
    people = "".join(f"P{i},Person {i}\n" for i in range(staff))
    (folder / "staff.csv").write_text("staff_id,name\n" + people, encoding="utf-8")
    (folder / "demand.csv").write_text(
        f"days,start,end,min\nall,08:00,12:00,{heads}\n", encoding="utf-8"
    )
    return folder


@pytest.mark.parametrize("command", ["solve", "check", "explain"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    assert "usage" in capsys.readouterr().out.lower()


def test_solve_exit_0_and_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scen = tiny(tmp_path / "s")
    out = tmp_path / "out"
    argv = ["solve", str(scen), "--out", str(out), "--time-limit", "5", "--workers", "1"]
    assert main([*argv, "--seed", "3"]) == 0
    text = capsys.readouterr().out
    assert "OPTIMAL" in text
    for name in ("roster.csv", "roster_grid.csv", "coverage.csv"):
        assert (out / name).exists()
    assert main(["check", str(scen), str(out / "roster.csv")]) == 0
    assert "Every hard rule holds" in capsys.readouterr().out


def test_infeasible_exit_2_with_explanation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 2 heads every weekday with 2 people who must each rest one day: impossible when strict
    scen = tiny(tmp_path / "s", heads=2)
    out = tmp_path / "out"
    rc = main(["solve", str(scen), "--out", str(out), "--time-limit", "5", "--strict-cover"])
    assert rc == 2
    text = capsys.readouterr().out
    assert (out / "explanation.txt").exists()
    explanation = (out / "explanation.txt").read_text(encoding="utf-8")
    assert explanation.strip() and explanation.strip() in text
    assert not (out / "roster.csv").exists()
    # without --strict-cover the same scenario gets a roster with its gaps reported
    assert main(["solve", str(scen), "--out", str(out), "--time-limit", "5"]) == 0
    assert "below the minimum" in capsys.readouterr().out


def test_no_solution_in_time_exit_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    rc = main(["solve", str(SCENARIOS / "hotline"), "--out", str(out), "--time-limit", "0.01"])
    assert rc == 3
    assert "time" in capsys.readouterr().out.lower()
    assert not (out / "roster.csv").exists()


def test_check_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scen = tiny(tmp_path / "s")
    roster = tmp_path / "roster.csv"
    days = ["2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08", "2026-10-09"]
    lines = ["staff_id,date,shift"]
    lines += [f"P0,{d},E" for d in days]  # P0 never rests: the monthly rest rule is broken
    lines += [f"P1,{d},{'OFF' if d == days[0] else 'E'}" for d in days]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rc = main(["check", str(scen), str(roster)])
    text = capsys.readouterr().out
    assert rc not in (0, 1)
    assert "rest_days_per_month" in text and "Person 0" in text
    fixed = roster.read_text(encoding="utf-8").replace("P0,2026-10-09,E", "P0,2026-10-09,OFF")
    roster.write_text(fixed, encoding="utf-8")
    assert main(["check", str(scen), str(roster)]) == 0


def test_missing_days_in_a_hand_made_roster_are_hard(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scen = tiny(tmp_path / "s")
    roster = tmp_path / "roster.csv"
    roster.write_text("staff_id,date,shift\nP0,2026-10-05,E\n", encoding="utf-8")
    rc = main(["check", str(scen), str(roster)])
    assert rc not in (0, 1)
    assert "no entry" in capsys.readouterr().out


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["solve", "x", "--out", "y", "--frobnicate"])
    assert exc.value.code == 1  # bad input, not "infeasible" (2)
    assert "Traceback" not in capsys.readouterr().err


def test_check_strict_cover(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scen = tiny(tmp_path / "s", heads=2)
    roster = tmp_path / "roster.csv"
    days = ["2026-10-05", "2026-10-06", "2026-10-07", "2026-10-08", "2026-10-09"]
    lines = ["staff_id,date,shift"]
    lines += [f"P0,{d},{'OFF' if d == days[0] else 'E'}" for d in days]
    lines += [f"P1,{d},{'OFF' if d == days[1] else 'E'}" for d in days]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # two mornings one head short: soft by default (exit 0, gaps listed), hard when strict
    assert main(["check", str(scen), str(roster)]) == 0
    assert "below the minimum" in capsys.readouterr().out
    assert main(["check", str(scen), str(roster), "--strict-cover"]) not in (0, 1)
    text = capsys.readouterr().out
    assert "[coverage]" in text and "2026-10-05" in text and "2026-10-06" in text
