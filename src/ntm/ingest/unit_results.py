"""Documents that report on several units (a district bulletin, a recognition decision): one row per unit,
matched to the unit register, and the totals of the rows the official confirms saved as ReportedResult rows.

The document's own unit gets nothing from these rows: each total goes to the unit the official chose for
its row (services.py keeps the one-unit path).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from ntm.common.audit import audit
from ntm.common.errors import BadInput, NtmError
from ntm.common.scope import Access, require_scope, visible_units
from ntm.common.text import fold
from ntm.geo.models import Level, Unit
from ntm.monitoring.models import ReportedResult, Source
from ntm.monitoring.periods import Period
from ntm.monitoring.services import record_reported_result
from ntm.monitoring.sets import choose_set

from .facts.context import PREFILL_THRESHOLD
from .models import ImportRecord, ImportStatus
from .services import describe_import, may_open


@dataclass(frozen=True)
class UnitRow:
    """One unit the document reports on, as shown on the review page."""

    index: int
    facts: dict[str, Any]          # the extraction's `units[index]`
    confidence: float
    matches: list[Unit]            # units of the register with that name, both schemes

    @property
    def prefilled(self) -> bool:
        """Sure enough to fill the form in (one match, confidence at or above the threshold)."""
        return self.confidence >= PREFILL_THRESHOLD

    @property
    def has_counts(self) -> bool:
        """Does the text give this unit's criteria count with its total?"""
        return self.facts.get("criteria_met") is not None and self.facts.get("criteria_total") is not None


@dataclass(frozen=True)
class UnitConfirmation:
    """A row the official confirmed: the unit chosen and the totals (corrected or as read)."""

    index: int
    unit: Unit
    criteria_met: int
    criteria_total: int
    indicators_met: int | None = None
    indicators_total: int | None = None
    set_id: str = ""


def unit_rows(actor: Any, facts: dict[str, Any]) -> list[UnitRow]:
    """The rows of a multi-unit document, each with its confidence and its matches in the actor's scope."""
    confidence = {e["path"]: e.get("confidence", 1.0) for e in facts.get("evidence") or []}
    return [UnitRow(i, unit, float(confidence.get(f"units[{i}]", 1.0)), match_units(actor, unit))
            for i, unit in enumerate(facts.get("units") or [])]


def match_units(actor: Any, unit: dict[str, Any]) -> list[Unit]:
    """Units named like `unit` (level word, case and marks ignored), both schemes, whose stated totals the actor
    may record (a province office: every unit of its province)."""
    key = fold(unit.get("name") or "")
    if not key:
        return []
    level = unit.get("level") if unit.get("level") in Level.values else Level.COMMUNE
    candidates = visible_units(actor, Access.RECORD_STATED).filter(level=level, search_key__endswith=key)
    return [u for u in candidates.select_related("parent")[:20] if fold(u.short_name) == key]


@transaction.atomic
def confirm_unit_rows(*, actor: Any, record: ImportRecord, period: Period,
                      rows: list[UnitConfirmation]) -> int:
    """Save the totals of the confirmed rows (all, or none); the rows not listed are dropped."""
    if not may_open(actor, record) or record.status != ImportStatus.PENDING:
        raise BadInput(f"«{record.filename}» đã được xử lý hoặc không mở được",
                       f"'{record.filename}' was already handled or cannot be opened", field=record.filename)
    if not rows:
        raise BadInput("chưa chọn đơn vị nào để lưu", "no unit row was chosen", field="units")
    errors, saved = [], []
    for row in rows:
        try:
            saved.append(_save_row(actor, record, period, row))
        except NtmError as err:
            name = (record.facts.get("units") or [{}] * (row.index + 1))[row.index].get("name", "")
            errors.append(f"dòng {row.index + 1} ({name}): {err.message_vi}")
    if errors:
        raise BadInput("; ".join(errors), f"{len(errors)} row(s) refused; nothing was saved", field="units")
    _close(actor, record, period, saved)
    return len(saved)


def _save_row(actor: Any, record: ImportRecord, period: Period, row: UnitConfirmation) -> dict[str, Any]:
    require_scope(actor, row.unit, Access.RECORD_STATED)
    cset = choose_set(row.unit, period, row.set_id or None)
    record_reported_result(actor=actor, unit=row.unit, set_id=cset.id, period=period, criteria_met=row.criteria_met,
                           criteria_total=row.criteria_total, indicators_met=row.indicators_met,
                           indicators_total=row.indicators_total, document=record.filename,
                           quote=(record.facts["units"][row.index].get("evidence") or "")[:500],
                           source=Source.IMPORTED)
    return {"row": row.index, "unit": row.unit.key, "unit_id": row.unit.pk, "set": cset.id,
            "criteria": f"{row.criteria_met}/{row.criteria_total}"}


def _close(actor: Any, record: ImportRecord, period: Period, saved: list[dict[str, Any]]) -> None:
    if record.replaces is not None and record.replaces.status == ImportStatus.CONFIRMED:
        _retire_rows(actor, record.replaces, by=record)
    record.status = ImportStatus.CONFIRMED
    record.period_key = period.key
    record.confirmed_by = actor if getattr(actor, "pk", None) else None
    record.confirmed_at = timezone.now()
    record.confirmed_facts = {"units_saved": saved, "document": record.facts.get("document")}
    record.save()
    audit(actor, "ingest.import.units_confirmed", record,
          after={"period": period.key, "rows": saved,
                 "dropped": len(record.facts.get("units") or []) - len(saved)})


def _retire_rows(actor: Any, old: ImportRecord, *, by: ImportRecord) -> None:
    """The rows a replaced multi-unit import saved are taken back before the new one saves its own."""
    ids = [row["unit_id"] for row in (old.confirmed_facts or {}).get("units_saved", [])]
    rows = ReportedResult.objects.filter(document=old.filename, period_key=old.period_key, unit_id__in=ids)
    removed = [{"unit": r.unit.key, "set": r.set_id, "criteria": f"{r.criteria_met}/{r.criteria_total}"}
               for r in rows.select_related("unit")]
    rows.delete()
    old.status = ImportStatus.REPLACED
    old.save(update_fields=["status"])
    audit(actor, "ingest.import.replaced", old, before={"status": ImportStatus.CONFIRMED, "reported_results": removed},
          after={"status": ImportStatus.REPLACED, "replaced_by": by.pk, "filename": by.filename,
                 "described": describe_import(by)})
