"""Benchmark at national scale: generate the dataset in a database of its own, then time the pages.

Generates, into a database this script creates (a temporary SQLite folder, or the PostgreSQL
database of DATABASE_URL, e.g. the throwaway server of scripts/with-postgres; it refuses any
database that already holds tables): the administrative units of both schemes (`load_units`:
3,321 communes of 2025, 10,051 pre-2025 communes), ~30 villages a commune, and quarterly values of
every indicator of the commune set in force (QĐ 318 family for the old communes 2022-Q1…2025-Q2,
QĐ 51/2025 for the new ones 2025-Q3…2026-Q4), ~10 % missing, inserted in batches (COPY on
PostgreSQL, executemany on SQLite) with the database's triggers keeping the latest values as for
any write.

By default only the largest province (by 2025 communes) and the pre-2025 communes merged into its
communes get villages and values: a documented fraction that fits a few minutes on a 2-core machine;
`--provinces all` generates the whole country (every commune of both schemes).

Then it measures in-process (Django test client, an administrator): the commune scorecard, the
largest province's heat-map (uncached, cached, and after one value saved in one of its communes),
the save itself, a national summary (communes meeting each criterion, by the batch path; uncached
and cached), the reviewer's work list; the time and query count of each, three runs. Then the
latest-value read from its table against the history read it replaces, on the same units.
Last, the batch evaluation of the generated communes against bench/engine.py's NumPy baseline on the
same rows (thresholds the sets leave unknown filled with synthetic figures, as bench/engine.py does).

    python bench/national.py                                  # SQLite, largest province
    scripts/with-postgres python bench/national.py            # PostgreSQL
    scripts/with-postgres python bench/national.py --provinces all --since 2025   # every commune, 2025 on
"""

from __future__ import annotations

import argparse
import atexit
import os
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]
VILLAGES_PER_COMMUNE = 30  # villages of the 2025 communes
BATCH = 5000
OBSERVATION_BATCH = 50_000  # rows a COPY or executemany


