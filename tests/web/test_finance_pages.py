"""Finance pages: funding by source, works, contributions, OCOP; scoped (outsiders get 404), exports."""

import pytest

from ntm.finance import services
from ntm.finance.models import Contribution, Funding, Work
from ntm.geo.services import create_village

pytestmark = pytest.mark.django_db
CAM_NGOC = "legacy:15169"


@pytest.fixture
def cam_ngoc(unit):
    return unit(CAM_NGOC)


@pytest.fixture
def song_nga(cam_ngoc):
    return create_village(actor=None, commune=cam_ngoc, name="Song Nga")


@pytest.fixture
def funded(cam_ngoc):
    for source, amount in {"central_province": "3.392.000.000", "people": "2.170.000.000"}.items():
        services.save_funding(actor=None, unit=cam_ngoc, year=2023, source_kind=source, values={"planned": amount})
    services.set_stated_total(actor=None, unit=cam_ngoc, year=2023, values={"amount": "5.600.000.000"})


@pytest.fixture
def drain(cam_ngoc):
    work = services.create_work(actor=None, unit=cam_ngoc, values={
        "name": "Rãnh thoát nước có nắp đậy", "year": 2023, "criterion": 2, "status": "done", "progress_pct": 100})
    services.save_funding(actor=None, unit=cam_ngoc, work=work, year=2023, source_kind="central_province",
                          values={"planned": "217.000.000", "disbursed": "109.000.000"})
    return work


def test_funding_page_shows_parts_total_and_stated_warning(signed_in, commune_official, funded):
    html = signed_in(commune_official).get(f"/don-vi/{CAM_NGOC}/nguon-von/2023/").content.decode()
    assert "5.562.000.000 đồng" in html and "Nhân dân đóng góp: 2.170.000.000 đồng" in html
    assert "Tổng ghi trong văn bản 5.600.000.000 đồng khác tổng các nguồn 5.562.000.000 đồng" in html
    assert 'id="add-funding"' in html


def test_outsider_gets_404_on_every_finance_page(signed_in, outsider, funded, drain):
    client = signed_in(outsider)
    for url in (f"/don-vi/{CAM_NGOC}/nguon-von/2023/", f"/don-vi/{CAM_NGOC}/cong-trinh/", f"/cong-trinh/{drain.pk}/",
                f"/don-vi/{CAM_NGOC}/dong-gop/2023/", f"/don-vi/{CAM_NGOC}/ocop/"):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/don-vi/{CAM_NGOC}/nguon-von/2023/", {"action": "funding", "source_kind": "people",
                                                                   "planned": "1"})
    assert response.status_code == 404


def test_province_office_reads_without_forms_and_cannot_write(signed_in, province_office, funded):
    client = signed_in(province_office)
    html = client.get(f"/don-vi/{CAM_NGOC}/nguon-von/2023/").content.decode()
    assert "5.562.000.000 đồng" in html and 'id="add-funding"' not in html
    response = client.post(f"/don-vi/{CAM_NGOC}/nguon-von/2023/", {"action": "funding", "source_kind": "commune",
                                                                   "planned": "1"})
    assert response.status_code == 403 and not Funding.objects.filter(source_kind="commune").exists()


def test_official_adds_a_source_and_a_bad_amount_is_named(signed_in, commune_official, cam_ngoc):
    client = signed_in(commune_official)
    url = f"/don-vi/{CAM_NGOC}/nguon-von/2023/"
    response = client.post(url, {"action": "funding", "source_kind": "commune", "planned": "1.000.000.000"})
    assert response.status_code == 302 and Funding.objects.get(source_kind="commune").planned == 1_000_000_000
    response = client.post(url, {"action": "funding", "source_kind": "credit", "planned": "-3"})
    assert response.status_code == 422
    assert "«Kế hoạch»: số tiền không được âm" in response.content.decode()


