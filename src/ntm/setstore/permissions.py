"""Who may keep which set, and who may publish it (separation of duties), decided here only.

- A province office keeps its own province's sets (those with its province code); the
  administrator keeps the national sets (no province code); a superuser, and the system itself
  (actor None: `ntm criteria import`), both. Nobody else writes a set.
- A draft is published by someone who may keep the set but neither started the draft nor
  edited it last: another officer of the same office checks it, as a real office would.
  The system itself may publish (`ntm criteria import --publish`).
- Drafts are seen only by those who may keep them; published sets are public law, seen by all.
"""

from __future__ import annotations

from typing import Any

from ntm.common.errors import NotAllowed
from ntm.common.models import Membership, Role
from ntm.geo.models import Level

from .models import SetVersion


def _system_or_superuser(actor: Any) -> bool:
    return actor is None or bool(getattr(actor, "is_superuser", False))


def keeps(actor: Any, province_code: str) -> bool:
    """True when `actor` may write sets of this province ("" = national sets)."""
    if _system_or_superuser(actor):
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    memberships = Membership.objects.filter(user=actor)
    if not province_code:
        return memberships.filter(role=Role.ADMINISTRATOR).exists()
    return memberships.filter(role=Role.PROVINCE_OFFICE, unit__level=Level.PROVINCE,
                              unit__province_code=province_code).exists() or \
        memberships.filter(role=Role.PROVINCE_OFFICE, unit__level=Level.PROVINCE, unit__code=province_code).exists()


def kept_provinces(actor: Any) -> list[str]:
    """Province codes whose sets the actor keeps ("" for the national sets), for choices on forms."""
    if _system_or_superuser(actor):
        return [""] + sorted(set(SetVersion.objects.exclude(province_code="").values_list("province_code", flat=True)))
    if not getattr(actor, "is_authenticated", False):
        return []
    rows = Membership.objects.filter(user=actor).select_related("unit")
    codes = {m.unit.province_code or m.unit.code for m in rows
             if m.role == Role.PROVINCE_OFFICE and m.unit.level == Level.PROVINCE}
    national = [""] if any(m.role == Role.ADMINISTRATOR for m in rows) else []
    return national + sorted(codes)


def may_publish(actor: Any, version: SetVersion) -> bool:
    """True when `actor` keeps the set and is neither its drafter nor its last editor."""
    if actor is None:
        return True
    if not keeps(actor, version.province_code):
        return False
    return actor.pk not in (version.created_by_id, version.edited_by_id)


def require_publisher(actor: Any, version: SetVersion) -> None:
    """NotAllowed unless `actor` may publish this draft (see the module's rules)."""
    if not may_publish(actor, version):
        raise NotAllowed("người soạn hoặc người sửa gần nhất không tự ban hành bộ tiêu chí: "
                         "một cán bộ khác của văn phòng điều phối ban hành",
                         "the drafter or last editor may not publish the set: another officer of the office "
                         "publishes it", field="publish")
