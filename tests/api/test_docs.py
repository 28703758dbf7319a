"""/api/docs works offline: Swagger UI comes from the installed django-ninja, never from a CDN."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db
ASSET = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"')


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_docs_page_references_only_local_static_files_that_exist(client, commune_official, signed_in):
    if signed_in:
        client.force_login(commune_official)
    response = client.get("/api/docs")
    assert response.status_code == 200
    assets = ASSET.findall(response.content.decode())
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    assert not [a for a in assets if not a.startswith("/static/")]
    missing = [a for a in assets if finders.find(a.removeprefix("/static/")) is None]
    assert missing == []
