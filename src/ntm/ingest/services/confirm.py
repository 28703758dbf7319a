"""Confirming uploads: suggest the unit, check the document's name against it, save the facts (all or
nothing), and retire what a replaced import had saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ntm.common.audit import audit
from ntm.common.errors import BadInput, ImportRejected, NtmError
from ntm.common.scope import Access, require_scope, visible_units
from ntm.common.text import fold, name_key
from ntm.criteria.catalog import get_set
from ntm.geo.models import Level, Succession, Unit
from ntm.monitoring.models import Observation, ReportedResult, Source
from ntm.monitoring.periods import Period
from ntm.monitoring.services import (
    Target,
    observation_key,
    record_observation,
    record_reported_result,
    stored_file_audit,
)

from ..models import ImportRecord, ImportStatus
from ..records import retire_records, write_records
from ..review import bare_name_key, names_differ
from .uploads import describe_import, live_twins


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
    accept_other_name: bool = False  # the official ticked "the document names another unit, save anyway"


@dataclass(frozen=True)
class UnitMismatch:
    """The document names one unit, the official chose another (names as shown: «Xã Ngọc Phụng»)."""

    document: str
    chosen: str

    @property
    def message_vi(self) -> str:
        """The sentence the official ticks to save anyway."""
        return f"Tôi xác nhận văn bản nói về đơn vị khác tên: «{self.document}» ≠ «{self.chosen}»"


def document_unit_label(unit_facts: dict[str, Any]) -> str:
    """"Ngọc Phụng" of level commune → "Xã Ngọc Phụng"; a name that already has its level word stays."""
    name = (unit_facts.get("name") or "").strip()
    level = unit_facts.get("level")
    if not name or level not in Level.values or bare_name_key(name) != name_key(name):
        return name
    return f"{Level(level).label} {name}"


def unit_mismatch(facts: dict[str, Any], unit: Unit) -> UnitMismatch | None:
    """How the document's unit differs from `unit`, or None when it names that unit, one of its
    predecessors or successors in the 2025 merger, or no unit at all (tone placement and case ignored)."""
    unit_facts = facts.get("unit") or {}
    name = unit_facts.get("name") or ""
    level = unit_facts.get("level")
    if level in (Level.COMMUNE, Level.VILLAGE) and level != unit.level:
        return UnitMismatch(document_unit_label(unit_facts), unit.name)
    related = Succession.objects.filter(Q(predecessor=unit) | Q(successor=unit)).select_related(
        "predecessor", "successor")
    names = [unit.name, unit.short_name]
    names += [s.successor.short_name if s.predecessor_id == unit.pk else s.predecessor.short_name for s in related]
    if not names_differ(name, names):
        return None
    return UnitMismatch(document_unit_label(unit_facts), unit.name)


def _check_unit(actor: Any, record: ImportRecord, c: Confirmation) -> None:
    """Refuse a unit named differently from the document's, unless the official confirmed it (audited)."""
    mismatch = unit_mismatch(record.facts, c.unit)
    if mismatch is None:
        return
    if not c.accept_other_name:
        raise BadInput(f"«{record.filename}»: văn bản nói về «{mismatch.document}», đơn vị đã chọn là "
                       f"«{mismatch.chosen}». Kiểm tra lại đơn vị, hoặc đánh dấu ô xác nhận nếu đúng là đơn vị này",
                       f"'{record.filename}': the document names '{mismatch.document}', the chosen unit is "
                       f"'{mismatch.chosen}'; tick the confirmation to save anyway", field="accept_other_name")
    audit(actor, "ingest.import.other_name_accepted", record, unit_code=c.unit.key,
          after={"document_unit": mismatch.document, "chosen_unit": mismatch.chosen})


