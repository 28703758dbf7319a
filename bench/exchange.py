"""Benchmark: upload a commune-and-villages observation template with every row filled, three times.

    cp var/ntm.sqlite3 /tmp/ntm-bench.sqlite3
    DATABASE_URL=sqlite:////tmp/ntm-bench.sqlite3 .venv/bin/python bench/exchange.py [--unit legacy:15169]

Run it on a copy of a database holding the demo (`ntm demo`), so it does not touch anyone's working
database: each run writes every row (values differ from run to run, so every row is a real change).
"""

from __future__ import annotations

import argparse
import io
import os
import time


def fill(content: bytes, run: int) -> bytes:
    """Every value cell of the template filled with a valid figure (Đạt for yes/no indicators)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    sheet = book["Số liệu"]
    yes_no = {cell for rule in sheet.data_validations.dataValidation for rng in rule.sqref.ranges
              for cell in [rng.coord] if rule.formula1.startswith('"')}
    for (cell,) in sheet.iter_rows(min_row=2, min_col=7, max_col=7):
        cell.value = ("Đạt" if run % 2 else "Chưa đạt") if cell.coordinate in yes_no else 50 + run
        if sheet.cell(row=cell.row, column=6).value == "nhà":  # a count (temporary houses): a small whole number
            cell.value = run
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--unit", default="legacy:15169")
    parser.add_argument("--period", default="2024-Q3")
    parser.add_argument("--user", default="xa_cam_ngoc")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User

    from ntm.common.scope import Access, get_unit_in_scope
    from ntm.ingest.exchange.apply import upload_exchange
    from ntm.ingest.exchange.sheets import Kind
    from ntm.ingest.exchange.templates import build_template
    from ntm.monitoring.periods import Period

    actor = User.objects.get(username=args.user)
    unit = get_unit_in_scope(actor, args.unit, Access.EDIT)
    period = Period.parse(args.period)
    for run in range(1, 4):
        content = fill(build_template(actor=actor, unit=unit, kind=Kind.OBSERVATIONS, period=period).content, run)
        start = time.perf_counter()
        report = upload_exchange(actor=actor, unit=unit, content=content)
        elapsed = time.perf_counter() - start
        print(f"run {run}: {report.rows} rows, {report.saved} saved, {len(report.errors)} errors, {elapsed:.2f} s "
              f"({1000 * elapsed / max(report.rows, 1):.1f} ms per row)")
        for error in report.errors[:5]:
            print("   ", error.vi)


if __name__ == "__main__":
    main()
