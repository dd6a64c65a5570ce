"""One module per sub-command; each exposes ``register(subparsers)``. Adding a command is one
module plus one line in ``COMMANDS``."""

from __future__ import annotations

from rostering.commands import (
    bench_cmd,
    check_cmd,
    explain_cmd,
    payroll_cmd,
    replan_cmd,
    report_cmd,
    solve_cmd,
    swap_cmd,
)

COMMANDS = (
    solve_cmd,
    check_cmd,
    explain_cmd,
    bench_cmd,
    payroll_cmd,
    report_cmd,
    replan_cmd,
    swap_cmd,
)
