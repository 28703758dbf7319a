"""Recognition pages: who sees what, who may register, errors in Vietnamese."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_unit_dossiers_page_offers_registration_to_the_own_body_only(client, roles, village, village_dossier):
    url = f"/don-vi/{village.key}/ho-so/"
    client.force_login(roles["village_board"])
    page = client.get(url).content.decode()
    assert "Thôn NTM kiểu mẫu" in page and 'id="register-form"' in page
    client.force_login(roles["province_office"])
    page = client.get(url).content.decode()
    assert "Thôn NTM kiểu mẫu" in page and 'id="register-form"' not in page
    assert client.post(url, {"kind": "thon_ntm", "target_year": "2025"}).status_code == 403
    client.force_login(roles["other_commune"])
    assert client.get(url).status_code == 404


def test_registering_twice_for_the_same_year_is_refused_in_vietnamese(client, roles, village, village_dossier):
    client.force_login(roles["village_board"])
    response = client.post(f"/don-vi/{village.key}/ho-so/", {"kind": "thon_ntm_kieu_mau", "target_year": "2024"})
    assert response.status_code == 422
    assert "đã đăng ký" in response.content.decode()
    created = client.post(f"/don-vi/{village.key}/ho-so/", {"kind": "thon_ntm", "target_year": "2024"})
    assert created.status_code == 302 and created["Location"].startswith("/ho-so/")


def test_dossier_page_explains_why_a_step_is_not_yours(client, roles, village_dossier):
    client.force_login(roles["province_office"])
    page = client.get(f"/ho-so/{village_dossier.pk}/").content.decode()
    assert 'data-step="assess"' in page and "chỉ ban phát triển thôn" in page
    assert 'id="step-assess"' not in page
    client.force_login(roles["village_board"])
    page = client.get(f"/ho-so/{village_dossier.pk}/").content.decode()
    assert 'id="step-assess"' in page and "chưa rõ" in page


def test_api_lists_and_reads_dossiers_in_scope(client, roles, village, village_dossier):
    from ntm.api.models import ApiToken

    def get(user, url):
        return client.get(url, headers={"Authorization": f"Bearer {ApiToken.issue(user, 't')[1]}"})

    listed = get(roles["village_board"], f"/api/units/{village.key}/dossiers").json()
    assert [(d["kind"], d["state"], d["transitions"]) for d in listed] == [
        ("thon_ntm_kieu_mau", "registered", ["assess"])]
    assert get(roles["province_office"], f"/api/dossiers/{village_dossier.pk}").json()["transitions"] == []
    assert get(roles["other_commune"], f"/api/dossiers/{village_dossier.pk}").status_code == 404
    answer = client.post(f"/api/units/{village.key}/dossiers", {"kind": "thon_ntm", "target_year": 2025},
                         content_type="application/json",
                         headers={"Authorization": f"Bearer {ApiToken.issue(roles['province_office'], 't')[1]}"})
    assert answer.status_code == 403 and answer.json()["message"]
