"""QĐ 51/2025's indicators completed by a province office without a developer: a variant of the national file set,
indicators added under a whole-criterion placeholder (thresholds by commune group, with their sources), the
placeholder removed, published by another officer; the scorecard then judges those indicators."""

import datetime as dt
from decimal import Decimal

import pytest

from ntm.common.errors import BadInput, NotAllowed, NotFound
from ntm.criteria.catalog import get_set
from ntm.criteria.model import Status
from ntm.monitoring.periods import Period
from ntm.monitoring.selectors import evaluate_unit
from ntm.monitoring.services import Target, record_observation
from ntm.monitoring.sets import choose_set
from ntm.setstore import selectors, services

pytestmark = pytest.mark.django_db

BY_GROUP = {"by": "group", "values": {"1": 95, "2": 90, "3": 80}, "default": 90}


def qd51_variant(actor):
    return services.create_variant(actor=actor, parent_id="qd51-2025", set_id="th-51-2025",
                                   title="Bộ tiêu chí xã NTM Thanh Hóa 2026–2030 (thử)", province_code="38",
                                   decision={"number": "1/2026/QĐ-UBND (thử)"}, valid_from=dt.date(2026, 2, 15),
                                   valid_to=None)


def add_indicator(actor, version, code, threshold=BY_GROUP):
    return services.save_indicator_and_source(
        actor=actor, version=version, criterion=1, revision=version.revision,
        fields={"code": code, "name": f"Chỉ tiêu thử {code}", "unit": "%", "value_type": "percent",
                "comparator": ">=", "threshold": threshold, "aggregate": "ratio", "status": "confirmed",
                "source": f"QĐ thử, Phụ lục I, tiêu chí 1, dòng {code}"},
        source={"decision_number": "51/2025/QĐ-TTg", "decision_date": dt.date(2025, 12, 29),
                "article": f"Phụ lục I, dòng {code}", "status": "confirmed"})


def completed(th_office, th_office_2):
    draft = add_indicator(th_office, qd51_variant(th_office), "1.1")
    draft = add_indicator(th_office, draft, "1.2", threshold=None)
    draft = services.remove_indicator(actor=th_office, version=draft, code="1", revision=draft.revision)
    return services.publish_version(actor=th_office_2, version=draft, revision=draft.revision)


def test_the_placeholder_cannot_go_before_an_indicator_replaces_it(th_office):
    draft = qd51_variant(th_office)
    with pytest.raises(BadInput) as err:
        services.remove_indicator(actor=th_office, version=draft, code="1", revision=draft.revision)
    assert err.value.field == "code" and "ít nhất một chỉ tiêu" in err.value.message_vi


def test_an_office_completes_criterion_1_and_the_catalogue_resolves_it(th_office, th_office_2):
    completed(th_office, th_office_2)
    cset = get_set("th-51-2025")
    assert [i.code for i in cset.criteria[0].indicators] == ["1.1", "1.2"]
    assert cset.indicator("1.1").threshold == BY_GROUP and cset.indicator("1.1").status == "confirmed"
    assert cset.indicator("1.2").threshold is None  # entered without its figure: stays unknown
    assert [c.indicators[0].code for c in cset.criteria[1:]] == [str(n) for n in range(2, 11)]
    source = selectors.sources_of("th-51-2025")["1.1"]
    assert (source.decision_number, source.article) == ("51/2025/QĐ-TTg", "Phụ lục I, dòng 1.1")


def test_the_scorecard_judges_the_indicators_the_office_entered(th_office, th_office_2, unit, make_user):
    completed(th_office, th_office_2)
    commune = unit("2025:15127")
    period = Period.parse("2026-Q2")
    assert choose_set(commune, period).id == "th-51-2025"
    official = make_user("xa_thu", commune, "commune_official")
    record_observation(actor=official, unit=commune, target=Target("th-51-2025", "1.1"), period=period,
                       raw=Decimal("92"))
    result = evaluate_unit(actor=official, unit=commune, period=period)
    judged = {i.code: i for c in result.evaluation.criteria for i in c.indicators}
    group = commune.group or None
    expected = Decimal({"1": 95, "3": 80}.get(group or "", 90))
    assert judged["1.1"].threshold == expected
    assert judged["1.1"].status is (Status.MET if Decimal("92") >= expected else Status.NOT_MET)
    assert judged["1.2"].status is Status.UNKNOWN and "1" not in judged
    # 1.1 rests on a confirmed threshold; 1.2 has no figure yet, so it counts as unknown whatever its mark
    assert (result.tally.resting_confirmed, result.tally.resting_unknown) == (1, 10)


