"""Reading the plan pages' forms (and the API's bodies) into the services' typed fields. Field checks only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model

from ntm.common.errors import BadInput
from ntm.geo.models import Level, Unit

from .inputs import parse_criteria, parse_day, parse_optional_number
from .models import Body, CommitteeMember, Plan, TargetKind, TaskStatus


def revision_of(raw: Any) -> int | None:
    """The revision a form showed ("" when the row is new)."""
    text = str(raw or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise BadInput("phiên bản của biểu mẫu không hợp lệ; hãy tải lại trang", "invalid form revision",
                       field="revision")
    return int(text)


def _text(data: Mapping[str, Any], name: str) -> str:
    return " ".join(str(data.get(name) or "").split())


def _int_or_none(data: Mapping[str, Any], name: str) -> int | None:
    raw = str(data.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise BadInput(f"trường «{name}» phải là số nguyên", f"'{name}' must be a whole number", field=name)
    return int(raw)


def _choice(data: Mapping[str, Any], name: str, choices: list[str], default: str = "") -> str:
    value = str(data.get(name) or default).strip()
    if value not in choices:
        raise BadInput(f"giá trị «{value}» của trường «{name}» không hợp lệ", f"invalid '{name}': '{value}'",
                       field=name)
    return value


def _village(commune: Unit, key: Any) -> Unit | None:
    if not key:
        return None
    scheme, _, code = str(key).partition(":")
    found = commune.children.filter(level=Level.VILLAGE, scheme=scheme, code=code).first()
    if found is None:
        raise BadInput(f"không tìm thấy thôn «{key}» trong {commune.name}", f"no village '{key}' in {commune.name}",
                       field="village")
    return found


def target_data(data: Mapping[str, Any], plan: Plan) -> dict[str, Any]:
    """A target's fields from a form or a JSON body."""
    return {"kind": _choice(data, "kind", TargetKind.values), "set_id": _text(data, "set_id"),
            "criterion": _int_or_none(data, "criterion"), "indicator": _text(data, "indicator"),
            "value": parse_optional_number(data.get("value"), field="value"),
            "village": _village(plan.unit, data.get("village")),
            "deadline": parse_day(data.get("deadline"), field="deadline", required=True),
            "text": str(data.get("text") or "").strip()}


def task_data(data: Mapping[str, Any], plan: Plan) -> dict[str, Any]:
    """A task's fields from a form or a JSON body."""
    responsible_id = _int_or_none(data, "responsible")
    responsible = None
    if responsible_id is not None:
        responsible = CommitteeMember.objects.filter(pk=responsible_id).first()
        if responsible is None:
            raise BadInput("không tìm thấy người phụ trách", "responsible member not found", field="responsible")
    return {"title": _text(data, "title"), "criterion": _int_or_none(data, "criterion"),
            "village": _village(plan.unit, data.get("village")), "responsible": responsible,
            "responsible_body": _text(data, "responsible_body"),
            "start": parse_day(data.get("start"), field="start"),
            "deadline": parse_day(data.get("deadline"), field="deadline"),
            "status": _choice(data, "status", TaskStatus.values, TaskStatus.NOT_STARTED),
            "progress_pct": _int_or_none(data, "progress_pct") or 0, "note": str(data.get("note") or "").strip()}


def member_data(data: Mapping[str, Any], unit: Unit, villages: list[Any]) -> dict[str, Any]:
    """A committee member's fields; `villages` are village keys; `username` links the seat to a user."""
    name = _text(data, "name")
    if not name:
        raise BadInput("thành viên cần có họ tên", "a member needs a name", field="name")
    user = None
    username = _text(data, "username")
    if username:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise BadInput(f"không có tài khoản «{username}»", f"no account '{username}'", field="username")
    commune = unit if unit.level == Level.COMMUNE else unit.parent
    chosen = [unit if str(k) == unit.key else _village(commune, k) for k in villages if k]
    return {"body": _choice(data, "body", Body.values, Body.VILLAGE_BOARD if unit.level == Level.VILLAGE
                            else Body.STEERING),
            "name": name, "position": _text(data, "position"), "role_in_body": _text(data, "role_in_body"),
            "contact": _text(data, "contact"), "term_start": parse_day(data.get("term_start"), field="term_start"),
            "term_end": parse_day(data.get("term_end"), field="term_end"), "user": user,
            "criteria": parse_criteria(data.get("criteria")), "villages": chosen}
