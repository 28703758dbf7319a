"""Reminders of reports soon due or overdue: in the app, by e-mail, and for members without an account
a list the commune official calls. `ntm remind` runs `send_reminders` once a day (cron, systemd timer).

Idempotent: the Reminder constraints allow one row per report, recipient, day and channel, and only
new rows are written and mailed, so a second run on the same day does nothing.
- Soon due (within `soon_days`, data/schedule.yaml): the unit's own body (village board, commune officials).
- Overdue (by at most `overdue_days`): the same, and for a village also its commune's officials.
- A committee member without an account: a "contact" row listed for the commune; mailed when the
  member's contact holds an e-mail address.
E-mail goes through Django's default mailer: SMTP when NTM_SMTP_HOST is set, the console under NTM_DEBUG;
with no mailer configured, no e-mail is planned (and the summary says so).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ntm.common.errors import NotFound
from ntm.common.formats import format_date
from ntm.common.models import Role
from ntm.common.scope import visible_units
from ntm.geo.models import Level, Unit

from ..models import Reminder, ReminderChannel, ReminderKind, ReportLevel
from ..periods import Period, PeriodKind
from .responsible import Responsible, commune_officials, responsible_for
from .schedule import periods_due_between, reminder_window, schedule_for
from .status import owing_units, received_at

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Due:
    """A report not received yet, soon due or overdue on `day`."""

    unit: Unit
    period: Period
    due_date: dt.date
    day: dt.date

    @property
    def kind(self) -> str:
        return ReminderKind.OVERDUE if self.day > self.due_date else ReminderKind.SOON

    def message(self, people: list[Responsible]) -> str:
        """«Thôn Sóng (Xã Cẩm Ngọc): chưa gửi báo cáo quý 1 năm 2024, quá hạn 5 ngày (hạn 5/4/2024).»"""
        who = f"{self.unit.name} ({self.unit.parent.name})" if self.unit.level == Level.VILLAGE else self.unit.name
        if self.kind == ReminderKind.OVERDUE:
            text = (f"{who}: chưa gửi báo cáo {self.period.label_vi}, quá hạn {(self.day - self.due_date).days} ngày "
                    f"(hạn {format_date(self.due_date)}).")
        else:
            left = (self.due_date - self.day).days
            when = "hôm nay" if left == 0 else f"còn {left} ngày"
            text = f"{who}: báo cáo {self.period.label_vi} đến hạn ngày {format_date(self.due_date)} ({when})."
        named = [f"{p.name}{f' ({p.contact})' if p.contact else ''}" for p in people]
        return text + (f" Người phụ trách: {', '.join(named)}." if named else "")


@dataclass
class RemindResult:
    """What a run did (or would do, with `dry_run`)."""

    day: dt.date
    dry_run: bool
    soon: int = 0
    overdue: int = 0
    in_app: int = 0
    emails: int = 0
    email_failures: int = 0
    already: int = 0
    email_off: bool = False
    nobody: int = 0  # reports with no one to remind (no board account, no member assigned)
    contacts: list[str] = field(default_factory=list)

    def summary_vi(self) -> str:
        verb = "sẽ tạo" if self.dry_run else "đã tạo"
        lines = [f"Ngày {format_date(self.day)}: {self.overdue} báo cáo quá hạn, {self.soon} báo cáo sắp đến hạn.",
                 f"{verb.capitalize()} {self.in_app} nhắc việc trong ứng dụng, "
                 f"{'sẽ gửi' if self.dry_run else 'đã gửi'} {self.emails} thư; "
                 f"{self.already} nhắc việc đã có hôm nay (không nhắc lại).",
                 f"Báo cáo không có ai để nhắc (thôn chưa có tài khoản, chưa phân công thành viên): {self.nobody}.",
                 f"Thành viên chưa có tài khoản, xã cần liên hệ trực tiếp: {len(self.contacts)}."]
        lines += [f"  - {c}" for c in self.contacts]
        if self.email_off:
            lines.append("Chưa cấu hình máy chủ thư (NTM_SMTP_HOST): chỉ nhắc trong ứng dụng.")
        if self.email_failures:
            lines.append(f"Không gửi được {self.email_failures} thư (xem ntm.log); sẽ thử lại ở lần chạy sau.")
        return "\n".join(lines)


def _candidates(level: str) -> QuerySet[Unit]:
    """Villages (each owes its commune), and communes with an official to remind."""
    if level == ReportLevel.VILLAGE:
        return Unit.objects.filter(level=Level.VILLAGE).select_related("parent")
    holders = Unit.objects.filter(level=Level.COMMUNE, memberships__role=Role.COMMUNE_OFFICIAL)
    return Unit.objects.filter(pk__in=holders.values("pk"))


def reports_due(day: dt.date) -> list[Due]:
    """Every report not received that is due within the reminder window around `day`."""
    soon_days, overdue_days = reminder_window()
    found = []
    for level in ReportLevel.values:
        units = _candidates(level)
        for code in sorted(set(units.values_list("province_code", flat=True))):
            for rule in schedule_for(code):
                if rule.level != level or not rule.active:
                    continue
                for period in periods_due_between(PeriodKind(rule.frequency), rule.due_days,
                                                  day - dt.timedelta(days=overdue_days),
                                                  day + dt.timedelta(days=soon_days)):
                    owing = owing_units(units.filter(province_code=code), level, period)
                    arrived = received_at(owing, period)
                    found += [Due(u, period, rule.due_date(period), day) for u in owing if u.pk not in arrived]
    return found


@dataclass(frozen=True)
class Planned:
    due: Due
    channel: str
    message: str
    user: Any = None
    member: Any = None
    address: str = ""

    @property
    def key(self) -> tuple[int, str, int | None, int | None, str]:
        return (self.due.unit.pk, self.due.period.key, getattr(self.user, "pk", None),
                getattr(self.member, "pk", None), self.channel)


def email_configured() -> bool:
    """Whether a default mailer is set (settings.MAILERS, from NTM_SMTP_HOST or NTM_DEBUG)."""
    return "default" in getattr(settings, "MAILERS", {})


def _plan_for(due: Due, people: list[Responsible], officials: list[Any]) -> list[Planned]:
    text = due.message(people)
    planned = []
    users = [p.user for p in people if p.user is not None]
    if due.kind == ReminderKind.OVERDUE and due.unit.level == Level.VILLAGE:
        users += [u for u in officials if u not in users]
    for user in users:
        planned.append(Planned(due, ReminderChannel.IN_APP, text, user=user))
        if user.email:
            planned.append(Planned(due, ReminderChannel.EMAIL, text, user=user, address=user.email))
    for person in people:
        if person.user is None and person.member is not None:
            planned.append(Planned(due, ReminderChannel.CONTACT, text, member=person.member))
            if person.email:
                planned.append(Planned(due, ReminderChannel.EMAIL, text, member=person.member, address=person.email))
    return planned


def plan_reminders(dues: list[Due]) -> list[Planned]:
    """Every reminder these reports call for, before removing those already written."""
    people: dict[tuple[int, str], list[Responsible]] = {}
    by_period: dict[Period, list[Unit]] = defaultdict(list)
    for due in dues:
        by_period[due.period].append(due.unit)
    for period, units in by_period.items():
        for unit_id, found in responsible_for(units, period).items():
            people[unit_id, period.key] = found
    officials = commune_officials({d.unit.parent for d in dues if d.unit.level == Level.VILLAGE})
    planned = []
    for due in dues:
        planned += _plan_for(due, people.get((due.unit.pk, due.period.key), []), officials.get(due.unit.parent_id, []))
    return planned


def _existing(day: dt.date) -> set[tuple[int, str, int | None, int | None, str]]:
    return set(Reminder.objects.filter(day=day).values_list("unit_id", "period_key", "recipient_id", "member_id",
                                                             "channel"))


def send_reminders(*, day: dt.date | None = None, dry_run: bool = False) -> RemindResult:
    """Write the day's new reminders and mail the new e-mail ones; with `dry_run`, only count them."""
    day = day or timezone.localdate()
    dues = reports_due(day)
    planned, existing = plan_reminders(dues), _existing(day)
    new = [p for p in planned if p.key not in existing]
    result = RemindResult(day, dry_run, already=len(planned) - len(new))
    result.overdue = sum(d.kind == ReminderKind.OVERDUE for d in dues)
    result.soon = len(dues) - result.overdue
    reached = {(p.due.unit.pk, p.due.period.key) for p in planned}
    result.nobody = sum((d.unit.pk, d.period.key) not in reached for d in dues)
    result.in_app = sum(p.channel == ReminderChannel.IN_APP for p in new)
    result.contacts = [f"{p.member.name}{f' ({p.member.contact})' if p.member.contact else ''}: {p.message}"
                       for p in new if p.channel == ReminderChannel.CONTACT]
    if not email_configured():
        new = [p for p in new if p.channel != ReminderChannel.EMAIL]
        result.email_off = True
    mails = [p for p in new if p.channel == ReminderChannel.EMAIL]
    if dry_run:
        result.emails = len({p.address for p in mails})
        return result
    with transaction.atomic():
        Reminder.objects.bulk_create([_row(p, day) for p in new])
    result.emails, result.email_failures = _mail(mails, day)
    return result


