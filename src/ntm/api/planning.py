"""API: the steering committee, yearly plans, targets, tasks, the overdue list; scope is checked again in the services.

Errors: 404 outside the caller's scope, 403 for a step that is not the caller's body's (separation of
duties, planning.transitions), 409 for a stale `expected_revision`, 422 for a wrong state or bad input.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from ntm.api.errors import with_errors
from ntm.api.rows import deleted
from ntm.common.scope import get_unit_in_scope
from ntm.planning import selectors, services
from ntm.planning.forms import member_data, target_data, task_data
from ntm.planning.inputs import parse_day
from ntm.planning.models import CommitteeMember, Target, Task
from ntm.planning.report import plan_summary, plan_to_dict, target_to_dict, task_to_dict

router = Router(tags=["planning"])


class ForecastOut(Schema):
    outlook: str
    outlook_vi: str
    expected: float | None
    points: int
    slope_per_year: float | None
    method: str


class PlanOut(Schema):
    id: int
    unit: str
    year: int
    version: int
    state: str
    number: str | None
    issued_on: dt.date | None
    title: str
    set_id: str | None
    supersedes: int | None
    revision: int
    source: str


class TargetOut(Schema):
    id: int
    kind: str
    label: str
    criterion: int | None = None
    indicator: str | None = None
    value: float | None
    deadline: dt.date
    text: str
    set_id: str | None
    village: str | None
    revision: int
    source: str


class TargetStatusOut(TargetOut):
    status: Literal["met", "not_met", "unknown"]
    actual: str | None
    overdue: bool
    forecast: ForecastOut | None


class TaskOut(Schema):
    id: int
    title: str
    criterion: int | None
    responsible: str | None
    responsible_id: int | None
    responsible_body: str
    start: dt.date | None
    deadline: dt.date | None
    status: str
    progress_pct: int
    done_on: dt.date | None
    note: str
    revision: int
    source: str


class TaskStatusOut(TaskOut):
    overdue: bool
    days_late: int


class VersionOut(Schema):
    version: int
    state: str
    number: str | None


class PlanDetailOut(Schema):
    unit: str
    unit_name: str
    year: int
    date: dt.date
    plan: PlanOut
    targets: list[TargetStatusOut]
    tasks: list[TaskStatusOut]
    versions: list[VersionOut]


# ── Plans ────────────────────────────────────────────────────────────────────────────────────────────
@router.get("/units/{key}/plans", response=with_errors(list[PlanOut]))
def list_plans(request: HttpRequest, key: str) -> list[dict[str, Any]]:
    """Every version of every yearly plan of the unit, newest first."""
    unit = get_unit_in_scope(request.user, key)
    return [plan_summary(p) for p in selectors.plans_of(actor=request.user, unit=unit)]


class PlanIn(Schema):
    year: int
    title: str = ""
    set_id: str = ""


@router.post("/units/{key}/plans", response=with_errors(PlanOut))
def create_plan(request: HttpRequest, key: str, body: PlanIn) -> dict[str, Any]:
    """Start the unit's plan for a year as a draft (version 1)."""
    unit = get_unit_in_scope(request.user, key)
    return plan_summary(services.create_plan(actor=request.user, unit=unit, year=body.year, title=body.title,
                                             set_id=body.set_id))


@router.get("/units/{key}/plans/{year}", response=with_errors(PlanDetailOut))
def read_plan(request: HttpRequest, key: str, year: int, version: int | None = None,
              date: str | None = None) -> dict[str, Any]:
    """The plan (latest version, or `version`) against the data at `date` (YYYY-MM-DD or dd/mm/yyyy; today)."""
    unit = get_unit_in_scope(request.user, key)
    plan = selectors.get_plan(actor=request.user, unit=unit, year=year, version=version)
    day = parse_day(date, field="date") or dt.date.today()
    return plan_to_dict(selectors.plan_view(actor=request.user, plan=plan, day=day))


class RevisionIn(Schema):
    expected_revision: int | None = None


class PlanEditIn(RevisionIn):
    title: str | None = None
    set_id: str | None = None
    note: str | None = None


@router.patch("/plans/{plan_id}", response=with_errors(PlanOut))
def edit_plan(request: HttpRequest, plan_id: int, body: PlanEditIn) -> dict[str, Any]:
    """Change a draft's title, criteria set or note."""
    plan = selectors.get_plan_by_id(actor=request.user, plan_id=plan_id)
    data = body.dict(exclude={"expected_revision"}, exclude_none=True)
    return plan_summary(services.edit_plan(actor=request.user, plan=plan, data=data,
                                           expected_revision=body.expected_revision))


class IssueIn(RevisionIn):
    number: str
    issued_on: str
    signer_name: str = ""
    signer_title: str = ""


