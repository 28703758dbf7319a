"""Synthetic history for the other communes of Thanh Hóa, so the demo looks alive (`ntm demo --synthetic`).

Only the five seed communes hold real facts (data/demo.yaml). Every other xã of province 38 gets a
plausible, made-up trajectory: a number of criteria met that mostly rises, some communes reaching
19/19, a few regressing, a few skipping a report. Everything is drawn from a fixed seed per commune,
so every run produces the same rows, and every row is marked Source.SYNTHETIC.

Never overwritten: a unit-period that already holds any observation (a seed's real data, or a value
someone typed) is left alone, and the seed communes, their successors and their successors' other
predecessors get nothing, so the seeds' own story stays free of invented data. A second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

import yaml
from django.db import connection, transaction
from django.utils import timezone

from ntm.common.audit import audit
from ntm.common.scope import parse_unit_key
from ntm.criteria.catalog import family_of, get_set, sets_in_force
from ntm.criteria.model import CriteriaSet
from ntm.geo.models import Level, Scheme, Succession, Unit

from .demo import DEMO_FILE
from .models import Observation, PeriodReview, ReviewState, Source
from .periods import Period, PeriodKind
from .review import Transition, move_review, review_of

PROVINCE = "38"                      # Thanh Hóa
SEED = "ntm-synthetic-2026"          # change it and every trajectory changes; keep it and they never do
LAST_LEGACY = Period(2025, PeriodKind.QUARTER, 2)    # the old communes ended on 30/06/2025
FIRST_NEW = Period(2025, PeriodKind.QUARTER, 3)
LAST_NEW = Period(2026, PeriodKind.QUARTER, 3)       # fixed, not "today": the same data at every run
NEW_SET = "qd51-2025"                                # the 2026–2030 national commune set (10 criteria)
NOTE = "Số liệu mô phỏng để trình diễn, không phải số liệu thật của xã."

# Criteria that took communes longest in the 2021–2025 programme come last in a commune's order
# (culture facilities, income, production, health insurance, environment). A made-up weighting.
_DIFFICULTY_318 = {2: 1.5, 5: 1.5, 6: 2.5, 10: 2.5, 11: 1.5, 13: 2.0, 14: 1.0, 15: 2.5, 17: 3.0}
_DIFFICULTY_51 = {2: 1.5, 3: 2.0, 5: 2.0, 7: 2.5}

# Numeric indicators written beside the assessments: (code, range when its criterion is met, when not).
# Only 15.1 has a known threshold (90 %, th-32-2022): its ranges keep the value on the assessed side of it.
_FIGURES = {
    "15.1": ((90.5, 97.5), (78.0, 89.5)),     # % người dân tham gia BHYT
    "17.1": ((55.0, 85.0), (25.0, 55.0)),     # % hộ dùng nước sạch theo quy chuẩn
    "14.3": ((72.0, 86.0), (55.0, 71.0)),     # % lao động có việc làm qua đào tạo
    "11": ((4.5, 0.8), (12.0, 4.6)),          # % hộ nghèo đa chiều (lower is better)
}


# ---------------------------------------------------------------- the pure part: trajectories


def legacy_periods() -> list[Period]:
    """2022-Q3 … 2025-Q2 with each full year after its Q4 (th-32-2022 applies from 10/08/2022)."""
    return _with_years(_quarters(Period(2022, PeriodKind.QUARTER, 3), LAST_LEGACY))


def new_periods() -> list[Period]:
    """2025-Q3 … 2026-Q3 with the year 2025 after its Q4."""
    return _with_years(_quarters(FIRST_NEW, LAST_NEW))


def _quarters(first: Period, last: Period) -> list[Period]:
    found = [last]
    while found[-1] != first:
        found.append(found[-1].previous())
    return found[::-1]


def _with_years(quarters: list[Period]) -> list[Period]:
    result = []
    for quarter in quarters:
        result.append(quarter)
        if quarter.index == 4:
            result.append(Period(quarter.year, PeriodKind.YEAR))
    return result


@dataclass
class Trajectory:
    """One commune's made-up history: criteria met and figures per period key (absent = not reported)."""

    met: dict[str, frozenset[int]] = field(default_factory=dict)
    figures: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    review: dict[str, str] = field(default_factory=dict)


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(map(str, (SEED, *parts))))


