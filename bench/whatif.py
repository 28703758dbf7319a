"""Benchmark: the what-if of a draft Thanh Hóa variant (15.1 raised to 95) on every commune of the province.

    NTM_DATA_DIR=/tmp/ntm-bench .venv/bin/python bench/whatif.py [--province legacy:province:38] [--runs 3]

Run it on a database holding the synthetic demo (`ntm setup --synthetic`). The draft is made inside a
transaction that is rolled back: nothing is left behind.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--province", default="legacy:province:38")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm.settings")
    import django

    django.setup()
    from django.db import transaction

    from ntm.setstore import services
    from ntm.setstore.whatif import what_if

    with transaction.atomic():
        draft = services.create_variant(actor=None, parent_id="th-32-2022", set_id="bench-what-if", title="Bench",
                                        province_code="38", decision={"number": "bench"},
                                        valid_from=dt.date(2022, 8, 10), valid_to=dt.date(2026, 2, 14))
        draft = services.save_indicator(actor=None, version=draft, criterion=15, revision=None,
                                        fields={"code": "15.1", "threshold": 95})
        for run in range(1, args.runs + 1):
            start = time.perf_counter()
            result = what_if(actor=None, version=draft, province_key=args.province)
            took = time.perf_counter() - start
            print(f"run {run}: {took:.2f} s — {result.communes} communes of {result.province.key}, "
                  f"{result.period.key}, {result.changed} change")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
