"""payroll.csv and warnings.txt writers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rostering.io.lang import headers
from rostering.io.writers import atomic_write_text, write_csv
from rostering.payroll import MONEY_COLUMNS


def payroll_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The payroll table as payroll.csv shows it: money always with 2 decimals (``1000.00``).

    >>> import pandas as pd
    >>> payroll_csv_frame(pd.DataFrame({"overtime_pay": [1000.0, 0.5]}))["overtime_pay"].tolist()
    ['1000.00', '0.50']
    """
    out = frame.copy()
    for col in MONEY_COLUMNS:
        if col in out.columns:
            out[col] = [f"{float(v):.2f}" for v in out[col]]
    return out


def write_payroll_csv(path: str | Path, frame: pd.DataFrame, *, lang: str = "en") -> Path:
    """Write payroll.csv (UTF-8 with BOM, formula-safe, atomic) from :func:`payroll_table`.

    >>> # write_payroll_csv("out/payroll.csv", payroll_table(problem, roster), lang="zh")
    """
    path = Path(path)
    write_csv(path, payroll_csv_frame(frame), headers=headers(lang))
    return path


def write_warnings(path: str | Path, lines: list[str]) -> Path | None:
    """Write warnings.txt, one warning a line; remove a stale one when there is nothing to say."""
    path = Path(path)
    if not lines:
        path.unlink(missing_ok=True)
        return None
    atomic_write_text(path, "\n".join(lines) + "\n", bom=True)
    return path
