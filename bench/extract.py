"""Extraction figures: field accuracy and invented facts on the corpus, the seeds' accuracy, pages per second.

The corpus (tests/ingest/fixtures/corpus, see its README) is split into a part the extractor was tuned on
and a part only measured on; both are printed, by document kind and by province. Speed is measured on
real files: the seeds and corpus texts as .txt, and the same texts written as DOCX and PDF (when
python-docx / fpdf2 are installed), read through `readers.read_file` like an upload.
A page is taken as about 3,000 characters of text (a typed A4 page of a commune report).
Run: PYTHONPATH=src .venv/bin/python bench/extract.py   (never collected as a test)
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from ntm.ingest.extract import extract
from ntm.ingest.readers import read_file
from ntm.ingest.scoring import Score, score

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
CORPUS = ROOT / "tests" / "ingest" / "fixtures" / "corpus"
CHARS_PER_PAGE = 3000


def _corpus_rows() -> list[dict[str, str]]:
    with (CORPUS / "manifest.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _line(label: str, s: Score) -> str:
    return (f"  {label:<42} {s.right:>4}/{s.total:<4} = {100 * s.accuracy:5.1f} %   "
            f"invented {s.invented} of {s.given} facts ({s.invented_per_100:.1f} per 100)")


def corpus_accuracy() -> None:
    """Field accuracy and invented facts per split, kind and province."""
    groups: dict[str, dict[str, Score]] = defaultdict(lambda: defaultdict(Score))
    for row in _corpus_rows():
        folder = CORPUS / row["split"]
        expected = json.loads((folder / f"{row['id']}.json").read_text(encoding="utf-8"))
        result = score(expected, extract((folder / f"{row['id']}.txt").read_text(encoding="utf-8")))
        for group in ("split", "batch", "kind", "province"):
            groups[f"{row['split']}:{group}"][row[group]].add(result)
        if result.wrong and "-v" in sys.argv:
            print(f"    {row['split']}/{row['id']}: {result.wrong}")
    for split in ("tune", "measure"):
        print(f"corpus, {split} part:")
        print(_line("all", groups[f"{split}:split"][split]))
        for group in ("batch", "kind", "province"):
            for name, s in sorted(groups[f"{split}:{group}"].items()):
                print(_line(f"{group} {name}", s))


def seed_accuracy() -> None:
    """The seeds' field accuracy with the seed scorer of tests/ingest."""
    sys.path.insert(0, str(ROOT))
    from tests.ingest.test_seed_accuracy import score as seed_score

    right = total = 0
    for path in sorted(SEEDS.glob("*.txt")):
        expected = json.loads((CORPUS.parent / "expected" / f"{path.stem}.json").read_text(encoding="utf-8"))
        scores = seed_score(expected, extract(path.read_text(encoding="utf-8")))
        right += sum(ok for _, ok in scores)
        total += len(scores)
    print(f"seeds: {right}/{total} = {100 * right / total:.1f} %")


def _files(folder: Path) -> list[Path]:
    texts = sorted(SEEDS.glob("*.txt")) + sorted(CORPUS.glob("*/*.txt"))
    files = list(texts)
    for maker in (_as_docx, _as_pdf):
        files += [f for f in (maker(t, folder) for t in texts) if f is not None]
    return files


def _as_docx(text_file: Path, folder: Path) -> Path | None:
    try:
        import docx
    except ImportError:
        return None
    document = docx.Document()
    for line in text_file.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    target = folder / f"{text_file.stem}.docx"
    document.save(str(target))
    return target


def _as_pdf(text_file: Path, folder: Path) -> Path | None:
    try:
        from fpdf import FPDF
    except ImportError:
        return None
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        return None
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    for line in text_file.read_text(encoding="utf-8").splitlines():
        pdf.multi_cell(0, 6, line or " ", new_x="LMARGIN", new_y="NEXT")
    target = folder / f"{text_file.stem}.pdf"
    pdf.output(str(target))
    return target


def speed() -> None:
    """Pages per second from the file on disk to the facts, per file type; and 1 MB of report text."""
    with tempfile.TemporaryDirectory() as folder:
        by_type: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for path in _files(Path(folder)):
            start = time.perf_counter()
            text = read_file(path).text
            extract(text)
            by_type[path.suffix][0] += time.perf_counter() - start
            by_type[path.suffix][1] += len(text) / CHARS_PER_PAGE
        for suffix, (seconds, pages) in sorted(by_type.items()):
            print(f"speed {suffix}: {pages:.1f} pages in {seconds:.2f} s → {pages / seconds:.0f} pages/s")
    body = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    for size in (256_000, 512_000, 1_024_000):
        big = (body * (size // len(body) + 1))[:size]
        start = time.perf_counter()
        extract(big)
        print(f"report text of {size // 1000} kB: {time.perf_counter() - start:.2f} s")


def main() -> None:
    """Print every figure."""
    corpus_accuracy()
    seed_accuracy()
    speed()


if __name__ == "__main__":
    main()
