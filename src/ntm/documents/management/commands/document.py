"""`ntm document bao-cao|ke-hoach --unit U --period P --format docx|xlsx|pdf --out FILE`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.common.errors import NtmError
from ntm.common.scope import get_unit_in_scope
from ntm.documents.build import FORMATS, KINDS, render_document


def _one_line_error(message: str) -> None:
    """Bad usage: one line on stderr and status 2, never the usage block or a traceback."""
    sys.stderr.write(f"lỗi: tham số không hợp lệ: {message} | error: bad arguments: {message}\n")
    sys.exit(2)


class Command(BaseCommand):
    help = "Soạn báo cáo hoặc kế hoạch của một đơn vị từ dữ liệu (DOCX, XLSX hoặc PDF)."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = _one_line_error  # type: ignore[method-assign]
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("--unit", required=True, help="mã đơn vị, ví dụ legacy:15079")
        parser.add_argument("--period", required=True, help="kỳ: 2024-Q1, 2024-6M, hoặc năm (kế hoạch)")
        parser.add_argument("--format", default="docx", choices=sorted(FORMATS))
        parser.add_argument("--set", help="bộ tiêu chí (mặc định: bộ có hiệu lực)")
        parser.add_argument("--out", required=True, help="tệp ghi ra")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            unit = get_unit_in_scope(None, options["unit"])
            content = render_document(unit, options["period"], kind=options["kind"], fmt=options["format"],
                                      set_id=options["set"])
        except NtmError as err:
            raise CommandError(f"lỗi: {err.message_vi} | error: {err.message_en}", returncode=2) from err
        Path(options["out"]).write_bytes(content)
        self.stdout.write(f"{options['out']}: {len(content)} byte")
