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
FILL = {"set_id": "th-32-2022", "indicator": "15.1", "period": "2024-Q1", "number": "6", "year": "2024",
        "source_kind": "commune", "measure": "planned", "fmt": "docx"}
UNIT_PARAMS = ("key", "unit_key")
RECORD_PARAMS = ("pk", "job_id", "member_id", "plan_id", "target_id", "task_id")  # a record's id: none exists
RECORD_ROUTES = {"/api/units/<key>/plans/<year>"}  # a record named by the unit and year: none exists here
QUERY = "?period=2024-Q1&q={name}"  # required by the evaluation; `q` searches the lists for the outside unit
# valid for every write, so only the scope can refuse it
VALID_BODY = {"value": 90, "assessed": "met", "transition": "submit"}


def api_patterns():
    """(name, route) of every URL mounted at api/ (a path with several operations is listed once)."""
    mount = next(p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and str(p.pattern) == "api/")
    routes: dict[str, str] = {}
    for p in mount.url_patterns:
        routes.setdefault("/api/" + str(p.pattern), p.name)
    return [(name, route) for route, name in routes.items()]


def fill(route, key, name):
    """The route with its parameters filled: `key` is the unit outside the actor's scope."""
    def value(match: re.Match) -> str:
        param = match.group(1)
        return key if param in UNIT_PARAMS else "999999" if param in RECORD_PARAMS else FILL[param]

    return re.sub(r"<(?:\w+:)?(\w+)>", value, route) + QUERY.format(name=name)


def schema_refused(response):
    """A write whose body does not fit the endpoint's schema is refused before any unit is looked at."""
    return response.status_code == 422 and response.json()["message_en"] == "Invalid input"


def params(route):
    return set(re.findall(r"<(?:\w+:)?(\w+)>", route))


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
                if params(route) & set(UNIT_PARAMS) and not schema_refused(response):
                    assert response.status_code in (404, 405), where
                    refused += response.status_code == 404
    assert refused >= 5 * len(actors), refused


def test_the_same_urls_answer_for_a_unit_in_scope(api, commune_official):
    """The control: the refusals above come from the scope, not from URLs filled wrongly. Reads of a unit in
    scope answer; writes may be refused for their body or the role's duties (403/409/422), never as out of scope."""
    answered = 0
    for name, route in api_patterns():
        if name in PUBLIC or params(route) & set(RECORD_PARAMS) or route in RECORD_ROUTES \
                or route.startswith("/api/set-store/<"):  # a database set: none exists here (tests/setstore)
            continue
        for method in METHODS:
            body = VALID_BODY if method != "get" else None
            response = api(commune_official).request(method, fill(route, "legacy:15169", "cam ngoc"), body)
            where = f"{method.upper()} {route} → {response.status_code} {response.content[:300]}"
            if method == "get":
                assert response.status_code in (200, 405), where
            else:
                assert response.status_code in (200, 201, 403, 405, 409, 422), where
            answered += response.status_code in (200, 201)
    assert answered >= 8, answered
