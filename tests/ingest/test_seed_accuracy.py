"""Field-by-field accuracy of `extract()` on the five seeds, against facts written by hand."""

from __future__ import annotations

import json
from typing import Any

from ntm.common.text import name_key as fold
from ntm.ingest.extract import extract
from ntm.ingest.schema import SOURCES, validate

from .conftest import ACCURACY, EXPECTED, SEEDS

Scores = list[tuple[str, bool]]


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, list):
        return isinstance(got, list) and sorted(map(str, expected)) == sorted(map(str, got))
    return bool(expected == got)


def _fields(prefix: str, expected: dict[str, Any], got: dict[str, Any] | None, keys: tuple[str, ...]) -> Scores:
    return [(f"{prefix}.{k}", got is not None and _same(expected[k], got.get(k))) for k in keys]


def _names_equal(expected: list[str], got: list[str]) -> bool:
    return {fold(n) for n in expected} == {fold(n) for n in got}


def _close_name(expected: str, got: str) -> bool:
    """Work names match when most of the expected words are in the extracted name."""
    want, have = set(fold(expected).split()), set(fold(got).split())
    return len(want & have) >= 0.7 * len(want)


def _listed(name: str, expected: list[dict[str, Any]], got: list[dict[str, Any]], key: Any,
            score_item: Any) -> Scores:
    """Match list items by `key`; every expected field is scored, every extra item is an error."""
    remaining = list(got)
    scores: Scores = []
    for i, item in enumerate(expected):
        match = next((g for g in remaining if key(g) == key(item)), None)
        if match is not None:
            remaining.remove(match)
        scores += score_item(f"{name}[{i}]", item, match)
    return scores + [(f"{name}: extra {key(g)}", False) for g in remaining]


def _assessments(expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> Scores:
    keys = ("set", "as_of", "criteria_met", "criteria_total", "indicators_met", "indicators_total",
            "met_criteria", "unmet_criteria", "unmet_indicators")
    scores: Scores = []
    for i, item in enumerate(expected):
        scores += _fields(f"assessments[{i}]", item, got[i] if i < len(got) else None, keys)
    return scores + [(f"assessments[{i}]: extra", False) for i in range(len(expected), len(got))]


def _work(prefix: str, item: dict[str, Any], got: dict[str, Any] | None) -> Scores:
    scores = _fields(prefix, item, got, ("village", "cost_vnd", "progress_pct", "disbursed_vnd"))
    return scores + [(f"{prefix}.name", got is not None and _close_name(item["name"], got["name"]))]


def _funding(prefix: str, item: dict[str, Any], got: dict[str, Any] | None) -> Scores:
    scores = _fields(prefix, item, got, ("year", "total_vnd"))
    sources = got["by_source"] if got else None
    return scores + _fields(f"{prefix}.by_source", item["by_source"], sources, SOURCES)


def score(expected: dict[str, Any], got: dict[str, Any]) -> Scores:
    """Every scored field of one seed: (path, right?)."""
    scores = _fields("unit", expected["unit"], got["unit"], ("name", "level", "district", "province"))
    scores += _fields("document", expected["document"], got["document"], ("type", "number", "date", "period"))
    scores += _fields("signer", expected["signer"], got["signer"], ("name", "title"))
    scores += _fields("villages", expected["villages"], got["villages"], ("total", "ntm", "model"))
    scores.append(("villages.names", _names_equal(expected["villages"]["names"], got["villages"]["names"])))
    scores += _assessments(expected["assessments"], got["assessments"])
    scores += _listed("indicator_values", expected["indicator_values"], got["indicator_values"],
                      lambda v: v["code"], lambda p, e, g: _fields(p, e, g, ("value", "unit", "as_of")))
    scores += _listed("funding", expected["funding"], got["funding"], lambda f: f["year"], _funding)
    scores += _listed("works", expected["works"], got["works"], lambda w: w["cost_vnd"], _work)
    scores += _listed("targets", expected["targets"], got["targets"],
                      lambda t: (t["criterion"], t["deadline"]), lambda p, e, g: [(p, g is not None)])
    return scores


def test_seed_facts_are_read_with_at_least_95_percent_field_accuracy() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        expected = json.loads((EXPECTED / f"{path.stem}.json").read_text(encoding="utf-8"))
        got = extract(path.read_text(encoding="utf-8"))
        assert validate(got) == []
        scores = score(expected, got)
        ACCURACY[path.stem] = (sum(ok for _, ok in scores), len(scores))
        wrong = [name for name, ok in scores if not ok]
        print(f"{path.stem}: {ACCURACY[path.stem][0]}/{len(scores)} wrong: {wrong}")
    right = sum(r for r, _ in ACCURACY.values())
    total = sum(t for _, t in ACCURACY.values())
    print(f"overall field accuracy: {right}/{total} = {100 * right / total:.1f} %")
    assert right / total >= 0.95


def test_every_seed_fact_points_at_the_sentence_it_came_from() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        from ntm.ingest.extract import repaired_text

        raw = path.read_text(encoding="utf-8")
        text = repaired_text(raw)
        got = extract(raw)
        for item in got["evidence"]:
            assert text[item["start"]:item["end"]].strip() == item["text"]
        paths = {item["path"].split(".")[0].split("[")[0] for item in got["evidence"]}
        for name in ("assessments", "funding", "works", "targets"):
            assert not got[name] or name in paths, (path.stem, name)
