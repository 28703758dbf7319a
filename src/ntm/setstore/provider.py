"""Hands the published database sets to the catalogue (criteria.catalog.register_extra_sets).

Asked on every `all_sets()`; it reads the table at most every REFRESH seconds, and at once after
`forget()` (called on publish). Another process sees a publication within REFRESH seconds.
"""

from __future__ import annotations

import time
from typing import Any

from ntm.criteria.catalog import forget_extra_sets

REFRESH = 2.0
_state: dict[str, Any] = {"at": None, "token": None, "docs": [], "off": False}


def published_documents() -> tuple[Any, list[tuple[str, str]]]:
    """(token, [(name, YAML text)]) of every published set version."""
    if _state["off"]:
        return ("off",), []
    now = time.monotonic()
    if _state["at"] is not None and now - _state["at"] < REFRESH:
        return _state["token"], _state["docs"]
    from .models import SetState, SetVersion

    try:
        rows = list(SetVersion.objects.filter(state=SetState.PUBLISHED).order_by("set_id")
                    .values_list("set_id", "version", "revision", "content"))
    except Exception:  # noqa: BLE001 - no database (pure commands, migrations, tests without one): files only
        return ("unavailable",), []
    docs = [(f"db:{set_id}@v{version}.yaml", content) for set_id, version, _rev, content in rows]
    _state.update(at=now, token=tuple((s, v, r) for s, v, r, _c in rows), docs=docs)
    return _state["token"], docs


def database_off() -> bool:
    """True once `disable()` was called: this process reads the files only."""
    return bool(_state["off"])


def forget() -> None:
    """Read the table again at the next `all_sets()` (after a publication)."""
    _state.update(at=None, token=None, docs=[])
    forget_extra_sets()


def disable() -> None:
    """Files only from now on in this process (a command run where no database exists)."""
    _state["off"] = True
    forget()
