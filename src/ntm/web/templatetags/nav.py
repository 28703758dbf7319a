"""The unit's tabs: every page about one unit links to the others, in the order an official works."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

# (label, url name, url names that light the tab up); by level. Year-less names: each page picks its year.
_COMMUNE = [
    (_("Tiêu chí"), "web:scorecard", {"scorecard", "entry", "review", "compare"}),
    (_("Kế hoạch"), "web:plans", {"plans", "plan", "target_new", "target_edit", "task_new", "task_edit"}),
    (_("Ban chỉ đạo"), "web:committee", {"committee", "member_new", "member_edit"}),
    (_("Nguồn vốn"), "web:funding_latest", {"funding_latest", "funding"}),
    (_("Công trình"), "web:works", {"works", "work"}),
    (_("Đóng góp"), "web:contributions_latest", {"contributions_latest", "contributions"}),
    (_("OCOP"), "web:ocop", {"ocop"}),
    (_("Báo cáo thôn"), "web:reporting_villages", {"reporting_villages"}),
    (_("Văn bản"), "web:unit_documents", {"unit_documents", "document"}),
    (_("Hồ sơ công nhận"), "web:dossiers", {"dossiers", "dossier"}),
    (_("Nhập từ Excel"), "web:bulk", {"bulk"}),
    (_("Lịch sử"), "web:history", {"history"}),
]
_VILLAGE = [
    (_("Tiêu chí"), "web:scorecard", {"scorecard", "entry", "review", "compare"}),
    (_("Kế hoạch"), "web:plans", {"plans", "plan", "target_new", "target_edit", "task_new", "task_edit"}),
    (_("Ban phát triển thôn"), "web:committee", {"committee", "member_new", "member_edit"}),
    (_("Văn bản"), "web:unit_documents", {"unit_documents", "document"}),
    (_("Hồ sơ công nhận"), "web:dossiers", {"dossiers", "dossier"}),
    (_("Lịch sử"), "web:history", {"history"}),
]
_PROVINCE = [
    (_("Bản đồ tiêu chí"), "web:province", {"province"}),
    (_("Báo cáo của các xã"), "web:reporting_province", {"reporting_province"}),
    (_("Văn bản hàng loạt"), "web:documents_batch", {"documents_batch", "documents_batch_job"}),
]
TABS = {"commune": _COMMUNE, "village": _VILLAGE, "province": _PROVINCE}


@register.inclusion_tag("web/_unit_tabs.html", takes_context=True)
def unit_tabs(context: dict[str, Any], unit: Any) -> dict[str, Any]:
    request = context.get("request")
    current = getattr(getattr(request, "resolver_match", None), "url_name", None)
    tabs = []
    for label, name, lit in TABS.get(getattr(unit, "level", ""), []):
        try:
            url = reverse(name, args=[unit.key])
        except NoReverseMatch:  # an area not installed in this build
            continue
        tabs.append({"label": label, "url": url, "active": current in lit})
    return {"tabs": tabs, "unit": unit}
