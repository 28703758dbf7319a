"""Pages of the programme's running: steering committee, yearly plans (targets, tasks, forecast), overdue list.

Each view parses the request, calls one planning selector or service, and renders; errors go through the
one page error handler (web/middleware.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.common.errors import BadInput
from ntm.common.formats import format_date
from ntm.common.scope import get_unit_in_scope
from ntm.common.tabular import table_response
from ntm.geo.models import Level, Unit
from ntm.planning import selectors as plans
from ntm.planning import services
from ntm.planning.forms import member_data, revision_of, target_data, task_data
from ntm.planning.inputs import parse_day, parse_year
from ntm.planning.models import Body, Plan, Target, TargetKind, Task, TaskStatus
from ntm.planning.report import STATUS_VI
from ntm.planning.transitions import Transition, available_steps, may


def _day(request: HttpRequest) -> dt.date:
    return parse_day(request.GET.get("ngay"), field="ngay") or dt.date.today()


def _plan(request: HttpRequest, key: str, year: int) -> Plan:
    unit = get_unit_in_scope(request.user, key)
    version = request.GET.get("phien-ban") or request.POST.get("phien-ban")
    return plans.get_plan(actor=request.user, unit=unit, year=year,
                          version=int(version) if version and version.isdigit() else None)


def _plan_url(plan: Plan) -> str:
    return reverse("web:plan", args=[plan.unit.key, plan.year])


def _villages(unit: Unit) -> list[Unit]:
    commune = unit if unit.level == Level.COMMUNE else unit.parent
    return list(commune.children.filter(level=Level.VILLAGE).order_by("name")) if commune else []


# ── Committee ────────────────────────────────────────────────────────────────────────────────────────
@login_required
def committee(request: HttpRequest, key: str) -> HttpResponse:
    """The unit's Ban chỉ đạo / Ban phát triển thôn: members, positions, criteria and villages assigned."""
    unit = get_unit_in_scope(request.user, key)
    members = plans.committee_of(actor=request.user, unit=unit)
    return render(request, "planning/committee.html", {
        "unit": unit, "members": members, "can_edit": may(request.user, unit, Transition.EDIT)})


@login_required
def member_form(request: HttpRequest, key: str, pk: int | None = None) -> HttpResponse:
    """GET: the form to add or change a member. POST: save (or remove, with `remove`)."""
    unit = get_unit_in_scope(request.user, key)
    member = plans.get_member(actor=request.user, member_id=pk) if pk else None
    if request.method == "POST":
        expected = revision_of(request.POST.get("revision"))
        if member is not None and request.POST.get("remove"):
            services.remove_member(actor=request.user, member=member, expected_revision=expected)
            messages.success(request, _("Đã xóa thành viên."))
        else:
            data = member_data(request.POST, unit, request.POST.getlist("villages"))
            services.save_member(actor=request.user, unit=unit, data=data, member_id=pk, expected_revision=expected)
            messages.success(request, _("Đã lưu thành viên."))
        return redirect("web:committee", key=unit.key)
    return render(request, "planning/member_form.html", {
        "unit": unit, "member": member, "bodies": Body.choices, "villages": _villages(unit),
        "can_edit": may(request.user, unit, Transition.EDIT)})


# ── Plans ────────────────────────────────────────────────────────────────────────────────────────────
@login_required
def plan_list(request: HttpRequest, key: str) -> HttpResponse:
    """GET: the unit's plans by year and version. POST: start a draft plan for a year."""
    unit = get_unit_in_scope(request.user, key)
    if request.method == "POST":
        plan = services.create_plan(actor=request.user, unit=unit, year=parse_year(request.POST.get("year", "")),
                                    title=request.POST.get("title", ""), set_id=request.POST.get("set_id", ""))
        messages.success(request, _("Đã tạo dự thảo kế hoạch."))
        return redirect(_plan_url(plan))
    return render(request, "planning/plans.html", {
        "unit": unit, "plans": plans.plans_of(actor=request.user, unit=unit),
        "can_create": may(request.user, unit, Transition.EDIT), "this_year": dt.date.today().year})


@login_required
def plan_detail(request: HttpRequest, key: str, year: int) -> HttpResponse:
    """The plan (latest version, or ?phien-ban=N) against the data at ?ngay=dd/mm/yyyy (today by default)."""
    plan = _plan(request, key, year)
    view = plans.plan_view(actor=request.user, plan=plan, day=_day(request))
    return render(request, "planning/plan.html", {
        "unit": plan.unit, "plan": plan, "view": view, "steps": available_steps(request.user, plan.unit, plan.state),
        "members": _members_for(plan), "villages": _villages(plan.unit), "kinds": TargetKind.choices,
        "statuses": TaskStatus.choices, "day_text": format_date(view.day)})


