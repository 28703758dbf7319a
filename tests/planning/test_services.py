"""Plan writes: whole, audited, frozen once issued, stale edits refused, new versions copy and supersede."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ntm.common.errors import BadInput, NotFound, StaleEdit
from ntm.common.models import AuditEntry
from ntm.planning import services
from ntm.planning.models import Plan, PlanState, TaskStatus

pytestmark = pytest.mark.django_db


def test_a_draft_is_created_once_per_year_and_audited(official, commune):
    plan = services.create_plan(actor=official, unit=commune, year=2024, title="", set_id="th-32-2022")
    assert (plan.state, plan.version, plan.title) == ("draft", 1, "Kế hoạch xây dựng nông thôn mới năm 2024")
    assert AuditEntry.objects.filter(action="planning.plan.created", object_id=str(plan.pk)).count() == 1
    with pytest.raises(BadInput) as err:
        services.create_plan(actor=official, unit=commune, year=2024, title="lần hai")
    assert err.value.field == "year"


def test_issuing_needs_a_number_and_a_date_then_the_content_is_frozen(official, commune):
    plan = services.create_plan(actor=official, unit=commune, year=2024, title="KH")
    target = services.save_target(actor=official, plan=plan, data={"kind": "criterion", "criterion": 15,
                                                                   "deadline": dt.date(2024, 6, 30)})
    with pytest.raises(BadInput) as err:
        services.issue_plan(actor=official, plan=plan, number="", issued_on=dt.date(2024, 2, 15))
    assert err.value.field == "number"
    with pytest.raises(BadInput) as err:
        services.issue_plan(actor=official, plan=plan, number="45/KH-UBND", issued_on=None)
    assert err.value.field == "issued_on"
    issued = services.issue_plan(actor=official, plan=plan, number="45/KH-UBND", issued_on=dt.date(2024, 2, 15),
                                 signer_name="Lê Văn Bình", signer_title="Chủ tịch")
    assert (issued.state, issued.number, issued.issued_by) == ("issued", "45/KH-UBND", official)
    with pytest.raises(BadInput):
        services.save_target(actor=official, plan=issued, data={"text": "sửa"}, target_id=target.pk)
    with pytest.raises(BadInput):
        services.save_task(actor=official, plan=issued, data={"title": "mới"})
    with pytest.raises(BadInput):
        services.remove_target(actor=official, target=target)


def test_progress_is_reported_on_an_issued_plan_and_done_sets_the_day(official, make_plan):
    plan = make_plan()
    task = plan.tasks.get(status="in_progress")
    saved = services.report_task_progress(actor=official, task=task, status=TaskStatus.DONE, progress_pct=80,
                                          done_on=dt.date(2024, 6, 2), expected_revision=task.revision)
    assert (saved.status, saved.progress_pct, saved.done_on, saved.revision) == ("done", 100, dt.date(2024, 6, 2), 2)
    entry = AuditEntry.objects.filter(action="planning.task.progress").latest("pk")
    assert entry.before["status"] == "in_progress" and entry.after["status"] == "done"


def test_a_stale_revision_is_refused_and_nothing_changes(official, make_plan):
    plan = make_plan()
    task = plan.tasks.get(status="in_progress")
    services.report_task_progress(actor=official, task=task, status="in_progress", progress_pct=70,
                                  expected_revision=1)
    with pytest.raises(StaleEdit) as err:
        services.report_task_progress(actor=official, task=task, status="in_progress", progress_pct=90,
                                      expected_revision=1)
    assert err.value.current.version == 2
    task.refresh_from_db()
    assert task.progress_pct == 70


def test_progress_outside_0_to_100_is_refused(official, make_plan):
    task = make_plan().tasks.first()
    with pytest.raises(BadInput) as err:
        services.report_task_progress(actor=official, task=task, status="in_progress", progress_pct=101)
    assert err.value.field == "progress_pct"


def test_a_new_version_copies_targets_and_tasks_into_a_draft_that_supersedes(official, make_plan):
    plan = make_plan()
    draft = services.start_new_version(actor=official, plan=plan, expected_revision=plan.revision)
    assert (draft.version, draft.state, draft.supersedes_id) == (2, "draft", plan.pk)
    assert draft.targets.count() == plan.targets.count() == 2
    assert draft.tasks.count() == plan.tasks.count() == 2
    assert set(draft.targets.values_list("deadline", flat=True)) == set(plan.targets.values_list("deadline", flat=True))
    with pytest.raises(BadInput):  # only the latest version starts another
        services.start_new_version(actor=official, plan=plan)
    services.save_target(actor=official, plan=draft, data={"value": Decimal("97")},
                         target_id=draft.targets.get(kind="indicator").pk)
    assert plan.targets.get(kind="indicator").value == Decimal("95")  # the issued version is untouched


def test_closing_ends_an_issued_plan(office, make_plan):
    plan = services.close_plan(actor=office, plan=make_plan())
    assert plan.state == PlanState.CLOSED
    assert Plan.objects.get(pk=plan.pk).state == "closed"


def test_a_target_needs_the_fields_of_its_kind(official, commune):
    plan = services.create_plan(actor=official, unit=commune, year=2024, title="KH")
    for data, field in [({"kind": "criterion"}, "criterion"), ({"kind": "indicator"}, "indicator"),
                        ({"kind": "village"}, "village"), ({"kind": "village_count"}, "value")]:
        with pytest.raises(BadInput) as err:
            services.save_target(actor=official, plan=plan, data={**data, "deadline": dt.date(2024, 6, 30)})
        assert err.value.field == field


def test_a_village_target_names_a_village_of_the_commune(official, commune, unit):
    from ntm.geo.services import create_village

    elsewhere = create_village(actor=None, commune=unit("legacy:15079"), name="Thôn Khác")
    plan = services.create_plan(actor=official, unit=commune, year=2024, title="KH")
    with pytest.raises(BadInput) as err:
        services.save_target(actor=official, plan=plan, data={"kind": "village", "village": elsewhere,
                                                              "deadline": dt.date(2024, 6, 30)})
    assert err.value.field == "village"


def test_committee_member_is_saved_with_criteria_and_villages_and_audited(official, commune, village, board):
    member = services.save_member(actor=official, unit=commune, data={
        "name": "Nguyễn Văn An", "position": "Phó Chủ tịch UBND xã", "criteria": ["6", "15"], "villages": [village],
        "user": board})
    assert (member.body, member.criteria, list(member.villages.all())) == ("steering", ["6", "15"], [village])
    edited = services.save_member(actor=official, unit=commune, data={"criteria": ["17"]}, member_id=member.pk,
                                  expected_revision=1)
    assert (edited.criteria, edited.revision) == (["17"], 2)
    assert AuditEntry.objects.filter(action="planning.committee_member.saved").count() == 2
    with pytest.raises(StaleEdit):
        services.save_member(actor=official, unit=commune, data={"name": "X"}, member_id=member.pk,
                             expected_revision=1)


def test_a_member_of_another_unit_cannot_be_edited_through_this_one(official, commune, village):
    member = services.save_member(actor=official, unit=village, data={"name": "Trưởng thôn"})
    with pytest.raises(NotFound):
        services.save_member(actor=official, unit=commune, data={"name": "X"}, member_id=member.pk)
