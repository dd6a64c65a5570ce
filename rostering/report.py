"""One self-contained ``report.html`` for a roster: summary, charts and tables in a single file.

Charts are embedded as base64 PNG ``data:`` URIs and the styles are inline, so the file opens
offline, can be mailed as one attachment, and makes no network request.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from rostering.check import check, hard_violations, penalties
from rostering.io.writers import atomic_write_text
from rostering.payroll import payroll_table
from rostering.plot import (
    fairness_table,
    hours_table,
    plot_coverage_day,
    plot_coverage_heatmap,
    plot_fairness,
    plot_grid,
    plot_hours,
    png_bytes,
)
from rostering.plot._common import code_colour, shift_colours
from rostering.problem import DayType, Problem
from rostering.roster import Roster
from rostering.rules import Violation
from rostering.rules.coverage import coverage_table, shortfall_by_day
from rostering.solve import Result
from rostering.warnings import payroll_warnings

SECTIONS = ("summary", "grid", "coverage", "hours", "fairness", "violations", "warnings", "payroll")

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Microsoft YaHei",
sans-serif;margin:1.5em auto;max-width:1400px;padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;padding-top:.6em}
table{border-collapse:collapse;font-size:.85em;margin:.5em 0}
td,th{border:1px solid #ddd;padding:2px 6px;text-align:right}
th{background:#f4f4f4}td.t,th.t{text-align:left}
img{max-width:100%;height:auto;display:block;margin:.5em 0}
nav a{margin-right:1em}.bad{color:#c00000;font-weight:bold}.ok{color:#1a7f37}
table.grid td{text-align:center;padding:1px 3px;min-width:1.6em}
table.grid th.hol{color:#c00000}
"""


def report_html(
    problem: Problem, roster: Roster, *, result: Result | None = None, title: str | None = None
) -> str:
    """The report as one HTML string.

    ``result`` (from :func:`rostering.solve`) adds the solver's status, bound and gap; without it
    (a roster read from a file) the objective is recomputed from ``check``'s penalties, which
    equal the solver's by construction, and the bound is unknown.

    >>> from rostering import load_scenario, solve
    >>> from rostering.report import report_html
    >>> problem = load_scenario("scenarios/hotline")  # doctest: +SKIP
    >>> page = report_html(problem, solve(problem, time_limit=10).roster)  # doctest: +SKIP
    """
    violations = check(problem, roster)
    name = title or problem.period.name or "Roster"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(name)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(name)}</h1>",
        "<nav>" + "".join(f'<a href="#{s}">{s}</a>' for s in SECTIONS) + "</nav>",
        _summary(problem, roster, violations, result),
        _grid(problem, roster),
        _coverage(problem, roster, violations),
        _hours(problem, roster),
        _fairness(problem, roster),
        _violations(violations),
        _warnings(problem, roster),
        _payroll(problem, roster),
        f"<p><small>Generated {dt.datetime.now():%Y-%m-%d %H:%M} by rostering.</small></p>",
        "</body></html>",
    ]
    return "\n".join(parts)


