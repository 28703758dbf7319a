"""The review workflow of a unit's period, with separation of duties enforced here, below every interface.

- submit (draft → submitted): the unit's own body — the village board for a village, the commune
  official for a commune. Submitting freezes the data (the snapshot the evaluation then reads).
- approve (submitted → approved) and send back (submitted → draft, with a reason): the level above —
  the commune official of the village's commune for a village; the province office for a commune
  (since 01/07/2025 there is no district level). Never the person who submitted.
- reopen (approved → draft, with a reason): the province office only.
While a period is submitted or approved its values are read-only, and so is every period that
ends within it (a month inside an approved quarter). The system itself (actor None) may do all.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ntm.common import duties
from ntm.common.audit import actor_label, audit
from ntm.common.duties import Rule, in_units, memberships_of, province_codes
from ntm.common.errors import BadInput, Locked, NotAllowed
from ntm.common.models import Role
from ntm.common.scope import Access, require_scope
from ntm.geo.models import Level, Unit

from .data import FROZEN_STATES, live_unit_data, to_snapshot
from .models import PeriodReview, ReviewEvent, ReviewState
from .periods import Period


class Transition(StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    SEND_BACK = "send_back"
    REOPEN = "reopen"


@dataclass(frozen=True)
class Move:
    source: ReviewState
    target: ReviewState
    label_vi: str
    label_en: str
    needs_reason: bool = False


MOVES = {
    Transition.SUBMIT: Move(ReviewState.DRAFT, ReviewState.SUBMITTED, "gửi duyệt", "submit"),
    Transition.APPROVE: Move(ReviewState.SUBMITTED, ReviewState.APPROVED, "duyệt", "approve"),
    Transition.SEND_BACK: Move(ReviewState.SUBMITTED, ReviewState.DRAFT, "trả lại", "send back", needs_reason=True),
    Transition.REOPEN: Move(ReviewState.APPROVED, ReviewState.DRAFT, "mở lại", "reopen", needs_reason=True),
}


def review_of(unit: Unit, family: str, period: Period) -> PeriodReview:
    """The review record (unsaved, in draft, when nothing was done yet)."""
    found = PeriodReview.objects.filter(unit=unit, set_family=family, period_key=period.key).first()
    return found or PeriodReview(unit=unit, set_family=family, period_key=period.key, period_start=period.start,
                                 period_end=period.end)


def locking_review(unit: Unit, family: str, period: Period) -> PeriodReview | None:
    """The submitted or approved review whose period contains `period`'s end, if any: writes are refused."""
    return (PeriodReview.objects.filter(unit=unit, set_family=family, state__in=FROZEN_STATES,
                                        period_start__lte=period.end, period_end__gte=period.end)
            .order_by("period_start").first())


def require_writable(unit: Unit, family: str, period: Period) -> None:
    """Raise Locked when the unit did not exist for `period`, or a submitted/approved period covers it."""
    require_writable_unit(unit, period)
    lock = locking_review(unit, family, period)
    if lock is None:
        return
    approved = lock.state == ReviewState.APPROVED
    state = "đã được duyệt (cần tỉnh mở lại kỳ)" if approved else "đang chờ duyệt (chờ cấp trên duyệt hoặc trả lại)"
    raise Locked(f"số liệu {Period.parse(lock.period_key).label_vi} {state}: không sửa được {period.label_vi}",
                 f"{lock.period_key} is {lock.state}: {period.key} cannot be changed", field="period")


def own_units_q(actor: Any) -> Q:
    """Units whose own body the actor belongs to: its village (board) or its commune (officials)."""
    condition = Q(pk__in=[])
    for m in memberships_of(actor):
        if (m.role, m.unit.level) in ((Role.VILLAGE_BOARD, Level.VILLAGE), (Role.COMMUNE_OFFICIAL, Level.COMMUNE)):
            condition |= Q(pk=m.unit_id)
    return condition


def reviewed_units_q(actor: Any) -> Q:
    """Units the actor reviews as the level above: a commune's villages, a province office's communes."""
    condition = Q(pk__in=[])
    for m in memberships_of(actor):
        if m.role == Role.COMMUNE_OFFICIAL and m.unit.level == Level.COMMUNE:
            condition |= Q(level=Level.VILLAGE, parent_id=m.unit_id)
        elif m.role == Role.PROVINCE_OFFICE:
            condition |= Q(level=Level.COMMUNE, province_code__in=province_codes(m.unit))
    return condition


def province_units_q(actor: Any) -> Q:
    """Communes and villages of the provinces whose office the actor belongs to."""
    condition = Q(pk__in=[])
    for m in memberships_of(actor):
        if m.role == Role.PROVINCE_OFFICE:
            condition |= Q(level__in=[Level.COMMUNE, Level.VILLAGE], province_code__in=province_codes(m.unit))
    return condition


_is_own_body = in_units(own_units_q)
_is_level_above = in_units(reviewed_units_q)
_is_province_office = in_units(province_units_q)


