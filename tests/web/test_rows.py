"""The rows written in Python (templatetags/rows.py) say exactly what the template loops they replace said.

Each test renders the replaced template markup (kept here as the reference) and the tag on the same awkward
inputs — markup in names and notes, every threshold kind, missing provenance, evidence, posted values after an
error, a change history, synthetic communes — and compares the HTML apart from whitespace.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from ntm.criteria.engine import IndicatorResult
from ntm.criteria.model import Status
from ntm.monitoring.models import Observation, ObservationChange

SCORECARD_ROWS = """{% load vi %}{% for i in c.indicators %}{% with rule=provenance|get:i.code ev=evidence|get:i.code %}<tr>
  <td data-label="{{ l_indicator }}"><span class="text-body-secondary">{{ i.code }}</span> {{ i.name }}</td>
  <td data-label="{{ l_value }}" id="value-{{ i.code }}">{{ i.value|vnum }}{% if i.value is not None and i.unit %} {{ i.unit }}{% endif %}{% with p=result.data.periods|get:i.code %}{% if p and p != period.key %} <span class="text-body-secondary">({{ l_data_of }} {{ p }})</span>{% endif %}{% endwith %}</td>
  <td data-label="{{ l_threshold }}" id="threshold-{{ i.code }}">{% if i.threshold is None %}<span class="text-body-secondary">{{ l_no_threshold }}</span>{% elif i.threshold == True %}{{ l_required }}{% else %}{{ i.comparator|comparator_vi }} {{ i.threshold|vnum }}{% if i.unit %} {{ i.unit }}{% endif %}{% endif %}
    <br><span class="prov prov-{{ rule.status }}" title="{{ rule.source }}{% if rule.note %} — {{ rule.note }}{% endif %}">{{ rule.status|threshold_status_vi }}</span>
    {% if rule.source %}<details class="d-inline-block small"><summary>{{ l_source }}</summary>{{ rule.source }}{% if rule.note %}<br><span class="text-body-secondary">{{ rule.note }}</span>{% endif %}</details>{% endif %}</td>
  <td data-label="{{ l_result }}"><span class="badge {{ i.status.value }}">{{ i.status|status_vi }}</span> <span class="text-body-secondary">{{ i.basis|basis_vi }}</span></td>
  <td data-label="{{ l_gap }}">{% if i.gap is not None %}{{ i.gap|vnum }} {{ i.gap_unit }}{% endif %}</td>
  <td data-label="{{ l_evidence }}">{% if ev %}{% if ev.evidence_note %}<span class="small">{{ ev.evidence_note|truncatechars:160 }}</span>{% endif %}{% if ev.evidence_file %} <a href="{% url 'web:evidence' ev.pk %}">{{ l_open }}</a>{% endif %}{% endif %}</td>