def test_funding_exports_csv_and_xlsx(signed_in, commune_official, funded):
    client = signed_in(commune_official)
    csv = client.get(f"/don-vi/{CAM_NGOC}/nguon-von/2023/?xuat=csv").content.decode("utf-8-sig")
    assert "Nhân dân đóng góp,2170000000" in csv and "Tổng các nguồn,5562000000" in csv
    xlsx = client.get(f"/don-vi/{CAM_NGOC}/nguon-von/2023/?xuat=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_works_list_shows_progress_and_disbursement_and_filters(signed_in, commune_official, drain, cam_ngoc):
    services.create_work(actor=None, unit=cam_ngoc, values={"name": "Nhà văn hóa thôn Sành", "year": 2023,
                                                             "criterion": 6})
    client = signed_in(commune_official)
    html = client.get(f"/don-vi/{CAM_NGOC}/cong-trinh/").content.decode()
    assert "109.000.000/217.000.000 đồng" in html and "Nhà văn hóa thôn Sành" in html
    filtered = client.get(f"/don-vi/{CAM_NGOC}/cong-trinh/?tieu_chi=6").content.decode()
    assert "Nhà văn hóa thôn Sành" in filtered and "Rãnh thoát nước" not in filtered
    csv = client.get(f"/don-vi/{CAM_NGOC}/cong-trinh/?tieu_chi=2&xuat=csv").content.decode("utf-8-sig")
    assert "Rãnh thoát nước có nắp đậy" in csv and "Nhà văn hóa" not in csv


def test_work_detail_edit_and_document(signed_in, commune_official, drain, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = signed_in(commune_official)
    url = f"/cong-trinh/{drain.pk}/"
    assert "109.000.000/217.000.000 đồng" in client.get(url).content.decode()
    response = client.post(url, {"action": "edit", "revision": drain.revision, "name": drain.name, "year": "2023",
                                 "status": "in_progress", "progress_pct": "60"})
    assert response.status_code == 302 and Work.objects.get(pk=drain.pk).progress_pct == 60
    stale = client.post(url, {"action": "edit", "revision": drain.revision, "name": "Khác", "year": "2023"})
    assert stale.status_code == 409
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test")
    assert client.post(url, {"action": "document", "title": "Biên bản nghiệm thu", "file": upload}).status_code == 302
    html = client.get(url).content.decode()
    assert "Biên bản nghiệm thu" in html
    doc = Work.objects.get(pk=drain.pk).documents.get()
    assert client.get(f"/cong-trinh/tai-lieu/{doc.pk}/").status_code == 200


def test_village_board_records_its_contribution_units_kept_apart(signed_in, make_user, song_nga, cam_ngoc):
    board = make_user("ban_song_nga", song_nga, "village_board")
    client = signed_in(board)
    url = f"/don-vi/{song_nga.key}/dong-gop/2023/"
    for item, quantity, measure, kind in (("Hiến đất", "120", "m2", "land"), ("Xi măng", "150", "tấn", "material")):
        response = client.post(url, {"action": "add", "village": song_nga.key, "kind": kind, "item": item,
                                     "quantity": quantity, "measure_unit": measure})
        assert response.status_code == 302
    assert Contribution.objects.filter(village=song_nga).count() == 2
    html = client.get(url).content.decode()
    assert "Hiến đất: <strong>120 m²</strong>" in html and "Xi măng: <strong>150 tấn</strong>" in html
    assert client.get(f"/don-vi/{CAM_NGOC}/dong-gop/2023/").status_code == 404  # the commune is not the board's


def test_ocop_page_lists_products_and_campaigns(signed_in, commune_official, cam_ngoc):
    services.add_ocop_product(actor=None, unit=cam_ngoc, values={"name": "Mật ong rừng", "producer": "HTX Cẩm Ngọc",
                                                                  "stars": 3, "rated_year": 2023})
    client = signed_in(commune_official)
    response = client.post(f"/don-vi/{CAM_NGOC}/ocop/", {"action": "add_campaign", "kind": "propaganda",
                                                         "title": "Tuyên truyền NTM", "year": "2023",
                                                         "held_on": "14/3/2023", "people": "120"})
    assert response.status_code == 302
    html = client.get(f"/don-vi/{CAM_NGOC}/ocop/").content.decode()
    assert "Mật ong rừng" in html and "3 sao (2023)" in html and "Tuyên truyền NTM" in html and "14/3/2023" in html
    csv = client.get(f"/don-vi/{CAM_NGOC}/ocop/?bang=phong-trao&xuat=csv").content.decode("utf-8-sig")
    assert "Tuyên truyền NTM" in csv
