"""API endpoints: parse, call one selector or service, shape the output. Scope is checked below."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from ntm.common.scope import Access, get_unit_in_scope, visible_units
from ntm.common.text import fold
from ntm.criteria.catalog import all_sets, get_set
from ntm.criteria.report import set_to_dict
from ntm.geo.models import Unit
from ntm.monitoring.models import Observation
from ntm.monitoring.periods import Period
from ntm.monitoring.report import unit_evaluation_to_dict
from ntm.monitoring.selectors import evaluate_unit, observations_of
from ntm.monitoring.services import Target, record_observation

router = Router(tags=["ntm"])


class UnitOut(Schema):
    key: str
    scheme: str
    code: str
    level: str
    name: str
    province_code: str
    region: str
    group: str
    valid_from: str | None
    valid_to: str | None


def _unit(unit: Unit) -> dict[str, Any]:
    return {"key": unit.key, "scheme": unit.scheme, "code": unit.code, "level": unit.level, "name": unit.name,
            "province_code": unit.province_code, "region": unit.region, "group": unit.group,
            "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
            "valid_to": unit.valid_to.isoformat() if unit.valid_to else None}


@router.get("/units", response=list[UnitOut])
def list_units(request: HttpRequest, level: str | None = None, q: str | None = None,
               province: str | None = None, scheme: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Units in the caller's scope; `q` matches names without diacritics ("cam ngoc")."""
    units = visible_units(request.user)
    for field, value in (("level", level), ("province_code", province), ("scheme", scheme)):
        if value:
            units = units.filter(**{field: value})
    if q:
        units = units.filter(search_key__contains=fold(q))
    return [_unit(u) for u in units.order_by("scheme", "level", "code")[: max(1, min(limit, 1000))]]


@router.get("/units/{key}", response=UnitOut)
def get_unit(request: HttpRequest, key: str) -> dict[str, Any]:
    return _unit(get_unit_in_scope(request.user, key))


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


@router.get("/criteria-sets", response=list[SetSummaryOut])
def list_sets(request: HttpRequest) -> list[dict[str, Any]]:
    return [{"id": s.id, "title": s.title, "kind": s.kind, "level": s.level, "decision": s.decision,
             "valid_from": s.valid_from.isoformat(), "valid_to": s.valid_to.isoformat() if s.valid_to else None,
             "criteria": len(s.criteria), "indicators": len(s.indicators)}
            for s in sorted(all_sets().values(), key=lambda s: (s.valid_from, s.id))]


@router.get("/criteria-sets/{set_id}")
def get_criteria_set(request: HttpRequest, set_id: str) -> dict[str, Any]:
    return set_to_dict(get_set(set_id))


class ObservationOut(Schema):
    set_family: str
    criterion: int
    indicator: str
    period: str
    value: Decimal | None
    value_bool: bool | None
    numerator: Decimal | None
    denominator: Decimal | None
    assessed: str
    evidence_note: str
    source: str
    review_state: str
    version: int


def _observation(obs: Observation) -> dict[str, Any]:
    return {"set_family": obs.set_family, "criterion": obs.criterion, "indicator": obs.indicator,
            "period": obs.period_key, "value": obs.value, "value_bool": obs.value_bool, "numerator": obs.numerator,
            "denominator": obs.denominator, "assessed": obs.assessed, "evidence_note": obs.evidence_note,
            "source": obs.source, "review_state": obs.review_state, "version": obs.version}


@router.get("/units/{key}/observations", response=list[ObservationOut])
def list_observations(request: HttpRequest, key: str, period: str | None = None,
                      set: str | None = None) -> list[dict[str, Any]]:  # noqa: A002 - the query parameter's name
    unit = get_unit_in_scope(request.user, key)
    rows = observations_of(actor=request.user, unit=unit, set_id=set, period=Period.parse(period) if period else None)
    return [_observation(o) for o in rows]


class ObservationIn(Schema):
    value: Decimal | bool | str | None = None
    numerator: Decimal | str | None = None
    denominator: Decimal | str | None = None
    assessed: Literal["met", "not_met"] | None = None
    expected_version: int | None = None
    evidence_note: str = ""


def _raw(body: ObservationIn) -> Any:
    raw: dict[str, Any] = {}
    if body.numerator is not None or body.denominator is not None:
        raw.update(numerator=body.numerator, denominator=body.denominator)
    elif body.value is not None:
        raw["value"] = body.value
    if body.assessed:
        raw["assessed"] = body.assessed
    return raw


@router.put("/units/{key}/observations/{set_id}/{indicator}/{period}", response=ObservationOut)
def put_observation(request: HttpRequest, key: str, set_id: str, indicator: str, period: str,
                    body: ObservationIn) -> dict[str, Any]:
    """Save one indicator value; 409 with the current value if `expected_version` is stale."""
    unit = get_unit_in_scope(request.user, key, Access.EDIT)
    obs = record_observation(actor=request.user, unit=unit, target=Target(set_id, indicator=indicator),
                             period=Period.parse(period), raw=_raw(body), expected_version=body.expected_version,
                             evidence_note=body.evidence_note)
    return _observation(obs)


class AssessmentIn(Schema):
    assessed: Literal["met", "not_met"]
    expected_version: int | None = None
    evidence_note: str = ""


@router.put("/units/{key}/criteria/{set_id}/{number}/{period}", response=ObservationOut)
def put_criterion(request: HttpRequest, key: str, set_id: str, number: int, period: str,
                  body: AssessmentIn) -> dict[str, Any]:
    """Record an official's assessment of a whole criterion."""
    unit = get_unit_in_scope(request.user, key, Access.EDIT)
    obs = record_observation(actor=request.user, unit=unit, target=Target(set_id, criterion=number),
                             period=Period.parse(period), raw=body.assessed, expected_version=body.expected_version,
                             evidence_note=body.evidence_note)
    return _observation(obs)


@router.get("/units/{key}/evaluation")
def get_evaluation(request: HttpRequest, key: str, period: str, set: str | None = None) -> dict[str, Any]:  # noqa: A002
    """The unit's evaluation for the period (the same contract as `ntm evaluate --unit --json`)."""
    unit = get_unit_in_scope(request.user, key)
    return unit_evaluation_to_dict(evaluate_unit(actor=request.user, unit=unit, period=Period.parse(period),
                                                 set_id=set))
