"""What villages give (contributions with their units), OCOP products, campaigns and propaganda sessions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from ntm.geo.models import Level, Unit
from ntm.monitoring.models import Source

from ..models import Campaign, CampaignKind, Contribution, ContributionKind, OcopProduct, Work
from . import fields as f
from .records import commune_of, delete_checked, require_edit, save_changed, save_created
from .works import village_of

CONTRIBUTION_FIELDS: dict[str, f.Parser] = {
    "year": f.year, "campaign": f.text, "kind": f.choice(ContributionKind), "item": f.required_text,
    "quantity": f.quantity, "measure_unit": f.measure_unit, "value_vnd": f.amount, "note": f.text,
}
OCOP_FIELDS: dict[str, f.Parser] = {
    "name": f.required_text, "producer": f.required_text, "stars": f.stars, "rated_year": f.optional_year,
    "decision": f.text,
}
CAMPAIGN_FIELDS: dict[str, f.Parser] = {
    "kind": f.choice(CampaignKind), "title": f.required_text, "held_on": f.day, "year": f.year, "body": f.text,
    "audience": f.text, "sessions": f.count, "people": f.count, "note": f.text,
}


def _work_of(commune: Unit, raw: Any) -> Work | None:
    if raw is None or raw == "":
        return None
    work = raw if isinstance(raw, Work) else Work.objects.filter(pk=int(raw) if str(raw).isdigit() else 0).first()
    if work is None or work.unit_id != commune.pk:
        raise f.bad("work", f"«{raw}» không phải là công trình của {commune.name}", f"'{raw}' is not a work here")
    return work


def _contribution(village: Unit, values: Mapping[str, Any], partial: bool) -> dict[str, Any]:
    clean = f.parse_fields({k: v for k, v in values.items() if k != "work"}, CONTRIBUTION_FIELDS, partial=partial)
    if "work" in values:
        clean["work"] = _work_of(commune_of(village), values["work"])
    if clean.get("kind") == ContributionKind.MONEY and clean.get("measure_unit", "đồng") != "đồng":
        raise f.bad("measure_unit", "đóng góp bằng tiền tính bằng đồng", "a money contribution is counted in đồng")
    return clean


@transaction.atomic
def add_contribution(*, actor: Any, village: Unit, values: Mapping[str, Any], source: str = Source.ENTERED,
                     import_record: Any = None) -> Contribution:
    """Record what a village gave: a quantity with its unit (money in đồng, ngày công, m², tấn…)."""
    require_edit(actor, village)
    if village.level != Level.VILLAGE:
        raise f.bad("village", "đóng góp được ghi cho một thôn", "a contribution belongs to a village")
    row = Contribution(village=village, source=source, import_record=import_record,
                       **_contribution(village, values, partial=False))
    return save_created(actor, row, commune_of(village))


@transaction.atomic
def update_contribution(*, actor: Any, contribution: Contribution, values: Mapping[str, Any],
                        expected_revision: int | None) -> Contribution:
    """Change a contribution; StaleEdit if it changed since it was read."""
    require_edit(actor, contribution.village)
    changes = _contribution(contribution.village, {"kind": contribution.kind, **values}, partial=True)
    return save_changed(actor, contribution, changes, expected_revision, commune_of(contribution.village))


@transaction.atomic
def delete_contribution(*, actor: Any, contribution: Contribution, expected_revision: int | None) -> None:
    require_edit(actor, contribution.village)
    delete_checked(actor, contribution, expected_revision, commune_of(contribution.village))


@transaction.atomic
def add_ocop_product(*, actor: Any, unit: Unit, values: Mapping[str, Any], source: str = Source.ENTERED,
                     import_record: Any = None) -> OcopProduct:
    """Add an OCOP product of the commune `unit` (name, producer; stars 3–5 and year once rated)."""
    require_edit(actor, unit)
    if unit.level != Level.COMMUNE:
        raise f.bad("unit", "sản phẩm OCOP được ghi cho một xã", "an OCOP product belongs to a commune")
    clean = f.parse_fields({k: v for k, v in values.items() if k != "village"}, OCOP_FIELDS)
    clean["village"] = village_of(unit, values.get("village"))
    return save_created(actor, OcopProduct(unit=unit, source=source, import_record=import_record, **clean), unit)


@transaction.atomic
def update_ocop_product(*, actor: Any, product: OcopProduct, values: Mapping[str, Any],
                        expected_revision: int | None) -> OcopProduct:
    require_edit(actor, product.unit)
    changes = f.parse_fields({k: v for k, v in values.items() if k != "village"}, OCOP_FIELDS, partial=True)
    if "village" in values:
        changes["village"] = village_of(product.unit, values["village"])
    return save_changed(actor, product, changes, expected_revision, product.unit)


@transaction.atomic
def delete_ocop_product(*, actor: Any, product: OcopProduct, expected_revision: int | None) -> None:
    require_edit(actor, product.unit)
    delete_checked(actor, product, expected_revision, product.unit)


@transaction.atomic
def add_campaign(*, actor: Any, unit: Unit, values: Mapping[str, Any], source: str = Source.ENTERED,
                 import_record: Any = None) -> Campaign:
    """Record a campaign, propaganda or training session of a commune or one of its villages."""
    require_edit(actor, unit)
    clean = f.parse_fields(values, CAMPAIGN_FIELDS)
    if clean["held_on"] and clean["held_on"].year != clean["year"]:
        raise f.bad("held_on", "ngày tổ chức không thuộc năm đã ghi", "the date is not in the given year")
    return save_created(actor, Campaign(unit=unit, source=source, import_record=import_record, **clean),
                        commune_of(unit))


@transaction.atomic
def update_campaign(*, actor: Any, campaign: Campaign, values: Mapping[str, Any],
                    expected_revision: int | None) -> Campaign:
    require_edit(actor, campaign.unit)
    changes = f.parse_fields(values, CAMPAIGN_FIELDS, partial=True)
    return save_changed(actor, campaign, changes, expected_revision, commune_of(campaign.unit))


@transaction.atomic
def delete_campaign(*, actor: Any, campaign: Campaign, expected_revision: int | None) -> None:
    require_edit(actor, campaign.unit)
    delete_checked(actor, campaign, expected_revision, commune_of(campaign.unit))
