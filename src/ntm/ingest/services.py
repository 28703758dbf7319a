"""The Django side of imports: upload and extract, suggest the unit, confirm and save (all or nothing)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from ntm.common.audit import audit
from ntm.common.errors import BadInput, ImportRejected, NtmError
from ntm.common.scope import Access, require_scope, visible_units
from ntm.common.text import fold
from ntm.criteria.catalog import get_set
from ntm.geo.models import Level, Unit
from ntm.monitoring.models import Observation, Source
from ntm.monitoring.periods import Period
from ntm.monitoring.services import Target, observation_key, record_observation, record_reported_result

from .extract import extract, repaired_text
from .models import ImportRecord, ImportStatus
from .readers import MAX_BYTES, read_file

ALLOWED_SUFFIXES = (".txt", ".docx", ".pdf", ".doc")


def upload_report(*, actor: Any, upload: Any) -> ImportRecord:
    """Read one uploaded report and keep its extracted facts, pending confirmation."""
    name = Path(getattr(upload, "name", "") or "tệp").name
    if not name.lower().endswith(ALLOWED_SUFFIXES) or upload.size > MAX_BYTES:
        raise BadInput(f"«{name}»: chỉ nhận .txt, .docx, .pdf, .doc đến {MAX_BYTES // 2**20} MB",
                       f"'{name}': only .txt, .docx, .pdf, .doc up to {MAX_BYTES // 2**20} MB", field=name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        raw = read_file(path).text
    upload.seek(0)
    record = ImportRecord(filename=name, uploaded_by=actor if getattr(actor, "pk", None) else None,
                          text=repaired_text(raw), facts=extract(raw))
    record.file.save(name, upload, save=False)
    record.save()
    audit(actor, "ingest.import.uploaded", record, after={"filename": name})
    return record


def pending_imports(actor: Any) -> list[ImportRecord]:
    """The actor's own uploads still waiting for confirmation."""
    return list(ImportRecord.objects.filter(uploaded_by=actor, status=ImportStatus.PENDING))


def get_import(actor: Any, pk: int) -> ImportRecord:
    """An upload of the actor's (or any, for an administrator); NotFound otherwise."""
    from ntm.common.errors import NotFound

    found = ImportRecord.objects.filter(pk=pk).first()
    if found is None or not (getattr(actor, "is_superuser", False) or found.uploaded_by_id == actor.pk):
        raise NotFound("không tìm thấy tệp đã tải lên", "upload not found", field="import")
    return found


def suggest_units(actor: Any, facts: dict[str, Any]) -> list[Unit]:
    """Units in the actor's scope whose name matches the report's, both schemes, communes first."""
    name = (facts.get("unit") or {}).get("name") or ""
    if not name:
        return []
    key = fold(name)
    candidates = visible_units(actor, Access.EDIT).filter(level__in=[Level.COMMUNE, Level.VILLAGE],
                                                          search_key__endswith=key)
    found = [u for u in candidates.select_related("parent")[:50] if fold(u.short_name) == key]
    district = fold((facts.get("unit") or {}).get("district") or "")
    if district:
        found.sort(key=lambda u: district not in fold(u.parent.name if u.parent else ""))
    return found


@dataclass
class Confirmation:
    """What the official confirmed for one file (the review form, corrected)."""

    unit: Unit
    set_id: str
    period: Period
    criteria_met: int | None = None
    criteria_total: int | None = None
    indicators_met: int | None = None
    indicators_total: int | None = None
    met: list[int] = field(default_factory=list)
    unmet: list[int] = field(default_factory=list)
    unmet_indicators: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


def _writes(c: Confirmation) -> list[tuple[Target, Any]]:
    writes: list[tuple[Target, Any]] = [(Target(c.set_id, criterion=n), "met") for n in c.met]
    writes += [(Target(c.set_id, criterion=n), "not_met") for n in c.unmet]
    writes += [(Target(c.set_id, indicator=code), {"assessed": "not_met"}) for code in c.unmet_indicators]
    writes += [(Target(c.set_id, indicator=code), raw) for code, raw in c.values.items()]
    return writes


def _save_one(actor: Any, record: ImportRecord, c: Confirmation) -> int:
    require_scope(actor, c.unit, Access.EDIT)
    get_set(c.set_id)
    note = f"Nhập từ tệp «{record.filename}» (lần nhập số {record.pk})"
    errors, count = [], 0
    for target, raw in _writes(c):
        try:
            key = observation_key(c.unit, target, c.period)
            current = Observation.objects.filter(**key).values_list("version", flat=True).first()
            obs = record_observation(actor=actor, unit=c.unit, target=target, period=c.period, raw=raw,
                                     expected_version=current, evidence_note=note, source=Source.IMPORTED)
            obs.evidence_file.name = record.file.name
            obs.save(update_fields=["evidence_file"])
            count += 1
        except NtmError as err:
            errors.append(f"{record.filename}: {err.message_vi}")
    if errors:
        raise ImportRejected("; ".join(errors), "; ".join(errors), errors=errors, field=record.filename)
    if c.criteria_met is not None and c.criteria_total:
        record_reported_result(actor=actor, unit=c.unit, set_id=c.set_id, period=c.period,
                               criteria_met=c.criteria_met, criteria_total=c.criteria_total,
                               indicators_met=c.indicators_met, indicators_total=c.indicators_total,
                               document=record.filename, source=Source.IMPORTED)
    return count


@transaction.atomic
def confirm_imports(*, actor: Any, items: list[tuple[ImportRecord, Confirmation]]) -> int:
    """Save the confirmed facts of one or many files: every value of every file, or nothing."""
    total = 0
    for record, confirmation in items:
        if record.status != ImportStatus.PENDING:
            raise BadInput(f"«{record.filename}» đã được xử lý", f"'{record.filename}' was already handled",
                           field=record.filename)
        total += _save_one(actor, record, confirmation)
        record.status, record.unit = ImportStatus.CONFIRMED, confirmation.unit
        record.set_id, record.period_key = confirmation.set_id, confirmation.period.key
        record.confirmed_by = actor if getattr(actor, "pk", None) else None
        record.confirmed_at = timezone.now()
        record.confirmed_facts = {k: record.facts.get(k) for k in ("funding", "works", "targets", "villages",
                                                                  "signer", "document")}
        record.save()
        audit(actor, "ingest.import.confirmed", record, unit_code=confirmation.unit.key,
              after={"set": confirmation.set_id, "period": confirmation.period.key, "values": total})
    return total


def proposed_confirmation(actor: Any, record: ImportRecord) -> Confirmation | None:
    """The confirmation the extracted facts suggest, when the unit and set are unambiguous."""
    from .review import default_period

    units = suggest_units(actor, record.facts)
    assessments = record.facts.get("assessments") or []
    if len(units) != 1 or not assessments:
        return None
    first = assessments[0]
    period_key = default_period(first.get("as_of"), (record.facts.get("document") or {}).get("period"))
    try:
        period = Period.parse(period_key)
        from ntm.monitoring.selectors import choose_set

        cset = choose_set(units[0], period)
    except NtmError:
        return None
    values = {v["code"]: v["value"] for v in record.facts.get("indicator_values") or []
              if v.get("code") and cset.indicator(v["code"]) is not None}
    return Confirmation(units[0], cset.id, period, first.get("criteria_met"), first.get("criteria_total"),
                        first.get("indicators_met"), first.get("indicators_total"), first.get("met_criteria") or [],
                        first.get("unmet_criteria") or [], first.get("unmet_indicators") or [], values)
