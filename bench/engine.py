"""Benchmark: the engine on a synthetic national snapshot, beside an independent NumPy computation.

Snapshot: 3,321 new communes on QĐ 51/2025, 10,051 old communes on QĐ 318, 100,000 villages.
Where a set's encoded structure is a placeholder (QĐ 51: 10 whole-criterion items for its 47
indicators; the village set: one item), the benchmark gives it a synthetic structure of the
documented size (QĐ 51: 47 indicators with thresholds by commune group; villages: 15 criteria × 2,
the seeds' model-village size) so the load is that of the real programme. QĐ 318 keeps its real
structure (26 indicators by region, nested by year for income, flags that redirect the region).
Unknown figures are filled with synthetic ones, except about one in twelve left unknown (a whole
indicator, or one region's figure). Values are random around the thresholds, some exactly on them;
~8 % missing, a third of the percents as numerator/denominator, ~8 % carrying an official's
assessment (some with no figure), and ~5 % of units with whole-criterion assessments.

Timed, each run from a cold plan cache (compilation inside every engine timer, also shown alone):
  columnar  ntm.criteria.columns.statuses_columnar: the same from arrays of the units' observations (built
            beforehand from the same units, the build timed apart as the baseline's is; thresholds resolved
            per distinct profile inside the timer)
  batch     ntm.criteria.batch.statuses_many: every criterion's status and indicators met per unit
  per unit  criterion_statuses(compile_plan(...)) unit by unit (what monitoring/selectors.py calls)
  full    ntm.criteria.engine.evaluate: the full results users see on a scorecard
  NumPy   the same statuses and counts from float arrays built beforehand (the build is timed apart)
All five must agree unit by unit (statuses of every criterion and indicators met): the script asserts it.

    python bench/engine.py [--seed N] [--scale 1.0] [--runs 3] [--no-full]
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np  # noqa: E402

from ntm.criteria.batch import statuses_many  # noqa: E402
from ntm.criteria.catalog import get_set  # noqa: E402
from ntm.criteria.columns import as_statuses, columns_from_values, distinct_profiles, statuses_columnar  # noqa: E402
from ntm.criteria.engine import criterion_statuses, evaluate  # noqa: E402
from ntm.criteria.model import CriteriaSet, Criterion, Indicator, Profile, Status, Value, ValueType  # noqa: E402
from ntm.criteria.rules import clear_plans, compile_plan  # noqa: E402

# (set, units, what its thresholds depend on, year, synthetic indicators per criterion when a placeholder)
SNAPSHOT = (("qd51-2025", 3321, "group", 2026, (5, 5, 5, 5, 5, 5, 5, 4, 4, 4)),
            ("qd318-2022", 10051, "region", 2024, None),
            ("th-41-2022-thon", 100_000, None, 2024, (2,) * 15))
FIGURES = (50, 60, 70, 80, 85, 90, 95)  # whole numbers: float and Decimal agree on every boundary
UNKNOWN_SHARE = 1 / 12


# --- the synthetic sets ---------------------------------------------------------------------

def shaped(base: CriteriaSet, key: str | None, sizes: tuple[int, ...] | None, rng: random.Random) -> CriteriaSet:
    """The set with synthetic indicators where it holds only placeholders, and figures filled in."""
    criteria = base.criteria
    if sizes is not None and len(base.indicators) < sum(sizes):
        numbers = [c.number for c in base.criteria] + list(range(len(base.criteria) + 1, len(sizes) + 1))
        names = {c.number: c.name for c in base.criteria}
        criteria = tuple(Criterion(n, names.get(n, f"Tiêu chí {n} (tổng hợp)"), tuple(
            _synthetic_indicator(n, j, key, base, rng) for j in range(1, size + 1)))
            for n, size in zip(numbers, sizes, strict=True))
    criteria = tuple(dataclasses.replace(c, indicators=tuple(
        dataclasses.replace(i, threshold=_fill(i.threshold, rng)) for i in c.indicators))
        for c in criteria)
    return dataclasses.replace(base, id=base.id + "-bench", criteria=criteria)


_KINDS = ((ValueType.PERCENT, ">="), (ValueType.BOOLEAN, "is_true"), (ValueType.NUMBER, ">="),
          (ValueType.PERCENT, "<="), (ValueType.COUNT, "<="))


def _synthetic_indicator(n: int, j: int, key: str | None, base: CriteriaSet, rng: random.Random) -> Indicator:
    value_type, comparator = _KINDS[(n + j) % len(_KINDS)]
    keys = list(base.groups if key == "group" else base.regions if key == "region" else [])
    threshold: object = True if value_type is ValueType.BOOLEAN else None
    if keys and value_type is not ValueType.BOOLEAN and rng.random() < 0.6:
        threshold = {"by": key, "values": {k: None for k in keys}}
    return Indicator(f"{n}.{j}", f"Chỉ tiêu {n}.{j}", n, "%", value_type, comparator, threshold,
                     "ratio" if value_type in (ValueType.PERCENT, ValueType.NUMBER) else "sum")


def _fill(spec: object, rng: random.Random) -> object:
    """Unknown figures replaced by synthetic ones, about one in twelve left unknown."""
    if isinstance(spec, dict):
        return {**spec, "values": {k: _fill(v, rng) for k, v in spec["values"].items()}}
    if spec is None:
        return None if rng.random() < UNKNOWN_SHARE else rng.choice(FIGURES)
    return spec


# --- the synthetic units --------------------------------------------------------------------

Unit = tuple[Profile, dict[str, Value], dict[int, Status]]


def build_units(cset: CriteriaSet, count: int, key: str | None, year: int, rng: random.Random) -> list[Unit]:
    choices = list(cset.groups if key == "group" else cset.regions if key == "region" else []) or [None]
    flags = [f for f in cset.flags]
    numbers = [c.number for c in cset.criteria]
    units = []
    for _ in range(count):
        pick = rng.choice(choices)
        flagged = frozenset([rng.choice(flags)]) if flags and rng.random() < 0.05 else frozenset()
        profile = Profile(year=year, group=pick if key == "group" else None,
                          region=pick if key == "region" else None, flags=flagged)
        values = {i.code: v for i in cset.indicators if (v := random_value(i, rng)) is not None}
        assessed = ({n: rng.choice((Status.MET, Status.NOT_MET)) for n in rng.sample(numbers, min(2, len(numbers)))}
                    if rng.random() < 0.05 else {})
        units.append((profile, values, assessed))
    return units


def random_value(ind: Indicator, rng: random.Random) -> Value | None:
    draw = rng.random()
    if draw < 0.08:
        return None
    assessed = rng.choice((Status.MET, Status.NOT_MET)) if rng.random() < 0.08 else None
    if draw < 0.11:
        return Value(assessed=assessed or Status.MET)
    if ind.value_type is ValueType.BOOLEAN:
        return Value(rng.random() < 0.8, assessed=assessed)
    pivot = rng.choice(FIGURES)
    if ind.value_type is ValueType.PERCENT and rng.random() < 0.33:
        den = rng.choice((50, 100, 200, 400, 1000, rng.randint(50, 5000)))
        num = den * pivot // 100 if rng.random() < 0.1 else rng.randint(int(den * 0.4), den)
        return Value(numerator=Decimal(num), denominator=Decimal(den), assessed=assessed)
    if rng.random() < 0.05:
        return Value(Decimal(pivot), assessed=assessed)  # exactly on a (possible) threshold
    return Value(Decimal(rng.randint(int(pivot * 6), min(1000, int(pivot * 14)))) / 10, assessed=assessed)


# --- the NumPy baseline: its own threshold resolution, float arrays, no engine code -----------

OPS = {">=": 0, "<=": 1, ">": 2, "<": 3, "==": 4, "is_true": 5}
ASSESSED = {None: 0, Status.UNKNOWN: 0, Status.MET: 1, Status.NOT_MET: 2}


def _threshold(spec: object, keys: dict[str, object]) -> object:
    while isinstance(spec, dict):
        key, values = keys.get(spec["by"]), spec["values"]
        if spec["by"] == "year":
            years = [int(y) for y in values if key is not None and int(y) <= key]
            chosen = values.get(max(years), values.get(str(max(years)))) if years else None
        else:
            chosen = values.get(str(key)) if key is not None else None
        spec = chosen if chosen is not None else spec.get("default")
    return spec


def baseline_arrays(cset: CriteriaSet, units: list[Unit]) -> dict[str, np.ndarray]:
    """Everything the NumPy computation reads, as arrays (units × indicators, units × criteria)."""
    inds = cset.indicators
    count, width = len(units), len(inds)
    fig = np.full((count, width), np.nan)
    is_bool = np.zeros((count, width), bool)
    assessed = np.zeros((count, width), np.int8)
    thr = np.full((count, width), np.nan)
    thr_bool = np.zeros((count, width), bool)
    crit_assessed = np.zeros((count, len(cset.criteria)), np.int8)
    position = {c.number: k for k, c in enumerate(cset.criteria)}
    for u, (profile, values, crit) in enumerate(units):
        region = next((cset.flags[f].use_region for f in sorted(profile.flags) if cset.flags[f].use_region),
                      profile.region)
        keys = {"region": region, "group": profile.group, "zone": profile.zone, "year": profile.year}
        for k, ind in enumerate(inds):
            t = _threshold(ind.threshold, keys)
            if t is not None:
                thr[u, k], thr_bool[u, k] = float(t), isinstance(t, bool)
            v = values.get(ind.code)
            if v is None:
                continue
            assessed[u, k] = ASSESSED[v.assessed]
            if v.value is not None:
                fig[u, k], is_bool[u, k] = float(v.value), isinstance(v.value, bool)
            elif v.numerator is not None and v.denominator:
                scale = 100 if ind.value_type is ValueType.PERCENT else 1
                fig[u, k] = float(v.numerator) * scale / float(v.denominator)
        for number, status in crit.items():
            crit_assessed[u, position[number]] = ASSESSED[status]
    sizes = np.array([len(c.indicators) for c in cset.criteria])
    return {"fig": fig, "is_bool": is_bool, "assessed": assessed, "thr": thr, "thr_bool": thr_bool,
            "ops": np.array([OPS[i.comparator] for i in inds]), "crit_assessed": crit_assessed,
            "starts": np.concatenate(([0], np.cumsum(sizes)[:-1])), "sizes": sizes}


def baseline(a: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Criterion statuses (0 unknown, 1 met, 2 not met) and indicators met, per unit."""
    fig, thr, ops = a["fig"], a["thr"], a["ops"]
    with np.errstate(invalid="ignore"):
        met = np.select([ops == 0, ops == 1, ops == 2, ops == 3, ops == 4],
                        [fig >= thr, fig <= thr, fig > thr, fig < thr, fig == thr],
                        a["is_bool"] & a["thr_bool"] & (fig == thr))
    decided = ~np.isnan(fig) & ~np.isnan(thr)
    status = np.where(decided, np.where(met, 1, 2), a["assessed"]).astype(np.int8)
    met_cum = np.concatenate((np.zeros((len(status), 1), int), np.cumsum(status == 1, axis=1)), axis=1)
    not_cum = np.concatenate((np.zeros((len(status), 1), int), np.cumsum(status == 2, axis=1)), axis=1)
    ends = a["starts"] + a["sizes"]
    n_met = met_cum[:, ends] - met_cum[:, a["starts"]]
    n_not = not_cum[:, ends] - not_cum[:, a["starts"]]
    criteria = np.where(n_not > 0, 2, np.where((n_met == a["sizes"]) & (a["sizes"] > 0), 1, a["crit_assessed"]))
    return criteria, met_cum[:, -1]


