"""Writes to administrative units: the idempotent load of both schemes, profiles, villages."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from ntm.common.audit import audit
from ntm.common.errors import BadInput
from ntm.common.text import fold, name_key, nfc

from . import sources
from .models import Level, Scheme, Succession, Unit

PROFILES_FILE = Path(__file__).parent / "data" / "profiles.yaml"
_UPDATE_FIELDS = ["level", "name", "short_name", "division_type", "province_code", "valid_from", "valid_to",
                  "search_key"]


def short_name(name: str, division_type: str) -> str:
    """"Xã Cẩm Ngọc" → "Cẩm Ngọc"."""
    prefix = division_type + " "
    return name[len(prefix):] if name.lower().startswith(prefix.lower()) else name


def _unit(row: sources.UnitRow) -> Unit:
    legacy = row.scheme == Scheme.LEGACY
    return Unit(
        scheme=row.scheme, code=row.code, level=row.level, name=row.name,
        short_name=short_name(row.name, row.division_type), division_type=row.division_type,
        province_code=row.province_code, search_key=fold(row.name),
        valid_from=None if legacy else sources.MERGER_DATE, valid_to=sources.LEGACY_LAST_DAY if legacy else None,
    )


def _upsert(rows: list[sources.UnitRow]) -> dict[tuple[str, str, str], int]:
    """Insert or update one level's units; return (scheme, level, code) → id."""
    Unit.objects.bulk_create([_unit(r) for r in rows], batch_size=2000, update_conflicts=True,
                             unique_fields=["scheme", "level", "code"], update_fields=_UPDATE_FIELDS)
    schemes = {r.scheme for r in rows}
    found = Unit.objects.filter(scheme__in=schemes, level__in={r.level for r in rows})
    return {(s, lvl, c): pk for s, lvl, c, pk in found.values_list("scheme", "level", "code", "pk")}


def _link_parents(rows: list[sources.UnitRow], ids: dict[tuple[str, str, str], int], parent_level: str) -> None:
    units = []
    for r in rows:
        if r.parent_code is not None:
            unit = Unit(pk=ids[(r.scheme, r.level, r.code)])
            unit.parent_id = ids[(r.scheme, parent_level, r.parent_code)]
            units.append(unit)
    Unit.objects.bulk_update(units, ["parent"], batch_size=2000)


def _load_scheme(rows: Iterable[sources.UnitRow], levels: list[str]) -> int:
    by_level: dict[str, list[sources.UnitRow]] = {lvl: [] for lvl in levels}
    for row in rows:
        by_level[row.level].append(row)
    ids: dict[tuple[str, str, str], int] = {}
    for i, level in enumerate(levels):
        ids.update(_upsert(by_level[level]))
        if i:
            _link_parents(by_level[level], ids, levels[i - 1])
    return sum(len(v) for v in by_level.values())


def _load_successions() -> int:
    ids = {(s, lvl, c): pk for s, lvl, c, pk in Unit.objects.exclude(scheme=Scheme.LOCAL)
           .values_list("scheme", "level", "code", "pk")}
    links = [
        Succession(predecessor_id=ids[("legacy", row.level, row.old_code)],
                   successor_id=ids[("2025", row.level, row.new_code)],
                   date=sources.MERGER_DATE, partly=row.partly, source=sources.SOURCE)
        for row in sources.successions()
        if ("legacy", row.level, row.old_code) in ids and ("2025", row.level, row.new_code) in ids
    ]
    Succession.objects.bulk_create(links, batch_size=2000, update_conflicts=True,
                                   unique_fields=["predecessor", "successor"], update_fields=["partly", "source"])
    return len(links)


@transaction.atomic
def load_units(*, profiles_file: Path = PROFILES_FILE) -> dict[str, int]:
    """Load (or refresh) both schemes, the old → new mapping and the profiles. Idempotent."""
    counts = {
        "legacy": _load_scheme(sources.legacy_units(), [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]),
        "2025": _load_scheme(sources.current_units(), [Level.PROVINCE, Level.COMMUNE]),
    }
    counts["successions"] = _load_successions()
    counts["profiles"] = apply_profiles(read_profiles(profiles_file))
    return counts


def read_profiles(path: Path) -> dict[str, dict[str, Any]]:
    """The region / group / zone / flags file, checked for shape."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key, spec in data.items():
        if not isinstance(spec, dict) or set(spec) - {"region", "group", "zone", "flags", "source"}:
            raise BadInput(f"{path.name}, mục «{key}»: chỉ nhận region, group, zone, flags, source",
                           f"{path.name}, entry '{key}': only region, group, zone, flags, source", field=str(key))
    return data


def apply_profiles(profiles: dict[str, dict[str, Any]]) -> int:
    """Set region, group, zone and flags from the profiles data; province entries first."""
    changed = 0
    for key, spec in sorted(profiles.items(), key=lambda kv: not kv[0].startswith("province:")):
        kind, _, code = key.partition(":")
        units = Unit.objects.filter(province_code=code) if kind == "province" else Unit.objects.filter(
            scheme=kind, code=code, level__in=[Level.COMMUNE, Level.VILLAGE])
        values = {f: spec[f] if f != "group" else str(spec[f]) for f in ("region", "group", "zone", "flags")
                  if f in spec}
        changed += units.update(**values)
    return changed


@transaction.atomic
def create_village(*, actor: Any, commune: Unit, name: str) -> Unit:
    """Add a village (thôn, bản, làng) under `commune`; villages are ours, not the package's."""
    from ntm.common.scope import Access, require_scope

    require_scope(actor, commune, Access.EDIT)
    name = nfc(" ".join(name.split()))
    if commune.level != Level.COMMUNE or not name:
        raise BadInput("thôn phải có tên và thuộc một xã", "a village needs a name and a commune", field="name")
    existing = next((v for v in commune.children.filter(level=Level.VILLAGE) if name_key(v.name) == name_key(name)),
                    None)
    if existing is not None:
        return existing
    number = commune.children.filter(level=Level.VILLAGE).count() + 1
    village = Unit.objects.create(
        scheme=Scheme.LOCAL, code=f"{commune.scheme}-{commune.code}-{number}", level=Level.VILLAGE, name=name,
        short_name=name, division_type="thôn", parent=commune, province_code=commune.province_code,
        search_key=fold(name), valid_from=commune.valid_from, valid_to=commune.valid_to,
        region=commune.region, group=commune.group, zone=commune.zone, flags=commune.flags,
    )
    audit(actor, "geo.unit.created", village, unit_code=commune.key, after={"name": name, "code": village.code})
    return village
