"""The demo loaded once per test module (not once per test): each test still runs in its own savepoint.

The module's transaction is rolled back at the end, so the next module starts from the units alone.
Tests that need a live server (transaction=True) load their own data instead. A test using it also asks
for `db` (or `unit`), so that pytest-django runs it with the other database tests, before any transactional one.
"""

from __future__ import annotations

import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from ntm.geo.models import Unit
    from ntm.geo.services import load_units
    from ntm.monitoring.demo import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        if not Unit.objects.exists():  # a transactional test (live server, worker) ran before and emptied the tables
            load_units()
        loaded = load_demo()
        yield loaded
        transaction.set_rollback(True)
