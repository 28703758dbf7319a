"""Saving one value: validated, versioned, audited; stale edits refused; nothing partial."""

from decimal import Decimal as D

import pytest

from ntm.common.errors import BadInput, OutOfScope, StaleEdit
from ntm.common.models import AuditEntry
from ntm.monitoring.models import Observation
from ntm.monitoring.periods import Period
from ntm.monitoring.services import Target, record_observation

pytestmark = pytest.mark.django_db
Q1 = Period.parse("2024-Q1")
BHYT = Target("th-32-2022", indicator="15.1")


def save(actor, unit, raw, version=None, target=BHYT, period=Q1):
    return record_observation(actor=actor, unit=unit, target=target, period=period, raw=raw, expected_version=version)


def test_first_save_creates_version_one_with_history_and_audit(commune_official, unit):
    obs = save(commune_official, unit("legacy:15169"), 79.9)
    assert obs.version == 1 and obs.value == D("79.9") and obs.set_family == "qd318-2022"
    assert obs.changes.get().new["value"] == "79.9"
    entry = AuditEntry.objects.get(action="monitoring.observation.saved")
    assert entry.actor == commune_official and entry.before is None and entry.unit_code == "legacy:15169"


def test_second_save_with_the_current_version_updates_and_keeps_the_old_value(commune_official, unit):
    first = save(commune_official, unit("legacy:15169"), 79.9)
    second = save(commune_official, unit("legacy:15169"), {"numerator": 900, "denominator": 1000}, first.version)
    assert second.version == 2 and second.value is None and second.numerator == 900
    change = second.changes.first()
    assert change.old["value"] == "79.9" and change.new["numerator"] == "900"


def test_second_save_with_an_old_version_is_refused(commune_official, unit):
    first = save(commune_official, unit("legacy:15169"), 79.9)
    save(commune_official, unit("legacy:15169"), 85, first.version)
    with pytest.raises(StaleEdit) as caught:
        save(commune_official, unit("legacy:15169"), 90, first.version)
    assert caught.value.current.value == D(85)
    assert Observation.objects.get().value == D(85)


def test_two_new_forms_for_the_same_value_cannot_both_create_it(commune_official, unit):
    save(commune_official, unit("legacy:15169"), 80)
    with pytest.raises(StaleEdit):
        save(commune_official, unit("legacy:15169"), 81)


def test_saving_the_same_value_again_makes_no_new_version(commune_official, unit):
    first = save(commune_official, unit("legacy:15169"), 79.9)
    again = save(commune_official, unit("legacy:15169"), "79,9", first.version)
    assert again.version == 1 and again.changes.count() == 1


@pytest.mark.parametrize(("raw", "words"), [
    (120, "vượt quá 100%"), (-5, "không được âm"), ("abc", "không phải là một số"),
    ({"numerator": 11, "denominator": 10}, "lớn hơn mẫu số"), (True, "phải là một số"),
])
def test_bad_values_are_refused_with_the_field_and_nothing_is_saved(commune_official, unit, raw, words):
    with pytest.raises(BadInput) as caught:
        save(commune_official, unit("legacy:15169"), raw)
    assert words in caught.value.message_vi and caught.value.field.startswith("value")
    assert not Observation.objects.exists() and not AuditEntry.objects.exists()


def test_unknown_indicator_is_refused(commune_official, unit):
    with pytest.raises(BadInput) as caught:
        save(commune_official, unit("legacy:15169"), 1, target=Target("th-32-2022", indicator="99.9"))
    assert caught.value.field == "indicator"


def test_whole_criterion_assessment_is_stored_with_its_number(commune_official, unit):
    obs = save(commune_official, unit("legacy:15169"), "not_met", target=Target("th-32-2022", criterion=6))
    assert (obs.criterion, obs.indicator, obs.assessed) == (6, "", "not_met")


def test_an_official_of_another_commune_cannot_write(outsider, unit):
    with pytest.raises(OutOfScope):
        save(outsider, unit("legacy:15169"), 90)
    assert not Observation.objects.exists()


def test_a_commune_official_writes_for_the_communes_villages(commune_official, unit):
    from ntm.geo.services import create_village

    village = create_village(actor=commune_official, commune=unit("legacy:15169"), name="Song Nga")
    assert AuditEntry.objects.filter(action="geo.unit.created").exists()
    obs = save(commune_official, village, True, target=Target("th-41-2022-thon", indicator="1"))
    assert obs.unit == village


def test_a_commune_set_is_refused_for_a_village(commune_official, unit):
    from ntm.geo.services import create_village

    village = create_village(actor=commune_official, commune=unit("legacy:15169"), name="Song Nga")
    with pytest.raises(BadInput) as err:
        save(commune_official, village, 95)
    assert err.value.field == "set" and "cấp xã" in err.value.message_vi
    assert not Observation.objects.filter(unit=village).exists()


def test_a_save_racing_another_on_a_stale_read_is_refused(commune_official, unit, monkeypatch):
    """SQLite has no row lock: two saves may read the same version; only the first may write."""
    from ntm.monitoring import services

    first = save(commune_official, unit("legacy:15169"), 80)
    stale_copy = Observation.objects.get(pk=first.pk)             # what a racing request read: version 1
    save(commune_official, unit("legacy:15169"), 85, first.version)  # the other request wins: version 2
    monkeypatch.setattr(services, "current_for_update", lambda key: stale_copy)
    with pytest.raises(StaleEdit):
        save(commune_official, unit("legacy:15169"), 90, 1)
    assert Observation.objects.get().value == D(85) and Observation.objects.get().version == 2


def test_two_creations_racing_are_refused_not_duplicated(commune_official, unit, monkeypatch):
    from ntm.monitoring import services

    save(commune_official, unit("legacy:15169"), 80)
    monkeypatch.setattr(services, "current_for_update", lambda key: None)  # this request saw nothing yet
    with pytest.raises(StaleEdit) as caught:
        save(commune_official, unit("legacy:15169"), 90)
    assert caught.value.current.value == D(80) and Observation.objects.count() == 1
