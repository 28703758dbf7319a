"""GET /api/units and /api/units/{key}: scoped, searchable without diacritics."""

import pytest

pytestmark = pytest.mark.django_db


def test_units_are_scoped_and_searchable_without_diacritics(api, commune_official):
    rows = api(commune_official).get("/api/units?q=CAM NGOC").json()
    assert [r["key"] for r in rows] == ["legacy:15169"]


def test_an_outsider_does_not_find_another_commune_by_name(api, outsider):
    assert api(outsider).get("/api/units?q=cam ngoc").json() == []


def test_a_province_office_lists_its_communes_by_level(api, make_user, unit):
    office = make_user("vp_thanh_hoa", unit("legacy:province:38"), "province_office")
    rows = api(office).get("/api/units?level=commune&q=ngoc&limit=1000").json()
    keys = {r["key"] for r in rows}
    assert {"legacy:15169", "legacy:15079"} <= keys and all(r["province_code"] == "38" for r in rows)


def test_one_unit_by_key(api, commune_official):
    data = api(commune_official).get("/api/units/legacy:15169").json()
    assert data["level"] == "commune" and data["province_code"] == "38" and data["name"].endswith("Cẩm Ngọc")


def test_an_outsider_gets_the_same_404_as_for_an_absent_unit(api, outsider):
    theirs = api(outsider).get("/api/units/legacy:15169")
    absent = api(outsider).get("/api/units/legacy:99999999")
    assert theirs.status_code == absent.status_code == 404 and theirs.json() == absent.json()
