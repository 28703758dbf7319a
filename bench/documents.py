"""Benchmark: one commune báo cáo (DOCX + XLSX), then the báo cáo DOCX of every Thanh Hóa commune in-process.

    DATABASE_URL=sqlite:////tmp/ntm-bench.sqlite3 .venv/bin/python bench/documents.py [--period 2024-Q1]

Run it on a copy of a database holding the synthetic demo (`ntm setup --synthetic`), so it does not
touch anyone's working database. Targets: < 0.5 s per commune, < 60 s for the province batch.

Three figures for one commune: the first document of a fresh process (it also reads the criteria
catalogue, imports openpyxl and compiles the DOCX template, once per process), then the same
commune again and the four seed communes (what each further request or batch entry costs).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

SEEDS = ("legacy:15079", "legacy:15169", "legacy:15205", "legacy:15655")


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--period", default="2024-Q1")
    parser.add_argument("--unit", default="legacy:15079")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm.settings")
    import django

    django.setup()
    from ntm.common.scope import get_unit_in_scope
    from ntm.documents.build import render_document, render_documents
    from ntm.geo.models import Level, Unit

    commune = get_unit_in_scope(None, args.unit)
    both = ("docx", "xlsx")
    first = _timed(lambda: render_documents(commune, args.period, fmts=both))
    print(f"one commune báo cáo DOCX + XLSX, first in the process: {first:.2f} s")
    seeds = [get_unit_in_scope(None, key) for key in (args.unit, *SEEDS)]
    again = [_timed(lambda u=unit: render_documents(u, args.period, fmts=both)) for unit in seeds]
    print(f"one commune báo cáo DOCX + XLSX, each next: median {statistics.median(again):.2f} s, "
          f"max {max(again):.2f} s ({len(again)} documents)")
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
