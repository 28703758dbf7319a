"""The import services against the database: duplicate files, names across the 2025 merger, batches whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.ingest.models import ImportRecord
from ntm.ingest.review import names_differ
from ntm.ingest.services import UploadRejected, unit_mismatch, upload_reports

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def seed(name: str, as_name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(as_name or name, (SEEDS / name).read_bytes(), content_type="text/plain")


def test_names_differ_forgives_tone_placement_and_level_words_only() -> None:
    assert not names_differ("Cẩm Thuỷ", ["Thị trấn Cẩm Thủy"])
    assert not names_differ("xã Ngọc Phụng", ["Ngọc Phụng"])
    assert names_differ("Ngọc Phụng", ["Xã Cao Ngọc", "Cao Ngọc"])
    assert names_differ("Cam Ngoc", ["Cẩm Ngọc"])
    assert not names_differ("", ["Xã Cao Ngọc"])  # a document naming no unit cannot disagree


@pytest.mark.django_db
def test_a_predecessor_named_in_the_document_matches_its_2025_successor(unit) -> None:
    facts = {"unit": {"name": "Cao Ngọc", "level": "commune"}}
    assert unit_mismatch(facts, unit("legacy:15079")) is None
    minh_son = unit("legacy:15079").successions.get().successor
    assert unit_mismatch(facts, minh_son) is None
    other = unit_mismatch({"unit": {"name": "Ngọc Phụng", "level": "commune"}}, minh_son)
    assert other is not None and (other.document, other.chosen) == ("Xã Ngọc Phụng", "Xã Minh Sơn")


@pytest.mark.django_db
def test_a_village_named_in_the_document_differs_from_a_commune_of_that_name(unit) -> None:
    mismatch = unit_mismatch({"unit": {"name": "Cao Ngọc", "level": "village"}}, unit("legacy:15079"))
    assert mismatch is not None and mismatch.document == "Thôn Cao Ngọc"


@pytest.mark.django_db
def test_the_same_file_twice_in_one_batch_keeps_neither(make_user, unit) -> None:
    official = make_user("cb", unit("legacy:15079"), "commune_official")
    with pytest.raises(UploadRejected) as refused:
        upload_reports(actor=official, uploads=[seed("000_029306e97db87dbe.txt"),
                                                seed("000_029306e97db87dbe.txt", "lan-2.txt")])
    assert "«lan-2.txt»: trùng nội dung" in refused.value.errors[0]
    assert not ImportRecord.objects.exists()


@pytest.mark.django_db
def test_only_the_uploader_may_replace_and_others_are_not_told_who(make_user, unit) -> None:
    first = make_user("cb1", unit("legacy:15079"), "commune_official")
    second = make_user("cb2", unit("legacy:15079"), "commune_official")
    upload_reports(actor=first, uploads=[seed("000_029306e97db87dbe.txt")])
    with pytest.raises(UploadRejected) as refused:
        upload_reports(actor=second, uploads=[seed("000_029306e97db87dbe.txt")], replace=True)
    assert "một cán bộ khác" in refused.value.errors[0] and "cb1" not in refused.value.errors[0]
    assert refused.value.duplicates[0].visible is False
    assert ImportRecord.objects.count() == 1


@pytest.mark.django_db
def test_replacing_a_pending_import_discards_it(make_user, unit) -> None:
    official = make_user("cb", unit("legacy:15079"), "commune_official")
    old = upload_reports(actor=official, uploads=[seed("000_029306e97db87dbe.txt")])[0]
    new = upload_reports(actor=official, uploads=[seed("000_029306e97db87dbe.txt")], replace=True)[0]
    old.refresh_from_db()
    assert old.status == "discarded" and new.status == "pending" and new.replaces is None
