"""The engine and the criteria core never import Django."""

import subprocess
import sys


def test_engine_imports_without_django():
    code = ("import sys, ntm.criteria.engine, ntm.criteria.batch, ntm.criteria.catalog, ntm.criteria.inputs, "
            "ntm.criteria.report; "
            "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))")
    subprocess.run([sys.executable, "-c", code], check=True)
