"""The API's OpenAPI schema and docs page."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_lists_the_endpoints_with_their_schemas(client):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/units", "/api/units/{key}/evaluation", "/api/criteria-sets/{set_id}",
            "/api/units/{key}/observations/{set_id}/{indicator}/{period}"} <= set(schema["paths"])
    schemas = set(schema["components"]["schemas"])
    assert {"ObservationIn", "ObservationOut", "EvaluationOut", "CriteriaSetOut"} <= schemas


def test_the_docs_page_loads(client):
    assert client.get("/api/docs").status_code == 200
