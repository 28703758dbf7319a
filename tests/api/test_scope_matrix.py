"""Every API URL × every method × every role, with a unit outside that role's scope → refused.

The URLs are enumerated from the URL patterns mounted at /api/, so a new endpoint is covered without
editing this file. A unit-bearing URL answers 404 (as for an absent unit) or 405 (no such method); a
URL without a unit (lists, criteria sets) may answer, but never shows the outside unit. Anonymous → 401.
"""

import re

import pytest
from django.urls import URLResolver, get_resolver

pytestmark = pytest.mark.django_db
METHODS = ("get", "post", "put", "patch", "delete")
PUBLIC = {"openapi-json", "openapi-view", "api-root"}  # the schema and its docs page
FILL = {"set_id": "th-32-2022", "indicator": "15.1", "period": "2024-Q1", "number": "6"}
QUERY = "?period=2024-Q1&q={name}"  # required by the evaluation; `q` searches the lists for the outside unit
VALID_BODY = {"value": 90, "assessed": "met", "transition": "submit"}  # valid for every write, so only the scope can refuse it


def api_patterns():
    """(name, route) of every URL mounted at api/ (a path with several operations is listed once)."""
    mount = next(p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and str(p.pattern) == "api/")
    routes: dict[str, str] = {}
    for p in mount.url_patterns:
        routes.setdefault("/api/" + str(p.pattern), p.name)
    return [(name, route) for route, name in routes.items()]


def fill(route, key, name):
    """The route with its parameters filled: `key` is the unit outside the actor's scope."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: key if m.group(1) == "key" else FILL[m.group(1)], route)
    return path + QUERY.format(name=name)


@pytest.fixture
def actors(make_user, unit):
    """role → (user, the key of a unit outside the user's scope, that unit's name)."""
    from ntm.geo.services import create_village

    cam_ngoc, cao_ngoc = unit("legacy:15169"), unit("legacy:15079")
    village = create_village(actor=None, commune=cam_ngoc, name="Sông Nga")
    return {
        "village_board": (make_user("vb", village, "village_board"), cam_ngoc),  # its own commune
        "commune_official": (make_user("co", cam_ngoc, "commune_official"), cao_ngoc),
        "province_office": (make_user("po", unit("legacy:province:51"), "province_office"), cam_ngoc),
    }


def test_the_enumeration_finds_the_units_endpoints():
    routes = [route for _, route in api_patterns()]
    assert "/api/units/<key>/evaluation" in routes and len(routes) >= 8


def test_anonymous_callers_are_refused_everywhere_but_the_schema(api, unit):
    for name, route in api_patterns():
        if name in PUBLIC:
            continue
        for method in METHODS:
            status = api(None).request(method, fill(route, "legacy:15169", "cam ngoc")).status_code
            assert status in (401, 405), f"anonymous {method.upper()} {route} → {status}"


def test_every_role_is_refused_units_outside_its_scope(api, actors):
    refused = 0
    for role, (user, outside) in actors.items():
        caller = api(user)
        for name, route in api_patterns():
            if name in PUBLIC:
                continue
            for method in METHODS:
                body = VALID_BODY if method != "get" else None  # a GET's data would replace the query
                response = caller.request(method, fill(route, outside.key, outside.name), body)
                where = f"{role} {method.upper()} {route} → {response.status_code}"
                assert outside.key.encode() not in response.content, where
                if "<key>" in route:
                    assert response.status_code in (404, 405), where
                    refused += response.status_code == 404
    assert refused >= 5 * len(actors), refused


def test_the_same_urls_answer_for_a_unit_in_scope(api, commune_official):
    """The control: the refusals above come from the scope, not from URLs filled wrongly."""
    answered = 0
    for name, route in api_patterns():
        for method in METHODS if name not in PUBLIC else ():
            body = VALID_BODY if method != "get" else None
            response = api(commune_official).request(method, fill(route, "legacy:15169", "cam ngoc"), body)
            assert response.status_code in (200, 405), f"{method.upper()} {route} → {response.status_code} {response.content[:300]}"
            answered += response.status_code == 200
    assert answered >= 8, answered
