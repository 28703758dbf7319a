"""The reporting regime: schedule, completeness and timeliness, the not-reported list, reminders.

A village's report is its values for the period submitted through the review step
(monitoring.review); nothing here submits anything.
"""

from .province import SORTS, CommuneRow, ProvinceReports, province_reports
from .reminders import RemindResult, mark_reminders_read, members_to_contact, reminders_for, reports_due, send_reminders
from .responsible import Responsible, responsible_for
from .schedule import Rule, may_edit_schedule, province_of, rule_for, schedule_for, set_schedule_rule
from .status import TIMELINESS_VI, ReportStatus, Tally, Timeliness, VillageReports, judge, village_reports

__all__ = ["SORTS", "TIMELINESS_VI", "CommuneRow", "ProvinceReports", "RemindResult", "ReportStatus", "Responsible",
           "Rule", "Tally", "Timeliness", "VillageReports", "judge", "mark_reminders_read", "may_edit_schedule",
           "members_to_contact", "province_of", "province_reports", "reminders_for", "reports_due",
           "responsible_for", "rule_for", "schedule_for", "send_reminders", "set_schedule_rule", "village_reports"]
