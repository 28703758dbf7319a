"""The data-entry page of a unit's period: one form per criterion, stale forms get a conflict page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ntm.common.errors import BadInput, Locked, StaleEdit
from ntm.common.scope import Access, get_unit_in_scope
from ntm.criteria.catalog import family_of
from ntm.monitoring.periods import Period
from ntm.monitoring.review import review_of
from ntm.monitoring.selectors import choose_set, current_observations, observation_history
from ntm.monitoring.services import record_observations

from .forms import criterion_entries


def _entry_context(request: HttpRequest, unit: Any, period: Period, set_id: str | None) -> dict[str, Any]:
    cset = choose_set(unit, period, set_id)
    family = family_of(cset)
    return {
        "unit": unit, "period": period, "cset": cset,
        "current": current_observations(actor=request.user, unit=unit, family=family, period=period),
        "history": observation_history(actor=request.user, unit=unit, family=family, period=period),
        "review": review_of(unit, family, period),
    }


@login_required
def entry(request: HttpRequest, key: str, period_key: str) -> HttpResponse:
    """One form per criterion; saving updates the scorecard at once; stale forms get a conflict page."""
    unit = get_unit_in_scope(request.user, key, Access.EDIT)
    period = Period.parse(period_key)
    context = _entry_context(request, unit, period, request.GET.get("bo") or request.POST.get("bo"))
    if request.method != "POST":
        return render(request, "web/entry.html", context)
    cset = context["cset"]
    criterion = next((c for c in cset.criteria if str(c.number) == request.POST.get("criterion")), None)
    if criterion is None:
        raise BadInput("tiêu chí không hợp lệ", "invalid criterion", field="criterion")
    try:
        saved = record_observations(
            actor=request.user, unit=unit, period=period, entries=criterion_entries(cset.id, criterion, request.POST),
            evidence_note=request.POST.get("evidence_note", "").strip(),
            evidence_file=request.FILES.get("evidence_file"))
    except StaleEdit as err:
        return render(request, "web/conflict.html", {**context, "criterion": criterion, "error": err,
                                                      "posted": request.POST}, status=409)
    except (BadInput, Locked) as err:
        context.update(error=err, error_criterion=criterion.number, posted=request.POST)
        return render(request, "web/entry.html", context, status=422)
    messages.success(request, _("Đã lưu %(values)s giá trị của tiêu chí %(number)s.") % {
        "values": len(saved), "number": criterion.number})
    url = reverse("web:scorecard", args=[unit.key])
    return redirect(f"{url}?ky={period.key}&bo={cset.id}#tieu-chi-{criterion.number}")