</tr>{% endwith %}{% endfor %}"""  # noqa: E501 - the template markup as it was

SCORECARD_LABELS = ("""{% load i18n %}{% translate "Chỉ tiêu" as l_indicator %}{% translate "Giá trị" as l_value %}"""
                    """{% translate "Ngưỡng" as l_threshold %}{% translate "Kết quả" as l_result %}"""
                    """{% translate "Còn thiếu" as l_gap %}{% translate "Minh chứng" as l_evidence %}"""
                    """{% translate "chưa rõ ngưỡng" as l_no_threshold %}{% translate "Đạt yêu cầu" as l_required %}"""
                    """{% translate "Nguồn" as l_source %}{% translate "số liệu kỳ" as l_data_of %}"""
                    """{% translate "Mở tệp" as l_open %}""")

ENTRY_FIELDS = """{% load vi %}{% for ind in c.indicators %}{% with obs=current|get:ind.code vkey="v_"|add:ind.code nkey="n_"|add:ind.code dkey="d_"|add:ind.code akey="a_"|add:ind.code %}
<div class="ntm-indicator py-3 border-bottom" id="field-{{ ind.code }}">
  <div class="fw-semibold" id="label-{{ ind.code }}">{{ ind.code }}. {{ ind.name }}{% if ind.unit and ind.value_type != "boolean" %} <span class="text-body-secondary fw-normal">({{ ind.unit }})</span>{% endif %}</div>
  <div class="small text-body-secondary" id="help-{{ ind.code }}">
    {{ l_now }} <strong class="text-body">{% if not obs %}{{ l_none }}{% elif obs.value_bool is not None %}{{ obs.value_bool|vnum }}{% elif obs.value is not None %}{{ obs.value|vnum }}{% if ind.unit %} {{ ind.unit }}{% endif %}{% elif obs.numerator is not None %}{{ obs.numerator|vnum }} / {{ obs.denominator|vnum }}{% else %}—{% endif %}</strong>{% if obs.assessed %} · {{ l_self }}: {{ obs.get_assessed_display }}{% endif %}{% if obs %} · {{ l_version }} {{ obs.version }}, {{ obs.get_source_display|lower }}{% endif %}
    {% if ind.threshold is None %}<br>{{ l_no_threshold }}{% endif %}
  </div>
  {% if not read_only %}
  <div class="row g-2 mt-1">
  {% if ind.value_type == "boolean" %}
    <div class="col-12 col-sm-6 col-lg-4"><label class="form-label small mb-0" for="v_{{ ind.code }}">{{ l_result }}</label>
    <select class="form-select{% if error_field == ind.code %} is-invalid{% endif %}" id="v_{{ ind.code }}" name="v_{{ ind.code }}" aria-describedby="help-{{ ind.code }}">
      <option value="">— {{ l_unchanged }} —</option>
      <option value="true"{% if posted|get:vkey == "true" %} selected{% endif %}>{{ l_met }}</option>
      <option value="false"{% if posted|get:vkey == "false" %} selected{% endif %}>{{ l_not_met_bool }}</option>
    </select></div>
  {% else %}
    <div class="col-12 col-sm-6 col-lg-3"><label class="form-label small mb-0" for="v_{{ ind.code }}">{{ l_value }}</label>
    <input class="form-control{% if error_field == ind.code %} is-invalid{% endif %}" id="v_{{ ind.code }}" name="v_{{ ind.code }}" inputmode="decimal" autocomplete="off" placeholder="{{ l_example }}"
           value="{{ posted|get:vkey|default:'' }}" aria-describedby="help-{{ ind.code }}"></div>
    {% if ind.value_type == "percent" or ind.value_type == "number" %}
    <div class="col-6 col-sm-3 col-lg-2"><label for="n_{{ ind.code }}" class="form-label small mb-0">{{ l_numerator }}</label><input class="form-control" id="n_{{ ind.code }}" name="n_{{ ind.code }}" inputmode="numeric" value="{{ posted|get:nkey|default:'' }}"></div>
    <div class="col-6 col-sm-3 col-lg-2"><label for="d_{{ ind.code }}" class="form-label small mb-0">{{ l_denominator }}{% if ind.counts %} ({{ ind.counts }}){% endif %}</label><input class="form-control" id="d_{{ ind.code }}" name="d_{{ ind.code }}" inputmode="numeric" value="{{ posted|get:dkey|default:'' }}"></div>
    {% endif %}
  {% endif %}
    <div class="col-12 col-sm-6 col-lg-3"><label for="a_{{ ind.code }}" class="form-label small mb-0">{{ l_self }}</label>
      <select class="form-select" id="a_{{ ind.code }}" name="a_{{ ind.code }}"><option value="">— {{ l_unchanged }} —</option>
        <option value="met"{% if posted|get:akey == "met" %} selected{% endif %}>{{ l_met }}</option>
        <option value="not_met"{% if posted|get:akey == "not_met" %} selected{% endif %}>{{ l_not_met }}</option></select></div>
  </div>
  {% if error_field == ind.code %}<div class="invalid-feedback d-block" id="error-{{ ind.code }}">{% if LANGUAGE_CODE == "en" %}{{ error.message_en }}{% else %}{{ error.message_vi }}{% endif %}</div>{% endif %}
  <input type="hidden" name="ver_{{ ind.code }}" value="{{ obs.version|default:'' }}">
  {% endif %}
  {% with changes=history|get:ind.code %}{% if changes %}<details class="small mt-1"><summary>{{ l_history }} ({{ changes|length }})</summary><ul class="mb-0">
    {% for ch in changes %}<li>{{ ch.at|date:"d/m/Y H:i" }} · {{ ch.actor_label }} · {% if ch.old %}{{ ch.old.value|default:ch.old.value_bool|default:ch.old.assessed|default:"—" }} → {% endif %}{{ ch.new.value|default:ch.new.value_bool|default:ch.new.assessed|default:"—" }}{% if ch.new.numerator %} ({{ ch.new.numerator }}/{{ ch.new.denominator }}){% endif %}</li>{% endfor %}
  </ul></details>{% endif %}{% endwith %}
