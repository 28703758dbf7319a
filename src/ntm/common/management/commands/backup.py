"""`ntm backup --out PATH`: the database and the media folder in one archive, with a manifest."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ntm.common.backup import create_backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và thư mục tệp (media) vào một tệp nén có bản kê (an toàn khi máy chủ đang chạy)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="tệp sao lưu sẽ tạo (.tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        manifest = create_backup(options["out"])
        rows = sum(t["rows"] for t in manifest["tables"].values())
        rows_vi = f"{rows:,}".replace(",", ".")
        self.stdout.write(f"Đã sao lưu vào {options['out']}: {manifest['database_engine']}, "
                          f"{len(manifest['tables'])} bảng, {rows_vi} dòng, {len(manifest['files'])} tệp "
                          f"(backup written)")
