"""Separation of duties as data: for each step of a workflow, the rules an actor must pass, each with its refusal.

monitoring.review (a period's review), planning.transitions (a yearly plan) and recognition.transitions (a
dossier) each keep one table {step: (Rule, ...)}, read here the same way: the system itself (actor None)
may take every step, an anonymous visitor none (refused with the step's first rule), anyone else the steps
whose rules all hold. The state a step starts from is checked apart, with `require_state`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Q

from ntm.geo.models import Unit

from .errors import BadInput, NotAllowed
from .models import Membership
from .scope import memberships


@dataclass(frozen=True)
class Rule:
    """One condition of a step — `holds(actor, subject)` — and what a refused actor reads (Vietnamese, English)."""

    holds: Callable[[Any, Any], bool]
    refusal_vi: str
    refusal_en: str


Duties = Mapping[Any, Sequence[Rule]]


def refusal(duties: Duties, actor: Any, subject: Any, step: StrEnum) -> Rule | None:
    """The first rule of `step` the actor fails; None when they may take it."""
    if actor is None:
        return None
    rules = duties[step]
    if not getattr(actor, "is_authenticated", False):
        return rules[0]
    return next((rule for rule in rules if not rule.holds(actor, subject)), None)


def may(duties: Duties, actor: Any, subject: Any, step: StrEnum) -> bool:
    """Whether `actor` may take `step` on `subject` (its state is checked apart)."""
    return refusal(duties, actor, subject, step) is None


def require(duties: Duties, actor: Any, subject: Any, step: StrEnum) -> None:
    """Raise NotAllowed (403) with the message of the first rule of `step` the actor fails."""
    rule = refusal(duties, actor, subject, step)
    if rule is not None:
        raise NotAllowed(rule.refusal_vi, rule.refusal_en, field="transition")


@dataclass(frozen=True)
class Subject:
    """What a workflow moves, as its messages name it: «kỳ» / "the period", «hồ sơ» / "the dossier"."""

    name_vi: str
    name_en: str
    field: str = "transition"


def require_state(subject: Subject, state: str, state_label: str, sources: Collection[str], *,
                  step_vi: str, step_en: str) -> None:
    """Raise BadInput (422) when `state` is not one the step starts from."""
    if state in sources:
        return
    raise BadInput(f"không thể {step_vi}: {subject.name_vi} đang ở trạng thái «{state_label}»",
                   f"cannot {step_en}: {subject.name_en} is '{state}'", field=subject.field)


def parse_step[Step: StrEnum](steps: type[Step], raw: str) -> Step:
    """The step named by a form or API body; BadInput naming the accepted values otherwise."""
    try:
        return steps(raw)
    except ValueError:
        accepted = ", ".join(s.value for s in steps)
        raise BadInput(f"thao tác «{raw}» không hợp lệ (chấp nhận: {accepted})",
                       f"invalid transition '{raw}' (accepted: {accepted})", field="transition") from None


def memberships_of(actor: Any) -> list[Membership]:
    """The actor's roles in units, each with its unit (the scope's read, once per request's user object)."""
    return memberships(actor)


def province_codes(office: Any) -> set[str]:
    """A 2025 province holds the units of the provinces merged into it."""
    return {office.code} | set(office.predecessions.values_list("predecessor__code", flat=True))


def in_units(condition_of: Callable[[Any], Q]) -> Callable[[Any, Unit], bool]:
    """A rule's check: the unit is one of those `condition_of(actor)` selects."""
    def holds(actor: Any, unit: Unit) -> bool:
        return Unit.objects.filter(condition_of(actor), pk=unit.pk).exists()
    return holds
