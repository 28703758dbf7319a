"""API: recognition dossiers, their steps and the register; scope and duty are checked again in the services."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from ntm.api.errors import with_errors
from ntm.common.scope import get_unit_in_scope
from ntm.recognition.models import Decision, Dossier
from ntm.recognition.selectors import dossiers_of_unit, get_dossier, recognition_register
from ntm.recognition.services import FindingIn, register_dossier, take_step
from ntm.recognition.transitions import available_transitions

router = Router(tags=["recognition"])


class FindingOut(Schema):
    criterion: int
    name: str
    met: bool
    comment: str


class DecisionOut(Schema):
    number: str
    signed_on: dt.date
    signer: str
    year: int
    revoked: bool


class DossierOut(Schema):
    id: int
    unit: str
    unit_name: str
    kind: str
    set_id: str
    target_year: int
    state: str
    revision: int
    period: str
    self_assessment: dict[str, Any] | None
    votes_for: int | None
    votes_total: int | None
    share_in_favour: float | None
    findings: list[FindingOut]
    decision: DecisionOut | None
    files: list[str]
    transitions: list[str]


def _dossier_out(request: HttpRequest, d: Dossier, *, full: bool = True) -> dict[str, Any]:
    decision = getattr(d, "decision", None)
    return {"id": d.pk, "unit": d.unit.key, "unit_name": d.unit.name, "kind": d.kind, "set_id": d.set_id,
            "target_year": d.target_year, "state": d.state, "revision": d.revision, "period": d.period_key,
            "self_assessment": d.self_assessment if full else None, "votes_for": d.votes_for,
            "votes_total": d.votes_total, "share_in_favour": d.share_in_favour,
            "findings": [{"criterion": f.criterion, "name": f.name, "met": f.met, "comment": f.comment}
                         for f in d.findings.all()] if full else [],
            "decision": {"number": decision.number, "signed_on": decision.signed_on, "signer": decision.signer,
                         "year": decision.year, "revoked": decision.revoked} if decision else None,
            "files": [f"{f.item}/{f.original_name}" for f in d.files.all()] if full else [],
            "transitions": [t.value for t in available_transitions(request.user, d)]}


class DossierIn(Schema):
    kind: str
    target_year: int
    set_id: str | None = None


@router.get("/units/{key}/dossiers", response=with_errors(list[DossierOut]))
def list_dossiers(request: HttpRequest, key: str) -> list[dict[str, Any]]:
    """The unit's recognition dossiers (without the self-assessment body: read one dossier for it)."""
    unit = get_unit_in_scope(request.user, key)
    return [_dossier_out(request, d, full=False) for d in dossiers_of_unit(actor=request.user, unit=unit)]


@router.post("/units/{key}/dossiers", response=with_errors({201: DossierOut}))
def post_dossier(request: HttpRequest, key: str, body: DossierIn) -> tuple[int, dict[str, Any]]:
    """Register a dossier (the unit's own body only: 403 otherwise)."""
    unit = get_unit_in_scope(request.user, key)
    dossier = register_dossier(actor=request.user, unit=unit, kind=body.kind, target_year=body.target_year,
                               set_id=body.set_id)
    return 201, _dossier_out(request, dossier)


@router.get("/dossiers/{pk}", response=with_errors(DossierOut))
def read_dossier(request: HttpRequest, pk: int) -> dict[str, Any]:
    """One dossier: its self-assessment snapshot, consultation, findings, decision, files and the caller's steps."""
    return _dossier_out(request, get_dossier(actor=request.user, pk=pk))


class FindingInSchema(Schema):
    criterion: int
    met: bool
    comment: str = ""


class StepIn(Schema):
    """One step; send only the fields the step uses. `expected_revision` guards against a stale view (409)."""

    transition: Literal["assess", "consult", "submit", "send_back", "appraise", "decide", "refuse", "announce",
                        "revoke"]
    expected_revision: int | None = None
    period_key: str | None = None
    votes_for: int | None = None
    votes_total: int | None = None
    note: str | None = None
    reason: str | None = None
    findings: list[FindingInSchema] | None = None
    number: str | None = None
    signed_on: dt.date | None = None
    signer: str | None = None
    announced_on: dt.date | None = None
    revoked_on: dt.date | None = None
    decision_number: str | None = None


_STEP_FIELDS = {
    "assess": ("period_key",), "consult": ("votes_for", "votes_total", "note"), "submit": (),
    "send_back": ("reason",), "appraise": ("findings", "note"), "decide": ("number", "signed_on", "signer"),
    "refuse": ("reason",), "announce": ("announced_on", "note"),
    "revoke": ("reason", "revoked_on", "decision_number"),
}
_DEFAULTS = {"note": "", "reason": "", "number": "", "signer": "", "decision_number": "", "votes_for": -1,
             "votes_total": 0}


@router.post("/dossiers/{pk}/transitions", response=with_errors(DossierOut))
def post_transition(request: HttpRequest, pk: int, body: StepIn) -> dict[str, Any]:
    """Take one step: 403 when it is not the caller's (separation of duties), 422 for the wrong state or
    missing fields, 409 on a stale `expected_revision`, 404 outside the caller's scope."""
    dossier = get_dossier(actor=request.user, pk=pk)
    fields = {}
    for name in _STEP_FIELDS[body.transition]:
        value = getattr(body, name)
        fields[name] = _DEFAULTS.get(name) if value is None else value
    if body.transition == "appraise":
        fields["findings"] = [FindingIn(f.criterion, f.met, f.comment) for f in body.findings or []]
    dossier = take_step(actor=request.user, dossier=dossier, transition=body.transition,
                        expected_revision=body.expected_revision, **fields)
    return _dossier_out(request, dossier)


class RegisterOut(Schema):
    year: int
    unit: str
    unit_name: str
    kind: str
    set_id: str
    number: str
    signed_on: dt.date
    signer: str
    revoked: bool
    dossier: int


@router.get("/recognitions", response=with_errors(list[RegisterOut]))
def list_recognitions(request: HttpRequest, year: int | None = None, set: str | None = None,  # noqa: A002
                      kind: str | None = None) -> list[dict[str, Any]]:
    """The register: which villages/communes were recognised in `year`, under which set."""
    rows: list[Decision] = list(recognition_register(actor=request.user, year=year, set_id=set, kind=kind))
    return [{"year": d.year, "unit": d.unit.key, "unit_name": d.unit.name, "kind": d.kind, "set_id": d.set_id,
             "number": d.number, "signed_on": d.signed_on, "signer": d.signer, "revoked": d.revoked,
             "dossier": d.dossier_id} for d in rows]
