"""API of the criteria sets kept in the database: list, read, create a draft, edit, what-if, publish, export.

A set travels as its document in the catalogue's YAML format (`content`), checked by the same loader as the
files. Errors: 404 for a draft outside the caller's province, 403 for a set the caller may not keep or a
publication by its own drafter or last editor, 409 for a stale `revision`, 422 for an invalid document.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from ntm.api.errors import with_errors
from ntm.common.errors import StaleEdit
from ntm.monitoring.periods import Period
from ntm.setstore import selectors, services
from ntm.setstore.models import SetState, SetVersion
from ntm.setstore.whatif import what_if

router = Router(tags=["criteria sets kept in the database"])


class SetRowOut(Schema):
    id: str
    title: str
    level: str
    province: str
    extends: str
    decision: str
    origin: str
    state: str
    version: int | None
    threshold_counts: dict[str, int]
    editable: bool


@router.get("/set-store", response=with_errors(list[SetRowOut]))
def list_sets(request: HttpRequest) -> list[dict[str, Any]]:
    """Every file set and every database set the caller may see, thresholds counted by status."""
    return [{"id": r.set_id, "title": r.title, "level": r.level, "province": r.province, "extends": r.extends,
             "decision": r.decision, "origin": r.origin, "state": r.state, "version": r.version,
             "threshold_counts": r.counts, "editable": r.editable} for r in selectors.set_rows(request.user)]


class VersionOut(Schema):
    id: str
    version: int
    state: str
    revision: int
    level: str
    province: str
    extends: str
    title: str
    valid_from: dt.date
    valid_to: dt.date | None
    content: str


def _out(version: SetVersion) -> dict[str, Any]:
    return {"id": version.set_id, "version": version.version, "state": version.state, "revision": version.revision,
            "level": version.level, "province": version.province_code, "extends": version.extends,
            "title": version.title, "valid_from": version.valid_from, "valid_to": version.valid_to,
            "content": version.content}


@router.get("/set-store/{set_id}", response=with_errors(VersionOut))
def read_set(request: HttpRequest, set_id: str, version: int | None = None) -> dict[str, Any]:
    """A database set's newest version the caller may see (its draft for its keepers), or the version asked."""
    return _out(selectors.get_version(request.user, set_id, version))


class DocumentIn(Schema):
    content: str
    name: str = "api.yaml"


@router.post("/set-store", response=with_errors({201: VersionOut}))
def create_draft(request: HttpRequest, body: DocumentIn) -> tuple[int, dict[str, Any]]:
    """Store a document in the catalogue format as a draft (a new set, a variant, or a new version)."""
    return 201, _out(services.save_new_version(actor=request.user, text=body.content, name=body.name))


class EditIn(Schema):
    content: str
    revision: int


@router.put("/set-store/{set_id}", response=with_errors(VersionOut))
def edit_draft(request: HttpRequest, set_id: str, body: EditIn) -> dict[str, Any]:
    """Replace the draft's document; a published set first gets a new draft version (never edited in place)."""
    current = selectors.get_version(request.user, set_id)
    if current.state == SetState.DRAFT:
        return _out(services.save_content(actor=request.user, version=current, text=body.content,
                                          revision=body.revision))
    if current.revision != body.revision:
        raise StaleEdit("bộ tiêu chí vừa thay đổi; tải lại", "the set changed since you read it", field="revision")
    draft = services.open_draft(actor=request.user, set_id=set_id)
    return _out(services.save_content(actor=request.user, version=draft, text=body.content, revision=draft.revision))


class CriterionChangeOut(Schema):
    number: int
    name: str
    met_before: int
    met_after: int
    gained: list[str]
    lost: list[str]


class WhatIfOut(Schema):
    set: str
    baseline: str | None
    province: str
    period: str
    level: str  # "commune" or "village": what `communes` counts
    communes: int  # units evaluated: communes, or villages for a village set
    changed: int
    full_before: int
    full_after: int
    criteria: list[CriterionChangeOut]


@router.get("/set-store/{set_id}/what-if", response=with_errors(WhatIfOut))
def set_what_if(request: HttpRequest, set_id: str, province: str = "", period: str = "") -> dict[str, Any]:
    """Every commune (every village, for a village set) of the province under the draft and under the set it
    replaces: who gains, who loses."""
    version = selectors.get_version(request.user, set_id)
    result = what_if(actor=request.user, version=version, province_key=province,
                     period=Period.parse(period) if period else None)
    return {"set": result.draft.id, "baseline": result.baseline.id if result.baseline else None,
            "province": result.province.key, "period": result.period.key, "level": result.level,
            "communes": result.communes,
            "changed": result.changed, "full_before": result.full_before, "full_after": result.full_after,
            "criteria": [{"number": c.number, "name": c.name, "met_before": c.met_before, "met_after": c.met_after,
                          "gained": [u.key for u in c.gained], "lost": [u.key for u in c.lost]}
                         for c in result.criteria]}


class PublishIn(Schema):
    revision: int


@router.post("/set-store/{set_id}/publish", response=with_errors(VersionOut))
def publish(request: HttpRequest, set_id: str, body: PublishIn) -> dict[str, Any]:
    """Publish the draft (by another officer than its drafter and last editor)."""
    version = selectors.get_version(request.user, set_id)
    return _out(services.publish_version(actor=request.user, version=version, revision=body.revision))


@router.get("/set-store/{set_id}/export", response=with_errors({200: None}))
def export(request: HttpRequest, set_id: str) -> HttpResponse:
    """The set (file or database) as YAML in the catalogue's format."""
    return HttpResponse(selectors.export_text(request.user, set_id), content_type="application/yaml; charset=utf-8")
