"""The rows a page repeats for every indicator (about 56 a set), written in Python instead of a template loop.

A template row costs a few hundred variable lookups and filter calls; these functions write the same HTML
(the same escaping, number formats and translated labels as the template lines they replace) in a fraction
of that. Each says which template markup it stands for; change the two together.
"""

from __future__ import annotations

import html
from typing import Any

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, gettext_noop

from .vi import _BASIS_LABELS, _CELL, _STATUS_LABELS, _THRESHOLD_LABELS, comparator_vi, vnum

register = template.Library()


def out(value: Any) -> str:
    """`{{ value }}` in a template: local time, localized number, escaped text."""
    if type(value) is str:  # the common case, as conditional_escape would escape it
        return html.escape(value)
    return conditional_escape(localize(template_localtime(value)))


_TRANSLATED: dict[tuple[str | None, int], dict[str, str]] = {}


def _labels(names: dict[str, Any] | tuple[tuple[str, str], ...]) -> dict[str, str]:
    """A module's table of labels in the interface language, escaped: worked out once per language and process,
    not once per row (a label costs a catalogue look-up each time it is translated)."""
    key = (get_language(), id(names))
    found = _TRANSLATED.get(key)
    if found is None:
        pairs = names.items() if isinstance(names, dict) else names
        found = _TRANSLATED[key] = {k: out(gettext(v) if isinstance(v, str) else str(v)) for k, v in pairs}
    return found


def _get(mapping: Any, key: Any) -> Any:
    """The `get` filter: mapping[key], None when absent or not a mapping."""
    return mapping.get(key) if isinstance(mapping, dict) else None


def _field(obj: Any, name: str) -> Any:
    """`obj.name` in a template: a key of a dict, else an attribute; "" when neither is there."""
    if isinstance(obj, dict):
        return obj.get(name, "")
    return getattr(obj, name, "")


_SCORECARD_LABELS = (
    ("indicator", gettext_noop("Chỉ tiêu")),
    ("value", gettext_noop("Giá trị")),
    ("threshold", gettext_noop("Ngưỡng")),
    ("result", gettext_noop("Kết quả")),
    ("gap", gettext_noop("Còn thiếu")),
    ("evidence", gettext_noop("Minh chứng")),
    ("no_threshold", gettext_noop("chưa rõ ngưỡng")),
    ("required", gettext_noop("Đạt yêu cầu")),
    ("source", gettext_noop("Nguồn")),
    ("data_of", gettext_noop("số liệu kỳ")),
    ("open", gettext_noop("Mở tệp")),
)


