"""The planning pages as a commune official, a village board and an outsider use them (Django test client)."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from ntm.planning.models import Plan, Target, Task

pytestmark = pytest.mark.django_db
CAM_NGOC = "legacy:15169"
PLAN_URL = f"/don-vi/{CAM_NGOC}/ke-hoach/2024/"


@pytest.fixture
def plan(db, unit):
    from ntm.planning.models import CommitteeMember

    commune = unit(CAM_NGOC)
    plan = Plan.objects.create(unit=commune, year=2024, title="Kế hoạch xây dựng NTM năm 2024", state="issued",
                               set_id="th-32-2022", number="45/KH-UBND", issued_on=dt.date(2024, 2, 15))
    member = CommitteeMember.objects.create(unit=commune, body="steering", name="Nguyễn Văn An",
                                            position="Phó Chủ tịch UBND xã", criteria=["15"])
    Target.objects.create(plan=plan, kind="indicator", indicator="15.1", value=95, deadline=dt.date(2024, 6, 30),
                          text="Tỷ lệ người dân tham gia BHYT đạt 95%")
    Task.objects.create(plan=plan, title="Tuyên truyền vận động mua BHYT", responsible=member,
                        deadline=dt.date(2024, 5, 31), status="in_progress", progress_pct=60)
    return plan


def test_plan_page_shows_targets_status_forecast_tasks_and_overdue(plan, signed_in, commune_official, unit):
    from ntm.monitoring.periods import Period
    from ntm.monitoring.services import Target as Obs
    from ntm.monitoring.services import record_observation

    for period, value in [("2023-Q3", 83), ("2023-Q4", 86), ("2024-Q1", 89)]:
        record_observation(actor=None, unit=unit(CAM_NGOC), target=Obs("th-32-2022", "15.1"),
                           period=Period.parse(period), raw=value)
    page = signed_in(commune_official).get(f"{PLAN_URL}?ngay=15/7/2024")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Kế hoạch xây dựng NTM năm 2024" in html and "45/KH-UBND" in html and "Đã ban hành" in html
    assert "Tỷ lệ người dân tham gia BHYT đạt 95%" in html and "30/6/2024" in html
    assert 'class="badge not_met"' in html and "Chưa đạt" in html  # 89 recorded < 95
    assert "Chệch hướng" in html and "Bình phương tối thiểu trên 3 kỳ" in html
    assert "Quá hạn 45 ngày" in html and "Nguyễn Văn An" in html
    assert "Kết thúc kế hoạch" in html and "Lập phiên bản mới" in html  # the official's steps


def test_another_communes_official_cannot_open_the_plan(plan, signed_in, outsider):
    assert signed_in(outsider).get(PLAN_URL).status_code == 404


def test_plan_list_and_creating_a_draft(signed_in, commune_official):
    client = signed_in(commune_official)
    assert "Đơn vị chưa có kế hoạch nào." in client.get(f"/don-vi/{CAM_NGOC}/ke-hoach/").content.decode()
    response = client.post(f"/don-vi/{CAM_NGOC}/ke-hoach/", {"year": "2025", "title": ""})
    assert response.status_code == 302 and response.url == f"/don-vi/{CAM_NGOC}/ke-hoach/2025/"
    html = client.get(response.url).content.decode()
    assert "Dự thảo" in html and "Ban hành" in html and "Thêm mục tiêu" in html


def test_issuing_without_a_number_is_refused_in_vietnamese(signed_in, commune_official, unit):
    Plan.objects.create(unit=unit(CAM_NGOC), year=2024, title="KH")
    response = signed_in(commune_official).post(f"{PLAN_URL}thao-tac/", {"step": "issue", "number": "",
                                                                        "issued_on": "15/2/2024"})
    assert response.status_code == 422 and "cần số văn bản" in response.content.decode()


def test_a_target_is_added_to_a_draft_through_its_form(signed_in, commune_official, unit):
    plan = Plan.objects.create(unit=unit(CAM_NGOC), year=2024, title="KH")
    client = signed_in(commune_official)
    assert "Loại mục tiêu" in client.get(f"{PLAN_URL}muc-tieu/").content.decode()
    response = client.post(f"{PLAN_URL}muc-tieu/", {"kind": "indicator", "indicator": "15.1", "value": "95,5",
                                                     "deadline": "30/6/2024", "revision": ""})
    assert response.status_code == 302
    target = plan.targets.get()
    assert (target.indicator, str(target.value), target.deadline) == ("15.1", "95.5000", dt.date(2024, 6, 30))
    bad = client.post(f"{PLAN_URL}muc-tieu/", {"kind": "indicator", "indicator": "15.1", "deadline": "31/2/2024"})
    assert bad.status_code == 422 and "không phải là ngày hợp lệ" in bad.content.decode()


def test_a_stale_progress_form_is_refused(plan, signed_in, commune_official):
    client = signed_in(commune_official)
    task = plan.tasks.get()
    url = f"{PLAN_URL}nhiem-vu/{task.pk}/tien-do/"
    assert client.post(url, {"status": "in_progress", "progress_pct": "70", "revision": "1"}).status_code == 302
    stale = client.post(url, {"status": "in_progress", "progress_pct": "90", "revision": "1"})
    assert stale.status_code == 409
    task.refresh_from_db()
    assert task.progress_pct == 70


def test_committee_page_and_adding_a_member(signed_in, commune_official, unit):
    from ntm.geo.services import create_village

    village = create_village(actor=None, commune=unit(CAM_NGOC), name="Thôn Phúc Lâm")
    client = signed_in(commune_official)
    url = f"/don-vi/{CAM_NGOC}/ban-chi-dao/"
    assert "Chưa có thành viên nào" in client.get(url).content.decode()
    response = client.post(f"{url}thanh-vien/", {"name": "Lê Thị Hoa", "body": "steering", "criteria": "6, 16",
                                                 "position": "Công chức VH-XH", "villages": [village.key]})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Lê Thị Hoa" in html and "TC 6" in html and "TC 16" in html and "Thôn Phúc Lâm" in html
    assert "Ban Chỉ đạo xã" in html and "Thêm thành viên" in html


def test_overdue_page_and_its_export(plan, signed_in, commune_official):
    client = signed_in(commune_official)
    html = client.get("/viec-qua-han/?ngay=15/7/2024").content.decode()
    assert "Việc quá hạn" in html and "Tuyên truyền vận động mua BHYT" in html and "45 ngày" in html
    assert "Không có việc nào quá hạn." in client.get("/viec-qua-han/?ngay=1/5/2024").content.decode()
    csv = client.get("/viec-qua-han/?ngay=15/7/2024&dinh-dang=csv")
    assert csv["Content-Type"].startswith("text/csv") and "Tuyên truyền vận động mua BHYT" in csv.content.decode()


def test_targets_and_tasks_export_as_xlsx_and_csv(plan, signed_in, commune_official):
    from openpyxl import load_workbook

    client = signed_in(commune_official)
    xlsx = client.get(f"{PLAN_URL}xuat/muc-tieu.xlsx?ngay=15/7/2024")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "Mục tiêu" and sheet["A2"].value == "Tỷ lệ người dân tham gia BHYT đạt 95%"
    assert sheet["F2"].value.date() == dt.date(2024, 6, 30) and sheet["K2"].value == "Có"
    tasks = client.get(f"{PLAN_URL}xuat/nhiem-vu.csv?ngay=15/7/2024").content.decode("utf-8-sig")
    assert tasks.splitlines()[1].startswith("Tuyên truyền vận động mua BHYT,,Nguyễn Văn An")


def test_the_assigned_partial_renders_a_members_seat(plan, commune_official):
    from django.template.loader import render_to_string

    from ntm.planning.models import CommitteeMember
    from ntm.planning.selectors import assigned_to

    CommitteeMember.objects.update(user=commune_official)
    html = render_to_string("planning/_assigned.html", {"seats": assigned_to(commune_official,
                                                                             day=dt.date(2024, 7, 15))})
    assert "Việc được phân công" in html and "TC 15" in html and "Tuyên truyền vận động mua BHYT" in html
    assert "Quá hạn" in html


def test_every_demo_plan_page_and_the_overdue_list_open(demo, signed_in, make_user):
    admin = make_user("quan_tri", is_superuser=True)
    client = signed_in(admin)
    plans = list(Plan.objects.select_related("unit"))
    assert plans, "the demo holds the seeds' plans"
    for plan in plans:
        for url in (f"/don-vi/{plan.unit.key}/ke-hoach/{plan.year}/?phien-ban={plan.version}",
                    f"/don-vi/{plan.unit.key}/ke-hoach/", f"/don-vi/{plan.unit.key}/ban-chi-dao/"):
            assert client.get(url).status_code == 200, url
    assert client.get("/viec-qua-han/").status_code == 200
