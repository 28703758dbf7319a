"""Writes on recognition dossiers: each one transaction, scope-checked, permission-checked, audited, revision-checked.

The unit's own body registers, uploads, self-assesses, records the consultation and submits; the level
above sends back, appraises, decides, announces and revokes (see transitions.py for who is who).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from ntm.common.audit import actor_label, audit
from ntm.common.errors import BadInput, NotAllowed, StaleEdit
from ntm.common.scope import Access, require_scope
from ntm.criteria.catalog import family_of, sets_in_force
from ntm.criteria.report import evaluation_to_dict
from ntm.geo.models import Unit
from ntm.monitoring.periods import Period
from ntm.monitoring.selectors import current_observations, evaluate_unit
from ntm.monitoring.services import check_evidence_file
from ntm.monitoring.sets import choose_set, require_set_fits

from .kinds import get_kind
from .models import Decision, Dossier, DossierEvent, DossierFile, Finding, State
from .transitions import MOVES, Transition, check_step, may_prepare, may_register, parse_transition


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _locked(dossier: Dossier, expected_revision: int | None) -> Dossier:
    """The dossier locked for update; StaleEdit when it changed since `expected_revision` was read."""
    fresh = Dossier.objects.select_for_update().select_related("unit").get(pk=dossier.pk)
    if expected_revision is not None and fresh.revision != expected_revision:
        raise StaleEdit("hồ sơ đã được người khác thay đổi, hãy tải lại trang", "the dossier changed meanwhile; "
                        "reload it", field="revision", current=fresh)
    return fresh


def _choose_set_for(unit: Unit, kind_code: str, year: int, set_id: str | None) -> str:
    kind = get_kind(kind_code)
    if set_id:
        cset = choose_set(unit, Period.parse(str(year)), set_id)
    else:
        found = sets_in_force(Period.parse(str(year)).end, level=kind.level, kind=kind.set_kind,
                              province=unit.province_code)
        if not found:
            raise BadInput(f"chưa có bộ tiêu chí «{kind.label}» áp dụng cho năm {year}",
                           f"no '{kind.code}' criteria set applies in {year}", field="set")
        cset = found[0]
    require_set_fits(unit, cset)
    if cset.kind != kind.set_kind:
        raise BadInput(f"bộ «{cset.decision_label}» không phải bộ tiêu chí {kind.label}",
                       f"set {cset.id} is not a '{kind.code}' set", field="set")
    return cset.id


@transaction.atomic
def register_dossier(*, actor: Any, unit: Unit, kind: str, target_year: int, set_id: str | None = None) -> Dossier:
    """Register the unit for a kind of recognition in a target year; NotAllowed unless the unit's own body."""
    require_scope(actor, unit, Access.VIEW)
    if not may_register(actor, unit):
        raise NotAllowed("chỉ ban phát triển thôn / cán bộ của chính đơn vị mới đăng ký được",
                         "only the unit's own body may register", field="unit")
    spec = get_kind(kind)
    if spec.level != unit.level:
        raise BadInput(f"«{spec.label}» không dành cho {unit.name}", f"kind {kind} does not fit {unit.name}",
                       field="kind")
    if not 2000 <= target_year <= 2100:
        raise BadInput("năm đăng ký không hợp lệ", "invalid target year", field="target_year")
    dossier = Dossier(unit=unit, kind=kind, target_year=target_year, created_by=_user(actor),
                      set_id=_choose_set_for(unit, kind, target_year, set_id))
    try:
        with transaction.atomic():
            dossier.save()
    except IntegrityError:
        raise BadInput(f"{unit.name} đã đăng ký «{spec.label}» năm {target_year}",
                       f"{unit.name} already registered {kind} for {target_year}", field="target_year") from None
    audit(actor, "recognition.dossier.registered", dossier, unit_code=unit.key, after=dossier.as_audit())
    return dossier


