"""Confirming an import creates its funding, works, targets, villages and signer, linked to the file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ntm.common.errors import BadInput
from ntm.common.models import AuditEntry
from ntm.finance.models import Funding, StatedTotal, Work
from ntm.geo.models import Level, Unit
from ntm.geo.services import create_village
from ntm.ingest.models import ImportRecord
from ntm.ingest.services import Confirmation, confirm_imports, upload_reports
from ntm.monitoring.models import Source
from ntm.monitoring.periods import Period
from ntm.planning.models import Plan, Target

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
# seed → (unit, set, period)
SEED_UNITS = {
    "000_029306e97db87dbe.txt": ("legacy:15079", "th-32-2022", "2024-Q1"),
    "001_c332789b5b2a8217.txt": ("legacy:15169", "th-32-2022", "2023"),
    "002_1e612b5f6a3f665a.txt": ("legacy:21493", "qd318-2022", "2024"),
    "003_f60837212bbc1c6b.txt": ("legacy:15205", "th-32-2022", "2024"),
    "004_44ef3ee715d4a130.txt": ("legacy:15655", "th-32-2022", "2023"),
}
LINKED = (Funding, StatedTotal, Work, Target)


def upload(actor, name, *, replace=False, extra=b""):
    data = (SEEDS / name).read_bytes() + extra
    return upload_reports(actor=actor, uploads=[SimpleUploadedFile(name, data, content_type="text/plain")],
                          replace=replace)[0]


def confirm(actor, record, unit, name):
    _, set_id, period = SEED_UNITS[name]
    confirm_imports(actor=actor, items=[(record, Confirmation(unit(SEED_UNITS[name][0]), set_id,
                                                               Period.parse(period)))])
    record.refresh_from_db()
    return record


@pytest.fixture
def admin(make_user):
    return make_user("quantri", is_superuser=True)


def rows(model, record):
    return model.objects.filter(import_record=record)


@pytest.mark.parametrize("name", sorted(SEED_UNITS))
def test_every_record_of_a_confirmed_seed_is_imported_and_linked(admin, unit, name):
    record = confirm(admin, upload(admin, name), unit, name)
    for model in LINKED:
        assert set(model.objects.values_list("source", "import_record")) <= {(Source.IMPORTED, record.pk)}
    assert Target.objects.exists() and Plan.objects.filter(import_record=record, state="draft").exists()


def test_cam_ngoc_funding_and_its_stated_total_are_the_reports(admin, unit):
    name = "001_c332789b5b2a8217.txt"
    record = confirm(admin, upload(admin, name), unit, name)
    funding = rows(Funding, record).filter(work=None)
    assert {f.source_kind: f.planned for f in funding} == {
        "central_province": 3_392_000_000, "district": 2_000_000_000, "commune": 1_000_000_000,
        "integrated": 2_360_000_000, "enterprise": 3_886_000_000, "people": 2_170_000_000}
    assert rows(StatedTotal, record).get(work=None).amount == 14_808_000_000
    drain = rows(Work, record).get(name="rãnh thoát nước có nắp đậy")
    assert {s.measure: s.amount for s in drain.stated_totals.all()} == {"planned": 217_000_000,
                                                                        "disbursed": 109_000_000}
    village_works = rows(Work, record).exclude(village=None)
    assert village_works.count() == 7 and {w.village.parent.key for w in village_works} == {"legacy:15169"}


def test_cao_ngoc_villages_are_matched_without_their_level_word(admin, unit):
    cao_ngoc = unit("legacy:15079")
    for name in ("Thôn Lỏ", "Làng Thau"):
        create_village(actor=None, commune=cao_ngoc, name=name)
    name = "000_029306e97db87dbe.txt"
    record = confirm(admin, upload(admin, name), unit, name)
    villages = sorted(Unit.objects.filter(parent=cao_ngoc, level=Level.VILLAGE).values_list("name", flat=True))
    assert villages == ["Chò Tráng", "Làng Thau", "Thôn Lỏ"]
    stadium = rows(Work, record).get()
    assert (stadium.village.name, stadium.progress_pct) == ("Chò Tráng", Decimal("20"))
    plan = Plan.objects.get(unit=cao_ngoc, year=2024)
    assert [t.deadline for t in plan.targets.all()] == [dt.date(2024, 6, 30), dt.date(2024, 12, 31)]
    assert plan.signer_name == ""        # a báo cáo's signer stays on the import
    assert record.confirmed_facts["signer"]["name"] == "Phạm Văn Lưu"


def test_a_plan_document_gives_its_plan_its_signer(admin, unit):
    name = "003_f60837212bbc1c6b.txt"
    record = confirm(admin, upload(admin, name), unit, name)
    plan = Plan.objects.get(unit=unit("legacy:15205"), year=2024)
    assert (plan.signer_name, plan.import_record_id, plan.state) == ("Nguyễn Đăng Hải", record.pk, "draft")
    assert sorted(plan.targets.values_list("criterion", flat=True)) == [15, 17]


def test_ba_thanh_targets_go_into_a_2025_plan(admin, unit):
    name = "002_1e612b5f6a3f665a.txt"
    confirm(admin, upload(admin, name), unit, name)
    plan = Plan.objects.get(unit=unit("legacy:21493"))
    assert plan.year == 2025 and sorted(plan.targets.values_list("criterion", flat=True)) == [3, 11, 12, 16, 18]


def snapshot():
    return {m.__name__: sorted(m.objects.values_list("pk", flat=True)) for m in (*LINKED, Plan)}


def test_a_replacement_takes_the_old_records_back_and_writes_its_own_once(admin, unit):
    name = "001_c332789b5b2a8217.txt"
    old = confirm(admin, upload(admin, name), unit, name)
    counts = {m: m.objects.count() for m in (*LINKED, Plan)}
    new = confirm(admin, upload(admin, name, replace=True), unit, name)
    old.refresh_from_db()
    assert old.status == "replaced" and new.replaces_id == old.pk
    assert {m: m.objects.count() for m in (*LINKED, Plan)} == counts
    assert all(not rows(m, old).exists() for m in LINKED)
    assert AuditEntry.objects.filter(action="finance.funding.deleted").count() == 6


def test_a_second_file_for_the_same_unit_and_year_merges(admin, unit):
    name = "001_c332789b5b2a8217.txt"
    confirm(admin, upload(admin, name), unit, name)
    counts = {m: m.objects.count() for m in (*LINKED, Plan)}
    second = confirm(admin, upload(admin, name, extra=b"\n"), unit, name)   # other bytes, same facts
    assert {m: m.objects.count() for m in (*LINKED, Plan)} == counts
    assert rows(Funding, second).count() == 6 and rows(Work, second).count() == 9


def test_a_row_typed_by_hand_is_not_overwritten(admin, unit):
    typed = Funding.objects.create(unit=unit("legacy:15169"), year=2023, source_kind="people", planned=1,
                                   source=Source.ENTERED)
    name = "001_c332789b5b2a8217.txt"
    confirm(admin, upload(admin, name), unit, name)
    typed.refresh_from_db()
    assert (typed.planned, typed.import_record) == (1, None)
    assert Funding.objects.filter(unit=typed.unit, year=2023, work=None).count() == 6


def test_a_confirm_that_fails_midway_saves_nothing(admin, unit):
    good, bad = "001_c332789b5b2a8217.txt", "000_029306e97db87dbe.txt"
    first, second = upload(admin, good), upload(admin, bad)
    cam_ngoc = unit("legacy:15169")
    items = [(first, Confirmation(cam_ngoc, "th-32-2022", Period.parse("2023"))),
             (second, Confirmation(cam_ngoc, "th-32-2022", Period.parse("2024-Q1")))]   # Cao Ngọc's file
    with pytest.raises(BadInput):
        confirm_imports(actor=admin, items=items)
    assert not any(m.objects.exists() for m in (*LINKED, Plan))
    assert set(ImportRecord.objects.values_list("status", flat=True)) == {"pending"}
    assert not Unit.objects.filter(parent=cam_ngoc, level=Level.VILLAGE).exists()