</div>{% endwith %}{% endfor %}"""  # noqa: E501 - the template markup as it was

ENTRY_LABELS = ("""{% load i18n %}{% translate "Hiện có:" as l_now %}{% translate "chưa có" as l_none %}"""
                """{% translate "tự đánh giá" as l_self %}{% translate "phiên bản" as l_version %}"""
                """{% translate "Ngưỡng chưa rõ: giá trị được lưu, kết quả theo tự đánh giá." as l_no_threshold %}"""
                """{% translate "Kết quả" as l_result %}{% translate "không đổi" as l_unchanged %}"""
                """{% translate "Đạt" as l_met %}{% translate "Không đạt" as l_not_met_bool %}"""
                """{% translate "Giá trị" as l_value %}{% translate "ví dụ 79,9" as l_example %}"""
                """{% translate "hoặc tử số" as l_numerator %}{% translate "mẫu số" as l_denominator %}"""
                """{% translate "Chưa đạt" as l_not_met %}{% translate "Lịch sử" as l_history %}""")


ENTRY_CRITERIA = """{% load i18n vi rows %}""" + """  {% for c in cset.criteria %}{% with n=c.number|stringformat:"s" %}{% with hkey="#"|add:n %}{% with ckey="c_"|add:n notekey="evidence_note_"|add:n whole=current|get:hkey %}
    <div class="accordion-item" id="tieu-chi-{{ c.number }}">
      <h2 class="accordion-header mt-0">
        <button class="accordion-button{% if error_criterion != c.number %} collapsed{% endif %}" type="button" data-bs-toggle="collapse" data-bs-target="#body-{{ c.number }}" aria-expanded="{% if error_criterion == c.number %}true{% else %}false{% endif %}" aria-controls="body-{{ c.number }}" id="head-{{ c.number }}">
          <span>{{ l_criterion }} {{ c.number }}. {{ c.name }}{% if whole %} <span class="badge {{ whole.assessed }}">{{ whole.assessed|status_vi }}</span>{% endif %}
            <span class="d-block small text-body-secondary">{% blocktranslate with f=filled|get:c.number t=c.indicators|length %}{{ f }}/{{ t }} chỉ tiêu có số liệu kỳ này{% endblocktranslate %}</span></span>
        </button>
      </h2>
      <div id="body-{{ c.number }}" class="accordion-collapse collapse{% if error_criterion == c.number %} show{% endif %}" aria-labelledby="head-{{ c.number }}">
        <div class="accordion-body pt-0">
          {% if error and error_criterion == c.number and not error_field %}<div class="alert alert-danger mt-3 mb-0" id="error-{{ c.number }}">{% if LANGUAGE_CODE == "en" %}{{ error.message_en }}{% else %}{{ error.message_vi }}{% endif %}</div>{% endif %}
          {% indicator_fields c %}
          <div class="row g-2 pt-3">
            <div class="col-12 col-md-6">
              <label class="form-label small mb-0" for="c_{{ c.number }}">{% blocktranslate with n=c.number %}Đánh giá cả tiêu chí {{ n }} (khi chưa đủ số liệu chỉ tiêu){% endblocktranslate %}</label>
              {% if read_only %}<p class="mb-0" id="c_{{ c.number }}">{% if whole %}{{ whole.assessed|status_vi }}{% else %}—{% endif %}</p>{% else %}
              <select class="form-select{% if error_field == ckey %} is-invalid{% endif %}" id="c_{{ c.number }}" name="c_{{ c.number }}"><option value="">— {{ l_unchanged }} —</option>
                <option value="met"{% if posted|get:ckey == "met" %} selected{% endif %}>{{ l_met }}</option>
                <option value="not_met"{% if posted|get:ckey == "not_met" %} selected{% endif %}>{{ l_not_met }}</option></select>
              {% if error_field == ckey %}<div class="invalid-feedback d-block" id="error-c{{ c.number }}">{% if LANGUAGE_CODE == "en" %}{{ error.message_en }}{% else %}{{ error.message_vi }}{% endif %}</div>{% endif %}
              <input type="hidden" name="ver_c{{ c.number }}" value="{{ whole.version|default:'' }}">{% endif %}
            </div>
            {% if not read_only %}
            <div class="col-12 col-md-6">
              <label class="form-label small mb-0" for="file-{{ c.number }}">{{ l_file }}</label>
              <input class="form-control" id="file-{{ c.number }}" type="file" name="evidence_file_{{ c.number }}" accept=".pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx">
            </div>
            <div class="col-12">
              <label class="form-label small mb-0" for="note-{{ c.number }}">{{ l_note }}</label>
              <textarea class="form-control" id="note-{{ c.number }}" name="evidence_note_{{ c.number }}" rows="2">{{ posted|get:notekey|default:'' }}</textarea>
            </div>
            {% endif %}
          </div>
        </div>
      </div>
    </div>
  {% endwith %}{% endwith %}{% endwith %}{% endfor %}"""  # noqa: E501 - the template markup as it was, its lookup of the whole-criterion assessment ("#N") corrected

CRITERIA_LABELS = ENTRY_LABELS + ("""{% translate "Tiêu chí" as l_criterion %}"""
                                  """{% translate "Tệp minh chứng (PDF, ảnh, Word, Excel; tối đa 10 MB)" as l_file %}"""
                                  """{% translate "Ghi chú minh chứng (áp dụng cho các giá trị vừa nhập của tiêu chí này)" as l_note %}""")  # noqa: E501

HEAT_ROWS = """{% load i18n vi %}{% for row in page %}<tr><th scope="row" class="name"><a href="{% url 'web:scorecard' row.unit.key %}?ky={{ period.key }}&amp;bo={{ heat.cset.id }}">{{ row.unit.short_name }}</a>{% if row.unit.pk in synthetic %} <span class="badge unknown" title="{% translate 'Số liệu mô phỏng' %}">{% translate "mô phỏng" %}</span>{% endif %}</th><td>{{ row.unit.division_type }}</td>{% if heat.has_districts %}<td class="text-nowrap">{{ row.district }}</td>{% endif %}<td class="text-nowrap">{{ row.criteria_met }}/{{ n }}</td>
  {{ row.statuses|heat_cells }}</tr>
{% endfor %}"""  # noqa: E501 - the template markup as it was


def same_html(a: str, b: str) -> None:
    def norm(text: str) -> str:
        return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", text)).strip()
    assert norm(a) == norm(b)


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


RULES = {"1.1": SimpleNamespace(status="confirmed", source="QĐ 318 <điều 2>", note="ghi \"chú\" & <b>"),
         "1.2": SimpleNamespace(status="recalled", source="", note=""),
         "1.3": SimpleNamespace(status="unknown", source="Báo cáo xã", note="")}


def indicator(code: str, **fields: object) -> IndicatorResult:
    base = {"code": code, "name": f"Chỉ tiêu <{code}> & «tên»", "status": Status.MET, "value": Decimal("79.95"),
            "threshold": Decimal("70"), "gap": None, "gap_unit": "", "basis": "measured", "unit": "%",
            "comparator": ">="}
    return IndicatorResult(**{**base, **fields})


@pytest.mark.parametrize("language", ["vi", "en"])
def test_scorecard_rows_match_the_template(language: str) -> None:
    criterion = SimpleNamespace(indicators=[
        indicator("1.1"),
        indicator("1.2", threshold=True, value=True, unit="", status=Status.NOT_MET, basis="assessed"),
        indicator("1.3", threshold=None, value=None, status=Status.UNKNOWN, basis="threshold_unknown"),
        indicator("1.4", threshold=Decimal("1"), gap=Decimal("12.345"), gap_unit="điểm <%>", comparator="<="),
        indicator("1.5", value=Decimal("1234567.5"), unit="", status=Status.NOT_MET, basis="missing")])
    evidence = {"1.1": Observation(pk=7, evidence_note="Biên bản <số 3> " + "dài " * 60, evidence_file="x.pdf"),
                "1.4": Observation(pk=8, evidence_note="", evidence_file="y.pdf"),
                "1.5": Observation(pk=9, evidence_note="chỉ ghi chú", evidence_file="")}
    context = {"c": criterion, "provenance": RULES, "evidence": evidence, "period": SimpleNamespace(key="2024-Q4"),
               "result": SimpleNamespace(data=SimpleNamespace(periods={"1.1": "2024-Q3", "1.2": "2024-Q4"}))}
    with translation.override(language):
        labels = Template(SCORECARD_LABELS)
        ctx = Context(context)
        labels.render(ctx)
        before = Template(SCORECARD_ROWS).render(ctx)
        after = render("{% load rows %}{% indicator_rows c %}", **context)
    assert "&lt;1.1&gt;" in after and "<b>" not in after
    same_html(before, after)


def change(at: dt.datetime, old: dict | None, new: dict) -> ObservationChange:
    return ObservationChange(at=at, actor_label="xa_<cam>", old=old, new=new, version=2)


@pytest.mark.parametrize(("language", "read_only", "posted"), [
    ("vi", False, {}), ("en", False, {}), ("vi", True, {}),
    ("vi", False, {"v_1.1": "abc<>", "n_1.1": "12", "d_1.1": "", "v_1.2": "true", "a_1.3": "met", "a_1.1": "not_met"})])
def test_entry_fields_match_the_template(language: str, read_only: bool, posted: dict) -> None:
    def ind(code: str, value_type: str, **fields: object) -> SimpleNamespace:
        return SimpleNamespace(**{"code": code, "name": f"Tên <{code}>", "unit": "%", "value_type": value_type,
                                  "threshold": Decimal("1"), "counts": "", **fields})

    criterion = SimpleNamespace(indicators=[
        ind("1.1", "percent", counts="hộ <nghèo>"), ind("1.2", "boolean", threshold=None), ind("1.3", "number"),
        ind("1.4", "money", unit=""), ind("1.5", "count")])
    current = {"1.1": Observation(value=Decimal("79.9"), version=3, source="entered", assessed="met"),
               "1.2": Observation(value_bool=False, version=1, source="imported"),
               "1.3": Observation(numerator=Decimal("812"), denominator=Decimal("1020"), version=2),
               "1.4": Observation(version=0)}
    at = timezone.make_aware(dt.datetime(2024, 3, 14, 9, 30))
    def values(value: object = None, value_bool: object = None, assessed: str = "", numerator: object = None,
               denominator: object = None) -> dict:  # as services.record_observations stores them
        return {"value": value, "value_bool": value_bool, "assessed": assessed, "numerator": numerator,
                "denominator": denominator}

    history = {"1.1": [change(at, values("70"), values("79.9", numerator="812", denominator="1020")),
                       change(at, None, values(value_bool=False, assessed="not_met")),
                       change(at, values(value_bool=True), values())]}
    error = SimpleNamespace(message_vi="giá trị <sai>", message_en="bad <value>")
    context = {"c": criterion, "current": current, "posted": posted, "history": history, "read_only": read_only,
               "error_field": "1.1" if posted else None, "error": error if posted else None}
    with translation.override(language):
        ctx = Context({**context, "LANGUAGE_CODE": language})
        Template(ENTRY_LABELS).render(ctx)
        before = Template(ENTRY_FIELDS).render(ctx)
        after = render("{% load rows %}{% indicator_fields c %}", **context)
    assert "Tên &lt;1.1&gt;" in after
    same_html(before, after)


@pytest.mark.parametrize("districts", [True, False])
def test_heat_rows_match_the_template(districts: bool) -> None:
    def row(pk: int, key: str, statuses: tuple[Status, ...]) -> SimpleNamespace:
        unit = SimpleNamespace(pk=pk, key=key, short_name=f"Xã <{pk}> & co", division_type="xã")
        return SimpleNamespace(unit=unit, district="Huyện «A» <b>", statuses=statuses,
                               criteria_met=sum(s is Status.MET for s in statuses))

    rows = [row(1, "legacy:15079", (Status.MET, Status.NOT_MET, Status.UNKNOWN)),
            row(2, "2025:commune:99001", (Status.UNKNOWN, Status.MET, Status.MET))]
    heat = SimpleNamespace(cset=SimpleNamespace(id="qd318-2022", criteria=[1, 2, 3]), has_districts=districts)
    context = {"page": rows, "period": SimpleNamespace(key="2024-Q4"), "heat": heat, "synthetic": {2}, "n": 3}
    before = render(HEAT_ROWS, **context)
    after = render("{% load rows %}{% heat_rows page %}", **context)
    assert "Xã &lt;1&gt; &amp; co" in after and ("Huyện" in after) is districts
    same_html(before, after)


@pytest.mark.parametrize(("language", "read_only", "error_field", "error_criterion"), [
    ("vi", False, None, None), ("en", False, None, None), ("vi", True, None, None), ("vi", False, "c_2", 2),
    ("en", False, None, 2), ("vi", False, "2.1", 2)])
def test_criterion_panels_match_the_template(language: str, read_only: bool, error_field: str | None,
                                             error_criterion: int | None) -> None:
    def ind(code: str) -> SimpleNamespace:
        return SimpleNamespace(code=code, name=f"Tên <{code}>", unit="%", value_type="percent",
                               threshold=Decimal("1"), counts="")

    cset = SimpleNamespace(criteria=[SimpleNamespace(number=1, name="Quy hoạch <a>", indicators=[ind("1.1")]),
                                     SimpleNamespace(number=2, name="Giao thông", indicators=[ind("2.1"), ind("2.2")]),
                                     SimpleNamespace(number=3, name="Thủy lợi", indicators=[])])
    current = {"2.1": Observation(value=Decimal("5"), version=1), "#2": Observation(assessed="met", version=4),
               "#3": Observation(assessed="", version=1)}
    posted = {"c_2": "not_met", "evidence_note_2": "ghi <chú> & ảnh", "c_1": "met"} if error_criterion else {}
    error = SimpleNamespace(message_vi="lỗi <vi>", message_en="error <en>") if error_criterion else None
    context = {"cset": cset, "current": current, "posted": posted, "history": {}, "read_only": read_only,
               "filled": {1: 0, 2: 1}, "error": error, "error_field": error_field, "error_criterion": error_criterion}
    with translation.override(language):
        ctx = Context({**context, "LANGUAGE_CODE": language})
        Template(CRITERIA_LABELS).render(ctx)
        before = Template(ENTRY_CRITERIA).render(ctx)
        after = render("{% load rows %}{% for c in cset.criteria %}{% criterion_entry c %}{% endfor %}", **context)
    assert "Quy hoạch &lt;a&gt;" in after
    same_html(before, after)
