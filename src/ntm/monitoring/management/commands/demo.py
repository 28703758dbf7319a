"""`ntm demo`: load the demo data from the seeds (idempotent)."""

from typing import Any

from django.core.management.base import BaseCommand

from ntm.monitoring.demo import load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu từ năm báo cáo thật của xã (không ghi đè, chạy lại không đổi gì)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_demo()
        self.stdout.write(f"Dữ liệu mẫu: {counts['communes']} xã, {counts['villages']} thôn, "
                          f"{counts['observations']} giá trị, {counts['reported']} kết quả báo cáo, "
                          f"{counts['accounts']} tài khoản mẫu (mật khẩu: ntm-demo).")
