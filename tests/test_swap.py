"""swap: a swap that breaks a rule is refused with the rule named; a valid one passes check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from trust_helpers import write_roster, write_scenario

from rostering.check import check, hard_violations
from rostering.cli import main
from rostering.io import load_scenario, read_roster
from rostering.roster import Cell

RULES = 'forbidden_successions = [["L", "E"]]\nmax_swaps_per_month = 1'
DEMAND = "days,start,end,skill,min,target\nall,08:00,16:00,phone,1,1\n"
STAFF = "A,Ann,agent,phone\nB,Bob,agent,phone\nC,Cid,agent,\n"


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    folder = write_scenario(
        tmp_path / "s",
        staff=STAFF,
        rules=RULES,
        demand=DEMAND,
        availability="C,2026-03-04,leave:annual,,\n",
    )
    roster = write_roster(
        tmp_path / "r" / "roster.csv",
        {
            "A": "L L - E E - - E E E E E - -",
            "B": "E E - L L - E - - L L - E E",
            "C": "- L LEAVE:annual - - L L - - - - - - -",
        },
    )
    return folder, roster


def test_refused_swap_names_the_rule(
    setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, roster = setup
    before = roster.read_bytes()
    # A worked L on 03-02; taking B's E on 03-03 would put E right after L
    assert main(["swap", str(folder), str(roster), "A", "B", "2026-03-03"]) == 2
    out = capsys.readouterr().out
    assert "refused" in out and "[succession]" in out and "2026-03-03" in out
    assert roster.read_bytes() == before  # nothing written
    assert not (roster.parent / "swaps.csv").exists()


def test_valid_swap_passes_check_and_is_logged(
    setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, roster = setup
    problem = load_scenario(folder)
    assert hard_violations(check(problem, read_roster(roster, problem))) == []
    # 03-09: A works E, B is off; B takes the E (after an E on 03-08), A rests
    assert main(["swap", str(folder), str(roster), "A", "B", "2026-03-09"]) == 0
    new = read_roster(roster, problem)
    day = dt.date(2026, 3, 9)
    assert new.cell("A", day) == Cell("OFF") and new.cell("B", day) == Cell("E", "phone")
    assert hard_violations(check(problem, new)) == []
    log = pd.read_csv(roster.parent / "swaps.csv")
    assert list(log[["date", "staff_a", "staff_b"]].iloc[0]) == ["2026-03-09", "A", "B"]
    # a second swap for A in March (valid otherwise) exceeds max_swaps_per_month = 1
    capsys.readouterr()
    assert main(["swap", str(folder), str(roster), "A", "B", "2026-03-10"]) == 2
    assert "[max_swaps_per_month]" in capsys.readouterr().out


def test_swap_may_not_open_a_coverage_gap(
    setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, roster = setup
    # 03-05: A covers phone on E, C (no phone skill) is off; handing A's E to C leaves
    # 08:00–14:00 without phone cover (B is on L), where the minimum was met
    assert main(["swap", str(folder), str(roster), "A", "C", "2026-03-05"]) == 2
    out = capsys.readouterr().out
    assert "[coverage]" in out and "phone" in out


def test_leave_cannot_be_swapped(
    setup: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, roster = setup
    assert main(["swap", str(folder), str(roster), "A", "C", "2026-03-04"]) == 2
    assert "[availability]" in capsys.readouterr().out


def test_swap_to_out_folder_leaves_source(setup: tuple[Path, Path], tmp_path: Path) -> None:
    folder, roster = setup
    before = roster.read_bytes()
    out = tmp_path / "new"
    assert main(["swap", str(folder), str(roster), "B", "A", "2026-03-09", "--out", str(out)]) == 0
    assert roster.read_bytes() == before
    problem = load_scenario(folder)
    assert hard_violations(check(problem, read_roster(out / "roster.csv", problem))) == []
    assert (out / "swaps.csv").exists()
