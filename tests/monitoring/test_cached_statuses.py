"""The heat-map's statuses cache: shared in the database, kept fresh per commune by the writes' data versions."""

from __future__ import annotations

import os
import subprocess
import sys
from unittest import mock

import pytest

from ntm.criteria.catalog import get_set
from ntm.geo.models import Level, Unit
from ntm.monitoring import selectors
from ntm.monitoring.models import CachedStatuses, Observation, PeriodReview
from ntm.monitoring.periods import Period
from ntm.monitoring.selectors import statuses_of_units

pytestmark = pytest.mark.django_db

PERIOD = Period.parse("2024-Q2")
CSET = get_set("qd318-2022")


@pytest.fixture
def communes():
    """Three pre-2025 communes with one assessed criterion each."""
    units = list(Unit.objects.filter(level=Level.COMMUNE, scheme="legacy", province_code="38").order_by("code")[:3])
    for u in units:
        Observation.objects.create(unit=u, set_family="qd318-2022", criterion=1, indicator="", period_key="2024-Q1",
                                   period_end=Period.parse("2024-Q1").end, assessed="not_met")
    return units


def statuses(units):
    return {u.pk: (st, met) for u, st, met in statuses_of_units(actor=None, units=units, period=PERIOD, cset=CSET)}


def computed_for(units):
    """Which units the next call computes (the others come from the cache)."""
    with mock.patch.object(selectors, "_compute_statuses", wraps=selectors._compute_statuses) as compute:
        result = statuses(units)
    return result, sorted(u.pk for call in compute.call_args_list for u in call.args[0])


def test_a_second_view_computes_nothing(communes):
    first, computed = computed_for(communes)
    assert computed == sorted(u.pk for u in communes)
    again, computed = computed_for(communes)
    assert (again, computed) == (first, [])


def test_a_write_to_one_commune_recomputes_that_commune_only(communes):
    a, b, c = communes
    before, _ = computed_for(communes)
    Observation.objects.create(unit=a, set_family="qd318-2022", criterion=1, indicator="", period_key="2024-Q2",
                               period_end=PERIOD.end, assessed="met")
    after, computed = computed_for(communes)
    assert computed == [a.pk]
    assert after[b.pk] == before[b.pk] and after[c.pk] == before[c.pk]
    assert after[a.pk][0][0] == "met" and before[a.pk][0][0] == "not_met"
    CachedStatuses.objects.all().delete()
    assert statuses(communes) == after  # what was kept is what a fresh computation gives


def test_a_value_changed_in_place_is_seen(communes):
    a = communes[0]
    statuses(communes)
    Observation.objects.filter(unit=a, criterion=1).update(assessed="met")
    after, computed = computed_for(communes)
    assert computed == [a.pk] and after[a.pk][0][0] == "met"


def test_a_review_transition_recomputes_the_commune(communes):
    a = communes[0]
    statuses(communes)
    PeriodReview.objects.create(unit=a, set_family="qd318-2022", period_key=PERIOD.key, state="submitted",
                                snapshot={"values": {}, "assessed": {"1": "met"}, "periods": {}})
    after, computed = computed_for(communes)
    assert computed == [a.pk] and after[a.pk][0][0] == "met"  # the frozen snapshot is what counts


def test_another_worker_reads_the_same_entry(communes):
    """A worker process that has computed nothing itself (no set key remembered) uses the stored entries."""
    first, _ = computed_for(communes)
    CSET.__dict__.pop("_digest", None)  # the set's digest is worked out anew, as in a fresh process
    again, computed = computed_for(communes)
    assert (again, computed) == (first, [])


def test_the_set_key_is_the_same_in_another_process(tmp_path):
    """Nothing in the key depends on the process (hash order of sets, object ids): workers share entries."""
    code = ("import django; django.setup(); from ntm.criteria.catalog import get_set; "
            "from ntm.monitoring.selectors import _set_key; print(_set_key(get_set('qd318-2022')))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ntm.settings", "NTM_DATA_DIR": str(tmp_path),
           "PYTHONHASHSEED": "12345"}
    env.pop("DATABASE_URL", None)
    other = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert other.stdout.strip().splitlines()[-1] == selectors._set_key(CSET)


def test_a_profile_change_recomputes(communes):
    a = communes[0]
    statuses(communes)
    Unit.objects.filter(pk=a.pk).update(region="nam_trung_bo" if a.region != "nam_trung_bo" else "dbscl")
    a.refresh_from_db()
    _, computed = computed_for(communes)
    assert computed == [a.pk]
