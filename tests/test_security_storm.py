"""SQLite holds a busy office: writers and readers at once on a file database, and no request fails.

The storm runs in a fresh interpreter on a temporary SQLite file (bench/storm.py, smaller): pytest's own
test database is in memory, where SQLite locks differently from the file a deployment uses.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

STORM = Path(__file__).resolve().parents[1] / "bench" / "storm.py"


def run_storm(*argv):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("DJANGO_")}
    result = subprocess.run([sys.executable, str(STORM), "--json", *argv], env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.stdout, result.stderr
    return result, json.loads(result.stdout.splitlines()[-1])


def test_eight_writers_and_two_readers_on_a_sqlite_file_all_succeed():
    result, figures = run_storm("--writers", "8", "--readers", "2", "--writes", "5")
    assert figures["database"] == "sqlite"
    assert figures["writes"]["errors"] == 0 and figures["reads"]["errors"] == 0, figures
    assert figures["writes"]["statuses"] == {"200": 40}
    assert result.returncode == 0


def test_eight_writers_on_one_value_get_saved_or_a_stale_edit_never_an_error():
    _, figures = run_storm("--writers", "8", "--readers", "1", "--writes", "3", "--same")
    assert figures["writes"]["errors"] == 0 and figures["reads"]["errors"] == 0, figures
    assert set(figures["writes"]["statuses"]) <= {"200", "409"} and figures["writes"]["statuses"]["200"] >= 1