def _record(actor: Any, dossier: Dossier, transition: Transition, before: str, reason: str = "",
            extra: dict[str, Any] | None = None) -> Dossier:
    """Save the step: bump the revision, keep the event, write the audit entry."""
    dossier.revision += 1
    dossier.save()
    DossierEvent.objects.create(dossier=dossier, transition=transition.value, from_state=before,
                                to_state=dossier.state, actor=_user(actor), actor_label=actor_label(actor),
                                reason=reason)
    audit(actor, f"recognition.dossier.{transition.value}", dossier, unit_code=dossier.unit.key,
          before={"state": before}, after={**dossier.as_audit(), "reason": reason, **(extra or {})})
    return dossier


def _begin(actor: Any, dossier: Dossier, transition: Transition, expected_revision: int | None) -> tuple[Dossier, str]:
    require_scope(actor, dossier.unit, Access.VIEW)   # outsiders get NotFound, as everywhere
    fresh = _locked(dossier, expected_revision)
    move = check_step(actor, fresh, transition)
    before = fresh.state
    fresh.state = move.target
    return fresh, before


def _reason(transition: Transition, reason: str) -> str:
    reason = reason.strip()
    if MOVES[transition].needs_reason and not reason:
        raise BadInput(f"cần ghi lý do khi {MOVES[transition].label_vi}",
                       f"a reason is required to {MOVES[transition].label_en}", field="reason")
    return reason


def snapshot_of(actor: Any, unit: Unit, set_id: str, period: Period) -> dict[str, Any]:
    """The evaluation as plain data, with each indicator's evidence (note and file name) at this moment."""
    result = evaluate_unit(actor=actor, unit=unit, period=period, set_id=set_id, with_previous=False)
    data = evaluation_to_dict(result.evaluation, result.cset)
    observations = current_observations(actor=actor, unit=unit, family=family_of(result.cset), period=period)
    for criterion in data["criteria"]:
        for indicator in criterion["indicators"]:
            obs = observations.get(indicator["code"])
            indicator["evidence_note"] = obs.evidence_note if obs else ""
            indicator["evidence_file"] = obs.evidence_file.name.rsplit("/", 1)[-1] if obs and obs.evidence_file else ""
    data.update(period=period.key, period_label=period.label_vi, unit=unit.key, unit_name=unit.name,
                set_title=result.cset.title, headline=result.tally.headline_vi(), taken_at=timezone.now().isoformat())
    return data


@transaction.atomic
def self_assess(*, actor: Any, dossier: Dossier, period_key: str | None = None,
                expected_revision: int | None = None) -> Dossier:
    """Freeze the unit's evaluation (with its evidence) for `period_key` (default: the target year)."""
    period = Period.parse(period_key or str(dossier.target_year))
    dossier, before = _begin(actor, dossier, Transition.ASSESS, expected_revision)
    dossier.self_assessment = snapshot_of(actor, dossier.unit, dossier.set_id, period)
    dossier.period_key, dossier.assessed_at = period.key, timezone.now()
    return _record(actor, dossier, Transition.ASSESS, before, extra={"period": period.key,
                                                                     "headline": dossier.self_assessment["headline"]})


@transaction.atomic
def record_consultation(*, actor: Any, dossier: Dossier, votes_for: int, votes_total: int, note: str = "",
                        expected_revision: int | None = None) -> Dossier:
    """Keep the public consultation's result (lấy ý kiến): votes in favour out of votes cast."""
    dossier, before = _begin(actor, dossier, Transition.CONSULT, expected_revision)
    if votes_total <= 0 or votes_for < 0 or votes_for > votes_total:
        raise BadInput("số ý kiến đồng ý phải từ 0 đến tổng số ý kiến (lớn hơn 0)",
                       "votes in favour must be between 0 and the total (above 0)", field="votes_for")
    dossier.votes_for, dossier.votes_total, dossier.consultation_note = votes_for, votes_total, note.strip()
    return _record(actor, dossier, Transition.CONSULT, before, extra={"votes_for": votes_for,
                                                                      "votes_total": votes_total})


def missing_documents(dossier: Dossier) -> list[str]:
    """Labels of the required checklist items that have no file yet."""
    present = set(dossier.files.values_list("item", flat=True))
    return [i.label for i in get_kind(dossier.kind).documents if i.required and i.code not in present]