def setup_database() -> str:
    """A fresh data folder (and SQLite file) unless DATABASE_URL is given; refuse a database with tables."""
    if "DATABASE_URL" not in os.environ:
        folder = tempfile.mkdtemp(prefix="ntm-national-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)  # the SQLite dataset goes with the run
        os.environ["NTM_DATA_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm.settings")
    os.environ.setdefault("NTM_DEBUG", "false")
    os.environ.setdefault("NTM_ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.introspection.table_names():
        sys.exit(f"Cơ sở dữ liệu {connection.settings_dict['NAME']} đã có bảng: không dùng "
                 "(the target database is not empty; this benchmark only fills a database it creates)")
    call_command("migrate", verbosity=0)
    return connection.vendor


def generate(provinces: str, seed: int, since: int = 2022) -> dict[str, int]:
    """Units, villages and observations; returns counts and seconds."""
    from ntm.criteria.catalog import family_of, get_set
    from ntm.geo.models import Level, Scheme, Unit
    from ntm.geo.services import load_units
    from ntm.monitoring.models import LatestValue
    from ntm.monitoring.periods import Period, PeriodKind

    started = time.perf_counter()
    load_units()
    units_s = time.perf_counter() - started
    rng = random.Random(seed)
    new = Unit.objects.filter(scheme=Scheme.Y2025, level=Level.COMMUNE)
    old = Unit.objects.filter(scheme=Scheme.LEGACY, level=Level.COMMUNE)
    if provinces != "all":
        codes = provinces.split(",") if provinces else [largest_province().code]
        new = new.filter(province_code__in=codes)
        old = old.filter(successions__successor__in=new).distinct()  # the communes merged into them
    new, old = list(new), list(old)
    started = time.perf_counter()
    villages = [Unit(scheme=Scheme.LOCAL, level=Level.VILLAGE, code=f"{c.scheme}-{c.code}-{n}", name=f"Thôn {n}",
                     short_name=f"Thôn {n}", parent=c, province_code=c.province_code, search_key=f"thon {n}")
                for c in new for n in range(1, VILLAGES_PER_COMMUNE + 1)]  # 3,321 × 30 ≈ 100,000
    Unit.objects.bulk_create(villages, batch_size=BATCH)
    quarters = [Period(y, PeriodKind.QUARTER, q) for y in range(since, 2027) for q in range(1, 5)]
    cut = Period(2025, PeriodKind.QUARTER, 2).end
    count = 0
    for communes, cset, periods in ((old, get_set("qd318-2022"), [p for p in quarters if p.end <= cut]),
                                    (new, get_set("qd51-2025"), [p for p in quarters if p.end > cut])):
        family, batch = family_of(cset), []
        for unit in communes:
            for period in periods:
                for ind in cset.indicators:
                    if rng.random() < 0.1:
                        continue
                    batch.append((unit.pk, family, ind.criterion, ind.code, period.key, period.end,
                                  *random_value(ind, rng)))
            if len(batch) >= OBSERVATION_BATCH:
                count += insert_observations(batch)
                batch = []
        count += insert_observations(batch)
    data_s = time.perf_counter() - started
    return {"new communes": len(new), "old communes": len(old), "villages": len(villages), "observations": count,
            "units seconds": round(units_s, 1), "data seconds": round(data_s, 1),
            "latest-value rows": LatestValue.objects.count()}


COLUMNS = ("unit_id", "set_family", "criterion", "indicator", "period_key", "period_end", "value", "value_bool",
           "numerator", "denominator", "assessed", "evidence_note", "evidence_file", "source", "review_state",
           "version", "updated_at")


def insert_observations(rows: list[tuple]) -> int:
    """Insert (unit, family, criterion, code, period key, period end, value, bool, numerator, denominator) rows:
    COPY on PostgreSQL, one executemany on SQLite (bulk_create spends minutes preparing millions of rows).
    The database's triggers keep the latest values and data versions, as for any other write."""
    from django.db import connection
    from django.utils import timezone

    if not rows:
        return 0
    now = timezone.now() if connection.vendor == "postgresql" else timezone.now().replace(tzinfo=None)  # UTC
    full = [(*row, "", "", "", "synthetic", "draft", 1, now) for row in rows]
    table = "monitoring_observation"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in full:
                    copy.write_row(row)
        else:  # Django's SQLite adapters turn decimals, dates and times into text
            cursor.executemany(f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * 17)})", full)
    return len(rows)


def random_value(ind: object, rng: random.Random) -> tuple[object, ...]:
    """(value, value_bool, numerator, denominator) for one indicator."""
    from ntm.criteria.model import ValueType

    if ind.value_type is ValueType.BOOLEAN:
        return None, rng.random() < 0.8, None, None
    if ind.value_type is ValueType.PERCENT and rng.random() < 0.33:
        den = rng.randint(50, 5000)
        return None, None, Decimal(rng.randint(int(den * 0.6), den)), Decimal(den)
    return Decimal(rng.randint(400, 1000)) / 10, None, None, None


def largest_province() -> object:
    from django.db.models import Count

    from ntm.geo.models import Level, Scheme, Unit

    code = (Unit.objects.filter(scheme=Scheme.Y2025, level=Level.COMMUNE).values("province_code")
            .annotate(n=Count("id")).order_by("-n").first()["province_code"])
    return Unit.objects.get(scheme=Scheme.Y2025, level=Level.PROVINCE, code=code)


