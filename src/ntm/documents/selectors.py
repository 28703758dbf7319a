"""Reads for documents: the plain facts a báo cáo or kế hoạch is drafted from, scoped.

Everything returned is JSON-able (str, int, lists, dicts): the drafting (drafting.py) is a pure
function of it, and an issued document keeps exactly what it was drafted from. Where a programme
record does not exist, the fact is None and the document says "chưa có số liệu".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ntm.common.errors import BadInput, NtmError
from ntm.common.scope import Access, require_scope
from ntm.criteria.catalog import family_of
from ntm.criteria.model import Status
from ntm.geo.models import Level, Unit
from ntm.monitoring.periods import Period, PeriodKind
from ntm.monitoring.reporting import village_reports
from ntm.monitoring.reporting.schedule import division_types
from ntm.monitoring.selectors import current_observations, evaluate_unit, statuses_of_units
from ntm.monitoring.sets import choose_set

from . import programme

Facts = dict[str, Any]


def _plain(value: Any) -> Any:
    """Decimal → int or str ("79.9"), bool stays: figures stored as JSON and compared later."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value.normalize())
    return value


def header_of(unit: Unit) -> dict[str, str]:
    """Parent body, issuing body and place of the ND 30/2020 header, from geo."""
    if unit.level == Level.PROVINCE:
        return {"parent_body": f"UBND {unit.name.upper()}", "issuing_body": "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI",
                "place": unit.short_name, "signing_body": "", "number_suffix": "BC-VPĐP"}
    parent = unit.parent
    if unit.level == Level.VILLAGE:
        return {"parent_body": f"UBND {parent.name.upper()}" if parent else "",
                "issuing_body": f"BAN PHÁT TRIỂN {village_title(unit.name).upper()}",
                "place": parent.short_name if parent else unit.short_name,
                "signing_body": "TM. BAN PHÁT TRIỂN THÔN", "number_suffix": "BC"}
    # An Ủy ban nhân dân writes no body above it (ND 30/2020, Phụ lục I; seeds 000 and 003):
    # "ỦY BAN NHÂN DÂN" over "XÃ CAO NGỌC". The district (parent) only decides where the report goes.
    return {"parent_body": "", "issuing_body": f"ỦY BAN NHÂN DÂN\n{unit.name.upper()}", "place": unit.short_name,
            "above": "VPĐP NTM huyện" if parent is not None and parent.level == Level.DISTRICT else "VPĐP NTM tỉnh",
            "signing_body": "TM. ỦY BAN NHÂN DÂN", "number_suffix": "BC-UBND"}


_VILLAGE_WORDS = ("thôn", "làng", "bản", "xóm", "ấp", "khu phố", "tổ dân phố", "khu")


def village_title(name: str) -> str:
    """"Thôn Lỏ" stays, "Song Nga" becomes "Thôn Song Nga": a Ban phát triển is the board of a named thôn."""
    return name if name.lower().startswith(_VILLAGE_WORDS) else f"Thôn {name}"


def decision_words(cset: Any) -> str:
    """"Quyết định số 32/2022/QĐ-UBND ngày 10/8/2022", as a document cites it."""
    number, date = cset.decision.get("number", ""), cset.decision.get("date", "")
    if not date:
        return f"Quyết định số {number}"
    day = dt.date.fromisoformat(str(date))
    return f"Quyết định số {number} ngày {day.day}/{day.month}/{day.year}"


def _indicator(result: Any) -> dict[str, Any]:
    return {"code": result.code, "name": result.name, "status": str(result.status), "value": _plain(result.value),
            "threshold": _plain(result.threshold), "gap": _plain(result.gap), "gap_unit": result.gap_unit,
            "unit": result.unit, "comparator": result.comparator}


