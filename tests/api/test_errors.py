"""Every API failure is JSON {"code", "message", "message_en", "fields"}, Vietnamese first."""

import pytest

pytestmark = pytest.mark.django_db
BHYT = "/api/units/legacy:15169/observations/th-32-2022/15.1/2024-Q1"


@pytest.mark.parametrize(("body", "field", "message"), [
    ({"value": 80, "expected_version": "một"}, "expected_version", "phải là số nguyên"),
    ({"assessed": "có lẽ"}, "assessed", "giá trị không được chấp nhận"),
])
def test_a_body_field_of_the_wrong_type_is_422_naming_it(api, commune_official, body, field, message):
    response = api(commune_official).put(BHYT, body)
    assert response.status_code == 422 and response.json()["fields"] == {field: message}


def test_a_missing_query_parameter_is_422_naming_it(api, commune_official):
    response = api(commune_official).get("/api/units/legacy:15169/evaluation")
    assert response.status_code == 422 and response.json()["fields"] == {"period": "bắt buộc phải có"}


def test_a_bad_period_is_422_naming_it_in_vietnamese(api, commune_official):
    data = api(commune_official).get("/api/units/legacy:15169/evaluation?period=2024-Q9").json()
    assert data["code"] == "ntm.bad_input" and "2024-Q1" in data["fields"]["period"] and data["message_en"]


def test_a_body_that_is_not_json_is_400_in_the_same_shape(client, api, commune_official):
    caller = api(commune_official)
    response = client.put(BHYT, "value=80", content_type="application/json", headers=caller.headers)
    assert response.status_code == 400 and set(response.json()) == {"code", "message", "message_en", "fields"}
