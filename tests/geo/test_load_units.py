"""Both schemes, the official mapping and the profiles file, loaded idempotently."""

import datetime as dt

import pytest

from ntm.geo.models import Level, Scheme, Succession, Unit
from ntm.geo.services import create_village, load_units

pytestmark = pytest.mark.django_db


def test_both_schemes_are_complete():
    count = Unit.objects.filter
    assert count(scheme=Scheme.LEGACY, level=Level.PROVINCE).count() == 63
    assert count(scheme=Scheme.LEGACY, level=Level.DISTRICT).count() == 696
    assert count(scheme=Scheme.LEGACY, level=Level.COMMUNE).count() == 10051
    assert count(scheme=Scheme.Y2025, level=Level.PROVINCE).count() == 34
    assert count(scheme=Scheme.Y2025, level=Level.COMMUNE).count() == 3321


def test_a_code_means_something_only_with_its_scheme(unit):
    old, new = unit("legacy:15127"), unit("2025:15127")
    assert old.name == "Thị trấn Phong Sơn" and new.name == "Xã Cẩm Thủy"
    assert old.valid_to == dt.date(2025, 6, 30) and new.valid_from == dt.date(2025, 7, 1)


@pytest.mark.parametrize(("old", "new", "name"), [
    ("15079", "15124", "Xã Minh Sơn"), ("15169", "15127", "Xã Cẩm Thủy"), ("15205", "15211", "Xã Thạch Bình"),
    ("15655", "15646", "Xã Thường Xuân"), ("21493", "21496", "Xã Ba Động"),
])
def test_seed_communes_map_to_their_new_communes(unit, old, new, name):
    successor = Succession.objects.get(predecessor=unit(f"legacy:{old}")).successor
    assert (successor.code, successor.name) == (new, name)


def test_merged_commune_lists_all_its_predecessors(unit):
    names = set(unit("2025:15127").predecessions.values_list("predecessor__name", flat=True))
    assert names == {"Thị trấn Phong Sơn", "Xã Cẩm Ngọc"}


def test_legacy_commune_sits_under_its_district_and_province(unit):
    cam_ngoc = unit("legacy:15169")
    assert cam_ngoc.parent.name == "Huyện Cẩm Thủy" and cam_ngoc.parent.parent.name == "Tỉnh Thanh Hóa"
    assert cam_ngoc.short_name == "Cẩm Ngọc" and cam_ngoc.search_key == "xa cam ngoc"


def test_region_comes_from_the_profiles_file(unit):
    assert unit("legacy:15169").region == "BTB" and unit("2025:15127").region == "BTB"
    assert unit("legacy:1").region == ""  # Hà Nội: not in the file, so not set


def test_loading_again_changes_nothing():
    before = (Unit.objects.count(), Succession.objects.count())
    load_units()
    assert (Unit.objects.count(), Succession.objects.count()) == before


def test_villages_are_created_under_their_commune_once(unit):
    cam_ngoc = unit("legacy:15169")
    first = create_village(actor=None, commune=cam_ngoc, name="Thôn  Song Nga")
    again = create_village(actor=None, commune=cam_ngoc, name="thôn song nga")
    assert first == again and first.parent == cam_ngoc and first.name == "Thôn Song Nga"
    assert first.region == "BTB" and first.scheme == Scheme.LOCAL
