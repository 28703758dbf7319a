"""Shared helpers for the ingest tests: seed files and the accuracy summary.

No database and no Django here: the ingest core is pure Python. `src/` comes on the path from
pyproject's `pythonpath` (or PYTHONPATH=src), never from this file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
EXPECTED = Path(__file__).parent / "fixtures" / "expected"
ACCURACY: dict[str, tuple[int, int]] = {}


def seed_paths() -> list[Path]:
    """The five seed reports."""
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def seed_text() -> Any:
    """Read a seed by its number: seed_text("003")."""
    def read(number: str) -> str:
        return next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")
    return read


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the per-seed and overall field accuracy whenever the accuracy test ran."""
    if not ACCURACY:
        return
    terminalreporter.section("ingest: field accuracy on the seeds")
    for name, (right, total) in sorted(ACCURACY.items()):
        terminalreporter.write_line(f"{name}: {right}/{total} = {100 * right / total:.1f} %")
    right = sum(r for r, _ in ACCURACY.values())
    total = sum(t for _, t in ACCURACY.values())
    terminalreporter.write_line(f"overall: {right}/{total} = {100 * right / total:.1f} %")
