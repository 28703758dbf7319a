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


def test_a_village_set_draft_re_evaluates_the_villages_of_its_province(unit, make_user):
    from decimal import Decimal

    from ntm.criteria.catalog import get_set, load_text
    from ntm.monitoring.selectors import evaluate_units
    from ntm.monitoring.services import Target, record_observation
    from ntm.setstore import documents
    from ntm.setstore.whatif import compare_sets

    services.import_set(actor=None, text=FIXTURE.read_text(encoding="utf-8"), name=FIXTURE.name, publish=True)
    published = get_set("thon-thu-nghiem-40")
    commune = Unit.objects.filter(scheme=Scheme.LEGACY, level=Level.COMMUNE, province_code="40").first()
    period = Period.parse("2024-Q4")
    villages = []
    for code, paved in (("a", "75"), ("b", "90"), ("c", "60")):
        village = Unit.objects.create(scheme=Scheme.LOCAL, code=f"test-thon-{code}", level=Level.VILLAGE,
                                      name=f"Thôn {code}", short_name=code, parent=commune, province_code="40",
                                      search_key=f"thon {code}")
        record_observation(actor=None, unit=village, target=Target(published.id, "1.1"), period=period,
                           raw=Decimal(paved))
        villages.append(village)
    doc = documents.set_indicator(documents.variant_document(
        published, set_id="thon-thu-nghiem-40-b", title="Thử", province="40", decision={},
        valid_from=published.valid_from, valid_to=published.valid_to), published, 1, {"code": "1.1", "threshold": 80})
    draft = load_text(documents.write(doc), "thon-b.yaml")

    result = compare_sets(actor=None, draft=draft, baseline=published, province=unit("legacy:province:40"),
                          period=period)

    assert result.level == "village" and result.communes == 3
    first = result.criteria[0]
    assert (first.met_before, first.met_after) == (2, 1)  # 75 meets 70 but not 80; 90 meets both; 60 neither
    assert [u.code for u in first.lost] == ["test-thon-a"] and not first.gained
    for cset, counted in ((published, first.met_before), (draft, first.met_after)):
        evaluated = evaluate_units(actor=None, units=villages, period=period, cset=cset)
        assert counted == sum(1 for _u, e in evaluated if e.criteria[0].status is Status.MET)


def test_the_what_if_page_speaks_of_villages_for_a_village_set(client, make_user, unit):
    services.import_set(actor=None, text=FIXTURE.read_text(encoding="utf-8"), name=FIXTURE.name, publish=True)
    client.force_login(make_user("vpdp_nghe_an", unit("legacy:province:40"), "province_office"))
    page = client.get("/bo-tieu-chi/thon-thu-nghiem-40/thu-truoc/?tinh=legacy:province:40&ky=2024-Q4")
    assert page.status_code == 200, page.content.decode()[:400]
    assert "thôn của" in page.content.decode() and "Số thôn đạt" in page.content.decode()
