"""The data-entry page of a unit's period: one form, one save for every criterion, all or nothing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ntm.common.errors import BadInput, Locked, StaleEdit
from ntm.common.scope import Access, get_unit_in_scope
from ntm.criteria.catalog import family_of
from ntm.criteria.model import Criterion
from ntm.monitoring.periods import Period
from ntm.monitoring.review import require_writable, review_of
from ntm.monitoring.selectors import choose_set, current_observations, observation_history
from ntm.monitoring.services import record_observations

from .forms import criterion_entries, criterion_evidence


def _entry_context(request: HttpRequest, unit: Any, period: Period, set_id: str | None) -> dict[str, Any]:
    cset = choose_set(unit, period, set_id)
    family = family_of(cset)
    review = review_of(unit, family, period)
    current = current_observations(actor=request.user, unit=unit, family=family, period=period)
    try:  # the same rule the save applies: a submitted/approved period covering this one locks it
        require_writable(unit, family, period)
        lock = None
    except Locked as err:
        lock = err
    return {
        "unit": unit, "period": period, "cset": cset, "review": review, "lock": lock,
        "read_only": review.state != "draft" or lock is not None,
        "current": current,
        "filled": {c.number: sum(ind.code in current for ind in c.indicators) for c in cset.criteria},
        "history": observation_history(actor=request.user, unit=unit, family=family, period=period),
        # Named even when empty: a name the template cannot find costs an exception on each of ~300 lookups.
        "posted": {}, "error": None, "error_criterion": None, "error_field": None,
    }


def _save_criterion(request: HttpRequest, unit: Any, period: Period, set_id: str, criterion: Criterion) -> int:
    """Save what the page filled in for one criterion; the number of values saved."""
    entries = criterion_entries(set_id, criterion, request.POST)
    note, upload = criterion_evidence(criterion, request.POST, request.FILES)
    if not entries:
        if upload is not None:
            raise BadInput("tệp minh chứng cần đi kèm ít nhất một giá trị của tiêu chí này",
                           "an evidence file needs at least one value of this criterion",
                           field=f"evidence_file_{criterion.number}")
        return 0
    return len(record_observations(actor=request.user, unit=unit, period=period, entries=entries,
                                   evidence_note=note, evidence_file=upload))


def _field_at_fault(err: BadInput, criterion: Criterion | None) -> str | None:
    """The input the page marks: an indicator's code or `c_<number>`; None when the error is the criterion's."""
    if criterion is None:
        return None
    fields = {ind.code for ind in criterion.indicators} | {f"c_{criterion.number}"}
    return err.field if err.field in fields else None


@login_required
def entry(request: HttpRequest, key: str, period_key: str) -> HttpResponse:
    """Every criterion in one form; one save writes all filled values or none; stale values get a conflict page."""
    unit = get_unit_in_scope(request.user, key, Access.EDIT)
    period = Period.parse(period_key)
    context = _entry_context(request, unit, period, request.GET.get("bo") or request.POST.get("bo"))
    if request.method != "POST":
        return render(request, "web/entry.html", context)
    cset, saved, criterion = context["cset"], 0, None
    try:
        with transaction.atomic():
            for criterion in cset.criteria:
                saved += _save_criterion(request, unit, period, cset.id, criterion)
    except StaleEdit as err:
        return render(request, "web/conflict.html", {**context, "criterion": criterion, "error": err,
                                                      "posted": request.POST}, status=409)
    except Locked as err:
        context.update(error=err, posted=request.POST, read_only=True)
        return render(request, "web/entry.html", context, status=422)
    except BadInput as err:
        context.update(error=err, error_criterion=criterion.number if criterion else None, posted=request.POST,
                       error_field=_field_at_fault(err, criterion))
        return render(request, "web/entry.html", context, status=422)
    messages.success(request, _("Đã lưu %(values)s giá trị.") % {"values": saved})
    url = reverse("web:scorecard", args=[unit.key])
    return redirect(f"{url}?ky={period.key}&bo={cset.id}")
