"""Finance writes: scope, audit, stale edits, and bad input named by its field."""

import pytest

from ntm.common.errors import BadInput, NotAllowed, OutOfScope, StaleEdit
from ntm.common.models import AuditEntry
from ntm.finance import services
from ntm.finance.models import Funding

pytestmark = pytest.mark.django_db


def test_vietnamese_amounts_are_read_as_whole_dong(commune_official, cam_ngoc):
    row = services.save_funding(actor=commune_official, unit=cam_ngoc, year="2023", source_kind="enterprise",
                                values={"planned": "3.886.000.000", "disbursed": 1_000_000})
    assert (row.planned, row.disbursed, row.revision) == (3_886_000_000, 1_000_000, 1)


@pytest.mark.parametrize(("raw", "words"), [("-5", "không được âm"), ("1,5", "đồng nguyên"), ("abc", "không phải")])
def test_bad_amount_names_the_field(commune_official, cam_ngoc, raw, words):
    with pytest.raises(BadInput) as err:
        services.save_funding(actor=commune_official, unit=cam_ngoc, year=2023, source_kind="people",
                              values={"allocated": raw})
    assert err.value.field == "allocated"
    assert "«Đã phân bổ»" in err.value.message_vi and words in err.value.message_vi
    assert not Funding.objects.exists()


def test_unknown_source_is_refused(commune_official, cam_ngoc):
    with pytest.raises(BadInput) as err:
        services.save_funding(actor=commune_official, unit=cam_ngoc, year=2023, source_kind="lottery", values={})
    assert err.value.field == "source_kind"


def test_change_with_old_revision_is_refused_and_nothing_changes(commune_official, cam_ngoc):
    row = services.save_funding(actor=commune_official, unit=cam_ngoc, year=2023, source_kind="commune",
                                values={"planned": "1.000.000.000"})
    services.save_funding(actor=commune_official, unit=cam_ngoc, year=2023, source_kind="commune",
                          values={"planned": "1.100.000.000"}, expected_revision=1)
    with pytest.raises(StaleEdit):
        services.save_funding(actor=commune_official, unit=cam_ngoc, year=2023, source_kind="commune",
                              values={"planned": "900.000.000"}, expected_revision=1)
    row.refresh_from_db()
    assert (row.planned, row.revision) == (1_100_000_000, 2)


def test_a_new_row_over_an_existing_one_is_stale(commune_official, cam_ngoc):
    services.save_funding(actor=commune_official, unit=cam_ngoc, year=2023, source_kind="commune",
                          values={"planned": 1})
    with pytest.raises(StaleEdit):
        services.save_funding(actor=commune_official, unit=cam_ngoc, year=2023, source_kind="commune",
                              values={"planned": 2}, expected_revision=None)


def test_every_write_is_audited_with_before_and_after(commune_official, cam_ngoc):
    work = services.create_work(actor=commune_official, unit=cam_ngoc,
                                values={"name": "Rãnh thoát nước có nắp đậy", "year": 2023, "criterion": 2})
    services.update_work(actor=commune_official, work=work, values={"progress_pct": "100", "status": "done"},
                         expected_revision=1)
    services.delete_work(actor=commune_official, work=work, expected_revision=2)
    entries = list(AuditEntry.objects.filter(object_type="finance.work").order_by("id"))
    assert [e.action for e in entries] == ["finance.work.created", "finance.work.changed", "finance.work.deleted"]
    assert entries[1].before["progress_pct"] is None and entries[1].after["progress_pct"] == "100"
    assert all(e.actor_label == "can_bo_cam_ngoc" and e.unit_code == "legacy:15169" for e in entries)


def test_outsider_cannot_write_and_province_may_only_read(outsider, province_office, cam_ngoc):
    with pytest.raises(OutOfScope):
        services.save_funding(actor=outsider, unit=cam_ngoc, year=2023, source_kind="people", values={"planned": 1})
    with pytest.raises(NotAllowed):
        services.create_work(actor=province_office, unit=cam_ngoc, values={"name": "X", "year": 2023})


def test_village_board_enters_its_village_contributions_only(village_board, song_nga, dong_lao, cam_ngoc):
    row = services.add_contribution(actor=village_board, village=song_nga, values={
        "year": 2023, "kind": "land", "item": "Đất làm đường", "quantity": "1.250,5", "measure_unit": "m2"})
    assert (row.quantity, row.measure_unit) == (1250.5, "m²")
    with pytest.raises(OutOfScope):
        services.add_contribution(actor=village_board, village=dong_lao, values={
            "year": 2023, "kind": "labour", "item": "Ngày công", "quantity": 10, "measure_unit": "ngày công"})
    with pytest.raises(OutOfScope):
        services.save_funding(actor=village_board, unit=cam_ngoc, year=2023, source_kind="people",
                              values={"planned": 1})


def test_money_contribution_must_be_in_dong(commune_official, song_nga):
    with pytest.raises(BadInput) as err:
        services.add_contribution(actor=commune_official, village=song_nga, values={
            "year": 2023, "kind": "money", "item": "Tiền mặt", "quantity": 5, "measure_unit": "tấn"})
    assert err.value.field == "measure_unit"


def test_work_village_must_be_of_the_commune(commune_official, cam_ngoc, unit):
    other = unit("legacy:15079")
    with pytest.raises(BadInput) as err:
        services.create_work(actor=commune_official, unit=cam_ngoc,
                             values={"name": "Cầu", "year": 2023, "village": other.pk})
    assert err.value.field == "village"


def test_work_end_before_start_is_refused(commune_official, cam_ngoc):
    with pytest.raises(BadInput) as err:
        services.create_work(actor=commune_official, unit=cam_ngoc,
                             values={"name": "Cầu", "year": 2023, "start": "14/3/2024", "end": "1/3/2024"})
    assert err.value.field == "end"


def test_work_document_type_and_size_are_checked(commune_official, cam_ngoc, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    work = services.create_work(actor=commune_official, unit=cam_ngoc, values={"name": "Cầu", "year": 2023})
    with pytest.raises(BadInput) as err:
        services.add_work_document(actor=commune_official, work=work, title="",
                                   upload=SimpleUploadedFile("x.exe", b"MZ"))
    assert err.value.field == "file"
    doc = services.add_work_document(actor=commune_official, work=work, title="Biên bản nghiệm thu",
                                     upload=SimpleUploadedFile("nghiem-thu.pdf", b"%PDF-1.4"))
    assert doc.work == work and AuditEntry.objects.filter(action="finance.workdocument.created").exists()


def test_ocop_stars_and_campaign_date_are_checked(commune_official, cam_ngoc):
    with pytest.raises(BadInput) as err:
        services.add_ocop_product(actor=commune_official, unit=cam_ngoc,
                                  values={"name": "Mật ong", "producer": "HTX", "stars": 6})
    assert err.value.field == "stars"
    with pytest.raises(BadInput) as err:
        services.add_campaign(actor=commune_official, unit=cam_ngoc,
                              values={"kind": "propaganda", "title": "Tuyên truyền", "year": 2023,
                                      "held_on": "5/1/2024"})
    assert err.value.field == "held_on"


def test_a_blank_status_keeps_the_works_status(commune_official, cam_ngoc):
    work = services.create_work(actor=commune_official, unit=cam_ngoc, values={"name": "Cầu", "year": 2023,
                                                                                "status": None})
    assert work.status == "planned"
    work = services.update_work(actor=commune_official, work=work, values={"status": "", "progress_pct": "40"},
                                expected_revision=1)
    assert (work.status, work.progress_pct) == ("planned", 40)
