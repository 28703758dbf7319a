"""API: funding by source, stated totals, works and their files, contributions, OCOP products, campaigns.

Reads go through finance.selectors, writes through finance.services (which check the scope again,
audit, and refuse an old `expected_revision` with 409). Amounts are whole đồng: a JSON integer, or
Vietnamese text such as "14.808.000.000". Errors: {"code", "message", "message_en", "fields"}.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from ntm.api.errors import with_errors
from ntm.common.scope import get_unit_in_scope
from ntm.finance import selectors, services
from ntm.finance.models import Campaign, Contribution, Funding, OcopProduct, StatedTotal, Work

router = Router(tags=["finance"])
Amount = int | str | None  # 14808000000 or "14.808.000.000"
Number = int | float | str | None


def _fields(obj: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: getattr(obj, n) for n in names}


def _changes(body: Schema) -> dict[str, Any]:
    return body.model_dump(exclude_unset=True, exclude={"expected_revision"})


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
    return {**_fields(row, ("id", "year", "source_kind", "planned", "allocated", "disbursed", "note", "source",
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
    return {**_fields(row, ("id", "year", "measure", "amount", "quote", "document", "source", "revision")),
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


@router.get("/units/{key}/funding/{year}", response=with_errors(FundingSummaryOut))
def get_funding(request: HttpRequest, key: str, year: int) -> dict[str, Any]:
    """Funding of the unit's year by source: total computed from the parts, the stated total beside it."""
    s = selectors.funding_summary(get_unit_in_scope(request.user, key), year)
    return {"unit": s.unit.key, "year": s.year, "total_vnd": s.total_vnd, "by_source": s.by_source,
            "allocated_vnd": s.allocated_vnd, "disbursed_vnd": s.disbursed_vnd,
            "stated_total_vnd": s.stated_total_vnd, "stated": [stated_out(t) for t in s.stated.values()],
            "lines": [{**_fields(ln, ("source_kind", "label", "planned", "allocated", "disbursed", "from_works")),
                       "works_planned": ln.works["planned"]} for ln in s.lines],
            "warnings": [{"message": w.vi, "message_en": w.en} for w in s.warnings]}


@router.put("/units/{key}/funding/{year}/{source_kind}", response=with_errors(FundingOut))
def put_funding(request: HttpRequest, key: str, year: int, source_kind: str, body: FundingIn) -> dict[str, Any]:
    """Create (no expected_revision) or change (the row's revision) one source's row for the unit's year."""
    unit = get_unit_in_scope(request.user, key)
    return funding_out(services.save_funding(actor=request.user, unit=unit, year=year, source_kind=source_kind,
                                             values=_changes(body), expected_revision=body.expected_revision))


@router.delete("/funding/{pk}", response=with_errors({204: None}))
def delete_funding(request: HttpRequest, pk: int, expected_revision: int | None = None) -> Status:
    row = selectors.get_in_scope(request.user, Funding, pk)
    services.delete_funding(actor=request.user, funding=row, expected_revision=expected_revision)
    return Status(204, None)


class StatedTotalIn(Schema):
    amount: Amount
    quote: str = ""
    document: str = ""
    expected_revision: int | None = None


@router.put("/units/{key}/stated-totals/{year}/{measure}", response=with_errors(StatedTotalOut))
def put_stated_total(request: HttpRequest, key: str, year: int, measure: str, body: StatedTotalIn) -> dict[str, Any]:
    """Keep the total a document states (measure: planned, allocated or disbursed) beside the computed one."""
    unit = get_unit_in_scope(request.user, key)
    return stated_out(services.set_stated_total(actor=request.user, unit=unit, year=year,
                                                values={**_changes(body), "measure": measure},
                                                expected_revision=body.expected_revision))