@router.post("/plans/{plan_id}/issue", response=with_errors(PlanOut))
def issue_plan(request: HttpRequest, plan_id: int, body: IssueIn) -> dict[str, Any]:
    """Issue a draft with its number and date; its content is then frozen."""
    plan = selectors.get_plan_by_id(actor=request.user, plan_id=plan_id)
    return plan_summary(services.issue_plan(
        actor=request.user, plan=plan, number=body.number, issued_on=parse_day(body.issued_on, field="issued_on"),
        signer_name=body.signer_name, signer_title=body.signer_title, expected_revision=body.expected_revision))


@router.post("/plans/{plan_id}/close", response=with_errors(PlanOut))
def close_plan(request: HttpRequest, plan_id: int, body: RevisionIn) -> dict[str, Any]:
    """Close an issued plan."""
    plan = selectors.get_plan_by_id(actor=request.user, plan_id=plan_id)
    return plan_summary(services.close_plan(actor=request.user, plan=plan, expected_revision=body.expected_revision))


@router.post("/plans/{plan_id}/new-version", response=with_errors(PlanOut))
def new_version(request: HttpRequest, plan_id: int, body: RevisionIn) -> dict[str, Any]:
    """Copy an issued plan into a new draft that supersedes it."""
    plan = selectors.get_plan_by_id(actor=request.user, plan_id=plan_id)
    return plan_summary(services.start_new_version(actor=request.user, plan=plan,
                                                   expected_revision=body.expected_revision))


# ── Targets ──────────────────────────────────────────────────────────────────────────────────────────
@router.get("/plans/{plan_id}/targets", response=with_errors(list[TargetOut]))
def list_targets(request: HttpRequest, plan_id: int) -> list[dict[str, Any]]:
    """The plan's targets (their status at a date is in GET /units/{key}/plans/{year})."""
    plan = selectors.get_plan_by_id(actor=request.user, plan_id=plan_id)
    return [target_to_dict(t) for t in plan.targets.select_related("village")]


class TargetIn(RevisionIn):
    kind: Literal["criterion", "indicator", "village", "village_count", "unit", "other"]
    criterion: int | None = None
    indicator: str = ""
    value: float | str | None = None
    village: str | None = None
    deadline: str
    text: str = ""
    set_id: str = ""


@router.post("/plans/{plan_id}/targets", response=with_errors(TargetOut))
def add_target(request: HttpRequest, plan_id: int, body: TargetIn) -> dict[str, Any]:
    """Add a target to a draft plan."""
    plan = selectors.get_plan_by_id(actor=request.user, plan_id=plan_id)
    return target_to_dict(services.save_target(actor=request.user, plan=plan, data=target_data(body.dict(), plan)))


@router.put("/targets/{target_id}", response=with_errors(TargetOut))
def put_target(request: HttpRequest, target_id: int, body: TargetIn) -> dict[str, Any]:
    """Change a target of a draft plan."""
    target = selectors.get_row(actor=request.user, model=Target, row_id=target_id)
    return target_to_dict(services.save_target(actor=request.user, plan=target.plan,
                                               data=target_data(body.dict(), target.plan), target_id=target.pk,
                                               expected_revision=body.expected_revision))


@router.delete("/targets/{target_id}", response=with_errors({204: None}))
def delete_target(request: HttpRequest, target_id: int, expected_revision: int | None = None) -> Status:
    """Remove a target of a draft plan."""
    return deleted(services.remove_target, request, expected_revision,
                   target=selectors.get_row(actor=request.user, model=Target, row_id=target_id))


# ── Tasks ────────────────────────────────────────────────────────────────────────────────────────────
@router.get("/plans/{plan_id}/tasks", response=with_errors(list[TaskOut]))
def list_tasks(request: HttpRequest, plan_id: int) -> list[dict[str, Any]]:
    """The plan's tasks."""
    plan = selectors.get_plan_by_id(actor=request.user, plan_id=plan_id)
    return [task_to_dict(t) for t in plan.tasks.select_related("responsible")]


class TaskIn(RevisionIn):
    title: str
    criterion: int | None = None
    village: str | None = None
    responsible: int | None = None
    responsible_body: str = ""
    start: str | None = None
    deadline: str | None = None
    status: Literal["not_started", "in_progress", "done", "cancelled"] = "not_started"
    progress_pct: int = 0
    note: str = ""


@router.post("/plans/{plan_id}/tasks", response=with_errors(TaskOut))
def add_task(request: HttpRequest, plan_id: int, body: TaskIn) -> dict[str, Any]:
    """Add a task to a draft plan."""
    plan = selectors.get_plan_by_id(actor=request.user, plan_id=plan_id)
    return task_to_dict(services.save_task(actor=request.user, plan=plan, data=task_data(body.dict(), plan)))


@router.put("/tasks/{task_id}", response=with_errors(TaskOut))
def put_task(request: HttpRequest, task_id: int, body: TaskIn) -> dict[str, Any]:
    """Change a task of a draft plan."""
    task = selectors.get_row(actor=request.user, model=Task, row_id=task_id)
    return task_to_dict(services.save_task(actor=request.user, plan=task.plan, data=task_data(body.dict(), task.plan),
                                           task_id=task.pk, expected_revision=body.expected_revision))


