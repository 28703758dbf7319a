"""`ntm remind`: in-app reminders and e-mail for reports soon due or overdue, never twice a day."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from ntm.common.errors import NotFound
from ntm.monitoring.models import Reminder
from ntm.monitoring.reporting import mark_reminders_read, members_to_contact, reminders_for

from .test_reporting import Q1, submit

pytestmark = pytest.mark.django_db
DAY = "2024-04-08"  # the villages' Q1 report was due on 5/4/2024


@pytest.fixture
def villages(unit, make_user, commune_official):
    """Cẩm Ngọc: Sóng reported Q1 on time; Sành did not. Sành's board has an account with an address,
    and a steering-committee member without an account follows Sành."""
    from ntm.geo.services import create_village
    from ntm.planning.models import Body, CommitteeMember

    cam_ngoc = unit("legacy:15169")
    song, sanh = (create_village(actor=None, commune=cam_ngoc, name=n) for n in ("Sóng", "Sành"))
    submit(song, Q1, dt.date(2024, 4, 3))
    board = make_user("ban_sanh", sanh, "village_board", email="ban.sanh@example.vn")
    member = CommitteeMember.objects.create(unit=cam_ngoc, body=Body.STEERING, name="Lê Văn Hùng",
                                            contact="0912 345 678")
    member.villages.add(sanh)
    return {"commune": cam_ngoc, "song": song, "sanh": sanh, "board": board, "member": member,
            "official": commune_official}


@pytest.fixture(autouse=True)
def mailer(settings):
    """E-mail configured (a locmem mailer): the test settings run without NTM_SMTP_HOST."""
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def remind(*args):
    out = io.StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


def test_overdue_village_report_reminds_its_board_the_commune_and_lists_the_member(villages, mailoutbox):
    text = remind("--date", DAY)
    q1 = Reminder.objects.filter(unit=villages["sanh"], period_key="2024-Q1")
    assert set(q1.filter(channel="in_app").values_list("recipient__username", flat=True)) == {
        "ban_sanh", "can_bo_cam_ngoc"}
    assert q1.get(channel="contact").member == villages["member"]
    assert "quá hạn 3 ngày (hạn 5/4/2024)" in q1.filter(channel="in_app").first().message
    assert not Reminder.objects.filter(unit=villages["song"], period_key="2024-Q1").exists()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ban.sanh@example.vn"]
    assert "quý 1 năm 2024" in mailoutbox[0].body
    assert "Ngày 8/4/2024:" in text and "Lê Văn Hùng (0912 345 678)" in text


def test_running_twice_the_same_day_creates_and_sends_nothing_new(villages, mailoutbox):
    remind("--date", DAY)
    count = Reminder.objects.count()
    text = remind("--date", DAY)
    assert Reminder.objects.count() == count and len(mailoutbox) == 1
    assert "Đã tạo 0 nhắc việc trong ứng dụng, đã gửi 0 thư" in text


def test_the_next_day_reminds_again(villages, mailoutbox):
    remind("--date", DAY)
    remind("--date", "2024-04-09")
    assert Reminder.objects.filter(unit=villages["sanh"], period_key="2024-Q1", channel="in_app",
                                   recipient=villages["board"]).count() == 2


def test_a_dry_run_writes_and_sends_nothing(villages, mailoutbox):
    text = remind("--date", DAY, "--dry-run")
    assert not Reminder.objects.exists() and not mailoutbox and "Sẽ tạo" in text


def test_a_soon_due_report_reminds_only_the_village_board(villages, mailoutbox):
    remind("--date", "2024-04-03")  # Q1 due in 2 days
    q1 = Reminder.objects.filter(unit=villages["sanh"], period_key="2024-Q1", channel="in_app")
    assert list(q1.values_list("recipient__username", "kind")) == [("ban_sanh", "soon")]


def test_a_bad_date_is_refused_naming_the_field(villages):
    from ntm.cli import main

    assert main(["remind", "--date", "8/4/2024"]) == 2


def test_the_user_sees_and_marks_read_only_their_own_reminders(villages, mailoutbox, outsider):
    remind("--date", DAY)
    mine = reminders_for(villages["board"])
    assert mine and all(r.recipient == villages["board"] for r in mine)
    with pytest.raises(NotFound):
        mark_reminders_read(actor=outsider, ids=[mine[0].pk])
    assert mark_reminders_read(actor=villages["board"], ids=[mine[0].pk]) == 1
    assert mine[0].pk not in [r.pk for r in reminders_for(villages["board"])]
    assert [r.member.name for r in members_to_contact(villages["official"])][:1] == ["Lê Văn Hùng"]
    assert members_to_contact(outsider) == []


def test_without_a_mailer_reminders_stay_in_the_app(villages, mailoutbox, settings):
    settings.MAILERS = {}
    text = remind("--date", DAY)
    assert not mailoutbox and not Reminder.objects.filter(channel="email").exists()
    assert Reminder.objects.filter(channel="in_app").exists() and "Chưa cấu hình máy chủ thư" in text
