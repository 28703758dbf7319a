"""bench/engine.py on a tiny snapshot: it runs, and the engine's paths (the columnar one included) and its NumPy
baseline agree unit by unit.
Times are printed, never asserted."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_engine_agrees_with_its_numpy_baseline_on_a_tiny_snapshot():
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "engine.py"), "--scale", "0.003", "--runs", "1"],
                         capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    print(run.stdout)
    for timer in ("columnar: statuses_columnar", "batch: statuses_many", "full: evaluate", "column build"):
        assert timer in run.stdout
    assert "(columnar, batch, per unit, full, NumPy): yes" in run.stdout
    assert "with an unknown figure" in run.stdout
