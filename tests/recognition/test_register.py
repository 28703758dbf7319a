"""The register: which villages/communes were recognised in year Y, under which set; and revocation."""

from __future__ import annotations

import datetime as dt

import pytest

from ntm.monitoring.periods import Period
from ntm.monitoring.services import Target, record_observation
from ntm.recognition.selectors import recognition_register, register_rows, revocation_candidates
from ntm.recognition.services import decide, register_dossier, revoke

from .conftest import CAM_NGOC, VILLAGE_SET, advance

pytestmark = pytest.mark.django_db


@pytest.fixture
def recognised(village_dossier, commune_dossier, unit):
    from ntm.geo.services import create_village

    advance(village_dossier, "recognised")                    # decision signed 20/12/2024
    advance(commune_dossier, "appraised")
    decide(actor=None, dossier=commune_dossier, number="5155/QĐ-UBND", signed_on=dt.date(2023, 12, 29),
           signer="Chủ tịch UBND tỉnh")
    other = create_village(actor=None, commune=unit(CAM_NGOC), name="Phúc Ngán Vải")
    plain = register_dossier(actor=None, unit=other, kind="thon_ntm", target_year=2024)
    advance(plain, "recognised")
    return village_dossier, commune_dossier, plain


def test_register_by_year_and_set(recognised, roles):
    official = roles["commune_official"]
    in_2024 = recognition_register(actor=official, year=2024)
    assert {d.unit.name for d in in_2024} == {"Song Nga", "Phúc Ngán Vải"}
    assert [d.unit.name for d in recognition_register(actor=official, year=2024, set_id=VILLAGE_SET)] == ["Song Nga"]
    assert [d.number for d in recognition_register(actor=official, year=2023)] == ["5155/QĐ-UBND"]
    assert list(recognition_register(actor=official, year=2022)) == []
    row = register_rows(list(recognition_register(actor=official, year=2023)))[0]
    assert row[:4] == (2023, "Xã Cẩm Ngọc", row[2], "Xã NTM nâng cao") and row[6] == "29/12/2023"
    assert row[8] == "Còn hiệu lực"


def test_register_is_scoped(recognised, roles):
    assert list(recognition_register(actor=roles["other_commune"], year=2024)) == []
    assert {d.unit.name for d in recognition_register(actor=roles["village_board"])} == {"Song Nga"}


def test_register_through_the_api_and_the_export(recognised, roles, client):
    from ntm.api.models import ApiToken

    token = ApiToken.issue(roles["province_office"], "t")[1]
    answer = client.get("/api/recognitions?year=2024&set=th-41-2022-thon",
                        headers={"Authorization": f"Bearer {token}"}).json()
    assert [(r["unit_name"], r["kind"], r["set_id"]) for r in answer] == [("Phúc Ngán Vải", "thon_ntm",
                                                                         "th-41-2022-thon")]
    client.force_login(roles["province_office"])
    csv = client.get("/so-cong-nhan/?nam=2024&dinh_dang=csv").content.decode("utf-8-sig")
    assert "Song Nga" in csv and "Phúc Ngán Vải" in csv and "5155" not in csv
    page = client.get("/so-cong-nhan/?nam=2023").content.decode()
    assert "5155/QĐ-UBND" in page and "Song Nga" not in page


def test_a_unit_that_no_longer_meets_its_set_is_listed_then_revoked(recognised, roles):
    """Song Nga (seed 001): a model village of 2021 that lost piped water and the health-insurance rate."""
    village_dossier = recognised[0]
    official = roles["commune_official"]
    assert revocation_candidates(actor=official, period=Period.parse("2025")) == []
    record_observation(actor=None, unit=village_dossier.unit, target=Target(VILLAGE_SET, "1"),
                       period=Period.parse("2025"), raw=False)
    found = revocation_candidates(actor=official, period=Period.parse("2025"))
    assert [c.dossier.pk for c in found] == [village_dossier.pk]
    assert found[0].unmet[0].startswith("1. ")
    assert revocation_candidates(actor=roles["other_commune"], period=Period.parse("2025")) == []

    revoke(actor=official, dossier=village_dossier, reason="Không còn đạt tiêu chí 1", decision_number="3/QĐ-UBND")
    village_dossier.refresh_from_db()
    assert village_dossier.state == "revoked" and village_dossier.revocation_reason == "Không còn đạt tiêu chí 1"
    assert village_dossier.decision.revoked and village_dossier.decision.revocation_number == "3/QĐ-UBND"
    assert revocation_candidates(actor=official, period=Period.parse("2025")) == []
    assert register_rows([village_dossier.decision])[0][8] == "Đã thu hồi (3/QĐ-UBND)"
