"""`ntm plan --unit U --year Y [--json] [--date D]`: a unit's yearly plan, targets with status and forecast, tasks."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ntm.common.scope import get_unit_in_scope
from ntm.planning.inputs import parse_day, parse_year
from ntm.planning.report import plan_text, plan_to_dict
from ntm.planning.selectors import get_plan, plan_view


class Command(BaseCommand):
    help = "Kế hoạch năm của một đơn vị: mục tiêu (trạng thái theo số liệu, dự báo) và nhiệm vụ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="mã đơn vị, ví dụ legacy:15169")
        parser.add_argument("--year", required=True, help="năm của kế hoạch, ví dụ 2024")
        parser.add_argument("--date", help="trạng thái tại ngày (dd/mm/yyyy hoặc yyyy-mm-dd); mặc định hôm nay")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        year = parse_year(options["year"])
        unit = get_unit_in_scope(None, options["unit"])
        day = parse_day(options["date"], field="date") or dt.date.today()
        view = plan_view(actor=None, plan=get_plan(actor=None, unit=unit, year=year), day=day)
        if options["json"]:
            self.stdout.write(json.dumps(plan_to_dict(view), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(plan_text(view))