@router.delete("/tasks/{task_id}", response=with_errors({204: None}))
def delete_task(request: HttpRequest, task_id: int, expected_revision: int | None = None) -> Status:
    """Remove a task of a draft plan."""
    return deleted(services.remove_task, request, expected_revision,
                   task=selectors.get_row(actor=request.user, model=Task, row_id=task_id))


class ProgressIn(RevisionIn):
    status: Literal["not_started", "in_progress", "done", "cancelled"]
    progress_pct: int = 0
    note: str | None = None
    done_on: str | None = None


@router.post("/tasks/{task_id}/progress", response=with_errors(TaskOut))
def report_progress(request: HttpRequest, task_id: int, body: ProgressIn) -> dict[str, Any]:
    """Report a task's status and progress (allowed on an issued plan: reporting, not plan content)."""
    task = selectors.get_row(actor=request.user, model=Task, row_id=task_id)
    return task_to_dict(services.report_task_progress(
        actor=request.user, task=task, status=body.status, progress_pct=body.progress_pct, note=body.note,
        done_on=parse_day(body.done_on, field="done_on"), expected_revision=body.expected_revision))


# ── Committee ────────────────────────────────────────────────────────────────────────────────────────
class MemberOut(Schema):
    id: int
    unit: str
    body: str
    name: str
    position: str
    role_in_body: str
    contact: str
    username: str | None
    term_start: dt.date | None
    term_end: dt.date | None
    criteria: list[str]
    villages: list[str]
    revision: int
    source: str


def member_to_dict(member: CommitteeMember) -> dict[str, Any]:
    return {"id": member.pk, "unit": member.unit.key, "body": member.body, "name": member.name,
            "position": member.position, "role_in_body": member.role_in_body, "contact": member.contact,
            "username": member.user.username if member.user else None, "term_start": member.term_start,
            "term_end": member.term_end, "criteria": list(member.criteria),
            "villages": [v.key for v in member.villages.all()], "revision": member.revision, "source": member.source}


class MemberIn(RevisionIn):
    name: str
    body: str = ""
    position: str = ""
    role_in_body: str = ""
    contact: str = ""
    username: str = ""
    term_start: str | None = None
    term_end: str | None = None
    criteria: list[int] = []
    villages: list[str] = []


@router.get("/units/{key}/committee", response=with_errors(list[MemberOut]))
def list_committee(request: HttpRequest, key: str) -> list[dict[str, Any]]:
    """The unit's committee members and what each is assigned."""
    unit = get_unit_in_scope(request.user, key)
    return [member_to_dict(m) for m in selectors.committee_of(actor=request.user, unit=unit)]


@router.post("/units/{key}/committee", response=with_errors(MemberOut))
def add_member(request: HttpRequest, key: str, body: MemberIn) -> dict[str, Any]:
    """Add a member with their assignment (criteria, villages)."""
    unit = get_unit_in_scope(request.user, key)
    data = member_data(body.dict(), unit, body.villages)
    return member_to_dict(services.save_member(actor=request.user, unit=unit, data=data))


@router.put("/committee/{member_id}", response=with_errors(MemberOut))
def put_member(request: HttpRequest, member_id: int, body: MemberIn) -> dict[str, Any]:
    """Change a member and their assignment."""
    member = selectors.get_member(actor=request.user, member_id=member_id)
    data = member_data(body.dict(), member.unit, body.villages)
    return member_to_dict(services.save_member(actor=request.user, unit=member.unit, data=data, member_id=member.pk,
                                               expected_revision=body.expected_revision))


@router.delete("/committee/{member_id}", response=with_errors({204: None}))
def delete_member(request: HttpRequest, member_id: int, expected_revision: int | None = None) -> Status:
    """Remove a member from the committee."""
    return deleted(services.remove_member, request, expected_revision,
                   member=selectors.get_member(actor=request.user, member_id=member_id))


# ── Overdue ──────────────────────────────────────────────────────────────────────────────────────────
class OverdueOut(Schema):
    unit: str
    unit_name: str
    year: int
    plan_id: int
    kind: Literal["task", "target"]
    title: str
    deadline: dt.date
    days_late: int
    responsible: str


@router.get("/overdue", response=with_errors(list[OverdueOut]))
def list_overdue(request: HttpRequest, date: str | None = None) -> list[dict[str, Any]]:
    """Tasks and targets past their deadline and not done / not reached, across the caller's units."""
    day = parse_day(date, field="date") or dt.date.today()
    return [{"unit": i.plan.unit.key, "unit_name": i.plan.unit.name, "year": i.plan.year, "plan_id": i.plan.pk,
             "kind": i.kind, "title": i.title, "deadline": i.deadline, "days_late": i.days_late,
             "responsible": i.responsible} for i in selectors.overdue(actor=request.user, day=day)]
