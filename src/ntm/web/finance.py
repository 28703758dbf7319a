"""Pages: funding by source, works (list, detail), village contributions, OCOP products and campaigns.

Each page reads through finance.selectors and writes through finance.services; a POST names its
`action`, the form's fields carry the services' field names and the row's `revision`. A refused
write re-renders the page with the Vietnamese message (422, 409 or 403); a saved one redirects.
Every list downloads as CSV or XLSX with `?xuat=csv|xlsx`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from ntm.common.errors import BadInput, NotAllowed, StaleEdit
from ntm.common.scope import Access, get_unit_in_scope
from ntm.common.tabular import table_response
from ntm.finance import selectors, services
from ntm.finance.models import (
    Campaign,
    CampaignKind,
    Contribution,
    ContributionKind,
    Funding,
    FundingSource,
    Measure,
    OcopProduct,
    StatedTotal,
    WorkDocument,
    WorkStatus,
)
from ntm.geo.models import Level

from .selectors import can

Action = Callable[[HttpRequest, dict[str, Any]], None]
WORK_FIELDS = ("name", "village", "criterion", "year", "status", "progress_pct", "start", "end", "note")


def _revision(request: HttpRequest) -> int | None:
    raw = request.POST.get("revision", "")
    return int(raw) if raw.isdigit() else None


def _values(request: HttpRequest, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: request.POST.get(n, "") for n in names if n in request.POST}


def _post(request: HttpRequest, actions: dict[str, Action], context: dict[str, Any], template: str,
          done: str) -> HttpResponse:
    """Run the posted action; on a refusal show the page again with the message and what was typed."""
    action = actions.get(request.POST.get("action", ""))
    if action is None:
        raise BadInput("thao tác không hợp lệ", "unknown action", field="action")
    try:
        action(request, context)
    except (BadInput, StaleEdit, NotAllowed) as err:
        context.update(error=err, posted=request.POST, failed_action=request.POST.get("action"))
        return render(request, template, context, status=err.http_status)
    messages.success(request, _("Đã lưu."))
    return redirect(done)


def _export(request: HttpRequest, header: list[str], rows: list[list[Any]], filename: str) -> HttpResponse | None:
    fmt = request.GET.get("xuat")
    return table_response(header, rows, filename=filename, fmt=fmt) if fmt in ("csv", "xlsx") else None


# --- funding -------------------------------------------------------------------------------------

def _funding_actions() -> dict[str, Action]:
    def save(request: HttpRequest, ctx: dict[str, Any]) -> None:
        services.save_funding(actor=request.user, unit=ctx["unit"], year=ctx["year"],
                              source_kind=request.POST.get("source_kind", ""),
                              values=_values(request, ("planned", "allocated", "disbursed", "note")),
                              expected_revision=_revision(request))

    def stated(request: HttpRequest, ctx: dict[str, Any]) -> None:
        services.set_stated_total(actor=request.user, unit=ctx["unit"], year=ctx["year"],
                                  values=_values(request, ("amount", "measure", "quote", "document")),
                                  expected_revision=_revision(request))

    def delete(request: HttpRequest, ctx: dict[str, Any]) -> None:
        row = selectors.get_in_scope(request.user, Funding, request.POST.get("id"))
        services.delete_funding(actor=request.user, funding=row, expected_revision=_revision(request))

    def delete_stated(request: HttpRequest, ctx: dict[str, Any]) -> None:
        row = selectors.get_in_scope(request.user, StatedTotal, request.POST.get("id"))
        services.delete_stated_total(actor=request.user, stated=row, expected_revision=_revision(request))

    return {"funding": save, "stated": stated, "delete_funding": delete, "delete_stated": delete_stated}


@login_required
def funding_latest(request: HttpRequest, key: str) -> HttpResponse:
    """The unit's funding page of its latest year with data (or of last year)."""
    unit = get_unit_in_scope(request.user, key)
    years = selectors.funding_years(unit)
    return redirect("web:funding", unit.key, years[0] if years else dt.date.today().year - 1)


