"""The REST API: token auth, scoped reads and writes, errors as JSON naming the field."""

import pytest

from ntm.monitoring.models import Observation

pytestmark = pytest.mark.django_db
CAM_NGOC = "legacy:15169"
BHYT = f"/api/units/{CAM_NGOC}/observations/th-32-2022/15.1/2024-Q1"


def test_a_bad_token_is_401_with_a_json_body(client):
    response = client.get("/api/units", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401 and response.json()["code"] == "ntm.unauthenticated"


def test_openapi_schema_lists_the_endpoints(client, commune_official):
    client.force_login(commune_official)
    schema = client.get("/api/openapi.json").json()
    assert "/api/units/{key}/evaluation" in schema["paths"]


def test_units_are_scoped_and_searchable_without_diacritics(api, commune_official):
    rows = api(commune_official).get("/api/units?q=CAM NGOC").json()
    assert [r["key"] for r in rows] == [CAM_NGOC]


def test_put_then_evaluation_reflects_the_value_at_once(api, commune_official):
    caller = api(commune_official)
    saved = caller.put(BHYT, {"value": "79,9", "evidence_note": "BHXH"})
    assert saved.status_code == 200 and saved.json()["version"] == 1
    evaluation = caller.get(f"/api/units/{CAM_NGOC}/evaluation?period=2024-Q1&set=th-32-2022").json()
    bhyt = next(i for c in evaluation["criteria"] for i in c["indicators"] if i["code"] == "15.1")
    assert bhyt["value"] == 79.9 and bhyt["status"] == "not_met"
    listed = caller.get(f"/api/units/{CAM_NGOC}/observations?period=2024-Q1").json()
    assert listed[0]["indicator"] == "15.1"


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"value": 120}, "value", "vượt quá 100%"),
    ({"value": "nhiều"}, "value", "không phải là một số"),
    ({"numerator": 5, "denominator": 0}, "value", "mẫu số"),
])
def test_bad_values_are_422_naming_the_field_and_nothing_is_saved(api, commune_official, body, field, words):
    response = api(commune_official).put(BHYT, body)
    data = response.json()
    assert response.status_code == 422 and field in data["fields"] and words in data["message"]
    assert not Observation.objects.exists()


def test_negative_count_is_refused(api, commune_official):
    url = f"/api/units/{CAM_NGOC}/observations/th-32-2022/9.1/2024-Q1"
    response = api(commune_official).put(url, {"value": -1})
    assert response.status_code == 422 and "không được âm" in response.json()["message"]


def test_stale_version_is_409_with_the_current_value(api, commune_official):
    caller = api(commune_official)
    caller.put(BHYT, {"value": 80})
    caller.put(BHYT, {"value": 85, "expected_version": 1})
    response = caller.put(BHYT, {"value": 90, "expected_version": 1})
    assert response.status_code == 409 and response.json()["current"]["value"] == "85"


def test_whole_criterion_assessment(api, commune_official):
    response = api(commune_official).put(f"/api/units/{CAM_NGOC}/criteria/th-32-2022/6/2024-Q1",
                                         {"assessed": "not_met"})
    assert response.status_code == 200 and response.json()["criterion"] == 6


def test_outsider_gets_the_same_404_as_for_an_absent_unit(api, outsider):
    caller = api(outsider)
    theirs = caller.get(f"/api/units/{CAM_NGOC}/evaluation?period=2024-Q1")
    absent = caller.get("/api/units/legacy:99999999/evaluation?period=2024-Q1")
    assert theirs.status_code == absent.status_code == 404 and theirs.json() == absent.json()
    assert caller.put(BHYT, {"value": 90}).status_code == 404
    assert not Observation.objects.exists()
