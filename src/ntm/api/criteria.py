"""Criteria sets, read from the catalogs (not scoped: the rules are public law)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from ntm.api.errors import with_errors
from ntm.common.errors import NotFound
from ntm.criteria.catalog import all_sets, get_set
from ntm.criteria.report import set_to_dict, threshold_status_counts

router = Router(tags=["criteria sets"])


class SetSummaryOut(Schema):
    id: str
    title: str
    kind: str
    level: str
    decision: dict[str, str]
    valid_from: str
    valid_to: str | None
    criteria: int
    indicators: int
    threshold_status_counts: dict[str, int]  # confirmed / seed (from a report) / recalled / unknown


@router.get("/criteria-sets", response=with_errors(list[SetSummaryOut]))
def list_sets(request: HttpRequest) -> list[dict[str, Any]]:
    """Every criteria set in the catalogs, oldest first."""
    return [{**set_to_dict(s), "criteria": len(s.criteria), "indicators": len(s.indicators),
             "threshold_status_counts": threshold_status_counts(s)}
            for s in sorted(all_sets().values(), key=lambda s: (s.valid_from, s.id))]


class IndicatorDefOut(Schema):
    code: str
    name: str
    unit: str
    value_type: str
    comparator: str
    threshold: Any  # a number, true/false, or thresholds by region or commune group
    threshold_status: str
    source: str
    note: str


class CriterionDefOut(Schema):
    number: int
    name: str
    indicators: list[IndicatorDefOut]


class CriteriaSetOut(Schema):
    id: str
    title: str
    kind: str
    level: str
    decision: dict[str, str]
    valid_from: str
    valid_to: str | None
    extends: str | None
    province: str | None
    regions: list[str]
    groups: list[str]
    zones: list[str]
    flags: list[str]
    notes: str
    criteria: list[CriterionDefOut]


@router.get("/criteria-sets/{set_id}", response=with_errors(CriteriaSetOut))
def get_criteria_set(request: HttpRequest, set_id: str) -> dict[str, Any]:
    """One criteria set with its criteria, indicators and rules (the `ntm criteria show --json` contract)."""
    if set_id not in all_sets():
        raise NotFound(f"không có bộ tiêu chí «{set_id}»", f"no criteria set '{set_id}'", field="set_id")
    return set_to_dict(get_set(set_id))
