"""`ntm setup [--demo] [--synthetic]`: migrate, load the administrative units; the demo only when asked.

Safe to run again. Without --demo no account exists: a real site makes its first with `createsuperuser`.
"""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Chuẩn bị cơ sở dữ liệu: migrate, nạp đơn vị hành chính (và dữ liệu mẫu với --demo)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--demo", action="store_true",
                            help="nạp dữ liệu mẫu và các tài khoản mẫu (mật khẩu ntm-demo): chỉ để dùng thử")
        parser.add_argument("--synthetic", action="store_true",
                            help="cùng --demo, thêm lịch sử mô phỏng cho các xã khác của Thanh Hóa")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Đã cập nhật cấu trúc cơ sở dữ liệu.")
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("load_units", stdout=self.stdout)
        if options["demo"] or options["synthetic"]:
            call_command("demo", synthetic=options["synthetic"], stdout=self.stdout)
            self.stdout.write("CHÚ Ý: các tài khoản mẫu (quantri, tinh_thanh_hoa, xa_cam_ngoc, xa_cao_ngoc, "
                              "thon_song_nga) có mật khẩu ntm-demo ai cũng biết: chỉ để dùng thử, "
                              "không triển khai thật.")
        else:
            self.stdout.write("Không nạp dữ liệu mẫu (thêm --demo để có); tạo quản trị viên: "
                              "ntm manage createsuperuser")
