"""Replacing a value's evidence file is audited: the old file's name and SHA-256, then the new one's."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.common.models import AuditEntry
from ntm.monitoring.periods import Period
from ntm.monitoring.services import Entry, Target, record_observations

pytestmark = pytest.mark.django_db
FIRST, SECOND = b"%PDF-1.4 bien ban lan 1", b"%PDF-1.4 bien ban lan 2"


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def save_with(actor, unit, content: bytes, name: str, version: int | None):  # type: ignore[no-untyped-def]
    pdf = SimpleUploadedFile(name, content, content_type="application/pdf")
    return record_observations(actor=actor, unit=unit, period=Period.parse("2024-Q1"),
                               entries=[Entry(Target("th-32-2022", indicator="15.1"), 91, version)],
                               evidence_file=pdf)[0]


def test_a_replaced_evidence_file_is_audited_old_to_new(media, commune_official, unit) -> None:  # type: ignore[no-untyped-def]
    cam_ngoc = unit("legacy:15169")
    first = save_with(commune_official, cam_ngoc, FIRST, "bien-ban.pdf", None)
    second = save_with(commune_official, cam_ngoc, SECOND, "bien-ban-moi.pdf", first.version)
    attached, replaced = AuditEntry.objects.filter(action__startswith="monitoring.evidence.").order_by("id")
    assert attached.action == "monitoring.evidence.attached" and attached.before is None
    assert replaced.action == "monitoring.evidence.replaced" and replaced.unit_code == cam_ngoc.key
    assert replaced.before == {"file": first.evidence_file.name, "sha256": hashlib.sha256(FIRST).hexdigest()}
    assert replaced.after == {"file": second.evidence_file.name, "sha256": hashlib.sha256(SECOND).hexdigest()}
    assert replaced.actor == commune_official and replaced.object_id == str(second.pk)
