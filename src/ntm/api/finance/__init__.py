"""API: funding by source, stated totals, works and their files, contributions, OCOP products, campaigns.

Reads go through finance.selectors, writes through finance.services (which check the scope again,
audit, and refuse an old `expected_revision` with 409). Amounts are whole đồng: a JSON integer, or
Vietnamese text such as "14.808.000.000". Errors: {"code", "message", "message_en", "fields"}.
The endpoints stay in this module (their OpenAPI operation ids name it); schemas.py holds their shapes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from ntm.api.errors import with_errors
from ntm.api.rows import deleted
from ntm.common.scope import get_unit_in_scope
from ntm.finance import selectors, services
from ntm.finance.models import Campaign, Contribution, Funding, OcopProduct, StatedTotal, Work

from .schemas import (
    CampaignIn,
    CampaignOut,
    CampaignPatch,
    ContributionIn,
    ContributionOut,
    ContributionPatch,
    ContributionsOut,
    FundingIn,
    FundingOut,
    FundingSummaryOut,
    OcopIn,
    OcopOut,
    OcopPatch,
    StatedTotalIn,
    StatedTotalOut,
    WorkDetailOut,
    WorkDocumentOut,
    WorkIn,
    WorkOut,
    WorkPatch,
    campaign_out,
    contribution_out,
    document_out,
    fields_of,
    funding_out,
    lines_out,
    ocop_out,
    stated_out,
    work_out,
)

router = Router(tags=["finance"])


def _changes(body: Schema) -> dict[str, Any]:
    return body.model_dump(exclude_unset=True, exclude={"expected_revision"})


def _updated(update: Callable[..., Any], request: HttpRequest, body: Schema, **row: Any) -> Any:
    """The one body of every PATCH: the fields sent, through the row's service (409 on an old expected_revision)."""
    return update(actor=request.user, values=_changes(body), expected_revision=body.expected_revision, **row)


@router.get("/units/{key}/funding/{year}", response=with_errors(FundingSummaryOut))
def get_funding(request: HttpRequest, key: str, year: int) -> dict[str, Any]:
    """Funding of the unit's year by source: total computed from the parts, the stated total beside it."""
    s = selectors.funding_summary(get_unit_in_scope(request.user, key), year)
    return {"unit": s.unit.key, "year": s.year, "total_vnd": s.total_vnd, "by_source": s.by_source,
            "allocated_vnd": s.allocated_vnd, "disbursed_vnd": s.disbursed_vnd,
            "stated_total_vnd": s.stated_total_vnd, "stated": [stated_out(t) for t in s.stated.values()],
            "lines": [{**fields_of(ln, ("source_kind", "label", "planned", "allocated", "disbursed", "from_works")),
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
    return deleted(services.delete_funding, request, expected_revision,
                   funding=selectors.get_in_scope(request.user, Funding, pk))


@router.put("/units/{key}/stated-totals/{year}/{measure}", response=with_errors(StatedTotalOut))
def put_stated_total(request: HttpRequest, key: str, year: int, measure: str, body: StatedTotalIn) -> dict[str, Any]:
    """Keep the total a document states (measure: planned, allocated or disbursed) beside the computed one."""
    unit = get_unit_in_scope(request.user, key)
    return stated_out(services.set_stated_total(actor=request.user, unit=unit, year=year,
                                                values={**_changes(body), "measure": measure},
                                                expected_revision=body.expected_revision))


@router.delete("/stated-totals/{pk}", response=with_errors({204: None}))
def delete_stated_total(request: HttpRequest, pk: int, expected_revision: int | None = None) -> Status:
    return deleted(services.delete_stated_total, request, expected_revision,
                   stated=selectors.get_in_scope(request.user, StatedTotal, pk))


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
    row = selectors.get_in_scope(request.user, Work, pk)
    return work_out(_updated(services.update_work, request, body, work=row))


@router.delete("/works/{pk}", response=with_errors({204: None}))
def delete_work(request: HttpRequest, pk: int, expected_revision: int | None = None) -> Status:
    return deleted(services.delete_work, request, expected_revision,
                   work=selectors.get_in_scope(request.user, Work, pk))


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


@router.get("/units/{key}/contributions/{year}", response=with_errors(ContributionsOut))
def get_contributions(request: HttpRequest, key: str, year: int) -> dict[str, Any]:
    """What each village gave, summed per kind, item and unit (never across units), and the commune's sums."""
    s = selectors.contributions_summary(get_unit_in_scope(request.user, key), year)
    return {"unit": s.commune.key, "year": s.year, "lines": lines_out(s.lines),
            "villages": [{"village": v.village.key, "village_name": v.village.name, "lines": lines_out(v.lines)}
                         for v in s.villages],
            "rows": [contribution_out(r) for v in s.villages for r in v.rows]}


@router.post("/units/{key}/contributions", response=with_errors({201: ContributionOut}))
def add_contribution(request: HttpRequest, key: str, body: ContributionIn) -> Status:
    """Record a contribution of the village `key` (a village board may record its own village's)."""
    village = get_unit_in_scope(request.user, key)
    row = services.add_contribution(actor=request.user, village=village, values=body.model_dump())
    return Status(201, contribution_out(row))


@router.patch("/contributions/{pk}", response=with_errors(ContributionOut))
def patch_contribution(request: HttpRequest, pk: int, body: ContributionPatch) -> dict[str, Any]:
    row = selectors.get_in_scope(request.user, Contribution, pk, "village")
    return contribution_out(_updated(services.update_contribution, request, body, contribution=row))


@router.delete("/contributions/{pk}", response=with_errors({204: None}))
def delete_contribution(request: HttpRequest, pk: int, expected_revision: int | None = None) -> Status:
    return deleted(services.delete_contribution, request, expected_revision,
                   contribution=selectors.get_in_scope(request.user, Contribution, pk, "village"))


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
    row = selectors.get_in_scope(request.user, OcopProduct, pk)
    return ocop_out(_updated(services.update_ocop_product, request, body, product=row))


@router.delete("/ocop/{pk}", response=with_errors({204: None}))
def delete_ocop(request: HttpRequest, pk: int, expected_revision: int | None = None) -> Status:
    return deleted(services.delete_ocop_product, request, expected_revision,
                   product=selectors.get_in_scope(request.user, OcopProduct, pk))


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
    row = selectors.get_in_scope(request.user, Campaign, pk)
    return campaign_out(_updated(services.update_campaign, request, body, campaign=row))


@router.delete("/campaigns/{pk}", response=with_errors({204: None}))
def delete_campaign(request: HttpRequest, pk: int, expected_revision: int | None = None) -> Status:
    return deleted(services.delete_campaign, request, expected_revision,
                   campaign=selectors.get_in_scope(request.user, Campaign, pk))