def _writes(c: Confirmation) -> list[tuple[Target, Any]]:
    writes: list[tuple[Target, Any]] = [(Target(c.set_id, criterion=n), "met") for n in c.met]
    writes += [(Target(c.set_id, criterion=n), "not_met") for n in c.unmet]
    writes += [(Target(c.set_id, indicator=code), {"assessed": "not_met"}) for code in c.unmet_indicators]
    writes += [(Target(c.set_id, indicator=code), raw) for code, raw in c.values.items()]
    return writes


def _attach_evidence(actor: Any, obs: Observation, record: ImportRecord) -> None:
    """The imported file becomes the value's evidence; the file it replaces is named in the audit."""
    if obs.evidence_file.name == record.file.name:
        return
    before = stored_file_audit(obs.evidence_file) if obs.evidence_file else None
    obs.evidence_file.name = record.file.name
    obs.save(update_fields=["evidence_file"])
    audit(actor, "monitoring.evidence.replaced" if before else "monitoring.evidence.attached", obs,
          unit_code=obs.unit.key, before=before, after={"file": record.file.name, "sha256": record.content_hash})


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
            _attach_evidence(actor, obs, record)
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
        _check_unit(actor, record, confirmation)
        _check_no_confirmed_twin(record)
        if record.replaces is not None and record.replaces.status == ImportStatus.CONFIRMED:
            _retire(actor, record.replaces, by=record)
        total += _save_one(actor, record, confirmation)
        record.status, record.unit = ImportStatus.CONFIRMED, confirmation.unit
        record.set_id, record.period_key = confirmation.set_id, confirmation.period.key
        record.confirmed_by = actor if getattr(actor, "pk", None) else None
        record.confirmed_at = timezone.now()
        record.confirmed_facts = {k: record.facts.get(k) for k in ("funding", "works", "targets", "villages",
                                                                  "signer", "document")}
        record.save()
        records = write_records(actor=actor, record=record, unit=confirmation.unit, set_id=confirmation.set_id,
                                year=confirmation.period.year)
        audit(actor, "ingest.import.confirmed", record, unit_code=confirmation.unit.key,
              after={"set": confirmation.set_id, "period": confirmation.period.key, "values": total, **records})
    return total


def _check_no_confirmed_twin(record: ImportRecord) -> None:
    """A file confirmed once is not confirmed again, except by the import that replaces it."""
    if not record.content_hash:
        return
    twin = next((t for t in live_twins(record.content_hash)
                 if t.status == ImportStatus.CONFIRMED and t.pk not in (record.pk, record.replaces_id)), None)
    if twin is not None:
        raise BadInput(f"«{record.filename}»: tệp này đã được xác nhận ({describe_import(twin)})",
                       f"'{record.filename}': this file was already confirmed (import {twin.pk})",
                       field=record.filename)


def _retire(actor: Any, old: ImportRecord, *, by: ImportRecord) -> None:
    """Take back what `old` stated as totals (its ReportedResult row) and the programme records it wrote
    (ingest/records.py) before `by` saves its own.

    Observations need nothing here: `by` updates them in place, version-checked, through
    record_observation; a totals row is keyed by its document, so the old one would stay beside it.
    """
    rows = ReportedResult.objects.filter(unit=old.unit, set_id=old.set_id, period_key=old.period_key,
                                         document=old.filename)
    removed = [{"unit": old.unit.key if old.unit else None, "set": r.set_id, "period": r.period_key,
                "criteria": f"{r.criteria_met}/{r.criteria_total}", "document": r.document} for r in rows]
    rows.delete()
    retired = retire_records(actor=actor, old=old)
    old.status = ImportStatus.REPLACED
    old.save(update_fields=["status"])
    audit(actor, "ingest.import.replaced", old, unit_code=old.unit.key if old.unit else "",
          before={"status": ImportStatus.CONFIRMED, "reported_results": removed, "records": retired},
          after={"status": ImportStatus.REPLACED, "replaced_by": by.pk, "filename": by.filename})


def proposed_confirmation(actor: Any, record: ImportRecord) -> Confirmation | None:
    """The confirmation the extracted facts suggest, when the unit and set are unambiguous."""
    from ..review import default_period

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
