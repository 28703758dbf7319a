"""Who may do what to a yearly plan, by role, plan state and unit level — enforced here, below every interface.

Separation of duties (the plan is a signed administrative document, kế hoạch "…/KH-UBND"):
- edit (targets, tasks, title, while the plan is a draft) and new_version (an issued plan copied into a new
  draft that supersedes it): the drafters — for a village plan its village board or the commune official
  of its commune; for a commune plan the commune official.
- issue (draft → issued, with its number and date): the commune official, for the commune's own plan (signed
  by its chairman) and for a village plan (the level above the village board). A village board never issues.
- close (issued → closed): the commune official or the province office (which reads every plan of its
  province and may close one at the end of its year).
- report (a task's progress and status, allowed on a draft or an issued plan: reporting, not plan content):
  the drafters.
The administrator role and a superuser read everything and take no step (plans are the units' documents).
The system itself (actor None: imports, `ntm demo`) may do all.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Q

from ntm.common import duties
from ntm.common.duties import Rule, in_units
from ntm.common.scope import Access, require_scope
from ntm.geo.models import Level, Unit
from ntm.monitoring.review import own_units_q, province_units_q, reviewed_units_q

from .models import PlanState


class Transition(StrEnum):
    EDIT = "edit"
    ISSUE = "issue"
    CLOSE = "close"
    NEW_VERSION = "new_version"
    REPORT = "report"


@dataclass(frozen=True)
class Step:
    """The states a step starts from, and its Vietnamese and English names."""

    sources: tuple[PlanState, ...]
    label_vi: str
    label_en: str


STEPS = {
    Transition.EDIT: Step((PlanState.DRAFT,), "sửa kế hoạch", "edit the plan"),
    Transition.ISSUE: Step((PlanState.DRAFT,), "ban hành", "issue"),
    Transition.CLOSE: Step((PlanState.ISSUED,), "kết thúc", "close"),
    Transition.NEW_VERSION: Step((PlanState.ISSUED,), "lập phiên bản mới", "start a new version"),
    Transition.REPORT: Step((PlanState.DRAFT, PlanState.ISSUED), "cập nhật tiến độ", "report progress"),
}


def _commune_official_q(actor: Any) -> Q:
    """Communes whose official the actor is, and their villages (the level above a village board)."""
    return own_units_q(actor) & Q(level=Level.COMMUNE) | reviewed_units_q(actor) & Q(level=Level.VILLAGE)


def _drafter_q(actor: Any) -> Q:
    """A village's board or its commune; a commune's official."""
    return own_units_q(actor) | reviewed_units_q(actor) & Q(level=Level.VILLAGE)


def _closer_q(actor: Any) -> Q:
    return _commune_official_q(actor) | province_units_q(actor)


_drafter = in_units(_drafter_q)


DUTIES = {
    Transition.EDIT: (Rule(_drafter,
                           "chỉ ban phát triển thôn (kế hoạch của thôn) hoặc cán bộ xã mới soạn được kế hoạch",
                           "only the village board (village plan) or the commune official may draft a plan"),),
    Transition.NEW_VERSION: (Rule(_drafter, "chỉ người soạn kế hoạch (thôn hoặc xã) mới lập được phiên bản mới",
                                  "only the plan's drafters may start a new version"),),
    Transition.REPORT: (Rule(_drafter,
                             "chỉ thôn (kế hoạch của thôn) hoặc cán bộ xã mới cập nhật được tiến độ",
                             "only the village board (village plan) or the commune official may report progress"),),
    Transition.ISSUE: (Rule(in_units(_commune_official_q),
                            "chỉ cán bộ xã mới ban hành được kế hoạch (của xã, và của thôn thuộc xã)",
                            "only the commune official may issue a plan (the commune's, and its villages')"),),
    Transition.CLOSE: (Rule(in_units(_closer_q),
                            "chỉ cán bộ xã hoặc văn phòng điều phối tỉnh mới kết thúc được kế hoạch",
                            "only the commune official or the province office may close a plan"),),
}
PLAN = duties.Subject("kế hoạch", "the plan", field="state")


def may(actor: Any, unit: Unit, transition: Transition) -> bool:
    """Whether `actor` may take `transition` on plans of `unit` at all (the state is checked separately)."""
    return duties.may(DUTIES, actor, unit, transition)


def require_step(actor: Any, unit: Unit, transition: Transition, state: str | None) -> None:
    """OutOfScope (404) for an outsider, NotAllowed (403) for the wrong body, BadInput (422) for the wrong state.

    `state` None means no plan exists yet (creating one is an edit of a new draft).
    """
    if actor is not None:
        require_scope(actor, unit, Access.VIEW)
    duties.require(DUTIES, actor, unit, transition)
    step = STEPS[transition]
    if state is not None:
        duties.require_state(PLAN, state, PlanState(state).label, step.sources,
                             step_vi=step.label_vi, step_en=step.label_en)


def available_steps(actor: Any, unit: Unit, state: str) -> list[Transition]:
    """The steps the page offers `actor` on a plan in `state` (the services check again)."""
    if actor is None:
        return []
    return [t for t, step in STEPS.items() if PlanState(state) in step.sources and may(actor, unit, t)]
