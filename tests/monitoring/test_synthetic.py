"""`ntm demo --synthetic`: a reproducible made-up history for the other communes of Thanh Hóa."""

import datetime as dt

import pytest

from ntm.common.models import AuditEntry
from ntm.criteria.catalog import family_of
from ntm.geo.models import Succession, Unit
from ntm.monitoring.demo import load_demo
from ntm.monitoring.models import Observation, PeriodReview, ReviewState, Source
from ntm.monitoring.periods import Period
from ntm.monitoring.selectors import choose_set
from ntm.monitoring.synthetic import (
    legacy_periods,
    legacy_trajectory,
    load_synthetic,
    new_periods,
    seed_units,
    synthetic_unit_ids,
)

pytestmark = pytest.mark.django_db

# A few 2025 communes (two unmerged, two merged from three, one with a town among its predecessors) and
# a seed's successor, which must get nothing even when asked for: enough to check, and fast.
ONLY = ["2025:14845", "2025:14848", "2025:14878", "2025:14932", "2025:14923", "2025:15124"]
SEEDS = ["legacy:15079", "legacy:15169", "legacy:15205", "legacy:15655", "legacy:21493"]
FIELDS = ("unit_id", "set_family", "criterion", "indicator", "period_key", "period_end", "value", "assessed",
          "source", "version")


def snapshot():
    return sorted(Observation.objects.filter(source=Source.SYNTHETIC).values_list(*FIELDS))


@pytest.fixture
def loaded(db):
    return load_synthetic(only=ONLY)


def test_load_writes_history_for_both_schemes(loaded):
    schemes = set(Observation.objects.filter(source=Source.SYNTHETIC).values_list("unit__scheme", flat=True))
    assert schemes == {"legacy", "2025"}
    assert loaded["observations"] == Observation.objects.filter(source=Source.SYNTHETIC).count() > 0


def test_two_loads_give_identical_rows(loaded):
    first = snapshot()
    Observation.objects.filter(source=Source.SYNTHETIC).delete()
    PeriodReview.objects.all().delete()
    load_synthetic(only=ONLY)
    assert snapshot() == first


def test_second_load_changes_nothing(loaded):
    before, reviews = snapshot(), sorted(PeriodReview.objects.values_list("id", "state"))
    audits = AuditEntry.objects.count()
    again = load_synthetic(only=ONLY)
    assert again["observations"] == 0 and again["submitted"] == again["approved"] == 0
    assert snapshot() == before
    assert sorted(PeriodReview.objects.values_list("id", "state")) == reviews
    assert AuditEntry.objects.count() == audits


def test_one_audit_entry_for_the_load(loaded):
    entries = AuditEntry.objects.filter(action="monitoring.demo.synthetic_loaded")
    assert entries.count() == 1
    assert entries.get().after["observations"] == loaded["observations"]


def test_seed_communes_and_their_successors_get_nothing(loaded, unit):
    seeds = [unit(key) for key in SEEDS]
    successors = Succession.objects.filter(predecessor__in=seeds).values_list("successor", flat=True)
    assert successors.exists()
    untouched = {u.pk for u in seeds} | set(successors)
    assert untouched <= seed_units()
    assert not Observation.objects.filter(unit__in=untouched, source=Source.SYNTHETIC).exists()
    assert not Observation.objects.filter(unit__in=untouched).exclude(source=Source.IMPORTED).exists()


def test_seed_data_is_unchanged_by_the_load(db, unit):
    load_demo()
    seed_rows = sorted(Observation.objects.values_list(*FIELDS))
    load_synthetic(only=ONLY)
    assert sorted(Observation.objects.exclude(source=Source.SYNTHETIC).values_list(*FIELDS)) == seed_rows
    assert not Observation.objects.filter(unit__in=seed_units(), source=Source.SYNTHETIC).exists()


def test_a_period_that_already_holds_data_is_left_alone(db, unit):
    load_synthetic(only=ONLY)
    row = Observation.objects.filter(source=Source.SYNTHETIC, unit__scheme="legacy").order_by("id").first()
    period_rows = Observation.objects.filter(unit=row.unit_id, set_family=row.set_family, period_key=row.period_key)
    kept = period_rows.exclude(pk=row.pk)
    kept.delete()
    Observation.objects.filter(pk=row.pk).update(source=Source.ENTERED, assessed="not_met")
    load_synthetic(only=ONLY)
    assert list(period_rows.values_list("source", "assessed")) == [(Source.ENTERED, "not_met")]


