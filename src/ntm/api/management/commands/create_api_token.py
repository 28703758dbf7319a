"""`ntm create-api-token USER NAME [--days N]`: print a new token once (only its hash is stored)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.api.models import DEFAULT_DAYS, ApiToken


class Command(BaseCommand):
    help = "Tạo mã truy cập API cho một người dùng (chỉ hiện một lần)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name")
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS,
                            help=f"số ngày mã còn hiệu lực (mặc định {DEFAULT_DAYS}; 0: đến khi thu hồi)")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"không có người dùng «{options['username']}»")
        if options["days"] < 0:
            raise CommandError("--days phải ≥ 0 (--days must be ≥ 0)")
        _, token = ApiToken.issue(user, options["name"], days=options["days"] or None)
        self.stdout.write(token)
