"""Document pages: a unit's documents (and a new draft), one document (edit, redraft, export, issue)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from ntm.common.errors import BadInput
from ntm.common.scope import get_unit_in_scope
from ntm.documents import services
from ntm.documents.outline import SECTION_LABELS
from ntm.documents.selectors import documents_of, get_document


@login_required
def unit_documents(request: HttpRequest, key: str) -> HttpResponse:
    """GET: the unit's documents. POST: draft a new one for a kind and period."""
    unit = get_unit_in_scope(request.user, key)
    if request.method == "POST":
        doc = services.create_draft(actor=request.user, unit=unit, kind=request.POST.get("kind", ""),
                                    period_key=request.POST.get("period", ""), set_id=request.POST.get("set") or None)
        messages.success(request, _("Đã soạn dự thảo từ số liệu."))
        return redirect("web:document", pk=doc.pk)
    return render(request, "documents/list.html", {"unit": unit, "documents": documents_of(actor=request.user,
                  unit=unit), "may_write": services.may_write(request.user, unit)})


def _revision(request: HttpRequest) -> int | None:
    raw = request.POST.get("revision", "")
    return int(raw) if raw.isdigit() else None


def _issued_on(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as err:
        raise BadInput("ngày ban hành không hợp lệ", "invalid issue date", field="issued_on") from err


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the drafted sections to edit and what changed since the edits. POST: save, redraft or issue."""
    doc = get_document(actor=request.user, pk=pk)
    if request.method == "POST":
        action, revision = request.POST.get("action", "save"), _revision(request)
        if action == "redraft":
            services.redraft_document(actor=request.user, document=doc, revision=revision)
        elif action == "issue":
            services.issue_document(actor=request.user, document=doc, number=request.POST.get("number", ""),
                                    issued_on=_issued_on(request.POST.get("issued_on", "")),
                                    signer_name=request.POST.get("signer_name", ""),
                                    signer_title=request.POST.get("signer_title", ""), revision=revision)
        else:
            texts = {key: request.POST[f"section-{key}"] for key in doc.paragraphs if f"section-{key}" in request.POST}
            services.edit_document(actor=request.user, document=doc, texts=texts, revision=revision,
                                   signer_name=request.POST.get("signer_name"),
                                   signer_title=request.POST.get("signer_title"))
        messages.success(request, _("Đã lưu."))
        return redirect("web:document", pk=doc.pk)
    sections = [{"key": key, "label": SECTION_LABELS.get(key, key), "edited": key in doc.edits,
                 "text": doc.edits.get(key) or "\n".join(lines)} for key, lines in doc.paragraphs.items()]
    return render(request, "documents/document.html", {
        "doc": doc, "unit": doc.unit, "sections": sections, "may_write": services.may_write(request.user, doc.unit),
        "changes": [(SECTION_LABELS.get(k, k), rows) for k, rows in
                    services.figure_changes(actor=request.user, document=doc).items()]})


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The document as DOCX, XLSX (biểu) or PDF: the issued content once issued."""
    doc = get_document(actor=request.user, pk=pk)
    name, content_type, content = services.export_document(actor=request.user, document=doc, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


urlpatterns: list[URLPattern] = [
    path("don-vi/<str:key>/van-ban/", unit_documents, name="unit_documents"),
    path("van-ban/<int:pk>/", document, name="document"),
    path("van-ban/<int:pk>/tai/<str:fmt>/", download, name="document_download"),
]
