"""Import pages: upload legacy reports, review each beside its source text, confirm one or many."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ntm.common.errors import BadInput, ImportRejected, NtmError
from ntm.common.formats import parse_number
from ntm.common.scope import Access, get_unit_in_scope
from ntm.criteria.catalog import all_sets
from ntm.ingest import review
from ntm.ingest.services import (
    Confirmation,
    confirm_imports,
    get_import,
    pending_imports,
    proposed_confirmation,
    suggest_units,
    upload_report,
)
from ntm.monitoring.periods import Period


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Upload one or many files; list the pending ones; confirm a batch as extracted."""
    errors: list[str] = []
    if request.method == "POST" and request.FILES:
        for item in request.FILES.getlist("files"):
            try:
                upload_report(actor=request.user, upload=item)
            except NtmError as err:
                errors.append(f"{item.name}: {err.message_vi}")
        if not errors:
            return redirect("web:imports")
    pending = [(record, proposed_confirmation(request.user, record)) for record in pending_imports(request.user)]
    return render(request, "web/imports.html", {"pending": pending, "errors": errors},
                  status=422 if errors else 200)


@login_required
@require_POST
def confirm_batch(request: HttpRequest) -> HttpResponse:
    """Confirm the selected files with the facts as extracted (each needs one clear unit and set)."""
    items = []
    for pk in request.POST.getlist("chon"):
        record = get_import(request.user, int(pk))
        proposal = proposed_confirmation(request.user, record)
        if proposal is None:
            raise BadInput(f"«{record.filename}» cần được xem và chọn đơn vị trước khi xác nhận",
                           f"'{record.filename}' needs review (unit or set unclear)", field=record.filename)
        items.append((record, proposal))
    saved = confirm_imports(actor=request.user, items=items)
    messages.success(request, _("Đã xác nhận %(files)s tệp, lưu %(values)s giá trị.") % {
        "files": len(items), "values": saved})
    return redirect("web:imports")


def _form_confirmation(request: HttpRequest) -> Confirmation:
    post = request.POST
    unit = get_unit_in_scope(request.user, post.get("unit", ""), Access.EDIT)

    def count(name: str) -> int | None:
        text = post.get(name, "").strip()
        return int(parse_number(text, field=name)) if text else None

    return Confirmation(
        unit=unit, set_id=post.get("set", ""), period=Period.parse(post.get("period", "")),
        criteria_met=count("criteria_met"), criteria_total=count("criteria_total"),
        indicators_met=count("indicators_met"), indicators_total=count("indicators_total"),
        met=review.numbers(post.get("met", ""), "met"), unmet=review.numbers(post.get("unmet", ""), "unmet"),
        unmet_indicators=review.codes(post.get("unmet_indicators", "")),
        values=review.value_lines(post.get("values", ""), "values"),
    )


def _review_context(request: HttpRequest, record: Any) -> dict[str, Any]:
    return {
        "record": record, "facts": record.facts, "proposal": proposed_confirmation(request.user, record),
        "segments": review.highlighted(record.text, record.facts.get("evidence") or []),
        "units": suggest_units(request.user, record.facts),
        "sets": sorted(all_sets().values(), key=lambda s: (s.level, s.valid_from, s.id)),
    }


@login_required
def review_import(request: HttpRequest, pk: int) -> HttpResponse:
    """One file's facts beside its text, each fact's sentence highlighted; correct and confirm."""
    record = get_import(request.user, pk)
    context = _review_context(request, record)
    if request.method != "POST":
        return render(request, "web/import_review.html", context)
    try:
        confirmation = _form_confirmation(request)
        saved = confirm_imports(actor=request.user, items=[(record, confirmation)])
    except (BadInput, ImportRejected) as err:
        return render(request, "web/import_review.html", {**context, "error": err, "posted": request.POST},
                      status=422)
    messages.success(request, _("Đã lưu %(values)s giá trị từ «%(file)s».") % {"values": saved,
                                                                              "file": record.filename})
    url = reverse("web:scorecard", args=[confirmation.unit.key])
    return redirect(f"{url}?ky={confirmation.period.key}&bo={confirmation.set_id}")
