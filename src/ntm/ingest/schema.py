"""The extraction contract (issue 4): the shape `extract()` returns and a validator of it.

Scripts compare against this shape, so it changes only on purpose. A fact the text does not
state is None (or an empty list); `warnings` and `evidence` come beside the facts.
"""

from __future__ import annotations

import re
from typing import Any, Literal, TypedDict

Level = Literal["commune", "village", "district", "province"]
DocumentType = Literal["bao_cao", "ke_hoach", "to_trinh", "quyet_dinh", "other"]
CriteriaSet = Literal["xa_ntm", "xa_ntm_nang_cao", "xa_ntm_kieu_mau", "thon_ntm", "thon_ntm_kieu_mau", "unknown"]
SOURCES = ("central_province", "district", "commune", "integrated", "enterprise", "credit", "people", "other")


class Unit(TypedDict):
    name: str | None
    level: Level | None
    district: str | None
    province: str | None


class Document(TypedDict):
    type: DocumentType
    number: str | None
    date: str | None          # "2024-03-14"
    period: str | None        # "2024-Q1", "2024-H1", "2024-03", "2023"


class Assessment(TypedDict):
    set: CriteriaSet
    as_of: str | None         # "2024-03" or "2023"
    catalog: str | None       # the criteria-set file the count is against ("qd1980-2016"), None when unknown
    criteria_met: int | None
    criteria_total: int | None
    indicators_met: int | None
    indicators_total: int | None
    met_criteria: list[int]
    unmet_criteria: list[int]
    unmet_indicators: list[str]


class IndicatorValue(TypedDict):
    code: str
    value: float
    unit: str
    as_of: str | None


class Funding(TypedDict):
    year: int | None
    total_vnd: int | None
    by_source: dict[str, int | None]


class Work(TypedDict):
    name: str
    village: str | None
    cost_vnd: int | None
    progress_pct: float | None
    disbursed_vnd: int | None


class Villages(TypedDict):
    total: int | None
    ntm: int | None
    model: int | None
    names: list[str]


class Target(TypedDict):
    text: str
    criterion: int | None
    deadline: str | None      # "2024-10" or "2024"


class Signer(TypedDict):
    name: str | None
    title: str | None


class Warning(TypedDict):
    code: str
    message: str
    text: str
    start: int
    end: int


class Evidence(TypedDict):
    path: str                 # "assessments[0].criteria_met"
    text: str                 # the sentence the fact came from
    start: int                # offsets in the repaired text (`repair.repair(raw).text`)
    end: int
    confidence: float         # 0–1; below facts.context.PREFILL_THRESHOLD the review page does not pre-fill


class UnitFacts(TypedDict):
    """One unit a multi-unit document reports on (a district bulletin's communes)."""

    name: str
    level: Level
    criteria_met: int | None
    criteria_total: int | None
    indicators_met: int | None
    indicators_total: int | None
    unmet_criteria: list[int]
    villages_total: int | None
    evidence: str             # the sentence that states it


class Extraction(TypedDict):
    unit: Unit
    document: Document
    assessments: list[Assessment]
    indicator_values: list[IndicatorValue]
    funding: list[Funding]
    works: list[Work]
    villages: Villages
    targets: list[Target]
    signer: Signer
    warnings: list[Warning]
    evidence: list[Evidence]
    units: list[UnitFacts]    # empty unless the text reports on several units


_KEYS: dict[str, tuple[str, ...]] = {
    "unit": ("name", "level", "district", "province"),
    "document": ("type", "number", "date", "period"),
    "villages": ("total", "ntm", "model", "names"),
    "signer": ("name", "title"),
}
_ITEM_KEYS: dict[str, tuple[str, ...]] = {
    "assessments": ("set", "as_of", "catalog", "criteria_met", "criteria_total", "indicators_met",
                    "indicators_total", "met_criteria", "unmet_criteria", "unmet_indicators"),
    "indicator_values": ("code", "value", "unit", "as_of"),
    "funding": ("year", "total_vnd", "by_source"),
    "works": ("name", "village", "cost_vnd", "progress_pct", "disbursed_vnd"),
    "targets": ("text", "criterion", "deadline"),
    "warnings": ("code", "message", "text", "start", "end"),
    "evidence": ("path", "text", "start", "end", "confidence"),
    "units": ("name", "level", "criteria_met", "criteria_total", "indicators_met", "indicators_total",
              "unmet_criteria", "villages_total", "evidence"),
}
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH_RE = re.compile(r"^\d{4}(?:-\d{2})?$")


def validate(data: dict[str, Any]) -> list[str]:
    """Every way `data` departs from the contract, as readable lines; empty when it conforms."""
    problems = _exact_keys("", data, (*_KEYS, *_ITEM_KEYS, "targets"))
    for name, keys in _KEYS.items():
        problems += _exact_keys(name, data.get(name), keys)
    for name, keys in _ITEM_KEYS.items():
        items = data.get(name)
        if not isinstance(items, list):
            problems.append(f"{name}: must be a list")
            continue
        for i, item in enumerate(items):
            problems += _exact_keys(f"{name}[{i}]", item, keys)
    return problems or _values(data)


def _exact_keys(path: str, value: object, keys: tuple[str, ...]) -> list[str]:
    if not isinstance(value, dict):
        return [f"{path or 'root'}: must be an object"]
    wanted = set(keys)
    found = set(value)
    return [f"{path or 'root'}: missing {k}" for k in sorted(wanted - found)] + \
           [f"{path or 'root'}: unexpected {k}" for k in sorted(found - wanted)]


def _values(data: dict[str, Any]) -> list[str]:
    problems = []
    date = data["document"]["date"]
    if date is not None and not _DATE_RE.match(date):
        problems.append(f"document.date: {date!r} is not YYYY-MM-DD")
    for i, item in enumerate(data["assessments"]):
        if item["as_of"] is not None and not _MONTH_RE.match(item["as_of"]):
            problems.append(f"assessments[{i}].as_of: {item['as_of']!r} is not YYYY or YYYY-MM")
        for name in ("criteria_met", "criteria_total", "indicators_met", "indicators_total"):
            if item[name] is not None and not isinstance(item[name], int):
                problems.append(f"assessments[{i}].{name}: must be an integer")
    for i, entry in enumerate(data["funding"]):
        if set(entry["by_source"]) != set(SOURCES):
            problems.append(f"funding[{i}].by_source: keys must be {', '.join(SOURCES)}")
    for i, work in enumerate(data["works"]):
        if work["cost_vnd"] is not None and not isinstance(work["cost_vnd"], int):
            problems.append(f"works[{i}].cost_vnd: must be an integer number of đồng")
    return problems