DUTIES = {
    Transition.SUBMIT: (Rule(_is_own_body, "chỉ ban/cán bộ của chính đơn vị mới gửi duyệt được",
                             "only the unit's own body may submit"),),
    Transition.APPROVE: (Rule(_is_level_above, "chỉ cấp trên trực tiếp (xã với thôn, tỉnh với xã) mới duyệt được",
                              "only the level above (commune for a village, province for a commune) may approve"),),
    Transition.SEND_BACK: (Rule(_is_level_above, "chỉ cấp trên trực tiếp mới trả lại được",
                                "only the level above may send back"),),
    Transition.REOPEN: (Rule(_is_province_office, "chỉ văn phòng điều phối tỉnh mới mở lại kỳ đã duyệt được",
                             "only the province office may reopen an approved period"),),
}
PERIOD = duties.Subject("kỳ", "the period")


def may(actor: Any, unit: Unit, transition: Transition) -> bool:
    """Whether `actor` may take `transition` on `unit` at all (the state is checked separately)."""
    return duties.may(DUTIES, actor, unit, transition)


def _check_actor(actor: Any, unit: Unit, review: PeriodReview, transition: Transition) -> None:
    if actor is None:
        return
    require_scope(actor, unit, Access.VIEW)  # outsiders get NotFound, as everywhere
    duties.require(DUTIES, actor, unit, transition)
    if transition in (Transition.APPROVE, Transition.SEND_BACK) and review.submitted_by_id == actor.pk:
        raise NotAllowed("người gửi duyệt không tự duyệt hoặc trả lại được", "the submitter cannot review their own "
                         "submission", field="transition")


def parse_transition(raw: str) -> Transition:
    """The transition named by a form or API body; BadInput naming the accepted values otherwise."""
    return duties.parse_step(Transition, raw)


@transaction.atomic
def move_review(*, actor: Any, unit: Unit, family: str, period: Period, transition: Transition | str,
                reason: str = "", set_id: str = "") -> PeriodReview:
    """Take `transition` on the unit's period; NotAllowed for the wrong body, BadInput for the wrong state."""
    transition = parse_transition(transition) if isinstance(transition, str) else transition
    move, reason = MOVES[transition], reason.strip()
    review = review_of(unit, family, period)
    if review.pk:
        review = PeriodReview.objects.select_for_update().get(pk=review.pk)
    _check_actor(actor, unit, review, transition)
    duties.require_state(PERIOD, review.state, review.get_state_display(), (move.source,),
                         step_vi=move.label_vi, step_en=move.label_en)
    if move.needs_reason and not reason:
        raise BadInput(f"cần ghi lý do khi {move.label_vi}", f"a reason is required to {move.label_en}",
                       field="reason")
    if transition is Transition.SUBMIT:
        require_writable_unit(unit, period)
    before = review.state
    _apply(review, transition, actor, period, set_id)
    review.state, review.note = move.target, reason
    review.updated_by = actor if getattr(actor, "pk", None) else None
    review.period_start, review.period_end = period.start, period.end
    review.save()
    ReviewEvent.objects.create(review=review, transition=transition.value, from_state=before, to_state=move.target,
                               actor=review.updated_by, actor_label=actor_label(actor), reason=reason)
    audit(actor, f"monitoring.period_review.{transition.value}", review, unit_code=unit.key,
          before={"state": before}, after={"state": review.state, "period": period.key, "set": family,
                                           "reason": reason})
    return review


def require_writable_unit(unit: Unit, period: Period) -> None:
    """Raise Locked for a period that starts after the unit ceased to exist (its successor takes the data)."""
    if unit.valid_to is not None and period.start > unit.valid_to:
        raise Locked(f"{unit.name} đã giải thể từ {unit.valid_to:%d/%m/%Y}: không nhận số liệu {period.label_vi}",
                     f"{unit.name} ceased to exist on {unit.valid_to:%d/%m/%Y}: no data for {period.key}",
                     field="period")


def _apply(review: PeriodReview, transition: Transition, actor: Any, period: Period, set_id: str) -> None:
    """The snapshot and the who/when fields each transition sets."""
    now, user = timezone.now(), actor if getattr(actor, "pk", None) else None
    if transition is Transition.SUBMIT:
        data = live_unit_data([review.unit_id], review.set_family, period)[review.unit_id]
        review.snapshot, review.submitted_by, review.submitted_at = to_snapshot(data), user, now
        review.set_id = set_id or review.set_id
    elif transition is Transition.APPROVE:
        review.approved_snapshot, review.approved_by, review.approved_at = review.snapshot, user, now
    else:  # sent back or reopened: the data is live again
        review.snapshot = None


def review_state_of(unit: Unit, family: str, period: Period) -> str:
    """The state governing a period's values: a submitted/approved period covering it, or its own review's."""
    lock = locking_review(unit, family, period)
    if lock is not None:
        return lock.state
    return review_of(unit, family, period).state


def available_transitions(actor: Any, unit: Unit, review: PeriodReview) -> list[Transition]:
    """The steps `actor` may take now on this period (what the page offers; the service checks again)."""
    found = []
    for transition, move in MOVES.items():
        if ReviewState(review.state) is not move.source or actor is None or not may(actor, unit, transition):
            continue
        if transition in (Transition.APPROVE, Transition.SEND_BACK) and review.submitted_by_id == actor.pk:
            continue
        found.append(transition)
    return found
