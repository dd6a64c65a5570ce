"""Reading planner tables (CSV, or XLSX beside it) with row numbers kept for error messages."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rostering.errors import InputError

T = TypeVar("T")


@dataclass(frozen=True)
class Row:
    """One data row: its 1-based row number (header = 1) and its cells by column name."""

    file: str
    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The stripped cell text ('' when the column is absent or empty)."""
        return (self.cells.get(column) or "").strip()

    def parse(self, column: str, fn: Callable[[str], T], expected: str) -> T:
        """Parse a cell with ``fn``; any failure becomes an :class:`InputError` naming the cell."""
        text = self.get(column)
        try:
            return fn(text)
        except (ValueError, TypeError, KeyError):
            raise self.error(column, text, expected) from None

    def error(self, column: str | None, value: object, expected: str) -> InputError:
        """An :class:`InputError` located at this row."""
        return InputError(self.file, expected, row=self.number, column=column, value=value)


def table_path(folder: Path, stem: str) -> Path | None:
    """The CSV for ``stem`` in ``folder``, else an XLSX of that name, else ``None``."""
    for ext in (".csv", ".xlsx"):
        p = folder / f"{stem}{ext}"
        if p.exists():
            return p
    return None


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    for values in ws.iter_rows(values_only=True):
        out = []
        for v in values:
            if v is None:
                out.append("")
            elif isinstance(v, dt.time):
                # a time typed into Excel (08:00) is a time cell, not text: read it as HH:MM
                out.append(v.strftime("%H:%M") if not v.second else v.isoformat())
            elif hasattr(v, "isoformat") and not isinstance(v, str):
                text = v.isoformat()
                out.append(text[:10] if text.endswith("T00:00:00") else text)
            elif isinstance(v, float) and v.is_integer():
                out.append(str(int(v)))
            else:
                out.append(str(v))
        yield out
    wb.close()


def read_table(
    path: Path,
    *,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    aliases: dict[str, str] | None = None,
) -> list[Row]:
    """Read a planner table, insisting on the required columns and rejecting unknown ones.

    ``aliases`` maps other header names (the Chinese headers of ``--lang zh`` outputs) to the
    column names used here.

    Blank lines are skipped. Header names are matched case-insensitively after trimming.
    """
    name = path.name
    try:
        if path.suffix.lower() == ".xlsx":
            raw = list(_xlsx_rows(path))
        else:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                raw = list(csv.reader(fh))
    except UnicodeDecodeError:
        raise InputError(name, "a UTF-8 text file") from None
    except OSError as exc:
        raise InputError(name, f"a readable file ({exc.strerror})") from None
    except csv.Error as exc:
        raise InputError(name, f"well-formed CSV ({exc})") from None
    if not raw or not any(c.strip() for c in raw[0]):
        raise InputError(name, f"a header row with columns {', '.join(required)}", row=1)
    header = [c.strip().lower() for c in raw[0]]
    if aliases:
        header = [aliases.get(c, c) for c in header]
    known = set(required) | set(optional)
    for i, col in enumerate(header):
        if col not in known:
            raise InputError(
                name,
                f"one of the columns {', '.join(sorted(known))}",
                row=1,
                column=raw[0][i].strip() or f"#{i + 1}",
                value=raw[0][i],
            )
    seen: set[str] = set()
    for col in header:
        if col in seen:
            raise InputError(name, "each column once", row=1, column=col, value=col)
        seen.add(col)
    for col in required:
        if col not in header:
            raise InputError(name, f"a column named '{col}'", row=1, column=col)
    rows = []
    for n, values in enumerate(raw[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header) and any(v.strip() for v in values[len(header) :]):
            raise InputError(
                name, f"at most {len(header)} cells as in the header", row=n, value=values
            )
        cells = {header[i]: (values[i] if i < len(values) else "") for i in range(len(header))}
        rows.append(Row(name, n, cells))
    return rows
