"""Every URL of the site × every role × a unit outside that role's scope → refused.

The URL patterns are enumerated from the resolver, so a new view is covered without editing
this test; a pattern with a parameter this test cannot fill fails loudly.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db
# Reachable by anyone signed in: they show or act on the user's own things only (their scope is tested
# in tests/web/test_imports.py: another official's upload is not found).
OPEN = {"web:login", "web:logout", "web:home", "web:imports", "web:imports_confirm", "web:worklist", "set_language",
        "web:overdue", "web:recognition_register", "web:reporting_schedule", "web:sets", "web:set_new",
        "web:set_import"}
# Criteria sets belong to a province's office, not to a unit: who may see and edit which set is tested cell by cell
# in tests/setstore/ (another province's draft → 404, a national set → 403).
SETS = {"web:set_detail", "web:set_open_draft", "web:set_document", "web:set_indicator", "web:set_whatif",
        "web:set_publish", "web:set_export", "web:set_source_copy", "web:set_indicator_remove"}
FILL = {"key": "{unit}", "period_key": "2024-Q1", "pk": "{upload}", "year": "2024", "table": "muc-tieu",
        "fmt": "csv"}


def patterns(resolver=None, prefix="", namespace=""):
    """(name, route) for every page pattern, admin and static files excepted."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith(("admin/", "api/", "static/", "media/")):
                continue
            yield from patterns(entry, route, entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), route


def url_for(route: str, unit_key: str, upload: int = 0) -> str:
    path = route
    while "<" in path:
        start, end = path.index("<"), path.index(">")
        name = path[start + 1:end].split(":")[-1]
        assert name in FILL, f"the matrix test cannot fill <{name}> in {route}: add it to FILL"
        path = path[:start] + FILL[name].format(unit=unit_key, upload=upload) + path[end + 1:]
    return "/" + path


@pytest.fixture
def actors(make_user, unit):
    from ntm.geo.services import create_village

    cam_ngoc = unit("legacy:15169")
    village = create_village(actor=None, commune=cam_ngoc, name="Song Nga")
    return {
        "village_board": (make_user("vb", village, "village_board"), "legacy:15169"),  # its own commune is above it
        "commune_official": (make_user("co", cam_ngoc, "commune_official"), "legacy:15079"),
        "province_office": (make_user("po", unit("legacy:province:51"), "province_office"), "legacy:15169"),
    }


@pytest.fixture
def someone_elses_upload(make_user):
    from ntm.ingest.models import ImportRecord

    return ImportRecord.objects.create(filename="x.txt", text="", facts={}, uploaded_by=make_user("other"))


def test_every_page_refuses_a_unit_outside_each_roles_scope(client, actors, someone_elses_upload):
    checked = 0
    for name, route in patterns():
        if name in OPEN or name in SETS:
            continue
        for role, (user, outside_key) in actors.items():
            client.force_login(user)
            for method in ("get", "post"):
                response = getattr(client, method)(url_for(route, outside_key, someone_elses_upload.pk))
                # 405 is refused before any unit is looked at: it tells nothing about the unit either
                assert response.status_code in (404, 405), f"{role} {method.upper()} {route} → {response.status_code}"
                checked += 1
        client.logout()
        anonymous = client.get(url_for(route, "legacy:15169", someone_elses_upload.pk))
        assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"], route
    assert checked >= 5 * 3 * 2
