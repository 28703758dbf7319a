"""API tokens: expiry, revocation (`ntm revoke-api-token`, the admin), and no write on every read."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from ntm.api.models import ApiToken

pytestmark = pytest.mark.django_db


def get_units(client, token):
    return client.get("/api/units", headers={"Authorization": f"Bearer {token}"})


def test_a_new_token_expires_after_a_year_and_is_refused_then(client, commune_official):
    record, token = ApiToken.issue(commune_official, "script")
    assert record.expires - record.created > timedelta(days=364)
    assert get_units(client, token).status_code == 200
    with time_machine.travel(record.expires + timedelta(seconds=1)):
        refused = get_units(client, token)
    assert refused.status_code == 401 and refused.json()["code"] == "ntm.unauthenticated"


def test_a_revoked_token_is_refused(client, commune_official):
    record, token = ApiToken.issue(commune_official, "script")
    call_command("revoke_api_token", commune_official.username, "script", stdout=StringIO())
    record.refresh_from_db()
    assert record.revoked is not None and get_units(client, token).status_code == 401


def test_revoke_all_leaves_other_users_tokens_working(client, commune_official, outsider):
    mine = [ApiToken.issue(commune_official, name)[1] for name in ("a", "b")]
    theirs = ApiToken.issue(outsider, "a")[1]
    out = StringIO()
    call_command("revoke_api_token", commune_official.username, "--all", stdout=out)
    assert "2" in out.getvalue()
    assert [get_units(client, t).status_code for t in mine] == [401, 401]
    assert get_units(client, theirs).status_code == 200


def test_revoke_refuses_an_unknown_name_or_a_missing_choice(commune_official):
    ApiToken.issue(commune_official, "script")
    with pytest.raises(CommandError, match="không có mã nào"):
        call_command("revoke_api_token", commune_official.username, "khac")
    with pytest.raises(CommandError, match="--all"):
        call_command("revoke_api_token", commune_official.username)


def test_list_shows_each_token_and_its_state(commune_official):
    ApiToken.issue(commune_official, "bảng tính")
    ApiToken.objects.create(user=commune_official, name="cũ", key_hash="x" * 64, revoked=timezone.now())
    out = StringIO()
    call_command("revoke_api_token", commune_official.username, "--list", stdout=out)
    assert "bảng tính" in out.getvalue() and "cũ" in out.getvalue() and "đã thu hồi" in out.getvalue()


def test_create_with_zero_days_never_expires(client, commune_official):
    out = StringIO()
    call_command("create_api_token", commune_official.username, "máy chủ", "--days", "0", stdout=out)
    assert ApiToken.objects.get(name="máy chủ").expires is None


def test_last_used_is_written_at_most_once_a_minute(client, commune_official):
    record, token = ApiToken.issue(commune_official, "script")
    with time_machine.travel("2026-03-01 08:00:00+07:00", tick=False):
        get_units(client, token)
    with time_machine.travel("2026-03-01 08:00:40+07:00", tick=False):
        get_units(client, token)
        record.refresh_from_db()
        assert record.last_used == timezone.now() - timedelta(seconds=40)  # not rewritten by the second read
    with time_machine.travel("2026-03-01 08:01:05+07:00", tick=False):
        get_units(client, token)
        record.refresh_from_db()
        assert record.last_used == timezone.now()


def test_the_admin_lists_tokens_and_revokes_them(client, make_user, commune_official):
    record, token = ApiToken.issue(commune_official, "bảng tính")
    admin = make_user("quan_tri_3", is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get("/admin/api/apitoken/")
    assert listing.status_code == 200 and "bảng tính" in listing.content.decode()
    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [record.pk]})
    record.refresh_from_db()
    assert record.revoked is not None
