"""Benchmark: one commune báo cáo (DOCX + XLSX), then the báo cáo DOCX of every Thanh Hóa commune in-process.

    DATABASE_URL=sqlite:////tmp/ntm-bench.sqlite3 .venv/bin/python bench/documents.py [--period 2024-Q1]

Run it on a copy of a database holding the synthetic demo (`ntm setup --synthetic`), so it does not
touch anyone's working database. Targets: < 0.5 s per commune, < 60 s for the province batch.
"""

from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--period", default="2024-Q1")
    parser.add_argument("--unit", default="legacy:15079")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm.settings")
    import django

    django.setup()
    from ntm.common.scope import get_unit_in_scope
    from ntm.documents.build import render_document
    from ntm.geo.models import Level, Unit

    commune = get_unit_in_scope(None, args.unit)
    start = time.perf_counter()
    render_document(commune, args.period, fmt="docx")
    render_document(commune, args.period, fmt="xlsx")
    print(f"one commune báo cáo DOCX + XLSX: {time.perf_counter() - start:.2f} s")
    communes = list(Unit.objects.filter(level=Level.COMMUNE, scheme=commune.scheme,
                                        province_code=commune.province_code).order_by("code"))
    failed, start = 0, time.perf_counter()
    for unit in communes:
        try:
            render_document(unit, args.period, fmt="docx")
        except Exception as err:  # noqa: BLE001 - a benchmark counts failures and goes on
            failed += 1
            print(f"  {unit.key}: {err}")
    elapsed = time.perf_counter() - start
    print(f"province batch: {len(communes)} communes, {failed} failed, {elapsed:.1f} s "
          f"({elapsed / max(len(communes), 1):.3f} s per commune)")


if __name__ == "__main__":
    main()
