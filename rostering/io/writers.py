"""Atomic, formula-safe writers for every output file."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

import pandas as pd

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: object) -> object:
    """Neutralise spreadsheet formulas: text starting with = + - @ tab or CR gets a leading '.

    Numbers are left alone (a negative number is not a formula).

    >>> safe_text("=HYPERLINK(1)"), safe_text(-3), safe_text("王芳")
    ("'=HYPERLINK(1)", -3, '王芳')
    """
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600); an output file gets the usual permissions
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str, *, bom: bool = False) -> None:
    """Atomic UTF-8 text (optionally with a BOM so Excel reads Chinese names)."""
    atomic_write_bytes(path, (("\ufeff" if bom else "") + text).encode("utf-8"))


def write_csv(
    path: Path, frame: pd.DataFrame, *, bom: bool = True, headers: dict[str, str] | None = None
) -> None:
    """A DataFrame as CSV, atomically, with every text cell formula-safe."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([safe_text((headers or {}).get(str(c), str(c))) for c in frame.columns])
    for row in frame.itertuples(index=False):
        w.writerow([_fmt(v) for v in row])
    atomic_write_text(path, buf.getvalue(), bom=bom)


def _fmt(v: object) -> object:
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".") if v == v else ""
    return safe_text(v)
