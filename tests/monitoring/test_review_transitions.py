"""Separation of duties in the review workflow, cell by cell: who may take which step from which state.

Every cell of the table below is asserted three ways — the service move_review, the review page POST and
the API POST — each from a freshly set-up start state that is rolled back afterwards. A refused cell must
leave the state, the review history and the audit log untouched; an allowed cell must move the state and
write one ReviewEvent (with the reason) and one AuditEntry (monitoring.period_review.<transition>).
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client

from ntm.api.models import ApiToken
from ntm.common.errors import BadInput, Locked, NotAllowed, NotFound, OutOfScope
from ntm.common.models import AuditEntry, Membership
from ntm.criteria.catalog import family_of
from ntm.geo.services import create_village
from ntm.monitoring.models import ReviewEvent
from ntm.monitoring.periods import Period
from ntm.monitoring.review import MOVES, Transition, move_review, review_of
from ntm.monitoring.selectors import evaluate_unit
from ntm.monitoring.services import Target, record_observation
from ntm.monitoring.sets import choose_set

pytestmark = pytest.mark.django_db

CAM_NGOC, CAO_NGOC = "legacy:15169", "legacy:15079"
THANH_HOA, OTHER_PROVINCE = "legacy:province:38", "legacy:province:51"
SET_OF = {"commune": "th-32-2022", "village": "th-41-2022-thon"}
PERIOD = "2024-Q1"
REASON = "Số liệu BHYT cần đối chiếu lại"

# ── The table ─────────────────────────────────────────────────────────────────────────────────────────
# Each grid row: actor, unit → outcomes for (start state × transition), in the order
#   draft:     submit  approve  send_back  reopen
#   submitted: submit  approve  send_back  reopen
#   approved:  submit  approve  send_back  reopen
# "ok" = allowed; 404 = the unit is outside the actor's scope; 403 = in scope but not this body's step;
# 422 = the right body but the wrong state. States are set up by the system (actor None), so nobody here
# is the submitter; a reason is always sent.
STATES = ("draft", "submitted", "approved")
TRANSITIONS = ("submit", "approve", "send_back", "reopen")
ALL_404 = (404,) * 12
GRID = {
    # the village board submits its own village, nothing else
    ("village_board", "village"): ("ok", 403, 403, 403, 422, 403, 403, 403, 422, 403, 403, 403),
    ("village_board", "commune"): ALL_404,
    # the commune official submits the commune and reviews (approve / send back) its villages
    ("commune_official", "village"): (403, 422, 422, 403, 403, "ok", "ok", 403, 403, 422, 422, 403),
    ("commune_official", "commune"): ("ok", 403, 403, 403, 422, 403, 403, 403, 422, 403, 403, 403),
    # another commune's official sees neither
    ("other_commune_official", "village"): ALL_404,
    ("other_commune_official", "commune"): ALL_404,
    # the province office reviews communes, and alone reopens (communes and villages)
    ("province_office", "village"): (403, 403, 403, 422, 403, 403, 403, 422, 403, 403, 403, "ok"),
    ("province_office", "commune"): (403, 422, 422, 422, 403, "ok", "ok", 422, 403, 422, 422, "ok"),
    # another province's office sees neither
    ("other_province_office", "village"): ALL_404,
    ("other_province_office", "commune"): ALL_404,
    # a superuser sees everything but takes no review step
    ("superuser", "village"): (403,) * 12,
    ("superuser", "commune"): (403,) * 12,
}
# Rows outside the grid: (actor, unit, start state, transition, reason, expected).
# "self_reviewer" is one user who is the village board of the village, a commune official of Cẩm Ngọc and
# the province office of Thanh Hóa: it submits both units as their own body, and is the level above both.
# In "submitted_by_self" the submission was made by that same user.
EXTRA = [
    ("self_reviewer", "village", "submitted_by_self", "approve", REASON, 403),
    ("self_reviewer", "village", "submitted_by_self", "send_back", REASON, 403),
    ("self_reviewer", "commune", "submitted_by_self", "approve", REASON, 403),
    ("self_reviewer", "commune", "submitted_by_self", "send_back", REASON, 403),
    # the control: the same user may review a submission somebody else made
    ("self_reviewer", "village", "submitted", "approve", REASON, "ok"),
    ("self_reviewer", "commune", "submitted", "approve", REASON, "ok"),
    # a reason is required to send back and to reopen, not to submit or approve
    ("commune_official", "village", "submitted", "send_back", "", 422),
    ("province_office", "commune", "submitted", "send_back", "", 422),
    ("province_office", "commune", "submitted", "send_back", "   ", 422),
    ("province_office", "village", "approved", "reopen", "", 422),
    ("province_office", "commune", "approved", "reopen", "", 422),
    ("commune_official", "commune", "draft", "submit", "", "ok"),
    ("province_office", "commune", "submitted", "approve", "", "ok"),
]
# Cells the code gets wrong (none known): {row id: reason}; they run as strict xfail.
KNOWN_WRONG: dict[str, str] = {}


def _rows():
    for (actor, unit_kind), outcomes in GRID.items():
        cells = iter(outcomes)
        for state in STATES:
            for transition in TRANSITIONS:
                yield actor, unit_kind, state, transition, REASON, next(cells)
    yield from EXTRA


def _row_id(actor, unit_kind, state, transition, reason, _expected):
    suffix = "" if reason == REASON else "-no_reason"
    return f"{actor}-{unit_kind}-{state}-{transition}{suffix}"


def _params():
    for row in _rows():
        row_id = _row_id(*row)
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[row_id])] if row_id in KNOWN_WRONG else []
        yield pytest.param(*row, id=row_id, marks=marks)


ROWS = list(_params())


# ── Helpers ───────────────────────────────────────────────────────────────────────────────────────────
@pytest.fixture
def village(unit):
    return create_village(actor=None, commune=unit(CAM_NGOC), name="Thôn Phúc Lâm")


@pytest.fixture
def units(unit, village):
    return {"commune": unit(CAM_NGOC), "village": village}


def _user(username, *roles, **extra):
    """A user (no password hashing: this file creates about 160) with (unit, role) memberships."""
    user = User.objects.create(username=username, **extra)
    for unit_obj, role in roles:
        Membership.objects.create(user=user, unit=unit_obj, role=role)
    return user


@pytest.fixture
def make_actor(unit, village):
    def make(name):
        commune = unit(CAM_NGOC)
        return {
            "village_board": lambda: _user(name, (village, "village_board")),
            "commune_official": lambda: _user(name, (commune, "commune_official")),
            "other_commune_official": lambda: _user(name, (unit(CAO_NGOC), "commune_official")),
            "province_office": lambda: _user(name, (unit(THANH_HOA), "province_office")),
            "other_province_office": lambda: _user(name, (unit(OTHER_PROVINCE), "province_office")),
            "superuser": lambda: _user(name, is_superuser=True, is_staff=True),
            "self_reviewer": lambda: _user(name, (village, "village_board"), (commune, "commune_official"),
                                           (unit(THANH_HOA), "province_office")),
        }[name]()

    return make


@contextmanager
def undone():
    """Run a block, then roll back everything it wrote (each interface starts from the same state)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _family(unit_obj):
    return family_of(choose_set(unit_obj, Period.parse(PERIOD), SET_OF[unit_obj.level]))


