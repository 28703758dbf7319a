"""Pages: recognition dossiers (a unit's dossiers, one dossier with its steps, files and ZIP) and the
register of recognitions. Every write goes through ntm.recognition.services, which checks scope and duty."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from ntm.common.errors import BadInput
from ntm.common.scope import get_unit_in_scope
from ntm.common.tabular import table_response
from ntm.criteria.catalog import all_sets
from ntm.monitoring.periods import Period
from ntm.recognition import export, selectors
from ntm.recognition.kinds import all_kinds, get_kind, kinds_for_level, share_note, source_text
from ntm.recognition.models import Kind
from ntm.recognition.services import FindingIn, register_dossier, take_step, upload_document
from ntm.recognition.transitions import (
    MOVES,
    Transition,
    may_prepare,
    may_register,
    parse_transition,
    steps_now,
)
from ntm.web.locale import in_language


def _date(raw: str, field: str) -> dt.date | None:
    """A date typed as 21/12/2023 or 2023-12-21 (the browser's date input); None when left empty."""
    if not raw.strip():
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            continue
    raise BadInput(f"ngày «{raw}» không hợp lệ (ví dụ 21/12/2023)", f"invalid date '{raw}'", field=field)


def _int(raw: str, field: str) -> int:
    """A whole number as typed ("1.250" too); BadInput naming the field otherwise."""
    try:
        return int(raw.strip().replace(".", ""))
    except ValueError:
        raise BadInput(f"«{raw}» không phải số nguyên", f"'{raw}' is not a whole number", field=field) from None


def _findings(data: QueryDict) -> list[FindingIn]:
    numbers = sorted({int(k[4:]) for k in data if k.startswith("met_") and k[4:].isdigit()})
    return [FindingIn(n, data.get(f"met_{n}") == "1", data.get(f"comment_{n}", "")) for n in numbers]


_FIELDS = {
    Transition.ASSESS: lambda d: {"period_key": d.get("period_key") or None},
    Transition.CONSULT: lambda d: {"votes_for": _int(d.get("votes_for", ""), "votes_for"),
                                   "votes_total": _int(d.get("votes_total", ""), "votes_total"),
                                   "note": d.get("note", "")},
    Transition.SUBMIT: lambda d: {},
    Transition.SEND_BACK: lambda d: {"reason": d.get("reason", "")},
    Transition.APPRAISE: lambda d: {"findings": _findings(d), "note": d.get("note", "")},
    Transition.DECIDE: lambda d: {"number": d.get("number", ""), "signed_on": _date(d.get("signed_on", ""),
                                  "signed_on"), "signer": d.get("signer", "")},
    Transition.REFUSE: lambda d: {"reason": d.get("reason", "")},
    Transition.ANNOUNCE: lambda d: {"announced_on": _date(d.get("announced_on", ""), "announced_on"),
                                    "note": d.get("note", "")},
    Transition.REVOKE: lambda d: {"reason": d.get("reason", ""), "revoked_on": _date(d.get("revoked_on", ""),
                                  "revoked_on"), "decision_number": d.get("decision_number", "")},
}


@login_required
def unit_dossiers(request: HttpRequest, key: str) -> HttpResponse:
    """GET: the unit's dossiers. POST: register a new dossier for a kind and target year."""
    unit = get_unit_in_scope(request.user, key)
    if request.method == "POST":
        dossier = register_dossier(actor=request.user, unit=unit, kind=request.POST.get("kind", ""),
                                   target_year=_int(request.POST.get("target_year", ""), "target_year"))
        messages.success(request, _("Đã đăng ký hồ sơ %(kind)s năm %(year)s.") % {
            "kind": get_kind(dossier.kind).label, "year": dossier.target_year})
        return redirect("web:dossier", pk=dossier.pk)
    return render(request, "recognition/unit_dossiers.html", {
        "unit": unit, "dossiers": selectors.dossiers_of_unit(actor=request.user, unit=unit),
        "kinds": kinds_for_level(unit.level) if may_register(request.user, unit) else [],
        "this_year": dt.date.today().year})


def _dossier_context(request: HttpRequest, dossier: Any) -> dict[str, Any]:
    kind = get_kind(dossier.kind)
    snap = dossier.self_assessment or {}
    return {"dossier": dossier, "unit": dossier.unit, "kind": kind, "sources": [source_text(s) for s in kind.sources],
            "checklist": selectors.checklist_of(dossier), "snapshot": snap,
            "share_pct": dossier.share_in_favour * 100 if dossier.share_in_favour is not None else None,
            "required_pct": float(kind.required_share) * 100 if kind.required_share is not None else None,
            "share_note": share_note(), "findings": list(dossier.findings.all()),
            "decision": getattr(dossier, "decision", None), "events": list(dossier.events.all()),
            "steps": steps_now(request.user, dossier),
            "step_labels": {t.value: m.label_vi for t, m in MOVES.items()},
            "may_prepare": may_prepare(request.user, dossier), "today": dt.date.today()}


@login_required
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the dossier (state, checklist, self-assessment, consultation, findings, decision, the user's steps).
    POST: upload a file (action=upload) or take one step (transition=…)."""
    found = selectors.get_dossier(actor=request.user, pk=pk)
    if request.method == "POST":
        if request.POST.get("action") == "upload":
            upload = request.FILES.get("file")
            if upload is None:
                raise BadInput("chưa chọn tệp", "no file chosen", field="file")
            upload_document(actor=request.user, dossier=found, item=request.POST.get("item", ""), upload=upload)
            messages.success(request, _("Đã tải lên «%(name)s».") % {"name": upload.name})
        else:
            step = parse_transition(request.POST.get("transition", ""))
            take_step(actor=request.user, dossier=found, transition=step,
                      expected_revision=_int(request.POST["revision"], "revision") if request.POST.get("revision")
                      else None,
                      **_FIELDS[step](request.POST))
            move = MOVES[step]
            messages.success(request, _("Đã %(step)s.") % {"step": in_language(move.label_vi, move.label_en)})
        return redirect("web:dossier", pk=found.pk)
    return render(request, "recognition/dossier.html", _dossier_context(request, found))


@login_required
def dossier_file(request: HttpRequest, pk: int) -> FileResponse:
    """An uploaded document, served only to those who may see its unit (never from a public media URL)."""
    found = selectors.get_dossier_file(actor=request.user, pk=pk)
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.original_name)


@login_required
def dossier_zip(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole dossier as one ZIP with its index DOCX."""
    name, content = export.dossier_zip(selectors.get_dossier(actor=request.user, pk=pk))
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _year(raw: str | None) -> int | None:
    return _int(raw, "nam") if raw else None


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """The register of recognitions, filtered by year, set and kind; CSV/XLSX with ?dinh_dang=; and the
    recognised units whose evaluation for ?ky= no longer meets their set (cần xem xét thu hồi)."""
    year, set_id, kind = _year(request.GET.get("nam")), request.GET.get("bo") or None, request.GET.get("loai") or None
    decisions = list(selectors.recognition_register(actor=request.user, year=year, set_id=set_id, kind=kind))
    rows = selectors.register_rows(decisions)
    fmt = request.GET.get("dinh_dang")
    if fmt in ("csv", "xlsx"):
        return table_response(selectors.REGISTER_HEADER, rows, filename=f"so-cong-nhan-{year or 'tat-ca'}",
                              fmt=fmt, sheet_title="Sổ công nhận")
    period = Period.parse(request.GET["ky"]) if request.GET.get("ky") else None
    candidates = selectors.revocation_candidates(actor=request.user, period=period) if period else None
    return render(request, "recognition/register.html", {
        "rows": list(zip(decisions, rows, strict=True)), "years": selectors.register_years(request.user),
        "year": year, "set_id": set_id, "kind": kind, "kinds": Kind.choices, "kind_labels": all_kinds(),
        "sets": sorted((s for s in all_sets().values() if s.level in ("village", "commune")), key=lambda s: s.id),
        "period": period, "candidates": candidates, "query": request.GET.urlencode()})


urlpatterns = [
    path("don-vi/<str:key>/ho-so/", unit_dossiers, name="dossiers"),
    path("ho-so/<int:pk>/", dossier, name="dossier"),
    path("ho-so/<int:pk>/tep/", dossier_zip, name="dossier_zip"),
    path("ho-so/tep/<int:pk>/", dossier_file, name="dossier_file"),
    path("so-cong-nhan/", register, name="recognition_register"),
]
