"""API authentication: bearer tokens for scripts, the page session with CSRF, the token command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from ntm.api.models import ApiToken, hash_token

pytestmark = pytest.mark.django_db
BHYT = "/api/units/legacy:15169/observations/th-32-2022/15.1/2024-Q1"


def test_a_valid_token_signs_the_script_in_and_marks_the_token_used(client, commune_official):
    record, token = ApiToken.issue(commune_official, "báo cáo hằng quý")
    response = client.get("/api/units/legacy:15169", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.json()["name"].endswith("Cẩm Ngọc")
    record.refresh_from_db()
    assert record.last_used is not None and record.key_hash == hash_token(token) != token


@pytest.mark.parametrize("header", ["Bearer nope", "Token abc", ""])
def test_a_bad_or_missing_token_is_401_with_a_json_body(client, header):
    response = client.get("/api/units", headers={"Authorization": header} if header else {})
    assert response.status_code == 401 and response.json()["code"] == "ntm.unauthenticated"


def test_a_deactivated_users_token_no_longer_works(client, commune_official):
    token = ApiToken.issue(commune_official, "script")[1]
    commune_official.is_active = False
    commune_official.save()
    assert client.get("/api/units", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_the_session_reads_and_writes_only_with_the_csrf_token(commune_official):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(commune_official)
    assert browser.get("/api/units/legacy:15169").status_code == 200
    refused = browser.put(BHYT, {"value": 80}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "ntm.forbidden"
    token = _give_csrf_cookie(browser)
    saved = browser.put(BHYT, {"value": 80}, content_type="application/json", headers={"X-CSRFToken": token})
    assert saved.status_code == 200


def _give_csrf_cookie(browser):
    """What a page does: set the CSRF cookie; return the token htmx sends in X-CSRFToken."""
    request = RequestFactory().get("/")
    token = get_token(request)
    browser.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    return token


def test_create_api_token_prints_a_token_that_works_once_stored_only_as_a_hash(client, commune_official):
    out = StringIO()
    call_command("create_api_token", commune_official.username, "bảng tính", stdout=out)
    token = out.getvalue().strip()
    assert ApiToken.objects.get(name="bảng tính").key_hash == hash_token(token)
    assert client.get("/api/units", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_create_api_token_refuses_an_unknown_user():
    with pytest.raises(CommandError, match="không có người dùng"):
        call_command("create_api_token", "ai_do", "x")
