"""A reviewer's work list and a unit's returned periods: what waits for whom, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from ntm.common.scope import Access, visible_units
from ntm.criteria.catalog import all_sets
from ntm.geo.models import Unit

from .data import snapshot_changes
from .models import Observation, PeriodReview, ReviewEvent, ReviewState
from .periods import Period
from .review import Transition, own_units_q, reviewed_units_q


@dataclass(frozen=True)
class WorkItem:
    """One submitted period: the unit, what changed since its last approval, and its evidence."""

    review: PeriodReview
    period: Period
    set_label: str
    waiting_days: int
    changes: list[tuple[str, Any, Any]]
    evidence: list[Observation]

    @property
    def unit(self) -> Unit:
        return self.review.unit

    @property
    def actions(self) -> list[Transition]:
        """Every item of a reviewer's list may be approved or sent back by that reviewer."""
        return [Transition.APPROVE, Transition.SEND_BACK]


def _set_label(review: PeriodReview) -> str:
    cset = all_sets().get(review.set_id or review.set_family)
    return cset.decision_label if cset else review.set_family


def _evidence(reviews: list[PeriodReview]) -> dict[tuple[int, str, str], list[Observation]]:
    """Observations with an evidence note or file, by (unit, family, period), in one query."""
    if not reviews:
        return {}
    keys = Q(pk__in=[])
    for r in reviews:
        keys |= Q(unit_id=r.unit_id, set_family=r.set_family, period_key=r.period_key)
    rows = (Observation.objects.filter(keys).exclude(evidence_note="", evidence_file="")
            .order_by("criterion", "indicator"))
    found: dict[tuple[int, str, str], list[Observation]] = {}
    for obs in rows:
        found.setdefault((obs.unit_id, obs.set_family, obs.period_key), []).append(obs)
    return found


def _waiting(actor: Any) -> Any:
    """Submitted periods of the units the actor reviews as the level above, minus the actor's own submissions."""
    rows = (PeriodReview.objects.filter(state=ReviewState.SUBMITTED)
            .filter(unit__in=visible_units(actor, Access.REVIEW).filter(reviewed_units_q(actor))))
    return rows.exclude(submitted_by=actor) if getattr(actor, "pk", None) else rows


def reviews_waiting(actor: Any, *, limit: int | None = None) -> list[WorkItem]:
    """Submitted periods `actor` may approve or send back (never their own submissions), oldest first."""
    rows = _waiting(actor).select_related("unit", "unit__parent", "submitted_by").order_by("submitted_at", "id")
    reviews = list(rows[:limit] if limit else rows)
    evidence = _evidence(reviews)
    today = timezone.now()
    return [WorkItem(r, Period.parse(r.period_key), _set_label(r),
                     (today - r.submitted_at).days if r.submitted_at else 0,
                     snapshot_changes(r.approved_snapshot, r.snapshot),
                     evidence.get((r.unit_id, r.set_family, r.period_key), []))
            for r in reviews]


def count_waiting(actor: Any) -> int:
    """How many submitted periods wait for `actor` (the home page's count)."""
    return _waiting(actor).count()


@dataclass(frozen=True)
class Returned:
    """A period sent back to its unit (or reopened), with who did it, when and why."""

    review: PeriodReview
    period: Period
    event: ReviewEvent

    @property
    def unit(self) -> Unit:
        return self.review.unit


def returned_to(actor: Any) -> list[Returned]:
    """Periods of the actor's own units that the level above sent back or the province reopened, newest first."""
    latest = ReviewEvent.objects.order_by("-at", "-id")
    rows = (PeriodReview.objects.filter(state=ReviewState.DRAFT, events__isnull=False)
            .filter(unit__in=Unit.objects.filter(own_units_q(actor))).distinct()
            .select_related("unit").prefetch_related(Prefetch("events", queryset=latest)))
    found = []
    for review in rows:
        event = review.events.all()[0]
        if event.transition in (Transition.SEND_BACK, Transition.REOPEN):
            found.append(Returned(review, Period.parse(review.period_key), event))
    return sorted(found, key=lambda r: r.event.at, reverse=True)

