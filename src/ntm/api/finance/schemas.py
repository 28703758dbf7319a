"""The finance API's In and Out schemas, and the functions that shape a row for its Out schema."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema

from ntm.finance.models import Campaign, Contribution, Funding, OcopProduct, StatedTotal, Work

Amount = int | str | None  # 14808000000 or "14.808.000.000"
Number = int | float | str | None


def fields_of(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: getattr(obj, n) for n in names}


# --- funding and stated totals -------------------------------------------------------------------

class FundingOut(Schema):
    id: int
    unit: str
    year: int
    source_kind: str
    work: int | None
    planned: int | None
    allocated: int | None
    disbursed: int | None
    note: str
    source: str
    revision: int


def funding_out(row: Funding) -> dict[str, Any]:
    return {**fields_of(row, ("id", "year", "source_kind", "planned", "allocated", "disbursed", "note", "source",
                            "revision")), "unit": row.unit.key, "work": row.work_id}


class FundingIn(Schema):
    planned: Amount = None
    allocated: Amount = None
    disbursed: Amount = None
    note: str = ""
    expected_revision: int | None = None


class SourceLineOut(Schema):
    source_kind: str
    label: str
    planned: int | None
    allocated: int | None
    disbursed: int | None
    from_works: bool
    works_planned: int | None


class WarningOut(Schema):
    message: str
    message_en: str


class StatedTotalOut(Schema):
    id: int
    unit: str
    year: int
    work: int | None
    measure: str
    amount: int
    quote: str
    document: str
    source: str
    revision: int


def stated_out(row: StatedTotal) -> dict[str, Any]:
    return {**fields_of(row, ("id", "year", "measure", "amount", "quote", "document", "source", "revision")),
            "unit": row.unit.key, "work": row.work_id}


class FundingSummaryOut(Schema):
    unit: str
    year: int
    total_vnd: int | None
    by_source: dict[str, int]
    allocated_vnd: int | None
    disbursed_vnd: int | None
    stated_total_vnd: int | None
    stated: list[StatedTotalOut]
    lines: list[SourceLineOut]
    warnings: list[WarningOut]


class StatedTotalIn(Schema):
    amount: Amount
    quote: str = ""
    document: str = ""
    expected_revision: int | None = None


# --- works ---------------------------------------------------------------------------------------

class WorkOut(Schema):
    id: int
    unit: str
    village: str | None
    name: str
    criterion: int | None
    year: int
    status: str
    progress_pct: Decimal | None
    start: dt.date | None
    end: dt.date | None
    note: str
    planned_vnd: int | None
    allocated_vnd: int | None
    disbursed_vnd: int | None
    source: str
    revision: int


def work_out(work: Work, planned: int | None = None, allocated: int | None = None,
             disbursed: int | None = None) -> dict[str, Any]:
    return {**fields_of(work, ("id", "name", "criterion", "year", "status", "progress_pct", "start", "end", "note",
                             "source", "revision")),
            "unit": work.unit.key, "village": work.village.key if work.village else None,
            "planned_vnd": planned, "allocated_vnd": allocated, "disbursed_vnd": disbursed}


class WorkIn(Schema):
    name: str
    year: int | str
    village: str | None = None  # the village's key (local:…) or id
    criterion: int | str | None = None
    status: str | None = None
    progress_pct: Number = None
    start: str | None = None  # "14/3/2024" or "2024-03-14"
    end: str | None = None
    note: str = ""


class WorkPatch(Schema):
    name: str | None = None
    year: int | str | None = None
    village: str | None = None
    criterion: int | str | None = None
    status: str | None = None
    progress_pct: Number = None
    start: str | None = None
    end: str | None = None
    note: str | None = None
    expected_revision: int | None = None


class WorkDocumentOut(Schema):
    id: int
    work: int
    title: str
    filename: str
    uploaded_at: dt.datetime


def document_out(doc: Any) -> dict[str, Any]:
    return {"id": doc.pk, "work": doc.work_id, "title": doc.title, "filename": doc.file.name.rsplit("/", 1)[-1],
            "uploaded_at": doc.uploaded_at}


class WorkDetailOut(Schema):
    work: WorkOut
    funding: list[FundingOut]
    stated_total_vnd: int | None
    documents: list[WorkDocumentOut]
    warnings: list[WarningOut]


# --- contributions -------------------------------------------------------------------------------

class ContributionOut(Schema):
    id: int
    village: str
    year: int
    campaign: str
    kind: str
    item: str
    quantity: Decimal
    measure_unit: str
    value_vnd: int | None
    work: int | None
    note: str
    revision: int


def contribution_out(row: Contribution) -> dict[str, Any]:
    return {**fields_of(row, ("id", "year", "campaign", "kind", "item", "quantity", "measure_unit", "value_vnd",
                            "note", "revision")), "village": row.village.key, "work": row.work_id}


class ContributionLineOut(Schema):
    kind: str
    item: str
    measure_unit: str
    quantity: Decimal
    value_vnd: int | None


class VillageContributionsOut(Schema):
    village: str
    village_name: str
    lines: list[ContributionLineOut]


class ContributionsOut(Schema):
    unit: str
    year: int
    lines: list[ContributionLineOut]
    villages: list[VillageContributionsOut]
    rows: list[ContributionOut]


def lines_out(lines: list[Any]) -> list[dict[str, Any]]:
    return [fields_of(ln, ("kind", "item", "measure_unit", "quantity", "value_vnd")) for ln in lines]


class ContributionIn(Schema):
    year: int | str
    kind: str
    item: str
    quantity: Number
    measure_unit: str
    value_vnd: Amount = None
    campaign: str = ""
    work: int | None = None
    note: str = ""


class ContributionPatch(Schema):
    year: int | str | None = None
    kind: str | None = None
    item: str | None = None
    quantity: Number = None
    measure_unit: str | None = None
    value_vnd: Amount = None
    campaign: str | None = None
    work: int | None = None
    note: str | None = None
    expected_revision: int | None = None


# --- OCOP products and campaigns -----------------------------------------------------------------

class OcopOut(Schema):
    id: int
    unit: str
    village: str | None
    name: str
    producer: str
    stars: int | None
    rated_year: int | None
    decision: str
    revision: int


def ocop_out(p: OcopProduct) -> dict[str, Any]:
    return {**fields_of(p, ("id", "name", "producer", "stars", "rated_year", "decision", "revision")),
            "unit": p.unit.key, "village": p.village.key if p.village else None}


class OcopIn(Schema):
    name: str
    producer: str
    stars: int | str | None = None
    rated_year: int | str | None = None
    decision: str = ""
    village: str | None = None


class OcopPatch(Schema):
    name: str | None = None
    producer: str | None = None
    stars: int | str | None = None
    rated_year: int | str | None = None
    decision: str | None = None
    village: str | None = None
    expected_revision: int | None = None


class CampaignOut(Schema):
    id: int
    unit: str
    kind: str
    title: str
    held_on: dt.date | None
    year: int
    body: str
    audience: str
    sessions: int | None
    people: int | None
    note: str
    revision: int


def campaign_out(c: Campaign) -> dict[str, Any]:
    return {**fields_of(c, ("id", "kind", "title", "held_on", "year", "body", "audience", "sessions", "people", "note",
                          "revision")), "unit": c.unit.key}


class CampaignIn(Schema):
    kind: str
    title: str
    year: int | str
    held_on: str | None = None
    body: str = ""
    audience: str = ""
    sessions: int | str | None = None
    people: int | str | None = None
    note: str = ""


class CampaignPatch(Schema):
    kind: str | None = None
    title: str | None = None
    year: int | str | None = None
    held_on: str | None = None
    body: str | None = None
    audience: str | None = None
    sessions: int | str | None = None
    people: int | str | None = None
    note: str | None = None
    expected_revision: int | None = None
