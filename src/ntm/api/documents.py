"""API: documents; scope and who may write are checked again in the services."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from ntm.api.errors import with_errors
from ntm.common.scope import get_unit_in_scope
from ntm.documents import services
from ntm.documents.selectors import documents_of, get_document

router = Router(tags=["documents"])


class DocumentOut(Schema):
    id: int
    unit: str
    kind: str
    period_key: str
    set_id: str
    state: str
    number: str
    issued_on: dt.date | None
    signer_name: str
    signer_title: str
    paragraphs: dict[str, list[str]]
    edits: dict[str, str]
    revision: int


class DraftIn(Schema):
    kind: str
    period_key: str
    set_id: str | None = None


class EditIn(Schema):
    texts: dict[str, str] = {}
    signer_name: str | None = None
    signer_title: str | None = None
    revision: int | None = None


class IssueIn(Schema):
    number: str
    issued_on: dt.date
    signer_name: str
    signer_title: str = ""
    revision: int | None = None


def _out(doc) -> DocumentOut:
    return DocumentOut(id=doc.pk, unit=doc.unit.key, kind=doc.kind, period_key=doc.period_key, set_id=doc.set_id,
                       state=doc.state, number=doc.number, issued_on=doc.issued_on, signer_name=doc.signer_name,
                       signer_title=doc.signer_title, paragraphs=doc.paragraphs, edits=doc.edits,
                       revision=doc.revision)


@router.get("/units/{unit_key}/documents", response=with_errors(list[DocumentOut]))
def list_documents(request: HttpRequest, unit_key: str):
    unit = get_unit_in_scope(request.user, unit_key)
    return [_out(d) for d in documents_of(actor=request.user, unit=unit)]


@router.post("/units/{unit_key}/documents", response=with_errors({201: DocumentOut}))
def create_document(request: HttpRequest, unit_key: str, body: DraftIn):
    unit = get_unit_in_scope(request.user, unit_key)
    return 201, _out(services.create_draft(actor=request.user, unit=unit, kind=body.kind,
                                           period_key=body.period_key, set_id=body.set_id))


@router.get("/documents/{pk}", response=with_errors(DocumentOut))
def read_document(request: HttpRequest, pk: int):
    return _out(get_document(actor=request.user, pk=pk))


class FigureChangeOut(Schema):
    section: str
    section_label: str
    figure: str
    when_edited: str
    now: str


@router.get("/documents/{pk}/changes", response=with_errors(list[FigureChangeOut]))
def figure_changes(request: HttpRequest, pk: int):
    """The figures an edited section showed that the data no longer give (empty once issued)."""
    doc = get_document(actor=request.user, pk=pk)
    return [FigureChangeOut(section=key, section_label=services.section_label(key), figure=label, when_edited=then,
                            now=now)
            for key, rows in services.figure_changes(actor=request.user, document=doc).items()
            for label, then, now in rows]


@router.patch("/documents/{pk}", response=with_errors(DocumentOut))
def edit_document(request: HttpRequest, pk: int, body: EditIn):
    doc = get_document(actor=request.user, pk=pk)
    return _out(services.edit_document(actor=request.user, document=doc, texts=body.texts, revision=body.revision,
                                       signer_name=body.signer_name, signer_title=body.signer_title))


@router.post("/documents/{pk}/issue", response=with_errors(DocumentOut))
def issue_document(request: HttpRequest, pk: int, body: IssueIn):
    doc = get_document(actor=request.user, pk=pk)
    return _out(services.issue_document(actor=request.user, document=doc, number=body.number,
                                        issued_on=body.issued_on, signer_name=body.signer_name,
                                        signer_title=body.signer_title, revision=body.revision))


@router.get("/documents/{pk}/file/{fmt}", response=with_errors({200: None}))
def download_document(request: HttpRequest, pk: int, fmt: str):
    doc = get_document(actor=request.user, pk=pk)
    name, content_type, content = services.export_document(actor=request.user, document=doc, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
