"""The ingest core imports nothing from Django (house rule: pure core)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def test_ingest_core_does_not_import_django() -> None:
    code = ("import sys, ntm.ingest.extract, ntm.ingest.readers, ntm.ingest.command, ntm.ingest.schema;"
            "print('django' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "False"
