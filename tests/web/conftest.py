"""Page tests: demo data and the standard actors, signed in through Django's test client."""

import pytest


@pytest.fixture
def demo(db):
    from ntm.monitoring.demo import load_demo

    return load_demo()


@pytest.fixture
def province_office(make_user, unit):
    return make_user("vpdp_thanh_hoa", unit("legacy:province:38"), "province_office")


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(autouse=True)
def fresh_cache():
    """Login throttling counts failures in the cache: each test starts from none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
