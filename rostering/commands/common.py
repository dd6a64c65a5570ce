"""Small helpers shared by sub-commands."""

from __future__ import annotations

import argparse

EXIT_OK, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_NO_SOLUTION = 0, 1, 2, 3


def say(args: argparse.Namespace, text: str = "") -> None:
    """Print unless ``--quiet``."""
    if not getattr(args, "quiet", False):
        print(text)
