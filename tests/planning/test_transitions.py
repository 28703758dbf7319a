"""Separation of duties on yearly plans, cell by cell: who may edit, issue, close, start a new version of, or
report progress on a plan, by role × plan state × unit level.

Every cell is asserted three ways — the service, the page POST and the API POST — each from a fresh plan that
is rolled back afterwards. A refused cell leaves the plan and the audit log untouched; an allowed cell writes
exactly one audit entry of its action.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client

from ntm.api.models import ApiToken
from ntm.common.errors import BadInput, NotAllowed, NotFound, OutOfScope
from ntm.common.models import AuditEntry, Membership
from ntm.planning import services
from ntm.planning.models import Plan, Task
from ntm.planning.transitions import STEPS, Transition, available_steps

pytestmark = pytest.mark.django_db

CAM_NGOC, CAO_NGOC, THANH_HOA = "legacy:15169", "legacy:15079", "legacy:province:38"
YEAR = 2024

# ── The table ─────────────────────────────────────────────────────────────────────────────────────────
# Each row: actor, unit level → outcomes for (plan state × step), in the order
#   draft:  edit issue close new_version report
#   issued: edit issue close new_version report
#   closed: edit issue close new_version report
# "ok" = allowed; 404 = outside the actor's scope; 403 = in scope but not this body's step (separation of
# duties); 422 = the right body but the wrong state.
STATES = ("draft", "issued", "closed")
STEPS_ORDER = ("edit", "issue", "close", "new_version", "report")
ALL_404, ALL_403 = (404,) * 15, (403,) * 15
DRAFTER_AND_ISSUER = ("ok", "ok", 422, 422, "ok", 422, 422, "ok", "ok", "ok", 422, 422, 422, 422, 422)
CLOSER_ONLY = (403, 403, 422, 403, 403, 403, 403, "ok", 403, 403, 403, 403, 422, 403, 403)
GRID = {
    # the village board drafts its own village's plan and reports on it, never issues nor closes
    ("village_board", "village"): ("ok", 403, 403, 422, "ok", 422, 403, 403, "ok", "ok", 422, 403, 403, 422, 422),
    ("village_board", "commune"): ALL_404,
    # the commune official drafts and issues the commune's plan and its villages' (the level above them)
    ("commune_official", "village"): DRAFTER_AND_ISSUER,
    ("commune_official", "commune"): DRAFTER_AND_ISSUER,
    # the province office reads every plan of its province and may close an issued one
    ("province_office", "village"): CLOSER_ONLY,
    ("province_office", "commune"): CLOSER_ONLY,
    # the administrator role and a superuser read everything and take no step
    ("administrator", "village"): ALL_403,
    ("administrator", "commune"): ALL_403,
    ("superuser", "village"): ALL_403,
    ("superuser", "commune"): ALL_403,
    # another commune's official sees neither
    ("outsider", "village"): ALL_404,
    ("outsider", "commune"): ALL_404,
}
AUDIT_OF = {"edit": "planning.target.saved", "issue": "planning.plan.issued", "close": "planning.plan.closed",
            "new_version": "planning.plan.new_version", "report": "planning.task.progress"}




def _rows():
    for (actor, level), outcomes in GRID.items():
        cells = iter(outcomes)
        for state in STATES:
            for step in STEPS_ORDER:
                yield pytest.param(actor, level, state, step, next(cells), id=f"{actor}-{level}-{state}-{step}")


# ── Helpers ───────────────────────────────────────────────────────────────────────────────────────────
def _user(name, *roles, **extra):
    user = User.objects.create(username=name, **extra)
    for unit_obj, role in roles:
        Membership.objects.create(user=user, unit=unit_obj, role=role)
    return user


@pytest.fixture
def make_actor(unit, village):
    def make(name):
        return {
            "village_board": lambda: _user(name, (village, "village_board")),
            "commune_official": lambda: _user(name, (unit(CAM_NGOC), "commune_official")),
            "province_office": lambda: _user(name, (unit(THANH_HOA), "province_office")),
            "administrator": lambda: _user(name, (unit(THANH_HOA), "administrator")),
            "superuser": lambda: _user(name, is_superuser=True, is_staff=True),
            "outsider": lambda: _user(name, (unit(CAO_NGOC), "commune_official")),
        }[name]()
    return make


@contextmanager
def undone():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def plan_in(unit_obj, state):
    """A plan of the unit in `state`, with one target and one task, set up by the system."""
    plan = Plan.objects.create(unit=unit_obj, year=YEAR, title="Kế hoạch NTM 2024", state=state,
                               number="" if state == "draft" else "45/KH-UBND",
                               issued_on=None if state == "draft" else dt.date(YEAR, 2, 15))
    plan.targets.create(kind="criterion", criterion=15, deadline=dt.date(YEAR, 12, 31))
    plan.tasks.create(title="Tuyên truyền BHYT", deadline=dt.date(YEAR, 6, 30))
    return plan


def via_service(actor, plan, step):
    calls = {
        "edit": lambda: services.save_target(actor=actor, plan=plan, data={
            "kind": "criterion", "criterion": 6, "deadline": dt.date(YEAR, 6, 30)}),
        "issue": lambda: services.issue_plan(actor=actor, plan=plan, number="46/KH-UBND",
                                             issued_on=dt.date(YEAR, 3, 1)),
        "close": lambda: services.close_plan(actor=actor, plan=plan),
        "new_version": lambda: services.start_new_version(actor=actor, plan=plan),
        "report": lambda: services.report_task_progress(actor=actor, task=plan.tasks.get(), status="in_progress",
                                                        progress_pct=50),
    }
    try:
        calls[step]()
    except (NotFound, OutOfScope):
        return 404
    except NotAllowed:
        return 403
    except BadInput:
        return 422
    return "ok"


def via_page(client, plan, step):
    base = f"/don-vi/{plan.unit.key}/ke-hoach/{YEAR}/"
    task = Task.objects.get(plan=plan)
    posts = {
        "edit": (f"{base}muc-tieu/", {"kind": "criterion", "criterion": "6", "deadline": "30/6/2024"}),
        "issue": (f"{base}thao-tac/", {"step": "issue", "number": "46/KH-UBND", "issued_on": "1/3/2024"}),
        "close": (f"{base}thao-tac/", {"step": "close"}),
        "new_version": (f"{base}thao-tac/", {"step": "new_version"}),
        "report": (f"{base}nhiem-vu/{task.pk}/tien-do/", {"status": "in_progress", "progress_pct": "50"}),
    }
    url, data = posts[step]
    response = client.post(url, data)
    if response.status_code == 302:
        assert response.url.startswith(f"/don-vi/{plan.unit.key}/ke-hoach/"), response.url
        return "ok"
    return response.status_code


def via_api(token, plan, step):
    task = Task.objects.get(plan=plan)
    posts = {
        "edit": (f"/api/plans/{plan.pk}/targets", {"kind": "criterion", "criterion": 6, "deadline": "2024-06-30"}),
        "issue": (f"/api/plans/{plan.pk}/issue", {"number": "46/KH-UBND", "issued_on": "2024-03-01"}),
        "close": (f"/api/plans/{plan.pk}/close", {}),
        "new_version": (f"/api/plans/{plan.pk}/new-version", {}),
        "report": (f"/api/tasks/{task.pk}/progress", {"status": "in_progress", "progress_pct": 50}),
    }
    url, data = posts[step]
    response = Client().post(url, data, content_type="application/json",
                             headers={"Authorization": f"Bearer {token}"})
    if response.status_code == 200:
        return "ok"
    assert response.json()["code"], response.content
    return response.status_code


# ── Every cell, three ways ────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(("actor_name", "level", "state", "step", "expected"), list(_rows()))
def test_plan_cell(client, unit, village, make_actor, actor_name, level, state, step, expected):
    actor = make_actor(actor_name)
    unit_obj = village if level == "village" else unit(CAM_NGOC)
    token = ApiToken.issue(actor, "test")[1]
    client.force_login(actor)
    interfaces = {"service": lambda p: via_service(actor, p, step), "page": lambda p: via_page(client, p, step),
                  "api": lambda p: via_api(token, p, step)}
    for name, call in interfaces.items():
        with undone():
            plan = plan_in(unit_obj, state)
            audits = AuditEntry.objects.count()
            outcome = call(plan)
            assert outcome == expected, f"{name}: {outcome} (expected {expected})"
            plan.refresh_from_db()
            if expected != "ok":
                assert plan.state == state and plan.revision == 1, name
                assert AuditEntry.objects.count() == audits, name
                continue
            assert AuditEntry.objects.count() == audits + 1, name
            entry = AuditEntry.objects.latest("pk")
            assert (entry.action, entry.actor, entry.unit_code) == (AUDIT_OF[step], actor, unit_obj.key), name


def test_the_grid_covers_every_actor_and_level_with_fifteen_cells():
    actors = ("village_board", "commune_official", "province_office", "administrator", "superuser", "outsider")
    assert set(GRID) == {(a, lv) for a in actors for lv in ("village", "commune")}
    assert all(len(cells) == len(STATES) * len(STEPS_ORDER) for cells in GRID.values())
    assert set(STEPS_ORDER) == {t.value for t in Transition} == set(STEPS)


@pytest.mark.parametrize(("actor_name", "level"), [k for k, v in GRID.items() if v not in (ALL_404,)])
def test_the_page_offers_exactly_the_allowed_steps(unit, village, make_actor, actor_name, level):
    actor = make_actor(actor_name)
    unit_obj = village if level == "village" else unit(CAM_NGOC)
    cells = iter(GRID[(actor_name, level)])
    for state in STATES:
        allowed = {step for step in STEPS_ORDER if next(cells) == "ok"}
        assert {t.value for t in available_steps(actor, unit_obj, state)} == allowed, state
