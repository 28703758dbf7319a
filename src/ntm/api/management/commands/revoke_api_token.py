"""`ntm revoke-api-token USER [NAME | --all]`: tokens stop working at once; `--list` shows them."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ntm.api.models import ApiToken


class Command(BaseCommand):
    help = "Thu hồi mã truy cập API của một người dùng (theo tên, hoặc --all), hoặc liệt kê chúng (--list)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", nargs="?", help="tên mã (như khi tạo)")
        parser.add_argument("--all", action="store_true", help="thu hồi mọi mã của người dùng")
        parser.add_argument("--list", action="store_true", help="chỉ liệt kê các mã, không thu hồi")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"không có người dùng «{options['username']}» (no such user)")
        tokens = ApiToken.objects.filter(user=user).order_by("created")
        if options["list"]:
            for token in tokens:
                state = "đã thu hồi" if token.revoked else f"hết hạn {token.expires:%d/%m/%Y}" if token.expires else ""
                self.stdout.write(f"{token.name}\ttạo {token.created:%d/%m/%Y}\t{state}")
            return
        if bool(options["name"]) == options["all"]:
            raise CommandError("cần tên mã hoặc --all, không cả hai (give a token name or --all)")
        active = tokens.filter(revoked__isnull=True)
        if options["name"]:
            active = active.filter(name=options["name"])
        count = active.update(revoked=timezone.now())
        if count == 0:
            raise CommandError(f"không có mã nào đang hiệu lực để thu hồi (no active token named {options['name']!r})")
        self.stdout.write(f"Đã thu hồi {count} mã.")
