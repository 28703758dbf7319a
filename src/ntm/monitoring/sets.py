"""Which criteria set evaluates which unit when: the level must fit, and the set must be valid in the unit's life."""

from __future__ import annotations

from ntm.common.errors import BadInput
from ntm.criteria.catalog import all_sets, get_set, sets_in_force
from ntm.criteria.model import CriteriaSet
from ntm.geo.models import Level, Unit

from .periods import Period

_SET_LEVEL = {Level.COMMUNE: "commune", Level.VILLAGE: "village"}
_DEFAULT_KIND = {Level.COMMUNE: "xa_ntm", Level.VILLAGE: "thon_ntm"}
_LEVEL_VI = {"commune": "xã", "village": "thôn"}


def set_level(unit: Unit) -> str:
    """"commune" or "village"; BadInput for a district or province (they are not evaluated)."""
    level = _SET_LEVEL.get(Level(unit.level)) if unit.level in Level.values else None
    if level is None:
        raise BadInput(f"chỉ đánh giá được xã hoặc thôn, không phải «{unit.name}»",
                       f"only communes and villages are evaluated, not '{unit.name}'", field="unit")
    return level


def require_set_fits(unit: Unit, cset: CriteriaSet) -> None:
    """BadInput when a set of another level (a commune set on a village) or province is used for `unit`."""
    level = set_level(unit)
    if cset.level != level:
        raise BadInput(f"bộ «{cset.decision_label}» dành cho cấp {_LEVEL_VI.get(cset.level, cset.level)}, "
                       f"không dùng cho {unit.name}",
                       f"set {cset.id} is for {cset.level} level, not for {unit.name}", field="set")
    if cset.province not in (None, unit.province_code):
        raise BadInput(f"bộ «{cset.decision_label}» là bộ của tỉnh khác", f"set {cset.id} belongs to another "
                       "province", field="set")


def choose_set(unit: Unit, period: Period, set_id: str | None = None) -> CriteriaSet:
    """The set asked for (checked to fit the unit), or the one in force at the period's end."""
    if set_id:
        cset = get_set(set_id)
        require_set_fits(unit, cset)
        return cset
    level = set_level(unit)
    found = sets_in_force(period.end, level=level, kind=_DEFAULT_KIND[Level(unit.level)],
                          province=unit.province_code)
    if not found:
        raise BadInput(f"không có bộ tiêu chí nào áp dụng cho {unit.name} vào {period.label_vi}",
                       f"no criteria set applies to {unit.name} for {period.key}", field="period")
    return found[0]


def sets_for(unit: Unit, period: Period) -> list[CriteriaSet]:
    """Sets a reader may choose for the unit and period: those in force then first, then the unit's other sets
    of its level whose validity overlaps the unit's life (to compare)."""
    try:
        level = set_level(unit)
    except BadInput:
        return []
    in_force = sets_in_force(period.end, level=level, province=unit.province_code)

    def overlaps(cset: CriteriaSet) -> bool:
        starts_before_end = unit.valid_to is None or cset.valid_from <= unit.valid_to
        return starts_before_end and (cset.valid_to is None or unit.valid_from is None
                                      or cset.valid_to >= unit.valid_from or unit.predecessions.exists())

    others = [s for s in all_sets().values() if s.level == level and s not in in_force
              and s.province in (None, unit.province_code) and overlaps(s)]
    return in_force + sorted(others, key=lambda s: (s.valid_from, s.id))