def _row(p: Planned, day: dt.date) -> Reminder:
    return Reminder(unit=p.due.unit, period_key=p.due.period.key, due_date=p.due.due_date, kind=p.due.kind,
                    recipient=p.user, member=p.member, day=day, channel=p.channel, address=p.address,
                    message=p.message)


def _mail(mails: list[Planned], day: dt.date) -> tuple[int, int]:
    """One message per address listing its reports; a failed address's rows are removed (retried next run)."""
    by_address: dict[str, list[Planned]] = defaultdict(list)
    for p in mails:
        by_address[p.address].append(p)
    sent = failed = 0
    for address, items in by_address.items():
        body = "\n".join(f"- {p.message}" for p in items)
        try:
            send_mail(f"[ntm] Nhắc báo cáo ngày {format_date(day)}", f"Kính gửi,\n\n{body}\n\nHệ thống ntm.",
                      settings.DEFAULT_FROM_EMAIL, [address])
            sent += 1
        except (smtplib.SMTPException, OSError):
            log.exception("reminder e-mail to %s failed", address)
            Reminder.objects.filter(day=day, channel=ReminderChannel.EMAIL, address=address).delete()
            failed += 1
    return sent, failed


# ---------------------------------------------------------------- what a user sees


def reminders_for(user: Any, *, limit: int = 20) -> list[Reminder]:
    """The user's unread in-app reminders, newest first (for the home page partial reporting/_reminders.html)."""
    if not getattr(user, "is_authenticated", False):
        return []
    rows = Reminder.objects.filter(recipient=user, channel=ReminderChannel.IN_APP, read_at__isnull=True,
                                   unit__in=visible_units(user))
    return list(rows.select_related("unit", "unit__parent")[:limit])


def members_to_contact(user: Any, *, limit: int = 20) -> list[Reminder]:
    """Members without an account whose village's report is late, listed for the commune's officials
    (the latest day's list)."""
    if not getattr(user, "is_authenticated", False):
        return []
    communes = user.memberships.filter(role=Role.COMMUNE_OFFICIAL).values("unit")
    rows = Reminder.objects.filter(Q(unit__parent__in=communes) | Q(unit__in=communes),
                                   channel=ReminderChannel.CONTACT)
    latest = rows.order_by("-day").values_list("day", flat=True).first()
    return list(rows.filter(day=latest).select_related("member", "unit")[:limit]) if latest else []


def mark_reminders_read(*, actor: Any, ids: list[int] | None = None) -> int:
    """Mark the actor's own unread reminders read (these ids, or all when None); NotFound for an id not theirs."""
    own = Reminder.objects.filter(recipient=actor) if getattr(actor, "pk", None) else Reminder.objects.none()
    if ids is not None and own.filter(pk__in=ids).count() != len(set(ids)):
        raise NotFound("không tìm thấy nhắc việc", "reminder not found", field="reminder")
    rows = own.filter(read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    return rows.update(read_at=timezone.now())
