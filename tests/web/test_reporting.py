"""The reporting pages: a commune's village reports, a province's completeness, the schedule, reminders."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string

from ntm.monitoring.models import Reminder
from ntm.monitoring.periods import Period
from ntm.monitoring.reporting import reminders_for, rule_for
from ntm.monitoring.review import Transition, move_review

pytestmark = pytest.mark.django_db
Q1 = Period.parse("2024-Q1")
CAM_NGOC = "legacy:15169"
THANH_HOA = "legacy:province:38"


def submit(village, on: dt.date):
    at = dt.datetime(on.year, on.month, on.day, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(at, tick=False):
        move_review(actor=None, unit=village, family="th-41-2022-thon", period=Q1, transition=Transition.SUBMIT)


@pytest.fixture
def villages(unit):
    """Cẩm Ngọc's Sóng on time, Kim 5 days late, Sành missing (Q1 2024 due 5/4/2024); a member follows Sành."""
    from ntm.geo.services import create_village
    from ntm.planning.models import Body, CommitteeMember

    cam_ngoc = unit(CAM_NGOC)
    song, kim, sanh = (create_village(actor=None, commune=cam_ngoc, name=n) for n in ("Sóng", "Kim", "Sành"))
    submit(song, dt.date(2024, 4, 3))
    submit(kim, dt.date(2024, 4, 10))
    member = CommitteeMember.objects.create(unit=cam_ngoc, body=Body.STEERING, name="Lê Văn Hùng",
                                            position="Phó Chủ tịch UBND xã", contact="0912 345 678")
    member.villages.add(sanh)
    return {"song": song, "kim": kim, "sanh": sanh}


def test_commune_page_shows_received_late_and_the_not_reported_list(villages, signed_in, commune_official):
    page = signed_in(commune_official).get(f"/don-vi/{CAM_NGOC}/bao-cao-thon/?ky=2024-Q1")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="received">2/3' in html and 'id="completeness">66,7%' in html and 'id="due">5/4/2024' in html
    assert "trễ 5 ngày" in html and 'id="late">1' in html
    missing = html[html.index('id="missing"'):]
    assert "Sành" in missing and "Lê Văn Hùng" in missing and "0912 345 678" in missing and "Sóng" not in missing


def test_commune_page_exports_its_rows(villages, signed_in, commune_official):
    response = signed_in(commune_official).get(f"/don-vi/{CAM_NGOC}/bao-cao-thon/?ky=2024-Q1&xuat=csv")
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and "Kim" in text and "Trễ hạn" in text and "Lê Văn Hùng" in text


def test_an_outsider_gets_404_on_every_reporting_page(villages, signed_in, outsider):
    client = signed_in(outsider)
    assert client.get(f"/don-vi/{CAM_NGOC}/bao-cao-thon/?ky=2024-Q1").status_code == 404
    assert client.get(f"/tinh/{THANH_HOA}/bao-cao/?ky=2024-Q1").status_code == 404


def test_a_period_the_villages_do_not_owe_says_so(villages, signed_in, commune_official, province_office):
    from ntm.monitoring.reporting import set_schedule_rule

    set_schedule_rule(actor=province_office, province_code="38", level="village", frequency="9m", due_days=5,
                      active=False)
    html = signed_in(commune_official).get(f"/don-vi/{CAM_NGOC}/bao-cao-thon/?ky=2024-9M").content.decode()
    assert 'id="no-rule"' in html


def test_province_page_counts_each_commune_and_sorts(villages, signed_in, province_office):
    client = signed_in(province_office)
    page = client.get(f"/tinh/{THANH_HOA}/bao-cao/?ky=2024-Q1&sap=thon")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="villages-received">2/3' in html and "2/3 (66,7%)" in html
    assert 'id="own-received">0/' in html  # no commune submitted its own Q1 report
    first_row = html[html.index('id="communes-table"'):].split("<tr>")[2]
    assert "Xã Cẩm Ngọc" in first_row  # lowest village completeness first (the others have no villages)


def test_province_page_exports_csv_and_xlsx(villages, signed_in, province_office):
    client = signed_in(province_office)
    csv_text = client.get(f"/tinh/{THANH_HOA}/bao-cao/?ky=2024-Q1&xuat=csv").content.decode("utf-8-sig")
    line = next(row for row in csv_text.splitlines() if row.startswith("Xã Cẩm Ngọc"))
    assert line.endswith(",3,2,1,1,1,66.7")
    xlsx = client.get(f"/tinh/{THANH_HOA}/bao-cao/?ky=2024-Q1&xuat=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_province_office_edits_the_schedule_and_a_commune_cannot(signed_in, province_office, commune_official):
    form = {"level": "village", "frequency": "quarter", "due_days": "10", "active": "on", "revision": "0",
            "note": "Công văn số 12/VPĐP"}
    assert 'id="editable"' in signed_in(province_office).get("/che-do-bao-cao/").content.decode()
    assert signed_in(province_office).post("/che-do-bao-cao/", form).status_code == 302
    assert rule_for("village", Q1, "38").due_days == 10
    official = signed_in(commune_official)
    assert 'id="editable"' not in official.get("/che-do-bao-cao/").content.decode()
    assert official.post("/che-do-bao-cao/", {**form, "revision": "1", "due_days": "1"}).status_code == 403
    stale = signed_in(province_office).post("/che-do-bao-cao/", {**form, "due_days": "12"})
    assert stale.status_code == 409 and rule_for("village", Q1, "38").due_days == 10


def test_reminders_partial_and_marking_read_is_scoped(villages, signed_in, make_user, rf):
    from django.core.management import call_command

    board = make_user("ban_sanh", villages["sanh"], "village_board")
    other = make_user("ban_song", villages["song"], "village_board")
    call_command("remind", "--date", "2024-04-08", stdout=io.StringIO())
    mine = reminders_for(board)
    request = rf.get("/")
    request.user = board
    html = render_to_string("reporting/_reminders.html", {"reminders": mine}, request=request)
    assert f'id="reminder-{mine[0].pk}"' in html and "quá hạn 3 ngày" in html
    assert signed_in(other).post(f"/nhac-viec/{mine[0].pk}/da-xem/").status_code == 404
    assert signed_in(board).post(f"/nhac-viec/{mine[0].pk}/da-xem/", {"next": "/"}).status_code == 302
    assert Reminder.objects.get(pk=mine[0].pk).read_at is not None
    assert signed_in(board).get(f"/nhac-viec/{mine[0].pk}/da-xem/").status_code == 405


def test_demo_cao_ngoc_villages_did_not_report_q1_2024_as_its_report_says(demo, signed_in, make_user, unit):
    """Seed 000 (báo cáo quý 1/2024 of Cao Ngọc): "Tất cả các thôn không chấp hành việc báo cáo"."""
    official = make_user("can_bo_cao_ngoc_demo", unit("legacy:15079"), "commune_official")
    html = signed_in(official).get("/don-vi/legacy:15079/bao-cao-thon/?ky=2024-Q1").content.decode()
    assert 'id="received">0/3' in html and "Chò Tráng" in html[html.index('id="missing"'):]
