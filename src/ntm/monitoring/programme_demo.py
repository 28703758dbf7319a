"""The seeds' programme records for `ntm demo`: plans, targets, tasks, people, funding, works,
contributions, OCOP products and campaigns, as each document states them (data/programme.yaml).

Idempotent: every row is looked up by its natural key first and never written twice; a row someone
edited since is left as it is. One transaction, one audit entry per row created.

Provenance: the rows are marked Source.IMPORTED, like the demo's observations typed from the same
documents (demo.py), with no ImportRecord (none exists for a demo load); the document is named in the
row's note, quote or text where the model has one, and in every audit entry.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from django.db import models, transaction

from ntm.common.audit import audit
from ntm.common.scope import get_unit_in_scope
from ntm.finance.models import Campaign, Contribution, Funding, OcopProduct, StatedTotal, Work
from ntm.geo.models import Level, Unit
from ntm.ingest.records import snapshot
from ntm.ingest.review import bare_name_key
from ntm.planning.models import CommitteeMember, Plan, Target, Task

from .models import Source

PROGRAMME_FILE = Path(__file__).parent / "data" / "programme.yaml"


class _Loader:
    """Creates the rows of one commune that do not exist yet, counting what it created."""

    def __init__(self, unit: Unit, document: str, counts: dict[str, int]) -> None:
        self.unit, self.document, self.counts = unit, document, counts

    def ensure(self, model: type[models.Model], key: dict[str, Any], **values: Any) -> Any:
        """The row with this natural key; created (source imported, audited) when absent."""
        found = model._default_manager.filter(**key).first()
        if found is not None:
            return found
        obj = model(**key, **values, source=Source.IMPORTED)
        obj.full_clean(validate_constraints=False)
        obj.save()
        name = model._meta.model_name
        audit(None, f"{model._meta.app_label}.{name}.created", obj, unit_code=self.unit.key,
              after={**snapshot(obj), "document": self.document})
        self.counts[name] = self.counts.get(name, 0) + 1
        return obj

    def village(self, name: str | None) -> Unit | None:
        """The commune's village of that name (level word and tone placement ignored); None for the commune."""
        if not name:
            return None
        wanted = bare_name_key(name)
        for village in self.unit.children.filter(level=Level.VILLAGE):
            if bare_name_key(village.name) == wanted:
                return village
        raise LookupError(f"{self.unit.key}: no village «{name}» (data/demo.yaml creates the villages)")


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def _note(spec: dict[str, Any], document: str) -> str:
    """The row's note, then the sentence it came from and the document."""
    parts = [_text(spec.get("note"))]
    if spec.get("quote"):
        parts.append(f"«{_text(spec['quote'])}»")
    parts.append(f"Nguồn: {document}")
    return " ".join(p for p in parts if p)


def _committee(loader: _Loader, spec: dict[str, Any]) -> None:
    loader.ensure(CommitteeMember, {"unit": loader.unit, "body": spec["body"], "name": spec["name"]},
                  position=spec.get("position", ""), role_in_body=spec.get("role_in_body", ""),
                  criteria=spec.get("criteria", []))


def _plan(loader: _Loader, spec: dict[str, Any]) -> None:
    signer = spec.get("signer") or {}
    plan = loader.ensure(Plan, {"unit": loader.unit, "year": spec["year"], "version": 1},
                         title=spec["title"], set_id=spec.get("set", ""), signer_name=signer.get("name", ""),
                         signer_title=signer.get("title", ""), note=_note(spec, loader.document))
    for position, target in enumerate(spec.get("targets", [])):
        loader.ensure(Target, {"plan": plan, "kind": target["kind"], "set_id": target.get("set", ""),
                               "criterion": target.get("criterion"), "indicator": target.get("indicator", ""),
                               "village": loader.village(target.get("village")), "deadline": target["deadline"]},
                      value=target.get("value"), text=_text(target["text"]), position=position)
    for position, task in enumerate(spec.get("tasks", [])):
        loader.ensure(Task, {"plan": plan, "title": _text(task["title"])}, criterion=task.get("criterion"),
                      village=loader.village(task.get("village")),
                      responsible_body=task.get("responsible_body", ""), deadline=task.get("deadline"),
                      note=_text(task.get("note")), position=position)


