"""report.html: every section present, every image embedded, nothing fetched from a network."""

from __future__ import annotations

import base64
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from view_helpers import full_roster, tiny_scenario, week_problem, with_gap

from rostering import check, penalties, solve
from rostering.cli import main
from rostering.io.writers import write_csv
from rostering.report import SECTIONS, report_html, write_report
from rostering.roster import OFF, Cell, Roster


class _Page(HTMLParser):
    """Collects what the tests look at: section ids, image sources, every URL-ish attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.images: list[str] = []
        self.urls: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        a = dict(attrs)
        if tag == "section" and a.get("id"):
            self.sections.append(str(a["id"]))
        if tag == "img":
            self.images.append(str(a.get("src")))
        for key in ("src", "href", "action", "data", "poster"):
            if a.get(key):
                self.urls.append(str(a[key]))


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def _assert_self_contained(text: str) -> _Page:
    page = _parse(text)
    assert page.sections == list(SECTIONS)
    assert len(page.images) >= 5  # grid, heatmap, day, hours, fairness
    for src in page.images:
        assert src.startswith("data:image/png;base64,")
        png = base64.b64decode(src.split(",", 1)[1], validate=True)
        assert png.startswith(b"\x89PNG") and len(png) > 2000
    assert all(u.startswith(("data:", "#")) for u in page.urls), page.urls
    assert not re.search(r"https?://", text)
    assert "script" not in page.tags and "link" not in page.tags
    return page


def _summary_value(text: str, label: str) -> str:
    m = re.search(
        rf"<th class=\"t\">{re.escape(html.escape(label))}</th><td class=\"t\">([^<]*)</td>", text
    )
    assert m, label
    return m.group(1)


def test_report_of_a_roster_file_has_every_section_and_the_true_numbers() -> None:
    p = week_problem()
    r = with_gap(full_roster(p))
    text = report_html(p, r)
    _assert_self_contained(text)
    assert _summary_value(text, "Shortfall below min") == "6 person-slots"
    assert _summary_value(text, "Hard rules broken") == "0"
    expected = sum(penalties(check(p, r)).values())
    assert _summary_value(text, "Objective (check's penalties)") == f"{expected:,.2f}"
    assert _summary_value(text, "Best bound") == "—"
    assert "2026-10-04 08:00–14:00 any skill" in text  # the gap, listed in planner words
    assert "Person A" in text and "holiday_premium" in text  # grid table and payroll table


def test_report_of_a_solve_shows_status_bound_and_gap(tmp_path: Path) -> None:
    p = week_problem()
    result = solve(p, time_limit=3, workers=1)
    assert result.roster is not None
    path = write_report(tmp_path, p, result.roster, result=result)
    text = path.read_text(encoding="utf-8")
    _assert_self_contained(text)
    assert _summary_value(text, "Status") == result.status
    assert _summary_value(text, "Best bound") == f"{result.bound:,.2f}"
    assert _summary_value(text, "Gap").endswith("%")


def test_report_lists_hard_violations_and_escapes_names(tmp_path: Path) -> None:
    p = week_problem()
    p = p.model_copy(
        update={"staff": (p.staff[0].model_copy(update={"name": "<b>x</b>"}), *p.staff[1:])}
    )
    idle = Roster(p, {(s.staff_id, d): Cell(OFF) for s in p.staff for d in p.days})
    text = report_html(p, idle)
    _assert_self_contained(text)
    hard = [v for v in check(p, idle) if v.hard]
    assert hard and _summary_value(text, "Hard rules broken") == str(len(hard))
    assert "&lt;b&gt;x&lt;/b&gt;" in text and "<b>x</b>" not in text


def test_report_command_and_solve_report(tmp_path: Path) -> None:
    scen = tiny_scenario(tmp_path / "tiny")
    out = tmp_path / "solved"
    assert main(["solve", str(scen), "--out", str(out), "--time-limit", "3", "--report"]) == 0
    solved = (out / "report.html").read_text(encoding="utf-8")
    _assert_self_contained(solved)
    assert _summary_value(solved, "Status") in ("OPTIMAL", "FEASIBLE")

    # the report command on the roster just written, and on a hand-edited one with a gap
    again = tmp_path / "again"
    assert (
        main(["report", str(scen), "--roster", str(out / "roster.csv"), "--out", str(again)]) == 0
    )
    _assert_self_contained((again / "report.html").read_text(encoding="utf-8"))
    rows = [
        {
            "staff_id": s,
            "date": f"2026-10-{d:02d}",
            "shift": OFF if d == 6 else ("D" if s == "A" else OFF),
        }
        for s in ("A", "B", "C")
        for d in range(5, 12)
    ]
    edited = tmp_path / "edited.csv"
    write_csv(edited, pd.DataFrame(rows))
    gap_dir = tmp_path / "gap"
    assert main(["report", str(scen), "--roster", str(edited), "--out", str(gap_dir)]) == 0
    gap_text = (gap_dir / "report.html").read_text(encoding="utf-8")
    assert _summary_value(gap_text, "Shortfall below min") == "8 person-slots"


def test_report_command_rejects_a_missing_roster(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scen = tiny_scenario(tmp_path / "tiny")
    code = main(
        ["report", str(scen), "--roster", str(tmp_path / "nope.csv"), "--out", str(tmp_path)]
    )
    assert code == 1
    assert "nope.csv" in capsys.readouterr().err
    assert not (tmp_path / "report.html").exists()


def _section_html(text: str, key: str) -> str:
    m = re.search(rf'<section id="{key}">(.*?)</section>', text, re.S)
    assert m, key
    return m.group(1)


def test_each_section_holds_its_charts_and_one_row_per_person() -> None:
    p = week_problem()
    r = with_gap(full_roster(p))
    text = report_html(p, r)
    n = len(p.staff)
    images = {k: _section_html(text, k).count("<img ") for k in SECTIONS}
    assert images == {
        "summary": 0,
        "grid": 1,
        "coverage": 2,
        "hours": 1,
        "fairness": 1,
        "violations": 0,
        "warnings": 0,
        "payroll": 0,
    }
    # header row + one row per person (the grid table also has one per person)
    assert _section_html(text, "payroll").count("<tr>") == n + 1
    assert _section_html(text, "hours").count("<tr>") == n + 1
    assert _section_html(text, "grid").count("<tr>") == n + 1
    assert "Every hard rule holds." in _section_html(text, "summary")