@register.simple_tag(takes_context=True)
def indicator_rows(context: Any, criterion: Any) -> SafeString:
    """The scorecard's rows of one criterion's indicators: value, threshold and its provenance, result, gap,
    evidence."""
    provenance, evidence = context["provenance"], context["evidence"]
    periods, period_key = context["result"].data.periods, context["period"].key
    labels = _labels(_SCORECARD_LABELS)
    statuses, bases, sureness = _labels(_STATUS_LABELS), _labels(_BASIS_LABELS), _labels(_THRESHOLD_LABELS)
    rows = []
    for i in criterion.indicators:
        rule, ev, code = _get(provenance, i.code), _get(evidence, i.code), out(i.code)
        value = out(vnum(i.value))
        if i.value is not None and i.unit:
            value += f" {out(i.unit)}"
        p = _get(periods, i.code)
        if p and p != period_key:
            value += f' <span class="text-body-secondary">({labels["data_of"]} {out(p)})</span>'
        if i.threshold is None:
            threshold = f'<span class="text-body-secondary">{labels["no_threshold"]}</span>'
        elif i.threshold == True:  # noqa: E712 - the template's `==`: a threshold of 1 reads as required too
            threshold = labels["required"]
        else:
            threshold = f"{out(comparator_vi(i.comparator))} {out(vnum(i.threshold))}"
            if i.unit:
                threshold += f" {out(i.unit)}"
        status, source, note = _field(rule, "status"), _field(rule, "source"), _field(rule, "note")
        title = out(source) + (f" — {out(note)}" if note else "")
        threshold += (f'\n<br><span class="prov prov-{out(status)}" title="{title}">'
                      f"{sureness.get(str(status)) or out(str(status))}</span>\n")
        if source:
            threshold += f'<details class="d-inline-block small"><summary>{labels["source"]}</summary>{out(source)}'
            if note:
                threshold += f'<br><span class="text-body-secondary">{out(note)}</span>'
            threshold += "</details>"
        gap = f"{out(vnum(i.gap))} {out(i.gap_unit)}" if i.gap is not None else ""
        proof = ""
        if ev:
            if ev.evidence_note:
                proof += f'<span class="small">{out(truncatechars(ev.evidence_note, 160))}</span>'
            if ev.evidence_file:
                proof += f' <a href="{out(reverse("web:evidence", args=[ev.pk]))}">{labels["open"]}</a>'
        rows.append(
            f'<tr>\n<td data-label="{labels["indicator"]}"><span class="text-body-secondary">{code}</span> '
            f'{out(i.name)}</td>\n<td data-label="{labels["value"]}" id="value-{code}">{value}</td>\n'
            f'<td data-label="{labels["threshold"]}" id="threshold-{code}">{threshold}</td>\n'
            f'<td data-label="{labels["result"]}"><span class="badge {out(i.status.value)}">{statuses[i.status.value]}'
            f'</span> <span class="text-body-secondary">{bases.get(str(i.basis)) or out(str(i.basis))}</span></td>\n'
            f'<td data-label="{labels["gap"]}">{gap}</td>\n<td data-label="{labels["evidence"]}">{proof}</td>\n</tr>')
    return mark_safe("".join(rows))  # noqa: S308 - every value above went through out() (escaped)


def _error_message(error: Any) -> str:
    """The error's message in the interface language (the template's LANGUAGE_CODE test)."""
    return out(error.message_en if get_language() == "en" else error.message_vi)


def _changes(changes: list[Any], label: str) -> str:
    """An indicator's history of changes, newest first (the data-entry page's <details>)."""
    def shown(values: Any) -> Any:  # value|default:value_bool|default:assessed|default:"—"
        return (_field(values, "value") or _field(values, "value_bool") or _field(values, "assessed") or "—")

    items = []
    for ch in changes:
        line = f'{out(date_filter(template_localtime(ch.at), "d/m/Y H:i"))} · {out(ch.actor_label)} · '
        if ch.old:
            line += f"{out(shown(ch.old))} → "
        line += out(shown(ch.new))
        if _field(ch.new, "numerator"):
            line += f' ({out(_field(ch.new, "numerator"))}/{out(_field(ch.new, "denominator"))})'
        items.append(f"<li>{line}</li>")
    return (f'<details class="small mt-1"><summary>{label} ({len(changes)})</summary><ul class="mb-0">\n'
            f'{"".join(items)}\n</ul></details>')


_ENTRY_LABELS = (
    ("now", gettext_noop("Hiện có:")),
    ("none", gettext_noop("chưa có")),
    ("self", gettext_noop("tự đánh giá")),
    ("version", gettext_noop("phiên bản")),
    ("no_threshold", gettext_noop("Ngưỡng chưa rõ: giá trị được lưu, kết quả theo tự đánh giá.")),
    ("result", gettext_noop("Kết quả")),
    ("unchanged", gettext_noop("không đổi")),
    ("met", gettext_noop("Đạt")),
    ("not_met_bool", gettext_noop("Không đạt")),
    ("value", gettext_noop("Giá trị")),
    ("example", gettext_noop("ví dụ 79,9")),
    ("numerator", gettext_noop("hoặc tử số")),
    ("denominator", gettext_noop("mẫu số")),
    ("not_met", gettext_noop("Chưa đạt")),
    ("history", gettext_noop("Lịch sử")),
)