def _members_for(plan: Plan) -> list[Any]:
    units = [plan.unit, plan.unit.parent] if plan.unit.parent else [plan.unit]
    return [m for u in units if u is not None for m in u.committee_members.all()]


@login_required
@require_POST
def plan_step(request: HttpRequest, key: str, year: int) -> HttpResponse:
    """Issue (number and date required), close, or start a new version of the plan."""
    plan = _plan(request, key, year)
    step, expected = request.POST.get("step", ""), revision_of(request.POST.get("revision"))
    if step == Transition.ISSUE:
        services.issue_plan(actor=request.user, plan=plan, number=request.POST.get("number", ""),
                            issued_on=parse_day(request.POST.get("issued_on"), field="issued_on"),
                            signer_name=request.POST.get("signer_name", ""),
                            signer_title=request.POST.get("signer_title", ""), expected_revision=expected)
        messages.success(request, _("Đã ban hành kế hoạch."))
    elif step == Transition.CLOSE:
        services.close_plan(actor=request.user, plan=plan, expected_revision=expected)
        messages.success(request, _("Đã kết thúc kế hoạch."))
    elif step == Transition.NEW_VERSION:
        services.start_new_version(actor=request.user, plan=plan, expected_revision=expected)
        messages.success(request, _("Đã lập phiên bản mới (dự thảo)."))
    else:
        raise BadInput(f"thao tác «{step}» không hợp lệ", f"invalid step '{step}'", field="step")
    return redirect(_plan_url(plan))


@login_required
def target_form(request: HttpRequest, key: str, year: int, pk: int | None = None) -> HttpResponse:
    """GET: the form for a target of the draft. POST: save it (or remove it, with `remove`)."""
    plan = _plan(request, key, year)
    target = plans.get_row(actor=request.user, model=Target, row_id=pk) if pk else None
    if request.method == "POST":
        expected = revision_of(request.POST.get("revision"))
        if target is not None and request.POST.get("remove"):
            services.remove_target(actor=request.user, target=target, expected_revision=expected)
        else:
            services.save_target(actor=request.user, plan=plan, data=target_data(request.POST, plan), target_id=pk,
                                 expected_revision=expected)
        messages.success(request, _("Đã lưu mục tiêu."))
        return redirect(_plan_url(plan))
    return render(request, "planning/target_form.html", {
        "unit": plan.unit, "plan": plan, "target": target, "kinds": TargetKind.choices,
        "villages": _villages(plan.unit) if plan.unit.level == Level.COMMUNE else []})


@login_required
def task_form(request: HttpRequest, key: str, year: int, pk: int | None = None) -> HttpResponse:
    """GET: the form for a task of the draft. POST: save it (or remove it, with `remove`)."""
    plan = _plan(request, key, year)
    task = plans.get_row(actor=request.user, model=Task, row_id=pk) if pk else None
    if request.method == "POST":
        expected = revision_of(request.POST.get("revision"))
        if task is not None and request.POST.get("remove"):
            services.remove_task(actor=request.user, task=task, expected_revision=expected)
        else:
            services.save_task(actor=request.user, plan=plan, data=task_data(request.POST, plan), task_id=pk,
                               expected_revision=expected)
        messages.success(request, _("Đã lưu nhiệm vụ."))
        return redirect(_plan_url(plan))
    return render(request, "planning/task_form.html", {
        "unit": plan.unit, "plan": plan, "task": task, "members": _members_for(plan), "statuses": TaskStatus.choices,
        "villages": _villages(plan.unit) if plan.unit.level == Level.COMMUNE else []})


@login_required
@require_POST
def task_progress(request: HttpRequest, key: str, year: int, pk: int) -> HttpResponse:
    """Report a task's status and progress (allowed on an issued plan)."""
    plan = _plan(request, key, year)
    task = plans.get_row(actor=request.user, model=Task, row_id=pk)
    progress = request.POST.get("progress_pct", "0").strip() or "0"
    if not progress.isdigit():
        raise BadInput("tiến độ phải là số nguyên từ 0 đến 100", "progress must be a whole number",
                       field="progress_pct")
    services.report_task_progress(actor=request.user, task=task, status=request.POST.get("status", ""),
                                  progress_pct=int(progress), note=request.POST.get("note"),
                                  expected_revision=revision_of(request.POST.get("revision")))
    messages.success(request, _("Đã cập nhật tiến độ."))
    return redirect(_plan_url(plan))


