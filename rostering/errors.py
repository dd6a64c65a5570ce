"""The one error type every bad planner input becomes."""

from __future__ import annotations

from typing import Any


class InputError(Exception):
    """Bad planner input, located precisely enough to fix it in a spreadsheet.

    Parameters
    ----------
    file:
        File name as the planner knows it (``staff.csv``, ``scenario.toml``).
    expected:
        What would have been accepted, in planner words.
    row:
        1-based row number with the header as row 1 (CSV/XLSX); ``None`` for TOML or whole files.
    column:
        Column name (CSV) or dotted key (TOML).
    value:
        The offending value as read.

    Examples
    --------
    >>> str(InputError("staff.csv", "a unique id", row=4, column="staff_id", value="A1"))
    "staff.csv, row 4, column 'staff_id': value 'A1' — expected a unique id"
    """

    def __init__(
        self,
        file: str,
        expected: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: Any = None,
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.value = value
        self.expected = expected
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The error in one planner-readable line."""
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"{'key' if self.file.endswith('.toml') else 'column'} '{self.column}'")
        text = ", ".join(where)
        if self.value is not None:
            text += f": value {str(self.value)!r}"
        return f"{text} — expected {self.expected}"