def _move(actor, unit_obj, transition, reason="", period=PERIOD):
    return move_review(actor=actor, unit=unit_obj, family=_family(unit_obj), period=Period.parse(period),
                       transition=transition, reason=reason, set_id=SET_OF[unit_obj.level])


def put_in_state(unit_obj, state, submitter=None, period=PERIOD):
    """The start state, set up by the system — or submitted by `submitter` for "submitted_by_self"."""
    if state == "draft":
        return
    _move(submitter if state == "submitted_by_self" else None, unit_obj, "submit", period=period)
    if state == "approved":
        _move(None, unit_obj, "approve", period=period)


def state_of(unit_obj):
    return review_of(unit_obj, _family(unit_obj), Period.parse(PERIOD)).state


def via_service(actor, unit_obj, transition, reason):
    try:
        _move(actor, unit_obj, transition, reason)
    except (NotFound, OutOfScope):
        return 404
    except NotAllowed:
        return 403
    except BadInput:
        return 422
    return "ok"


def via_page(client, unit_obj, transition, reason):
    response = client.post(f"/don-vi/{unit_obj.key}/duyet/{PERIOD}/",
                           {"transition": transition, "reason": reason, "bo": SET_OF[unit_obj.level]})
    if response.status_code == 302:
        assert response.url.startswith(f"/don-vi/{unit_obj.key}/"), response.url  # not the sign-in page
        return "ok"
    return response.status_code


def via_api(token, unit_obj, transition, reason):
    response = Client().post(f"/api/units/{unit_obj.key}/reviews/{SET_OF[unit_obj.level]}/{PERIOD}",
                             {"transition": transition, "reason": reason}, content_type="application/json",
                             headers={"Authorization": f"Bearer {token}"})
    if response.status_code == 200:
        assert response.json()["state"] == MOVES[Transition(transition)].target
        return "ok"
    assert response.json()["code"], response.content  # errors answer {"code", "message", "fields"}
    return response.status_code


