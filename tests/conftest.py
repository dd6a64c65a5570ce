"""Shared fixtures: the repository's scenario folders and writable copies of them."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SCENARIOS = ROOT / "scenarios"

# tests/helpers.py is imported as ``helpers`` from every sub-folder
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))


def scenario_dirs() -> list[Path]:
    """Every scenario folder present (so scenarios added later are tested too)."""
    return sorted(p for p in SCENARIOS.iterdir() if (p / "scenario.toml").exists())


@pytest.fixture
def hotline(tmp_path: Path) -> Path:
    """A writable copy of scenarios/hotline, to break one thing in."""
    dst = tmp_path / "hotline"
    shutil.copytree(SCENARIOS / "hotline", dst)
    return dst
