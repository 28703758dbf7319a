"""Review pages: the work list, one period's review (GET shows it, POST takes a step), evidence files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from ntm.common.errors import NotFound
from ntm.common.scope import get_unit_in_scope
from ntm.criteria.catalog import family_of
from ntm.monitoring.data import snapshot_changes
from ntm.monitoring.periods import Period
from ntm.monitoring.review import MOVES, available_transitions, move_review, parse_transition, review_of
from ntm.monitoring.selectors import choose_set, evaluate_unit, evidence_file_of
from ntm.monitoring.worklist import returned_to, reviews_waiting

from . import selectors
from .locale import in_language


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    """What waits for the user's review, oldest first, and what was sent back to the user's units."""
    return render(request, "web/worklist.html", {"items": reviews_waiting(request.user),
                                                 "returned": returned_to(request.user)})


@login_required
def review(request: HttpRequest, key: str, period_key: str) -> HttpResponse:
    """GET: the period's review — state, history, changes since the last approval, evidence, the steps
    the user may take. POST: take one step (submit, approve, send back with a reason, reopen with a reason)."""
    unit = get_unit_in_scope(request.user, key)
    period = Period.parse(period_key)
    cset = choose_set(unit, period, request.POST.get("bo") or request.GET.get("bo"))
    family = family_of(cset)
    if request.method == "POST":
        transition = parse_transition(request.POST.get("transition", ""))
        move_review(actor=request.user, unit=unit, family=family, period=period, transition=transition,
                    reason=request.POST.get("reason", ""), set_id=cset.id)
        move = MOVES[transition]
        messages.success(request, _("Đã %(step)s: %(unit)s, %(period)s.") % {
            "step": in_language(move.label_vi, move.label_en), "unit": unit.name, "period": period.label_vi})
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = f"{reverse('web:scorecard', args=[unit.key])}?ky={period.key}&bo={cset.id}"
        return redirect(back)
    current = review_of(unit, family, period)
    result = evaluate_unit(actor=request.user, unit=unit, period=period, set_id=cset.id, with_previous=False)
    context = {"unit": unit, "period": period, "cset": cset, "review": current, "result": result,
               "events": current.events.all() if current.pk else [],
               "transitions": available_transitions(request.user, unit, current),
               "changes": snapshot_changes(current.approved_snapshot, current.snapshot) if current.pk else [],
               "evidence": selectors.evidence_by_code(unit, result)}
    return render(request, "web/review.html", context)


@login_required
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, served only to those who may see its unit (never from a public media URL)."""
    found = evidence_file_of(actor=request.user, observation_id=pk)
    if found is None:
        raise NotFound("không tìm thấy tệp minh chứng", "evidence file not found", field="evidence")
    return FileResponse(found.evidence_file.open("rb"), as_attachment=False,
                        filename=found.evidence_file.name.rsplit("/", 1)[-1])
