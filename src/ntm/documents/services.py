"""Writes of documents: draft from the data, edit the sentences, redraft, issue (then frozen). And exports.

Who writes and issues (separation of duties, as in monitoring/review.py): a document is its
unit's own — the commune official for a commune's, the village board for a village's, the
province office for a province roll-up. Everyone who may see the unit may read and export.
Every write is one transaction, scope-checked, audited, and refused (StaleEdit) on a stale revision.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from ntm.common.audit import audit
from ntm.common.errors import BadInput, Locked, NotAllowed, StaleEdit
from ntm.common.models import Membership, Role
from ntm.common.scope import Access, require_scope
from ntm.geo.models import Level, Unit

from . import rendering
from .build import check_kind, document_period, filename, render_context, render_document
from .models import Document, DocumentState
from .outline import SECTION_LABELS, Draft, draft
from .selectors import document_facts

__all__ = ["create_draft", "edit_document", "export_document", "figure_changes", "issue_document", "may_write",
           "redraft_document", "render_document"]

_OWN_ROLE = {Level.COMMUNE: Role.COMMUNE_OFFICIAL, Level.VILLAGE: Role.VILLAGE_BOARD,
             Level.PROVINCE: Role.PROVINCE_OFFICE}


def may_write(actor: Any, unit: Unit) -> bool:
    """True when `actor` belongs to the unit's own body (the system, actor None, may always)."""
    if actor is None:
        return True
    role = _OWN_ROLE.get(Level(unit.level))
    return role is not None and Membership.objects.filter(user=actor, unit=unit, role=role).exists()


def _require_writer(actor: Any, unit: Unit) -> None:
    require_scope(actor, unit, Access.VIEW)  # outsiders: NotFound, before any other answer
    if not may_write(actor, unit):
        raise NotAllowed("chỉ cơ quan của chính đơn vị mới soạn và ban hành văn bản của đơn vị",
                         "only the unit's own body drafts and issues its documents", field="unit")


def _require_draft(doc: Document, revision: int | None) -> None:
    if doc.is_issued:
        raise Locked("văn bản đã ban hành: không sửa được", "the document is issued and frozen", field="state")
    if revision is not None and revision != doc.revision:
        raise StaleEdit("văn bản đã được người khác sửa sau khi bạn mở; hãy tải lại trang",
                        "the document changed since you opened it; reload", field="revision", current=doc)


def _fill(doc: Document, facts: dict[str, Any]) -> Draft:
    drafted = draft(facts)
    doc.facts, doc.paragraphs, doc.figures = facts, drafted.sections, drafted.figures
    return drafted


@transaction.atomic
def create_draft(*, actor: Any, unit: Unit, kind: str, period_key: str, set_id: str | None = None) -> Document:
    """Draft a new document of `unit` from the data; NotAllowed unless it is the actor's own unit."""
    _require_writer(actor, unit)
    period = document_period(period_key, check_kind(kind))
    doc = Document(unit=unit, kind=kind, period_key=period.key, set_id=set_id or "",
                   created_by=_user(actor), updated_by=_user(actor))
    _fill(doc, document_facts(actor=actor, unit=unit, period=period, kind=kind, set_id=set_id or None))
    doc.save()
    audit(actor, "documents.document.drafted", doc, unit_code=unit.key, after=doc.as_audit())
    return doc


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _locked(doc: Document) -> Document:
    return Document.objects.select_for_update().get(pk=doc.pk)


@transaction.atomic
def edit_document(*, actor: Any, document: Document, texts: dict[str, str], revision: int | None,
                  signer_name: str | None = None, signer_title: str | None = None) -> Document:
    """Keep the official's text of the sections given (one paragraph per line); a text equal to the draft
    drops the edit. Remembers the figures each edited section showed, to say later what changed."""
    _require_writer(actor, document.unit)
    doc = _locked(document)
    _require_draft(doc, revision)
    before = doc.as_audit()
    unknown = sorted(set(texts) - set(doc.paragraphs))
    if unknown:
        raise BadInput(f"mục không có trong văn bản: {', '.join(unknown)}", f"unknown sections: {unknown}",
                       field="texts")
    for key, text in texts.items():
        lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
        if lines == doc.paragraphs[key]:
            doc.edits.pop(key, None)
            doc.edit_figures.pop(key, None)
        elif lines != _edited_lines(doc, key):
            doc.edits[key] = "\n".join(lines)
            doc.edit_figures[key] = doc.figures.get(key, {})
    if signer_name is not None:
        doc.signer_name = signer_name.strip()
    if signer_title is not None:
        doc.signer_title = signer_title.strip().upper()
    return _save(actor, doc, "documents.document.edited", before)