def criteria_facts(*, actor: Any, unit: Unit, period: Period, set_id: str | None) -> Facts:
    """Met, unmet and undecided criteria with each unmet indicator's gap; the stated totals beside."""
    ue = evaluate_unit(actor=actor, unit=unit, period=period, set_id=set_id, with_previous=False)
    by_status: dict[str, list[dict[str, Any]]] = {"met": [], "not_met": [], "unknown": []}
    for crit in ue.evaluation.criteria:
        unmet = [_indicator(i) for i in crit.indicators if i.status == Status.NOT_MET]
        by_status[str(crit.status)].append({"number": crit.number, "name": crit.name, "basis": crit.basis,
                                            "unmet_indicators": unmet})
    stated = ue.lead_stated
    return {
        "set_id": ue.cset.id, "set_title": ue.cset.title, "decision": decision_words(ue.cset),
        "total": len(ue.evaluation.criteria), "met": ue.evaluation.criteria_met,
        "indicators_met": ue.evaluation.indicators_met, "indicators_total": ue.evaluation.indicators_total,
        "met_list": by_status["met"], "unmet_list": by_status["not_met"], "unknown_list": by_status["unknown"],
        "stated": None if stated is None else {
            "criteria_met": stated.criteria_met, "criteria_total": stated.criteria_total,
            "indicators_met": stated.indicators_met, "indicators_total": stated.indicators_total,
            "document": stated.document},
        "rows": _criteria_rows(actor, unit, period, ue),
    }


def _criteria_rows(actor: Any, unit: Unit, period: Period, ue: Any) -> list[dict[str, Any]]:
    """One row per indicator for the biểu: threshold with its provenance, value, status, evidence."""
    observed = current_observations(actor=actor, unit=unit, family=family_of(ue.cset), period=period)
    rows = []
    for crit in ue.evaluation.criteria:
        for result in crit.indicators:
            spec = ue.cset.indicator(result.code)
            obs = observed.get(result.code)
            rows.append({"criterion": f"{crit.number}. {crit.name}", **_indicator(result),
                         "provenance": f"{spec.status}: {spec.source}".strip(": ") if spec else "",
                         "evidence": obs.evidence_note if obs else ""})
    return rows


def villages_facts(*, actor: Any, unit: Unit, period: Period) -> list[dict[str, Any]] | None:
    """Each village's status under the village set in force (None when the commune has no villages).

    The villages are judged together by the engine's batch path (one read of their observations), grouped by
    the set that applies to each; a village no set applies to, or with no criterion decided, is "unknown".
    """
    villages = list(unit.children.filter(level=Level.VILLAGE).order_by("name"))
    if not villages:
        return None
    by_set: dict[str, tuple[Any, list[Unit]]] = {}
    for village in villages:
        try:
            cset = choose_set(village, period)
        except NtmError:  # no village set in force for this period: the status is unknown, not invented
            continue
        by_set.setdefault(cset.id, (cset, []))[1].append(village)
    judged: dict[int, tuple[Status, ...]] = {}
    for cset, members in by_set.values():
        judged.update({v.pk: statuses for v, statuses, _ in
                       statuses_of_units(actor=actor, units=members, period=period, cset=cset)})
    return [_village_row(v.name, judged.get(v.pk)) for v in villages]


def _village_row(name: str, statuses: tuple[Status, ...] | None) -> dict[str, Any]:
    if not statuses or all(st == Status.UNKNOWN for st in statuses):
        return {"name": name, "met": None, "total": len(statuses) if statuses else None, "state": "unknown"}
    met = sum(1 for st in statuses if st == Status.MET)
    return {"name": name, "met": met, "total": len(statuses), "state": "met" if met == len(statuses) else "not_met"}


def reporting_facts(*, actor: Any, unit: Unit, period: Period) -> dict[str, Any] | None:
    """The villages' reports for the period as the reporting pages count them (monitoring.reporting):
    expected, received, on time, late, completeness, and each missing village with who answers for it.
    None when the commune has no village; `owed` False when the schedule asks no report of this kind."""
    reports = village_reports(actor=actor, commune=unit, period=period, today=today())
    if reports.rule is None:
        has_villages = unit.children.filter(level=Level.VILLAGE).exists()
        return {"owed": False} if has_villages else None
    if not reports.rows:
        return None
    tally = reports.tally
    return {"owed": True, "expected": tally.expected, "received": tally.received, "on_time": tally.on_time,
            "late": tally.late, "completeness": tally.completeness_vi, "due": reports.due_date.isoformat(),
            "missing": [{"name": r.unit.name, "timeliness": r.timeliness_label,
                         "responsible": [p.name for p in r.responsible]} for r in reports.missing]}


