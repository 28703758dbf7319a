"""`ntm manage clean_jobs [--days N]`: delete the result files (ZIPs) of background jobs finished N days ago."""

import json
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.common.jobs import RESULTS_KEPT, delete_old_results


class Command(BaseCommand):
    help = "Xoá tệp kết quả (ZIP) của các việc chạy nền đã xong quá N ngày; các việc vẫn còn trong danh sách."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=RESULTS_KEPT.days,
                            help=f"giữ tệp của những việc xong trong N ngày gần đây (mặc định {RESULTS_KEPT.days})")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] < 0:
            raise CommandError("--days: số ngày phải từ 0 trở lên (days must be 0 or more)", returncode=2)
        deleted = delete_old_results(older_than=timedelta(days=options["days"]))
        if options["json"]:
            self.stdout.write(json.dumps({"deleted": deleted, "days": options["days"]}))
        else:
            self.stdout.write(f"Đã xoá {deleted} tệp kết quả của việc xong quá {options['days']} ngày "
                              f"({deleted} result files deleted)")
