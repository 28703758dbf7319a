"""LatestValue, kept by the database's triggers, equals the history read after every kind of write."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ntm.geo.models import Level, Unit
from ntm.monitoring.data import _history_rows, live_unit_data
from ntm.monitoring.models import LatestValue, Observation, UnitDataVersion
from ntm.monitoring.periods import Period

pytestmark = pytest.mark.django_db

FAMILY = "qd318-2022"
CODES = [(1, "1.1"), (2, "2.1"), (6, "")]  # two indicators and a criterion assessed as a whole
# A year and its Q4 end the same day: the later written of the two is the newest.
PERIODS = ["2023-Q1", "2023-Q4", "2023", "2024-Q2", "2024-Q4", "2024", "2025-Q1"]
ASKED = ["2022", "2023-Q1", "2023-Q3", "2023", "2024-Q2", "2024", "2025-Q2"]

keys = st.tuples(st.integers(0, 2), st.sampled_from(CODES), st.sampled_from(PERIODS))
writes = st.one_of(
    st.tuples(st.just("save"), keys, st.integers(0, 1000)),            # create, or change the value
    st.tuples(st.just("bulk"), st.lists(keys, min_size=1, max_size=6, unique=True), st.integers(0, 1000)),
    st.tuples(st.just("move"), keys, st.sampled_from(PERIODS)),        # the row's period changed in place
    st.tuples(st.just("delete"), keys, st.just(0)),
    st.tuples(st.just("delete_unit"), st.integers(0, 2), st.just(0)),  # a queryset delete of many rows
    st.tuples(st.just("update_all"), st.integers(0, 2), st.integers(0, 1000)),  # a queryset update
)


@pytest.fixture
def communes():
    return list(Unit.objects.filter(level=Level.COMMUNE, scheme="legacy").order_by("code")[:3])


def _fields(units, key, figure):
    u, (criterion, indicator), period_key = key
    period = Period.parse(period_key)
    values = {"value": Decimal(figure)} if indicator else {"assessed": "met" if figure % 2 else "not_met"}
    return {"unit": units[u], "set_family": FAMILY, "criterion": criterion, "indicator": indicator,
            "period_key": period_key, "period_end": period.end, **values}


def _where(units, key):
    u, (criterion, indicator), period_key = key
    return Observation.objects.filter(unit=units[u], set_family=FAMILY, criterion=criterion, indicator=indicator,
                                      period_key=period_key)


def apply(units, write) -> None:
    """One write of any kind the code base or a bulk load makes."""
    kind, what, figure = write
    if kind == "save":
        fields = _fields(units, what, figure)
        obs = _where(units, what).first() or Observation(**fields)
        obs.value, obs.assessed = fields.get("value"), fields.get("assessed", "")
        obs.save()
    elif kind == "bulk":
        fresh = [Observation(**_fields(units, k, figure)) for k in what if not _where(units, k).exists()]
        Observation.objects.bulk_create(fresh)
    elif kind == "move":
        taken = _where(units, (what[0], what[1], figure)).exists()
        if not taken:
            _where(units, what).update(period_key=figure, period_end=Period.parse(figure).end)
    elif kind == "delete":
        _where(units, what).delete()
    elif kind == "delete_unit":
        Observation.objects.filter(unit=units[what]).delete()
    else:
        Observation.objects.filter(unit=units[what]).update(value=Decimal(figure))


def expected_entries() -> set[tuple]:
    """Each key's newest row (latest period end; of two ending the same day the later written), from the rows."""
    newest: dict[tuple, tuple] = {}
    for row in Observation.objects.values_list("unit_id", "set_family", "criterion", "indicator", "period_end", "id"):
        key = row[:4]
        if key not in newest or row[4:] > newest[key][4:]:
            newest[key] = row
    return set(newest.values())


def entries() -> set[tuple]:
    return set(LatestValue.objects.values_list("unit_id", "set_family", "criterion", "indicator", "period_end",
                                               "observation_id"))


