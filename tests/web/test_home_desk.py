"""The home page gathers a user's work: reminders owed, and what is assigned to them as a committee member."""

import datetime as dt

import pytest

from ntm.monitoring.models import Reminder
from ntm.planning.models import Body, CommitteeMember

pytestmark = pytest.mark.django_db


def test_a_member_sees_the_criteria_and_villages_assigned_to_them(demo, signed_in, make_user, unit):
    commune = unit("legacy:15169")
    user = make_user("pho_chu_tich", commune, "commune_official")
    member = CommitteeMember.objects.create(unit=commune, body=Body.STEERING, name="Nguyễn Văn A",
                                            position="Phó Chủ tịch UBND xã", user=user, criteria=["15", "17"])
    member.villages.add(commune.children.get(name__contains="Song Nga"))
    html = signed_in(user).get("/").content.decode()
    assert 'id="assigned"' in html and "Việc được phân công" in html
    section = html.split('id="assigned"', 1)[1].split("</section>", 1)[0]
    assert "Ban Chỉ đạo xã" in section and "Song Nga" in section and "TC 15" in section, section


def test_unread_reminders_show_on_home_and_others_do_not(demo, signed_in, make_user, unit):
    village = unit("legacy:15169").children.get(name__contains="Song Nga")
    board = make_user("ban_song_nga_2", village, "village_board")
    other = make_user("ban_khac", unit("legacy:15079"), "commune_official")
    Reminder.objects.create(unit=village, period_key="2024-Q1", due_date=dt.date(2024, 4, 5), kind="overdue",
                            recipient=board, day=dt.date(2024, 4, 8), channel="in_app",
                            message="Thôn Song Nga chưa gửi báo cáo quý 1 năm 2024")
    assert "chưa gửi báo cáo quý 1 năm 2024" in signed_in(board).get("/").content.decode()
    assert "chưa gửi báo cáo quý 1 năm 2024" not in signed_in(other).get("/").content.decode()
