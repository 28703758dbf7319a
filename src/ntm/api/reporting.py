"""API: the reporting regime — completeness and timeliness, the not-reported list, the schedule, the
current user's reminders. Scope is checked by the selectors (visible_units) and get_unit_in_scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from ntm.api.errors import with_errors
from ntm.common.errors import BadInput
from ntm.common.scope import get_unit_in_scope
from ntm.geo.models import Level, Unit
from ntm.monitoring.periods import Period
from ntm.monitoring.reporting import (
    ReportStatus,
    Tally,
    mark_reminders_read,
    province_reports,
    reminders_for,
    responsible_for,
    schedule_for,
    village_reports,
)
from ntm.monitoring.reporting.province import ProvinceReports, commune_summary
from ntm.monitoring.reporting.schedule import schedule_province

router = Router(tags=["reporting"])


class PersonOut(Schema):
    name: str
    position: str
    contact: str
    has_account: bool


class ReportOut(Schema):
    unit: str
    name: str
    due_date: dt.date
    received_at: dt.datetime | None
    status: str  # on_time, late, overdue, not_yet_due
    days_late: int | None  # late: days after the due date; overdue: days since it
    responsible: list[PersonOut]


class TallyOut(Schema):
    expected: int
    received: int
    on_time: int
    late: int
    overdue: int
    not_yet_due: int
    completeness_pct: Decimal | None
    on_time_pct: Decimal | None


class VillageReportsOut(Schema):
    unit: str
    period: str
    due_date: dt.date | None  # None: villages owe no report of this kind
    tally: TallyOut
    villages: list[ReportOut]


class CommuneRowOut(Schema):
    unit: str
    name: str
    own: ReportOut | None
    villages: TallyOut


class CommunesOut(Schema):
    unit: str
    period: str
    commune_due_date: dt.date | None
    own: TallyOut
    villages: TallyOut
    communes: list[CommuneRowOut]


def _report(row: ReportStatus) -> dict[str, Any]:
    return {"unit": row.unit.key, "name": row.unit.name, "due_date": row.due_date, "received_at": row.received_at,
            "status": row.timeliness.value, "days_late": row.days_late,
            "responsible": [{"name": p.name, "position": p.position, "contact": p.contact,
                             "has_account": p.has_account} for p in row.responsible]}


def _tally(t: Tally) -> dict[str, Any]:
    return {"expected": t.expected, "received": t.received, "on_time": t.on_time, "late": t.late,
            "overdue": t.overdue, "not_yet_due": t.not_yet_due, "completeness_pct": t.completeness,
            "on_time_pct": t.on_time_rate}


def _villages(request: HttpRequest, unit: Unit, period: Period) -> dict[str, Any]:
    commune = unit.parent if unit.level == Level.VILLAGE else unit
    if commune is None or commune.level != Level.COMMUNE:
        raise BadInput("chỉ xã hoặc thôn có báo cáo của thôn; với tỉnh, xem /reporting/communes",
                       "only a commune or a village has village reports; for a province see /reporting/communes",
                       field="key")
    result = village_reports(actor=request.user, commune=commune, period=period)
    rows = [r for r in result.rows if unit.level != Level.VILLAGE or r.unit.pk == unit.pk]
    return {"unit": unit.key, "period": period.key, "due_date": result.due_date, "tally": _tally(Tally.of(rows)),
            "villages": [_report(r) for r in rows]}


@router.get("/units/{key}/reporting/villages", response=with_errors(VillageReportsOut))
def village_completeness(request: HttpRequest, key: str, period: str) -> dict[str, Any]:
    """A commune's villages (or one village): which owed the period's report, which sent it, how late."""
    unit = get_unit_in_scope(request.user, key)
    return _villages(request, unit, Period.parse(period))


def _communes(request: HttpRequest, unit: Unit, period: Period) -> ProvinceReports:
    if unit.level == Level.PROVINCE:
        return province_reports(actor=request.user, province=unit, period=period)
    if unit.level == Level.COMMUNE:
        return commune_summary(actor=request.user, commune=unit, period=period)
    raise BadInput("chỉ tỉnh hoặc xã có báo cáo của xã", "only a province or a commune has commune reports",
                   field="key")


@router.get("/units/{key}/reporting/communes", response=with_errors(CommunesOut))
def commune_completeness(request: HttpRequest, key: str, period: str) -> dict[str, Any]:
    """A province's communes (or one commune): each commune's own report and its villages' tally."""
    unit = get_unit_in_scope(request.user, key)
    result = _communes(request, unit, Period.parse(period))
    return {"unit": unit.key, "period": result.period.key, "commune_due_date": result.commune_due,
            "own": _tally(result.own_tally), "villages": _tally(result.village_tally),
            "communes": [{"unit": r.commune.key, "name": r.commune.name, "own": _report(r.own) if r.own else None,
                          "villages": _tally(r.villages)} for r in result.rows]}


