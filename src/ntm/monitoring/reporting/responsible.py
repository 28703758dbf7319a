"""Who answers for a unit's report: the steering-committee members assigned to a village, the
village board's members (committee records or user accounts), and for a commune its officials."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from ntm.common.models import Membership, Role
from ntm.geo.models import Level, Unit
from ntm.planning.models import Body, CommitteeMember

from ..periods import Period

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@dataclass(frozen=True)
class Responsible:
    """A person answering for a report: a committee member (maybe with an account) or a user."""

    name: str
    position: str = ""
    contact: str = ""
    user: Any = None
    member: CommitteeMember | None = None

    @property
    def email(self) -> str:
        """The user's address, else one written in the member's contact."""
        if self.user is not None and self.user.email:
            return str(self.user.email)
        found = _EMAIL.search(self.contact)
        return found.group(0) if found else ""

    @property
    def has_account(self) -> bool:
        return self.user is not None


def _user_name(user: Any) -> str:
    return user.get_full_name() or user.username


def _in_term(period: Period) -> Q:
    return ((Q(term_start__isnull=True) | Q(term_start__lte=period.end))
            & (Q(term_end__isnull=True) | Q(term_end__gte=period.end)))


def _members(villages: list[Unit], period: Period) -> dict[int, list[CommitteeMember]]:
    """village id → members assigned to it, then the members of its own board."""
    found: dict[int, list[CommitteeMember]] = defaultdict(list)
    ids = {v.pk for v in villages}
    assigned = (CommitteeMember.objects.filter(_in_term(period), villages__in=ids).select_related("user")
                .prefetch_related("villages"))
    for member in assigned:
        for village in member.villages.all():
            if village.pk in ids:
                found[village.pk].append(member)
    board = CommitteeMember.objects.filter(_in_term(period), unit__in=ids, body=Body.VILLAGE_BOARD)
    for member in board.select_related("user"):
        if member not in found[member.unit_id]:
            found[member.unit_id].append(member)
    return found


def _accounts(units: list[Unit], role: str) -> dict[int, list[Any]]:
    found: dict[int, list[Any]] = defaultdict(list)
    for m in Membership.objects.filter(unit__in=[u.pk for u in units], role=role).select_related("user"):
        if m.user.is_active:
            found[m.unit_id].append(m.user)
    return found


def responsible_for(units: Iterable[Unit], period: Period) -> dict[int, list[Responsible]]:
    """unit id → who answers for its report: for a village its assigned members and board, for a commune
    its officials. A member with an account and that account are one person."""
    units = list(units)
    villages = [u for u in units if u.level == Level.VILLAGE]
    members = _members(villages, period) if villages else {}
    accounts = {**_accounts(villages, Role.VILLAGE_BOARD),
                **_accounts([u for u in units if u.level == Level.COMMUNE], Role.COMMUNE_OFFICIAL)}
    found: dict[int, list[Responsible]] = {}
    for unit in units:
        people = [Responsible(m.name, m.position or m.get_body_display(), m.contact, m.user, m)
                  for m in members.get(unit.pk, [])]
        seats = {p.user.pk for p in people if p.user is not None}
        people += [Responsible(_user_name(u), _role_label(unit), u.email, u) for u in accounts.get(unit.pk, [])
                   if u.pk not in seats]
        found[unit.pk] = people
    return found


def _role_label(unit: Unit) -> str:
    return Role.VILLAGE_BOARD.label if unit.level == Level.VILLAGE else Role.COMMUNE_OFFICIAL.label


def commune_officials(communes: Iterable[Unit]) -> dict[int, list[Any]]:
    """commune id → its officials' active accounts (they are reminded of their villages' overdue reports)."""
    return _accounts(list(communes), Role.COMMUNE_OFFICIAL)