@router.delete("/stated-totals/{pk}", response=with_errors({204: None}))
def delete_stated_total(request: HttpRequest, pk: int, expected_revision: int | None = None) -> Status:
    row = selectors.get_in_scope(request.user, StatedTotal, pk)
    services.delete_stated_total(actor=request.user, stated=row, expected_revision=expected_revision)
    return Status(204, None)


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
    return {**_fields(work, ("id", "name", "criterion", "year", "status", "progress_pct", "start", "end", "note",
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


@router.get("/units/{key}/works", response=with_errors(list[WorkOut]))
def list_works(request: HttpRequest, key: str, criterion: int | None = None, status: str | None = None,
               village: str | None = None, year: int | None = None) -> list[dict[str, Any]]:
    """The commune's works, filtered by criterion, status, village (id) and year."""
    unit = get_unit_in_scope(request.user, key)
    filters = selectors.WorkFilters.from_query(unit, {"criterion": criterion, "status": status, "village": village,
                                                      "year": year})
    return [work_out(r.work, r.planned, r.allocated, r.disbursed) for r in selectors.works_of(unit, filters)]


@router.post("/units/{key}/works", response=with_errors({201: WorkOut}))
def create_work(request: HttpRequest, key: str, body: WorkIn) -> Status:
    unit = get_unit_in_scope(request.user, key)
    values = {k: v for k, v in body.model_dump().items() if v is not None}
    return Status(201, work_out(services.create_work(actor=request.user, unit=unit, values=values)))


@router.get("/works/{pk}", response=with_errors(WorkDetailOut))
def get_work(request: HttpRequest, pk: int) -> dict[str, Any]:
    """A work with its budget by source, its stated cost, files and warnings."""
    d = selectors.work_detail(request.user, pk)
    return {"work": work_out(d.work, d.planned, d.allocated, d.disbursed), "funding": [funding_out(f) for f in d.lines],
            "stated_total_vnd": d.stated.amount if d.stated else None,
            "documents": [document_out(doc) for doc in d.documents],
            "warnings": [{"message": w.vi, "message_en": w.en} for w in d.warnings]}


@router.patch("/works/{pk}", response=with_errors(WorkOut))
def patch_work(request: HttpRequest, pk: int, body: WorkPatch) -> dict[str, Any]:
    """Change some fields (progress, status, dates…); 409 when expected_revision is not the current one."""
    work = selectors.get_in_scope(request.user, Work, pk)
    return work_out(services.update_work(actor=request.user, work=work, values=_changes(body),
                                         expected_revision=body.expected_revision))


@router.delete("/works/{pk}", response=with_errors({204: None}))
def delete_work(request: HttpRequest, pk: int, expected_revision: int | None = None) -> Status:
    work = selectors.get_in_scope(request.user, Work, pk)
    services.delete_work(actor=request.user, work=work, expected_revision=expected_revision)
    return Status(204, None)


@router.put("/works/{pk}/funding/{year}/{source_kind}", response=with_errors(FundingOut))
def put_work_funding(request: HttpRequest, pk: int, year: int, source_kind: str, body: FundingIn) -> dict[str, Any]:
    """One source of a work's budget: planned, allocated, disbursed."""
    work = selectors.get_in_scope(request.user, Work, pk)
    return funding_out(services.save_funding(actor=request.user, unit=work.unit, work=work, year=year,
                                             source_kind=source_kind, values=_changes(body),
                                             expected_revision=body.expected_revision))


@router.post("/works/{pk}/documents", response=with_errors({201: WorkDocumentOut}))
def upload_work_document(request: HttpRequest, pk: int, file: File[UploadedFile],
                         title: Form[str] = "") -> Status:
    """Keep a file with a work (multipart): PDF, image, Word or Excel up to 10 MB."""
    work = selectors.get_in_scope(request.user, Work, pk)
    document = services.add_work_document(actor=request.user, work=work, title=title, upload=file)
    return Status(201, document_out(document))


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
    return {**_fields(row, ("id", "year", "campaign", "kind", "item", "quantity", "measure_unit", "value_vnd",
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


def _lines(lines: list[Any]) -> list[dict[str, Any]]:
    return [_fields(ln, ("kind", "item", "measure_unit", "quantity", "value_vnd")) for ln in lines]


@router.get("/units/{key}/contributions/{year}", response=with_errors(ContributionsOut))
def get_contributions(request: HttpRequest, key: str, year: int) -> dict[str, Any]:
    """What each village gave, summed per kind, item and unit (never across units), and the commune's sums."""
    s = selectors.contributions_summary(get_unit_in_scope(request.user, key), year)
    return {"unit": s.commune.key, "year": s.year, "lines": _lines(s.lines),
            "villages": [{"village": v.village.key, "village_name": v.village.name, "lines": _lines(v.lines)}
                         for v in s.villages],
            "rows": [contribution_out(r) for v in s.villages for r in v.rows]}


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


@router.post("/units/{key}/contributions", response=with_errors({201: ContributionOut}))
def add_contribution(request: HttpRequest, key: str, body: ContributionIn) -> Status:
    """Record a contribution of the village `key` (a village board may record its own village's)."""
    village = get_unit_in_scope(request.user, key)
    row = services.add_contribution(actor=request.user, village=village, values=body.model_dump())
    return Status(201, contribution_out(row))


@router.patch("/contributions/{pk}", response=with_errors(ContributionOut))
def patch_contribution(request: HttpRequest, pk: int, body: ContributionPatch) -> dict[str, Any]:
    row = selectors.get_in_scope(request.user, Contribution, pk, "village")
    return contribution_out(services.update_contribution(actor=request.user, contribution=row, values=_changes(body),
                                                         expected_revision=body.expected_revision))


@router.delete("/contributions/{pk}", response=with_errors({204: None}))
def delete_contribution(request: HttpRequest, pk: int, expected_revision: int | None = None) -> Status:
    row = selectors.get_in_scope(request.user, Contribution, pk, "village")
    services.delete_contribution(actor=request.user, contribution=row, expected_revision=expected_revision)
    return Status(204, None)


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
    return {**_fields(p, ("id", "name", "producer", "stars", "rated_year", "decision", "revision")),
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


@router.get("/units/{key}/ocop", response=with_errors(list[OcopOut]))
def list_ocop(request: HttpRequest, key: str) -> list[dict[str, Any]]:
    return [ocop_out(p) for p in selectors.ocop_of(get_unit_in_scope(request.user, key))]


@router.post("/units/{key}/ocop", response=with_errors({201: OcopOut}))
def add_ocop(request: HttpRequest, key: str, body: OcopIn) -> Status:
    unit = get_unit_in_scope(request.user, key)
    product = services.add_ocop_product(actor=request.user, unit=unit, values=body.model_dump())
    return Status(201, ocop_out(product))


@router.patch("/ocop/{pk}", response=with_errors(OcopOut))
def patch_ocop(request: HttpRequest, pk: int, body: OcopPatch) -> dict[str, Any]:
    product = selectors.get_in_scope(request.user, OcopProduct, pk)
    return ocop_out(services.update_ocop_product(actor=request.user, product=product, values=_changes(body),
                                                 expected_revision=body.expected_revision))


@router.delete("/ocop/{pk}", response=with_errors({204: None}))
def delete_ocop(request: HttpRequest, pk: int, expected_revision: int | None = None) -> Status:
    product = selectors.get_in_scope(request.user, OcopProduct, pk)
    services.delete_ocop_product(actor=request.user, product=product, expected_revision=expected_revision)
    return Status(204, None)


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
    return {**_fields(c, ("id", "kind", "title", "held_on", "year", "body", "audience", "sessions", "people", "note",
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


@router.get("/units/{key}/campaigns", response=with_errors(list[CampaignOut]))
def list_campaigns(request: HttpRequest, key: str, year: int | None = None) -> list[dict[str, Any]]:
    """Campaigns and propaganda sessions of a commune and its villages (or of one village)."""
    return [campaign_out(c) for c in selectors.campaigns_of(get_unit_in_scope(request.user, key), year)]


@router.post("/units/{key}/campaigns", response=with_errors({201: CampaignOut}))
def add_campaign(request: HttpRequest, key: str, body: CampaignIn) -> Status:
    unit = get_unit_in_scope(request.user, key)
    campaign = services.add_campaign(actor=request.user, unit=unit, values=body.model_dump())
    return Status(201, campaign_out(campaign))


@router.patch("/campaigns/{pk}", response=with_errors(CampaignOut))
def patch_campaign(request: HttpRequest, pk: int, body: CampaignPatch) -> dict[str, Any]:
    campaign = selectors.get_in_scope(request.user, Campaign, pk)
    return campaign_out(services.update_campaign(actor=request.user, campaign=campaign, values=_changes(body),
                                                 expected_revision=body.expected_revision))


@router.delete("/campaigns/{pk}", response=with_errors({204: None}))
def delete_campaign(request: HttpRequest, pk: int, expected_revision: int | None = None) -> Status:
    campaign = selectors.get_in_scope(request.user, Campaign, pk)
    services.delete_campaign(actor=request.user, campaign=campaign, expected_revision=expected_revision)
    return Status(204, None)
