"""Evaluations as JSON-ready dicts and as readable Vietnamese text. Pure Python."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from ntm.common.formats import format_number

from .catalog import get_set
from .engine import Comparison, Evaluation, IndicatorResult
from .model import THRESHOLD_STATUSES, CriteriaSet
from .tally import tally

STATUS_VI = {"met": "Đạt", "not_met": "Chưa đạt", "unknown": "Chưa rõ"}
BASIS_VI = {"measured": "số liệu", "assessed": "đánh giá", "missing": "chưa có số liệu",
            "threshold_unknown": "chưa rõ ngưỡng", "indicators": "theo chỉ tiêu"}


def number(value: Decimal | bool | None) -> Any:
    """A Decimal as an int or float for JSON; booleans and None unchanged."""
    if not isinstance(value, Decimal):
        return value
    return int(value) if value == value.to_integral_value() else float(round(value, 4))


def threshold_status_counts(cset: CriteriaSet) -> dict[str, int]:
    """How many of the set's thresholds are confirmed, from a report (seed), recalled, unknown: the standing the
    set records for each indicator; an indicator with no figure at all counts as unknown."""
    counts = Counter(ind.status if ind.threshold is not None and ind.status in THRESHOLD_STATUSES else "unknown"
                     for ind in cset.indicators)
    return {status: counts.get(status, 0) for status in THRESHOLD_STATUSES}


def set_to_dict(cset: CriteriaSet) -> dict[str, Any]:
    """The contract of `ntm criteria show --json`."""
    return {
        "id": cset.id, "title": cset.title, "kind": cset.kind, "level": cset.level,
        "decision": cset.decision, "valid_from": cset.valid_from.isoformat(),
        "valid_to": cset.valid_to.isoformat() if cset.valid_to else None, "extends": cset.extends,
        "province": cset.province, "regions": list(cset.regions), "groups": list(cset.groups),
        "zones": list(cset.zones), "flags": list(cset.flags), "notes": cset.notes,
        "criteria": [
            {"number": c.number, "name": c.name, "indicators": [
                {"code": i.code, "name": i.name, "unit": i.unit, "value_type": i.value_type.value,
                 "comparator": i.comparator, "threshold": i.threshold, "threshold_status": i.status,
                 "source": i.source, "note": i.note} for i in c.indicators]}
            for c in cset.criteria
        ],
    }


def _indicator(result: IndicatorResult, cset: CriteriaSet) -> dict[str, Any]:
    rule = cset.indicator(result.code)
    return {"code": result.code, "name": result.name, "value": number(result.value),
            "threshold": number(result.threshold), "comparator": result.comparator, "unit": result.unit,
            "status": result.status.value, "gap": number(result.gap), "gap_unit": result.gap_unit,
            "basis": result.basis, "threshold_status": rule.status if rule else "unknown",
            "threshold_source": rule.source if rule else ""}


def evaluation_to_dict(evaluation: Evaluation, cset: CriteriaSet | None = None) -> dict[str, Any]:
    """The contract of `ntm evaluate --json` (`cset` is looked up by id when not given)."""
    cset = cset or get_set(evaluation.set_id)
    counts = tally(evaluation, cset)
    return {
        "set": evaluation.set_id,
        "criteria_met": evaluation.criteria_met, "criteria_total": evaluation.criteria_total,
        "indicators_met": evaluation.indicators_met, "indicators_total": evaluation.indicators_total,
        "unknown": evaluation.unknown, "summary": evaluation.summary_vi(),
        "unmet_criteria": [c.number for c in evaluation.criteria if c.status.value == "not_met"],
        "has_data": counts.has_data,
        "tally": {"criteria_met": counts.criteria_met, "criteria_not_met": counts.criteria_not_met,
                  "criteria_unknown": counts.criteria_unknown, "criteria_assessed": counts.criteria_assessed,
                  "indicators_met": counts.indicators_met, "indicators_not_met": counts.indicators_not_met,
                  "indicators_unknown": counts.indicators_unknown,
                  "indicators_measured": counts.indicators_measured,
                  "indicators_assessed": counts.indicators_assessed, "thresholds_known": counts.thresholds_known,
                  "measured_on_unconfirmed": counts.measured_on_unconfirmed,
                  "threshold_status_counts": counts.resting_on},
        "criteria": [
            {"number": c.number, "name": c.name, "status": c.status.value, "basis": c.basis,
             "indicators": [_indicator(i, cset) for i in c.indicators]}
            for c in evaluation.criteria
        ],
    }


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    return {"summary": comparison.summary_vi(), "summary_en": comparison.summary_en(),
            "gained_criteria": list(comparison.gained_criteria), "lost_criteria": list(comparison.lost_criteria),
            "gained_indicators": list(comparison.gained_indicators),
            "lost_indicators": list(comparison.lost_indicators)}


def _shown(value: Decimal | bool | None, unit: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Đạt" if value else "Không đạt"
    return f"{format_number(round(value, 2))}{' ' + unit if unit and unit != '%' else unit}"


def _requirement(result: IndicatorResult) -> str:
    if result.threshold is None:
        return "ngưỡng chưa rõ"
    if isinstance(result.threshold, bool):
        return "yêu cầu Đạt"
    return f"yêu cầu {result.comparator.replace('>=', '≥').replace('<=', '≤')} {_shown(result.threshold, result.unit)}"


def evaluation_text(evaluation: Evaluation, cset: CriteriaSet | None = None) -> str:
    """A readable table: what the statuses rest on, one line per criterion, the unmet and unknown indicators
    beneath it (`cset` is looked up by id when not given)."""
    cset = cset or get_set(evaluation.set_id)
    lines = [f"Bộ tiêu chí {evaluation.set_id}: {evaluation.summary_vi()}",
             f"  Ngưỡng áp dụng cho các chỉ tiêu: {tally(evaluation, cset).resting_on_vi()}"]
    for c in evaluation.criteria:
        lines.append(f"  {c.number:>2}. {c.name}: {STATUS_VI[c.status.value]}"
                     + (" (theo đánh giá)" if c.basis == "assessed" else ""))
        if c.status.value == "met":
            continue  # a met criterion needs no detail; the JSON form has every indicator
        for i in c.indicators:
            if i.status.value == "met":
                continue
            gap = f", còn thiếu {format_number(round(i.gap, 2))} {i.gap_unit}".rstrip() if i.gap is not None else ""
            lines.append(f"      {i.code}: {_shown(i.value, i.unit)} / {_requirement(i)}"
                         f" → {STATUS_VI[i.status.value]} ({BASIS_VI[i.basis]}{gap})")
    return "\n".join(lines)
