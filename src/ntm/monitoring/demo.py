"""`ntm demo`: the seed communes, their villages and what the seeds state (data/demo.yaml).

Idempotent: a second run changes nothing. Every write goes through the audited services.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from ntm.common.scope import get_unit_in_scope
from ntm.geo.services import create_village

from .models import Observation, Source
from .periods import Period
from .programme_demo import load_programme
from .services import Target, observation_key, record_observation, record_reported_result

DEMO_FILE = Path(__file__).parent / "data" / "demo.yaml"


def _fraction(text: str | None) -> tuple[int | None, int | None]:
    if not text:
        return None, None
    met, total = text.split("/")
    return int(met), int(total)


def _assessment(unit: Any, spec: dict[str, Any], document: str) -> int:
    period, set_id, note = Period.parse(str(spec["period"])), spec["set"], " ".join(spec.get("quote", "").split())
    writes = [(Target(set_id, criterion=n), "met") for n in spec.get("met", [])]
    writes += [(Target(set_id, criterion=n), "not_met") for n in spec.get("not_met", [])]
    writes += [(Target(set_id, indicator=code), {"assessed": "not_met"}) for code in spec.get("indicators_not_met", [])]
    writes += [(Target(set_id, indicator=str(code)), raw) for code, raw in (spec.get("values") or {}).items()]
    for target, raw in writes:
        _save(unit, target, period, raw, f"{note} — {document}".strip(" —"))
    return len(writes)


def _save(unit: Any, target: Target, period: Period, raw: Any, note: str) -> None:
    if Observation.objects.filter(**observation_key(unit, target, period)).exists():
        return  # the demo never overwrites: a value since edited, submitted or approved stays as it is
    record_observation(actor=None, unit=unit, target=target, period=period, raw=raw, expected_version=None,
                       evidence_note=note, source=Source.IMPORTED)


def _reported(unit: Any, spec: dict[str, Any], document: str) -> None:
    criteria_met, criteria_total = _fraction(spec["criteria"])
    indicators_met, indicators_total = _fraction(spec.get("indicators"))
    assert criteria_met is not None and criteria_total is not None
    record_reported_result(actor=None, unit=unit, set_id=spec["set"], period=Period.parse(str(spec["period"])),
                           criteria_met=criteria_met, criteria_total=criteria_total, indicators_met=indicators_met,
                           indicators_total=indicators_total, quote=" ".join(spec.get("quote", "").split()),
                           document=document, source=Source.IMPORTED)


DEMO_PASSWORD = "ntm-demo"


def _account(spec: dict[str, Any]) -> None:
    from django.contrib.auth.models import User

    from ntm.common.models import Membership

    first, _, last = spec["name"].rpartition(" ")
    user, created = User.objects.get_or_create(username=spec["username"], defaults={
        "first_name": first, "last_name": last, "is_superuser": spec.get("superuser", False),
        "is_staff": spec.get("superuser", False)})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    keys = list(spec.get("units", []))
    if "village" in spec:
        commune = get_unit_in_scope(None, spec["village"]["commune"])
        keys.append(create_village(actor=None, commune=commune, name=spec["village"]["name"]).key)
    for key in keys:
        Membership.objects.get_or_create(user=user, unit=get_unit_in_scope(None, key), role=spec["role"])


@transaction.atomic
def load_demo(path: Path = DEMO_FILE) -> dict[str, int]:
    """Load the demo communes; return counts of villages, observations and reported totals."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    counts = {"communes": 0, "villages": 0, "observations": 0, "reported": 0}
    for commune in data["communes"]:
        unit = get_unit_in_scope(None, commune["unit"])
        for name in commune.get("villages", []):
            create_village(actor=None, commune=unit, name=name)
            counts["villages"] += 1
        for spec in commune.get("assessments", []):
            counts["observations"] += _assessment(unit, spec, commune["document"])
        for spec in commune.get("reported", []):
            _reported(unit, spec, commune["document"])
            counts["reported"] += 1
        counts["communes"] += 1
    for spec in data.get("accounts", []):
        _account(spec)
    counts["accounts"] = len(data.get("accounts", []))
    counts["programme"] = sum(load_programme().values())
    return counts
