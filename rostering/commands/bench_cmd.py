"""``rostering bench curtois``: solve a Curtois–Qu benchmark instance and write its solution."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rostering.bench import run_curtois, write_solution
from rostering.commands.common import EXIT_NO_SOLUTION, EXIT_OK, say
from rostering.solve import Progress


def run(args: argparse.Namespace) -> int:
    """Solve, score with ``check``, write ``employee,day,shift`` rows, print the numbers."""

    def show(p: Progress) -> None:
        if not args.quiet:
            print(
                f"  {p.elapsed:6.1f}s  objective {p.objective:,.0f}  bound {p.bound:,.0f}  "
                f"gap {p.gap:.2%}",
                file=sys.stderr,
            )

    bench = run_curtois(
        args.instance,
        args.time_limit,
        workers=args.workers,
        seed=args.seed,
        lns=not args.plain,
        on_progress=show,
    )
    res = bench.result
    if res.roster is None or bench.objective is None:
        print(f"No roster found within {args.time_limit:g} s (status {res.status}).")
        return EXIT_NO_SOLUTION
    if bench.hard:  # never publish a roster that fails the product's own check
        print("Internal error: the solver's roster breaks hard rules:")
        for v in bench.hard[:20]:
            print(f"  - [{v.rule}] {v.message}")
        return EXIT_NO_SOLUTION
    write_solution(args.out, bench.problem, res.roster)
    assert res.objective is not None
    # a person-by-person run (long periods) has no model of everyone, so no proven bound
    bound = "— (none proven)" if res.bound is None else f"{res.bound:g}"
    gap = "—" if res.gap is None else f"{res.gap:.2%}"
    print(
        f"{Path(args.instance).name}: objective {bench.objective:g}  bound {bound}  "
        f"gap {gap}  time {res.runtime:.1f} s  status {res.status}"
    )
    if abs(bench.objective - res.objective) > 1e-6:
        print(f"warning: the solver reported {res.objective:g}, check scores {bench.objective:g}")
    say(args, f"Wrote {args.out}")
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``bench`` and its ``curtois`` sub-command to the parser."""
    bench = sub.add_parser("bench", help="run a published benchmark instance")
    kinds = bench.add_subparsers(dest="benchmark", required=True)
    s = kinds.add_parser(
        "curtois",
        help="a Curtois–Qu employee shift scheduling instance (InstanceN.txt)",
        description="Solve a Curtois–Qu instance; write employee,day,shift rows (0-based days, "
        "days off omitted); print objective, bound, gap and time.",
    )
    s.add_argument("instance", help="InstanceN.txt")
    s.add_argument("--out", required=True, help="solution CSV to write")
    s.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    s.add_argument("--workers", type=int, default=2)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument(
        "--plain", action="store_true", help="one plain CP-SAT run instead of CP-SAT + LNS"
    )
    s.add_argument("--quiet", action="store_true")
    s.set_defaults(func=run)
