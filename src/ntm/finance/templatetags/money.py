"""`{{ amount|money }}` → "14.808.000.000 đồng", "—" when unknown (the one formatter, ntm.common.formats)."""

from __future__ import annotations

from django import template

from ntm.common.formats import format_money

register = template.Library()


@register.filter
def money(value: object) -> str:
    if value is None or value == "":
        return "—"
    return format_money(value)  # type: ignore[arg-type]


@register.filter
def posted(form: object, name: str) -> str:
    """What the user typed into `name` before the save was refused ("" when nothing)."""
    getter = getattr(form, "get", None)
    return getter(name, "") if getter else ""