_TARGET_HEADER = ["Mục tiêu", "Loại", "Tiêu chí", "Chỉ tiêu", "Giá trị cần đạt", "Thời hạn", "Trạng thái",
                  "Số liệu", "Dự báo", "Giá trị dự kiến", "Quá hạn"]
_TASK_HEADER = ["Nhiệm vụ", "Tiêu chí", "Người phụ trách", "Bộ phận chủ trì", "Bắt đầu", "Thời hạn", "Trạng thái",
                "Tiến độ (%)", "Quá hạn (ngày)", "Ghi chú"]


@login_required
def plan_export(request: HttpRequest, key: str, year: int, table: str, fmt: str) -> HttpResponse:
    """Targets ("muc-tieu") or tasks ("nhiem-vu") of the plan at the date, as CSV or XLSX."""
    plan = _plan(request, key, year)
    view = plans.plan_view(actor=request.user, plan=plan, day=_day(request))
    name = f"ke-hoach-{plan.unit.code}-{plan.year}-v{plan.version}-{table}"
    if table == "muc-tieu":
        rows = [[plans.target_label(r.target), r.target.get_kind_display(), r.target.criterion,
                 r.target.indicator or None, r.target.value, r.target.deadline, STATUS_VI[r.state.status.value],
                 r.state.actual or None, r.forecast.outlook_vi if r.forecast else None,
                 r.forecast.expected if r.forecast else None, "Có" if r.overdue else ""] for r in view.targets]
        return table_response(_TARGET_HEADER, rows, filename=name, fmt=fmt, sheet_title="Mục tiêu")
    if table == "nhiem-vu":
        rows = [[r.task.title, r.task.criterion, r.task.responsible.name if r.task.responsible else None,
                 r.task.responsible_body or None, r.task.start, r.task.deadline, r.task.get_status_display(),
                 r.task.progress_pct, r.days_late or None, r.task.note or None] for r in view.tasks]
        return table_response(_TASK_HEADER, rows, filename=name, fmt=fmt, sheet_title="Nhiệm vụ")
    raise BadInput(f"bảng «{table}» không có", f"no table '{table}'", field="table")


# ── Overdue across the user's scope ──────────────────────────────────────────────────────────────────
@login_required
def overdue_list(request: HttpRequest) -> HttpResponse:
    """Tasks past their deadline and not done, targets past theirs and not reached, in the plans in force."""
    day = _day(request)
    items = plans.overdue(actor=request.user, day=day)
    fmt = request.GET.get("dinh-dang")
    if fmt in ("csv", "xlsx"):
        rows = [[i.plan.unit.name, i.plan.year, "Nhiệm vụ" if i.kind == "task" else "Mục tiêu", i.title, i.deadline,
                 i.days_late, i.responsible or None] for i in items]
        return table_response(["Đơn vị", "Năm", "Loại", "Nội dung", "Thời hạn", "Số ngày quá hạn", "Phụ trách"],
                              rows, filename=f"viec-qua-han-{day.isoformat()}", fmt=fmt, sheet_title="Quá hạn")
    return render(request, "planning/overdue.html", {"items": items, "day": day, "day_text": format_date(day)})


urlpatterns: list[URLPattern] = [
    path("don-vi/<str:key>/ban-chi-dao/", committee, name="committee"),
    path("don-vi/<str:key>/ban-chi-dao/thanh-vien/", member_form, name="member_new"),
    path("don-vi/<str:key>/ban-chi-dao/thanh-vien/<int:pk>/", member_form, name="member_edit"),
    path("don-vi/<str:key>/ke-hoach/", plan_list, name="plans"),
    path("don-vi/<str:key>/ke-hoach/<int:year>/", plan_detail, name="plan"),
    path("don-vi/<str:key>/ke-hoach/<int:year>/thao-tac/", plan_step, name="plan_step"),
    path("don-vi/<str:key>/ke-hoach/<int:year>/muc-tieu/", target_form, name="target_new"),
    path("don-vi/<str:key>/ke-hoach/<int:year>/muc-tieu/<int:pk>/", target_form, name="target_edit"),
    path("don-vi/<str:key>/ke-hoach/<int:year>/nhiem-vu/", task_form, name="task_new"),
    path("don-vi/<str:key>/ke-hoach/<int:year>/nhiem-vu/<int:pk>/", task_form, name="task_edit"),
    path("don-vi/<str:key>/ke-hoach/<int:year>/nhiem-vu/<int:pk>/tien-do/", task_progress, name="task_progress"),
    path("don-vi/<str:key>/ke-hoach/<int:year>/xuat/<str:table>.<str:fmt>", plan_export, name="plan_export"),
    path("viec-qua-han/", overdue_list, name="overdue"),
]