def measure(runs: int) -> list[tuple[str, list[float], int]]:
    """(what, seconds of each run, queries of the last run) for each page or read."""
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from ntm.criteria.catalog import get_set
    from ntm.geo.models import Level, Scheme, Unit
    from ntm.monitoring.models import CachedStatuses, Observation
    from ntm.monitoring.periods import Period
    from ntm.monitoring.selectors import statuses_of_units

    admin = User.objects.create_superuser("bench-admin", password="bench-pw-123456")  # noqa: S106
    client = Client()
    client.force_login(admin)
    province = largest_province()
    commune = Unit.objects.filter(pk__in=Observation.objects.filter(
        unit__scheme=Scheme.Y2025, unit__province_code=province.code).values("unit")[:1]).get()
    communes = list(Unit.objects.filter(scheme=Scheme.Y2025, level=Level.COMMUNE))
    period, cset = Period.parse("2026-Q4"), get_set("qd51-2025")

    def uncached() -> None:
        cache.clear()
        CachedStatuses.objects.all().delete()

    def page(url: str, params: dict | None = None) -> None:
        response = client.get(url, params or {})
        assert response.status_code == 200, (url, response.status_code)

    def heatmap() -> None:
        page(reverse("web:province", args=[province.key]), {"ky": period.key})

    def summary() -> None:
        national_summary(statuses_of_units(actor=admin, units=communes, period=period, cset=cset))

    nothing = lambda: None  # noqa: E731
    cases = [  # (what, untimed preparation, timed call)
        ("commune scorecard", uncached,
         lambda: page(reverse("web:scorecard", args=[commune.key]), {"ky": period.key})),
        ("province heat-map, uncached", uncached, heatmap),
        ("province heat-map, cached", nothing, heatmap),
        ("one value saved (record_observation)", nothing, lambda: save_one_value(admin, commune, period)),
        ("heat-map after a write (1 commune)", lambda: save_one_value(admin, commune, period), heatmap),
        ("national summary, uncached", uncached, summary),
        ("national summary, cached", nothing, summary),
        ("reviewer's work list", nothing, lambda: page(reverse("web:worklist"))),
    ]
    results = []
    for name, prepare, call in cases:
        seconds = []
        for _ in range(runs):
            prepare()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                call()
                seconds.append(time.perf_counter() - started)
        results.append((name, seconds, len(queries)))
    return results


def save_one_value(admin: object, commune: object, period: object) -> None:
    """An official's assessment of criterion 1 of `commune`, through the service the pages and the API call."""
    from ntm.monitoring.models import Observation
    from ntm.monitoring.services import Target, record_observation

    current = Observation.objects.filter(unit=commune, criterion=1, indicator="", period_key=period.key).first()
    raw = "not_met" if current is not None and current.assessed == "met" else "met"
    record_observation(actor=admin, unit=commune, target=Target("qd51-2025", criterion=1), period=period, raw=raw,
                       expected_version=current.version if current else None)


def national_summary(rows: list) -> dict[int, int]:
    """Communes meeting each criterion (by position in the set)."""
    counts: dict[int, int] = {}
    for _unit, statuses, _met in rows:
        for i, status in enumerate(statuses):
            counts[i + 1] = counts.get(i + 1, 0) + (status.value == "met")
    return counts


def latest_values_against_history(runs: int) -> list[tuple[str, list[float]]]:
    """The latest-value read (LatestValue) against the history read it replaces, on the same units and period:
    the old communes merged into the largest province's for 2025-Q2 (their last quarter), and every 2025
    commune with data for 2026-Q4."""
    from ntm.geo.models import Level, Scheme, Unit
    from ntm.monitoring.data import live_unit_data
    from ntm.monitoring.models import Observation
    from ntm.monitoring.periods import Period

    old = list(Unit.objects.filter(scheme=Scheme.LEGACY, level=Level.COMMUNE,
                                   successions__successor__province_code=largest_province().code)
               .values_list("id", flat=True).distinct())
    new = list(Observation.objects.filter(unit__scheme=Scheme.Y2025).values_list("unit", flat=True).distinct())
    timings = []
    for label, ids, family, period in (("old communes 2025-Q2", old, "qd318-2022", Period.parse("2025-Q2")),
                                       ("2025 communes 2026-Q4", new, "qd51-2025", Period.parse("2026-Q4"))):
        for name, read in (("table", live_unit_data), ("history", history_unit_data)):
            seconds = []
            for _ in range(runs):
                started = time.perf_counter()
                read(ids, family, period)
                seconds.append(time.perf_counter() - started)
            timings.append((f"latest values, {name}: {len(ids):,} {label}", seconds))
        assert live_unit_data(ids, family, period) == history_unit_data(ids, family, period), "reads differ"
    return timings