def _funding(loader: _Loader, spec: dict[str, Any]) -> None:
    year, measure = spec["year"], spec["measure"]
    for source_kind, part in spec["by_source"].items():
        loader.ensure(Funding, {"unit": loader.unit, "year": year, "source_kind": source_kind, "work": None},
                      **{measure: part["amount"]}, note=_note(part, loader.document))
    loader.ensure(StatedTotal, {"unit": loader.unit, "year": year, "work": None, "measure": measure},
                  amount=spec["total"], quote=_text(spec["quote"]), document=loader.document)


def _work(loader: _Loader, spec: dict[str, Any]) -> None:
    work = loader.ensure(Work, {"unit": loader.unit, "year": spec["year"], "name": spec["name"],
                                "village": loader.village(spec.get("village"))},
                         criterion=spec.get("criterion"), status=spec.get("status", "planned"),
                         progress_pct=spec.get("progress_pct"), note=_note(spec, loader.document))
    for part in spec.get("funding", []):
        amounts = {m: part[m] for m in ("planned", "allocated", "disbursed") if m in part}
        loader.ensure(Funding, {"unit": loader.unit, "year": spec["year"], "source_kind": part["source"],
                                "work": work}, **amounts)
    if "cost" in spec:
        loader.ensure(StatedTotal, {"unit": loader.unit, "year": spec["year"], "work": work,
                                    "measure": spec["cost"]["measure"]},
                      amount=spec["cost"]["amount"], quote=_text(spec["quote"]), document=loader.document)


def _contribution(loader: _Loader, spec: dict[str, Any]) -> None:
    village = loader.village(spec.get("village")) or loader.unit
    work = (Work.objects.get(unit=loader.unit, year=spec["year"], name=spec["work"]) if spec.get("work") else None)
    money = spec["unit"] == "đồng"
    loader.ensure(Contribution, {"village": village, "year": spec["year"], "kind": spec["kind"],
                                 "item": spec["item"], "work": work},
                  campaign=spec.get("campaign", ""), quantity=Decimal(str(spec["quantity"])),
                  measure_unit=spec["unit"], value_vnd=spec["quantity"] if money else None,
                  note=_note(spec, loader.document))


def _ocop(loader: _Loader, spec: dict[str, Any]) -> None:
    loader.ensure(OcopProduct, {"unit": loader.unit, "name": spec["name"]}, producer=spec["producer"],
                  stars=spec.get("stars"), rated_year=spec.get("rated_year"),
                  village=loader.village(spec.get("village")))


def _campaign(loader: _Loader, spec: dict[str, Any]) -> None:
    loader.ensure(Campaign, {"unit": loader.unit, "year": spec["year"], "title": spec["title"]},
                  kind=spec["kind"], held_on=spec.get("held_on"), body=spec.get("body", ""),
                  audience=spec.get("audience", ""), sessions=spec.get("sessions"), people=spec.get("people"),
                  note=_note(spec, loader.document))


_SECTIONS = (("committee", _committee), ("plans", _plan), ("funding", _funding), ("works", _work),
             ("contributions", _contribution), ("ocop", _ocop), ("campaigns", _campaign))


def programme_data(path: Path = PROGRAMME_FILE) -> list[dict[str, Any]]:
    """The communes of programme.yaml, as written."""
    communes: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["communes"]
    return communes


@transaction.atomic
def load_programme(path: Path = PROGRAMME_FILE) -> dict[str, int]:
    """Create the seeds' programme rows that are missing; return how many of each model were created."""
    counts: dict[str, int] = {}
    for commune in programme_data(path):
        loader = _Loader(get_unit_in_scope(None, commune["unit"]), commune["document"], counts)
        for section, create in _SECTIONS:
            for spec in commune.get(section, []):
                create(loader, spec)
    return counts
