"""Reads of plans for pages, the API and the CLI: every one starts from the actor's scope.

A target's status is never stored: it is computed from the evaluation engine at the date asked, on
what was known then — the values of periods that ended by that date (the month of the date when the
date is a month's last day, else the month before). Missing data is "unknown", never "met".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from ntm.common.errors import BadInput, NotFound, OutOfScope
from ntm.common.formats import format_number
from ntm.common.scope import Access, require_scope, visible_units
from ntm.criteria.catalog import family_of
from ntm.criteria.engine import Evaluation
from ntm.criteria.model import Status, ValueType
from ntm.geo.models import Level, Unit
from ntm.monitoring.models import Observation
from ntm.monitoring.periods import Period, PeriodKind
from ntm.monitoring.selectors import evaluate_unit, evaluate_units
from ntm.monitoring.sets import choose_set

from .forecast import Forecast, forecast
from .models import CommitteeMember, Plan, PlanState, Target, TargetKind, Task, TaskStatus

MET, NOT_MET, UNKNOWN = Status.MET, Status.NOT_MET, Status.UNKNOWN
_CLOSED_TASK = (TaskStatus.DONE, TaskStatus.CANCELLED)


def as_of_period(day: dt.date) -> Period:
    """The last month that had ended by `day` (its own month when `day` is the month's last day)."""
    if (day + dt.timedelta(days=1)).day == 1:
        return Period(day.year, PeriodKind.MONTH, day.month)
    first = day.replace(day=1) - dt.timedelta(days=1)
    return Period(first.year, PeriodKind.MONTH, first.month)


# ── Plans of a unit ──────────────────────────────────────────────────────────────────────────────────
def plans_of(*, actor: Any, unit: Unit) -> list[Plan]:
    """Every version of every yearly plan of `unit`, newest year and version first."""
    require_scope(actor, unit, Access.VIEW)
    return list(Plan.objects.filter(unit=unit).order_by("-year", "-version"))


def get_plan(*, actor: Any, unit: Unit, year: int, version: int | None = None) -> Plan:
    """The unit's plan for `year`: the version asked, or the latest; NotFound when there is none."""
    require_scope(actor, unit, Access.VIEW)
    rows = Plan.objects.filter(unit=unit, year=year).select_related("unit", "supersedes")
    found = rows.filter(version=version).first() if version else rows.order_by("-version").first()
    if found is None:
        raise NotFound(f"{unit.name} chưa có kế hoạch năm {year}", f"{unit.name} has no plan for {year}", field="year")
    return found


def get_plan_by_id(*, actor: Any, plan_id: int) -> Plan:
    """A plan by id, if its unit is the actor's to see (NotFound otherwise: absent and not-yours look alike)."""
    found = Plan.objects.filter(pk=plan_id, unit__in=visible_units(actor)).select_related("unit").first()
    if found is None:
        raise NotFound("không tìm thấy kế hoạch", "plan not found", field="plan")
    return found


def get_row(*, actor: Any, model: type[Target] | type[Task], row_id: int) -> Any:
    """A target or task by id, in the actor's scope."""
    found = model.objects.filter(pk=row_id, plan__unit__in=visible_units(actor)).select_related("plan__unit").first()
    if found is None:
        raise NotFound("không tìm thấy", "not found", field="id")
    return found


def committee_of(*, actor: Any, unit: Unit) -> list[CommitteeMember]:
    """The unit's committee members with their assigned villages and the user behind each seat."""
    require_scope(actor, unit, Access.VIEW)
    return list(CommitteeMember.objects.filter(unit=unit).select_related("user").prefetch_related("villages"))


def get_member(*, actor: Any, member_id: int) -> CommitteeMember:
    found = (CommitteeMember.objects.filter(pk=member_id, unit__in=visible_units(actor)).select_related("unit")
             .first())
    if found is None:
        raise NotFound("không tìm thấy thành viên", "member not found", field="id")
    return found


# ── Evaluations, each computed once per read ─────────────────────────────────────────────────────────
@dataclass
class Evaluations:
    """Evaluations of units at a date, memoised for one page or one command."""

    actor: Any
    day: dt.date
    _seen: dict[tuple[int, str], Evaluation | None] = field(default_factory=dict)

    @property
    def period(self) -> Period:
        return as_of_period(self.day)

    def of(self, unit: Unit, set_id: str = "") -> Evaluation | None:
        """The unit's evaluation, or None when no set applies or the unit is not the actor's."""
        key = (unit.pk, set_id)
        if key not in self._seen:
            try:
                result = evaluate_unit(actor=self.actor, unit=unit, period=self.period, set_id=set_id or None,
                                       with_previous=False)
                self._seen[key] = result.evaluation
            except (BadInput, OutOfScope, NotFound):
                self._seen[key] = None
        return self._seen[key]

    def villages_of(self, commune: Unit) -> list[tuple[Unit, Evaluation]]:
        """The commune's villages (existing at the date) with their evaluations, in one batch."""
        villages = [v for v in commune.children.filter(level=Level.VILLAGE).order_by("name")
                    if v.valid_to is None or v.valid_to >= self.period.end]
        if not villages:
            return []
        try:
            cset = choose_set(villages[0], self.period)
            return evaluate_units(actor=self.actor, units=villages, period=self.period, cset=cset)
        except (BadInput, OutOfScope):
            return []


def overall(evaluation: Evaluation | None) -> Status:
    """A whole set: met when every criterion is met, not met when one is not, unknown otherwise."""
    if evaluation is None:
        return UNKNOWN
    statuses = {c.status for c in evaluation.criteria}
    if NOT_MET in statuses:
        return NOT_MET
    return MET if statuses == {MET} else UNKNOWN


# ── A target's status ────────────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class TargetState:
    """Where a target stands at a date: its status and the figure it rests on ("3/5 thôn", "87,5")."""

    status: Status
    actual: str = ""
    value: Decimal | bool | None = None


def _compare(value: Decimal, target: Decimal, comparator: str) -> bool:
    return {">=": value >= target, ">": value > target, "<=": value <= target, "<": value < target,
            "==": value == target}.get(comparator, value >= target)


def _criterion_state(target: Target, unit: Unit, ev: Evaluations) -> TargetState:
    evaluation = ev.of(unit, target.set_id or target.plan.set_id)
    if evaluation is None or target.criterion not in {c.number for c in evaluation.criteria}:
        return TargetState(UNKNOWN)
    result = evaluation.criterion(target.criterion)
    met = sum(1 for i in result.indicators if i.status is MET)
    return TargetState(result.status, f"{met}/{len(result.indicators)} chỉ tiêu đạt")


def _indicator_state(target: Target, unit: Unit, ev: Evaluations) -> TargetState:
    evaluation = ev.of(unit, target.set_id or target.plan.set_id)
    result = next((i for i in evaluation.indicators if i.code == target.indicator), None) if evaluation else None
    if result is None or result.value is None:
        return TargetState(UNKNOWN)
    if isinstance(result.value, bool):
        return TargetState(MET if result.value else NOT_MET, "Đạt" if result.value else "Không đạt", result.value)
    if target.value is None:  # no figure of its own: the set's threshold decides
        return TargetState(result.status, _figure(result.value), result.value)
    reached = _compare(Decimal(result.value), target.value, result.comparator)
    return TargetState(MET if reached else NOT_MET, _figure(result.value), result.value)


def _figure(value: Decimal) -> str:
    return format_number(round(Decimal(value), 2).normalize())


def _village_state(target: Target, unit: Unit, ev: Evaluations) -> TargetState:
    village = target.village or unit
    evaluation = ev.of(village, target.set_id or (target.plan.set_id if village == unit else ""))
    actual = f"{evaluation.criteria_met}/{evaluation.criteria_total} tiêu chí" if evaluation else ""
    return TargetState(overall(evaluation), actual)


def _village_count_state(target: Target, unit: Unit, ev: Evaluations) -> TargetState:
    statuses = [overall(e) for _v, e in ev.villages_of(unit)]
    met, unknown = statuses.count(MET), statuses.count(UNKNOWN)
    wanted = target.value or Decimal(0)
    actual = f"{met}/{len(statuses)} thôn đạt chuẩn"
    if met >= wanted:
        return TargetState(MET, actual, Decimal(met))
    return TargetState(UNKNOWN if met + unknown >= wanted else NOT_MET, actual, Decimal(met))


_STATE_OF = {TargetKind.CRITERION: _criterion_state, TargetKind.INDICATOR: _indicator_state,
             TargetKind.VILLAGE: _village_state, TargetKind.UNIT: _village_state,
             TargetKind.VILLAGE_COUNT: _village_count_state}


def target_state(target: Target, ev: Evaluations) -> TargetState:
    """The target's status at `ev.day`, from the engine; an "other" target is only followed by its note."""
    compute = _STATE_OF.get(TargetKind(target.kind))
    return compute(target, target.plan.unit, ev) if compute else TargetState(UNKNOWN)


# ── Forecast of an indicator target ──────────────────────────────────────────────────────────────────
def indicator_points(unit: Unit, family: str, code: str, value_type: ValueType,
                     until: dt.date) -> list[tuple[dt.date, Decimal]]:
    """The indicator's recorded figures for the unit, one per period end, up to `until`."""
    rows = (Observation.objects.filter(unit=unit, set_family=family, indicator=code, period_end__lte=until)
            .order_by("period_end", "updated_at").values_list("period_end", "value", "numerator", "denominator"))
    points = []
    for end, value, numerator, denominator in rows:
        if value is None and numerator is not None and denominator:
            value = numerator / denominator * (100 if value_type is ValueType.PERCENT else 1)
        if value is not None:
            points.append((end, value))
    return points


def target_forecast(target: Target, ev: Evaluations) -> Forecast | None:
    """For an indicator target, the trend of its recorded values projected to the deadline (None otherwise)."""
    if target.kind != TargetKind.INDICATOR:
        return None
    unit = target.plan.unit
    try:
        cset = choose_set(unit, ev.period, target.set_id or target.plan.set_id or None)
    except BadInput:
        return None
    indicator = cset.indicator(target.indicator)
    if indicator is None or indicator.value_type is ValueType.BOOLEAN:
        return None
    evaluation = ev.of(unit, cset.id)
    result = next((i for i in evaluation.indicators if i.code == target.indicator), None) if evaluation else None
    goal = target.value if target.value is not None else (result.threshold if result else None)
    if goal is None or isinstance(goal, bool):
        return None
    points = indicator_points(unit, family_of(cset), indicator.code, indicator.value_type, ev.period.end)
    bounds = (0.0, 100.0) if indicator.value_type is ValueType.PERCENT else None
    return forecast(points, target=goal, deadline=target.deadline, comparator=indicator.comparator, bounds=bounds)


# ── A plan at a date ─────────────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class TargetRow:
    target: Target
    state: TargetState
    forecast: Forecast | None
    overdue: bool

    @property
    def label(self) -> str:
        return target_label(self.target)


@dataclass(frozen=True)
class TaskRow:
    task: Task
    done_by_day: bool
    overdue: bool
    days_late: int


@dataclass(frozen=True)
class PlanView:
    """A plan as it stood at `day`: each target's status from the data, each task's, what is overdue."""

    plan: Plan
    day: dt.date
    targets: list[TargetRow]
    tasks: list[TaskRow]
    versions: list[Plan]

    @property
    def reached(self) -> int:
        return sum(1 for r in self.targets if r.state.status is MET)

    @property
    def overdue_count(self) -> int:
        return sum(1 for r in self.targets if r.overdue) + sum(1 for r in self.tasks if r.overdue)


def task_row(task: Task, day: dt.date) -> TaskRow:
    """A task at `day`: done by then (and when), or overdue by how many days."""
    done = task.status == TaskStatus.DONE and (task.done_on is None or task.done_on <= day)
    late = (task.deadline is not None and task.deadline < day and not done
            and task.status != TaskStatus.CANCELLED)
    return TaskRow(task, done, late, (day - task.deadline).days if late and task.deadline else 0)


def target_row(target: Target, ev: Evaluations) -> TargetRow:
    state = target_state(target, ev)
    late = target.deadline < ev.day and state.status is not MET and target.kind != TargetKind.OTHER
    return TargetRow(target, state, target_forecast(target, ev), late)


def plan_view(*, actor: Any, plan: Plan, day: dt.date) -> PlanView:
    """Plan versus actual at `day` (any date: what the data said then)."""
    require_scope(actor, plan.unit, Access.VIEW)
    ev = Evaluations(actor, day)
    targets = [target_row(t, ev) for t in plan.targets.select_related("village", "plan__unit")]
    tasks = [task_row(t, day) for t in plan.tasks.select_related("responsible", "village")]
    versions = list(Plan.objects.filter(unit=plan.unit, year=plan.year).order_by("-version"))
    return PlanView(plan, day, targets, tasks, versions)


# ── What is overdue across the actor's scope ─────────────────────────────────────────────────────────
def plans_in_force(plans: Iterable[Plan]) -> list[Plan]:
    """Of issued plans, the latest issued version of each unit and year."""
    latest: dict[tuple[int, int], Plan] = {}
    for plan in plans:
        key = (plan.unit_id, plan.year)
        if key not in latest or plan.version > latest[key].version:
            latest[key] = plan
    return sorted(latest.values(), key=lambda p: (p.unit.name, p.year))


@dataclass(frozen=True)
class OverdueItem:
    """One task or target past its deadline and not done / not reached."""

    plan: Plan
    kind: str  # "task" or "target"
    title: str
    deadline: dt.date
    days_late: int
    responsible: str
    status: str


def _issued_in(units: QuerySet[Unit]) -> list[Plan]:
    rows = Plan.objects.filter(unit__in=units, state=PlanState.ISSUED).select_related("unit").prefetch_related(
        Prefetch("tasks", queryset=Task.objects.select_related("responsible")),
        Prefetch("targets", queryset=Target.objects.select_related("village")))
    return plans_in_force(rows)


def overdue(*, actor: Any, day: dt.date, unit: Unit | None = None) -> list[OverdueItem]:
    """Tasks past their deadline and not done, targets past theirs and not reached, in plans in force."""
    units = visible_units(actor)
    if unit is not None:
        require_scope(actor, unit, Access.VIEW)
        units = units.filter(pk__in=[unit.pk, *unit.children.values_list("pk", flat=True)])
    items, ev = [], Evaluations(actor, day)
    for plan in _issued_in(units):
        for task in plan.tasks.all():
            row = task_row(task, day)
            if row.overdue:
                who = task.responsible.name if task.responsible else task.responsible_body
                items.append(OverdueItem(plan, "task", task.title, task.deadline, row.days_late, who,  # type: ignore[arg-type]
                                         task.get_status_display()))
        for target in plan.targets.all():
            target.plan = plan
            if target.deadline < day and target.kind != TargetKind.OTHER:
                state = target_state(target, ev)
                if state.status is not MET:
                    items.append(OverdueItem(plan, "target", target_label(target), target.deadline,
                                             (day - target.deadline).days, "", state.status.value))
    return sorted(items, key=lambda i: (-i.days_late, i.plan.unit.name, i.title))


def target_label(target: Target) -> str:
    """A target in words: its text as the document states it, or what it aims at."""
    if target.text:
        return target.text
    kind = TargetKind(target.kind)
    if kind is TargetKind.CRITERION:
        return f"Đạt tiêu chí số {target.criterion}"
    if kind is TargetKind.INDICATOR:
        value = "" if target.value is None else f": {format_number(target.value.normalize())}"
        return f"Chỉ tiêu {target.indicator}{value}"
    if kind is TargetKind.VILLAGE and target.village:
        return f"{target.village.name} đạt chuẩn"
    if kind is TargetKind.VILLAGE_COUNT and target.value is not None:
        return f"{int(target.value)} thôn đạt chuẩn"
    return kind.label


# ── A member's assignments (the home page) ───────────────────────────────────────────────────────────
@dataclass(frozen=True)
class Seat:
    """A committee seat of the user: the criteria assigned with their status, villages, tasks, targets."""

    member: CommitteeMember
    criteria: list[tuple[int, str, Status]]
    villages: list[Unit]
    tasks: list[TaskRow]
    targets: list[Target]


def assigned_to(user: Any, *, day: dt.date | None = None) -> list[Seat]:
    """The user's committee seats, each with what is assigned to it at `day` (today by default)."""
    day = day or dt.date.today()
    if not getattr(user, "is_authenticated", False):
        return []
    ev = Evaluations(user, day)
    seats = CommitteeMember.objects.filter(user=user).select_related("unit").prefetch_related("villages")
    return [_seat(member, ev) for member in seats]


def _seat(member: CommitteeMember, ev: Evaluations) -> Seat:
    in_force = plans_in_force(Plan.objects.filter(unit=member.unit, state=PlanState.ISSUED).select_related("unit"))
    set_id = next((p.set_id for p in reversed(in_force) if p.set_id), "")
    evaluation = ev.of(member.unit, set_id)
    numbers = [int(n) for n in member.criteria]
    evaluated = {c.number: (c.number, c.name, c.status) for c in (evaluation.criteria if evaluation else ())}
    # a criterion the evaluated set does not have (another set, no data) is listed as unknown, never dropped
    criteria = [evaluated.get(n, (n, "", UNKNOWN)) for n in numbers]
    rows = Task.objects.filter(responsible=member, plan__in=in_force).exclude(status__in=_CLOSED_TASK)
    tasks = [task_row(t, ev.day) for t in rows.select_related("plan__unit").order_by("deadline")]
    targets = list(Target.objects.filter(plan__in=in_force, kind=TargetKind.CRITERION, criterion__in=numbers)
                   .order_by("deadline"))
    return Seat(member, criteria, list(member.villages.all()), tasks, targets)
