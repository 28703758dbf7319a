"""Pages of the criteria sets kept by the province offices: list, create, edit an indicator or the whole
document, what-if, publish, import and export. Views parse, call one setstore service or selector, render.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from ntm.common.errors import BadInput, NotFound
from ntm.common.formats import format_number
from ntm.criteria.catalog import all_sets, file_sets
from ntm.criteria.model import CriteriaSet, ValueType
from ntm.monitoring.periods import Period
from ntm.setstore import selectors, services
from ntm.setstore.documents import indicator_fields
from ntm.setstore.models import SetState, ThresholdStatus
from ntm.setstore.permissions import keeps, kept_provinces, may_publish
from ntm.setstore.whatif import provinces_for, what_if

VALUE_TYPES = [(ValueType.BOOLEAN.value, _lazy("Đạt / chưa đạt")), (ValueType.PERCENT.value, _lazy("Tỷ lệ (%)")),
               (ValueType.NUMBER.value, _lazy("Số (có thể là tử số / mẫu số)")),
               (ValueType.COUNT.value, _lazy("Số đếm")), (ValueType.MONEY.value, _lazy("Số tiền (đồng)"))]
COMPARATORS_VI = [(">=", "≥"), ("<=", "≤"), (">", ">"), ("<", "<"), ("==", "="),
                  ("is_true", _lazy("đạt (đúng)"))]
AGGREGATES_VI = [("ratio", _lazy("cộng tử số và mẫu số")), ("sum", _lazy("cộng các thôn")),
                 ("all", _lazy("mọi thôn đều đạt"))]
TEXT_FIELDS = ("name", "unit", "value_type", "comparator", "aggregate", "counts", "source", "status", "note")


def _day(text: str, field: str) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as err:
        raise BadInput(f"ngày «{text}» không đúng dạng YYYY-MM-DD", f"date '{text}' is not YYYY-MM-DD",
                       field=field) from err


def threshold_text(cset: CriteriaSet, spec: Any, comparator: str = "") -> str:
    """A threshold as a reader says it: "≥ 90", "Bắc Trung Bộ: ≥ 90 · Tây Nguyên: chưa rõ", "nhóm 1: ≥ 95"."""
    sign = {">=": "≥ ", "<=": "≤ ", ">": "> ", "<": "< ", "==": "= "}.get(comparator, "")
    if spec is None:
        return _("chưa rõ")
    if spec is True:
        return _("đạt")
    if not isinstance(spec, dict):
        return sign + format_number(Decimal(str(spec)))
    values = spec.get("values") or {}
    if spec.get("default") is None and all(v is None for v in values.values()):
        return _("chưa rõ")
    names = {"region": cset.regions, "zone": cset.zones}.get(spec.get("by"), {})
    parts = [f"{_label(spec.get('by'), str(key), names)}: {threshold_text(cset, value, comparator)}"
             for key, value in values.items()]
    if spec.get("default") is not None:
        parts.append(f"{_('nơi khác')}: {threshold_text(cset, spec['default'], comparator)}")
    return " · ".join(parts)


def _label(by: str | None, key: str, names: dict[str, str]) -> str:
    if by == "group":
        return _("nhóm %(n)s") % {"n": key}
    if by == "year":
        return _("năm %(n)s") % {"n": key}
    return names.get(key, key)


@login_required
def set_list(request: HttpRequest) -> HttpResponse:
    """Every set (files and database) with its thresholds counted by status; forms to create or import one."""
    provinces = kept_provinces(request.user)
    names = selectors.province_names(provinces)
    return render(request, "sets/list.html", {
        "rows": selectors.set_rows(request.user), "provinces": [(code, names.get(code, "")) for code in provinces],
        "parents": sorted(all_sets().values(), key=lambda s: (s.level, -s.valid_from.toordinal(), s.id)),
        "statuses": ThresholdStatus.choices})


@login_required
@require_POST
def set_new(request: HttpRequest) -> HttpResponse:
    """Create a provincial variant (extends) or a set of its own copied from another, as a draft."""
    post = request.POST
    set_id, title, province = post.get("set_id", "").strip(), post.get("title", "").strip(), post.get("province", "")
    if not title:
        raise BadInput("cần tên bộ tiêu chí", "a title is required", field="title")
    if post.get("how") == "copy":
        version = services.create_copy(actor=request.user, source_id=post.get("parent", ""), set_id=set_id,
                                       title=title, province_code=province)
    else:
        parent = all_sets().get(post.get("parent", ""))
        if parent is None:
            raise BadInput("chọn bộ tiêu chí gốc", "choose the parent set", field="parent")
        version = services.create_variant(
            actor=request.user, parent_id=parent.id, set_id=set_id, title=title, province_code=province,
            decision={"number": post.get("decision_number", "").strip(),
                      "date": _day(post.get("decision_date", ""), "decision_date")},
            valid_from=_day(post.get("valid_from", ""), "valid_from") or parent.valid_from,
            valid_to=_day(post.get("valid_to", ""), "valid_to") or parent.valid_to)
    messages.success(request, _("Đã tạo bản nháp."))
    return redirect("web:set_detail", set_id=version.set_id)


@login_required
@require_POST
def set_import(request: HttpRequest) -> HttpResponse:
    """Load a set written in the catalogue's YAML format (an uploaded file) as a draft."""
    upload = request.FILES.get("file")
    if upload is None:
        raise BadInput("chọn tệp YAML", "choose a YAML file", field="file")
    version = services.import_set(actor=request.user, text=upload.read().decode("utf-8", "replace"), name=upload.name)
    messages.success(request, _("Đã nạp bộ tiêu chí thành bản nháp."))
    return redirect("web:set_detail", set_id=version.set_id)


