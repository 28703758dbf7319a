"""`ntm manage create_api_token USER NAME`: print a new token once (only its hash is stored)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ntm.api.models import ApiToken


class Command(BaseCommand):
    help = "Tạo mã truy cập API cho một người dùng (chỉ hiện một lần)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"không có người dùng «{options['username']}»")
        _, token = ApiToken.issue(user, options["name"])
        self.stdout.write(token)