@register.simple_tag(takes_context=True)
def indicator_fields(context: Any, criterion: Any) -> SafeString:
    """The data-entry page's fields of one criterion's indicators: what is recorded now, the inputs (kept as
    posted after an error), the error at its field, the history of changes."""
    labels = _labels(_ENTRY_LABELS)
    current, posted, history = context["current"], context["posted"], context["history"]
    read_only, error_field, error = context["read_only"], context["error_field"], context["error"]
    fields = []
    for ind in criterion.indicators:
        code, obs = out(ind.code), _get(current, ind.code)
        unit = f' <span class="text-body-secondary fw-normal">({out(ind.unit)})</span>' if (
            ind.unit and ind.value_type != "boolean") else ""
        if not obs:
            now = labels["none"]
        elif obs.value_bool is not None:
            now = out(vnum(obs.value_bool))
        elif obs.value is not None:
            now = out(vnum(obs.value)) + (f" {out(ind.unit)}" if ind.unit else "")
        elif obs.numerator is not None:
            now = f"{out(vnum(obs.numerator))} / {out(vnum(obs.denominator))}"
        else:
            now = "—"
        help_text = f'{labels["now"]} <strong class="text-body">{now}</strong>'
        if obs and obs.assessed:
            help_text += f' · {labels["self"]}: {out(obs.get_assessed_display())}'
        if obs:
            help_text += f' · {labels["version"]} {out(obs.version)}, {out(obs.get_source_display().lower())}'
        if ind.threshold is None:
            help_text += f'\n<br>{labels["no_threshold"]}'
        parts = [f'<div class="ntm-indicator py-3 border-bottom" id="field-{code}">\n'
                 f'<div class="fw-semibold" id="label-{code}">{code}. {out(ind.name)}{unit}</div>\n'
                 f'<div class="small text-body-secondary" id="help-{code}">\n{help_text}\n</div>\n']
        if not read_only:
            parts.append(_inputs(ind, code, posted, labels, error_field == ind.code))
            if error_field == ind.code:
                parts.append(f'<div class="invalid-feedback d-block" id="error-{code}">{_error_message(error)}</div>\n')
            version = (obs.version if obs else None) or ""
            parts.append(f'<input type="hidden" name="ver_{code}" value="{out(version)}">\n')
        changes = _get(history, ind.code)
        if changes:
            parts.append(_changes(changes, labels["history"]))
        parts.append("\n</div>")
        fields.append("".join(parts))
    return mark_safe("\n".join(fields))  # noqa: S308 - every value above went through out() (escaped)


def _selected(posted: Any, key: str, value: str) -> str:
    return " selected" if _get(posted, key) == value else ""


