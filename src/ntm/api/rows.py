"""The one body every DELETE of an edited row shares: remove it through its service, answer 204."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Status


def deleted(remove: Callable[..., object], request: HttpRequest, expected_revision: int | None, **row: Any) -> Status:
    """Call `remove(actor=…, expected_revision=…, <row>)` (it checks scope and revision again); 204 No Content."""
    remove(actor=request.user, expected_revision=expected_revision, **row)
    return Status(204, None)
