"""The province heat-map page: communes × criteria, filters, counts, CSV/XLSX export."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ntm.common.scope import get_unit_in_scope

from . import heatmap, selectors
from .pages import _period


@login_required
def province(request: HttpRequest, key: str) -> HttpResponse:
    """Heat-map of communes × criteria with filters, counts and CSV/XLSX export."""
    unit = get_unit_in_scope(request.user, key)
    period = _period(request, unit)
    heat = heatmap.heat_map(request.user, unit, period, request.GET)
    export = request.GET.get("xuat")
    if export in ("csv", "xlsx"):
        return heatmap.export_heat_map(heat, export, filename=f"ntm-{unit.code}-{period.key}-{dt.date.today()}")
    return render(request, "web/province.html", {"unit": unit, "period": period, "heat": heat,
                                                 "periods": selectors.period_choices(period)})
