"""Goal detection and assessment reading stay linear: doubling the text at most a little more than
doubles the work. Work is counted (characters scanned for goal words, evidence characters written),
never timed; bench/extract.py times 1 MB of report text."""

from __future__ import annotations

from pathlib import Path

import pytest

from ntm.ingest.facts import assessments, context
from ntm.ingest.facts.assessments import read_assessments
from ntm.ingest.facts.context import Doc
from ntm.ingest.layout import analyse

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
# One paragraph holding many counts and no full stop: the shape that made the reading quadratic.
ROW = ("xã Cẩm Ngọc đã đạt 15/19 tiêu chí, 50/57 chỉ tiêu, tiêu chí 6, 15 và 17 chưa đạt, Mục 15.1 (79,9%), "
       "phấn đấu đạt tiêu chí 17 trước tháng 10/2024, ")


def _work(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    scanned = [0]
    real = context.goal_position

    def counting(key: str) -> int | None:
        scanned[0] += len(key)
        return real(key)

    monkeypatch.setattr(context, "goal_position", counting)
    monkeypatch.setattr(assessments, "goal_position", counting)
    doc = Doc(layout=analyse(text))
    read_assessments(doc)
    return scanned[0] + sum(len(e["text"]) for e in doc.evidence)


@pytest.mark.parametrize("unit", [ROW, "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))])
def test_doubling_the_text_at_most_a_little_more_than_doubles_the_work(unit, monkeypatch):
    small = _work(unit * 40, monkeypatch)
    large = _work(unit * 80, monkeypatch)
    assert small > 0
    assert large <= 2.2 * small, (small, large)
