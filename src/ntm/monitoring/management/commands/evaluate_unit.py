"""`ntm evaluate --unit CODE --period P`: a unit's evaluation from the database."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ntm.common.scope import get_unit_in_scope
from ntm.monitoring.periods import Period
from ntm.monitoring.report import unit_evaluation_text, unit_evaluation_to_dict
from ntm.monitoring.selectors import evaluate_unit


class Command(BaseCommand):
    help = "Đánh giá một đơn vị cho một kỳ từ dữ liệu đã lưu."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--set")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = get_unit_in_scope(None, options["unit"])
        result = evaluate_unit(actor=None, unit=unit, period=Period.parse(options["period"]), set_id=options["set"])
        if options["json"]:
            self.stdout.write(json.dumps(unit_evaluation_to_dict(result), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(unit_evaluation_text(result))
