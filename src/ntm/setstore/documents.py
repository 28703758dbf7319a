"""A set's document (the catalogue file format) as plain data: read, write, and the editor's changes to it.

Pure functions on dicts and YAML text; validation is criteria.catalog's, never repeated here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from ntm.criteria.model import CriteriaSet, Indicator
from ntm.criteria.report import threshold_status_counts

EDITABLE = ("name", "unit", "value_type", "comparator", "threshold", "aggregate", "counts", "source", "status",
            "note")


def read(text: str) -> dict[str, Any]:
    """The document as plain dicts and lists (the loader has already checked it)."""
    data = yaml.safe_load(text)
    return data if isinstance(data, dict) else {}


def write(data: dict[str, Any]) -> str:
    """The document as YAML, keys in the order given, Vietnamese unescaped."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)


def variant_document(parent: CriteriaSet, *, set_id: str, title: str, province: str,
                     decision: dict[str, Any], valid_from: dt.date, valid_to: dt.date | None) -> dict[str, Any]:
    """A new provincial variant of `parent` that changes nothing yet."""
    doc: dict[str, Any] = {"id": set_id, "title": title, "extends": parent.id}
    if province:
        doc["province"] = province
    doc.update(decision={k: v for k, v in decision.items() if v}, valid_from=valid_from, valid_to=valid_to,
               overrides={})
    return doc


def indicator_fields(ind: Indicator) -> dict[str, Any]:
    """The indicator's editable keys as a file writes them."""
    return {"code": ind.code, "name": ind.name, "unit": ind.unit, "value_type": ind.value_type.value,
            "comparator": ind.comparator, "threshold": ind.threshold, "aggregate": ind.aggregate,
            "counts": ind.counts, "source": ind.source, "status": ind.status, "note": ind.note}


def set_indicator(doc: dict[str, Any], parent: CriteriaSet | None, criterion: int,
                  fields: dict[str, Any]) -> dict[str, Any]:
    """The document with one indicator's keys changed or added (for a variant: as an override or an addition)."""
    doc = dict(doc)
    code = str(fields["code"])
    change = {k: fields[k] for k in EDITABLE if k in fields}
    if doc.get("extends"):
        inherited = parent.indicator(code) if parent else None
        if inherited is not None:
            before = indicator_fields(inherited)
            diff = {k: v for k, v in change.items() if before.get(k) != v}
            overrides = dict(doc.get("overrides") or {})
            if diff:
                overrides[code] = diff
            else:
                overrides.pop(code, None)
            doc["overrides"] = overrides
            return doc
        added = [a for a in doc.get("add_indicators") or [] if str(a.get("code")) != code]
        doc["add_indicators"] = [*added, {"criterion": criterion, "code": code, **change}]
        return doc
    criteria = []
    for crit in doc.get("criteria") or []:
        crit = dict(crit)
        if crit.get("number") == criterion:
            inds = [dict(i) for i in crit.get("indicators") or []]
            for ind in inds:
                if str(ind.get("code")) == code:
                    ind.update(change)
                    break
            else:
                inds.append({"code": code, **change})
            crit["indicators"] = inds
        criteria.append(crit)
    doc["criteria"] = criteria
    return doc


def remove_indicator(doc: dict[str, Any], parent: CriteriaSet | None, code: str) -> dict[str, Any]:
    """The document without one indicator: a variant drops its own addition or lists an inherited one in
    `remove_indicators` (a whole-criterion placeholder replaced by the indicators the office entered)."""
    doc = dict(doc)
    if doc.get("extends"):
        added = [a for a in doc.get("add_indicators") or [] if str(a.get("code")) != code]
        if len(added) != len(doc.get("add_indicators") or []):
            doc["add_indicators"] = added
            return doc
        if parent is not None and parent.indicator(code) is not None:
            overrides = dict(doc.get("overrides") or {})
            overrides.pop(code, None)
            doc["overrides"] = overrides
            removed = [str(c) for c in doc.get("remove_indicators") or []]
            doc["remove_indicators"] = [*removed, code] if code not in removed else removed
        return doc
    doc["criteria"] = [{**crit, "indicators": [i for i in crit.get("indicators") or [] if str(i.get("code")) != code]}
                       for crit in doc.get("criteria") or []]
    return doc


def standalone_document(cset: CriteriaSet, *, set_id: str, title: str, province: str) -> dict[str, Any]:
    """A set of its own (no `extends`) holding every criterion and indicator of `cset`: a new set to edit."""
    doc: dict[str, Any] = {"id": set_id, "title": title, "kind": cset.kind, "level": cset.level}
    if province:
        doc["province"] = province
    doc.update(decision=dict(cset.decision), valid_from=cset.valid_from, valid_to=cset.valid_to)
    for key in ("regions", "groups", "zones"):
        if getattr(cset, key):
            doc[key] = dict(getattr(cset, key))
    if cset.flags:
        doc["flags"] = {k: {key: value for key, value in (("name", f.name), ("use_region", f.use_region),
                                                          ("source", f.source)) if value}
                        for k, f in cset.flags.items()}
    doc["criteria"] = [{"number": c.number, "name": c.name,
                        "indicators": [{k: v for k, v in indicator_fields(i).items() if v not in ("", None)
                                        or k == "threshold"} for i in c.indicators]}
                       for c in cset.criteria]
    return doc


def status_counts(cset: CriteriaSet) -> dict[str, int]:
    """How many of the set's thresholds are confirmed, from a report (seed), recalled, unknown."""
    return threshold_status_counts(cset)