def history_unit_data(unit_ids: list[int], family: str, period: object) -> dict:
    """live_unit_data as it read before LatestValue: every unit from the history read."""
    from unittest import mock

    from ntm.monitoring import data

    with mock.patch.object(data, "_latest_rows", lambda ids, _family, _period: ([], set(ids))):
        return data.live_unit_data(unit_ids, family, period)


def batch_against_baseline(seed: int) -> list[tuple[str, int, float, float, float]]:
    """The engine's batch path and bench/engine.py's NumPy baseline on the same rows read from the database."""
    from engine import CODE, baseline, baseline_arrays, shaped

    from ntm.criteria.batch import statuses_many
    from ntm.criteria.catalog import get_set
    from ntm.criteria.columns import as_statuses, columns_from_values, distinct_profiles, statuses_columnar
    from ntm.geo.models import Level, Scheme, Unit
    from ntm.monitoring.data import live_unit_data
    from ntm.monitoring.periods import Period
    from ntm.monitoring.selectors import profile_of

    results = []
    for set_id, scheme, key in (("qd318-2022", Scheme.LEGACY, "2025-Q2"), ("qd51-2025", Scheme.Y2025, "2026-Q4")):
        cset, period = shaped(get_set(set_id), None, None, random.Random(seed)), Period.parse(key)
        communes = list(Unit.objects.filter(scheme=scheme, level=Level.COMMUNE))
        data = live_unit_data([u.pk for u in communes], set_id, period)
        units = [(profile_of(u, period.year), data[u.pk].values, data[u.pk].assessed)
                 for u in communes if not data[u.pk].is_empty]
        started = time.perf_counter()
        engine = statuses_many(cset, [u[0] for u in units], [u[1] for u in units], [u[2] for u in units])
        engine_s = time.perf_counter() - started
        # The columnar path the heat-maps and the national summary take (columns built outside the timer, as the
        # baseline's arrays are).
        distinct, profile_index = distinct_profiles([u[0] for u in units])
        columns = columns_from_values(cset, [u[1] for u in units], [u[2] for u in units])
        started = time.perf_counter()
        columnar = as_statuses(*statuses_columnar(cset, distinct, profile_index, columns))
        columnar_s = time.perf_counter() - started
        assert columnar == engine, "columnar and batch paths disagree"
        arrays = baseline_arrays(cset, units)
        started = time.perf_counter()
        criteria, met = baseline(arrays)
        baseline_s = time.perf_counter() - started
        numpy_rows = [(tuple(int(c) for c in row), int(m)) for row, m in zip(criteria, met, strict=True)]
        assert [(tuple(CODE[s] for s in st), m) for st, m in engine] == numpy_rows, "engine and baseline disagree"
        results.append((f"{set_id} {key}", len(units), engine_s, columnar_s, baseline_s))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provinces", default="", help="province codes (comma-separated) or 'all'; "
                                                        "default: the largest province")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--since", type=int, default=2022, help="first year of quarterly values (default 2022)")
    args = parser.parse_args()
    vendor = setup_database()
    counts = generate(args.provinces, args.seed, args.since)
    print(f"Database: {vendor}; generated: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print(f"{'what':<50} {'runs (ms)':<28} {'queries':>7}")
    for name, seconds, queries in measure(args.runs):
        print(f"{name:<50} {' '.join(f'{s * 1000:7.0f}' for s in seconds):<28} {queries:>7}")
    for name, seconds in latest_values_against_history(args.runs):
        print(f"{name:<50} {' '.join(f'{s * 1000:7.0f}' for s in seconds):<28}")
    for label, units, engine_s, columnar_s, baseline_s in batch_against_baseline(args.seed):
        print(f"{label}, {units:,} communes with data: columnar path {columnar_s:.3f} s, per-unit batch "
              f"{engine_s:.3f} s; NumPy baseline {baseline_s:.3f} s; ratio columnar {columnar_s / baseline_s:.2f}x, "
              f"per-unit {engine_s / baseline_s:.2f}x (identical statuses)")


if __name__ == "__main__":
    main()
