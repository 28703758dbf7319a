"""`ntm load-units`: both schemes, the 2025 mapping and the region/group file. Idempotent."""

import time

from django.core.management.base import BaseCommand

from ntm.geo.services import load_units


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính (hai hệ mã, bảng chuyển đổi 2025, vùng/nhóm xã)."

    def handle(self, *args: object, **options: object) -> None:
        started = time.perf_counter()
        counts = load_units()
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Đã nạp {counts['legacy']} đơn vị hệ cũ, {counts['2025']} đơn vị hệ mới, "
            f"{counts['successions']} liên kết cũ→mới, {counts['profiles']} hồ sơ vùng/nhóm "
            f"trong {seconds:.1f} giây."
        )