def write_report(
    out: str | Path, problem: Problem, roster: Roster, *, result: Result | None = None
) -> Path:
    """Write ``report.html`` into the folder ``out`` (atomically); returns its path.

    >>> # write_report("out/", problem, result.roster, result=result)
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "report.html"
    atomic_write_text(path, report_html(problem, roster, result=result))
    return path


# -- sections ----------------------------------------------------------------------------------


def _section(key: str, heading: str, *body: str) -> str:
    return f'<section id="{key}"><h2>{_e(heading)}</h2>\n' + "\n".join(body) + "\n</section>"


def _summary(
    problem: Problem, roster: Roster, violations: list[Violation], result: Result | None
) -> str:
    pens = penalties(violations)
    hard = hard_violations(violations)
    shortfall = int(coverage_table(problem, roster)["shortfall"].sum())
    if result is not None:
        status = result.status
        objective = result.objective
        bound, gap = result.bound, result.gap
        runtime = f"{result.runtime:.1f} s"
    else:
        status = "not solved here (roster read from a file)"
        objective = round(sum(pens.values()), 6)
        bound = gap = None
        runtime = "—"
    rows = [
        ("Period", f"{problem.period.start} – {problem.period.end} ({len(problem.days)} days)"),
        ("Staff", str(len(problem.staff))),
        ("Status", status),
        ("Objective" if result is not None else "Objective (check's penalties)", _num(objective)),
        ("Best bound", _num(bound)),
        ("Gap", "—" if gap is None else f"{gap:.2%}"),
        ("Solve time", runtime),
        ("Shortfall below min", f"{shortfall} person-slots"),
        ("Hard rules broken", str(len(hard))),
    ]
    table = "<table>" + "".join(
        f'<tr><th class="t">{_e(k)}</th><td class="t">{_e(v)}</td></tr>' for k, v in rows
    )
    table += "</table>"
    verdict = (
        '<p class="ok">Every hard rule holds.</p>'
        if not hard
        else f'<p class="bad">{len(hard)} hard rule violation(s): see Violations.</p>'
    )
    ranked: list[tuple[str, float]] = sorted(pens.items(), key=lambda kv: -kv[1])
    pen_rows = pd.DataFrame(ranked, columns=["rule", "penalty"])
    pen_html = (
        "<h3>Penalty by rule</h3>" + _frame(pen_rows) if len(pen_rows) else "<p>No penalties.</p>"
    )
    return _section("summary", "Summary", table, verdict, pen_html)


def _grid(problem: Problem, roster: Roster) -> str:
    colours = shift_colours(problem)
    head = "".join(
        f'<th class="{"hol" if problem.day_types[d] == DayType.HOLIDAY else ""}" '
        f'title="{problem.day_types[d]}">{d.day}<br>{"MTWTFSS"[d.weekday()]}</th>'
        for d in problem.days
    )
    body = []
    for person in problem.staff:
        cells = []
        for d in problem.days:
            c = roster.cell(person.staff_id, d)
            code = c.code if c is not None else ""
            short = "L" if code.startswith("LEAVE:") else ("U" if code == "UNAVAILABLE" else code)
            shown = "" if code == "OFF" else short
            cells.append(
                f'<td style="background:{code_colour(colours, code)}" title="{_e(code)}">'
                f"{_e(shown)}</td>"
            )
        body.append(
            f'<tr><th class="t">{_e(person.staff_id)}</th><th class="t">{_e(person.name)}</th>'
            + "".join(cells)
            + "</tr>"
        )
    table = (
        '<table class="grid"><tr><th class="t">id</th><th class="t">name</th>'
        + head
        + "</tr>"
        + "".join(body)
        + "</table>"
    )
    return _section(
        "grid",
        "Roster grid",
        _img(plot_grid(roster, problem), "roster grid: people by days, coloured by shift"),
        "<details><summary>The grid as a table (names, leave marked L, unavailable U)</summary>"
        + table
        + "</details>",
    )


def _coverage(problem: Problem, roster: Roster, violations: list[Violation]) -> str:
    table = coverage_table(problem, roster)
    by_day = shortfall_by_day(table)
    worst = max(by_day, key=lambda d: by_day[d]) if by_day else problem.days[0]
    gaps = [v.message for v in violations if v.rule == "coverage" and v.dates]
    gap_html = (
        "<ul>" + "".join(f"<li>{_e(m)}</li>" for m in gaps) + "</ul>"
        if gaps
        else '<p class="ok">Every slot meets its minimum cover.</p>'
    )
    per_day = pd.DataFrame(
        [(d.isoformat(), n) for d, n in sorted(by_day.items())],
        columns=["date", "person-slots below min"],
    )
    label = "the day with most shortfall" if by_day else "the first day"
    return _section(
        "coverage",
        "Coverage against demand",
        _img(plot_coverage_heatmap(roster, problem), "coverage heatmap, gaps in red"),
        f"<p>Slot by slot on {worst} ({label}):</p>",
        _img(plot_coverage_day(roster, problem, worst), f"coverage on {worst}"),
        "<h3>Gaps below the minimum</h3>",
        gap_html,
        _frame(per_day) if len(per_day) else "",
    )


def _hours(problem: Problem, roster: Roster) -> str:
    t = hours_table(problem, roster)
    return _section(
        "hours",
        "Hours against the band",
        _img(plot_hours(roster, problem), "paid hours per person against the band"),
        _frame(t),
    )


def _fairness(problem: Problem, roster: Roster) -> str:
    t = fairness_table(problem, roster)
    kinds = ["nights", "weekends", "holidays"]
    # the fairness rule compares counts with history.csv days included
    total = t[["role"]].assign(**{k: t[k] + t[f"{k}_history"] for k in kinds})
    grouped = total.groupby("role")[kinds]
    spread = (grouped.max() - grouped.min()).reset_index()
    spread = spread.rename(columns={"role": "role (max − min, history included)"})
    return _section(
        "fairness",
        "Fairness: nights, weekends and holidays worked",
        _img(plot_fairness(roster, problem), "nights, weekends and holidays per person"),
        _frame(spread),
        _frame(t),
    )


def _violations(violations: list[Violation]) -> str:
    if not violations:
        return _section("violations", "Violations", '<p class="ok">None.</p>')
    rows = pd.DataFrame(
        [
            (v.rule, "hard" if v.hard else "soft", v.message, v.penalty)
            for v in violations
            if not (v.rule == "coverage" and v.dates)  # listed under Coverage already
        ],
        columns=["rule", "kind", "message", "penalty"],
    )
    return _section("violations", "Violations", _frame(rows, left=("rule", "kind", "message")))


def _warnings(problem: Problem, roster: Roster) -> str:
    warns = payroll_warnings(problem, roster)
    body = (
        "<ul>" + "".join(f"<li>{_e(str(w))}</li>" for w in warns) + "</ul>"
        if warns
        else '<p class="ok">No payroll warnings.</p>'
    )
    return _section("warnings", "Payroll warnings", body)


def _payroll(problem: Problem, roster: Roster) -> str:
    return _section("payroll", "Payroll", _frame(payroll_table(problem, roster)))


# -- helpers -----------------------------------------------------------------------------------


def _img(ax: Axes, alt: str) -> str:
    data = base64.b64encode(png_bytes(ax)).decode("ascii")
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{data}">'


def _frame(df: pd.DataFrame, left: tuple[str, ...] = ("staff_id", "name", "role", "rule")) -> str:
    head = "".join(f'<th class="{"t" if c in left else ""}">{_e(str(c))}</th>' for c in df.columns)
    rows = []
    for rec in df.itertuples(index=False):
        cells = "".join(
            f'<td class="{"t" if c in left else ""}">{_e(_cell(v))}</td>'
            for c, v in zip(df.columns, rec, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _cell(v: object) -> str:
    if isinstance(v, bool | np.bool_):
        return "yes" if v else "no"
    if isinstance(v, float):
        return "—" if v != v else f"{v:,.2f}"
    return str(v)


def _num(v: float | None) -> str:
    return "—" if v is None else f"{v:,.2f}"


def _e(text: str) -> str:
    return html.escape(text, quote=True)
