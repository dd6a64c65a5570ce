"""The ``rostering`` command line: parse arguments, call the library, map outcomes to exit codes.

Exit codes: 0 roster written and every hard rule holds · 1 bad input · 2 infeasible ·
3 no solution within the time limit. The sub-commands live in :mod:`rostering.commands`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from rostering.commands import COMMANDS
from rostering.commands.common import EXIT_INPUT, EXIT_OK
from rostering.errors import InputError


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on a bad command line; here 2 means infeasible, so bad input is 1."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"{self.prog}: error: {message}\n")


def parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    ap = _Parser(prog="rostering", description="Monthly rosters with CP-SAT.")
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for module in COMMANDS:
        module.register(sub)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``rostering`` console script.

    >>> main(["check", "no/such/folder", "roster.csv"])  # doctest: +SKIP
    1
    """
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except InputError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:
        # `rostering check ... | head`: the reader left; that is not an error of ours
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