@transaction.atomic
def submit_dossier(*, actor: Any, dossier: Dossier, expected_revision: int | None = None) -> Dossier:
    """Submit for appraisal; BadInput while a required document is missing or the share is known to fall short."""
    dossier, before = _begin(actor, dossier, Transition.SUBMIT, expected_revision)
    missing = missing_documents(dossier)
    if missing:
        raise BadInput("còn thiếu tài liệu: " + "; ".join(missing), "required documents missing: "
                       + "; ".join(missing), field="files")
    required, share = get_kind(dossier.kind).required_share, dossier.share_in_favour
    if required is not None and share is not None and share < float(required):
        raise BadInput("tỷ lệ đồng thuận chưa đạt mức quy định", "the share in favour is below the required share",
                       field="votes_for")
    dossier.submitted_by, dossier.submitted_at = _user(actor), timezone.now()
    return _record(actor, dossier, Transition.SUBMIT, before)


@transaction.atomic
def send_back(*, actor: Any, dossier: Dossier, reason: str, expected_revision: int | None = None) -> Dossier:
    """Return the dossier to its unit with a reason; it is prepared (and self-assessed) again."""
    dossier, before = _begin(actor, dossier, Transition.SEND_BACK, expected_revision)
    reason = _reason(Transition.SEND_BACK, reason)
    dossier.note, dossier.submitted_by, dossier.submitted_at = reason, None, None
    return _record(actor, dossier, Transition.SEND_BACK, before, reason)


@dataclass(frozen=True)
class FindingIn:
    criterion: int
    met: bool
    comment: str = ""


@transaction.atomic
def appraise(*, actor: Any, dossier: Dossier, findings: list[FindingIn], note: str = "",
             expected_revision: int | None = None) -> Dossier:
    """Record the appraisal: one finding (met / not met, comment) for every criterion of the set."""
    dossier, before = _begin(actor, dossier, Transition.APPRAISE, expected_revision)
    names = {c["number"]: c["name"] for c in (dossier.self_assessment or {}).get("criteria", [])}
    given = {f.criterion: f for f in findings}
    if not names or set(given) != set(names):
        raise BadInput("cần kết luận đạt / chưa đạt cho từng tiêu chí của bản tự đánh giá",
                       "a finding is required for every criterion of the self-assessment", field="findings")
    dossier.findings.all().delete()
    Finding.objects.bulk_create([Finding(dossier=dossier, criterion=n, name=names[n], met=given[n].met,
                                         comment=given[n].comment.strip()) for n in sorted(names)])
    dossier.appraisal_met = all(f.met for f in findings)
    dossier.appraisal_note, dossier.appraised_by, dossier.appraised_at = note.strip(), _user(actor), timezone.now()
    return _record(actor, dossier, Transition.APPRAISE, before,
                   extra={"met": dossier.appraisal_met, "not_met": sorted(n for n, f in given.items() if not f.met)})


@transaction.atomic
def decide(*, actor: Any, dossier: Dossier, number: str, signed_on: dt.date | None, signer: str,
           expected_revision: int | None = None) -> Dossier:
    """Recognise the unit: the decision (number, date, signer) enters the register. Only after a "met" appraisal."""
    dossier, before = _begin(actor, dossier, Transition.DECIDE, expected_revision)
    number, signer = number.strip(), signer.strip()
    if not number or not signer or signed_on is None:
        raise BadInput("cần số quyết định, ngày ký và người ký", "decision number, date and signer are required",
                       field="number" if not number else "signer")
    if not dossier.appraisal_met:
        raise BadInput("kết quả thẩm định chưa đạt: không thể công nhận", "the appraisal found criteria not met",
                       field="transition")
    Decision.objects.create(dossier=dossier, unit=dossier.unit, kind=dossier.kind, set_id=dossier.set_id,
                            year=signed_on.year, number=number, signed_on=signed_on, signer=signer)
    return _record(actor, dossier, Transition.DECIDE, before,
                   extra={"number": number, "signed_on": signed_on.isoformat(), "signer": signer})


