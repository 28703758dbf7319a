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
from ntm.common.models import JobState
from ntm.common.scope import Access, get_unit_in_scope
from ntm.criteria.catalog import all_sets
from ntm.ingest import review
from ntm.ingest.facts.context import PREFILL_THRESHOLD
from ntm.ingest.jobs import get_upload_job, upload_jobs, upload_or_queue
from ntm.ingest.models import ImportStatus
from ntm.ingest.services import (
    Confirmation,
    UploadOutcome,
    UploadRejected,
    confirm_imports,
    discard_import,
    document_unit_label,
    get_import,
    pending_imports,
    proposed_confirmation,
    suggest_units,
    unit_mismatch,
)
from ntm.ingest.unit_results import UnitConfirmation, confirm_unit_rows, unit_rows
from ntm.monitoring.periods import Period
from ntm.web.locale import in_language


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """Upload one or many files (all kept, or none); list the pending ones; confirm a batch as extracted."""
    refused: UploadRejected | None = None
    if request.method == "POST" and request.FILES:
        try:
            outcome = upload_or_queue(actor=request.user, uploads=request.FILES.getlist("files"),
                                      replace=request.POST.get("thay_the") == "1",
                                      keep_valid=request.POST.get("giu_hop_le") == "1")
        except UploadRejected as err:
            refused = err
        else:
            return _uploaded(request, outcome)
    if request.GET.get("viec", "").isdigit():
        return _upload_job(request, int(request.GET["viec"]))
    pending = []
    for record in pending_imports(request.user):
        proposal = proposed_confirmation(request.user, record)
        pending.append((record, proposal, proposal and unit_mismatch(record.facts, proposal.unit)))
    context = {"pending": pending, "errors": refused.errors if refused else [],
               "duplicates": refused.duplicates if refused else [], "jobs": upload_jobs(request.user)}
    return render(request, "web/imports.html", context, status=422 if refused else 200)


def _uploaded(request: HttpRequest, outcome: UploadOutcome) -> HttpResponse:
    """Say which files were kept and which left out (when the official chose to keep the valid ones)."""
    if outcome.records:
        messages.success(request, _("Đã đọc %(files)s tệp; kiểm tra và xác nhận bên dưới.") % {
            "files": len(outcome.records)})
    for refusal in outcome.refused:
        reason = in_language(refusal.message_vi, refusal.message_en)
        messages.warning(request, _("Đã bỏ tệp lỗi %(reason)s") % {"reason": reason})
    if outcome.job is not None:
        return redirect(f"{reverse('web:imports')}?viec={outcome.job.pk}")
    return redirect("web:imports")


