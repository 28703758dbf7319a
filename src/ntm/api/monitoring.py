"""Observations (read and write) and evaluations of one unit; scope is checked again in the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from ntm.common.scope import Access, get_unit_in_scope
from ntm.monitoring.models import Observation
from ntm.monitoring.periods import Period
from ntm.monitoring.report import unit_evaluation_to_dict
from ntm.monitoring.selectors import evaluate_unit, observations_of
from ntm.monitoring.services import Target, record_observation

router = Router(tags=["observations and evaluations"])
Number = int | float | bool | None  # JSON numbers from criteria.report.number(), or true/false


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


def observation_to_dict(obs: Observation) -> dict[str, Any]:
    """The fields of ObservationOut."""
    return {"set_family": obs.set_family, "criterion": obs.criterion, "indicator": obs.indicator,
            "period": obs.period_key, "value": obs.value, "value_bool": obs.value_bool, "numerator": obs.numerator,
            "denominator": obs.denominator, "assessed": obs.assessed, "evidence_note": obs.evidence_note,
            "source": obs.source, "review_state": obs.review_state, "version": obs.version}


@router.get("/units/{key}/observations", response=list[ObservationOut])
def list_observations(request: HttpRequest, key: str, period: str | None = None,
                      set: str | None = None) -> list[dict[str, Any]]:  # noqa: A002 - the query parameter's name
    """The unit's saved values, optionally for one period and one criteria set."""
    unit = get_unit_in_scope(request.user, key)
    rows = observations_of(actor=request.user, unit=unit, set_id=set, period=Period.parse(period) if period else None)
    return [observation_to_dict(o) for o in rows]


class ObservationIn(Schema):
    """A value ("79,9", 79.9, true), or numerator and denominator, or an official's assessment."""

    value: Decimal | bool | str | None = None  # text goes to parse_value, which names the fault in Vietnamese
    numerator: Decimal | str | None = None
    denominator: Decimal | str | None = None
    assessed: Literal["met", "not_met"] | None = None
    expected_version: int | None = None
    evidence_note: str = ""


def _raw(body: ObservationIn) -> dict[str, Any]:
    """The raw input record_observation parses: a ratio wins over a plain value."""
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
    """Save one indicator value; 422 naming the field if it is refused, 409 with the current value if stale."""
    unit = get_unit_in_scope(request.user, key, Access.EDIT)
    obs = record_observation(actor=request.user, unit=unit, target=Target(set_id, indicator=indicator),
                             period=Period.parse(period), raw=_raw(body), expected_version=body.expected_version,
                             evidence_note=body.evidence_note)
    return observation_to_dict(obs)


class AssessmentIn(Schema):
    assessed: Literal["met", "not_met"]
    expected_version: int | None = None
    evidence_note: str = ""


@router.put("/units/{key}/criteria/{set_id}/{number}/{period}", response=ObservationOut)
def put_criterion(request: HttpRequest, key: str, set_id: str, number: int, period: str,
                  body: AssessmentIn) -> dict[str, Any]:
    """Record an official's assessment of a whole criterion (met / not met)."""
    unit = get_unit_in_scope(request.user, key, Access.EDIT)
    obs = record_observation(actor=request.user, unit=unit, target=Target(set_id, criterion=number),
                             period=Period.parse(period), raw=body.assessed, expected_version=body.expected_version,
                             evidence_note=body.evidence_note)
    return observation_to_dict(obs)


class IndicatorResultOut(Schema):
    code: str
    name: str
    value: Number
    threshold: Number
    comparator: str
    unit: str
    status: str
    gap: Number
    gap_unit: str
    basis: str


class CriterionResultOut(Schema):
    number: int
    name: str
    status: str
    basis: str
    indicators: list[IndicatorResultOut]


class EvaluationTotalsOut(Schema):
    set: str
    criteria_met: int
    criteria_total: int
    indicators_met: int
    indicators_total: int
    unknown: list[str]  # codes of the indicators with no value
    summary: str
    unmet_criteria: list[int]
    criteria: list[CriterionResultOut]


class UnitRefOut(Schema):
    key: str
    name: str


class PredecessorOut(EvaluationTotalsOut):
    unit: UnitRefOut
    partly: bool


class ReportedOut(Schema):
    set: str
    criteria_met: int
    criteria_total: int
    indicators_met: int | None
    indicators_total: int | None
    quote: str
    document: str


class ComparisonOut(Schema):
    summary: str
    summary_en: str
    gained_criteria: list[int]
    lost_criteria: list[int]
    gained_indicators: list[str]
    lost_indicators: list[str]


class EvaluationOut(EvaluationTotalsOut):
    unit: dict[str, str]
    period: str
    title: str
    data_periods: dict[str, str]
    predecessors: list[PredecessorOut]
    reported: list[ReportedOut]
    previous: ComparisonOut | None


@router.get("/units/{key}/evaluation", response=EvaluationOut)
def get_evaluation(request: HttpRequest, key: str, period: str, set: str | None = None) -> dict[str, Any]:  # noqa: A002
    """The unit's evaluation for the period (the same contract as `ntm evaluate --unit --json`)."""
    unit = get_unit_in_scope(request.user, key)
    return unit_evaluation_to_dict(evaluate_unit(actor=request.user, unit=unit, period=Period.parse(period),
                                                 set_id=set))
