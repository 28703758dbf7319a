"""The one audit writer: every write to observations, plans, finance and dossiers goes through here."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEntry

SYSTEM_LABEL = "hệ thống"


def actor_label(actor: Any) -> str:
    """The user name, or «hệ thống» for the `ntm` command and imports run by the system."""
    return getattr(actor, "username", None) or SYSTEM_LABEL


def audit(actor: Any, action: str, obj: models.Model, *, unit_code: str = "",
          before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> AuditEntry:
    """Record that `actor` did `action` (<app>.<entity>.<event>) to `obj`."""
    user = actor if getattr(actor, "pk", None) else None
    return AuditEntry.objects.create(
        actor=user, actor_label=actor_label(actor), action=action, object_type=obj._meta.label_lower,
        object_id=str(obj.pk), unit_code=unit_code, before=before, after=after,
    )
