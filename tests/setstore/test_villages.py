"""A village set entered through the database judges the villages of its province."""

from pathlib import Path

import pytest

from ntm.criteria.engine import evaluate
from ntm.criteria.model import Profile, Status, Value
from ntm.geo.models import Level, Scheme, Unit
from ntm.monitoring.periods import Period
from ntm.monitoring.sets import choose_set
from ntm.setstore import services

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).parent / "fixtures" / "thon-thu-nghiem.yaml"


def test_a_published_village_set_judges_a_village_of_its_province(unit):
    services.import_set(actor=None, text=FIXTURE.read_text(encoding="utf-8"), name=FIXTURE.name, publish=True)
    commune = Unit.objects.filter(scheme=Scheme.LEGACY, level=Level.COMMUNE, province_code="40").first()
    village = Unit.objects.create(scheme=Scheme.LOCAL, code="test-thon-40", level=Level.VILLAGE, name="Thôn Thử",
                                  short_name="Thử", parent=commune, province_code="40", search_key="thon thu")
    cset = choose_set(village, Period.parse("2024-Q4"))
    assert cset.id == "thon-thu-nghiem-40"
    result = evaluate(cset, Profile(year=2024), {"1.1": Value(80), "2.1": Value(True)})
    assert [c.status for c in result.criteria] == [Status.MET, Status.MET]


def test_the_thanh_hoa_village_set_is_still_chosen_in_thanh_hoa(unit):
    services.import_set(actor=None, text=FIXTURE.read_text(encoding="utf-8"), name=FIXTURE.name, publish=True)
    commune = unit("legacy:15169")
    village = Unit.objects.create(scheme=Scheme.LOCAL, code="test-thon-38", level=Level.VILLAGE, name="Thôn Thử",
                                  short_name="Thử", parent=commune, province_code="38", search_key="thon thu")
    assert choose_set(village, Period.parse("2024-Q4")).id == "th-41-2022-thon"
