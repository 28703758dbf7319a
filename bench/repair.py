"""Text repair time against input size: 64 KB, 256 KB and 1 MB of ordinary report text.

Two shapes of the same words, the five seed reports repeated (the commune báo cáo and kế hoạch of 2024):
- "report": the seeds as they are, lines, list items and headings as a real upload has them;
- "wrapped": every paragraph re-wrapped at 80 characters, as PDF text comes out one printed line at a
  time: nearly every line continues the one before (where joining string to string was quadratic).
Repair must stay linear: 1 MB in under 2 s.

    .venv/bin/python bench/repair.py [--runs 3] [--seeds /work/shared/seeds]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ntm.ingest.repair import repair  # noqa: E402

SIZES = {"64 KB": 64 * 1024, "256 KB": 256 * 1024, "1 MB": 1024 * 1024, "4 MB": 4 * 1024 * 1024}
DEFAULT_SEEDS = [ROOT / "tests" / "ingest" / "fixtures" / "seeds", Path("/work/shared/seeds")]


def seed_text(folder: Path | None) -> str:
    """The seed reports, one after the other."""
    folders = [folder] if folder else DEFAULT_SEEDS
    for candidate in folders:
        files = sorted(candidate.glob("*.txt")) if candidate.is_dir() else []
        if files:
            return "\n".join(path.read_text(encoding="utf-8") for path in files)
    raise SystemExit("no seed texts found; pass --seeds FOLDER")


def text_of_size(seeds: str, size: int) -> str:
    """The seeds repeated until the UTF-8 text weighs `size` bytes."""
    encoded = seeds.encode("utf-8")
    repeated = encoded * (size // len(encoded) + 1)
    return repeated[:size].decode("utf-8", errors="ignore")


def wrapped(text: str, width: int = 80) -> str:
    """The text's paragraphs cut into printed lines of about `width` characters."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            if line and len(line) + len(word) >= width:
                lines.append(line)
                line = ""
            line = f"{line} {word}" if line else word
        lines.append(line)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seeds", type=Path, default=None)
    parser.add_argument("--sizes", default="64 KB,256 KB,1 MB", help="comma-separated, from: " + ", ".join(SIZES))
    args = parser.parse_args()
    seeds = seed_text(args.seeds)
    for shape, source in (("report", seeds), ("wrapped", wrapped(seeds))):
        for label in args.sizes.split(","):
            text = text_of_size(source, SIZES[label.strip()])
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                repair(text)
                times.append(time.perf_counter() - start)
            print(f"repair {shape:<8}{label.strip():>6}: " + "  ".join(f"{t:.2f} s" for t in times))


if __name__ == "__main__":
    main()