@transaction.atomic
def refuse(*, actor: Any, dossier: Dossier, reason: str, expected_revision: int | None = None) -> Dossier:
    """Decide not to recognise, with the reason."""
    dossier, before = _begin(actor, dossier, Transition.REFUSE, expected_revision)
    reason = _reason(Transition.REFUSE, reason)
    dossier.note = reason
    return _record(actor, dossier, Transition.REFUSE, before, reason)


@transaction.atomic
def announce(*, actor: Any, dossier: Dossier, announced_on: dt.date | None, note: str = "",
             expected_revision: int | None = None) -> Dossier:
    """Record the public announcement of the recognition (công bố)."""
    dossier, before = _begin(actor, dossier, Transition.ANNOUNCE, expected_revision)
    if announced_on is None:
        raise BadInput("cần ngày công bố", "the announcement date is required", field="announced_on")
    dossier.announced_on, dossier.announcement_note = announced_on, note.strip()
    return _record(actor, dossier, Transition.ANNOUNCE, before, extra={"announced_on": announced_on.isoformat()})


@transaction.atomic
def revoke(*, actor: Any, dossier: Dossier, reason: str, revoked_on: dt.date | None = None, decision_number: str = "",
           expected_revision: int | None = None) -> Dossier:
    """Revoke the recognition of a unit that no longer meets the set, with the reason; the register keeps it."""
    dossier, before = _begin(actor, dossier, Transition.REVOKE, expected_revision)
    reason = _reason(Transition.REVOKE, reason)
    dossier.revocation_reason, dossier.revoked_on = reason, revoked_on or timezone.localdate()
    Decision.objects.filter(dossier=dossier).update(revoked=True, revocation_number=decision_number.strip())
    return _record(actor, dossier, Transition.REVOKE, before, reason, extra={"revocation_number": decision_number})


@transaction.atomic
def upload_document(*, actor: Any, dossier: Dossier, item: str, upload: Any) -> DossierFile:
    """Attach a file to a checklist item (PDF, image, Word, Excel; at most 10 MB); the own body, before submission."""
    require_scope(actor, dossier.unit, Access.VIEW)
    dossier = _locked(dossier, None)
    if not may_prepare(actor, dossier):
        raise NotAllowed("chỉ đơn vị lập hồ sơ mới tải tài liệu lên, trước khi trình",
                         "only the unit's own body uploads documents, before submission", field="file")
    if item not in {i.code for i in get_kind(dossier.kind).documents}:
        raise BadInput(f"mục hồ sơ «{item}» không có trong danh mục", f"unknown checklist item '{item}'", field="item")
    check_evidence_file(upload)
    name = (getattr(upload, "name", "") or "tep").rsplit("/", 1)[-1][:200]
    stored = DossierFile(dossier=dossier, item=item, original_name=name, size=upload.size, uploaded_by=_user(actor))
    stored.file.save(name, upload, save=True)
    dossier.revision += 1
    dossier.save(update_fields=["revision"])
    audit(actor, "recognition.dossier_file.uploaded", stored, unit_code=dossier.unit.key,
          after={"dossier": dossier.pk, "item": item, "name": name, "size": stored.size})
    return stored


STEP_SERVICES = {
    Transition.ASSESS: self_assess, Transition.CONSULT: record_consultation, Transition.SUBMIT: submit_dossier,
    Transition.SEND_BACK: send_back, Transition.APPRAISE: appraise, Transition.DECIDE: decide,
    Transition.REFUSE: refuse, Transition.ANNOUNCE: announce, Transition.REVOKE: revoke,
}


def take_step(*, actor: Any, dossier: Dossier, transition: Transition | str, **fields: Any) -> Dossier:
    """Dispatch one step by name (pages and the API); the step's own service checks everything."""
    step = parse_transition(transition) if isinstance(transition, str) else transition
    return STEP_SERVICES[step](actor=actor, dossier=dossier, **fields)


__all__ = ["FindingIn", "State", "register_dossier", "take_step", "upload_document"]
