"""benchmarks/results_md.py: a script's section of RESULTS.md is replaced in place, and text
that others wrote inside its markers is never dropped."""

from __future__ import annotations

import doctest
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH))

import results_md  # noqa: E402


def test_examples() -> None:
    assert doctest.testmod(results_md).failed == 0


def test_a_section_is_replaced_and_the_rest_kept(tmp_path: Path) -> None:
    p = tmp_path / "R.md"
    p.write_text("# R\n\nbefore\n<!-- s -->\n## T\nold\n<!-- /s -->\nafter\n")
    results_md.replace_section("<!-- s -->\n## T\nnew\n<!-- /s -->", "<!-- s -->", "<!-- /s -->", p)
    assert p.read_text() == "# R\n\nbefore\n<!-- s -->\n## T\nnew\n<!-- /s -->\nafter\n"


def test_notes_written_inside_the_markers_stop_the_replacement(tmp_path: Path) -> None:
    p = tmp_path / "R.md"
    text = "<!-- s -->\n### Notes of a session\nkeep me\n## T\nold\n<!-- /s -->\n"
    p.write_text(text)
    with pytest.raises(ValueError, match="Notes of a session"):
        results_md.replace_section(
            "<!-- s -->\n## T\nnew\n<!-- /s -->", "<!-- s -->", "<!-- /s -->", p
        )
    assert p.read_text() == text  # untouched
