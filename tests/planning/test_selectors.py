"""Reads: a target's status comes from the evaluation engine at the date asked; overdue; plan vs actual; assignments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ntm.criteria.catalog import get_set
from ntm.criteria.model import Status
from ntm.monitoring.periods import Period
from ntm.monitoring.services import Target as Obs
from ntm.monitoring.services import record_observation
from ntm.planning.forecast import Outlook
from ntm.planning.models import CommitteeMember, Plan, Target
from ntm.planning.selectors import as_of_period, assigned_to, overdue, plan_view

pytestmark = pytest.mark.django_db
D = dt.date
VILLAGE_SET = "th-41-2022-thon"


def statuses(plan, day):
    return {r.target.kind: r.state.status for r in plan_view(actor=None, plan=plan, day=day).targets}


def test_the_date_reads_what_had_been_recorded_by_then():
    assert as_of_period(D(2024, 6, 30)).key == "2024-06"
    assert as_of_period(D(2024, 6, 29)).key == "2024-05"
    assert as_of_period(D(2024, 1, 15)).key == "2023-12"


def test_an_indicator_target_is_judged_against_its_own_value_at_any_date(make_plan, commune, record):
    plan = make_plan()
    assert statuses(plan, D(2024, 3, 31))["indicator"] is Status.UNKNOWN  # no data: unknown, never typed
    record(commune, "15.1", "2024-Q1", 92)  # the set's threshold (90) is met, the plan's 95 is not
    record(commune, "15.1", "2024-Q2", 96)
    view = plan_view(actor=None, plan=plan, day=D(2024, 3, 31))
    row = next(r for r in view.targets if r.target.kind == "indicator")
    assert (row.state.status, row.state.actual) == (Status.NOT_MET, "92")
    assert statuses(plan, D(2024, 6, 29))["indicator"] is Status.NOT_MET  # June not over: Q2 not yet known
    assert statuses(plan, D(2024, 6, 30))["indicator"] is Status.MET


def test_a_criterion_target_follows_the_criterion_in_the_engine(make_plan, commune):
    plan = make_plan()
    assert statuses(plan, D(2024, 12, 31))["criterion"] is Status.UNKNOWN
    record_observation(actor=None, unit=commune, target=Obs("th-32-2022", criterion=15),
                       period=Period.parse("2024-Q3"), raw="met")
    assert statuses(plan, D(2024, 9, 30))["criterion"] is Status.MET
    assert statuses(plan, D(2024, 8, 31))["criterion"] is Status.UNKNOWN  # plan vs actual before Q3 ended


def _village_meets(village, met=True):
    for c in get_set(VILLAGE_SET).criteria:
        record_observation(actor=None, unit=village, target=Obs(VILLAGE_SET, criterion=c.number),
                           period=Period.parse("2024-Q2"), raw="met" if met else "not_met")


def test_village_and_village_count_targets_count_villages_meeting_their_set(official, commune, village):
    from ntm.geo.services import create_village

    other = create_village(actor=None, commune=commune, name="Thôn Đồng Tâm")
    plan = Plan.objects.create(unit=commune, year=2024, title="KH", state="issued", set_id="th-32-2022")
    Target.objects.create(plan=plan, kind="village", village=village, deadline=D(2024, 6, 30))
    Target.objects.create(plan=plan, kind="village_count", value=Decimal(2), deadline=D(2024, 6, 30))
    assert statuses(plan, D(2024, 6, 30)) == {"village": Status.UNKNOWN, "village_count": Status.UNKNOWN}
    _village_meets(village)
    assert statuses(plan, D(2024, 6, 30)) == {"village": Status.MET, "village_count": Status.UNKNOWN}
    _village_meets(other, met=False)
    view = plan_view(actor=None, plan=plan, day=D(2024, 6, 30))
    count = next(r for r in view.targets if r.target.kind == "village_count")
    assert (count.state.status, count.state.actual) == (Status.NOT_MET, "1/2 thôn đạt chuẩn")


def test_a_forecast_projects_the_recorded_values_to_the_deadline(make_plan, commune, record):
    plan = make_plan()
    for period, value in [("2023-Q2", 80), ("2023-Q3", 83), ("2023-Q4", 86), ("2024-Q1", 89)]:
        record(commune, "15.1", period, value)
    row = next(r for r in plan_view(actor=None, plan=plan, day=D(2024, 4, 30)).targets if r.target.kind == "indicator")
    # +3 points a quarter from 89 (31/3) gives about 92 by 30/6: short of 95 by more than a tenth of 6
    assert (row.forecast.points, row.forecast.outlook) == (4, Outlook.OFF_TRACK)
    assert Decimal(91) < row.forecast.expected < Decimal(93)
    early = next(r for r in plan_view(actor=None, plan=plan, day=D(2023, 10, 31)).targets
                 if r.target.kind == "indicator")
    assert early.forecast.outlook is Outlook.NO_DATA  # only two periods had ended by then
    criterion = next(r for r in plan_view(actor=None, plan=plan, day=D(2024, 4, 30)).targets
                     if r.target.kind == "criterion")
    assert criterion.forecast is None


def test_overdue_lists_late_tasks_and_unreached_targets_of_plans_in_force(make_plan, official, outsider):
    plan = make_plan()
    items = overdue(actor=official, day=D(2024, 7, 15))
    assert [(i.kind, i.title, i.days_late) for i in items] == [
        ("task", "Tuyên truyền vận động mua BHYT", 45), ("target", "Tỷ lệ người dân tham gia BHYT đạt 95%", 15)]
    assert items[0].responsible == "Nguyễn Văn An"
    assert overdue(actor=outsider, day=D(2024, 7, 15)) == []
    Plan.objects.filter(pk=plan.pk).update(state="closed")
    assert overdue(actor=official, day=D(2024, 7, 15)) == []


def test_only_the_latest_issued_version_counts_and_drafts_never(make_plan, official):
    from ntm.planning.services import save_task, start_new_version

    plan = make_plan()
    draft = start_new_version(actor=official, plan=plan)
    save_task(actor=official, plan=draft, data={"title": "Việc mới", "deadline": D(2024, 1, 31)})
    assert "Việc mới" not in {i.title for i in overdue(actor=official, day=D(2024, 7, 15))}
    Plan.objects.filter(pk=draft.pk).update(state="issued")
    titles = [i.title for i in overdue(actor=official, day=D(2024, 7, 15))]
    assert titles.count("Tuyên truyền vận động mua BHYT") == 1 and "Việc mới" in titles


def test_a_task_done_late_was_overdue_before_it_was_done(make_plan):
    plan = make_plan()
    task = plan.tasks.get(status="done")
    task.done_on = D(2024, 12, 10)  # deadline 30/11
    task.save()
    rows = {d: next(r for r in plan_view(actor=None, plan=plan, day=d).tasks if r.task.pk == task.pk)
            for d in (D(2024, 11, 30), D(2024, 12, 5), D(2024, 12, 15))}
    assert [(r.overdue, r.done_by_day) for r in rows.values()] == [(False, False), (True, False), (False, True)]
    assert rows[D(2024, 12, 5)].days_late == 5


def test_assigned_to_gives_a_member_their_criteria_tasks_and_deadlines(make_plan, official, commune):
    plan = make_plan()
    CommitteeMember.objects.filter(unit=commune).update(user=official)
    record_observation(actor=None, unit=commune, target=Obs("th-32-2022", criterion=15),
                       period=Period.parse("2024-Q1"), raw="not_met")
    seats = assigned_to(official, day=D(2024, 7, 15))
    assert len(seats) == 1
    seat = seats[0]
    assert [(n, s) for n, _name, s in seat.criteria] == [(15, Status.NOT_MET)]
    assert [(r.task.title, r.overdue) for r in seat.tasks] == [("Tuyên truyền vận động mua BHYT", True)]
    assert [t.deadline for t in seat.targets] == [D(2024, 12, 31)]
    assert plan.pk == seat.tasks[0].task.plan_id


def test_nobody_else_gets_the_seat(make_plan, outsider):
    make_plan()
    assert assigned_to(outsider, day=D(2024, 7, 15)) == []
