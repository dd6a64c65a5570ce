"""replan: the past is kept, availability is re-read, few cells move, history counts across DATE."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from trust_helpers import write_roster, write_scenario

from rostering.check import check, hard_violations
from rostering.cli import main
from rostering.errors import InputError
from rostering.io import load_scenario, read_roster
from rostering.replan import changes_between, replan, shift_changes
from rostering.roster import Roster
from rostering.solve import solve

STAFF = "".join(f"P{i},N{i},agent,\n" for i in range(1, 6))
RULES = "rest_days_per_month = 4\nmax_consecutive_work_days = 5"
FROM = dt.date(2026, 3, 9)


def _solved(tmp_path: Path) -> tuple[Path, Path]:
    folder = write_scenario(tmp_path / "s", staff=STAFF, rules=RULES)
    problem = load_scenario(folder)
    result = solve(problem, time_limit=5)
    assert result.roster is not None
    out = tmp_path / "first"
    from rostering.io.outputs import write_roster_outputs

    write_roster_outputs(out, problem, result.roster)
    return folder, out / "roster.csv"


def test_sick_call_keeps_past_and_moves_little(tmp_path: Path) -> None:
    folder, roster_csv = _solved(tmp_path)
    before = load_scenario(folder)
    prev = read_roster(roster_csv, before)
    sick = next(
        p.staff_id
        for p in before.staff
        if sum(prev.works(p.staff_id, FROM + dt.timedelta(days=i)) for i in range(3)) >= 2
    )
    with (folder / "availability.csv").open("w", encoding="utf-8") as fh:
        fh.write(f"staff_id,date,kind,shift,weight\n{sick},2026-03-09..2026-03-11,leave:sick,,\n")
    problem = load_scenario(folder)
    prev = read_roster(roster_csv, problem)
    r = replan(problem, prev, FROM, time_limit=5)
    assert r.result.roster is not None
    new = r.result.roster
    assert hard_violations(check(problem, new)) == []
    for p in problem.staff:  # every day before --from is exactly as it was
        for d in problem.days:
            if d < FROM:
                assert new.cell(p.staff_id, d) == prev.cell(p.staff_id, d)
    own = [c for c in r.changes if c.staff_id == sick]
    sick_days = {FROM + dt.timedelta(days=i) for i in range(3)}
    assert {c.date for c in own if c.new == "LEAVE:sick"} == sick_days
    # the sick person's worked days need replacing (and rest days rebalancing): a few cells,
    # far fewer than re-planning the second week freely
    worked = sum(1 for c in own if c.old not in ("OFF",))
    assert len(r.changes) - len(own) <= 3 * worked
    free = replan(problem, prev, FROM, change_weight=0, time_limit=5)
    assert free.result.roster is not None
    assert len(r.changes) <= len(changes_between(problem, prev, free.result.roster, FROM))


def test_history_boundary_consecutive_days_across_from(tmp_path: Path) -> None:
    """P1 worked Mon–Thu before --from (Friday); with a cap of 4 the re-plan must give P1 Friday
    off even though the previous roster (hand-edited) had P1 working it."""
    folder = write_scenario(
        tmp_path / "s",
        staff="P1,Ann,agent,\nP2,Bob,agent,\nP3,Cid,agent,\n",
        rules="max_consecutive_work_days = 4",
    )
    problem = load_scenario(folder)
    prev_csv = write_roster(
        tmp_path / "prev" / "roster.csv",
        {
            "P1": "E E E E E - - E E E E - - -",
            "P2": "L L L - - L L L L - - L L L",
            "P3": "- - - L L E E - - L L E E -",
        },
    )
    prev = read_roster(prev_csv, problem)
    friday = dt.date(2026, 3, 6)
    assert any(v.rule == "max_consecutive_work_days" for v in check(problem, prev) if v.hard)
    r = replan(problem, prev, friday, time_limit=5)
    assert r.result.roster is not None
    new = r.result.roster
    assert not new.works("P1", friday)  # the four pinned days before count as history
    assert hard_violations(check(problem, new)) == []
    assert any(c.staff_id == "P1" and c.date == friday for c in r.changes)
    assert all(c.date >= friday for c in r.changes)


def test_new_leave_on_a_kept_day_is_an_input_error(tmp_path: Path) -> None:
    folder = write_scenario(tmp_path / "s", staff="P1,Ann,agent,\nP2,Bob,agent,\n")
    prev_csv = write_roster(
        tmp_path / "prev" / "roster.csv",
        {"P1": "E - E - E - E - E - E - E -", "P2": "- L - L - L - L - L - L - L"},
    )
    with (folder / "availability.csv").open("w", encoding="utf-8") as fh:
        fh.write("staff_id,date,kind,shift,weight\nP1,2026-03-04,leave:sick,,\n")
    problem = load_scenario(folder)
    with pytest.raises(InputError) as err:
        replan(problem, read_roster(prev_csv, problem), dt.date(2026, 3, 9), time_limit=2)
    assert err.value.file == "availability.csv" and err.value.row == 2


def test_replan_command_writes_changes_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, roster_csv = _solved(tmp_path)
    with (folder / "availability.csv").open("w", encoding="utf-8") as fh:
        fh.write("staff_id,date,kind,shift,weight\nP1,2026-03-10..2026-03-12,leave:sick,,\n")
    out = tmp_path / "re"
    argv = ["replan", str(folder), "--previous", str(roster_csv), "--from", "2026-03-09"]
    rc = main([*argv, "--out", str(out), "--time-limit", "5"])
    text = capsys.readouterr().out
    assert rc == 0
    changes = pd.read_csv(out / "changes.csv", encoding="utf-8-sig")
    assert list(changes.columns) == ["staff_id", "name", "date", "old", "new"]
    sick = changes[(changes["staff_id"] == "P1") & (changes["new"] == "LEAVE:sick")]
    assert set(sick["date"]) == {"2026-03-10", "2026-03-11", "2026-03-12"}
    assert "cell(s) changed from 2026-03-09" in text and "→ LEAVE:sick" in text
    assert (out / "roster.csv").exists()
    assert main(["check", str(folder), str(out / "roster.csv")]) == 0
    bad = main([*argv[:-1], "2026-13-01", "--out", str(out)])
    assert bad == 1


def test_infeasible_replan_blames_the_kept_days(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """P1 worked Mon–Thu (kept) and is now pinned on Friday: with a cap of 4 days in a row the
    re-plan cannot hold, and the explanation names the kept cells, the cap and the pin."""
    folder = write_scenario(
        tmp_path / "s",
        staff="P1,Ann,agent,\nP2,Bob,agent,\n",
        rules="max_consecutive_work_days = 4",
        availability="P1,2026-03-06,fixed,E,\n",
    )
    prev_csv = write_roster(
        tmp_path / "prev" / "roster.csv",
        {"P1": "E E E E - - - E E E E - - -", "P2": "L L L - L L L L - L L L - -"},
    )
    out = tmp_path / "re"
    argv = ["replan", str(folder), "--previous", str(prev_csv), "--from", "2026-03-06"]
    assert main([*argv, "--out", str(out), "--time-limit", "5"]) == 2
    text = capsys.readouterr().out
    assert "keeps the previous roster's cell on 2026-03-0" in text
    assert "Ann (P1): consecutive work days = 4" in text
    assert "pinned to E on 2026-03-06" in text
    assert (out / "explanation.txt").exists()


@pytest.mark.slow
def test_hotline_sick_call_moves_few_cells(hotline: Path) -> None:
    """A 3-day sick call in the middle of a solved hotline month: the re-plan changes the sick
    person's cells plus at most a few replacement/rebalancing shifts, never the days before."""
    problem = load_scenario(hotline)
    base = solve(problem, time_limit=30)
    assert base.roster is not None
    start = dt.date(2026, 10, 14)
    sick_days = [start + dt.timedelta(days=i) for i in range(3)]
    sick = next(
        p.staff_id
        for p in problem.staff
        if all(base.roster.works(p.staff_id, d) for d in sick_days)
    )
    with (hotline / "availability.csv").open("a", encoding="utf-8") as fh:
        fh.write(f"{sick},2026-10-14..2026-10-16,leave:sick,,\n")
    after = load_scenario(hotline)
    previous = Roster(after, dict(base.roster.cells))  # the published roster, re-read
    r = replan(after, previous, start, time_limit=20)
    assert r.result.roster is not None
    assert hard_violations(check(after, r.result.roster)) == []
    moved = shift_changes(r.changes)
    assert {c.date for c in moved if c.staff_id == sick and c.new == "LEAVE:sick"} == set(sick_days)
    others = [c for c in moved if c.staff_id != sick]
    assert len(others) <= 6, others  # about one replacement (plus its rebalancing) per day
