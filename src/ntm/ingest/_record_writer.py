"""The Django half of ingest/records.py: write record specs, delete what a replaced import wrote.

Runs inside confirm_imports' transaction (all or nothing); every row created, changed or deleted is audited.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from ntm.common.audit import audit
from ntm.finance.models import Campaign, Contribution, Funding, OcopProduct, StatedTotal, Work
from ntm.geo.models import Level, Unit
from ntm.geo.services import create_village
from ntm.monitoring.models import Source
from ntm.planning.models import CommitteeMember, Plan, PlanState, Target, Task

from .records import FundingSpec, RecordSpecs, StatedTotalSpec, TargetSpec, WorkSpec, snapshot
from .review import bare_name_key

# Deleted children first, so a plan is judged empty after its targets and tasks are gone.
LINKED = (Target, Task, Contribution, Funding, StatedTotal, Work, OcopProduct, Campaign, CommitteeMember)


def _action(obj: models.Model, event: str) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{event}"


class Writer:
    """Writes one import's specs for one unit, merging with what is there by natural keys."""

    def __init__(self, actor: Any, record: Any, unit: Unit, set_id: str) -> None:
        self.actor, self.record, self.unit, self.set_id = actor, record, unit, set_id
        self.commune = unit if unit.level == Level.COMMUNE else unit.parent
        self.counts = {"created": 0, "changed": 0, "kept": 0}

    def write(self, specs: RecordSpecs) -> dict[str, int]:
        """Villages, funding, stated totals, works, then plan targets; return created/changed/kept counts."""
        villages = self._villages(specs.villages) if self.unit.level == Level.COMMUNE else {}
        for part in specs.funding:
            self._funding(part)
        for total in specs.stated_totals:
            self._stated(total, work=None)
        for work in specs.works:
            self._work(work, villages)
        self._targets(specs)
        return self.counts

    def merge(self, model: type[models.Model], key: dict[str, Any], values: dict[str, Any]) -> Any:
        """Create the row, or give an imported row the new values and link; a typed row stays as it is."""
        row = model._default_manager.filter(**key).first()
        if row is None:
            row = model(**key, **values, source=Source.IMPORTED, import_record=self.record)
            return self._save(row, "created", before=None)
        if row.source != Source.IMPORTED:
            self.counts["kept"] += 1
            return row
        before = snapshot(row)
        for name, value in {**values, "import_record": self.record}.items():
            setattr(row, name, value)
        if hasattr(row, "revision"):
            row.revision += 1
        return self._save(row, "changed", before=before)

    def _save(self, row: Any, event: str, *, before: dict[str, Any] | None) -> Any:
        row.full_clean(validate_constraints=False)
        row.save()
        audit(self.actor, _action(row, event), row, unit_code=self.unit.key, before=before,
              after={**snapshot(row), "import": self.record.pk})
        self.counts[event] += 1
        return row

    def _villages(self, names: list[str]) -> dict[str, Unit]:
        found = {}
        existing = list(self.unit.children.filter(level=Level.VILLAGE))
        for name in names:
            match = next((v for v in existing if bare_name_key(v.name) == bare_name_key(name)), None)
            if match is None:
                match = create_village(actor=self.actor, commune=self.unit, name=name)
                existing.append(match)
                self.counts["created"] += 1
            found[name] = match
        return found

    def _funding(self, spec: FundingSpec) -> None:
        key = {"unit": self.unit, "year": spec.year, "source_kind": spec.source_kind, "work": None}
        self.merge(Funding, key, {spec.measure: spec.amount})

    def _stated(self, spec: StatedTotalSpec, *, work: Work | None) -> None:
        key = {"unit": work.unit if work else self.unit, "year": spec.year, "work": work, "measure": spec.measure}
        self.merge(StatedTotal, key, {"amount": spec.amount, "quote": spec.quote, "document": self.record.filename})

    def _work(self, spec: WorkSpec, villages: dict[str, Unit]) -> None:
        village = villages.get(spec.village or "") or (self.unit if self.unit.level == Level.VILLAGE else None)
        key = {"unit": self.commune, "year": spec.year, "name": spec.name[:500], "village": village}
        work = self.merge(Work, key, {"status": spec.status, "progress_pct": spec.progress_pct})
        for measure, amount in (("planned", spec.cost), ("disbursed", spec.disbursed)):
            if amount is not None:
                self._stated(StatedTotalSpec(spec.year, measure, amount, spec.quote), work=work)

    def _targets(self, specs: RecordSpecs) -> None:
        years = sorted({t.deadline.year for t in specs.targets})
        if specs.is_plan and not years and self.record.period_key:
            years = [int(self.record.period_key[:4])]
        for year in years:
            plan = self._draft_plan(year, specs)
            for position, target in enumerate(t for t in specs.targets if t.deadline.year == year):
                self._target(plan, target, position)

    def _target(self, plan: Plan, spec: TargetSpec, position: int) -> None:
        key = {"plan": plan, "kind": spec.kind, "criterion": spec.criterion, "text": spec.text,
               "deadline": spec.deadline}
        self.merge(Target, key, {"position": position})

    def _draft_plan(self, year: int, specs: RecordSpecs) -> Plan:
        """The unit's draft plan of `year`: the latest version if a draft, else a new draft version."""
        latest = Plan.objects.filter(unit=self.unit, year=year).order_by("-version").first()
        signer = {"signer_name": specs.signer_name, "signer_title": specs.signer_title} if specs.is_plan else {}
        if latest is not None and latest.state == PlanState.DRAFT:
            if signer and not latest.signer_name:
                return self.merge(Plan, {"pk": latest.pk}, signer)
            return latest
        plan = Plan(unit=self.unit, year=year, version=latest.version + 1 if latest else 1, supersedes=latest,
                    set_id=self.set_id, title=f"Kế hoạch năm {year}", state=PlanState.DRAFT,
                    note=f"Mục tiêu nhập từ tệp «{self.record.filename}» (lần nhập số {self.record.pk})",
                    source=Source.IMPORTED, import_record=self.record, **signer)
        return self._save(plan, "created", before=None)


def delete_linked(actor: Any, old: Any) -> int:
    """Delete the records linked to the import `old`, then its plans left empty (drafts only); audited."""
    count = 0
    for model in LINKED:
        for row in model._default_manager.filter(import_record=old):
            count += _delete(actor, row)
    for plan in Plan.objects.filter(import_record=old, state=PlanState.DRAFT):
        if not plan.targets.exists() and not plan.tasks.exists():
            count += _delete(actor, plan)
    return count


def _delete(actor: Any, row: Any) -> int:
    unit = row.plan.unit if hasattr(row, "plan_id") else getattr(row, "unit", None) or row.village
    before = snapshot(row)
    audit(actor, _action(row, "deleted"), row, unit_code=unit.key, before=before)
    row.delete()
    return 1
