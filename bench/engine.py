"""Benchmark: evaluate a synthetic national snapshot with the engine, and with a DuckDB baseline.

Snapshot: 3,321 new communes on QĐ 51/2025, 10,051 old communes on QĐ 318, 100,000 villages
on the village set. The structure (criteria, indicators, comparators, region and group keys)
is the real sets'; thresholds the sets leave unknown are filled with synthetic figures so that
every indicator is actually compared (the output says so). Values are random, ~10 % missing,
a third of the percents given as numerator/denominator.

The engine's met counts and the baseline's must be identical, unit by unit: the script
asserts it. Prints evaluations per second, seconds, and the ratio to the baseline.

    python bench/engine.py [--seed N] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import duckdb  # noqa: E402

from ntm.criteria.catalog import get_set  # noqa: E402
from ntm.criteria.engine import evaluate, evaluate_many  # noqa: E402
from ntm.criteria.model import CriteriaSet, Profile, Value, ValueType  # noqa: E402
from ntm.criteria.rules import compile_plan  # noqa: E402

SNAPSHOT = (("qd51-2025", 3321, "group"), ("qd318-2022", 10051, "region"), ("th-41-2022-thon", 100_000, None))


def village_set() -> CriteriaSet:
    """The village set if one is encoded; else a synthetic 15-criterion one (the seeds' model-village size)."""
    from ntm.criteria.catalog import all_sets
    from ntm.criteria.model import Criterion, Indicator

    if "th-41-2022-thon" in all_sets():
        return get_set("th-41-2022-thon")
    criteria = tuple(Criterion(n, f"Tiêu chí thôn {n} (tổng hợp)", tuple(
        Indicator(f"{n}.{j}", f"Chỉ tiêu {n}.{j}", n, "%", ValueType.PERCENT, ">=", None, "ratio")
        for j in (1, 2))) for n in range(1, 16))
    base = get_set("qd318-2022")
    return dataclasses.replace(base, id="synthetic-village", level="village", kind="thon_ntm", criteria=criteria,
                               regions={}, groups={})


def filled(cset: CriteriaSet, rng: random.Random) -> CriteriaSet:
    """The set with every unknown figure replaced by a synthetic one (structure unchanged)."""
    def fill(spec: object, ind_type: ValueType) -> object:
        if isinstance(spec, dict):
            values = {k: fill(v, ind_type) for k, v in spec["values"].items()}
            return {**spec, "values": values, "default": fill(spec.get("default"), ind_type)}
        if spec is None:
            return True if ind_type is ValueType.BOOLEAN else rng.choice([50, 70, 80, 90, 95])
        return spec

    criteria = tuple(dataclasses.replace(c, indicators=tuple(
        dataclasses.replace(i, threshold=fill(i.threshold, i.value_type)) for i in c.indicators))
        for c in cset.criteria)
    return dataclasses.replace(cset, id=cset.id + "-bench", criteria=criteria)


def random_value(ind_type: ValueType, rng: random.Random) -> Value | None:
    if rng.random() < 0.1:
        return None
    if ind_type is ValueType.BOOLEAN:
        return Value(rng.random() < 0.8)
    if ind_type is ValueType.PERCENT and rng.random() < 0.33:
        den = rng.randint(50, 5000)
        return Value(numerator=Decimal(rng.randint(int(den * 0.6), den)), denominator=Decimal(den))
    return Value(Decimal(rng.randint(400, 1000)) / 10)


def build_units(cset: CriteriaSet, count: int, key: str | None, rng: random.Random) -> list[tuple[Profile, dict]]:
    choices = list(cset.groups if key == "group" else cset.regions if key == "region" else []) or [None]
    units = []
    for _ in range(count):
        pick = rng.choice(choices)
        profile = Profile(year=2024, group=pick if key == "group" else None, region=pick if key == "region" else None)
        values = {i.code: v for i in cset.indicators if (v := random_value(i.value_type, rng)) is not None}
        units.append((profile, values))
    return units


def baseline_rows(cset: CriteriaSet, units: list[tuple[Profile, dict]], offset: int) -> tuple[list, list]:
    """Observation rows and per-(unit, indicator) thresholds, for DuckDB."""
    obs, rules = [], []
    for n, (profile, values) in enumerate(units):
        plan = compile_plan(cset, profile)
        for number, plan_rules in plan.criteria:
            for rule in plan_rules:
                rules.append((offset + n, number, rule.code, rule.indicator.comparator, _num(rule.threshold)))
                v = values.get(rule.code)
                if v is not None:
                    num, den = (v.numerator, v.denominator) if v.value is None else (_num(v.value), None)
                    scale = 100 if (den is not None and rule.value_type is ValueType.PERCENT) else 1
                    obs.append((offset + n, rule.code, float(num), None if den is None else float(den), scale))
    return obs, rules


def _num(x: object) -> float:
    return float(x) if not isinstance(x, bool) else (1.0 if x else 0.0)


BASELINE_SQL = """
WITH judged AS (
  SELECT r.unit, r.criterion,
         CASE WHEN o.unit IS NULL THEN NULL
              WHEN r.op = '>=' THEN lhs >= r.t * rhs  WHEN r.op = '<=' THEN lhs <= r.t * rhs
              WHEN r.op = '>'  THEN lhs >  r.t * rhs  WHEN r.op = '<'  THEN lhs <  r.t * rhs
              WHEN r.op = '==' THEN lhs = r.t * rhs   ELSE o.num = 1 END AS met
  FROM rules r LEFT JOIN (SELECT unit, code, num * scale AS lhs, coalesce(den, 1) AS rhs, num FROM obs) o
    ON o.unit = r.unit AND o.code = r.code
), crit AS (
  SELECT unit, criterion, count(*) FILTER (WHERE met) AS n_met, count(*) AS n FROM judged GROUP BY unit, criterion
)
SELECT unit, count(*) FILTER (WHERE n_met = n) AS criteria_met, sum(n_met) AS indicators_met
FROM crit GROUP BY unit ORDER BY unit
"""


def run_baseline(obs: list, rules: list) -> tuple[list[tuple[int, int]], float]:
    con = duckdb.connect()
    con.execute("CREATE TABLE obs(unit INTEGER, code VARCHAR, num DOUBLE, den DOUBLE, scale DOUBLE)")
    con.execute("CREATE TABLE rules(unit INTEGER, criterion INTEGER, code VARCHAR, op VARCHAR, t DOUBLE)")
    con.executemany("INSERT INTO obs VALUES (?, ?, ?, ?, ?)", obs) if len(obs) < 1000 else _bulk(con, "obs", obs)
    _bulk(con, "rules", rules)
    started = time.perf_counter()
    rows = con.execute(BASELINE_SQL).fetchall()
    seconds = time.perf_counter() - started
    return [(int(c), int(i)) for _, c, i in rows], seconds


def _bulk(con: duckdb.DuckDBPyConnection, table: str, rows: list) -> None:
    import numpy as np

    columns = list(zip(*rows, strict=True))
    names = [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
    frame = {name: np.array(col, dtype=object if isinstance(col[0], str) or col[0] is None else None)
             for name, col in zip(names, columns, strict=True)}
    con.register("frame", frame)
    con.execute(f"INSERT INTO {table} SELECT * FROM frame")
    con.unregister("frame")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    snapshot = []
    for set_id, count, key in SNAPSHOT:
        base = village_set() if set_id == "th-41-2022-thon" else get_set(set_id)
        cset = filled(base, rng)
        snapshot.append((cset, build_units(cset, int(count * args.scale), key, rng)))
    total_units = sum(len(u) for _, u in snapshot)
    total_indicators = sum(len(u) * len(c.indicators) for c, u in snapshot)
    print(f"Snapshot: {total_units:,} units, {total_indicators:,} indicator judgements "
          f"(thresholds left unknown by the sets are filled with synthetic figures)")
    for cset, units in snapshot:
        print(f"  {cset.id}: {len(units):,} units × {len(cset.indicators)} indicators")

    started = time.perf_counter()
    engine_counts = [count for cset, units in snapshot for count in evaluate_many(cset, units)]
    engine_s = time.perf_counter() - started

    started = time.perf_counter()
    full = [(ev.criteria_met, ev.indicators_met) for cset, units in snapshot
            for ev in (evaluate(cset, p, v) for p, v in units)]
    full_s = time.perf_counter() - started
    assert full == engine_counts, "full evaluation and count path disagree"

    obs, rules, offset = [], [], 0
    for cset, units in snapshot:
        o, r = baseline_rows(cset, units, offset)
        obs += o
        rules += r
        offset += len(units)
    baseline_counts, baseline_s = run_baseline(obs, rules)
    mismatches = sum(1 for a, b in zip(engine_counts, baseline_counts, strict=True) if a != b)
    assert mismatches == 0, f"{mismatches} units differ between the engine and the baseline"

    print(f"engine (met counts):      {engine_s:6.3f} s  {total_units / engine_s:>10,.0f} evaluations/s")
    print(f"engine (full results):    {full_s:6.3f} s  {total_units / full_s:>10,.0f} evaluations/s")
    print(f"baseline (DuckDB query):  {baseline_s:6.3f} s  {total_units / baseline_s:>10,.0f} evaluations/s")
    print(f"ratio engine / baseline:  {engine_s / baseline_s:6.2f}x (full results: {full_s / baseline_s:.2f}x)")
    print(f"identical met counts for all {total_units:,} units: yes")


if __name__ == "__main__":
    main()