# --- the run ---------------------------------------------------------------------------------

CODE = {Status.UNKNOWN: 0, Status.MET: 1, Status.NOT_MET: 2}


def as_rows(results: list[tuple[tuple[Status, ...], int]]) -> list[tuple[tuple[int, ...], int]]:
    return [(tuple(CODE[s] for s in statuses), met) for statuses, met in results]


def timed(work):  # noqa: ANN001, ANN201
    """The result, and the seconds it took: wall clock and this process's CPU (the machine may be shared).

    A full garbage collection first, so that none over the snapshot's millions of objects lands in
    one timer and not another (it would add 0.1–0.2 s to whichever it falls in).
    """
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, (time.perf_counter() - wall, time.process_time() - cpu)


def build_columns(snapshot):  # noqa: ANN001, ANN201
    """Per set: its distinct profiles, each unit's position among them, and the columns of its observations."""
    built = []
    for cset, units in snapshot:
        distinct, profile_of = distinct_profiles([u[0] for u in units])
        built.append((cset, distinct, profile_of, columns_from_values(cset, [u[1] for u in units],
                                                                      [u[2] for u in units])))
    return built


def run_once(snapshot, arrays, columns, *, full: bool):  # noqa: ANN001, ANN201
    clear_plans()
    profiles = {(c.id, p): c for c, units in snapshot for p, _v, _a in units}
    _, compile_s = timed(lambda: [compile_plan(c, p) for (_id, p), c in profiles.items()])
    clear_plans()
    columnar, columnar_s = timed(lambda: [statuses_columnar(c, distinct, profile_of, cols)
                                          for c, distinct, profile_of, cols in columns])
    clear_plans()
    batch, batch_s = timed(lambda: [r for c, units in snapshot for r in statuses_many(
        c, [u[0] for u in units], [u[1] for u in units], [u[2] for u in units])])
    clear_plans()
    per_unit, per_unit_s = timed(lambda: [criterion_statuses(compile_plan(c, p), v, a)
                                          for c, units in snapshot for p, v, a in units])
    evaluations, full_s = None, None
    if full:
        clear_plans()
        # Each evaluation reduced to what is compared as it is made: keeping 113,000 full results alive would time
        # the garbage collector walking them, which no page does.
        evaluations, full_s = timed(lambda: [(tuple(CODE[c.status] for c in ev.criteria), ev.indicators_met)
                                             for ev in (evaluate(c, p, v, a) for c, units in snapshot
                                                        for p, v, a in units)])
    numpy_results, numpy_s = timed(lambda: [baseline(a) for a in arrays])
    return {"compile": compile_s, "columnar": columnar_s, "batch": batch_s, "per unit": per_unit_s, "full": full_s,
            "numpy": numpy_s, "_columnar": columnar, "_batch": batch, "_per_unit": per_unit, "_full": evaluations,
            "_numpy": numpy_results}


