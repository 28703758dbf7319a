"""Pages of the reporting regime: a commune's village reports, a province's completeness, the schedule,
and marking a reminder read. The figures come from ntm.monitoring.reporting."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.common.errors import BadInput
from ntm.common.formats import format_date
from ntm.common.scope import get_unit_in_scope
from ntm.common.tabular import table_response
from ntm.geo.models import Level
from ntm.monitoring.periods import Period, PeriodKind
from ntm.monitoring.reporting import (
    SORTS,
    mark_reminders_read,
    may_edit_schedule,
    province_reports,
    schedule_for,
    set_schedule_rule,
    village_reports,
)
from ntm.monitoring.reporting.schedule import ALL_PROVINCES, first_period, schedule_province
from ntm.monitoring.reporting.status import default_period, period_choices

PAGE_SIZE = 100


def _period(request: HttpRequest, unit) -> Period:
    raw = request.GET.get("ky")
    return Period.parse(raw) if raw else default_period(unit)


@login_required
def villages(request: HttpRequest, key: str) -> HttpResponse:
    """A commune's villages for one period: received / expected, on time / late, and who has not reported."""
    commune = get_unit_in_scope(request.user, key)
    if commune.level != Level.COMMUNE:
        raise BadInput("trang này dành cho một xã", "this page is for a commune", field="unit")
    period = _period(request, commune)
    result = village_reports(actor=request.user, commune=commune, period=period)
    if request.GET.get("xuat") in ("csv", "xlsx"):
        header = ["Thôn", "Hạn nộp", "Ngày nhận", "Tình trạng", "Số ngày trễ", "Người phụ trách"]
        rows = [[r.unit.name, r.due_date, r.received_on, r.timeliness_label, r.days_late,
                 "; ".join(f"{p.name} {p.contact}".strip() for p in r.responsible)] for r in result.rows]
        return table_response(header, rows, filename=f"ntm-bao-cao-thon-{commune.code}-{period.key}",
                              fmt=request.GET["xuat"], sheet_title="Báo cáo thôn")
    return render(request, "reporting/villages.html", {
        "unit": commune, "period": period, "result": result, "periods": period_choices(period, commune)})


def _province_rows(result) -> list[list[object]]:
    rows = []
    for r in result.rows:
        own = r.own
        rows.append([r.commune.name, own.timeliness_label if own else "", own.received_on if own else None,
                     own.days_late if own else None, r.villages.expected, r.villages.received, r.villages.on_time,
                     r.villages.late, r.villages.overdue, float(r.villages.completeness or 0) if r.villages.expected
                     else None])
    return rows


@login_required
def province(request: HttpRequest, key: str) -> HttpResponse:
    """Completeness and timeliness per commune of a province; `sap` sorts, `xuat=csv|xlsx` downloads."""
    unit = get_unit_in_scope(request.user, key)
    if unit.level != Level.PROVINCE:
        raise BadInput("trang này dành cho một tỉnh", "this page is for a province", field="unit")
    period, sort = _period(request, unit), request.GET.get("sap", "ten")
    result = province_reports(actor=request.user, province=unit, period=period, sort=sort)
    if request.GET.get("xuat") in ("csv", "xlsx"):
        header = ["Xã", "Báo cáo của xã", "Ngày nhận", "Số ngày trễ", "Thôn phải báo cáo", "Thôn đã báo cáo",
                  "Thôn đúng hạn", "Thôn trễ hạn", "Thôn chưa báo cáo", "Tỷ lệ thôn đã báo cáo (%)"]
        return table_response(header, _province_rows(result), filename=f"ntm-bao-cao-{unit.code}-{period.key}",
                              fmt=request.GET["xuat"], sheet_title="Báo cáo các xã")
    page = Paginator(result.rows, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(request, "reporting/province.html", {
        "unit": unit, "period": period, "result": result, "page": page,
        "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "sort": sort if sort in SORTS else "ten",
        "sorts": [(k, label) for k, (label, _key) in SORTS.items()], "periods": period_choices(period, unit)})


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    """The reporting regime in force for the user's province; its office (or an administrator) edits it."""
    code = schedule_province(request.user, request.GET.get("tinh") or request.POST.get("tinh"))
    if request.method == "POST":
        set_schedule_rule(actor=request.user, province_code=code, level=request.POST.get("level", ""),
                          frequency=request.POST.get("frequency", ""), due_days=_int(request.POST.get("due_days")),
                          active=request.POST.get("active") == "on", note=request.POST.get("note", ""),
                          expected_revision=_int(request.POST.get("revision"), "revision"))
        messages.success(request, _("Đã lưu chế độ báo cáo."))
        return redirect(f"{reverse('web:reporting_schedule')}?tinh={code}" if code else
                        reverse("web:reporting_schedule"))
    year = dt.date.today().year
    rows = []
    for rule in schedule_for(code):
        example = first_period(PeriodKind(rule.frequency), year)
        rows.append((rule, example, format_date(rule.due_date(example))))
    return render(request, "reporting/schedule.html", {
        "rows": rows, "province_code": code, "all_provinces": code == ALL_PROVINCES,
        "editable": may_edit_schedule(request.user, code)})


def _int(raw: str | None, field: str = "due_days") -> int:
    try:
        return int(str(raw).strip())
    except ValueError:
        raise BadInput(f"«{raw or ''}» không phải số nguyên", f"'{raw}' is not a whole number", field=field) from None


@login_required
@require_POST
def reminder_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's reminders read ("đã xem"); another user's reminder is not found."""
    mark_reminders_read(actor=request.user, ids=[pk])
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("web:home")
    return redirect(back)


urlpatterns = [
    path("don-vi/<str:key>/bao-cao-thon/", villages, name="reporting_villages"),
    path("tinh/<str:key>/bao-cao/", province, name="reporting_province"),
    path("che-do-bao-cao/", schedule, name="reporting_schedule"),
    path("nhac-viec/<int:pk>/da-xem/", reminder_read, name="reminder_read"),
]
