"""The review workflow of a unit's period: submit (the unit), approve (the level above), reopen (the province)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ntm.common.audit import audit
from ntm.common.errors import BadInput
from ntm.common.scope import Access, require_scope
from ntm.geo.models import Level, Unit

from .models import PeriodReview, ReviewState
from .periods import Period

# (from state, to state) → the access the actor needs on the unit, and on which unit.
_MOVES = {
    (ReviewState.DRAFT, ReviewState.SUBMITTED): Access.EDIT,
    (ReviewState.SUBMITTED, ReviewState.APPROVED): Access.REVIEW,
    (ReviewState.SUBMITTED, ReviewState.DRAFT): Access.REVIEW,   # sent back
    (ReviewState.APPROVED, ReviewState.DRAFT): Access.REVIEW,    # reopened
}
_VERBS = {ReviewState.SUBMITTED: "submitted", ReviewState.APPROVED: "approved", ReviewState.DRAFT: "reopened"}


def review_of(unit: Unit, family: str, period: Period) -> PeriodReview:
    """The review record (unsaved, in draft, when nothing was done yet)."""
    found = PeriodReview.objects.filter(unit=unit, set_family=family, period_key=period.key).first()
    return found or PeriodReview(unit=unit, set_family=family, period_key=period.key)


def is_locked(unit: Unit, family: str, period: Period) -> bool:
    """True when the period is approved for the unit: its values may not change."""
    return PeriodReview.objects.filter(unit=unit, set_family=family, period_key=period.key,
                                       state=ReviewState.APPROVED).exists()


def _reviewer_unit(unit: Unit) -> Unit:
    """Who reviews: the commune for a village, the unit itself (its province's scope) for a commune."""
    return unit.parent if unit.level == Level.VILLAGE and unit.parent else unit


@transaction.atomic
def move_review(*, actor: Any, unit: Unit, family: str, period: Period, to: str, note: str = "") -> PeriodReview:
    """Move the period's review to `to`; BadInput when that move is not allowed from the current state."""
    review = review_of(unit, family, period)
    target = ReviewState(to)
    access = _MOVES.get((ReviewState(review.state), target))
    if access is None:
        raise BadInput(f"không thể chuyển từ «{review.get_state_display()}» sang «{target.label}»",
                       f"cannot move from '{review.state}' to '{target.value}'", field="state")
    require_scope(actor, unit if access is Access.EDIT else _reviewer_unit(unit), access)
    before = {"state": review.state}
    review.state, review.note = target, note
    review.updated_by = actor if getattr(actor, "pk", None) else None
    review.save()
    audit(actor, f"monitoring.period_review.{_VERBS[target]}", review, unit_code=unit.key,
          before=before, after={"state": review.state, "period": period.key, "set": family, "note": note})
    return review
