"""Template filters that call the one Vietnamese formatter (common.formats); no logic of their own."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ntm.common.formats import format_date, format_number
from ntm.criteria.report import BASIS_VI, STATUS_VI
from ntm.criteria.tally import THRESHOLD_STATUS_VI

register = template.Library()


@register.filter
def vnum(value: object) -> str:
    """79.9 → "79,9"; True → "Đạt"; None → "—"."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Đạt" if value else "Không đạt"
    return format_number(round(Decimal(str(value)), 2))


@register.filter
def vdate(value: object) -> str:
    return format_date(value) if value else "—"  # type: ignore[arg-type]


# The labels are Vietnamese msgids, translated for an English interface (locale/en).
_STATUS_LABELS = {"met": _("Đạt"), "not_met": _("Chưa đạt"), "unknown": _("Chưa rõ")}
_BASIS_LABELS = {"measured": _("số liệu"), "assessed": _("đánh giá"), "missing": _("chưa có số liệu"),
                 "threshold_unknown": _("chưa rõ ngưỡng"), "indicators": _("theo chỉ tiêu")}
assert set(_STATUS_LABELS) == set(STATUS_VI) and set(_BASIS_LABELS) == set(BASIS_VI)


@register.filter
def status_vi(value: object) -> str:
    """The status label in the interface language ("Đạt" / "Met")."""
    return str(_STATUS_LABELS.get(str(getattr(value, "value", value)), value))


@register.filter
def basis_vi(value: object) -> str:
    return str(_BASIS_LABELS.get(str(value), value))


@register.filter
def get(mapping: object, key: object) -> object:
    """mapping[key] in a template (None when absent)."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def comparator_vi(value: object) -> str:
    """">=" → "≥", "<=" → "≤"; yes/no indicators need no sign."""
    return {">=": "≥", "<=": "≤", "is_true": ""}.get(str(value), str(value))


_CELL = {"met": '<td class="c met">✓</td>', "not_met": '<td class="c not_met">✗</td>',
         "unknown": '<td class="c unknown">?</td>'}


@register.filter
def heat_cells(statuses: tuple[object, ...]) -> str:
    """One <td> per criterion status: a province has thousands of them, so no template loop."""
    return mark_safe("".join(_CELL[str(getattr(s, "value", s))] for s in statuses))  # noqa: S308 - fixed strings


_THRESHOLD_LABELS = {"confirmed": _("Đã xác nhận"), "seed": _("Theo báo cáo của xã"),
                     "recalled": _("Nhớ lại, chưa xác nhận"), "unknown": _("Chưa rõ")}
assert set(_THRESHOLD_LABELS) == set(THRESHOLD_STATUS_VI)


@register.filter
def threshold_status_vi(value: object) -> str:
    """How sure the catalogue is of a threshold, as a reader sees it."""
    return str(_THRESHOLD_LABELS.get(str(value), value))


_STEP_LABELS = {"submit": _("Gửi duyệt"), "approve": _("Duyệt"), "send_back": _("Trả lại"), "reopen": _("Mở lại kỳ")}


@register.filter
def step_vi(value: object) -> str:
    """A review step's button label."""
    return str(_STEP_LABELS.get(str(getattr(value, "value", value)), value))


@register.filter
def vdatetime(value: object) -> str:
    """14/3/2024 09:30 in the local time."""
    from django.utils import timezone

    if not value:
        return "—"
    local = timezone.localtime(value)  # type: ignore[arg-type]
    return f"{format_date(local.date())} {local:%H:%M}"