# ── Every cell, three ways ────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(("actor_name", "unit_kind", "state", "transition", "reason", "expected"), ROWS)
def test_review_cell(client, units, make_actor, actor_name, unit_kind, state, transition, reason, expected):
    actor, unit_obj = make_actor(actor_name), units[unit_kind]
    token = ApiToken.issue(actor, "test")[1]
    client.force_login(actor)
    interfaces = {
        "service": lambda: via_service(actor, unit_obj, transition, reason),
        "page": lambda: via_page(client, unit_obj, transition, reason),
        "api": lambda: via_api(token, unit_obj, transition, reason),
    }
    for name, call in interfaces.items():
        with undone():
            put_in_state(unit_obj, state, submitter=actor)
            start = state_of(unit_obj)
            events, audits = ReviewEvent.objects.count(), AuditEntry.objects.count()
            outcome = call()
            assert outcome == expected, f"{name}: {outcome} (expected {expected})"
            if expected != "ok":
                assert state_of(unit_obj) == start, name
                assert (ReviewEvent.objects.count(), AuditEntry.objects.count()) == (events, audits), name
                continue
            assert state_of(unit_obj) == MOVES[Transition(transition)].target, name
            assert ReviewEvent.objects.count() == events + 1, name
            event = ReviewEvent.objects.latest("pk")
            assert (event.transition, event.from_state, event.reason, event.actor) == (
                transition, start, reason.strip(), actor), name
            entry = AuditEntry.objects.filter(action=f"monitoring.period_review.{transition}").latest("pk")
            assert AuditEntry.objects.count() == audits + 1, name
            assert (entry.actor, entry.unit_code, entry.after["reason"]) == (actor, unit_obj.key, reason.strip()), name


def test_the_grid_has_a_row_for_every_actor_and_unit_and_twelve_cells_each():
    actors = ("village_board", "commune_official", "other_commune_official", "province_office",
              "other_province_office", "superuser")
    assert set(GRID) == {(a, u) for a in actors for u in ("village", "commune")}
    assert all(len(cells) == len(STATES) * len(TRANSITIONS) for cells in GRID.values())


# ── Locks while submitted or approved ─────────────────────────────────────────────────────────────────
BHYT = Target("th-32-2022", "15.1")


def _api_put(token, period):
    return Client().put(f"/api/units/{CAM_NGOC}/observations/th-32-2022/15.1/{period}", {"value": 95},
                        content_type="application/json", headers={"Authorization": f"Bearer {token}"})


def _writes(actor, token, commune):
    """For the quarter and a month inside it: (service outcome, API status) of a write."""
    found = {}
    for period in ("2024-Q1", "2024-03"):
        with undone():
            try:
                record_observation(actor=actor, unit=commune, target=BHYT, period=Period.parse(period),
                                   raw={"numerator": 950, "denominator": 1000})
                service = "ok"
            except Locked:
                service = 409
        with undone():
            response = _api_put(token, period)
            api = "ok" if response.status_code == 200 else response.status_code
        found[period] = (service, api)
    return found


def test_writes_to_the_period_and_a_month_inside_it_are_locked_while_submitted_or_approved(unit):
    commune, province = unit(CAM_NGOC), unit(THANH_HOA)
    official = _user("can_bo", (commune, "commune_official"))
    office = _user("vpdp", (province, "province_office"))
    token = ApiToken.issue(official, "test")[1]
    open_ = {"2024-Q1": ("ok", "ok"), "2024-03": ("ok", "ok")}
    locked = {"2024-Q1": (409, 409), "2024-03": (409, 409)}

    assert _writes(official, token, commune) == open_
    _move(official, commune, "submit")
    assert _writes(official, token, commune) == locked
    _move(office, commune, "send_back", REASON)
    assert _writes(official, token, commune) == open_
    _move(official, commune, "submit")
    _move(office, commune, "approve", REASON)
    assert _writes(official, token, commune) == locked
    assert _api_put(token, "2024-Q1").json()["code"] == "ntm.locked"
    _move(office, commune, "reopen", REASON)
    assert _writes(official, token, commune) == open_


def test_an_approved_quarter_keeps_its_result_when_an_earlier_quarter_changes(unit):
    commune, office = unit(CAM_NGOC), _user("vpdp", (unit(THANH_HOA), "province_office"))
    official = _user("can_bo", (commune, "commune_official"))
    q1 = Period.parse("2024-Q1")

    def bhyt_in_q1():
        result = evaluate_unit(actor=None, unit=commune, period=q1, set_id="th-32-2022", with_previous=False)
        return next(i for c in result.evaluation.criteria for i in c.indicators if i.code == "15.1")

    record_observation(actor=official, unit=commune, target=BHYT, period=Period.parse("2023-Q3"), raw=80)
    assert bhyt_in_q1().value == 80  # 2024-Q1 has no value of its own: the latest earlier one counts
    _move(official, commune, "submit")
    _move(office, commune, "approve", REASON)
    approved = bhyt_in_q1()

    record_observation(actor=official, unit=commune, target=BHYT, period=Period.parse("2023-Q4"), raw=95)  # allowed
    assert bhyt_in_q1() == approved and approved.value == 80  # the snapshot holds

    _move(office, commune, "reopen", REASON)
    assert bhyt_in_q1().value == 95  # reopened: the live data counts again
