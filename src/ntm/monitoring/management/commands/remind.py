"""`ntm remind [--date YYYY-MM-DD] [--dry-run] [--json]`: remind of reports soon due or overdue.

Run it once a day; a second run the same day writes and sends nothing new. From cron:
    15 7 * * *  cd /srv/ntm && .venv/bin/ntm remind >> var/remind.log 2>&1
or a systemd timer (ntm-remind.service running `ntm remind`, ntm-remind.timer with OnCalendar=*-*-* 07:15).
"""

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ntm.common.errors import BadInput
from ntm.monitoring.reporting import send_reminders


def parse_day(raw: str) -> dt.date:
    """"2024-04-08" → date; BadInput naming the field otherwise."""
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise BadInput(f"--date «{raw}» không hợp lệ (dạng YYYY-MM-DD, ví dụ 2024-04-08)",
                       f"invalid --date '{raw}' (YYYY-MM-DD, e.g. 2024-04-08)", field="date") from None


class Command(BaseCommand):
    help = "Nhắc các báo cáo sắp đến hạn hoặc quá hạn (trong ứng dụng và qua thư); chạy lại trong ngày không nhắc lại."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="ngày chạy (YYYY-MM-DD), mặc định hôm nay")
        parser.add_argument("--dry-run", action="store_true", help="chỉ đếm, không ghi và không gửi gì")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        day = parse_day(options["date"]) if options["date"] else None
        result = send_reminders(day=day, dry_run=options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps({
                "date": result.day.isoformat(), "dry_run": result.dry_run, "overdue_reports": result.overdue,
                "soon_due_reports": result.soon, "in_app_created": result.in_app, "emails_sent": result.emails,
                "email_failures": result.email_failures, "already_reminded": result.already,
                "reports_without_recipient": result.nobody,
                "members_to_contact": result.contacts}, ensure_ascii=False, indent=2))
            return
        self.stdout.write(result.summary_vi())
