"""Reads on recognition dossiers, scoped: a unit's dossiers, one dossier, its files, the register of
decisions ("which villages/communes were recognised in year Y, under which set") and the recognised
units whose current evaluation no longer meets their set (cần xem xét thu hồi)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from ntm.common.errors import NotFound
from ntm.common.formats import format_date
from ntm.common.scope import Access, require_scope, visible_units
from ntm.criteria.catalog import all_sets
from ntm.geo.models import Unit
from ntm.monitoring.periods import Period
from ntm.monitoring.selectors import evaluate_unit

from .kinds import ChecklistItem, get_kind
from .models import Decision, Dossier, DossierFile, State

RECOGNISED_STATES = (State.RECOGNISED, State.ANNOUNCED)


def dossiers_of_unit(*, actor: Any, unit: Unit) -> QuerySet[Dossier]:
    """The unit's dossiers, newest target year first."""
    require_scope(actor, unit, Access.VIEW)
    return Dossier.objects.filter(unit=unit).select_related("unit").order_by("-target_year", "kind")


def visible_dossiers(actor: Any) -> QuerySet[Dossier]:
    """Every dossier of a unit the actor may see."""
    return Dossier.objects.filter(unit__in=visible_units(actor)).select_related("unit", "unit__parent")


def get_dossier(*, actor: Any, pk: int) -> Dossier:
    """The dossier, or NotFound: outsiders cannot tell absent from not theirs."""
    found = visible_dossiers(actor).filter(pk=pk).first()
    if found is None:
        raise NotFound("không tìm thấy hồ sơ", "dossier not found", field="dossier")
    return found


def get_dossier_file(*, actor: Any, pk: int) -> DossierFile:
    """An uploaded file, only when its dossier's unit is the actor's to see."""
    found = DossierFile.objects.filter(pk=pk, dossier__unit__in=visible_units(actor)).first()
    if found is None:
        raise NotFound("không tìm thấy tệp", "file not found", field="file")
    return found


@dataclass(frozen=True)
class ChecklistLine:
    item: ChecklistItem
    files: tuple[DossierFile, ...]

    @property
    def missing(self) -> bool:
        return self.item.required and not self.files


def checklist_of(dossier: Dossier) -> list[ChecklistLine]:
    """Each required (and optional) document of the dossier's kind, with the files uploaded for it."""
    files = list(dossier.files.all())
    return [ChecklistLine(item, tuple(f for f in files if f.item == item.code))
            for item in get_kind(dossier.kind).documents]


def recognition_register(*, actor: Any, year: int | None = None, set_id: str | None = None,
                         kind: str | None = None) -> QuerySet[Decision]:
    """Decisions of recognition the actor may see, filtered by year of the decision, criteria set and kind."""
    rows = Decision.objects.filter(unit__in=visible_units(actor)).select_related("unit", "unit__parent", "dossier")
    if year:
        rows = rows.filter(year=year)
    if set_id:
        rows = rows.filter(set_id=set_id)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("-year", "kind", "unit__parent__name", "unit__name")


REGISTER_HEADER = ("Năm", "Đơn vị", "Thuộc", "Loại công nhận", "Bộ tiêu chí", "Số quyết định", "Ngày ký",
                   "Người ký", "Tình trạng")


def register_rows(decisions: Sequence[Decision]) -> list[tuple[Any, ...]]:
    """The register as table rows (page and CSV/XLSX export share them)."""
    sets = all_sets()
    return [(d.year, d.unit.name, d.unit.parent.name if d.unit.parent else "", d.get_kind_display(),
             sets[d.set_id].decision_label if d.set_id in sets else d.set_id, d.number, format_date(d.signed_on),
             d.signer, f"Đã thu hồi ({d.revocation_number})" if d.revoked and d.revocation_number
             else "Đã thu hồi" if d.revoked else "Còn hiệu lực") for d in decisions]


@dataclass(frozen=True)
class RevocationCandidate:
    dossier: Dossier
    headline: str
    unmet: tuple[str, ...]     # "15. Y tế"


def revocation_candidates(*, actor: Any, period: Period) -> list[RevocationCandidate]:
    """Recognised units (in scope) whose evaluation for `period` under their set has a criterion not met."""
    found = []
    for dossier in visible_dossiers(actor).filter(state__in=RECOGNISED_STATES).order_by("unit__name"):
        result = evaluate_unit(actor=actor, unit=dossier.unit, period=period, set_id=dossier.set_id,
                               with_previous=False)
        unmet = tuple(f"{c.number}. {c.name}" for c in result.evaluation.criteria if c.status.value == "not_met")
        if unmet:
            found.append(RevocationCandidate(dossier, result.tally.headline_vi(), unmet))
    return found


def register_years(actor: Any) -> list[int]:
    """The years that have a decision in the actor's scope (the register's filter)."""
    years = Decision.objects.filter(unit__in=visible_units(actor)).values_list("year", flat=True).distinct()
    return sorted(set(years), reverse=True)
