"""API authentication: `Authorization: Bearer <token>` for scripts, or the page session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from .models import LAST_USED_PRECISION, ApiToken, hash_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: an unrevoked, unexpired ApiToken of an active user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.select_related("user").filter(key_hash=hash_token(token)).first()
        now = timezone.now()
        if found is None or not found.is_valid(now):
            return None
        if found.last_used is None or now - found.last_used >= LAST_USED_PRECISION:
            # At most once a minute: reads must not queue behind each other for SQLite's one write lock.
            ApiToken.objects.filter(pk=found.pk).update(last_used=now)
        request.user = found.user
        return found.user


# The session (pages' htmx calls) is checked after the token; ninja's django_auth enforces CSRF on it.
AUTH = [TokenAuth(), django_auth]
