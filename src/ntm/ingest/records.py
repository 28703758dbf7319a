"""From a confirmed import's facts to programme records: funding, stated totals, works, plan targets, villages.

The mapping (facts dict → specs) is pure and tested without a database; `write_records` saves the
specs inside the confirm's transaction, and `retire_records` takes back what a replaced import wrote.
Django is imported inside those two functions only, so the ingest core stays free of it.

Decisions (issue 8, part 8):
- every record is Source.IMPORTED and linked to its ImportRecord;
- a year's funding by source and its stated total are the `planned` measure, whatever the document
  type: that is the figure finance.selectors.funding_summary totals and compares with the stated total
  (the contract does not say whether a sum was allocated or disbursed); a work's cost is its `planned`
  stated total, its disbursement its `disbursed` one;
- a target's deadline "2024-06" is the month's last day, "2024" the year's; a target without one ends
  with the confirmed period's year; targets go into the draft plan of the unit and the deadline's year
  (created when missing, or a new draft version when the latest is issued);
- a kế hoạch's signer becomes its plan's signer; another document's signer stays on the import;
- merging (a second file about the same unit and year): funding by (unit, year, source), stated totals
  by (unit, year, work, measure), works by (commune, year, name, village), targets by (plan, kind,
  criterion, text, deadline), villages by name (level word and tone placement ignored). An imported row
  takes the newer import's figure and link; a row typed by hand is never overwritten (counted as kept);
- a replacement (ImportRecord.replaces) first deletes every record linked to the import it replaces
  (audited), then writes its own: re-importing never duplicates. Villages are units and are never
  deleted.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

# Extraction contract source keys (schema.SOURCES) → finance.models.FundingSource values.
SOURCE_KINDS = {"central_province": "central_province", "district": "district", "commune": "commune",
                "integrated": "integrated", "enterprise": "enterprise", "credit": "credit", "people": "people",
                "other": "other"}


@dataclass(frozen=True)
class FundingSpec:
    year: int
    source_kind: str
    measure: str
    amount: int


@dataclass(frozen=True)
class StatedTotalSpec:
    year: int
    measure: str
    amount: int
    quote: str


@dataclass(frozen=True)
class WorkSpec:
    name: str
    village: str | None
    year: int
    status: str
    progress_pct: Decimal | None
    cost: int | None
    disbursed: int | None
    quote: str = ""


@dataclass(frozen=True)
class TargetSpec:
    kind: str
    criterion: int | None
    deadline: dt.date
    text: str


@dataclass(frozen=True)
class RecordSpecs:
    """Everything one import's facts give, ready to write."""

    funding: list[FundingSpec] = field(default_factory=list)
    stated_totals: list[StatedTotalSpec] = field(default_factory=list)
    works: list[WorkSpec] = field(default_factory=list)
    targets: list[TargetSpec] = field(default_factory=list)
    villages: list[str] = field(default_factory=list)
    is_plan: bool = False
    signer_name: str = ""
    signer_title: str = ""


FUNDING_MEASURE = "planned"


def deadline_of(text: str | None, year: int) -> dt.date:
    """"2024-06" → 30/6/2024, "2024" → 31/12/2024, nothing → 31/12 of `year`."""
    if not text:
        return dt.date(year, 12, 31)
    if len(text) == 7:
        y, m = int(text[:4]), int(text[5:])
        return dt.date(y, m, calendar.monthrange(y, m)[1])
    return dt.date(int(text[:4]), 12, 31)


def work_status(progress: float | None) -> str:
    """100 % → done, some progress → in progress, none stated → planned (the model's default)."""
    if progress is not None and progress >= 100:
        return "done"
    return "in_progress" if progress else "planned"


def _quote(facts: dict[str, Any], path: str) -> str:
    return next((" ".join(e["text"].split()) for e in facts.get("evidence") or [] if e.get("path") == path), "")


def funding_specs(facts: dict[str, Any], year: int) -> tuple[list[FundingSpec], list[StatedTotalSpec]]:
    """Each source's amount and each stated total of the facts' funding entries."""
    measure = FUNDING_MEASURE
    parts, totals = [], []
    for i, entry in enumerate(facts.get("funding") or []):
        entry_year = entry.get("year") or year
        parts += [FundingSpec(entry_year, SOURCE_KINDS[key], measure, amount)
                  for key, amount in (entry.get("by_source") or {}).items() if amount is not None]
        if entry.get("total_vnd") is not None:
            totals.append(StatedTotalSpec(entry_year, measure, entry["total_vnd"],
                                          _quote(facts, f"funding[{i}].total_vnd")))
    return parts, totals


def work_specs(facts: dict[str, Any], year: int) -> list[WorkSpec]:
    """The works, in the year of the facts' single funding entry, else the confirmed period's year."""
    years = {f.get("year") for f in facts.get("funding") or [] if f.get("year")}
    work_year = years.pop() if len(years) == 1 else year
    specs = []
    for i, work in enumerate(facts.get("works") or []):
        progress = work.get("progress_pct")
        specs.append(WorkSpec(" ".join(work["name"].split()), work.get("village"), work_year, work_status(progress),
                              Decimal(str(progress)) if progress is not None else None, work.get("cost_vnd"),
                              work.get("disbursed_vnd"), _quote(facts, f"works[{i}]")))
    return specs


def target_specs(facts: dict[str, Any], year: int) -> list[TargetSpec]:
    """One target per stated target: a criterion when the text names one, otherwise kept as text."""
    return [TargetSpec("criterion" if t.get("criterion") else "other", t.get("criterion"),
                       deadline_of(t.get("deadline"), year), " ".join(t["text"].lstrip("-+ ").split()))
            for t in facts.get("targets") or []]


def record_specs(facts: dict[str, Any], *, year: int) -> RecordSpecs:
    """Everything the facts of one import give; `year` is the confirmed period's year."""
    funding, totals = funding_specs(facts, year)
    works = work_specs(facts, year)
    names = list((facts.get("villages") or {}).get("names") or [])
    names += [w.village for w in works if w.village and w.village not in names]
    signer = facts.get("signer") or {}
    return RecordSpecs(funding, totals, works, target_specs(facts, year), names,
                       (facts.get("document") or {}).get("type") == "ke_hoach",
                       signer.get("name") or "", signer.get("title") or "")


def snapshot(obj: Any) -> dict[str, Any]:
    """A row's concrete fields as JSON-safe values (foreign keys as ids), for the audit trail."""
    values: dict[str, Any] = {}
    for model_field in obj._meta.concrete_fields:
        value = getattr(obj, model_field.attname)
        if isinstance(value, Decimal | dt.date):
            value = str(value)
        values[model_field.attname] = value
    return values


def write_records(*, actor: Any, record: Any, unit: Any, set_id: str, year: int) -> dict[str, int]:
    """Save what `record`'s facts give for `unit` (inside the caller's transaction); counts per kind."""
    from ._record_writer import Writer

    return Writer(actor, record, unit, set_id).write(record_specs(record.facts, year=year))


def retire_records(*, actor: Any, old: Any) -> int:
    """Delete every record linked to the import `old` (audited); return how many."""
    from ._record_writer import delete_linked

    return delete_linked(actor, old)
