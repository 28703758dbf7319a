"""The province heat-map page: communes × criteria, filters, summary, pages, CSV/XLSX export."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ntm.common.scope import get_unit_in_scope
from ntm.monitoring.synthetic import synthetic_unit_ids

from . import heatmap, selectors


@login_required
def province(request: HttpRequest, key: str) -> HttpResponse:
    """Heat-map of communes × criteria; `xuat=csv|xlsx` downloads every filtered row instead of a page."""
    unit = get_unit_in_scope(request.user, key)
    heat = heatmap.heat_map(request.user, unit, request.GET)
    export = request.GET.get("xuat")
    if export in ("csv", "xlsx"):
        filename = f"ntm-{unit.code}-{heat.period.key}-{heat.cset.id}-{dt.date.today()}"
        return heatmap.export_heat_map(heat, export, filename=filename)
    page = heat.page(request.GET.get("trang"))
    synthetic = synthetic_unit_ids([row.unit.pk for row in page], heat.period.end)
    return render(request, "web/province.html", {
        "unit": unit, "period": heat.period, "heat": heat, "page": page, "synthetic": synthetic,
        "page_links": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "periods": selectors.period_choices(heat.period, unit)})
