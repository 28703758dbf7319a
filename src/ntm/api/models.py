"""Tokens for scripts: only a hash of each token is stored; the token is shown once, at creation."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models


def hash_token(token: str) -> str:
    """The SHA-256 hex digest we store instead of the token."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A named token a user gives a script; `last_used` shows which tokens are still alive."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    @classmethod
    def issue(cls, user: object, name: str) -> tuple[ApiToken, str]:
        """A new token for `user`; returns the record and the token text (not stored)."""
        token = "ntm_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=hash_token(token)), token
