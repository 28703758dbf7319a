"""Administrative units as plain rows, read from the pinned `vietnam-provinces` package.

Both schemes: the three-tier one (63 provinces, 696 districts, 10,051 communes) valid until
30/06/2025, and the two-tier one (34 provinces, 3,321 communes) from 01/07/2025, with the
official old → new table. The conversion tables live in the package's private modules
(`_ward_conversion_2025`, `_province_conversion_2025`); the public API drops the "partly
merged" flag we need, so we read them here, in one place, against the pinned version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import NamedTuple

import vietnam_provinces as vp
from vietnam_provinces import _province_conversion_2025 as province_conversion
from vietnam_provinces import _ward_conversion_2025 as ward_conversion
from vietnam_provinces import legacy

MERGER_DATE = dt.date.fromisoformat(ward_conversion.EFFECTIVE_DATE)  # 2025-07-01
LEGACY_LAST_DAY = MERGER_DATE - dt.timedelta(days=1)
SOURCE = f"vietnam-provinces {vp.__version__} ({ward_conversion.SOURCE})"


class UnitRow(NamedTuple):
    scheme: str
    code: str
    level: str
    name: str
    division_type: str
    parent_code: str | None  # same scheme
    province_code: str


class SuccessionRow(NamedTuple):
    level: str
    old_code: str
    new_code: str
    partly: bool


def _type(division: object) -> str:
    return str(getattr(division, "value", division))


def legacy_units() -> Iterator[UnitRow]:
    """Provinces, districts and communes of the scheme in force until 30/06/2025."""
    for p in legacy.Province.iter_all():
        yield UnitRow("legacy", str(p.code.value), "province", p.name, _type(p.division_type), None, str(p.code.value))
    district_province = {}
    for d in legacy.District.iter_all():
        district_province[d.code.value] = str(d.province_code.value)
        yield UnitRow("legacy", str(d.code.value), "district", d.name, _type(d.division_type),
                      str(d.province_code.value), str(d.province_code.value))
    for w in legacy.Ward.iter_all():
        yield UnitRow("legacy", str(w.code.value), "commune", w.name, _type(w.division_type),
                      str(w.district_code.value), district_province[w.district_code.value])


def current_units() -> Iterator[UnitRow]:
    """The 34 provinces and 3,321 communes of the two-tier scheme from 01/07/2025."""
    for p in vp.Province.iter_all():
        yield UnitRow("2025", str(p.code.value), "province", p.name, _type(p.division_type), None, str(p.code.value))
    for w in vp.Ward.iter_all():
        yield UnitRow("2025", str(w.code.value), "commune", w.name, _type(w.division_type),
                      str(w.province_code.value), str(w.province_code.value))


def successions() -> Iterator[SuccessionRow]:
    """The official old → new mapping, for provinces and for communes."""
    for entry in province_conversion.OLD_TO_NEW.values():
        for new in entry.new_provinces:
            yield SuccessionRow("province", str(entry.old_province.code), str(new.code), False)
    for ward_entry in ward_conversion.OLD_TO_NEW.values():
        old = ward_entry.old_ward
        for new in ward_entry.new_wards:
            yield SuccessionRow("commune", str(old.code), str(new.code), old.is_partly_merged)