@login_required
def funding(request: HttpRequest, key: str, year: int) -> HttpResponse:
    """Funding of a year by source (planned, allocated, disbursed), the computed total, the stated one beside."""
    unit = get_unit_in_scope(request.user, key)
    summary = selectors.funding_summary(unit, year)
    header = ["Nguồn vốn", "Kế hoạch (đồng)", "Đã phân bổ (đồng)", "Đã giải ngân (đồng)", "Trong đó công trình"]
    rows = [[ln.label, ln.planned, ln.allocated, ln.disbursed, ln.works["planned"]] for ln in summary.lines]
    rows.append(["Tổng các nguồn", summary.total_vnd, summary.allocated_vnd, summary.disbursed_vnd, None])
    exported = _export(request, header, rows, f"nguon-von-{unit.code}-{year}")
    if exported:
        return exported
    context = {"unit": unit, "year": year, "summary": summary, "sources": FundingSource.choices,
               "measures": Measure.choices, "years": selectors.funding_years(unit),
               "can_edit": can(request.user, unit, Access.EDIT) and unit.level == Level.COMMUNE}
    if request.method == "POST":
        return _post(request, _funding_actions(), context, "finance/funding.html",
                     reverse("web:funding", args=[unit.key, year]))
    return render(request, "finance/funding.html", context)


# --- works ---------------------------------------------------------------------------------------

def _create_work(request: HttpRequest, ctx: dict[str, Any]) -> None:
    ctx["created"] = services.create_work(actor=request.user, unit=ctx["unit"], values=_values(request, WORK_FIELDS))


@login_required
def works(request: HttpRequest, key: str) -> HttpResponse:
    """The works of a commune with filters (criterion, status, village, year), progress and disbursement."""
    unit = get_unit_in_scope(request.user, key)
    filters = selectors.WorkFilters.from_query(unit, request.GET)
    rows = selectors.works_of(unit, filters)
    header = ["Công trình", "Thôn", "Tiêu chí", "Năm", "Trạng thái", "Tiến độ (%)", "Kinh phí (đồng)",
              "Đã giải ngân (đồng)", "Khởi công", "Hoàn thành"]
    exported = _export(request, header, [[r.work.name, r.work.village.name if r.work.village else "",
                                           r.work.criterion, r.work.year, r.work.get_status_display(),
                                           r.work.progress_pct, r.planned, r.disbursed, r.work.start, r.work.end]
                                          for r in rows], f"cong-trinh-{unit.code}")
    if exported:
        return exported
    context = {"unit": unit, "rows": rows, "filters": filters, "statuses": WorkStatus.choices,
               "villages": unit.children.filter(level=Level.VILLAGE).order_by("name"),
               "criteria": range(1, 20), "query": request.GET.urlencode(),
               "can_edit": can(request.user, unit, Access.EDIT) and unit.level == Level.COMMUNE}
    if request.method == "POST":
        return _post(request, {"create": _create_work}, context, "finance/works.html",
                     reverse("web:works", args=[unit.key]))
    return render(request, "finance/works.html", context)


def _work_actions() -> dict[str, Action]:
    def edit(request: HttpRequest, ctx: dict[str, Any]) -> None:
        services.update_work(actor=request.user, work=ctx["work"], values=_values(request, WORK_FIELDS),
                             expected_revision=_revision(request))

    def funding_row(request: HttpRequest, ctx: dict[str, Any]) -> None:
        services.save_funding(actor=request.user, unit=ctx["work"].unit, work=ctx["work"],
                              year=request.POST.get("year") or ctx["work"].year,
                              source_kind=request.POST.get("source_kind", ""),
                              values=_values(request, ("planned", "allocated", "disbursed", "note")),
                              expected_revision=_revision(request))

    def delete_funding(request: HttpRequest, ctx: dict[str, Any]) -> None:
        row = selectors.get_in_scope(request.user, Funding, request.POST.get("id"))
        services.delete_funding(actor=request.user, funding=row, expected_revision=_revision(request))

    def document(request: HttpRequest, ctx: dict[str, Any]) -> None:
        services.add_work_document(actor=request.user, work=ctx["work"], title=request.POST.get("title", ""),
                                   upload=request.FILES.get("file"))

    def delete_document(request: HttpRequest, ctx: dict[str, Any]) -> None:
        doc = selectors.get_in_scope(request.user, WorkDocument, request.POST.get("id"), "work__unit")
        services.delete_work_document(actor=request.user, document=doc)

    def stated(request: HttpRequest, ctx: dict[str, Any]) -> None:
        services.set_stated_total(actor=request.user, unit=ctx["work"].unit, work=ctx["work"], year=ctx["work"].year,
                                  values=_values(request, ("amount", "quote", "document")),
                                  expected_revision=_revision(request))

    return {"edit": edit, "funding": funding_row, "delete_funding": delete_funding, "document": document,
            "delete_document": delete_document, "stated": stated}


