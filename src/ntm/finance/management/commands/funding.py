"""`ntm funding --unit U --year Y [--json]`: a unit's funding by source, computed total and stated total."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ntm.common.formats import format_money, parse_year
from ntm.common.scope import get_unit_in_scope
from ntm.finance.selectors import FundingSummary, funding_summary


def summary_to_dict(summary: FundingSummary) -> dict[str, Any]:
    """The JSON contract of `ntm funding --json`."""
    return {"unit": summary.unit.key, "unit_name": summary.unit.name, "year": summary.year,
            "total_vnd": summary.total_vnd, "by_source": summary.by_source,
            "allocated_vnd": summary.allocated_vnd, "disbursed_vnd": summary.disbursed_vnd,
            "stated_total_vnd": summary.stated_total_vnd, "warnings": [str(w) for w in summary.warnings]}


def summary_text(summary: FundingSummary) -> str:
    def money(value: int | None) -> str:
        return "chưa có" if value is None else format_money(value)
    lines = [f"{summary.unit.name} ({summary.unit.key}): nguồn vốn năm {summary.year}"]
    lines += [f"  - {line.label}: {money(line.planned)}" + (" (từ các công trình)" if line.from_works else "")
              for line in summary.lines]
    lines.append(f"Tổng các nguồn: {money(summary.total_vnd)}")
    lines.append(f"Tổng ghi trong văn bản: {money(summary.stated_total_vnd)}")
    lines += [f"Cảnh báo: {w.vi}" for w in summary.warnings]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Nguồn vốn của một đơn vị trong một năm: theo nguồn, tổng tính từ các nguồn và tổng ghi trong văn bản."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="mã đơn vị, ví dụ legacy:15169")
        parser.add_argument("--year", required=True, help="năm, ví dụ 2023")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        year = parse_year(options["year"])
        summary = funding_summary(get_unit_in_scope(None, options["unit"]), year)
        if options["json"]:
            self.stdout.write(json.dumps(summary_to_dict(summary), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(summary_text(summary))
