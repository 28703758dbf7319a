"""`ntm demo [--synthetic]`: load the demo data from the seeds, and optionally a synthetic province (idempotent)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ntm.monitoring.demo import load_demo
from ntm.monitoring.synthetic import load_synthetic


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu từ năm báo cáo thật của xã (không ghi đè, chạy lại không đổi gì)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--synthetic", action="store_true",
                            help="thêm lịch sử mô phỏng cho các xã khác của Thanh Hóa (đánh dấu «mô phỏng»)")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_demo()
        self.stdout.write(f"Dữ liệu mẫu: {counts['communes']} xã, {counts['villages']} thôn, "
                          f"{counts['observations']} giá trị, {counts['reported']} kết quả báo cáo, "
                          f"{counts['accounts']} tài khoản mẫu (mật khẩu: ntm-demo); "
                          f"{counts['programme']} bản ghi kế hoạch, nguồn vốn, công trình, đóng góp mới thêm.")
        if options["synthetic"]:
            started = time.monotonic()
            synthetic = load_synthetic()
            self.stdout.write(f"Dữ liệu mô phỏng: {synthetic['communes']} xã, {synthetic['periods']} kỳ, "
                              f"{synthetic['observations']} giá trị, {synthetic['submitted']} kỳ chờ duyệt, "
                              f"{synthetic['approved']} kỳ đã duyệt ({time.monotonic() - started:.1f} giây).")