def history_read(unit_ids, period):
    """live_unit_data as it was: everything from the history read."""
    from ntm.monitoring import data

    real = data._latest_rows
    data._latest_rows = lambda ids, family, p: ([], set(ids))
    try:
        return live_unit_data(unit_ids, FAMILY, period)
    finally:
        data._latest_rows = real


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(writes, min_size=1, max_size=12))
def test_table_equals_the_history_after_any_writes(communes, ops):
    ids = [u.pk for u in communes]
    with transaction.atomic():
        for write in ops:
            apply(communes, write)
            assert entries() == expected_entries()
        for key in ASKED:
            period = Period.parse(key)
            assert live_unit_data(ids, FAMILY, period) == history_read(ids, period)
        transaction.set_rollback(True)


def test_a_later_period_written_first_stays_newest(communes):
    """Out of order: 2025-Q1 written, then 2023-Q1; the table keeps 2025-Q1, the history read answers 2023."""
    apply(communes, ("save", (0, (1, "1.1"), "2025-Q1"), 7))
    apply(communes, ("save", (0, (1, "1.1"), "2023-Q1"), 3))
    (entry,) = LatestValue.objects.filter(unit=communes[0])
    assert entry.period_end == Period.parse("2025-Q1").end
    assert live_unit_data([communes[0].pk], FAMILY, Period.parse("2024"))[communes[0].pk].values["1.1"].value == 3
    assert live_unit_data([communes[0].pk], FAMILY, Period.parse("2025-Q2"))[communes[0].pk].values["1.1"].value == 7


def test_a_year_written_after_its_fourth_quarter_wins_the_tie(communes):
    apply(communes, ("save", (0, (1, "1.1"), "2024-Q4"), 1))
    apply(communes, ("save", (0, (1, "1.1"), "2024"), 2))
    apply(communes, ("save", (0, (1, "1.1"), "2024-Q4"), 5))  # the quarter's value changed: still the older row
    data = live_unit_data([communes[0].pk], FAMILY, Period.parse("2025-Q1"))[communes[0].pk]
    assert (data.values["1.1"].value, data.periods["1.1"]) == (2, "2024")


def test_current_pages_read_no_history(communes):
    """A period at or after the unit's newest stored one: one query on the table, none on the history."""
    apply(communes, ("bulk", [(0, c, p) for c in CODES for p in PERIODS], 9))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        data = live_unit_data([communes[0].pk], FAMILY, Period.parse("2025-Q2"))
    assert len(queries) == 1 and "monitoring_latestvalue" in queries[0]["sql"]
    assert data[communes[0].pk].periods == {"1.1": "2025-Q1", "2.1": "2025-Q1", "#6": "2025-Q1"}


def test_every_write_raises_the_units_data_version(communes):
    def version(u):
        return UnitDataVersion.objects.filter(unit=u).values_list("version", flat=True).first() or 0

    for write in [("save", (0, (1, "1.1"), "2024"), 1), ("save", (0, (1, "1.1"), "2024"), 2),
                  ("bulk", [(0, (2, "2.1"), "2023")], 3), ("move", (0, (2, "2.1"), "2023"), "2023-Q1"),
                  ("update_all", 0, 4), ("delete", (0, (1, "1.1"), "2024"), 0), ("delete_unit", 0, 0)]:
        before, other = version(communes[0]), version(communes[1])
        apply(communes, write)
        assert version(communes[0]) > before, write
        assert version(communes[1]) == other  # another commune's data is untouched


def test_history_rows_stay_available_for_earlier_periods(communes):
    apply(communes, ("bulk", [(0, (1, "1.1"), p) for p in PERIODS], 4))
    rows = _history_rows([communes[0].pk], FAMILY, Period.parse("2023-Q3"))
    assert [r[3] for r in rows] == ["2023-Q1"]


def test_the_migration_fills_the_table_from_an_existing_history(communes):
    """An existing database: the table emptied, the migration's fill gives every key its newest row."""
    import importlib

    from django.db import connection

    migration = importlib.import_module("ntm.monitoring.migrations.0005_latest_value_triggers")
    apply(communes, ("bulk", [(u, c, p) for u in range(3) for c in CODES for p in PERIODS[::-1]], 5))
    apply(communes, ("save", (1, (1, "1.1"), "2024-Q4"), 6))
    LatestValue.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)
    assert entries() == expected_entries() and len(entries()) == 9
