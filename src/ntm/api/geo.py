"""Administrative units in the caller's scope: list with a folded-name search, and one by key."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from ntm.api.errors import with_errors
from ntm.common.scope import get_unit_in_scope, visible_units
from ntm.common.text import fold
from ntm.geo.models import Unit

router = Router(tags=["units"])


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


def unit_to_dict(unit: Unit) -> dict[str, Any]:
    """The fields of UnitOut; dates as ISO text."""
    return {"key": unit.key, "scheme": unit.scheme, "code": unit.code, "level": unit.level, "name": unit.name,
            "province_code": unit.province_code, "region": unit.region, "group": unit.group,
            "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
            "valid_to": unit.valid_to.isoformat() if unit.valid_to else None}


@router.get("/units", response=with_errors(list[UnitOut]))
def list_units(request: HttpRequest, level: str | None = None, q: str | None = None,
               province: str | None = None, scheme: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """Units in the caller's scope; `q` matches names without diacritics ("cam ngoc")."""
    units = visible_units(request.user)
    for field, value in (("level", level), ("province_code", province), ("scheme", scheme)):
        if value:
            units = units.filter(**{field: value})
    if q:
        units = units.filter(search_key__contains=fold(q))
    return [unit_to_dict(u) for u in units.order_by("scheme", "level", "code")[: max(1, min(limit, 1000))]]


@router.get("/units/{key}", response=with_errors(UnitOut))
def get_unit(request: HttpRequest, key: str) -> dict[str, Any]:
    """One unit in the caller's scope ("legacy:15169", "2025:province:38"); 404 when absent or not theirs."""
    return unit_to_dict(get_unit_in_scope(request.user, key))
