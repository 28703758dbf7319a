"""The reporting API: completeness of a commune and of a province, the not-reported list, the schedule,
the caller's reminders; every unit URL answers 404 outside the caller's scope."""

import io

import pytest
from django.core.management import call_command

from .test_reporting import CAM_NGOC, THANH_HOA, villages  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
UNIT_URLS = ("/api/units/{key}/reporting/villages?period=2024-Q1", "/api/units/{key}/reporting/communes?period=2024-Q1",
             "/api/units/{key}/reporting/not-reported?period=2024-Q1")


def test_commune_completeness(villages, signed_in, commune_official):  # noqa: F811
    data = signed_in(commune_official).get(f"/api/units/{CAM_NGOC}/reporting/villages?period=2024-Q1").json()
    assert data["due_date"] == "2024-04-05"
    assert (data["tally"]["expected"], data["tally"]["received"], data["tally"]["late"]) == (3, 2, 1)
    assert float(data["tally"]["completeness_pct"]) == 66.7
    late = next(v for v in data["villages"] if v["name"] == "Kim")
    assert (late["status"], late["days_late"]) == ("late", 5)


def test_province_completeness(villages, signed_in, province_office):  # noqa: F811
    data = signed_in(province_office).get(f"/api/units/{THANH_HOA}/reporting/communes?period=2024-Q1").json()
    row = next(c for c in data["communes"] if c["unit"] == CAM_NGOC)
    assert row["villages"]["received"] == 2 and row["own"]["status"] == "overdue"
    assert data["villages"]["expected"] == 3 and data["own"]["expected"] == len(data["communes"])


def test_not_reported_names_the_member(villages, signed_in, commune_official):  # noqa: F811
    data = signed_in(commune_official).get(f"/api/units/{CAM_NGOC}/reporting/not-reported?period=2024-Q1").json()
    assert [v["name"] for v in data] == ["Sành"]
    assert data[0]["responsible"][0] == {"name": "Lê Văn Hùng", "position": "Phó Chủ tịch UBND xã",
                                         "contact": "0912 345 678", "has_account": False}


def test_a_bad_period_is_refused_in_both_languages(villages, signed_in, commune_official):  # noqa: F811
    response = signed_in(commune_official).get(f"/api/units/{CAM_NGOC}/reporting/villages?period=Q5")
    body = response.json()
    assert response.status_code == 422 and body["code"] == "ntm.bad_input" and "period" in body["fields"]
    assert "kỳ «Q5» không hợp lệ" in body["message"] and "invalid period" in body["message_en"]


def test_schedule_is_listed_with_its_origin(signed_in, commune_official):
    rules = signed_in(commune_official).get("/api/reporting/schedule").json()
    quarter = next(r for r in rules if (r["level"], r["frequency"]) == ("village", "quarter"))
    assert quarter["due_days"] == 5 and quarter["origin"] == "default" and quarter["active"] is True


def test_reminders_of_the_caller_and_marking_them_read(villages, signed_in, make_user):  # noqa: F811
    board = make_user("ban_sanh", villages["sanh"], "village_board")
    other = make_user("ban_song", villages["song"], "village_board")
    call_command("remind", "--date", "2024-04-08", stdout=io.StringIO())
    client = signed_in(board)
    mine = client.get("/api/reminders").json()
    assert mine and all(r["unit"] == villages["sanh"].key for r in mine)
    refused = signed_in(other).post("/api/reminders/read", {"ids": [mine[0]["id"]]}, content_type="application/json")
    assert refused.status_code == 404
    done = signed_in(board).post("/api/reminders/read", {"ids": [mine[0]["id"]]}, content_type="application/json")
    assert done.json()["marked"] == 1 and len(signed_in(board).get("/api/reminders").json()) == len(mine) - 1


@pytest.mark.parametrize("url", UNIT_URLS)
def test_units_outside_the_scope_answer_404_and_inside_200(url, villages, signed_in, outsider,  # noqa: F811
                                                           commune_official, province_office):
    assert signed_in(outsider).get(url.format(key=CAM_NGOC)).status_code == 404
    assert signed_in(commune_official).get(url.format(key=THANH_HOA)).status_code == 404
    assert signed_in(commune_official).get(url.format(key=CAM_NGOC)).status_code == 200
    assert signed_in(province_office).get(url.format(key=CAM_NGOC)).status_code == 200
