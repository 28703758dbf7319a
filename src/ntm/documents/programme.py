"""The programme records a document cites (funding, works, the plan), read as plain data.

Each function returns None when there is no record, so the document says "chưa có số liệu"
rather than a zero it does not know. Callers have already checked the unit's scope.
"""

from __future__ import annotations

from typing import Any

from ntm.finance.selectors import WorkFilters, funding_summary, works_of
from ntm.geo.models import Unit
from ntm.planning.models import Plan, PlanState


def funding(*, unit: Unit, year: int) -> dict[str, Any] | None:
    """Planned funding of the year by source with the computed total (finance.selectors.funding_summary);
    the total a document stated is kept beside it, never used in its place."""
    summary = funding_summary(unit, year)
    sources = [{"label": line.label, "amount": line.planned} for line in summary.lines if line.planned is not None]
    if not sources or summary.total_vnd is None:
        return None
    return {"total": summary.total_vnd, "sources": sources, "stated": summary.stated_total_vnd,
            "disbursed": summary.disbursed_vnd}


def works(*, unit: Unit, year: int) -> list[dict[str, Any]] | None:
    """The works of the commune (or of the village) in the year's plan of funds, with their planned budget."""
    found = [{"name": row.work.name, "village": row.work.village.name if row.work.village_id else "",
              "criterion": row.work.criterion, "status": row.work.get_status_display(),
              "progress": None if row.work.progress_pct is None else str(row.work.progress_pct),
              "budget": row.planned} for row in works_of(unit, WorkFilters(year=year))]
    return found or None


def plan(*, unit: Unit, year: int) -> dict[str, Any] | None:
    """The year's plan (the latest issued version, else the latest draft) with its targets and tasks."""
    plans = Plan.objects.filter(unit=unit, year=year)
    chosen = plans.filter(state=PlanState.ISSUED).order_by("-version").first() or plans.order_by("-version").first()
    if chosen is None:
        return None
    targets = [t.text or _target_text(t) for t in chosen.targets.all()]
    tasks = [{"title": t.title, "criterion": t.criterion, "responsible": t.responsible.name if t.responsible_id
              else t.responsible_body, "deadline": t.deadline.isoformat() if t.deadline else None,
              "status": t.get_status_display(), "progress": t.progress_pct}
             for t in chosen.tasks.select_related("responsible")]
    return {"year": year, "title": chosen.title, "number": chosen.number, "state": chosen.state,
            "targets": targets, "tasks": tasks}


def _target_text(target: Any) -> str:
    """A target written from its fields when the plan did not word it."""
    by = f"{target.deadline.day}/{target.deadline.month}/{target.deadline.year}"
    if target.kind == "criterion" and target.criterion:
        return f"Đạt tiêu chí số {target.criterion} trước ngày {by}"
    if target.kind == "indicator" and target.indicator:
        return f"Chỉ tiêu {target.indicator} đạt {target.value} trước ngày {by}"
    if target.kind == "village" and target.village_id:
        return f"{target.village.name} đạt chuẩn trước ngày {by}"
    if target.kind == "village_count" and target.value is not None:
        return f"{int(target.value)} thôn đạt chuẩn trước ngày {by}"
    if target.kind == "unit":
        return f"Đạt chuẩn cả bộ tiêu chí trước ngày {by}"
    return f"Mục tiêu đến ngày {by}"
