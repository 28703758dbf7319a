"""Extraction speed: pages per second on the seeds, and one synthetic 30-page report.

A page is taken as about 3,000 characters of text (a typed A4 page of a commune report).
Run: PYTHONPATH=src .venv/bin/python bench/extract.py   (never collected as a test)
"""

from __future__ import annotations

import time
from pathlib import Path

from ntm.ingest.extract import extract

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
CHARS_PER_PAGE = 3000


def _time(text: str, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        extract(text)
    return (time.perf_counter() - start) / repeat


def main() -> None:
    """Print pages per second on the seeds and the time for a 30-page report."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    extract(texts[0])   # warm the vocabulary and regex caches
    pages = sum(len(text) for text in texts) / CHARS_PER_PAGE
    seconds = sum(_time(text, 5) for text in texts)
    print(f"seeds: {pages:.1f} pages in {seconds * 1000:.0f} ms → {pages / seconds:.0f} pages/s")
    body = "\n".join(texts)
    synthetic = (body * (30 * CHARS_PER_PAGE // len(body) + 1))[:30 * CHARS_PER_PAGE]
    print(f"synthetic 30-page report ({len(synthetic):,} chars): {_time(synthetic, 3) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