def _upload_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A queued batch: its progress (the page reloads itself), its reason when it failed, the review once read."""
    job = get_upload_job(request.user, pk)
    if job.state == JobState.DONE:
        kept = len(job.params.get("imports") or [])
        messages.success(request, _("Đã đọc %(files)s tệp; kiểm tra và xác nhận bên dưới.") % {"files": kept})
        for failure in job.failures:
            messages.warning(request, _("Đã bỏ tệp lỗi %(reason)s") % {"reason": failure.get("message", "")})
        return redirect("web:imports")
    return render(request, "web/import_job.html", {"job": job})


@login_required
@require_POST
def confirm_batch(request: HttpRequest) -> HttpResponse:
    """Confirm the selected files with the facts as extracted (each needs one clear unit and set)."""
    items = []
    accepted = set(request.POST.getlist("khac_ten"))
    for pk in request.POST.getlist("chon"):
        if not pk.isdigit():
            raise BadInput(f"tệp được chọn không hợp lệ: «{pk}»", f"invalid file choice '{pk}'", field="chon")
        record = get_import(request.user, int(pk))
        proposal = proposed_confirmation(request.user, record)
        if proposal is None:
            raise BadInput(f"«{record.filename}» cần được xem và chọn đơn vị trước khi xác nhận",
                           f"'{record.filename}' needs review (unit or set unclear)", field=record.filename)
        proposal.accept_other_name = pk in accepted
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
        accept_other_name=post.get("khac_ten") == "1",
    )


def _shown_mismatch(request: HttpRequest, record: Any, units: list[Any]) -> Any:
    """The name mismatch for the unit in the form (posted, or the one suggestion), to show before saving."""
    key = request.POST.get("unit", "") if request.method == "POST" else (units[0].key if len(units) == 1 else "")
    if not key:
        return None
    try:
        return unit_mismatch(record.facts, get_unit_in_scope(request.user, key, Access.EDIT))
    except NtmError:
        return None


def _assessment_prefilled(facts: dict[str, Any]) -> bool:
    """Is the first assessment read surely enough to be filled into the form (see PREFILL_THRESHOLD)?"""
    sure = [e.get("confidence", 1.0) for e in facts.get("evidence") or []
            if e.get("path") == "assessments[0].criteria_met"]
    return bool(sure) and min(sure) >= PREFILL_THRESHOLD


def _unit_confirmations(request: HttpRequest, record: Any) -> list[UnitConfirmation]:
    """The rows ticked on the review page, each with its chosen unit and totals (others are dropped)."""
    post, rows = request.POST, []
    for raw in post.getlist("chon_don_vi"):
        index = int(raw) if raw.isdigit() and int(raw) < len(record.facts.get("units") or []) else None
        if index is None:
            raise BadInput(f"dòng «{raw}» không có trong văn bản", f"row '{raw}' is not in the document", field="units")

        def count(name: str, i: int = index) -> int | None:
            text = post.get(f"{name}_{i}", "").strip()
            return int(parse_number(text, field=f"{name}_{i}")) if text else None

        met, total = count("criteria_met"), count("criteria_total")
        if met is None or total is None:
            raise BadInput(f"dòng {index + 1}: cần số tiêu chí đạt và tổng số tiêu chí",
                           f"row {index + 1}: criteria met and total are needed", field=f"criteria_total_{index}")
        unit = get_unit_in_scope(request.user, post.get(f"unit_{index}", ""), Access.RECORD_STATED)
        rows.append(UnitConfirmation(index, unit, met, total, count("indicators_met"), count("indicators_total")))
    return rows


def _set_order(cset: Any) -> tuple[Any, ...]:
    """Sets of today's programme first (QĐ 318/2022 and after), the sets ended before 2022 last."""
    ended_early = cset.valid_to is not None and cset.valid_to.year < 2022
    return (cset.level, ended_early, cset.valid_from, cset.id)


def _document_period(facts: dict[str, Any]) -> str:
    """The period the document speaks of ("2024-Q1"), else the year of its date, else nothing."""
    document = facts.get("document") or {}
    return str(document.get("period") or (document.get("date") or "")[:4])


def _review_context(request: HttpRequest, record: Any) -> dict[str, Any]:
    units = suggest_units(request.user, record.facts)
    return {
        "unit_rows": unit_rows(request.user, record.facts), "prefill": _assessment_prefilled(record.facts),
        "units_period": _document_period(record.facts),
        "record": record, "facts": record.facts, "proposal": proposed_confirmation(request.user, record),
        "segments": review.highlighted(record.text, record.facts.get("evidence") or []),
        "units": units, "mismatch": _shown_mismatch(request, record, units),
        "document_unit": document_unit_label(record.facts.get("unit") or {}),
        "pending": record.status == ImportStatus.PENDING,
        "sets": sorted(all_sets().values(), key=_set_order),
    }


@login_required
def review_import(request: HttpRequest, pk: int) -> HttpResponse:
    """One file's facts beside its text, each fact's sentence highlighted; correct and confirm."""
    record = get_import(request.user, pk)
    if request.method == "POST" and "bo" in request.POST:
        discard_import(actor=request.user, record=record, reason="bỏ trên trang kiểm tra")
        messages.success(request, _("Đã bỏ «%(file)s»; không có gì được lưu.") % {"file": record.filename})
        return redirect("web:imports")
    context = _review_context(request, record)
    if request.method != "POST":
        return render(request, "web/import_review.html", context)
    if "don_vi" in request.POST:
        return _confirm_units(request, record, context)
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


def _confirm_units(request: HttpRequest, record: Any, context: dict[str, Any]) -> HttpResponse:
    """Save the ticked rows of a multi-unit document (one ReportedResult per unit); drop the others."""
    try:
        period = Period.parse(request.POST.get("period", ""))
        saved = confirm_unit_rows(actor=request.user, record=record, period=period,
                                  rows=_unit_confirmations(request, record))
    except NtmError as err:
        return render(request, "web/import_review.html", {**context, "error": err, "posted": request.POST},
                      status=422)
    messages.success(request, _("Đã lưu kết quả của %(units)s đơn vị từ «%(file)s».") % {
        "units": saved, "file": record.filename})
    return redirect("web:imports")
