"""Works (công trình): create, change (progress, status, dates), delete, and the files kept with them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from ntm.common.audit import audit
from ntm.common.errors import BadInput
from ntm.geo.models import Level, Unit
from ntm.monitoring.models import Source
from ntm.monitoring.services import check_evidence_file

from ..models import Work, WorkDocument, WorkStatus
from . import fields as f
from .records import delete_checked, fit, require_edit, save_changed, save_created

WORK_FIELDS: dict[str, f.Parser] = {
    "name": f.required_text, "criterion": f.criterion, "year": f.year, "status": f.choice(WorkStatus),
    "progress_pct": f.percent, "start": f.day, "end": f.day, "note": f.text,
}


def village_of(commune: Unit, raw: Any, field: str = "village") -> Unit | None:
    """A village of `commune` given as a Unit, its id or its key; blank is none; any other unit is refused."""
    if raw is None or raw == "":
        return None
    villages = commune.children.filter(level=Level.VILLAGE)
    if isinstance(raw, Unit):
        found = villages.filter(pk=raw.pk).first()
    elif str(raw).isdigit():
        found = villages.filter(pk=int(raw)).first()
    else:
        scheme, _, code = str(raw).rpartition(":")
        found = villages.filter(scheme=scheme, code=code).first()
    if found is None:
        raise f.bad(field, f"«{raw}» không phải là thôn của {commune.name}",
                    f"'{raw}' is not a village of this commune")
    return found


def _check_dates(work: Work) -> None:
    if work.start and work.end and work.end < work.start:
        raise f.bad("end", "ngày kết thúc trước ngày bắt đầu", "the end is before the start")


def _clean(commune: Unit, values: Mapping[str, Any], *, partial: bool) -> dict[str, Any]:
    # a blank status leaves the status as it is (a new work starts as "chuẩn bị đầu tư")
    rest = {k: v for k, v in values.items() if k != "village" and not (k == "status" and f.text(v, k) == "")}
    if not partial:
        rest.setdefault("status", WorkStatus.PLANNED)
    clean = f.parse_fields(rest, WORK_FIELDS, partial=partial)
    if "village" in values or not partial:
        clean["village"] = village_of(commune, values.get("village"))
    return clean


@transaction.atomic
def create_work(*, actor: Any, unit: Unit, values: Mapping[str, Any], source: str = Source.ENTERED,
                import_record: Any = None) -> Work:
    """Add a work of the commune `unit` (name, year required; village, criterion, status, progress, dates)."""
    require_edit(actor, unit)
    if unit.level != Level.COMMUNE:
        raise f.bad("unit", "công trình thuộc một xã (chủ đầu tư)", "a work belongs to a commune")
    work = Work(unit=unit, source=source, import_record=import_record, **_clean(unit, values, partial=False))
    _check_dates(work)
    return save_created(actor, work, unit)


@transaction.atomic
def update_work(*, actor: Any, work: Work, values: Mapping[str, Any], expected_revision: int | None) -> Work:
    """Change some fields of a work (progress, status, dates…); StaleEdit if it changed since it was read."""
    require_edit(actor, work.unit)
    changes = _clean(work.unit, values, partial=True)
    _check_dates(Work(start=changes.get("start", work.start), end=changes.get("end", work.end)))
    return save_changed(actor, work, changes, expected_revision, work.unit)


@transaction.atomic
def delete_work(*, actor: Any, work: Work, expected_revision: int | None) -> None:
    """Remove a work with its funding rows and files; contributions made to it stay, unlinked."""
    require_edit(actor, work.unit)
    delete_checked(actor, work, expected_revision, work.unit)


@transaction.atomic
def add_work_document(*, actor: Any, work: Work, title: str, upload: Any) -> WorkDocument:
    """Keep a file with a work: PDF, image, Word or Excel up to 10 MB (the evidence files' rule)."""
    require_edit(actor, work.unit)
    if upload is None:
        raise f.bad("file", "cần chọn một tệp", "a file is required")
    try:
        check_evidence_file(upload)
    except BadInput as err:
        raise BadInput(err.message_vi, err.message_en, field="file") from None
    document = WorkDocument(work=work, title=f.text(title, "title") or upload.name, file=upload)
    fit(document)
    document.save()
    audit(actor, "finance.workdocument.created", document, unit_code=work.unit.key,
          after={"work": work.pk, "title": document.title, "file": document.file.name})
    return document


@transaction.atomic
def delete_work_document(*, actor: Any, document: WorkDocument) -> None:
    """Remove a file kept with a work."""
    require_edit(actor, document.work.unit)
    audit(actor, "finance.workdocument.deleted", document, unit_code=document.work.unit.key,
          before={"work": document.work_id, "title": document.title, "file": document.file.name})
    document.file.delete(save=False)
    document.delete()
