"""Writes to the steering committee and the yearly plans: each whole, scoped, audited, stale edits refused.

Who may take which step is planning.transitions; every write here asks it first. A plan's content
(title, targets, tasks) changes only while it is a draft; an issued plan is frozen except for task
progress (reporting). `expected_revision` is the revision the form or the API client read: a
different one raises StaleEdit; None skips the check (the system, imports).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from ntm.common.audit import audit
from ntm.common.errors import BadInput, NotFound, StaleEdit
from ntm.geo.models import Level, Unit

from .models import Body, CommitteeMember, Plan, PlanState, Target, TargetKind, Task, TaskStatus
from .models import Revised as _Revised
from .transitions import Transition, require_step

_MEMBER_FIELDS = ("body", "name", "position", "role_in_body", "contact", "term_start", "term_end")
_TARGET_FIELDS = ("kind", "set_id", "criterion", "indicator", "value", "village", "deadline", "text", "position")
_TASK_FIELDS = ("title", "criterion", "village", "responsible", "responsible_body", "start", "deadline", "status",
                "progress_pct", "note", "position")


def _check_revision(row: _Revised, expected: int | None) -> None:
    if expected is not None and row.revision != expected:
        raise StaleEdit("dữ liệu đã được người khác sửa sau khi bạn mở biểu mẫu; hãy tải lại trang",
                        "the record was changed by someone else since you opened it; reload",
                        field="revision", current=row)


def _locked(model: type[Any], pk: int) -> Any:
    found = model.objects.select_for_update().filter(pk=pk).first()
    if found is None:
        raise NotFound("không tìm thấy", "not found", field="id")
    return found


def _save(row: _Revised, *, new: bool) -> None:
    if not new:
        row.revision += 1
    row.full_clean()
    row.save()


# ── Committee ────────────────────────────────────────────────────────────────────────────────────────
@transaction.atomic
def save_member(*, actor: Any, unit: Unit, data: dict[str, Any], member_id: int | None = None,
                expected_revision: int | None = None) -> CommitteeMember:
    """Create or edit a committee member and their assignment (criteria, villages of `unit`)."""
    require_step(actor, unit, Transition.EDIT, None)
    member = _locked(CommitteeMember, member_id) if member_id else CommitteeMember(unit=unit)
    if member.unit_id != unit.pk:
        raise NotFound("không tìm thấy thành viên", "member not found", field="id")
    _check_revision(member, expected_revision)
    before = member.as_audit() if member.pk else None
    for name in _MEMBER_FIELDS:
        if name in data:
            setattr(member, name, data[name])
    member.body = member.body or (Body.VILLAGE_BOARD if unit.level == Level.VILLAGE else Body.STEERING)
    if "user" in data:
        member.user = data["user"]
    if "criteria" in data:
        member.criteria = list(data["criteria"])
    _save(member, new=before is None)
    if "villages" in data:
        member.villages.set(_villages_of(unit, data["villages"]))
    audit(actor, "planning.committee_member.saved", member, unit_code=unit.key, before=before,
          after=member.as_audit())
    return member


def _villages_of(unit: Unit, villages: list[Unit]) -> list[Unit]:
    """Villages assigned to a member must belong to the member's commune (or be the village itself)."""
    allowed = {v.pk for v in unit.children.filter(level=Level.VILLAGE)} | {unit.pk}
    wrong = [v.name for v in villages if v.pk not in allowed]
    if wrong:
        raise BadInput(f"thôn không thuộc {unit.name}: {', '.join(wrong)}",
                       f"villages outside {unit.name}: {', '.join(wrong)}", field="villages")
    return villages


@transaction.atomic
def remove_member(*, actor: Any, member: CommitteeMember, expected_revision: int | None = None) -> None:
    """Remove a member from the committee (their tasks keep the responsible body, lose the person)."""
    require_step(actor, member.unit, Transition.EDIT, None)
    member = _locked(CommitteeMember, member.pk)
    _check_revision(member, expected_revision)
    before = member.as_audit()
    audit(actor, "planning.committee_member.removed", member, unit_code=member.unit.key, before=before)
    member.delete()


# ── Plans ────────────────────────────────────────────────────────────────────────────────────────────
@transaction.atomic
def create_plan(*, actor: Any, unit: Unit, year: int, title: str, set_id: str = "", note: str = "") -> Plan:
    """Start the unit's plan for `year` as a draft (version 1); BadInput if the year has one already."""
    require_step(actor, unit, Transition.EDIT, None)
    if unit.level not in (Level.COMMUNE, Level.VILLAGE):
        raise BadInput("chỉ xã và thôn có kế hoạch", "only communes and villages have plans", field="unit")
    if Plan.objects.filter(unit=unit, year=year).exists():
        raise BadInput(f"{unit.name} đã có kế hoạch năm {year}: hãy sửa dự thảo hoặc lập phiên bản mới",
                       f"{unit.name} already has a plan for {year}: edit the draft or start a new version",
                       field="year")
    title = " ".join(title.split()) or f"Kế hoạch xây dựng nông thôn mới năm {year}"
    plan = Plan(unit=unit, year=year, title=title, set_id=set_id, note=note,
                created_by=actor if getattr(actor, "pk", None) else None)
    _save(plan, new=True)
    audit(actor, "planning.plan.created", plan, unit_code=unit.key, after=plan.as_audit())
    return plan