@router.get("/units/{key}/reporting/not-reported", response=with_errors(list[ReportOut]))
def not_reported(request: HttpRequest, key: str, period: str) -> list[dict[str, Any]]:
    """Reports not received ("chưa báo cáo") with who answers for them: a commune's villages, a province's
    communes (their own reports)."""
    unit, when = get_unit_in_scope(request.user, key), Period.parse(period)
    if unit.level in (Level.COMMUNE, Level.VILLAGE):
        commune = unit.parent if unit.level == Level.VILLAGE else unit
        result = village_reports(actor=request.user, commune=commune, period=when)
        return [_report(r) for r in result.missing if unit.level == Level.COMMUNE or r.unit.pk == unit.pk]
    missing = [r.own for r in _communes(request, unit, when).rows if r.own is not None and not r.own.received]
    people = responsible_for([r.unit for r in missing], when)
    return [{**_report(r), "responsible": [{"name": p.name, "position": p.position, "contact": p.contact,
                                            "has_account": p.has_account} for p in people.get(r.unit.pk, [])]}
            for r in missing]


class RuleOut(Schema):
    level: str  # village (reports to its commune), commune (reports to the province)
    frequency: str  # month, quarter, 6m, 9m, year
    due_days: int  # days after the period's last day (negative: before)
    active: bool
    origin: str  # default (data/schedule.yaml), all (every province), province
    note: str
    revision: int


@router.get("/reporting/schedule", response=with_errors(list[RuleOut]))
def reporting_schedule(request: HttpRequest, province: str | None = None) -> list[dict[str, Any]]:
    """The reporting regime in force for a province (default: the caller's own province)."""
    code = schedule_province(request.user, province)
    return [{"level": r.level, "frequency": r.frequency, "due_days": r.due_days, "active": r.active,
             "origin": r.origin, "note": r.note, "revision": r.revision} for r in schedule_for(code)]


class ReminderOut(Schema):
    id: int
    unit: str
    unit_name: str
    period: str
    due_date: dt.date
    kind: str  # soon, overdue
    message: str
    day: dt.date


@router.get("/reminders", response=with_errors(list[ReminderOut]))
def my_reminders(request: HttpRequest) -> list[dict[str, Any]]:
    """The caller's unread in-app reminders, newest first."""
    return [{"id": r.pk, "unit": r.unit.key, "unit_name": r.unit.name, "period": r.period_key,
             "due_date": r.due_date, "kind": r.kind, "message": r.message, "day": r.day}
            for r in reminders_for(request.user)]


class ReadIn(Schema):
    ids: list[int] | None = None  # None: every unread reminder of the caller


class ReadOut(Schema):
    marked: int
    at: dt.datetime


@router.post("/reminders/read", response=with_errors(ReadOut))
def read_reminders(request: HttpRequest, body: ReadIn | None = None) -> dict[str, Any]:
    """Mark the caller's reminders read ("đã xem"); an id that is not the caller's answers 404."""
    marked = mark_reminders_read(actor=request.user, ids=body.ids if body else None)
    return {"marked": marked, "at": timezone.now()}