def test_every_row_of_the_synthetic_communes_is_marked_synthetic(loaded):
    units = Observation.objects.filter(source=Source.SYNTHETIC).values_list("unit", flat=True).distinct()
    assert not Observation.objects.filter(unit__in=list(units)).exclude(source=Source.SYNTHETIC).exists()


def test_each_period_is_written_under_the_set_in_force(loaded):
    rows = (Observation.objects.filter(source=Source.SYNTHETIC)
            .values_list("unit", "unit__scheme", "period_key", "set_family").distinct())
    seen = set()
    for unit_id, scheme, key, family in rows:
        period = Period.parse(key)
        assert family == family_of(choose_set(Unit.objects.get(pk=unit_id), period)), (scheme, key)
        assert (period.end <= dt.date(2025, 6, 30)) == (scheme == "legacy")
        seen.add(family)
    assert seen == {"qd318-2022", "qd51-2025"}


def test_periods_cover_2022_to_2025_q2_then_2025_q3_to_2026_q3():
    assert [p.key for p in legacy_periods()][:3] == ["2022-Q3", "2022-Q4", "2022"]
    assert legacy_periods()[-1].key == "2025-Q2"
    assert [p.key for p in new_periods()] == ["2025-Q3", "2025-Q4", "2025", "2026-Q1", "2026-Q2", "2026-Q3"]


def test_a_year_repeats_its_fourth_quarter():
    trajectory = legacy_trajectory("legacy:14848")
    assert trajectory.met["2023"] == trajectory.met["2023-Q4"]
    assert trajectory.figures["2023"] == trajectory.figures["2023-Q4"]


def test_health_insurance_figure_agrees_with_criterion_15(loaded):
    rows = Observation.objects.filter(source=Source.SYNTHETIC)
    assessed = {(u, p): a for u, p, a in rows.filter(criterion=15, indicator="").values_list(
        "unit", "period_key", "assessed")}
    figures = rows.filter(indicator="15.1").values_list("unit", "period_key", "value")
    assert figures
    for unit_id, key, value in figures:
        assert (value >= 90) == (assessed[unit_id, key] == "met")


def test_some_latest_quarters_wait_for_the_province_and_some_are_approved(db):
    load_synthetic(only=[f"2025:{code}" for code in range(14840, 14960)])
    reviews = PeriodReview.objects.filter(unit__province_code="38")
    submitted = reviews.filter(state=ReviewState.SUBMITTED)
    assert submitted.exists()
    assert set(submitted.values_list("period_key", flat=True)) == {"2026-Q3"}
    assert all(r.submitted_at is not None and r.snapshot is not None for r in submitted)
    assert reviews.filter(state=ReviewState.APPROVED).exists()


def test_some_communes_skip_a_report_and_some_regress():
    keys = [f"legacy:{code}" for code in range(14800, 15400, 3)]
    trajectories = [legacy_trajectory(k) for k in keys]
    quarters = [p.key for p in legacy_periods() if "Q" in p.key]
    assert any(len([q for q in quarters if q in t.met]) < len(quarters) for t in trajectories)

    def counts(t):
        return [len(t.met[q]) for q in quarters if q in t.met]

    assert any(any(b < a for a, b in zip(counts(t), counts(t)[1:], strict=False)) for t in trajectories)
    assert any(counts(t)[-1] == 19 for t in trajectories)
    assert any(counts(t)[-1] < 19 for t in trajectories)


def test_synthetic_unit_ids_names_only_units_with_synthetic_data(loaded, unit):
    synthetic = set(Observation.objects.filter(source=Source.SYNTHETIC).values_list("unit", flat=True))
    seed = unit("legacy:15079").pk
    assert synthetic_unit_ids([*synthetic, seed]) == synthetic
    new_only = set(Observation.objects.filter(source=Source.SYNTHETIC, unit__scheme="2025")
                   .values_list("unit", flat=True))
    assert not synthetic_unit_ids(new_only, period_end=dt.date(2025, 6, 30))
    assert synthetic_unit_ids(new_only, period_end=dt.date(2025, 9, 30)) == new_only
