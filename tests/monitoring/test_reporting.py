"""The reporting regime: who owed which report, who sent it on time, who is late, who has not reported."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from ntm.common.errors import NotAllowed, StaleEdit
from ntm.common.models import AuditEntry
from ntm.monitoring.periods import Period
from ntm.monitoring.reporting import (
    Timeliness,
    judge,
    province_reports,
    rule_for,
    schedule_for,
    set_schedule_rule,
    village_reports,
)
from ntm.monitoring.review import Transition, move_review

pytestmark = pytest.mark.django_db
Q1 = Period.parse("2024-Q1")
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
FAMILY = "th-41-2022-thon"
AFTER = dt.date(2024, 5, 1)


def submit(village, period, on: dt.date, hour: int = 9):
    """The village board submits its values of `period` on `on` (the system acting for it)."""
    with time_machine.travel(dt.datetime(on.year, on.month, on.day, hour, tzinfo=HANOI), tick=False):
        return move_review(actor=None, unit=village, family=FAMILY, period=period, transition=Transition.SUBMIT)


@pytest.fixture
def three_villages(unit):
    """Cẩm Ngọc with three villages: one reports on time, one 5 days late, one never (due 5/4/2024)."""
    from ntm.geo.services import create_village

    cam_ngoc = unit("legacy:15169")
    on_time, late, missing = (create_village(actor=None, commune=cam_ngoc, name=n) for n in ("Sóng", "Kim", "Sành"))
    submit(on_time, Q1, dt.date(2024, 4, 3))
    submit(late, Q1, dt.date(2024, 4, 10))
    return cam_ngoc, on_time, late, missing


def test_the_default_schedule_comes_from_the_file_with_its_source():
    village_q = rule_for("village", Q1, "38")
    assert village_q.due_days == 5 and village_q.due_date(Q1) == dt.date(2024, 4, 5)
    assert "seed 004" in village_q.note
    assert rule_for("commune", Period.parse("2024-6M"), "38") is None  # no seed states it: off


@pytest.mark.parametrize(("received", "today", "expected"), [
    (dt.date(2024, 4, 5), AFTER, (Timeliness.ON_TIME, None)),
    (dt.date(2024, 4, 10), AFTER, (Timeliness.LATE, 5)),
    (None, dt.date(2024, 4, 8), (Timeliness.OVERDUE, 3)),
    (None, dt.date(2024, 4, 5), (Timeliness.NOT_YET_DUE, None)),
])
def test_judging_a_report_against_its_due_day(received, today, expected):
    assert judge(dt.date(2024, 4, 5), received, today) == expected


def test_two_of_three_villages_reported_one_of_them_five_days_late(three_villages, commune_official):
    cam_ngoc, on_time, late, missing = three_villages
    result = village_reports(actor=commune_official, commune=cam_ngoc, period=Q1, today=AFTER)
    tally = result.tally
    assert (tally.expected, tally.received, tally.on_time, tally.late, tally.overdue) == (3, 2, 1, 1, 1)
    assert tally.completeness == Decimal("66.7") and tally.on_time_rate == Decimal("33.3")
    by_unit = {r.unit: r for r in result.rows}
    assert by_unit[late].days_late == 5 and by_unit[late].timeliness is Timeliness.LATE
    assert by_unit[missing].timeliness is Timeliness.OVERDUE and by_unit[missing].days_late == 26
    assert [r.unit for r in result.missing] == [missing]


def test_a_report_sent_back_is_not_received_and_the_first_submission_counts(three_villages, commune_official):
    cam_ngoc, on_time, late, missing = three_villages
    move_review(actor=None, unit=late, family=FAMILY, period=Q1, transition=Transition.SEND_BACK, reason="thiếu số")
    assert village_reports(actor=commune_official, commune=cam_ngoc, period=Q1, today=AFTER).tally.received == 1
    submit(late, Q1, dt.date(2024, 4, 20))
    row = next(r for r in village_reports(actor=commune_official, commune=cam_ngoc, period=Q1, today=AFTER).rows
               if r.unit == late)
    assert row.days_late == 5  # received on 10/4, when first sent


def test_the_quarterly_report_stands_for_its_last_month_only(three_villages, commune_official):
    cam_ngoc = three_villages[0]
    march = village_reports(actor=commune_official, commune=cam_ngoc, period=Period.parse("2024-03"), today=AFTER)
    february = village_reports(actor=commune_official, commune=cam_ngoc, period=Period.parse("2024-02"), today=AFTER)
    assert march.tally.received == 2 and february.tally.received == 0


def test_villages_of_a_dissolved_commune_owe_nothing_after_it_ends(three_villages, commune_official):
    cam_ngoc = three_villages[0]
    later = village_reports(actor=commune_official, commune=cam_ngoc, period=Period.parse("2025-Q3"), today=AFTER)
    assert later.tally.expected == 0


def test_the_missing_village_names_its_responsible_member(three_villages, commune_official, make_user):
    from ntm.planning.models import Body, CommitteeMember

    cam_ngoc, _on_time, _late, missing = three_villages
    member = CommitteeMember.objects.create(unit=cam_ngoc, body=Body.STEERING, name="Lê Văn Hùng",
                                            position="Phó Chủ tịch UBND xã", contact="0912 345 678")
    member.villages.add(missing)
    make_user("truong_thon_sanh", missing, "village_board", first_name="Thị", last_name="Lan")
    row = village_reports(actor=commune_official, commune=cam_ngoc, period=Q1, today=AFTER).missing[0]
    assert [(p.name, p.contact) for p in row.responsible][:1] == [("Lê Văn Hùng", "0912 345 678")]
    assert "Thị Lan" in [p.name for p in row.responsible]


def test_an_outsider_sees_no_villages(three_villages, outsider):
    result = village_reports(actor=outsider, commune=three_villages[0], period=Q1, today=AFTER)
    assert result.rows == []


def test_province_completeness_per_commune(three_villages, make_user, unit):
    office = make_user("vpdp", unit("legacy:province:38"), "province_office")
    result = province_reports(actor=office, province=unit("legacy:province:38"), period=Q1, today=AFTER)
    row = next(r for r in result.rows if r.commune.code == "15169")
    assert (row.villages.expected, row.villages.received, row.villages.late) == (3, 2, 1)
    assert row.own is not None and row.own.timeliness is Timeliness.OVERDUE  # the commune's own report
    assert result.village_tally.expected == 3 and result.own_tally.expected == len(result.rows)
    assert all(r.commune.division_type == "xã" for r in result.rows)


def test_the_province_office_changes_its_rule_audited(make_user, unit):
    office = make_user("vpdp", unit("legacy:province:38"), "province_office")
    set_schedule_rule(actor=office, province_code="38", level="village", frequency="quarter", due_days=10,
                      active=True, note="Công văn của tỉnh", expected_revision=0)
    assert rule_for("village", Q1, "38").due_days == 10 and rule_for("village", Q1, "51").due_days == 5
    assert AuditEntry.objects.filter(action="monitoring.report_schedule.changed", unit_code="38").exists()
    with pytest.raises(StaleEdit):
        set_schedule_rule(actor=office, province_code="38", level="village", frequency="quarter", due_days=7,
                          active=True, expected_revision=0)
    with pytest.raises(NotAllowed):
        set_schedule_rule(actor=office, province_code="51", level="village", frequency="quarter", due_days=7,
                          active=True)
    origins = {(r.level, r.frequency): r.origin for r in schedule_for("38")}
    assert origins["village", "quarter"] == "province" and origins["village", "month"] == "default"


def test_a_commune_official_cannot_change_the_schedule(commune_official):
    with pytest.raises(NotAllowed):
        set_schedule_rule(actor=commune_official, province_code="38", level="village", frequency="month",
                          due_days=1, active=True)
