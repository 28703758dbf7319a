"""Text repair costs what the text weighs: doubling the input at most a little more than doubles the work.

Work is counted, never timed: the Python lines run (sys.settrace) and the characters built into joined
lines. Joining string to string used to copy a paragraph again for every printed line added to it, so a
text of wrapped lines cost the square of its size (4 MB did not finish in minutes).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from ntm.ingest import repair as repair_module
from ntm.ingest.repair import join_lines, repair

from .conftest import seed_paths

GROWTH = 2.2   # doubling the input may cost at most this many times the work


def _seeds() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in seed_paths())


def _wrapped(text: str, width: int = 80) -> str:
    """Paragraphs cut into printed lines of about `width` characters: PDF text, every line continuing."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        lines += [" ".join(words[i:i + width // 8]) for i in range(0, len(words), width // 8)]
    return "\n".join(lines)


def _sized(text: str, size: int) -> str:
    return (text * (size // len(text) + 1))[:size]


def _lines_run(work: Callable[[], Any]) -> int:
    """How many Python lines `work` runs: a deterministic measure of the work done in Python."""
    count = 0

    def tracer(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        work()
    finally:
        sys.settrace(previous)
    return count


SHAPES = {"report": lambda: _seeds(), "wrapped": lambda: _wrapped(_seeds())}


@pytest.mark.parametrize("shape", SHAPES)
def test_doubling_the_text_at_most_a_little_more_than_doubles_the_python_work(shape: str) -> None:
    text = _sized(SHAPES[shape](), 30_000)
    once = _lines_run(lambda: repair(text))
    twice = _lines_run(lambda: repair(text + "\n" + text))   # the same text twice: exactly double the input
    assert once > 1_000
    assert twice <= GROWTH * once


@pytest.mark.parametrize("size", [50_000, 100_000, 200_000])
def test_every_joined_line_is_built_once(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    built: list[int] = []
    original = repair_module._built

    def counting(pieces: list[str]) -> str:
        line = original(pieces)
        built.append(len(line))
        return line

    monkeypatch.setattr(repair_module, "_built", counting)
    text = _sized(_wrapped(_seeds()), size)
    result = join_lines(text)
    assert sum(built) == len(result) - result.count("\n")
    assert sum(built) <= size


def test_a_wrapped_paragraph_is_one_line_whatever_its_length() -> None:
    words = "các thôn tiếp tục duy trì tiêu chí nông thôn mới"
    text = "\n".join([words] * 20_000)   # about 1 MB, every printed line continuing the one before
    assert join_lines(text) == " ".join([words] * 20_000)


def test_damaged_words_are_still_found_in_a_long_single_line() -> None:
    line = " ".join(["các thôn tiếp tục duy trì tiêu chí"] * 3_000 + ["C c th n nhà văn hóa"])
    warnings = repair(line).warnings
    assert len(warnings) == 1
    assert "C c th n" in warnings[0].text
    assert warnings[0].end - warnings[0].start <= 120