def _version(request: HttpRequest, set_id: str) -> Any:
    number = request.GET.get("phien-ban", "")
    return selectors.get_version(request.user, set_id, int(number) if number.isdigit() else None)


@login_required
def set_detail(request: HttpRequest, set_id: str) -> HttpResponse:
    """A set: its criteria and indicators with thresholds, sources and statuses; steps for its keepers."""
    number = request.GET.get("phien-ban", "")
    version = selectors.find_version(request.user, set_id, int(number) if number.isdigit() else None)
    cset = file_sets().get(set_id) if version is None else selectors.resolved(version)
    if cset is None and version is None:
        version = _version(request, set_id)  # NotFound
    if cset is None:
        raise BadInput("bộ tiêu chí này không còn đọc được", "this set no longer resolves", field="content")
    editable = bool(version and version.state == SetState.DRAFT and keeps(request.user, version.province_code))
    # A national file set is kept by the administrator: the first draft holds the file's text.
    national_file = version is None and cset.province is None and keeps(request.user, "")
    return render(request, "sets/detail.html", {
        "cset": cset, "version": version, "editable": editable,
        "can_open": bool(version and version.state != SetState.DRAFT and keeps(request.user, version.province_code))
        or national_file,
        "can_publish": bool(editable and may_publish(request.user, version)),
        "sources": selectors.sources_of(set_id), "statuses": dict(ThresholdStatus.choices),
        "shown": {i.code: threshold_text(cset, i.threshold, i.comparator) for i in cset.indicators}})


@login_required
@require_POST
def set_open_draft(request: HttpRequest, set_id: str) -> HttpResponse:
    """Open a new draft version of a published set (a published version is never edited)."""
    services.open_draft(actor=request.user, set_id=set_id)
    return redirect("web:set_detail", set_id=set_id)


def _threshold(text: str) -> Any:
    try:
        return yaml.safe_load(text) if text.strip() else None
    except yaml.YAMLError as err:
        raise BadInput("ngưỡng phải là một số, true, để trống, hoặc {by: region, values: {…}}",
                       "threshold must be a number, true, blank, or {by: region, values: {…}}",
                       field="threshold") from err


@login_required
def indicator_edit(request: HttpRequest, set_id: str, code: str) -> HttpResponse:
    """One indicator of a draft: its rule, threshold, status and source (and a copy of the page)."""
    version = _version(request, set_id)
    cset = selectors.resolved(version)
    current = cset.indicator(code) if cset else None
    criterion = current.criterion if current else int(request.GET.get("tieu-chi") or request.POST.get("tieu-chi")
                                                      or 0)
    if cset is None or (current is None and criterion not in {c.number for c in cset.criteria}):
        raise NotFound(f"không có chỉ tiêu «{code}»", f"no indicator '{code}'", field="code")
    source = selectors.sources_of(set_id).get(code)
    if request.method == "POST":
        post = request.POST
        fields = {"code": code, "threshold": _threshold(post.get("threshold", "")),
                  **{k: post.get(k, "").replace("\r\n", "\n").strip() for k in TEXT_FIELDS}}
        source = {"decision_number": post.get("decision_number", "").strip(),
                  "decision_date": _day(post.get("decision_date", ""), "decision_date"),
                  "article": post.get("article", "").strip(), "status": fields["status"]}
        services.save_indicator_and_source(
            actor=request.user, version=version, criterion=criterion, fields=fields,
            revision=int(post.get("revision") or 0), copy=request.FILES.get("copy"),
            source=source if source["decision_number"] or source["article"] or code in selectors.sources_of(set_id)
            else None)
        messages.success(request, _("Đã lưu chỉ tiêu %(code)s.") % {"code": code})
        return redirect(reverse("web:set_detail", kwargs={"set_id": set_id}) + f"#ct-{code}")
    values = indicator_fields(current) if current else {"code": code, "status": "unknown", "value_type": "percent",
                                                        "comparator": ">=", "aggregate": "ratio", "threshold": None}
    return render(request, "sets/indicator.html", {
        "version": version, "cset": cset, "criterion": criterion, "values": values, "source": source,
        "threshold_text": "" if values["threshold"] is None else yaml.safe_dump(
            values["threshold"], default_flow_style=True, allow_unicode=True).strip().removesuffix("...").strip(),
        "value_types": VALUE_TYPES, "comparators": COMPARATORS_VI, "aggregates": AGGREGATES_VI,
        "statuses": ThresholdStatus.choices})


