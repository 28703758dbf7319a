"""The data-entry page: one form and one save for every criterion, all or nothing, read-only once submitted."""

import re

import pytest

from ntm.criteria.catalog import family_of, get_set
from ntm.geo.models import Unit
from ntm.monitoring.models import Observation
from ntm.monitoring.periods import Period
from ntm.monitoring.review import review_of

pytestmark = pytest.mark.django_db
CAM_NGOC = "legacy:15169"
ENTRY = f"/don-vi/{CAM_NGOC}/nhap/2024-Q1/"


def saved(**filters):
    return Observation.objects.filter(unit__code="15169", period_key="2024-Q1", **filters)


def test_the_page_is_one_form_with_one_save_button(demo, signed_in, commune_official):
    html = signed_in(commune_official).get(f"{ENTRY}?bo=th-32-2022").content.decode()
    assert html.count("<form method=\"post\" enctype") == 1 and html.count('type="submit" class="btn btn-primary"') == 1
    assert 'name="evidence_note_15"' in html and 'name="evidence_file_15"' in html and 'name="c_19"' in html


def test_one_save_writes_the_values_of_several_criteria(demo, signed_in, commune_official):
    response = signed_in(commune_official).post(ENTRY, {
        "bo": "th-32-2022", "v_15.1": "79,9", "c_6": "met",
        "evidence_note_15": "BHXH huyện", "evidence_note_6": "Biên bản"})
    assert response.status_code == 302
    assert saved(indicator="15.1").get().evidence_note == "BHXH huyện"
    assert saved(criterion=6, indicator="").get().assessed == "met"
    assert saved(criterion=6, indicator="").get().evidence_note == "Biên bản"


def test_an_error_in_one_criterion_saves_nothing_and_keeps_what_was_typed(demo, signed_in, commune_official):
    response = signed_in(commune_official).post(ENTRY, {"bo": "th-32-2022", "c_6": "met", "v_15.1": "120",
                                                        "evidence_note_6": "Biên bản"})
    html = response.content.decode()
    assert response.status_code == 422 and "vượt quá 100%" in html
    assert 'id="error-15.1"' in html and 'value="120"' in html  # the error sits at the field; the input is kept
    assert '<option value="met" selected>' in html and "Biên bản</textarea>" in html
    assert not saved().exists()  # criterion 6 came first and was valid, yet nothing was written


def test_blank_fields_change_nothing(demo, signed_in, commune_official):
    client = signed_in(commune_official)
    client.post(ENTRY, {"bo": "th-32-2022", "v_15.1": "85"})
    client.post(ENTRY, {"bo": "th-32-2022", "v_15.1": "", "ver_15.1": "1", "c_6": "met"})
    kept = saved(indicator="15.1").get()
    assert (kept.value, kept.version) == (85, 1)


def test_an_evidence_file_without_a_value_is_refused(demo, signed_in, commune_official):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = signed_in(commune_official).post(ENTRY, {"bo": "th-32-2022", "evidence_file_6": pdf})
    assert response.status_code == 422 and "cần đi kèm ít nhất một giá trị" in response.content.decode()


def test_the_page_is_read_only_while_the_period_awaits_review(demo, signed_in, commune_official):
    client = signed_in(commune_official)
    client.post(ENTRY, {"bo": "th-32-2022", "v_15.1": "85"})
    review = review_of(Unit.objects.get(code="15169", scheme="legacy"), family_of(get_set("th-32-2022")),
                       Period.parse("2024-Q1"))
    review.state = "submitted"
    review.save()
    html = client.get(f"{ENTRY}?bo=th-32-2022").content.decode()
    assert 'id="read-only"' in html and "không sửa được" in html
    assert 'name="v_15.1"' not in html and 'id="save"' not in html and "85" in html


def test_a_month_inside_an_approved_quarter_is_read_only_before_any_save(demo, signed_in, commune_official):
    review = review_of(Unit.objects.get(code="15169", scheme="legacy"), family_of(get_set("th-32-2022")),
                       Period.parse("2024-Q1"))
    review.state, review.period_start, review.period_end = "approved", Period.parse("2024-Q1").start, \
        Period.parse("2024-Q1").end
    review.save()
    html = signed_in(commune_official).get(f"/don-vi/{CAM_NGOC}/nhap/2024-03/?bo=th-32-2022").content.decode()
    assert 'id="read-only"' in html and "quý 1 năm 2024 đã được duyệt" in html
    assert 'name="v_15.1"' not in html and 'id="save"' not in html


def test_officials_read_names_not_codes(demo, signed_in, commune_official):
    html = signed_in(commune_official).get(f"{ENTRY}?bo=th-32-2022").content.decode()
    heading = re.sub(r"<[^>]+>", " ", html.split("<h1", 1)[1].split("</p>", 1)[0])  # the text an official reads
    assert "Cẩm Ngọc" in heading and "quý 1 năm 2024" in heading
    assert "legacy:15169" not in heading and "th-32-2022" not in heading and "2024-Q1" not in heading


def test_a_whole_criterion_assessment_is_shown_and_a_change_over_it_is_checked_by_its_version(
        demo, signed_in, commune_official):
    client = signed_in(commune_official)
    assert client.post(ENTRY, {"bo": "th-32-2022", "c_6": "met"}).status_code == 302
    html = client.get(f"{ENTRY}?bo=th-32-2022").content.decode()
    assert 'name="ver_c6" value="1"' in html  # what the official saw goes back with the form
    head = html[html.index('id="head-6"'):html.index('id="body-6"')]
    assert "badge" in head  # the saved assessment shows on the criterion's heading
    assert client.post(ENTRY, {"bo": "th-32-2022", "c_6": "not_met", "ver_c6": "1"}).status_code == 302
    assert saved(criterion=6, indicator="").get().assessed == "not_met"
    stale = client.post(ENTRY, {"bo": "th-32-2022", "c_6": "met", "ver_c6": "1"})  # saved over by then
    assert stale.status_code == 409
    assert saved(criterion=6, indicator="").get().assessed == "not_met"