def check(run: dict, total: int) -> None:
    batch = as_rows(run["_batch"])
    assert batch == as_rows(run["_per_unit"]), "statuses_many and criterion_statuses disagree"
    columnar = as_rows([row for criteria, met in run["_columnar"] for row in as_statuses(criteria, met)])
    differ = sum(1 for a, b in zip(batch, columnar, strict=True) if a != b)
    assert differ == 0, f"{differ} units differ between the columnar path and the batch path"
    numpy_rows = [(tuple(int(s) for s in crit), int(met))
                  for criteria, mets in run["_numpy"] for crit, met in zip(criteria, mets, strict=True)]
    differ = sum(1 for a, b in zip(batch, numpy_rows, strict=True) if a != b)
    assert differ == 0, f"{differ} units differ between the engine and the NumPy baseline"
    if run["_full"] is not None:
        assert run["_full"] == batch, "full evaluation and the batch path disagree"
    assert len(batch) == total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-full", action="store_true", help="skip the full evaluation (the slowest part)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    snapshot = []
    for set_id, count, key, year, sizes in SNAPSHOT:
        cset = shaped(get_set(set_id), key, sizes, rng)
        snapshot.append((cset, build_units(cset, max(1, int(count * args.scale)), key, year, rng)))
    total = sum(len(u) for _, u in snapshot)
    judgements = sum(len(u) * len(c.indicators) for c, u in snapshot)
    print(f"Snapshot: {total:,} units, {judgements:,} indicator judgements")
    for cset, units in snapshot:
        inds = cset.indicators
        unknown = sum(1 for i in inds if i.threshold is None or (isinstance(i.threshold, dict) and any(
            v is None for v in i.threshold["values"].values())))
        keyed = sum(1 for i in inds if isinstance(i.threshold, dict))
        print(f"  {cset.id}: {len(units):,} units × {len(inds)} indicators in {len(cset.criteria)} criteria "
              f"({keyed} by region/group, {unknown} with an unknown figure for some or all units)")
    arrays, build_s = timed(lambda: [baseline_arrays(c, u) for c, u in snapshot])
    columns, columns_s = timed(lambda: build_columns(snapshot))
    runs = []
    for n in range(args.runs):
        run = run_once(snapshot, arrays, columns, full=not args.no_full)
        if n == 0:
            check(run, total)
        runs.append(run)
    print(f"{args.runs} runs, min–max; every engine timer starts from a cold plan cache; "
          "ratios compare CPU seconds (the wall clock also counts other processes on a shared machine)")

    def line(label: str, key: str) -> None:
        runs_of = [r for r in runs if r[key] is not None]
        if not runs_of:
            return
        wall = [r[key][0] for r in runs_of]
        cpu = [r[key][1] for r in runs_of]
        ratio = [r[key][1] / r["numpy"][1] for r in runs_of]
        print(f"  {label:31s} wall {min(wall):6.3f}–{max(wall):6.3f} s  cpu {min(cpu):6.3f}–{max(cpu):6.3f} s  "
              f"{total / max(wall):>9,.0f}–{total / min(wall):>9,.0f} evaluations/s  "
              f"cpu × NumPy {min(ratio):5.2f}–{max(ratio):5.2f}")

    line("plan compilation alone", "compile")
    line("columnar: statuses_columnar", "columnar")
    line("batch: statuses_many", "batch")
    line("per unit: criterion_statuses", "per unit")
    line("full: evaluate", "full")
    line("NumPy baseline (arrays ready)", "numpy")
    for label, (wall, cpu) in (("NumPy baseline's array build", build_s), ("columnar path's column build", columns_s)):
        print(f"  {label} (once, not in its timer): wall {wall:.3f} s  cpu {cpu:.3f} s")
    print(f"identical statuses and indicators met for all {total:,} units "
          f"(columnar, batch, per unit{', full' if not args.no_full else ''}, NumPy): yes")


if __name__ == "__main__":
    main()
