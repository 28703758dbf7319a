"""The self-assessment is a frozen copy: values entered after it do not change it."""

from __future__ import annotations

import pytest

from ntm.monitoring.periods import Period
from ntm.monitoring.services import Target, record_observation
from ntm.recognition.services import self_assess

from .conftest import VILLAGE_SET

pytestmark = pytest.mark.django_db


def criterion(snapshot, number):
    return next(c for c in snapshot["criteria"] if c["number"] == number)


def test_later_data_does_not_change_the_snapshot(village_dossier):
    village = village_dossier.unit
    record_observation(actor=None, unit=village, target=Target(VILLAGE_SET, "1"), period=Period.parse("2024"),
                       raw=True, evidence_note="Biên bản kiểm tra ngày 5/11/2024")
    dossier = self_assess(actor=None, dossier=village_dossier)
    frozen = dict(dossier.self_assessment)
    first = criterion(frozen, 1)
    assert first["status"] == "met"
    assert first["indicators"][0]["evidence_note"] == "Biên bản kiểm tra ngày 5/11/2024"
    assert frozen["period"] == "2024" and frozen["set"] == VILLAGE_SET

    record_observation(actor=None, unit=village, target=Target(VILLAGE_SET, "1"), period=Period.parse("2024"),
                       raw=False, expected_version=1)
    record_observation(actor=None, unit=village, target=Target(VILLAGE_SET, "2"), period=Period.parse("2024"),
                       raw=True)
    dossier.refresh_from_db()
    assert dossier.self_assessment == frozen
    assert criterion(dossier.self_assessment, 1)["status"] == "met"
    assert criterion(dossier.self_assessment, 2)["status"] == "unknown"


def test_self_assessment_of_another_period(village_dossier):
    dossier = self_assess(actor=None, dossier=village_dossier, period_key="2024-Q3")
    assert dossier.period_key == "2024-Q3"
    assert dossier.self_assessment["period_label"]
