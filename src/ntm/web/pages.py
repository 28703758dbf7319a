"""Page views: parse the request, call one selector or service, render. No rules here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ntm.common.errors import BadInput
from ntm.common.scope import Access, get_unit_in_scope
from ntm.criteria.catalog import family_of
from ntm.monitoring.periods import Period
from ntm.monitoring.review import available_transitions, review_of
from ntm.monitoring.selectors import (
    evaluate_unit,
)

from . import selectors


def _period(request: HttpRequest, unit: Any) -> Period:
    key = request.GET.get("ky")
    return Period.parse(key) if key else selectors.default_period(unit)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role's desk: its units with their latest headline, what waits for its review, what came back."""
    return render(request, "web/home.html", selectors.home(request.user, request.GET.get("q", "")))


@login_required
def scorecard(request: HttpRequest, key: str) -> HttpResponse:
    """Every criterion as a tile, indicators with value, threshold (and its provenance) and gap, changes,
    evidence, the review and its steps, villages."""
    unit = get_unit_in_scope(request.user, key)
    period = _period(request, unit)
    base = {"unit": unit, "period": period, "periods": selectors.period_choices(period, unit),
            "links": selectors.related_units(unit), "dissolved": selectors.is_dissolved(unit, period),
            "commune": selectors.commune_headline(unit, period)}
    try:
        result = evaluate_unit(actor=request.user, unit=unit, period=period, set_id=request.GET.get("bo"))
    except BadInput as err:  # no set applies to this unit and period: say so, with what is known
        return render(request, "web/no_set.html", {**base, "error": err, "own": selectors.own_observations(
            request.user, unit, period)})
    review = review_of(unit, family_of(result.cset), period)
    context = {
        **base, "result": result, "review": review, "events": review.events.all()[:5] if review.pk else [],
        "transitions": available_transitions(request.user, unit, review),
        "villages": selectors.village_statuses(request.user, unit, period),
        "sets": selectors.set_choices(unit, period), "provenance": selectors.provenance(result.cset),
        "evidence": selectors.evidence_by_code(unit, result), "synthetic": selectors.has_synthetic(
            unit, period, base["links"]["predecessors"]),
        "can_edit": selectors.can(request.user, unit, Access.EDIT) and not base["dissolved"],
    }
    return render(request, "web/scorecard.html", context)


@login_required
def history(request: HttpRequest, key: str) -> HttpResponse:
    """The unit's trajectory period by period — computed and stated — beside each predecessor's."""
    unit = get_unit_in_scope(request.user, key)
    return render(request, "web/history.html", {"unit": unit, "links": selectors.related_units(unit),
                                                "history": selectors.history(request.user, unit)})


@login_required
def compare_sets(request: HttpRequest, key: str) -> HttpResponse:
    """The same unit under the old set (QĐ 318) and the new one (QĐ 51/2025), side by side."""
    unit = get_unit_in_scope(request.user, key)
    period = _period(request, unit)
    columns = selectors.side_by_side(request.user, unit, period)
    return render(request, "web/compare.html", {"unit": unit, "period": period, "columns": columns,
                                                "periods": selectors.period_choices(period)})