def _plan_for(actor: Any, plan: Plan, transition: Transition, expected_revision: int | None) -> Plan:
    """The plan, locked, after the step and the revision were checked."""
    locked = _locked(Plan, plan.pk)
    require_step(actor, locked.unit, transition, locked.state)
    _check_revision(locked, expected_revision)
    return locked


@transaction.atomic
def edit_plan(*, actor: Any, plan: Plan, data: dict[str, Any], expected_revision: int | None = None) -> Plan:
    """Change a draft plan's title, criteria set or note."""
    plan = _plan_for(actor, plan, Transition.EDIT, expected_revision)
    before = plan.as_audit()
    for name in ("title", "set_id", "note"):
        if name in data:
            setattr(plan, name, data[name])
    _save(plan, new=False)
    audit(actor, "planning.plan.edited", plan, unit_code=plan.unit.key, before=before, after=plan.as_audit())
    return plan


@transaction.atomic
def issue_plan(*, actor: Any, plan: Plan, number: str, issued_on: dt.date | None, signer_name: str = "",
               signer_title: str = "", expected_revision: int | None = None) -> Plan:
    """Issue a draft (its document number and date are required); from then on its content is frozen."""
    plan = _plan_for(actor, plan, Transition.ISSUE, expected_revision)
    number = number.strip()
    if not number:
        raise BadInput("cần số văn bản để ban hành (ví dụ 45/KH-UBND)", "a document number is required to issue",
                       field="number")
    if issued_on is None:
        raise BadInput("cần ngày ban hành", "the date of issue is required", field="issued_on")
    before = plan.as_audit()
    plan.state, plan.number, plan.issued_on = PlanState.ISSUED, number, issued_on
    plan.signer_name, plan.signer_title = signer_name.strip(), signer_title.strip()
    plan.issued_by = actor if getattr(actor, "pk", None) else None
    _save(plan, new=False)
    audit(actor, "planning.plan.issued", plan, unit_code=plan.unit.key, before=before, after=plan.as_audit())
    return plan


@transaction.atomic
def close_plan(*, actor: Any, plan: Plan, expected_revision: int | None = None) -> Plan:
    """Close an issued plan (its year is over, or a new version replaced it)."""
    plan = _plan_for(actor, plan, Transition.CLOSE, expected_revision)
    before = plan.as_audit()
    plan.state = PlanState.CLOSED
    _save(plan, new=False)
    audit(actor, "planning.plan.closed", plan, unit_code=plan.unit.key, before=before, after=plan.as_audit())
    return plan


@transaction.atomic
def start_new_version(*, actor: Any, plan: Plan, expected_revision: int | None = None) -> Plan:
    """Copy an issued plan, its targets and tasks, into a new draft that supersedes it."""
    plan = _plan_for(actor, plan, Transition.NEW_VERSION, expected_revision)
    latest = Plan.objects.filter(unit=plan.unit, year=plan.year).order_by("-version").first()
    if latest is not None and latest.pk != plan.pk:
        raise BadInput(f"đã có phiên bản {latest.version} mới hơn", f"version {latest.version} already exists",
                       field="version")
    draft = Plan(unit=plan.unit, year=plan.year, version=plan.version + 1, supersedes=plan, set_id=plan.set_id,
                 title=plan.title, note=plan.note, created_by=actor if getattr(actor, "pk", None) else None)
    _save(draft, new=True)
    for target in plan.targets.all():
        target.pk, target.plan, target.revision = None, draft, 1
        target.save()
    for task in plan.tasks.all():
        task.pk, task.plan, task.revision = None, draft, 1
        task.save()
    audit(actor, "planning.plan.new_version", draft, unit_code=plan.unit.key, before={"supersedes": plan.pk},
          after=draft.as_audit())
    return draft


# ── Targets and tasks (drafts only) ──────────────────────────────────────────────────────────────────
def _check_target(plan: Plan, target: Target) -> None:
    """Each kind needs its own fields; a village target names a village of the plan's commune."""
    kind = TargetKind(target.kind)
    needs = {TargetKind.CRITERION: ("criterion",), TargetKind.INDICATOR: ("indicator",),
             TargetKind.VILLAGE: ("village",), TargetKind.VILLAGE_COUNT: ("value",), TargetKind.OTHER: ("text",)}
    for name in needs.get(kind, ()):
        if getattr(target, name) in (None, ""):
            raise BadInput(f"mục tiêu loại «{kind.label}» cần trường «{name}»",
                           f"a '{kind.value}' target needs '{name}'", field=name)
    if target.village is not None and target.village.parent_id != plan.unit_id:
        raise BadInput(f"{target.village.name} không thuộc {plan.unit.name}",
                       f"{target.village.name} is not a village of {plan.unit.name}", field="village")
    if kind is TargetKind.VILLAGE_COUNT and plan.unit.level != Level.COMMUNE:
        raise BadInput("chỉ kế hoạch của xã mới có mục tiêu số thôn đạt chuẩn",
                       "only a commune plan has a village-count target", field="kind")


