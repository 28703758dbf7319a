"""The API against its own OpenAPI schema (Schemathesis): no server error, every answer as documented.

Bounded so that it runs in `make test`: a fixed seed (derandomized), a few examples per operation, in-process
against the WSGI application, signed in with a commune official's token (so requests reach the services).
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


from ntm.wsgi import application  # noqa: E402 - after Django's set-up by pytest-django

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def keep_connection():
    """What Django's test client does: the request's end must not close the test's database connection."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(commune_official, keep_connection, settings, tmp_path):
    from ntm.api.models import ApiToken

    settings.MEDIA_ROOT = tmp_path  # uploaded and generated files go to a temporary folder
    return ApiToken.issue(commune_official, "schemathesis")[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=4, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_answers_as_its_schema_says(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


def test_every_operation_documents_every_error_status_with_the_error_shape():
    from ntm.api.urls import api

    paths = api.get_openapi_schema()["paths"]
    operations = [(path, method, op["responses"]) for path, ops in paths.items() for method, op in ops.items()]
    assert len(operations) > 70
    for path, method, responses in operations:
        assert {400, 401, 403, 404, 409, 413, 422} <= set(responses), (method, path)
        assert "Error" in str(responses[404]), (method, path)
