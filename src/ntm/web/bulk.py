"""Pages: bulk exchange of a commune (and its villages) or a village: download a template, upload it filled."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from ntm.common.errors import BadInput
from ntm.common.scope import Access, get_unit_in_scope
from ntm.geo.models import Unit
from ntm.ingest.exchange.apply import upload_exchange
from ntm.ingest.exchange.selectors import kinds_for
from ntm.ingest.exchange.sheets import KIND_LABELS, Kind
from ntm.ingest.exchange.templates import build_template
from ntm.monitoring.periods import Period

from . import selectors

MAX_UPLOAD = 5 * 1024 * 1024  # a commune's full period is a few hundred rows: far below this


def _context(unit: Unit, period: Period, kind: str, **extra: Any) -> dict[str, Any]:
    return {"unit": unit, "period": period, "periods": selectors.period_choices(period, unit), "kind": kind,
            "kinds": [(k.value, KIND_LABELS[k]) for k in kinds_for(unit)], **extra}


def _period(request: HttpRequest, unit: Unit) -> Period:
    key = request.GET.get("ky") or request.POST.get("ky")
    return Period.parse(key) if key else selectors.default_period(unit)


@login_required
def exchange(request: HttpRequest, key: str) -> HttpResponse:
    """Choose the kind and period, download the template; upload it filled and see what was saved or the errors."""
    unit = get_unit_in_scope(request.user, key, Access.EDIT)
    period = _period(request, unit)
    context = _context(unit, period, request.GET.get("loai", Kind.OBSERVATIONS.value))
    if request.method != "POST":
        return render(request, "bulk/exchange.html", context)
    upload = request.FILES.get("tep")
    try:
        if upload is None:
            raise BadInput("hãy chọn tệp Excel đã điền", "choose the filled Excel file", field="tep")
        if upload.size > MAX_UPLOAD:
            raise BadInput("tệp lớn hơn 5 MB", "the file is larger than 5 MB", field="tep")
        report = upload_exchange(actor=request.user, unit=unit, content=upload.read(),
                                 keep_valid=request.POST.get("bo_qua_loi") == "1")
    except BadInput as err:
        return render(request, "bulk/exchange.html", {**context, "error": err}, status=422)
    context = _context(unit, report.period, report.kind.value, report=report)
    return render(request, "bulk/exchange.html", context, status=422 if report.rejected else 200)


@login_required
def template(request: HttpRequest, key: str) -> HttpResponse:
    """The template of the chosen kind, pre-filled with what is saved for the period (or its year)."""
    unit = get_unit_in_scope(request.user, key, Access.EDIT)
    try:
        kind = Kind(request.GET.get("loai", Kind.OBSERVATIONS.value))
    except ValueError:
        kind = Kind.OBSERVATIONS
    built = build_template(actor=request.user, unit=unit, kind=kind, period=_period(request, unit))
    response = HttpResponse(built.content, content_type=built.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{built.filename}"'
    return response


urlpatterns: list[URLPattern] = [
    path("don-vi/<str:key>/trao-doi/", exchange, name="bulk"),
    path("don-vi/<str:key>/trao-doi/mau/", template, name="bulk_template"),
]