def test_the_scorecard_says_what_its_statuses_rest_on(client, th_office, th_office_2, unit, make_user):
    completed(th_office, th_office_2)
    commune = unit("2025:15127")
    official = make_user("xa_thu", commune, "commune_official")
    record_observation(actor=official, unit=commune, target=Target("th-51-2025", "1.1"),
                       period=Period.parse("2026-Q2"), raw=Decimal("92"))
    client.force_login(official)
    html = client.get("/don-vi/2025:15127/?ky=2026-Q2").content.decode()
    assert "Ngưỡng áp dụng cho các chỉ tiêu: 1 đã xác nhận · 0 theo báo cáo · 0 nhớ lại · 10 chưa rõ" in html


@pytest.fixture
def administrator_2(make_user, unit):
    return make_user("quan_tri_2", unit("2025:province:38"), "administrator")


def test_the_administrator_completes_the_national_set_itself_and_its_version_replaces_the_file(
        administrator, administrator_2, th_office, unit, make_user):
    from pathlib import Path

    from ntm.common.audit import AuditEntry
    from ntm.criteria.catalog import file_sets

    file_text = Path(file_sets()["qd51-2025"].path).read_text(encoding="utf-8")
    with pytest.raises(NotAllowed):
        services.open_draft(actor=th_office, set_id="qd51-2025")  # a province office keeps only its own sets
    draft = services.open_draft(actor=administrator, set_id="qd51-2025")
    assert (draft.version, draft.state, draft.content) == (1, "draft", file_text)
    draft = add_indicator(administrator, draft, "1.1")
    draft = services.remove_indicator(actor=administrator, version=draft, code="1", revision=draft.revision)
    assert [i.code for i in get_set("qd51-2025").criteria[0].indicators] == ["1"]  # the file, until published
    published = services.publish_version(actor=administrator_2, version=draft, revision=draft.revision)

    cset = get_set("qd51-2025")
    assert [i.code for i in cset.criteria[0].indicators] == ["1.1"] and cset.indicator("1.1").status == "confirmed"
    assert Path(file_sets()["qd51-2025"].path).read_text(encoding="utf-8") == file_text  # the file is untouched
    assert selectors.export_text(None, "qd51-2025") == published.content
    actions = set(AuditEntry.objects.filter(action__startswith="setstore.set.").values_list("action", flat=True))
    assert {"setstore.set.drafted", "setstore.set.edited", "setstore.set.published"} <= actions
    assert services.open_draft(actor=administrator, set_id="qd51-2025").version == 2  # versioned, never edited

    commune = unit("2025:15127")
    period = Period.parse("2026-Q2")
    assert choose_set(commune, period).indicator("1.1") is not None
    official = make_user("xa_thu", commune, "commune_official")
    record_observation(actor=official, unit=commune, target=Target("qd51-2025", "1.1"), period=period,
                       raw=Decimal("99"))
    judged = {i.code: i for i in evaluate_unit(actor=official, unit=commune, period=period).evaluation.indicators}
    assert judged["1.1"].status is Status.MET


def test_a_provincial_file_set_is_never_replaced_from_the_database(administrator):
    from ntm.criteria.catalog import CATALOG_DIR

    text = (CATALOG_DIR / "th-32-2022.yaml").read_text(encoding="utf-8")
    with pytest.raises(BadInput) as err:
        services.import_set(actor=administrator, text=text, name="th-32-2022.yaml")
    assert err.value.field == "id"
    with pytest.raises(NotFound):
        services.open_draft(actor=administrator, set_id="th-32-2022")


def test_the_national_file_set_page_offers_the_administrator_a_draft(client, administrator, th_office):
    client.force_login(th_office)
    assert 'id="open-draft"' not in client.get("/bo-tieu-chi/qd51-2025/").content.decode()
    client.force_login(administrator)
    assert 'id="open-draft"' in client.get("/bo-tieu-chi/qd51-2025/").content.decode()
    assert client.post("/bo-tieu-chi/qd51-2025/sua/").status_code == 302
    page = client.get("/bo-tieu-chi/qd51-2025/").content.decode()
    assert 'id="set-state"' in page and "Bản nháp" in page and 'id="add-indicator"' in page
    listing = client.get("/bo-tieu-chi/").content.decode()
    assert listing.count('id="set-qd51-2025"') == 1  # shown once, by its database version


def test_the_set_page_reads_thresholds_by_group_in_words(client, th_office):
    add_indicator(th_office, qd51_variant(th_office), "1.1")
    client.force_login(th_office)
    html = client.get("/bo-tieu-chi/th-51-2025/").content.decode()
    assert "nhóm 1: ≥ 95 · nhóm 2: ≥ 90 · nhóm 3: ≥ 80 · nơi khác: ≥ 90" in html and "&#x27;by&#x27;" not in html
