"""`ntm setup`: migrate, load administrative units and the demo data. Safe to run again."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Chuẩn bị cơ sở dữ liệu: migrate, nạp đơn vị hành chính và dữ liệu mẫu."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--synthetic", action="store_true",
                            help="thêm lịch sử mô phỏng cho các xã khác của Thanh Hóa (như `ntm demo --synthetic`)")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Đã cập nhật cấu trúc cơ sở dữ liệu.")
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("load_units", stdout=self.stdout)
        call_command("demo", synthetic=options["synthetic"], stdout=self.stdout)