def _inputs(ind: Any, code: str, posted: Any, labels: dict[str, str], invalid: bool) -> str:
    """The value (or yes/no), numerator and denominator, and self-assessment inputs of one indicator."""
    bad = " is-invalid" if invalid else ""
    if ind.value_type == "boolean":
        value = (f'<div class="col-12 col-sm-6 col-lg-4"><label class="form-label small mb-0" for="v_{code}">'
                 f'{labels["result"]}</label>\n<select class="form-select{bad}" id="v_{code}" name="v_{code}" '
                 f'aria-describedby="help-{code}">\n<option value="">— {labels["unchanged"]} —</option>\n'
                 f'<option value="true"{_selected(posted, "v_" + ind.code, "true")}>{labels["met"]}</option>\n'
                 f'<option value="false"{_selected(posted, "v_" + ind.code, "false")}>{labels["not_met_bool"]}'
                 "</option>\n</select></div>\n")
    else:
        value = (f'<div class="col-12 col-sm-6 col-lg-3"><label class="form-label small mb-0" for="v_{code}">'
                 f'{labels["value"]}</label>\n<input class="form-control{bad}" id="v_{code}" name="v_{code}" '
                 f'inputmode="decimal" autocomplete="off" placeholder="{labels["example"]}"\n'
                 f'value="{out(_get(posted, "v_" + ind.code) or "")}" aria-describedby="help-{code}"></div>\n')
        if ind.value_type in ("percent", "number"):
            counts = f" ({out(ind.counts)})" if ind.counts else ""
            value += (f'<div class="col-6 col-sm-3 col-lg-2"><label for="n_{code}" class="form-label small mb-0">'
                      f'{labels["numerator"]}</label><input class="form-control" id="n_{code}" name="n_{code}" '
                      f'inputmode="numeric" value="{out(_get(posted, "n_" + ind.code) or "")}"></div>\n'
                      f'<div class="col-6 col-sm-3 col-lg-2"><label for="d_{code}" class="form-label small mb-0">'
                      f'{labels["denominator"]}{counts}</label><input class="form-control" id="d_{code}" '
                      f'name="d_{code}" inputmode="numeric" value="{out(_get(posted, "d_" + ind.code) or "")}">'
                      "</div>\n")
    return (f'<div class="row g-2 mt-1">\n{value}<div class="col-12 col-sm-6 col-lg-3"><label for="a_{code}" '
            f'class="form-label small mb-0">{labels["self"]}</label>\n<select class="form-select" id="a_{code}" '
            f'name="a_{code}"><option value="">— {labels["unchanged"]} —</option>\n'
            f'<option value="met"{_selected(posted, "a_" + ind.code, "met")}>{labels["met"]}</option>\n'
            f'<option value="not_met"{_selected(posted, "a_" + ind.code, "not_met")}>{labels["not_met"]}'
            "</option></select></div>\n</div>\n")


_HEAT_LABELS = (
    ("synthetic_title", gettext_noop("Số liệu mô phỏng")),
    ("synthetic", gettext_noop("mô phỏng")),
)


@register.simple_tag(takes_context=True)
def heat_rows(context: Any, rows: Any) -> SafeString:
    """The province heat-map's rows of one page: the commune (linked to its scorecard, marked when its data are
    synthetic), its type, district, criteria met, then one cell per criterion status."""
    heat, synthetic = context["heat"], context["synthetic"]
    query = f"?ky={out(context['period'].key)}&amp;bo={out(heat.cset.id)}"
    total = len(heat.cset.criteria)
    labels = _labels(_HEAT_LABELS)
    badge = f' <span class="badge unknown" title="{labels["synthetic_title"]}">{labels["synthetic"]}</span>'

    lines = []
    for row in rows:
        unit = row.unit
        district = f'<td class="text-nowrap">{out(row.district)}</td>' if heat.has_districts else ""
        cells = "".join(_CELL[str(getattr(s, "value", s))] for s in row.statuses)
        lines.append(
            f'<tr><th scope="row" class="name"><a href="{out(reverse("web:scorecard", args=[unit.key]))}{query}">'
            f'{out(unit.short_name)}</a>{badge if unit.pk in synthetic else ""}</th><td>{out(unit.division_type)}'
            f'</td>{district}<td class="text-nowrap">{out(row.criteria_met)}/{out(total)}</td>\n{cells}</tr>\n')
    return mark_safe("".join(lines))  # noqa: S308 - every value above went through out() (escaped)


_CRITERION_LABELS = (
    ("criterion", gettext_noop("Tiêu chí")),
    ("unchanged", gettext_noop("không đổi")),
    ("met", gettext_noop("Đạt")),
    ("not_met", gettext_noop("Chưa đạt")),
    ("file", gettext_noop("Tệp minh chứng (PDF, ảnh, Word, Excel; tối đa 10 MB)")),
    ("note", gettext_noop("Ghi chú minh chứng (áp dụng cho các giá trị vừa nhập của tiêu chí này)")),
)
# The msgids of entry.html's former blocktranslate tags.
_FILLED = gettext_noop("%(f)s/%(t)s chỉ tiêu có số liệu kỳ này")
_WHOLE = gettext_noop("Đánh giá cả tiêu chí %(n)s (khi chưa đủ số liệu chỉ tiêu)")