def _child(model: type[Any], plan: Plan, row_id: int | None) -> Any:
    if row_id is None:
        return model(plan=plan)
    row = _locked(model, row_id)
    if row.plan_id != plan.pk:
        raise NotFound("không tìm thấy", "not found", field="id")
    return row


@transaction.atomic
def save_target(*, actor: Any, plan: Plan, data: dict[str, Any], target_id: int | None = None,
                expected_revision: int | None = None) -> Target:
    """Add or change a target of a draft plan."""
    plan = _plan_for(actor, plan, Transition.EDIT, None)
    target = _child(Target, plan, target_id)
    _check_revision(target, expected_revision)
    before = target.as_audit() if target.pk else None
    for name in _TARGET_FIELDS:
        if name in data:
            setattr(target, name, data[name])
    _check_target(plan, target)
    _save(target, new=before is None)
    audit(actor, "planning.target.saved", target, unit_code=plan.unit.key, before=before, after=target.as_audit())
    return target


@transaction.atomic
def save_task(*, actor: Any, plan: Plan, data: dict[str, Any], task_id: int | None = None,
              expected_revision: int | None = None) -> Task:
    """Add or change a task of a draft plan (its progress is reported with report_task_progress)."""
    plan = _plan_for(actor, plan, Transition.EDIT, None)
    task = _child(Task, plan, task_id)
    _check_revision(task, expected_revision)
    before = task.as_audit() if task.pk else None
    for name in _TASK_FIELDS:
        if name in data:
            setattr(task, name, data[name])
    _check_task(plan, task)
    _save(task, new=before is None)
    audit(actor, "planning.task.saved", task, unit_code=plan.unit.key, before=before, after=task.as_audit())
    return task


def _check_task(plan: Plan, task: Task) -> None:
    if not task.title.strip():
        raise BadInput("nhiệm vụ cần có tên", "a task needs a title", field="title")
    if task.responsible is not None and task.responsible.unit_id not in (plan.unit_id, plan.unit.parent_id):
        raise BadInput("người phụ trách phải là thành viên ban chỉ đạo của đơn vị",
                       "the responsible member must sit on the unit's committee", field="responsible")
    if task.start and task.deadline and task.start > task.deadline:
        raise BadInput("ngày bắt đầu sau thời hạn", "the start is after the deadline", field="start")
    _check_progress(task.progress_pct)


def _check_progress(progress: int) -> None:
    if not 0 <= progress <= 100:
        raise BadInput("tiến độ phải từ 0 đến 100%", "progress must be between 0 and 100", field="progress_pct")


@transaction.atomic
def remove_target(*, actor: Any, target: Target, expected_revision: int | None = None) -> None:
    """Delete a target of a draft plan."""
    _remove(actor, Target, target.plan, target.pk, expected_revision, "planning.target.removed")


@transaction.atomic
def remove_task(*, actor: Any, task: Task, expected_revision: int | None = None) -> None:
    """Delete a task of a draft plan."""
    _remove(actor, Task, task.plan, task.pk, expected_revision, "planning.task.removed")


def _remove(actor: Any, model: type[Any], plan: Plan, row_id: int, expected: int | None, action: str) -> None:
    plan = _plan_for(actor, plan, Transition.EDIT, None)
    row = _child(model, plan, row_id)
    _check_revision(row, expected)
    audit(actor, action, row, unit_code=plan.unit.key, before=row.as_audit())
    row.delete()


# ── Progress (allowed on an issued plan) ─────────────────────────────────────────────────────────────
@transaction.atomic
def report_task_progress(*, actor: Any, task: Task, status: str, progress_pct: int, note: str | None = None,
                         done_on: dt.date | None = None, expected_revision: int | None = None) -> Task:
    """Record how far a task is: its status and progress %; done sets the day it was done (default today)."""
    plan = _plan_for(actor, task.plan, Transition.REPORT, None)
    task = _child(Task, plan, task.pk)
    _check_revision(task, expected_revision)
    if status not in TaskStatus.values:
        raise BadInput(f"trạng thái «{status}» không hợp lệ", f"invalid status '{status}'", field="status")
    _check_progress(progress_pct)
    before = task.as_audit()
    task.status, task.progress_pct = status, 100 if status == TaskStatus.DONE else progress_pct
    task.done_on = (done_on or dt.date.today()) if status == TaskStatus.DONE else None
    if note is not None:
        task.note = note
    _save(task, new=False)
    audit(actor, "planning.task.progress", task, unit_code=plan.unit.key, before=before, after=task.as_audit())
    return task
