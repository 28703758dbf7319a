"""Separation of duties on recognition dossiers, cell by cell: role × start state × transition.

Every cell is asserted at the service (take_step) and through the API (POST /api/dossiers/<pk>/transitions);
the village dossier's cells also through its page (POST /ho-so/<pk>/) — each from the start state, rolled
back afterwards. An allowed
cell moves the dossier to the move's target and writes one DossierEvent and one AuditEntry
(recognition.dossier.<transition>); a refused cell leaves state, events and audit log untouched.
Outcomes: o = allowed, f = not the role's step (403), n = not in the role's scope (404), s = wrong state (422).
The village dossier was submitted by the village board; the commune dossier by the commune official.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from ntm.api.models import ApiToken
from ntm.common.errors import BadInput, NotAllowed, NotFound, OutOfScope
from ntm.common.models import AuditEntry
from ntm.recognition.models import DossierEvent
from ntm.recognition.services import FindingIn, take_step
from ntm.recognition.transitions import MOVES, Transition

from .conftest import advance

pytestmark = pytest.mark.django_db

STEPS = ["assess", "consult", "submit", "send_back", "appraise", "decide", "refuse", "announce", "revoke"]
STATES = ["registered", "assessed", "consulted", "submitted", "appraised", "recognised", "refused", "announced",
          "revoked"]
FORBIDDEN, UNSEEN = "fffffffff", "nnnnnnnnn"
#                       assess consult submit send_back appraise decide refuse announce revoke
OWN_STEPS = {"registered": "ossffffff",
             "assessed": "sosffffff", "consulted": "ssoffffff", "submitted": "sssffffff",
             "appraised": "sssffffff", "recognised": "sssffffff", "refused": "sssffffff",
             "announced": "sssffffff", "revoked": "sssffffff"}
ABOVE_STEPS = {"registered": "fffssssss", "assessed": "fffssssss", "consulted": "fffssssss",
               "submitted": "fffoossss", "appraised": "fffssooss", "recognised": "fffssssoo",
               "refused": "fffssssss", "announced": "fffssssso", "revoked": "fffssssss"}
# The commune official of the village's commune both prepares (for the village) and appraises it; the
# submitter rule (tested below) keeps one person from doing both on the same dossier.
BOTH_STEPS = {"registered": "ossssssss", "assessed": "sosssssss", "consulted": "ssossssss",
              "submitted": "sssoossss", "appraised": "sssssooss", "recognised": "sssssssoo",
              "refused": "sssssssss", "announced": "sssssssso", "revoked": "sssssssss"}

TABLE = {
    "village": {
        "village_board": OWN_STEPS,
        "commune_official": BOTH_STEPS,
        "other_commune": dict.fromkeys(STATES, UNSEEN),
        "province_office": dict.fromkeys(STATES, FORBIDDEN),
        "superuser": dict.fromkeys(STATES, FORBIDDEN),
        "outsider": dict.fromkeys(STATES, UNSEEN),
    },
    "commune": {
        "village_board": dict.fromkeys(STATES, UNSEEN),
        "commune_official": OWN_STEPS,
        "other_commune": dict.fromkeys(STATES, UNSEEN),
        "province_office": ABOVE_STEPS,
        "superuser": dict.fromkeys(STATES, FORBIDDEN),
        "outsider": dict.fromkeys(STATES, UNSEEN),
    },
}
STATUS = {"o": 200, "f": 403, "n": 404, "s": 422}
ERROR = {"f": NotAllowed, "n": (NotFound, OutOfScope), "s": BadInput}


class Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def clients():
    """One client for the pages and one for the API, for the whole table: a new Client loads the middleware
    (WhiteNoise then scans every static file) at its first request, which cost more than the cells."""
    return {"page": Client(), "api": Client()}


def fields_for(step: str, dossier) -> dict:
    criteria = (dossier.self_assessment or {}).get("criteria", [])
    return {
        "assess": {}, "consult": {"votes_for": 100, "votes_total": 120}, "submit": {},
        "send_back": {"reason": "thiếu biên bản"}, "refuse": {"reason": "chưa đạt"},
        "appraise": {"findings": [FindingIn(c["number"], True, "") for c in criteria]},
        "decide": {"number": "15/QĐ-UBND", "signed_on": dt.date(2024, 12, 20), "signer": "Chủ tịch UBND"},
        "announce": {"announced_on": dt.date(2024, 12, 28)}, "revoke": {"reason": "không còn đạt"},
    }[step]


def as_json(fields: dict) -> dict:
    out = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in fields.items()}
    if "findings" in out:
        out["findings"] = [{"criterion": f.criterion, "met": f.met, "comment": f.comment} for f in out["findings"]]
    return out


def as_form(fields: dict) -> dict:
    out = {k: v.isoformat() if isinstance(v, dt.date) else str(v) for k, v in fields.items() if k != "findings"}
    for f in fields.get("findings", []):
        out[f"met_{f.criterion}"] = "1"
    return out


def run_cell(dossier, user, step, code, way, token, clients):
    """Take `step` as `user` one `way`, assert the outcome `code`, then roll everything back.

    The page client is already logged in as `user`; the API client sends `token`.
    """
    from django.db import transaction

    events, audits = DossierEvent.objects.count(), AuditEntry.objects.count()
    fields = fields_for(step, dossier)
    try:
        with transaction.atomic():
            if way == "service":
                if code == "o":
                    take_step(actor=user, dossier=dossier, transition=step, **fields)
                else:
                    with pytest.raises(ERROR[code]):
                        take_step(actor=user, dossier=dossier, transition=step, **fields)
            elif way == "api":
                response = clients["api"].post(f"/api/dossiers/{dossier.pk}/transitions",
                                         {"transition": step, **as_json(fields)}, content_type="application/json",
                                         headers={"Authorization": f"Bearer {token}"})
                assert response.status_code == STATUS[code], response.content
            else:
                form = {"transition": step, "revision": dossier.revision, **as_form(fields)}
                response = clients["page"].post(f"/ho-so/{dossier.pk}/", form)
                assert response.status_code == (302 if code == "o" else STATUS[code]), response.content[:300]
            dossier.refresh_from_db()
            if code == "o":
                assert dossier.state == MOVES[Transition(step)].target
                assert DossierEvent.objects.count() == events + 1
                assert AuditEntry.objects.filter(action=f"recognition.dossier.{step}").exists()
            else:
                assert DossierEvent.objects.count() == events
                assert AuditEntry.objects.count() == audits
            raise Rollback
    except Rollback:
        pass
    dossier.refresh_from_db()


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("level", ["village", "commune"])
def test_every_cell_of_the_transition_table(level, state, roles, village_dossier, commune_dossier, clients):
    dossier = village_dossier if level == "village" else commune_dossier
    submitter = roles["village_board"] if level == "village" else roles["commune_official"]
    advance(dossier, state, submitter=submitter)
    assert dossier.state == state
    ways = ("service", "api", "page") if level == "village" else ("service", "api")
    for role, by_state in TABLE[level].items():
        token = ApiToken.issue(roles[role], "t")[1]
        clients["page"].force_login(roles[role])
        for step, code in zip(STEPS, by_state[state], strict=True):
            for way in ways:
                try:
                    run_cell(dossier, roles[role], step, code, way, token, clients)
                except AssertionError as err:
                    raise AssertionError(f"{level} dossier, {role}, {state}, {step}, {way}: {err}") from err
                assert dossier.state == state


def test_the_submitter_never_appraises_the_same_dossier(roles, village_dossier):
    """A commune official may prepare a village's dossier, but then another person appraises it."""
    official = roles["commune_official"]
    advance(village_dossier, "submitted", submitter=official)
    for step in ("appraise", "send_back"):
        with pytest.raises(NotAllowed):
            take_step(actor=official, dossier=village_dossier, transition=step, **fields_for(step, village_dossier))


def test_a_stale_revision_is_refused(roles, village_dossier):
    from ntm.common.errors import StaleEdit

    old = village_dossier.revision
    advance(village_dossier, "assessed")
    with pytest.raises(StaleEdit):
        take_step(actor=roles["village_board"], dossier=village_dossier, transition="consult",
                  expected_revision=old, votes_for=1, votes_total=2)
