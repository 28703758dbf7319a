"""Tokens for scripts: only a hash of each token is stored; the token is shown once, at creation."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

DEFAULT_DAYS = 365
# How stale `last_used` may be: a read does not write the token's row on every request (SQLite has one writer).
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_token(token: str) -> str:
    """The SHA-256 hex digest we store instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A named token a user gives a script; it works until `expires` (if set) and until revoked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    expires = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @classmethod
    def issue(cls, user: object, name: str, *, days: int | None = DEFAULT_DAYS) -> tuple[ApiToken, str]:
        """A new token for `user`, valid `days` days (None: until revoked); returns the record and the token."""
        token = "ntm_" + secrets.token_urlsafe(32)
        expires = timezone.now() + timedelta(days=days) if days else None
        return cls.objects.create(user=user, name=name, key_hash=hash_token(token), expires=expires), token

    def is_valid(self, now: object) -> bool:
        """Not revoked, not expired, and its user still active."""
        return self.revoked is None and (self.expires is None or self.expires > now) and self.user.is_active
