"""API authentication: `Authorization: Bearer <token>` for scripts, or the page session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from .models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: the token's hash must match an ApiToken of an active user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.select_related("user").filter(key_hash=hash_token(token)).first()
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used=timezone.now())
        request.user = found.user
        return found.user


# The session (pages' htmx calls) is checked after the token; ninja's django_auth enforces CSRF on it.
AUTH = [TokenAuth(), django_auth]
