"""Observations (read and write) and evaluations of one unit; scope is checked again in the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from ntm.api.errors import with_errors
from ntm.common.scope import Access, get_unit_in_scope
from ntm.criteria.catalog import family_of
from ntm.monitoring.models import Observation, PeriodReview
from ntm.monitoring.periods import Period
from ntm.monitoring.report import unit_evaluation_to_dict
from ntm.monitoring.review import move_review, review_of, review_state_of
from ntm.monitoring.selectors import choose_set, evaluate_unit, observations_of
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


def observation_to_dict(obs: Observation, review_state: str | None = None) -> dict[str, Any]:
    """The fields of ObservationOut; `review_state` is the state governing the observation's period."""
    review_state = review_state or review_state_of(obs.unit, obs.set_family, Period.parse(obs.period_key))
    return {"set_family": obs.set_family, "criterion": obs.criterion, "indicator": obs.indicator,
            "period": obs.period_key, "value": obs.value, "value_bool": obs.value_bool, "numerator": obs.numerator,
            "denominator": obs.denominator, "assessed": obs.assessed, "evidence_note": obs.evidence_note,
            "source": obs.source, "review_state": review_state, "version": obs.version}


@router.get("/units/{key}/observations", response=with_errors(list[ObservationOut]))
def list_observations(request: HttpRequest, key: str, period: str | None = None,
                      set: str | None = None) -> list[dict[str, Any]]:  # noqa: A002 - the query parameter's name
    """The unit's saved values, optionally for one period and one criteria set."""
    unit = get_unit_in_scope(request.user, key)
    rows = observations_of(actor=request.user, unit=unit, set_id=set, period=Period.parse(period) if period else None)
    states: dict[tuple[str, str], str] = {}
    for o in rows:
        key = (o.set_family, o.period_key)
        if key not in states:
            states[key] = review_state_of(unit, o.set_family, Period.parse(o.period_key))
    return [observation_to_dict(o, states[(o.set_family, o.period_key)]) for o in rows]


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


@router.put("/units/{key}/observations/{set_id}/{indicator}/{period}", response=with_errors(ObservationOut))
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


@router.put("/units/{key}/criteria/{set_id}/{number}/{period}", response=with_errors(ObservationOut))
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


class TallyOut(Schema):
    """The counts behind the headline, and what the statuses rest on (threshold status → indicators)."""

    criteria_met: int
    criteria_not_met: int
    criteria_unknown: int
    criteria_assessed: int
    indicators_met: int
    indicators_not_met: int
    indicators_unknown: int
    indicators_measured: int
    indicators_assessed: int
    thresholds_known: int
    measured_on_unconfirmed: int
    threshold_status_counts: dict[str, int]  # confirmed / seed (from a report) / recalled / unknown


class EvaluationTotalsOut(Schema):
    set: str
    criteria_met: int
    criteria_total: int
    indicators_met: int
    indicators_total: int
    unknown: list[str]  # codes of the indicators with no value
    summary: str
    unmet_criteria: list[int]
    tally: TallyOut
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


@router.get("/units/{key}/evaluation", response=with_errors(EvaluationOut))
def get_evaluation(request: HttpRequest, key: str, period: str, set: str | None = None) -> dict[str, Any]:  # noqa: A002
    """The unit's evaluation for the period (the same contract as `ntm evaluate --unit --json`)."""
    unit = get_unit_in_scope(request.user, key)
    return unit_evaluation_to_dict(evaluate_unit(actor=request.user, unit=unit, period=Period.parse(period),
                                                 set_id=set))


class ReviewIn(Schema):
    """One step of the review: submit (the unit), approve / send_back (the level above), reopen (the province)."""

    transition: Literal["submit", "approve", "send_back", "reopen"]
    reason: str = ""


class ReviewEventOut(Schema):
    transition: str
    from_state: str
    to_state: str
    actor: str
    at: str
    reason: str


class ReviewOut(Schema):
    unit: str
    set_family: str
    period: str
    state: str
    reason: str
    submitted_by: str | None
    submitted_at: str | None
    approved_by: str | None
    approved_at: str | None
    events: list[ReviewEventOut]


def _review_to_dict(unit: Any, review: PeriodReview) -> dict[str, Any]:
    def who(user: Any) -> str | None:
        return user.username if user else None

    def when(moment: Any) -> str | None:
        return moment.isoformat() if moment else None

    events = [{"transition": e.transition, "from_state": e.from_state, "to_state": e.to_state, "actor": e.actor_label,
               "at": e.at.isoformat(), "reason": e.reason} for e in (review.events.all() if review.pk else [])]
    return {"unit": unit.key, "set_family": review.set_family, "period": review.period_key, "state": review.state,
            "reason": review.note, "submitted_by": who(review.submitted_by), "submitted_at": when(review.submitted_at),
            "approved_by": who(review.approved_by), "approved_at": when(review.approved_at), "events": events}


@router.get("/units/{key}/reviews/{set_id}/{period}", response=with_errors(ReviewOut))
def get_review(request: HttpRequest, key: str, set_id: str, period: str) -> dict[str, Any]:
    """The review of one unit's period under one set's family: state, who and when, every step with its reason."""
    unit = get_unit_in_scope(request.user, key)
    cset = choose_set(unit, Period.parse(period), set_id)
    return _review_to_dict(unit, review_of(unit, family_of(cset), Period.parse(period)))


@router.post("/units/{key}/reviews/{set_id}/{period}", response=with_errors(ReviewOut))
def post_review(request: HttpRequest, key: str, set_id: str, period: str, body: ReviewIn) -> dict[str, Any]:
    """Take one review step; 403 when the step is not the user's (separation of duties), 422 for the wrong
    state or a missing reason."""
    unit = get_unit_in_scope(request.user, key)
    parsed = Period.parse(period)
    cset = choose_set(unit, parsed, set_id)
    review = move_review(actor=request.user, unit=unit, family=family_of(cset), period=parsed,
                         transition=body.transition, reason=body.reason, set_id=cset.id)
    return _review_to_dict(unit, review)