@login_required
@require_POST
def indicator_remove(request: HttpRequest, set_id: str, code: str) -> HttpResponse:
    """Drop one indicator from the draft (a whole-criterion placeholder, once its indicators are entered)."""
    version = _version(request, set_id)
    services.remove_indicator(actor=request.user, version=version, code=code,
                              revision=int(request.POST.get("revision") or 0))
    messages.success(request, _("Đã bỏ chỉ tiêu %(code)s.") % {"code": code})
    return redirect("web:set_detail", set_id=set_id)


@login_required
def set_document(request: HttpRequest, set_id: str) -> HttpResponse:
    """The draft's whole document in the YAML editor; saving checks it as the loader checks a file."""
    version = _version(request, set_id)
    if request.method == "POST":
        services.save_content(actor=request.user, version=version, text=request.POST.get("content", ""),
                              revision=int(request.POST.get("revision") or 0))
        messages.success(request, _("Đã lưu bộ tiêu chí."))
        return redirect("web:set_detail", set_id=set_id)
    return render(request, "sets/document.html", {"version": version})


@login_required
def set_whatif(request: HttpRequest, set_id: str) -> HttpResponse:
    """What the draft would change: communes gaining or losing each criterion, beside the published set."""
    version = _version(request, set_id)
    period = Period.parse(request.GET["ky"]) if request.GET.get("ky") else None
    result = what_if(actor=request.user, version=version, province_key=request.GET.get("tinh", ""), period=period)
    return render(request, "sets/whatif.html", {
        "version": version, "result": result, "provinces": provinces_for(request.user, result.draft),
        "can_publish": version.state == SetState.DRAFT and may_publish(request.user, version)})


@login_required
@require_POST
def set_publish(request: HttpRequest, set_id: str) -> HttpResponse:
    """Publish the draft (another officer than its drafter and last editor)."""
    version = _version(request, set_id)
    services.publish_version(actor=request.user, version=version, revision=int(request.POST.get("revision") or 0))
    messages.success(request, _("Đã ban hành bộ tiêu chí; phiếu đánh giá dùng bộ này từ bây giờ."))
    return redirect("web:set_detail", set_id=set_id)


@login_required
def set_export(request: HttpRequest, set_id: str) -> HttpResponse:
    """The set as a YAML file in the catalogue's format."""
    response = HttpResponse(selectors.export_text(request.user, set_id), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{set_id}.yaml"'
    return response


@login_required
def source_copy(request: HttpRequest, set_id: str, code: str) -> FileResponse:
    """The uploaded copy of a threshold's page, for those who may see the set."""
    selectors.get_version(request.user, set_id)
    source = selectors.sources_of(set_id).get(code)
    if source is None or not source.copy:
        raise NotFound("không có bản chụp nguồn", "no copy of the source", field="code")
    return FileResponse(source.copy.open("rb"), filename=source.copy.name.rsplit("/", 1)[-1])


urlpatterns: list[URLPattern] = [
    path("bo-tieu-chi/", set_list, name="sets"),
    path("bo-tieu-chi/tao/", set_new, name="set_new"),
    path("bo-tieu-chi/nhap/", set_import, name="set_import"),
    path("bo-tieu-chi/<str:set_id>/", set_detail, name="set_detail"),
    path("bo-tieu-chi/<str:set_id>/sua/", set_open_draft, name="set_open_draft"),
    path("bo-tieu-chi/<str:set_id>/noi-dung/", set_document, name="set_document"),
    path("bo-tieu-chi/<str:set_id>/chi-tieu/<str:code>/", indicator_edit, name="set_indicator"),
    path("bo-tieu-chi/<str:set_id>/chi-tieu/<str:code>/bo/", indicator_remove, name="set_indicator_remove"),
    path("bo-tieu-chi/<str:set_id>/thu-truoc/", set_whatif, name="set_whatif"),
    path("bo-tieu-chi/<str:set_id>/ban-hanh/", set_publish, name="set_publish"),
    path("bo-tieu-chi/<str:set_id>/xuat/", set_export, name="set_export"),
    path("bo-tieu-chi/<str:set_id>/nguon/<str:code>/", source_copy, name="set_source_copy"),
]
