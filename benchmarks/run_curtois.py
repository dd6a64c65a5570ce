"""Run the product on the Curtois–Qu instances 1–24 and record the numbers in RESULTS.md.

Each instance is imported into the planner's ``Problem``, solved with ``rostering.solve``, its
solution file written and read back, and scored with the product's own ``check`` (the sum of
its soft penalties). The ``curtois`` section of benchmarks/RESULTS.md is rewritten (other
sections are left alone) with: instance, ours, bound, best known, ratio, time.

Usage::

    python benchmarks/run_curtois.py [--time-limit 60] [--workers 2] [--instances 1-24]
        [--data ../shared/benchmarks/curtois] [--solutions DIR] [--note TEXT]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import os
import platform
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from results_md import RESULTS, cpu_model, replace_section

from rostering.bench import read_solution, run_curtois, score, write_solution

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT.parent / "shared" / "benchmarks" / "curtois"
START, END = "<!-- curtois-bench:start -->", "<!-- curtois-bench:end -->"


def _machine() -> str:
    try:
        uname = subprocess.run(["uname", "-a"], capture_output=True, text=True).stdout.strip()
    except OSError:
        uname = platform.platform()
    return f"`{uname}`, {cpu_model()}, nproc {os.cpu_count()}"


def _load(avg: tuple[float, float, float]) -> str:
    return "/".join(f"{x:.1f}" for x in avg)


def parse_numbers(spec: str) -> list[int]:
    """``1-8`` or ``1,3,5`` or ``1-4,9`` → numbers (instances, seeds)."""
    out: list[int] = []
    for part in spec.split(","):
        a, _, b = part.partition("-")
        out.extend(range(int(a), int(b or a) + 1))
    return out


def _best_known(data: Path) -> dict[str, tuple[int, int]]:
    with (data / "best_known.csv").open(newline="") as fh:
        return {
            r["instance"]: (int(r["lower_bound"]), int(r["upper_bound"]))
            for r in csv.DictReader(fh)
        }


def run_one(
    number: int, data: Path, out_dir: Path, time_limit: float, workers: int, seed: int, lns: bool
) -> dict:
    """Solve one instance; return its row of numbers (ours = check's objective of the file)."""
    name = f"Instance{number}"
    run = run_curtois(
        data / "instances" / f"{name}.txt", time_limit, workers=workers, seed=seed, lns=lns
    )
    res = run.result
    row: dict = {"name": name, "status": res.status, "time": res.runtime, "bound": res.bound}
    if res.roster is None:
        row["ours"] = None
        return row
    sol = out_dir / f"{name}.csv"
    write_solution(sol, run.problem, res.roster)
    # score the written file, not the in-memory roster: that is what a scorer would read
    ours, hard = score(run.problem, read_solution(sol, run.problem))
    row.update(ours=ours, hard=len(hard), solver=res.objective)
    return row


def _fmt(v: float | None, spec: str = "g") -> str:
    return "—" if v is None else format(v, spec)


def main() -> int:
    """Run the benchmark and rewrite the curtois section of RESULTS.md."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--instances", default="1-24", help="e.g. 1-8 or 1,2,5 (default 1-24)")
    ap.add_argument("--data", type=Path, default=DATA, help="the shared curtois folder")
    ap.add_argument("--solutions", type=Path, help="keep solution CSVs here (default: temp)")
    ap.add_argument("--plain", action="store_true", help="plain CP-SAT, no LNS (comparison)")
    ap.add_argument("--note", default="", help="a remark recorded with the results")
    ap.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md")
    args = ap.parse_args()
    if not (args.data / "instances").is_dir():
        print(f"no Curtois data in {args.data}", file=sys.stderr)
        return 1
    best = _best_known(args.data)
    out_dir = args.solutions or Path(tempfile.mkdtemp(prefix="curtois-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now(dt.UTC)
    load_start = os.getloadavg()
    lines = []
    ratios = []
    for n in parse_numbers(args.instances):
        r = run_one(n, args.data, out_dir, args.time_limit, args.workers, args.seed, not args.plain)
        lb, ub = best[r["name"]]
        ratio = r["ours"] / ub if r["ours"] is not None else None
        if ratio is not None:
            ratios.append(ratio)
        flag = "" if not r.get("hard") else f" ({r['hard']} HARD VIOLATIONS)"
        mark = " (opt)" if r["ours"] is not None and r["ours"] <= lb else ""
        line = (
            f"| {r['name']} | {_fmt(r['ours'])}{mark}{flag} | {_fmt(r['bound'])} | "
            f"{ub if lb == ub else f'{lb}–{ub}'} | {_fmt(ratio, '.4f')} | {r['time']:.1f} | "
            f"{r['status']} |"
        )
        print(line, flush=True)
        lines.append(line)
    geo = math.exp(sum(math.log(x) for x in ratios) / len(ratios)) if ratios else None
    shown = []  # the command as run, the note left out (it is printed on its own line)
    skip = False
    for a in sys.argv[1:]:
        if skip or a == "--note":
            skip = not skip
            continue
        shown.append(shlex.quote(a))
    cmd = " ".join(["python benchmarks/" + Path(__file__).name, *shown])
    load_end = os.getloadavg()
    section = "\n".join(
        [
            START,
            "## Curtois–Qu employee shift scheduling (issue 6)",
            "",
            f"- date: {started:%Y-%m-%d %H:%M} UTC; machine: {_machine()}",
            f"- load average (1/5/15 min) at start {_load(load_start)}, at end {_load(load_end)}",
            f"- command: `{cmd}`",
            f"- time limit {args.time_limit:g} s per instance (model build included), "
            f"{args.workers} workers, seed {args.seed}, "
            + ("plain CP-SAT (`--plain`)" if args.plain else "CP-SAT + LNS (rostering.lns)"),
            "- ours = the product's own `check` objective (sum of soft penalties) of the written "
            "solution file; bound = the proven lower bound (the highest of CP-SAT's, column "
            "generation's and the weekend caps' (rostering.weekend_bound); — when none); "
            "best known from "
            "shared/benchmarks/curtois/best_known.csv (lb–ub when not closed); "
            "ratio = ours / best-known upper bound; (opt) = equals the best lower bound",
            *([f"- note: {args.note}"] if args.note else []),
            "",
            "| instance | ours | bound | best known | ratio | time (s) | status |",
            "|---|---|---|---|---|---|---|",
            *lines,
            "",
            f"Geometric-mean ratio over {len(ratios)} instance(s): {_fmt(geo, '.4f')}",
            END,
        ]
    )
    print(section if args.no_write else section.splitlines()[-2])
    if not args.no_write:
        replace_section(section, START, END)
        print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