@login_required
def work(request: HttpRequest, pk: int) -> HttpResponse:
    """One work: budget by source, progress, disbursement, its files and contributions; edits for officials."""
    detail = selectors.work_detail(request.user, pk)
    unit = detail.work.unit
    context = {"unit": unit, "work": detail.work, "detail": detail, "statuses": WorkStatus.choices,
               "sources": FundingSource.choices, "villages": unit.children.filter(level=Level.VILLAGE),
               "criteria": range(1, 20), "can_edit": can(request.user, unit, Access.EDIT)}
    if request.method != "POST":
        return render(request, "finance/work.html", context)
    if request.POST.get("action") == "delete":
        services.delete_work(actor=request.user, work=detail.work, expected_revision=_revision(request))
        messages.success(request, _("Đã xóa công trình."))
        return redirect("web:works", unit.key)
    return _post(request, _work_actions(), context, "finance/work.html", reverse("web:work", args=[pk]))


@login_required
def work_document(request: HttpRequest, pk: int) -> HttpResponse:
    """A file kept with a work, served only to those who may see its commune."""
    from django.http import FileResponse

    doc = selectors.get_in_scope(request.user, WorkDocument, pk, "work__unit")
    return FileResponse(doc.file.open("rb"), filename=doc.file.name.rsplit("/", 1)[-1])


# --- contributions -------------------------------------------------------------------------------

CONTRIBUTION_FIELDS = ("kind", "item", "quantity", "measure_unit", "value_vnd", "campaign", "work", "note")


def _contribution_actions() -> dict[str, Action]:
    def add(request: HttpRequest, ctx: dict[str, Any]) -> None:
        village = get_unit_in_scope(request.user, request.POST.get("village", ""), Access.EDIT) \
            if request.POST.get("village") else None
        if village is None or (village != ctx["unit"] and village.parent_id != ctx["unit"].pk):
            raise BadInput("cần chọn một thôn", "choose a village", field="village")
        services.add_contribution(actor=request.user, village=village,
                                  values={"year": ctx["year"], **_values(request, CONTRIBUTION_FIELDS)})

    def delete(request: HttpRequest, ctx: dict[str, Any]) -> None:
        row = selectors.get_in_scope(request.user, Contribution, request.POST.get("id"), "village")
        services.delete_contribution(actor=request.user, contribution=row, expected_revision=_revision(request))

    return {"add": add, "delete": delete}


@login_required
def contributions_latest(request: HttpRequest, key: str) -> HttpResponse:
    unit = get_unit_in_scope(request.user, key)
    years = selectors.contribution_years(unit)
    return redirect("web:contributions", unit.key, years[0] if years else dt.date.today().year - 1)


@login_required
def contributions(request: HttpRequest, key: str, year: int) -> HttpResponse:
    """What each village gave in a year, with units, and the commune's sums (never mixing units)."""
    unit = get_unit_in_scope(request.user, key)
    summary = selectors.contributions_summary(unit, year)
    header = ["Thôn", "Loại", "Nội dung", "Số lượng", "Đơn vị tính", "Quy ra tiền (đồng)", "Đợt, phong trào",
              "Ghi chú"]
    exported = _export(request, header, [[v.village.name, r.get_kind_display(), r.item, r.quantity, r.measure_unit,
                                          r.value_vnd, r.campaign, r.note]
                                         for v in summary.villages for r in v.rows], f"dong-gop-{unit.code}-{year}")
    if exported:
        return exported
    villages = [unit] if unit.level == Level.VILLAGE else list(unit.children.filter(level=Level.VILLAGE))
    editable = [v for v in villages if can(request.user, v, Access.EDIT)]
    context = {"unit": unit, "year": year, "summary": summary, "kinds": ContributionKind.choices,
               "editable": editable, "years": selectors.contribution_years(unit)}
    if request.method == "POST":
        return _post(request, _contribution_actions(), context, "finance/contributions.html",
                     reverse("web:contributions", args=[unit.key, year]))
    return render(request, "finance/contributions.html", context)


