"""``rostering explain``: why a scenario cannot be rostered."""

from __future__ import annotations

import argparse
from typing import Any

from rostering.commands.common import EXIT_OK
from rostering.explain import explain
from rostering.io import load_scenario


def run(args: argparse.Namespace) -> int:
    """Print the explanation."""
    problem = load_scenario(args.scenario, strict_cover=args.strict_cover)
    print(explain(problem, time_limit=args.time_limit))
    return EXIT_OK


def register(sub: Any) -> None:
    """Add the sub-command to the parser."""
    e = sub.add_parser("explain", help="why a scenario cannot be rostered")
    e.add_argument("scenario")
    e.add_argument("--time-limit", type=float, default=20.0)
    e.add_argument("--strict-cover", action="store_true")
    e.set_defaults(func=run)
