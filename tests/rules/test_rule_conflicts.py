"""Rule combinations a planner can write that no roster satisfies: exit 2 and the rules named."""

from __future__ import annotations

from pathlib import Path

import pytest

from rostering.cli import main
from rostering.rules import rule

STAFF = "staff_id,name,role,skills\nA1,甲,agent,\nA2,乙,agent,\nA3,丙,agent,\n"
DEMAND = "days,start,end,skill,min,target\nall,09:00,17:00,,1,1\n"


def _scenario(folder: Path, rules: str) -> Path:
    folder.mkdir()
    (folder / "scenario.toml").write_text(
        '[scenario]\nname = "conflict"\nstart = 2026-10-12\nend = 2026-10-25\n'
        'calendar = "none"\n\n[[shifts]]\ncode = "D"\nstart = "09:00"\nend = "17:00"\n\n'
        f"[rules]\n{rules}\n",
        encoding="utf-8",
    )
    (folder / "staff.csv").write_text(STAFF, encoding="utf-8")
    (folder / "demand.csv").write_text(DEMAND, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "rules",
    [
        "work_rest_cycle = [6, 1]\nweekly_rest_days = 2",  # one rest day in every 7 vs two
        "work_rest_cycle = [1, 1]\nweekly_rest_days = 4",  # alternate weeks give only 3
    ],
)
def test_impossible_cycle_and_weekly_rest_exit_2_naming_both(
    tmp_path: Path, rules: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _scenario(tmp_path / "s", rules)
    out = tmp_path / "out"
    code = main(["solve", str(folder), "--out", str(out), "--time-limit", "5", "--quiet"])
    text = capsys.readouterr().out
    assert code == 2
    # the explanation names both rule families in planner words
    assert rule("work_rest_cycle").title in text and rule("weekly_rest_days").title in text
    assert (out / "explanation.txt").read_text(encoding="utf-8").strip() == text.strip()
    assert not (out / "roster.csv").exists()


def test_one_on_one_off_with_three_rest_days_a_week_is_possible(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _scenario(tmp_path / "s", "work_rest_cycle = [1, 1]\nweekly_rest_days = 3")
    out = tmp_path / "out"
    code = main(["solve", str(folder), "--out", str(out), "--time-limit", "5", "--quiet"])
    capsys.readouterr()
    assert code == 0
    assert main(["check", str(folder), str(out / "roster.csv")]) == 0


def test_min_run_longer_than_a_cycle_allows_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 1-on-1-off can never give two work days in a row
    folder = _scenario(tmp_path / "s", "work_rest_cycle = [1, 1]\nmin_consecutive_work_days = 2")
    code = main(["solve", str(folder), "--out", str(tmp_path / "o"), "--time-limit", "5"])
    text = capsys.readouterr().out
    assert code == 2
    assert rule("work_rest_cycle").title in text
    assert rule("min_consecutive_work_days").title in text


@pytest.mark.parametrize(
    ("rules", "key"),
    [
        ("work_rest_cycle = [1, 1]\nmax_worked_weekends = 0", "max_worked_weekends"),
        ("work_rest_cycle = [6, 1]\nmin_consecutive_days_off = 2", "min_consecutive_days_off"),
    ],
)
def test_new_rule_families_against_a_cycle_exit_2_naming_them(
    tmp_path: Path, rules: str, key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _scenario(tmp_path / "s", rules)
    code = main(["solve", str(folder), "--out", str(tmp_path / "o"), "--time-limit", "5"])
    text = capsys.readouterr().out
    assert code == 2
    assert rule(key).title in text and rule("work_rest_cycle").title in text
