"""Recognition fixtures: a village of Cẩm Ngọc and one user for every role of the transition table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

CAM_NGOC, CAO_NGOC, THANH_HOA = "legacy:15169", "legacy:15079", "legacy:province:38"
VILLAGE_SET = "th-41-2022-thon-kieu-mau"


@pytest.fixture
def village(unit):
    from ntm.geo.services import create_village

    return create_village(actor=None, commune=unit(CAM_NGOC), name="Song Nga")


@pytest.fixture
def roles(make_user, unit, village):
    """role name → user: the table's six roles (the superuser stands for administrators too)."""
    from ntm.common.models import Membership

    admin = make_user("quan_tri", is_superuser=True, is_staff=True)
    Membership.objects.create(user=admin, unit=unit(THANH_HOA), role="administrator")
    return {
        "village_board": make_user("ban_thon_song_nga", village, "village_board"),
        "commune_official": make_user("can_bo_cam_ngoc", unit(CAM_NGOC), "commune_official"),
        "other_commune": make_user("can_bo_cao_ngoc", unit(CAO_NGOC), "commune_official"),
        "province_office": make_user("vpdp_thanh_hoa", unit(THANH_HOA), "province_office"),
        "superuser": admin,
        "outsider": make_user("nguoi_ngoai"),
    }


def pdf(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


def advance(dossier, state: str, *, submitter=None):
    """Take a dossier to `state` by the system's hand (actor None), the submission by `submitter` if given."""
    from ntm.recognition import services
    from ntm.recognition.kinds import get_kind

    order = ["registered", "assessed", "consulted", "submitted", "appraised", "recognised", "announced"]
    branch = {"refused": "appraised", "revoked": "announced"}
    target = branch.get(state, state)
    for item in get_kind(dossier.kind).documents:
        if item.required and not dossier.files.filter(item=item.code).exists():
            services.upload_document(actor=None, dossier=dossier, item=item.code, upload=pdf(f"{item.code}.pdf"))
    for step in order[1:order.index(target) + 1]:
        dossier.refresh_from_db()
        if step == "assessed":
            services.self_assess(actor=None, dossier=dossier)
        elif step == "consulted":
            services.record_consultation(actor=None, dossier=dossier, votes_for=120, votes_total=130)
        elif step == "submitted":
            services.submit_dossier(actor=submitter, dossier=dossier)
        elif step == "appraised":
            services.appraise(actor=None, dossier=dossier, findings=[
                services.FindingIn(c["number"], True, "đạt") for c in dossier.self_assessment["criteria"]])
        elif step == "recognised":
            services.decide(actor=None, dossier=dossier, number="12/QĐ-UBND", signed_on=dt.date(2024, 12, 20),
                            signer="Chủ tịch UBND xã")
        elif step == "announced":
            services.announce(actor=None, dossier=dossier, announced_on=dt.date(2024, 12, 28))
    dossier.refresh_from_db()
    if state == "refused":
        services.refuse(actor=None, dossier=dossier, reason="chưa đạt")
    if state == "revoked":
        services.revoke(actor=None, dossier=dossier, reason="không còn đạt tiêu chí nước sạch")
    dossier.refresh_from_db()
    return dossier


@pytest.fixture
def village_dossier(village):
    from ntm.recognition.services import register_dossier

    return register_dossier(actor=None, unit=village, kind="thon_ntm_kieu_mau", target_year=2024)


@pytest.fixture
def commune_dossier(unit):
    from ntm.recognition.services import register_dossier

    return register_dossier(actor=None, unit=unit(CAM_NGOC), kind="xa_ntm_nang_cao", target_year=2024)