def _edited_lines(doc: Document, key: str) -> list[str] | None:
    return doc.edits[key].split("\n") if key in doc.edits else None


def _save(actor: Any, doc: Document, action: str, before: dict[str, Any]) -> Document:
    doc.revision += 1
    doc.updated_by = _user(actor)
    doc.save()
    audit(actor, action, doc, unit_code=doc.unit.key, before=before, after=doc.as_audit())
    return doc


@transaction.atomic
def redraft_document(*, actor: Any, document: Document, revision: int | None) -> Document:
    """Draft the sections again from the data as it is now; the official's edits are kept."""
    _require_writer(actor, document.unit)
    doc = _locked(document)
    _require_draft(doc, revision)
    before = doc.as_audit()
    period = document_period(doc.period_key, doc.kind)
    _fill(doc, document_facts(actor=actor, unit=doc.unit, period=period, kind=doc.kind, set_id=doc.set_id or None))
    return _save(actor, doc, "documents.document.redrafted", before)


@transaction.atomic
def issue_document(*, actor: Any, document: Document, number: str, issued_on: dt.date, signer_name: str,
                   signer_title: str, revision: int | None) -> Document:
    """Issue the document with its number, date and signer; its content is frozen from then on."""
    _require_writer(actor, document.unit)
    doc = _locked(document)
    _require_draft(doc, revision)
    if not number.strip():
        raise BadInput("cần số văn bản để ban hành", "a number is needed to issue", field="number")
    if not signer_name.strip():
        raise BadInput("cần họ tên người ký", "the signer's name is needed", field="signer_name")
    before = doc.as_audit()
    doc.number, doc.issued_on = number.strip(), issued_on
    doc.signer_name, doc.signer_title = signer_name.strip(), signer_title.strip().upper()
    doc.issued_content = composed(doc)
    doc.state, doc.issued_by = DocumentState.ISSUED, _user(actor)
    return _save(actor, doc, "documents.document.issued", before)


def composed(doc: Document) -> dict[str, Any]:
    """The document as it reads now: the issued content, or the draft with the official's edits."""
    if doc.is_issued and doc.issued_content:
        return doc.issued_content
    drafted = draft(doc.facts)
    drafted.sections = doc.paragraphs or drafted.sections
    return rendering.compose(doc.facts, drafted, doc.edits, number=doc.number, dated=doc.issued_on,
                             signer_name=doc.signer_name, signer_title=doc.signer_title)


def export_document(*, actor: Any, document: Document, fmt: str) -> tuple[str, str, bytes]:
    """(file name, content type, bytes) of the document in `fmt`; anyone who sees the unit may export."""
    require_scope(actor, document.unit, Access.VIEW)
    content = render_context(composed(document), fmt)
    return filename(document.unit, document.period_key, document.kind, fmt), rendering_type(fmt), content


def rendering_type(fmt: str) -> str:
    from .build import FORMATS

    return FORMATS[fmt]


def figure_changes(*, actor: Any, document: Document) -> dict[str, list[tuple[str, str, str]]]:
    """For each edited section: (figure, value when edited, value now) where the data changed since the edit."""
    if document.is_issued or not document.edits:
        return {}
    require_scope(actor, document.unit, Access.VIEW)
    period = document_period(document.period_key, document.kind)
    fresh = draft(document_facts(actor=actor, unit=document.unit, period=period, kind=document.kind,
                                 set_id=document.set_id or None)).figures
    changes: dict[str, list[tuple[str, str, str]]] = {}
    for key in document.edits:
        then, now = document.edit_figures.get(key, {}), fresh.get(key, {})
        rows = [(label, then.get(label, "—"), now.get(label, "—")) for label in sorted(set(then) | set(now))
                if then.get(label) != now.get(label)]
        if rows:
            changes[key] = rows
    return changes


def section_label(key: str) -> str:
    """The Vietnamese name of a section key, for pages and notices."""
    return SECTION_LABELS.get(key, key)