def _order(rng: random.Random, numbers: Sequence[int], difficulty: dict[int, float],
           first: Iterable[int] = ()) -> list[int]:
    """The commune's criteria, easiest first; `first` (already met) ahead of the rest."""
    head = set(first)
    return sorted(numbers, key=lambda n: (n not in head, difficulty.get(n, 0.0) + rng.uniform(0, 2.5)))


def _counts(rng: random.Random, start: int, steps: int, total: int, gain: float) -> list[int]:
    """Criteria met at each step: mostly rising, one drop for about one commune in eight."""
    drop_at = rng.randrange(steps // 3, steps) if rng.random() < 0.12 and steps > 3 else None
    counts, k = [], start
    for step in range(steps):
        if step == drop_at:
            k = max(1, k - rng.choice((1, 1, 2)))
        elif step and rng.random() < gain:
            k = min(total, k + (2 if rng.random() < 0.1 else 1))
        counts.append(k)
    return counts


def _gaps(rng: random.Random, quarters: Sequence[Period], share: float) -> set[str]:
    """Quarters a commune did not report (never its first one)."""
    if rng.random() >= share or len(quarters) < 3:
        return set()
    return {p.key for p in rng.sample(list(quarters[1:]), rng.choice((1, 1, 2)))}


def _figure(rng: random.Random, code: str, met: bool, quality: float) -> Decimal:
    low, high = _FIGURES[code][0 if met else 1]
    share = min(1.0, max(0.0, quality + rng.gauss(0, 0.08)))
    return Decimal(str(round(low + (high - low) * share, 1)))


def _income(start: float, period: Period) -> Decimal:
    """Triệu đồng/người/năm, growing about 7 % a year from 2022."""
    years = (period.end - dt.date(2022, 9, 30)).days / 365
    return Decimal(str(round(start * 1.07 ** years, 1)))


def _fill(trajectory: Trajectory, key: str, rng: random.Random, periods: Sequence[Period], order: list[int],
          counts: list[int], skip: set[str], figures: bool) -> None:
    """Write met sets (and figures) per period; a year repeats its Q4, as the annual report does."""
    quality, income = rng.random(), rng.uniform(38, 52)
    quarters = [p for p in periods if p.kind is PeriodKind.QUARTER]
    by_quarter = dict(zip((q.key for q in quarters), counts, strict=True))
    for period in periods:
        source = period if period.kind is PeriodKind.QUARTER else Period(period.year, PeriodKind.QUARTER, 4)
        if source.key in skip and period.kind is PeriodKind.QUARTER:
            continue
        met = frozenset(order[:by_quarter[source.key]])
        trajectory.met[period.key] = met
        if figures:
            trajectory.figures[period.key] = (
                {code: _figure(_rng(key, source.key, code), code, int(code.split(".")[0]) in met, quality)
                 for code in _FIGURES} | {"10": _income(income, source)})


def legacy_trajectory(key: str) -> Trajectory:
    """The history of a pre-2025 commune under th-32-2022, drawn from its key alone."""
    rng = _rng(key)
    periods = legacy_periods()
    quarters = [p for p in periods if p.kind is PeriodKind.QUARTER]
    kind = rng.random()
    start = rng.randint(16, 19) if kind < 0.25 else rng.randint(6, 11) if kind > 0.8 else rng.randint(11, 16)
    gain = 0.15 if kind > 0.8 else 0.22
    order = _order(rng, range(1, 20), _DIFFICULTY_318)
    trajectory = Trajectory()
    _fill(trajectory, key, rng, periods, order, _counts(rng, start, len(quarters), 19, gain),
          _gaps(rng, quarters, 0.12), figures=True)
    if rng.random() < 0.2:
        trajectory.review["2024"] = ReviewState.APPROVED
    return trajectory


def new_trajectory(key: str, inherited: frozenset[int] | None) -> Trajectory:
    """The history of a 2025 commune: th-32-2022 until 14/02/2026, then qd51-2025 (10 criteria).

    `inherited` are the criteria all its predecessors met on 30/06/2025 (None when none had data).
    """
    rng = _rng(key)
    switch = get_set(NEW_SET).valid_from           # 15/02/2026: QĐ 51/2025/QĐ-TTg replaces th-32-2022
    th_periods = [p for p in new_periods() if p.end < switch]
    new_set = [p for p in new_periods() if p.end >= switch]
    if inherited is None:
        inherited = frozenset(_order(rng, range(1, 20), _DIFFICULTY_318)[:rng.randint(9, 16)])
    trajectory = Trajectory()
    counts = _counts(rng, len(inherited), 2, 19, 0.35)
    _fill(trajectory, key, rng, th_periods, _order(rng, range(1, 20), _DIFFICULTY_318, inherited), counts, set(),
          figures=True)
    # The 2026–2030 set is harder: a commune starts lower and climbs again.
    start = min(9, max(2, round(counts[-1] * 10 / 19) - rng.randint(1, 3)))
    skip = {LAST_NEW.key} if rng.random() < 0.1 else set()   # late with its latest report
    _fill(trajectory, key, rng, new_set, _order(rng, range(1, 11), _DIFFICULTY_51),
          _counts(rng, start, len(new_set), 10, 0.35), skip, figures=False)
    _plan_reviews(rng, trajectory)
    return trajectory


def _plan_reviews(rng: random.Random, trajectory: Trajectory) -> None:
    """Some communes wait for the province on their latest quarter; earlier quarters are often approved."""
    draw = rng.random()
    if draw < 0.45:
        trajectory.review["2026-Q1"] = ReviewState.APPROVED
    if draw < 0.25:
        trajectory.review["2026-Q2"] = ReviewState.APPROVED
    if rng.random() < 0.35 and LAST_NEW.key in trajectory.met:
        trajectory.review[LAST_NEW.key] = ReviewState.SUBMITTED


# ---------------------------------------------------------------- the database part


@cache
def set_for(period: Period) -> CriteriaSet:
    """The commune set in force in Thanh Hóa at the period's end (the province's variant first)."""
    return sets_in_force(period.end, level="commune", kind="xa_ntm", province=PROVINCE)[0]


def seed_units(path: Any = DEMO_FILE) -> set[int]:
    """The seed communes, their successors and those successors' other predecessors: never synthetic."""
    keys = [c["unit"] for c in yaml.safe_load(path.read_text(encoding="utf-8"))["communes"]]
    seeds = {Unit.objects.get(**parse_unit_key(k)).pk for k in keys}
    successors = set(Succession.objects.filter(predecessor__in=seeds).values_list("successor", flat=True))
    partners = set(Succession.objects.filter(successor__in=successors).values_list("predecessor", flat=True))
    return seeds | successors | partners


def _communes(scheme: str, excluded: set[int]) -> list[Unit]:
    """The rural communes (xã) of Thanh Hóa in a scheme: the programme does not cover wards and towns."""
    rows = Unit.objects.filter(scheme=scheme, level=Level.COMMUNE, province_code=PROVINCE, division_type="xã")
    return [u for u in rows.order_by("code") if u.pk not in excluded]


def _rows(unit: Unit, trajectory: Trajectory, taken: set[tuple[int, str, str]]) -> Iterator[dict[str, Any]]:
    """Observation rows (field → value) for every period of the trajectory not already holding data."""
    for key, met in trajectory.met.items():
        period = Period.parse(key)
        cset = set_for(period)
        family = family_of(cset)
        if (unit.pk, family, key) in taken:
            continue
        common = {"unit_id": unit.pk, "set_family": family, "period_key": key, "period_end": period.end}
        for crit in cset.criteria:
            yield {**common, "criterion": crit.number, "indicator": "",
                   "assessed": "met" if crit.number in met else "not_met"}
        for code, value in trajectory.figures.get(key, {}).items():
            yield {**common, "criterion": cset.indicator(code).criterion, "indicator": code, "value": value}


def _insert(rows: list[dict[str, Any]]) -> None:
    """Insert the rows with one executemany, every other field at its default (synthetic, version 1, now).

    Not bulk_create: for ~170,000 rows it spends 25–40 s on this 2-core machine preparing each
    value and building the statements; here only the per-row fields are prepared, once each.
    """
    template = Observation(source=Source.SYNTHETIC, evidence_note=NOTE, version=1)
    fields = [f for f in Observation._meta.concrete_fields if not f.primary_key]
    fixed = {f.attname: f.get_db_prep_save(f.pre_save(template, add=True), connection) for f in fields}
    per_row = {f.attname: f for f in fields if f.attname in ("period_end", "value")}
    table, columns = Observation._meta.db_table, [f.column for f in fields]
    sql = (f"INSERT INTO {connection.ops.quote_name(table)} ({', '.join(map(connection.ops.quote_name, columns))}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    cache: dict[tuple[str, Any], Any] = {}

    def prepare(name: str, value: Any) -> Any:
        if name not in per_row:
            return value
        if (name, value) not in cache:
            cache[name, value] = per_row[name].get_db_prep_save(value, connection)
        return cache[name, value]

    values = []
    for row in rows:
        values.append([prepare(f.attname, row[f.attname]) if f.attname in row else fixed[f.attname] for f in fields])
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def _taken(units: Sequence[Unit]) -> set[tuple[int, str, str]]:
    """(unit, family, period) that already hold any observation: never written over."""
    rows = Observation.objects.filter(unit__in=[u.pk for u in units]).values_list("unit_id", "set_family",
                                                                                  "period_key")
    return set(rows.distinct())


def _inherited(unit: Unit, legacy: dict[int, Trajectory]) -> frozenset[int] | None:
    """Criteria every predecessor with a trajectory met in 2025-Q2 (or its latest report before)."""
    parts = [legacy[pk] for pk in unit.predecessions.values_list("predecessor", flat=True) if pk in legacy]
    if not parts:
        return None
    return frozenset.intersection(*(t.met[max(t.met, key=lambda k: Period.parse(k).end)] for t in parts))


@transaction.atomic
def load_synthetic(*, only: Collection[str] | None = None) -> dict[str, int]:
    """Write the synthetic history; `only` (2025 commune keys) limits it to those and their predecessors (tests)."""
    excluded = seed_units()
    new_units = [u for u in _communes(Scheme.Y2025, excluded) if only is None or u.key in only]
    legacy_units = _communes(Scheme.LEGACY, excluded)
    if only is not None:
        wanted = set(Succession.objects.filter(successor__in=new_units).values_list("predecessor", flat=True))
        legacy_units = [u for u in legacy_units if u.pk in wanted]
    legacy = {u.pk: legacy_trajectory(u.key) for u in legacy_units}
    plans = [(u, legacy[u.pk]) for u in legacy_units]
    plans += [(u, new_trajectory(u.key, _inherited(u, legacy))) for u in new_units]
    taken = _taken([u for u, _ in plans])
    rows = [row for unit, trajectory in plans for row in _rows(unit, trajectory, taken)]
    _insert(rows)
    written = {(r["unit_id"], r["period_key"]) for r in rows}
    reviews = _apply_reviews([(u, t) for u, t in plans], written)
    counts = {"communes": len({unit_id for unit_id, _ in written}), "periods": len(written),
              "observations": len(rows), **reviews, "forecast_plans": add_forecast_plan(legacy_units)}
    if rows:
        province = Unit.objects.get(scheme=Scheme.Y2025, level=Level.PROVINCE, code=PROVINCE)
        audit(None, "monitoring.demo.synthetic_loaded", province, unit_code=province.key, after=counts)
    return counts


def _apply_reviews(plans: Sequence[tuple[Unit, Trajectory]], written: set[tuple[int, str]]) -> dict[str, int]:
    """Move the planned periods through the review services, as the system (only periods written now)."""
    counts = {"submitted": 0, "approved": 0}
    for unit, trajectory in plans:
        for key, state in trajectory.review.items():
            if (unit.pk, key) not in written:
                continue
            period = Period.parse(key)
            cset = set_for(period)
            family = family_of(cset)
            if review_of(unit, family, period).state != ReviewState.DRAFT:
                continue
            moves = [Transition.SUBMIT] + ([Transition.APPROVE] if state == ReviewState.APPROVED else [])
            for transition in moves:
                review = move_review(actor=None, unit=unit, family=family, period=period, transition=transition,
                                     set_id=cset.id)
            _backdate(review, period, unit.pk)
            counts[state] += 1
    return counts


def _backdate(review: PeriodReview, period: Period, unit_id: int) -> None:
    """Date the steps as an office would have taken them: submitted 0–19 days after the period ended (a fixed
    spread per unit and period, so the reporting pages show some reports on time and some late), approved a week
    later; never in the future."""
    days = zlib.crc32(f"{unit_id}:{period.key}".encode()) % 20
    submitted = timezone.make_aware(dt.datetime.combine(period.end + dt.timedelta(days=days), dt.time(9)))
    if submitted >= timezone.now():
        return
    approved = min(submitted + dt.timedelta(days=7), timezone.now()) if review.approved_at else None
    PeriodReview.objects.filter(pk=review.pk).update(submitted_at=submitted, approved_at=approved)
    for event in review.events.all():
        event.at = approved if event.transition == Transition.APPROVE and approved else submitted
        event.save(update_fields=["at"])


def synthetic_unit_ids(unit_ids: Iterable[int], period_end: dt.date | None = None) -> set[int]:
    """Which of these units hold synthetic observations (for periods ending by `period_end`, if given)."""
    rows = Observation.objects.filter(unit_id__in=list(unit_ids), source=Source.SYNTHETIC)
    if period_end is not None:
        rows = rows.filter(period_end__lte=period_end)
    return set(rows.values_list("unit_id", flat=True).distinct())


# ---------------------------------------------------------------- a plan to forecast (issue 8)

FORECAST_SET, FORECAST_INDICATOR = "th-32-2022", "15.1"     # BHYT, the one numeric threshold in the set


def add_forecast_plan(units: Sequence[Unit]) -> int:
    """Give the first old commune whose 15.1 stays below its threshold on ≥ 3 recorded quarters a synthetic
    2025 plan aiming at the threshold by its last day (30/06/2025), so the forecast has a trend to project.

    Marked Source.SYNTHETIC like its observations; a second run adds nothing. Returns plans created.
    """
    from ntm.planning.models import Plan, PlanState, Target, TargetKind

    threshold = Decimal(str(get_set(FORECAST_SET).indicator(FORECAST_INDICATOR).threshold))
    for unit in units:
        values = list(Observation.objects.filter(unit=unit, indicator=FORECAST_INDICATOR, source=Source.SYNTHETIC,
                                                 period_key__contains="-Q").order_by("period_end")
                      .values_list("value", flat=True))
        if len(values) < 3 or values[-1] >= threshold:
            continue
        if Plan.objects.filter(unit=unit, year=LAST_LEGACY.year).exists():
            return 0
        plan = Plan.objects.create(unit=unit, year=LAST_LEGACY.year, set_id=FORECAST_SET, state=PlanState.DRAFT,
                                   title=f"Kế hoạch mô phỏng năm {LAST_LEGACY.year}", note=NOTE,
                                   source=Source.SYNTHETIC)
        target = Target.objects.create(plan=plan, kind=TargetKind.INDICATOR, set_id=FORECAST_SET,
                                       indicator=FORECAST_INDICATOR, value=threshold, deadline=LAST_LEGACY.end,
                                       text=f"Mô phỏng: chỉ tiêu {FORECAST_INDICATOR} đạt {threshold}% trở lên",
                                       source=Source.SYNTHETIC)
        audit(None, "planning.plan.created", plan, unit_code=unit.key,
              after={"synthetic": True, "target": target.pk, "indicator": FORECAST_INDICATOR,
                     "value": str(threshold), "deadline": str(target.deadline)})
        return 1
    return 0