def province_facts(*, actor: Any, unit: Unit, period: Period, set_id: str | None) -> Facts:
    """A province roll-up: its communes of the period's scheme, each with criteria met (batch path)."""
    # Nông thôn mới is a programme of xã: wards and towns (phường, thị trấn) are not counted.
    communes = list(Unit.objects.filter(level=Level.COMMUNE, province_code=unit.code, scheme=unit.scheme,
                                        division_type__in=division_types(Level.COMMUNE) or ["xã"]).order_by("name"))
    if not communes:
        raise BadInput(f"{unit.name} không có xã nào", f"{unit.name} has no communes", field="unit")
    cset = choose_set(communes[0], period, set_id)
    rows = statuses_of_units(actor=actor, units=communes, period=period, cset=cset)
    listed = [{"name": c.name, "met": sum(1 for s in statuses if s == Status.MET), "total": len(statuses),
               "unknown": sum(1 for s in statuses if s == Status.UNKNOWN)} for c, statuses, _ in rows]
    return {"set_id": cset.id, "decision": decision_words(cset), "set_title": cset.title, "communes": listed,
            "total": len(cset.criteria)}


def document_facts(*, actor: Any, unit: Unit, period: Period, kind: str, set_id: str | None = None) -> Facts:
    """Everything a báo cáo or kế hoạch of `unit` for `period` is drafted from."""
    require_scope(actor, unit, Access.VIEW)
    title = village_title(unit.name) if unit.level == Level.VILLAGE else unit.name
    facts: Facts = {"unit": {"key": unit.key, "name": unit.name, "title": title, "short_name": unit.short_name,
                             "level": unit.level},
                    "header": header_of(unit), "kind": kind,
                    "period": {"key": period.key, "label": period.label_vi, "year": period.year,
                               "end": period.end.isoformat(), "next_label": _next_label(period)}}
    if unit.level == Level.PROVINCE:
        facts["province"] = province_facts(actor=actor, unit=unit, period=period, set_id=set_id)
        return facts
    facts["criteria"] = criteria_facts(actor=actor, unit=unit, period=period, set_id=set_id)
    if kind == "ke-hoach":  # the plan year's starting point is the year before
        facts["previous"] = _previous_year(actor=actor, unit=unit, period=period, set_id=set_id)
    facts["funding"] = programme.funding(unit=unit, year=period.year)
    facts["works"] = programme.works(unit=unit, year=period.year)
    facts["plan"] = programme.plan(unit=unit, year=_plan_year(period, kind))
    if unit.level == Level.COMMUNE:
        facts["villages"] = villages_facts(actor=actor, unit=unit, period=period)
        facts["reporting"] = reporting_facts(actor=actor, unit=unit, period=period)
    return facts


def _previous_year(*, actor: Any, unit: Unit, period: Period, set_id: str | None) -> Facts | None:
    try:
        return criteria_facts(actor=actor, unit=unit, period=Period.parse(str(period.year - 1)), set_id=set_id)
    except NtmError:
        return None


def _plan_year(period: Period, kind: str) -> int:
    """A kế hoạch is for its year; a báo cáo's next tasks come from the plan of the next period's year."""
    if kind == "ke-hoach":
        return period.year
    return period.year + 1 if period.end.month == 12 else period.year


def _next_label(period: Period) -> str:
    """"quý 2 năm 2024" after 2024-Q1, "năm 2025" after 2024, "6 tháng cuối năm 2024" after 2024-6M."""
    year, kind, index = period.year, period.kind, period.index
    if kind is PeriodKind.YEAR:
        return f"năm {year + 1}"
    if kind is PeriodKind.QUARTER:
        return Period(year + (index == 4), kind, index % 4 + 1).label_vi
    if kind is PeriodKind.MONTH:
        return Period(year + (index == 12), kind, index % 12 + 1).label_vi
    return f"6 tháng cuối năm {year}" if kind is PeriodKind.HALF else f"quý 4 năm {year}"


def today() -> dt.date:
    """The drafting date (a function, so tests may freeze it)."""
    return dt.date.today()


def documents_of(*, actor: Any, unit: Unit) -> list[Any]:
    """The unit's documents, newest period first."""
    from .models import Document

    require_scope(actor, unit, Access.VIEW)
    return list(Document.objects.filter(unit=unit).order_by("-period_key", "kind", "-id"))


def get_document(*, actor: Any, pk: int) -> Any:
    """One document whose unit the actor may see, or NotFound (absent and not-yours look alike)."""
    from ntm.common.errors import NotFound
    from ntm.common.scope import visible_units

    from .models import Document

    found = Document.objects.filter(pk=pk, unit__in=visible_units(actor)).select_related("unit").first()
    if found is None:
        raise NotFound("không tìm thấy văn bản", "document not found", field="document")
    return found