@register.simple_tag(takes_context=True)
def criterion_entry(context: Any, criterion: Any) -> SafeString:
    """The data-entry page's panel of one criterion: its heading (assessment, indicators filled), the error
    that concerns it, its indicators' fields, the whole-criterion assessment, evidence file and note."""
    labels, statuses = _labels(_CRITERION_LABELS), _labels(_STATUS_LABELS)
    posted, filled = context["posted"], context["filled"]
    read_only, error, error_field = context["read_only"], context["error"], context["error_field"]
    number, n = criterion.number, out(criterion.number)
    # The period's whole-criterion assessment, kept under "#N" (selectors.current_observations): shown, and its
    # version sent back (ver_cN) so that a change over it is checked against what the official saw.
    whole, ckey = _get(context["current"], f"#{number}"), f"c_{number}"
    opened = context["error_criterion"] == number
    shown = (statuses.get(str(whole.assessed)) or out(str(whole.assessed))) if whole else ""
    badge = f' <span class="badge {out(whole.assessed)}">{shown}</span>' if whole else ""
    count = gettext(_FILLED) % {"f": out(_get(filled, number)), "t": out(len(criterion.indicators))}
    html = [f'<div class="accordion-item" id="tieu-chi-{n}">\n<h2 class="accordion-header mt-0">\n'
            f'<button class="accordion-button{"" if opened else " collapsed"}" type="button" data-bs-toggle="collapse" '
            f'data-bs-target="#body-{n}" aria-expanded="{"true" if opened else "false"}" aria-controls="body-{n}" '
            f'id="head-{n}">\n<span>{labels["criterion"]} {n}. {out(criterion.name)}{badge}\n'
            f'<span class="d-block small text-body-secondary">{count}</span></span>\n</button>\n</h2>\n'
            f'<div id="body-{n}" class="accordion-collapse collapse{" show" if opened else ""}" '
            f'aria-labelledby="head-{n}">\n<div class="accordion-body pt-0">\n']
    if error and opened and not error_field:
        html.append(f'<div class="alert alert-danger mt-3 mb-0" id="error-{n}">{_error_message(error)}</div>\n')
    html.append(indicator_fields(context, criterion))
    html.append(f'\n<div class="row g-2 pt-3">\n<div class="col-12 col-md-6">\n'
                f'<label class="form-label small mb-0" for="c_{n}">{gettext(_WHOLE) % {"n": n}}</label>\n')
    if read_only:
        html.append(f'<p class="mb-0" id="c_{n}">{shown if whole else "—"}</p>')
    else:
        html.append(
            f'<select class="form-select{" is-invalid" if error_field == ckey else ""}" id="c_{n}" name="c_{n}">'
            f'<option value="">— {labels["unchanged"]} —</option>\n'
            f'<option value="met"{_selected(posted, ckey, "met")}>{labels["met"]}</option>\n'
            f'<option value="not_met"{_selected(posted, ckey, "not_met")}>{labels["not_met"]}</option></select>\n')
        if error_field == ckey:
            html.append(f'<div class="invalid-feedback d-block" id="error-c{n}">{_error_message(error)}</div>\n')
        html.append(f'<input type="hidden" name="ver_c{n}" value="{out((whole.version if whole else None) or "")}">')
    html.append("\n</div>\n")
    if not read_only:
        note = _get(posted, f"evidence_note_{number}") or ""
        html.append(
            f'<div class="col-12 col-md-6">\n<label class="form-label small mb-0" for="file-{n}">{labels["file"]}'
            "</label>\n"
            f'<input class="form-control" id="file-{n}" type="file" name="evidence_file_{n}" '
            'accept=".pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx">\n</div>\n<div class="col-12">\n'
            f'<label class="form-label small mb-0" for="note-{n}">{labels["note"]}</label>\n'
            f'<textarea class="form-control" id="note-{n}" name="evidence_note_{n}" rows="2">{out(note)}</textarea>\n'
            "</div>\n")
    html.append("</div>\n</div>\n</div>\n</div>\n")
    return mark_safe("".join(html))  # noqa: S308 - every value above went through out() (escaped)
