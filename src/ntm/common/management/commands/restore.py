"""`ntm restore PATH [--force]`: check a backup's checksums, then restore its database and media folder."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ntm.common.backup import restore_backup


class Command(BaseCommand):
    help = ("Khôi phục bản sao lưu vào cơ sở dữ liệu và thư mục tệp đang cấu hình; "
            "nơi đã có dữ liệu chỉ bị thay khi có --force.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="tệp sao lưu (.tar.gz) do `ntm backup` tạo")
        parser.add_argument("--force", action="store_true",
                            help="thay cả dữ liệu đang có (bản cũ được giữ lại bên cạnh)")

    def handle(self, *args: Any, **options: Any) -> None:
        manifest = restore_backup(options["path"], force=options["force"])
        self.stdout.write(f"Đã khôi phục bản sao lưu lúc {manifest['created_at']} "
                          f"({len(manifest['tables'])} bảng, {len(manifest['files'])} tệp đã kiểm tra) (restored)")
