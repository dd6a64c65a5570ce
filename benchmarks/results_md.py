"""benchmarks/RESULTS.md is shared by several benchmark scripts: each owns one marked section."""

from __future__ import annotations

import platform
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def replace_section(section: str, start: str, end: str, path: Path = RESULTS) -> None:
    """Put ``section`` (which begins with ``start`` and ends with ``end``) in place of the text
    between those markers, or append it when the file has no such section yet.

    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "R.md"
    >>> replace_section("<!-- a -->x<!-- /a -->", "<!-- a -->", "<!-- /a -->", p)
    >>> replace_section("<!-- a -->y<!-- /a -->", "<!-- a -->", "<!-- /a -->", p)
    >>> p.read_text().count("y"), p.read_text().count("x")
    (1, 0)
    """
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if start in text and end in text:
        old = text[text.index(start) : text.index(end)]
        # text someone wrote inside the markers would be lost: a re-run of the pyworkforce
        # table once wiped five sessions' notes that had been put between its start and heading
        kept = set(_headings(section))
        lost = [h for h in _headings(old) if h not in kept]
        if lost:
            raise ValueError(f"{path.name}: {start} holds text of its own: {lost[:3]}")
        text = text[: text.index(start)] + section + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def _headings(text: str) -> list[str]:
    r"""The markdown headings in ``text``.

    >>> _headings("## A\nx\n### B\n")
    ['## A', '### B']
    """
    return [line.strip() for line in text.splitlines() if line.startswith("#")]


def cpu_model() -> str:
    """The processor's model name (``/proc/cpuinfo``), else what ``platform`` knows: run times
    and search results compare only on the same model (Curtois–Qu 11 was proven in 15.4 s on
    an AMD EPYC and in 21–26 s on an Intel Xeon at 2.80 GHz, with the same code).

    >>> cpu_model() != ""
    True
    """
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"
