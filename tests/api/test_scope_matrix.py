"""Every API endpoint × every role × a unit outside that role's scope → refused (404), anonymous → 401.

Endpoints are enumerated from the API's URL patterns: a new endpoint is covered without editing this.
"""

import re

import pytest

from ntm.api.urls import api as ninja_api

pytestmark = pytest.mark.django_db
PUBLIC: set[str] = set()  # /api/openapi.json and /api/docs are not operations of the schema
PUBLIC_TO_SIGNED_IN = {"ntm_api_routes_list_units", "ntm_api_routes_list_sets", "ntm_api_routes_get_criteria_set"}
VALID_BODY = {"value": 90, "assessed": "met"}  # valid for every write, so only the scope can refuse it
FILL = {"set_id": "th-32-2022", "indicator": "15.1", "period": "2024-Q1", "number": "6"}


def endpoints():
    """(operation id, path, method) of every operation in the API's own OpenAPI schema."""
    schema = ninja_api.get_openapi_schema(path_prefix="/api/")
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield operation["operationId"], path, method


def url(path, key):
    def fill(match):
        return key if match.group(1) == "key" else FILL[match.group(1)]
    return re.sub(r"{([^}]+)}", fill, path) + ("?period=2024-Q1" if path.endswith("evaluation") else "")


@pytest.fixture
def actors(make_user, unit):
    from ntm.geo.services import create_village

    village = create_village(actor=None, commune=unit("legacy:15169"), name="Song Nga")
    return {
        "village_board": (make_user("vb", village, "village_board"), "legacy:15169"),
        "commune_official": (make_user("co", unit("legacy:15169"), "commune_official"), "legacy:15079"),
        "province_office": (make_user("po", unit("legacy:province:51"), "province_office"), "legacy:15169"),
    }


def test_every_endpoint_refuses_units_outside_each_roles_scope(api, actors):
    checked = 0
    for name, route, method in endpoints():
        if name not in PUBLIC:
            assert api(None).request(method, url(route, "legacy:15169")).status_code == 401, route
        if name in PUBLIC_TO_SIGNED_IN:
            continue
        for role, (user, outside) in actors.items():
            response = api(user).request(method, url(route, outside), VALID_BODY if method == "put" else None)
            assert response.status_code == 404, f"{role} {method.upper()} {route} → {response.status_code}"
            checked += 1
    assert checked >= 5 * 3, checked
