"""The only place that knows who may see and change which administrative unit.

A village board sees and edits its village; a commune official its commune and the
villages under it; a province office every unit of its province (read and review, and
record what an official document stated about a unit: its archive of bulletins); an
administrator everything. `actor=None` is the system itself (the `ntm` command).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.db.models import Q, QuerySet

from ntm.geo.models import Level, Succession, Unit

from .errors import NotFound, OutOfScope
from .models import Membership, Role


class Access(StrEnum):
    VIEW = "view"
    EDIT = "edit"
    REVIEW = "review"
    # Record a total an official document stated about the unit ("xã Cao Ngọc đạt 16/19 tiêu chí" in a district
    # bulletin), kept with the document and its sentence; never a measured value, never a review step.
    RECORD_STATED = "record_stated"


_ROLE_ACCESS = {
    Role.VILLAGE_BOARD: {Access.VIEW, Access.EDIT, Access.RECORD_STATED},
    Role.COMMUNE_OFFICIAL: {Access.VIEW, Access.EDIT, Access.REVIEW, Access.RECORD_STATED},
    Role.PROVINCE_OFFICE: {Access.VIEW, Access.REVIEW, Access.RECORD_STATED},
    Role.ADMINISTRATOR: {Access.VIEW, Access.EDIT, Access.REVIEW, Access.RECORD_STATED},
}


# Every role that may edit or review a unit may also see it, so a unit found for any access is visible.
_IMPLIES_VIEW = all(Access.VIEW in granted for granted in _ROLE_ACCESS.values())
assert _IMPLIES_VIEW, "get_unit_in_scope records VIEW for a unit found with any access"


def _is_all_seeing(actor: Any) -> bool:
    return actor is None or getattr(actor, "is_superuser", False)


def _covered(membership: Membership) -> Q:
    unit = membership.unit
    if membership.role == Role.ADMINISTRATOR:
        return Q(pk__isnull=False)  # every unit (an empty Q() would vanish from the OR below)
    if unit.level == Level.PROVINCE:
        codes = {unit.code} | set(unit.predecessions.values_list("predecessor__code", flat=True))
        return Q(province_code__in=codes)
    if unit.level == Level.DISTRICT:
        return Q(pk=unit.pk) | Q(parent=unit) | Q(parent__parent=unit)
    if unit.level == Level.COMMUNE:
        return Q(pk=unit.pk) | Q(parent=unit)
    return Q(pk=unit.pk)


def visible_units(actor: Any, access: Access = Access.VIEW) -> QuerySet[Unit]:
    """Every unit `actor` may act on with `access`; selectors start from here."""
    if _is_all_seeing(actor):
        return Unit.objects.all()
    if not getattr(actor, "is_authenticated", False):
        return Unit.objects.none()
    return Unit.objects.filter(_condition(actor, access))


def _memo(actor: Any) -> dict[Any, Any]:
    """What this user object's scope has been worked out to so far.

    Kept on the user object, as Django keeps its permission cache (`_perm_cache`): a request's user is loaded
    anew each request, so a page asks for the memberships once instead of once per selector (about six times),
    and a change of memberships counts from the next request on.
    """
    memo = getattr(actor, "_ntm_scope", None)
    if memo is None:
        memo = {}
        actor._ntm_scope = memo
    return memo


def memberships(actor: Any) -> list[Membership]:
    """The actor's roles in units, each with its unit: read once per user object (see _memo)."""
    memo = _memo(actor)
    if "memberships" not in memo:
        memo["memberships"] = list(Membership.objects.filter(user=actor).select_related("unit"))
    return list(memo["memberships"])


def _condition(actor: Any, access: Access) -> Q:
    memo = _memo(actor)
    if access not in memo:
        condition = Q(pk__in=[])
        for membership in memberships(actor):
            if access in _ROLE_ACCESS[Role(membership.role)]:
                condition |= _covered(membership)
            if access is Access.VIEW and membership.unit.level == Level.COMMUNE:
                condition |= _successors(membership.unit)
        memo[access] = condition
    return memo[access]


def _successors(unit: Unit) -> Q:
    """The communes a commune was merged into: its history lives on there, so its officials may read them."""
    return Q(pk__in=Succession.objects.filter(predecessor=unit).values("successor"))


def require_scope(actor: Any, unit: Unit, access: Access) -> None:
    """Raise OutOfScope unless `actor` may act on `unit` with `access`."""
    if not in_scope(actor, unit, access):
        raise OutOfScope("đơn vị không thuộc phạm vi của bạn", "this unit is outside your scope", field="unit")


def in_scope(actor: Any, unit: Unit, access: Access = Access.VIEW) -> bool:
    """Whether `actor` may act on `unit` with `access` (one query per user object, unit and access)."""
    if _is_all_seeing(actor):
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    memo = _memo(actor)
    if (access, unit.pk) not in memo:
        memo[access, unit.pk] = visible_units(actor, access).filter(pk=unit.pk).exists()
    return bool(memo[access, unit.pk])


def require_all_in_scope(actor: Any, units: Any, access: Access = Access.VIEW) -> None:
    """One query for many units: raise OutOfScope if any of them is not the actor's."""
    if _is_all_seeing(actor):
        return
    wanted = {u.pk for u in units}
    if visible_units(actor, access).filter(pk__in=wanted).count() != len(wanted):
        raise OutOfScope("có đơn vị không thuộc phạm vi của bạn", "some units are outside your scope", field="unit")


def parse_unit_key(key: str) -> dict[str, Any]:
    """"legacy:15169" → a commune or village; "2025:province:38" names the level; a bare code is a 2025 commune."""
    parts = key.strip().split(":")
    if len(parts) == 3:
        return {"scheme": parts[0], "level": parts[1], "code": parts[2]}
    if len(parts) == 2:
        return {"scheme": parts[0], "level__in": [Level.COMMUNE, Level.VILLAGE], "code": parts[1]}
    return {"scheme": "2025", "level": Level.COMMUNE, "code": parts[0]}


def get_unit_in_scope(actor: Any, key: str, access: Access = Access.VIEW) -> Unit:
    """The unit named by `key` (see parse_unit_key), or NotFound: absent and not-yours look alike."""
    unit = visible_units(actor, access).filter(**parse_unit_key(key)).first()
    if unit is None:
        raise NotFound(f"không tìm thấy đơn vị «{key}»", f"unit '{key}' not found", field="unit")
    if not _is_all_seeing(actor):
        memo = _memo(actor)
        memo[access, unit.pk] = True  # the query above just showed it: require_scope need not ask again
        memo[Access.VIEW, unit.pk] = True  # and whoever may edit or review a unit may see it (_IMPLIES_VIEW)
    return unit
