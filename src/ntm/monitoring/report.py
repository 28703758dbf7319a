"""A unit's evaluation as JSON-ready data and as readable text (for the CLI and the API)."""

from __future__ import annotations

from typing import Any

from ntm.criteria.report import comparison_to_dict, evaluation_text, evaluation_to_dict

from .selectors import UnitEvaluation


def unit_evaluation_to_dict(result: UnitEvaluation) -> dict[str, Any]:
    """The evaluation contract plus the unit, period, predecessors, reported totals and changes."""
    data = evaluation_to_dict(result.evaluation, result.cset)
    data.update(
        unit={"key": result.unit.key, "name": result.unit.name, "level": result.unit.level},
        period=result.period.key, title=result.cset.title, data_periods=result.data.periods,
        predecessors=[
            {"unit": {"key": u.key, "name": u.name}, "partly": partly, **evaluation_to_dict(ev, result.cset)}
            for u, partly, ev in result.predecessors
        ],
        reported=[
            {"set": r.set_id, "criteria_met": r.criteria_met, "criteria_total": r.criteria_total,
             "indicators_met": r.indicators_met, "indicators_total": r.indicators_total, "quote": r.quote,
             "document": r.document}
            for r in result.reported
        ],
        previous=comparison_to_dict(result.previous) if result.previous else None,
    )
    return data


def unit_evaluation_text(result: UnitEvaluation) -> str:
    """The readable form: heading, the set's table, predecessors, what reports stated, changes."""
    lines = [f"{result.unit.name} ({result.unit.key}), {result.period.label_vi}", evaluation_text(result.evaluation)]
    for unit, partly, ev in result.predecessors:
        note = " (một phần địa bàn)" if partly else ""
        lines.append(f"  Trước sáp nhập — {unit.name} ({unit.key}){note}: {ev.summary_vi()}")
    for r in result.reported:
        indicators = f", {r.indicators_met}/{r.indicators_total} chỉ tiêu" if r.indicators_total else ""
        lines.append(f"  Báo cáo ghi ({r.set_id}): đạt {r.criteria_met}/{r.criteria_total} tiêu chí{indicators}")
    if result.previous:
        lines.append(f"  So với kỳ trước: {result.previous.summary_vi()}")
    return "\n".join(lines)
