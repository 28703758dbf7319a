"""The secret key of settings.py: a given key must be strong; without one, one is made once and kept.

Pure standard library, so settings.py can use it before Django is set up and tests can call it directly.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

MIN_LENGTH = 50
MIN_DISTINCT = 5


class WeakSecretKey(ValueError):
    """The given NTM_SECRET_KEY would let anyone forge sessions and password-reset links."""


def is_weak(key: str) -> bool:
    """Django's own test (check --deploy, security.W009): short, repetitive or Django's placeholder."""
    return len(key) < MIN_LENGTH or len(set(key)) < MIN_DISTINCT or key.startswith("django-insecure-")


def stored_key(path: Path) -> str:
    """The key kept in PATH, made on first use (owner-only file); the same key on every later start."""
    if not path.exists():
        _create(path, secrets.token_urlsafe(64))
    return path.read_text(encoding="utf-8").strip()


def _create(path: Path, key: str) -> None:
    """Write to a private temporary file, then link it into place: two workers starting at once keep one key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass  # another process made it first: use theirs
    finally:
        temporary.unlink()


def resolve(given: str | None, store: Path, *, debug: bool) -> str:
    """The key to use: the given one if strong (any given one in DEBUG), else the stored one."""
    if not given:
        return stored_key(store)
    if is_weak(given) and not debug:
        raise WeakSecretKey(
            f"NTM_SECRET_KEY is too weak: it needs at least {MIN_LENGTH} characters and {MIN_DISTINCT} different "
            f"ones (got {len(given)} characters, {len(set(given))} different). Make one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`, or leave NTM_SECRET_KEY unset "
            f"and ntm keeps a generated key in {store}."
        )
    return given
