"""Shared fixtures: the administrative units are loaded once per test database; actors are small factories."""

from __future__ import annotations

import pytest


def pytest_configure(config):
    """Passwords hashed fast (MD5) in every test: the production hasher costs about a second per user made."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load both schemes of units once; every test then runs inside its own transaction."""
    from ntm.geo.services import load_units

    with django_db_blocker.unblock():
        load_units()


@pytest.fixture
def make_user(db):
    from django.contrib.auth.models import User

    from ntm.common.models import Membership

    def make(username: str, unit=None, role: str | None = None, **extra):
        user = User.objects.create_user(username=username, password="pw", **extra)
        if unit is not None and role is not None:
            Membership.objects.create(user=user, unit=unit, role=role)
        return user

    return make


@pytest.fixture
def unit(db):
    from ntm.common.scope import parse_unit_key
    from ntm.geo.models import Unit

    def get(key: str) -> Unit:
        return Unit.objects.get(**parse_unit_key(key))

    return get


@pytest.fixture
def commune_official(make_user, unit):
    """Cán bộ xã Cẩm Ngọc (pre-2025 code 15169)."""
    return make_user("can_bo_cam_ngoc", unit("legacy:15169"), "commune_official")


@pytest.fixture
def outsider(make_user, unit):
    """An official of another commune (Cao Ngọc)."""
    return make_user("can_bo_cao_ngoc", unit("legacy:15079"), "commune_official")
