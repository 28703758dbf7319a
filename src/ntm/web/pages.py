"""Page views: parse the request, call one selector or service, render. No rules here."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.common.errors import BadInput
from ntm.common.scope import Access, get_unit_in_scope
from ntm.criteria.catalog import family_of
from ntm.monitoring.periods import Period
from ntm.monitoring.review import move_review, review_of
from ntm.monitoring.selectors import (
    choose_set,
    evaluate_unit,
)

from . import selectors


def _period(request: HttpRequest, unit: Any) -> Period:
    key = request.GET.get("ky")
    return Period.parse(key) if key else selectors.default_period(unit)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The units the user works on: one goes straight to its page."""
    units = selectors.home_units(request.user)
    if len(units) == 1:
        return redirect(selectors.unit_url(units[0]))
    return render(request, "web/home.html", {"units": units})


@login_required
def scorecard(request: HttpRequest, key: str) -> HttpResponse:
    """Every criterion as a tile, indicators with value, threshold and gap, changes, villages."""
    unit = get_unit_in_scope(request.user, key)
    period = _period(request, unit)
    try:
        result = evaluate_unit(actor=request.user, unit=unit, period=period, set_id=request.GET.get("bo"))
    except BadInput as err:  # no set applies to this unit and period: say so on the unit's page
        return render(request, "web/no_set.html", {"unit": unit, "period": period, "error": err,
                                                   "periods": selectors.period_choices(period),
                                                   "links": selectors.related_units(unit)})
    context = {
        "unit": unit, "period": period, "result": result, "review": review_of(unit, family_of(result.cset), period),
        "villages": selectors.village_statuses(request.user, unit, period),
        "periods": selectors.period_choices(period), "sets": selectors.set_choices(unit, period),
        "links": selectors.related_units(unit), "can_edit": selectors.can(request.user, unit, Access.EDIT),
        "can_review": selectors.can_review(request.user, unit),
    }
    return render(request, "web/scorecard.html", context)


@login_required
@require_POST
def review(request: HttpRequest, key: str, period_key: str) -> HttpResponse:
    """Submit, approve, send back or reopen a unit's period."""
    unit = get_unit_in_scope(request.user, key)
    period = Period.parse(period_key)
    cset = choose_set(unit, period, request.POST.get("bo"))
    move_review(actor=request.user, unit=unit, family=family_of(cset), period=period,
                to=request.POST.get("to", ""), note=request.POST.get("note", ""))
    messages.success(request, _("Đã cập nhật trạng thái duyệt."))
    return redirect(f"{reverse('web:scorecard', args=[unit.key])}?ky={period.key}&bo={cset.id}")


@login_required
def compare_sets(request: HttpRequest, key: str) -> HttpResponse:
    """The same unit under the old set (QĐ 318) and the new one (QĐ 51/2025), side by side."""
    unit = get_unit_in_scope(request.user, key)
    period = _period(request, unit)
    columns = selectors.side_by_side(request.user, unit, period)
    return render(request, "web/compare.html", {"unit": unit, "period": period, "columns": columns,
                                                "periods": selectors.period_choices(period)})
