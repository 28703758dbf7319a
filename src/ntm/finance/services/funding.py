"""Funding rows (one source of a unit's year, or of a work) and the totals documents state."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from ntm.common.errors import StaleEdit
from ntm.geo.models import Unit
from ntm.monitoring.models import Source

from ..models import Funding, FundingSource, Measure, StatedTotal, Work
from . import fields as f
from .records import commune_of, delete_checked, require_absent, require_edit, save_changed, save_created

FUNDING_FIELDS: dict[str, f.Parser] = {"planned": f.amount, "allocated": f.amount, "disbursed": f.amount,
                                       "note": f.text}
STATED_FIELDS: dict[str, f.Parser] = {"amount": f.required_amount, "measure": f.choice(Measure), "quote": f.text,
                                      "document": f.text}


@transaction.atomic
def save_funding(*, actor: Any, unit: Unit, year: Any, source_kind: str, values: Mapping[str, Any],
                 work: Work | None = None, expected_revision: int | None = None, source: str = Source.ENTERED,
                 import_record: Any = None) -> Funding:
    """Create or change the row of one source for `unit`'s year, or for `work`: planned, allocated, disbursed.

    `expected_revision` is None for a new row and the row's revision for a change: StaleEdit otherwise.
    Disbursed above allocated is allowed and flagged by funding_summary (see selectors): money carried
    over from earlier years is disbursed against the year's allocation.
    """
    unit = work.unit if work is not None else unit
    require_edit(actor, commune_of(unit))
    key = {"unit": unit, "year": f.year(year, "year"), "source_kind": f.choice(FundingSource)(source_kind,
                                                                                          "source_kind"),
           "work": work}
    changes = f.parse_fields(values, FUNDING_FIELDS, partial=True)
    row = Funding.objects.filter(**key).first()
    if row is not None and expected_revision is None:
        raise StaleEdit("nguồn vốn này đã có số liệu của năm: hãy sửa dòng đã có", "this source already has a row "
                        "for the year: change that row (send its revision)", field="source_kind", current=row)
    if row is None:
        require_absent(expected_revision)
        return save_created(actor, Funding(**key, **changes, source=source, import_record=import_record), unit)
    return save_changed(actor, row, changes, expected_revision, unit)


@transaction.atomic
def delete_funding(*, actor: Any, funding: Funding, expected_revision: int | None) -> None:
    """Remove one source's row; StaleEdit if it changed since it was read."""
    require_edit(actor, commune_of(funding.unit))
    delete_checked(actor, funding, expected_revision, funding.unit)


@transaction.atomic
def set_stated_total(*, actor: Any, unit: Unit, year: Any, values: Mapping[str, Any], work: Work | None = None,
                     expected_revision: int | None = None, source: str = Source.ENTERED,
                     import_record: Any = None) -> StatedTotal:
    """Keep the total a document states ("14.808.000.000 đồng") for a unit's year or a work, beside the sum."""
    unit = work.unit if work is not None else unit
    require_edit(actor, commune_of(unit))
    clean = f.parse_fields(values, STATED_FIELDS, partial=True)
    clean.setdefault("measure", Measure.PLANNED)
    key = {"unit": unit, "year": f.year(year, "year"), "work": work, "measure": clean.pop("measure")}
    row = StatedTotal.objects.filter(**key).first()
    if row is None:
        require_absent(expected_revision)
        if "amount" not in clean:
            raise f.bad("amount", "bắt buộc phải có", "is required")
        return save_created(actor, StatedTotal(**key, **clean, source=source, import_record=import_record), unit)
    return save_changed(actor, row, clean, expected_revision, unit)


@transaction.atomic
def delete_stated_total(*, actor: Any, stated: StatedTotal, expected_revision: int | None) -> None:
    """Forget a stated total; the computed sum stays what it was."""
    require_edit(actor, commune_of(stated.unit))
    delete_checked(actor, stated, expected_revision, stated.unit)
