"""The documents benchmark runs in CI: on a database it makes itself (units + demo), it prints its three figures
and renders every Thanh Hóa commune without a failure. Times are printed, never asserted."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_documents_prints_its_figures_and_no_commune_fails(tmp_path):
    env = {**os.environ, "NTM_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "ntm.settings"}
    env.pop("DATABASE_URL", None)
    ntm = Path(sys.executable).with_name("ntm")
    subprocess.run([str(ntm), "setup", "--demo"], env=env, check=True, capture_output=True, timeout=600)
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "documents.py")], env=env, capture_output=True,
                         text=True, timeout=900, check=True)
    print(run.stdout)  # the figures, kept in the CI log
    assert "first in the process:" in run.stdout and "each next: median" in run.stdout
    batch = re.search(r"province batch: (\d+) communes, (\d+) failed", run.stdout)
    assert batch and int(batch.group(1)) > 500 and batch.group(2) == "0", run.stdout
