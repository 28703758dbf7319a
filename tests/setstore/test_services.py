"""Who keeps which set, separation of duties, versions, and the scorecard following a publication."""

import datetime as dt

import pytest

from ntm.common.errors import BadInput, NotAllowed, NotFound, StaleEdit
from ntm.common.models import AuditEntry
from ntm.criteria.catalog import all_sets, get_set
from ntm.monitoring.periods import Period
from ntm.monitoring.sets import choose_set
from ntm.setstore import selectors, services
from ntm.setstore.models import SetVersion

pytestmark = pytest.mark.django_db


def change_15_1(actor, version, threshold=95):
    return services.save_indicator(actor=actor, version=version, criterion=15, revision=version.revision,
                                   fields={"code": "15.1", "threshold": threshold, "status": "confirmed",
                                           "source": "QĐ thử, Phụ lục, dòng 15.1"})


def test_a_draft_is_not_in_the_catalogue_until_published(th_variant, th_office, th_office_2, unit):
    draft = change_15_1(th_office, th_variant)
    assert "th-thu" not in all_sets()
    services.publish_version(actor=th_office_2, version=draft, revision=draft.revision)
    assert get_set("th-thu").indicator("15.1").threshold == 95
    commune = unit("legacy:15169")
    assert choose_set(commune, Period.parse("2024-Q4")).id == "th-thu"  # the province's newest variant


def test_the_drafter_may_not_publish(th_variant, th_office):
    with pytest.raises(NotAllowed):
        services.publish_version(actor=th_office, version=th_variant, revision=th_variant.revision)


def test_the_last_editor_may_not_publish(th_variant, th_office_2, th_office, make_user, unit):
    draft = change_15_1(th_office_2, th_variant)
    with pytest.raises(NotAllowed):
        services.publish_version(actor=th_office_2, version=draft, revision=draft.revision)
    third = make_user("vpdp_th_3", unit("legacy:province:38"), "province_office")
    assert services.publish_version(actor=third, version=draft, revision=draft.revision).state == "published"


def test_another_province_cannot_see_or_edit_the_variant(th_variant, na_office):
    with pytest.raises(NotFound):
        selectors.get_version(na_office, "th-thu")
    with pytest.raises(NotAllowed):
        change_15_1(na_office, th_variant)


def test_a_province_office_cannot_keep_a_national_set(th_office, administrator):
    with pytest.raises(NotAllowed):
        services.create_variant(actor=th_office, parent_id="qd51-2025", set_id="qd51-day-du", title="x",
                                province_code="", decision={}, valid_from=dt.date(2026, 2, 15), valid_to=None)
    version = services.create_variant(actor=administrator, parent_id="qd51-2025", set_id="qd51-day-du",
                                      title="QĐ 51/2025 đầy đủ", province_code="", decision={},
                                      valid_from=dt.date(2026, 2, 15), valid_to=None)
    with pytest.raises(NotAllowed):
        services.save_indicator(actor=th_office, version=version, criterion=1, revision=version.revision,
                                fields={"code": "1.1", "name": "x", "value_type": "boolean", "comparator": "is_true",
                                        "threshold": True})


def test_a_published_version_is_never_edited_and_editing_opens_a_new_version(th_variant, th_office, th_office_2):
    v1 = services.publish_version(actor=th_office_2, version=change_15_1(th_office, th_variant), revision=2)
    with pytest.raises(BadInput):
        change_15_1(th_office, v1)
    v2 = services.open_draft(actor=th_office, set_id="th-thu")
    assert (v2.version, v2.state, v2.content) == (2, "draft", v1.content)
    v2 = change_15_1(th_office, v2, threshold=80)
    assert get_set("th-thu").indicator("15.1").threshold == 95  # v1 still rules
    services.publish_version(actor=th_office_2, version=v2, revision=v2.revision)
    states = dict(SetVersion.objects.filter(set_id="th-thu").values_list("version", "state"))
    assert states == {1: "superseded", 2: "published"}
    assert get_set("th-thu").indicator("15.1").threshold == 80


def test_a_stale_revision_is_refused(th_variant, th_office):
    change_15_1(th_office, th_variant)
    with pytest.raises(StaleEdit):
        services.save_content(actor=th_office, version=th_variant, text=th_variant.content, revision=1)


def test_every_change_is_audited(th_variant, th_office, th_office_2):
    draft = change_15_1(th_office, th_variant)
    services.publish_version(actor=th_office_2, version=draft, revision=draft.revision)
    actions = list(AuditEntry.objects.filter(object_type="setstore.setversion").values_list("action", flat=True))
    assert {"setstore.set.drafted", "setstore.set.edited", "setstore.set.published"} <= set(actions)


def test_a_variant_records_only_what_differs(th_variant, th_office):
    from ntm.setstore.documents import read

    draft = change_15_1(th_office, th_variant)
    assert set(read(draft.content)["overrides"]["15.1"]) == {"threshold", "status", "source"}


def test_an_added_indicator_completes_a_set(administrator):
    version = services.create_variant(actor=administrator, parent_id="qd51-2025", set_id="qd51-day-du",
                                      title="QĐ 51/2025 đầy đủ", province_code="", decision={},
                                      valid_from=dt.date(2026, 2, 15), valid_to=None)
    number = get_set("qd51-2025").criteria[0].number
    draft = services.save_indicator(actor=administrator, version=version, criterion=number,
                                    revision=version.revision,
                                    fields={"code": f"{number}.9", "name": "Chỉ tiêu thêm", "value_type": "percent",
                                            "comparator": ">=", "threshold": 50, "status": "seed", "unit": "%"})
    cset = selectors.resolved(draft)
    assert cset.indicator(f"{number}.9").threshold == 50


def test_counts_by_status_in_the_list(th_variant, th_office):
    change_15_1(th_office, th_variant)
    rows = {r.set_id: r for r in selectors.set_rows(th_office)}
    parent = rows["th-32-2022"].counts
    assert rows["th-thu"].counts["confirmed"] == parent["confirmed"] + 1
    assert sum(rows["th-thu"].counts.values()) == sum(parent.values())
