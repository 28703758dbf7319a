"""A plan at a date as plain data (the API and `ntm plan --json`) and as text (`ntm plan`)."""

from __future__ import annotations

from typing import Any

from ntm.common.formats import format_date, format_number

from .models import Plan, Target, Task
from .selectors import PlanView, TargetRow, TaskRow, target_label

STATUS_VI = {"met": "Đạt", "not_met": "Chưa đạt", "unknown": "Chưa rõ"}


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


def plan_summary(plan: Plan) -> dict[str, Any]:
    """The plan's identity and state."""
    return {"id": plan.id, "unit": plan.unit.key, "year": plan.year, "version": plan.version, "state": plan.state,
            "number": plan.number or None, "issued_on": _iso(plan.issued_on), "title": plan.title,
            "set_id": plan.set_id or None, "supersedes": plan.supersedes_id, "revision": plan.revision,
            "source": plan.source}


def target_to_dict(target: Target) -> dict[str, Any]:
    """A target's own fields (no status: that is computed at a date)."""
    data: dict[str, Any] = {"id": target.id, "kind": target.kind, "label": target_label(target),
                            "value": None if target.value is None else float(target.value),
                            "deadline": _iso(target.deadline), "text": target.text, "set_id": target.set_id or None,
                            "village": target.village.key if target.village else None, "revision": target.revision,
                            "source": target.source}
    if target.criterion is not None:
        data["criterion"] = target.criterion
    if target.indicator:
        data["indicator"] = target.indicator
    return data


def target_row_to_dict(row: TargetRow) -> dict[str, Any]:
    """A target with its status at the date asked, the figure it rests on, and its forecast."""
    return {**target_to_dict(row.target), "status": row.state.status.value, "actual": row.state.actual or None,
            "overdue": row.overdue, "forecast": row.forecast.as_dict() if row.forecast else None}


def task_to_dict(task: Task) -> dict[str, Any]:
    return {"id": task.id, "title": task.title, "criterion": task.criterion,
            "responsible": task.responsible.name if task.responsible else None,
            "responsible_id": task.responsible_id, "responsible_body": task.responsible_body,
            "start": _iso(task.start), "deadline": _iso(task.deadline), "status": task.status,
            "progress_pct": task.progress_pct, "done_on": _iso(task.done_on), "note": task.note,
            "revision": task.revision, "source": task.source}


def task_row_to_dict(row: TaskRow) -> dict[str, Any]:
    return {**task_to_dict(row.task), "overdue": row.overdue, "days_late": row.days_late}


def plan_to_dict(view: PlanView) -> dict[str, Any]:
    """The `ntm plan --json` contract: unit, year, plan, the date, targets and tasks."""
    plan = view.plan
    return {"unit": plan.unit.key, "unit_name": plan.unit.name, "year": plan.year, "date": view.day.isoformat(),
            "plan": plan_summary(plan), "targets": [target_row_to_dict(r) for r in view.targets],
            "tasks": [task_row_to_dict(r) for r in view.tasks],
            "versions": [{"version": p.version, "state": p.state, "number": p.number or None} for p in view.versions]}


def plan_text(view: PlanView) -> str:
    """The plan as a reader wants it in a terminal."""
    plan = view.plan
    head = f"{plan.unit.name} — {plan.title} (phiên bản {plan.version}, {plan.get_state_display()}"
    head += f", số {plan.number} ngày {format_date(plan.issued_on)})" if plan.issued_on else ")"
    lines = [head, f"Trạng thái tại {format_date(view.day)}: đạt {view.reached}/{len(view.targets)} mục tiêu", "",
             "Mục tiêu:"]
    for row in view.targets:
        late = " [quá hạn]" if row.overdue else ""
        actual = f" ({row.state.actual})" if row.state.actual else ""
        lines.append(f"  - {target_label(row.target)} — hạn {format_date(row.target.deadline)}: "
                     f"{STATUS_VI[row.state.status.value]}{actual}{late}")
        if row.forecast:
            expected = "" if row.forecast.expected is None else f" {format_number(row.forecast.expected)}"
            lines.append(f"      dự báo: {row.forecast.outlook_vi}{expected}")
    lines += ["", "Nhiệm vụ:"]
    for task_row in view.tasks:
        task = task_row.task
        late = f" [quá hạn {task_row.days_late} ngày]" if task_row.overdue else ""
        deadline = format_date(task.deadline) if task.deadline else "—"
        lines.append(f"  - {task.title} — hạn {deadline}: {task.get_status_display()}, {task.progress_pct}%{late}")
    return "\n".join(lines)