# --- OCOP and campaigns --------------------------------------------------------------------------

def _ocop_actions() -> dict[str, Action]:
    def add_product(request: HttpRequest, ctx: dict[str, Any]) -> None:
        services.add_ocop_product(actor=request.user, unit=ctx["unit"], values=_values(
            request, ("name", "producer", "stars", "rated_year", "decision", "village")))

    def add_campaign(request: HttpRequest, ctx: dict[str, Any]) -> None:
        services.add_campaign(actor=request.user, unit=ctx["unit"], values=_values(
            request, ("kind", "title", "held_on", "year", "body", "audience", "sessions", "people", "note")))

    def delete_product(request: HttpRequest, ctx: dict[str, Any]) -> None:
        row = selectors.get_in_scope(request.user, OcopProduct, request.POST.get("id"))
        services.delete_ocop_product(actor=request.user, product=row, expected_revision=_revision(request))

    def delete_campaign(request: HttpRequest, ctx: dict[str, Any]) -> None:
        row = selectors.get_in_scope(request.user, Campaign, request.POST.get("id"))
        services.delete_campaign(actor=request.user, campaign=row, expected_revision=_revision(request))

    return {"add_product": add_product, "add_campaign": add_campaign, "delete_product": delete_product,
            "delete_campaign": delete_campaign}


def _ocop_export(request: HttpRequest, unit: Any, products: list[Any], campaigns: list[Any]) -> HttpResponse | None:
    if request.GET.get("bang") == "phong-trao":
        header = ["Năm", "Ngày", "Loại", "Nội dung", "Đơn vị tổ chức", "Đối tượng", "Số buổi", "Số người"]
        return _export(request, header, [[c.year, c.held_on, c.get_kind_display(), c.title, c.body, c.audience,
                                          c.sessions, c.people] for c in campaigns], f"phong-trao-{unit.code}")
    header = ["Sản phẩm", "Chủ thể", "Thôn", "Số sao", "Năm xếp hạng", "Quyết định"]
    return _export(request, header, [[p.name, p.producer, p.village.name if p.village else "", p.stars,
                                      p.rated_year, p.decision] for p in products], f"ocop-{unit.code}")


@login_required
def ocop(request: HttpRequest, key: str) -> HttpResponse:
    """OCOP products with their stars, and campaigns and propaganda sessions."""
    unit = get_unit_in_scope(request.user, key)
    year = request.GET.get("nam")
    products = selectors.ocop_of(unit)
    campaigns = selectors.campaigns_of(unit, int(year) if year and year.isdigit() else None)
    exported = _ocop_export(request, unit, products, campaigns)
    if exported:
        return exported
    context = {"unit": unit, "products": products, "campaigns": campaigns, "kinds": CampaignKind.choices,
               "villages": unit.children.filter(level=Level.VILLAGE),
               "can_edit": can(request.user, unit, Access.EDIT),
               "can_add_product": can(request.user, unit, Access.EDIT) and unit.level == Level.COMMUNE}
    if request.method == "POST":
        return _post(request, _ocop_actions(), context, "finance/ocop.html", reverse("web:ocop", args=[unit.key]))
    return render(request, "finance/ocop.html", context)


urlpatterns: list[URLPattern] = [
    path("don-vi/<str:key>/nguon-von/", funding_latest, name="funding_latest"),
    path("don-vi/<str:key>/nguon-von/<int:year>/", funding, name="funding"),
    path("don-vi/<str:key>/cong-trinh/", works, name="works"),
    path("cong-trinh/<int:pk>/", work, name="work"),
    path("cong-trinh/tai-lieu/<int:pk>/", work_document, name="work_document"),
    path("don-vi/<str:key>/dong-gop/", contributions_latest, name="contributions_latest"),
    path("don-vi/<str:key>/dong-gop/<int:year>/", contributions, name="contributions"),
    path("don-vi/<str:key>/ocop/", ocop, name="ocop"),
]
