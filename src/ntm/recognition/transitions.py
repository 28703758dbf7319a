"""The dossier state machine and who may take each step: separation of duties, enforced below every interface.

Sources (full citations in data/checklists.yaml):
- QĐ 18/2022/QĐ-TTg (02/8/2022), conditions, procedure, dossier, recognition, announcement and revocation
  for communes — summary at langngheviet.com.vn ("thu-tuong-chinh-phu-ban-hanh-trinh-tu-thu-tuc-ho-so-xet-
  cong-nhan-dat-chuan-nong-thon-moi…-25687.html"): register, self-assess, take the opinions of the Front,
  the organisations and the residents, submit, appraise, decide, announce; revoke when the set is no
  longer met.
- Thanh Hóa QĐ 41/2022/QĐ-UBND (05/9/2022), the same for villages (thuvienphapluat.vn, doc 540567); the
  seeds: Cẩm Ngọc 2023 (Party-cell resolution → board self-assesses → residents' meeting → commune
  appraises) and Ngọc Phụng 2023 (district office appraised Phú Vinh on 15/12/2023, district decision
  2908/QĐ-UBND of 21/12/2023); Song Nga (Cẩm Ngọc) lost its model-village standard on review.
- The Thanh Hóa provincial chairman recognises communes (baomoi.com, 2022 decisions); NĐ 131/2025/NĐ-CP
  moves the district's tasks to the commune or the province from 01/07/2025.

Steps:

    registered --assess--> assessed --consult--> consulted --submit--> submitted
    submitted --send_back--> registered            (the level above, with a reason)
    submitted --appraise--> appraised               (the level above, findings per criterion)
    appraised --decide--> recognised                (the level above: number, date, signer)
    appraised --refuse--> refused                   (the level above, with a reason)
    recognised --announce--> announced              (the level above)
    recognised|announced --revoke--> revoked        (the level above, with a reason)

- The unit's own body prepares (registers, uploads, assesses, consults) and submits: the village board
  of the village or an official of its commune for a village dossier; an official of the commune for a
  commune dossier.
- The level above appraises, decides, announces and revokes: for a village dossier the officials of
  its commune (the commune chairman recognises villages since the district was abolished on 01/07/2025;
  kinds whose data file says `appraiser: province` go to the province office instead); for a commune
  dossier the province coordination office (before 07/2025 the district verified first; there is no
  district step now). No unit appraises or decides its own dossier, and the person who submitted never
  appraises or decides it.
- The share in favour required at the consultation is not confirmed from the official texts: it is kept
  as unknown (null) in data/checklists.yaml and shown as «chưa rõ»; submission is refused on it only
  once a figure is entered there.
- A superuser or an administrator takes no step: they are not a body of the programme. The system
  itself (actor None: the `ntm` command, the demo) may take every step.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Q

from ntm.common import duties
from ntm.common.duties import Rule, memberships_of, province_codes
from ntm.common.models import Membership, Role
from ntm.geo.models import Level, Unit

from .kinds import get_kind
from .models import Dossier, State


class Transition(StrEnum):
    ASSESS = "assess"
    CONSULT = "consult"
    SUBMIT = "submit"
    SEND_BACK = "send_back"
    APPRAISE = "appraise"
    DECIDE = "decide"
    REFUSE = "refuse"
    ANNOUNCE = "announce"
    REVOKE = "revoke"


class Body(StrEnum):
    OWN = "own"          # the unit's own body: prepares and submits
    ABOVE = "above"      # the level above: appraises and decides


@dataclass(frozen=True)
class Move:
    sources: tuple[State, ...]
    target: State
    body: Body
    label_vi: str
    label_en: str
    needs_reason: bool = False


MOVES = {
    Transition.ASSESS: Move((State.REGISTERED,), State.ASSESSED, Body.OWN, "tự đánh giá", "self-assess"),
    Transition.CONSULT: Move((State.ASSESSED,), State.CONSULTED, Body.OWN, "ghi kết quả lấy ý kiến",
                             "record the consultation"),
    Transition.SUBMIT: Move((State.CONSULTED,), State.SUBMITTED, Body.OWN, "trình thẩm định", "submit"),
    Transition.SEND_BACK: Move((State.SUBMITTED,), State.REGISTERED, Body.ABOVE, "trả lại hồ sơ", "send back",
                               needs_reason=True),
    Transition.APPRAISE: Move((State.SUBMITTED,), State.APPRAISED, Body.ABOVE, "thẩm định", "appraise"),
    Transition.DECIDE: Move((State.APPRAISED,), State.RECOGNISED, Body.ABOVE, "quyết định công nhận", "recognise"),
    Transition.REFUSE: Move((State.APPRAISED,), State.REFUSED, Body.ABOVE, "không công nhận", "refuse",
                            needs_reason=True),
    Transition.ANNOUNCE: Move((State.RECOGNISED,), State.ANNOUNCED, Body.ABOVE, "công bố", "announce"),
    Transition.REVOKE: Move((State.RECOGNISED, State.ANNOUNCED), State.REVOKED, Body.ABOVE,
                            "thu hồi công nhận", "revoke", needs_reason=True),
}
# Steps the person who submitted may never take on the same dossier (a commune official may prepare a
# village's dossier, but then someone else appraises it).
NOT_BY_SUBMITTER = {Transition.SEND_BACK, Transition.APPRAISE, Transition.DECIDE, Transition.REFUSE}
# Uploading and replacing files is part of preparing: the own body, before submission.
PREPARING = (State.REGISTERED, State.ASSESSED, State.CONSULTED)


def _prepares(m: Membership, unit: Unit) -> bool:
    if m.role == Role.VILLAGE_BOARD:
        return m.unit_id == unit.pk and unit.level == Level.VILLAGE
    if m.role != Role.COMMUNE_OFFICIAL or m.unit.level != Level.COMMUNE:
        return False
    return m.unit_id == unit.pk or (unit.level == Level.VILLAGE and unit.parent_id == m.unit_id)


def _appraises(m: Membership, unit: Unit, appraiser: str) -> bool:
    if m.role == Role.COMMUNE_OFFICIAL:
        return appraiser == "commune" and unit.level == Level.VILLAGE and unit.parent_id == m.unit_id
    if m.role != Role.PROVINCE_OFFICE or m.unit.level != Level.PROVINCE:
        return False
    return (unit.level == Level.COMMUNE or appraiser == "province") and unit.province_code in province_codes(m.unit)


def _own_body(actor: Any, unit: Unit) -> bool:
    """The village's board or its commune's official; for a commune, its own official."""
    return any(_prepares(m, unit) for m in memberships_of(actor))


def _level_above(actor: Any, unit: Unit, appraiser: str) -> bool:
    """The commune's official for its villages (appraiser "commune"), the province office otherwise."""
    return any(_appraises(m, unit, appraiser) for m in memberships_of(actor))


def body_of(actor: Any, dossier: Dossier) -> set[Body]:
    """Which bodies of this dossier the actor belongs to (none for superusers and administrators)."""
    if actor is None:
        return {Body.OWN, Body.ABOVE}
    if not getattr(actor, "is_authenticated", False) or actor.is_superuser:
        return set()
    found = set()
    if _own_body(actor, dossier.unit):
        found.add(Body.OWN)
    if _level_above(actor, dossier.unit, get_kind(dossier.kind).appraiser):
        found.add(Body.ABOVE)
    return found


def _in_body(body: Body) -> Any:
    return lambda actor, dossier: body in body_of(actor, dossier)


def _not_own_commune(actor: Any, dossier: Dossier) -> bool:
    return dossier.unit.level != Level.COMMUNE or not _own_body(actor, dossier.unit)


def _not_submitter(actor: Any, dossier: Dossier) -> bool:
    return dossier.submitted_by_id != actor.pk


_PREPARES = Rule(_in_body(Body.OWN), "chỉ ban phát triển thôn / cán bộ của chính đơn vị mới chuẩn bị và trình hồ sơ",
                 "only the unit's own body prepares and submits the dossier")
_DECIDES = (
    Rule(_in_body(Body.ABOVE),
         "chỉ cấp trên (xã với thôn, tỉnh với xã) mới thẩm định, quyết định, công bố hoặc thu hồi",
         "only the level above (commune for a village, province for a commune) appraises and decides"),
    Rule(_not_own_commune, "đơn vị không tự thẩm định hồ sơ của mình", "no unit appraises its own dossier"),
)
_NOT_BY_SUBMITTER = Rule(_not_submitter, "người trình hồ sơ không tự thẩm định hoặc quyết định được",
                         "the submitter cannot appraise or decide their own submission")


def _rules(transition: Transition, move: Move) -> tuple[Rule, ...]:
    if move.body is Body.OWN:
        return (_PREPARES,)
    return _DECIDES + ((_NOT_BY_SUBMITTER,) if transition in NOT_BY_SUBMITTER else ())


DUTIES = {transition: _rules(transition, move) for transition, move in MOVES.items()}
DOSSIER = duties.Subject("hồ sơ", "the dossier")


def may(actor: Any, dossier: Dossier, transition: Transition) -> bool:
    """Whether `actor` may take `transition` now (the state is not checked here)."""
    return duties.may(DUTIES, actor, dossier, transition)


def check_step(actor: Any, dossier: Dossier, transition: Transition) -> Move:
    """The move, or NotAllowed for the wrong body and BadInput for the wrong state."""
    move = MOVES[transition]
    duties.require(DUTIES, actor, dossier, transition)
    duties.require_state(DOSSIER, dossier.state, dossier.get_state_display(), move.sources,
                         step_vi=move.label_vi, step_en=move.label_en)
    return move


def may_prepare(actor: Any, dossier: Dossier) -> bool:
    """Whether `actor` may upload or remove files now: the unit's own body, before submission."""
    return Body.OWN in body_of(actor, dossier) and State(dossier.state) in PREPARING


def available_transitions(actor: Any, dossier: Dossier) -> list[Transition]:
    """The steps the actor may take now (what pages and the API offer; the services check again)."""
    return [t for t, move in MOVES.items() if State(dossier.state) in move.sources and may(actor, dossier, t)]


@dataclass(frozen=True)
class Step:
    transition: Transition
    move: Move
    refusal_vi: str      # empty when the actor may take the step


def steps_now(actor: Any, dossier: Dossier) -> list[Step]:
    """Every step the dossier's state allows, each with why the actor may not take it (empty when they may)."""
    found = []
    for transition, move in MOVES.items():
        if State(dossier.state) in move.sources:
            refusal = duties.refusal(DUTIES, actor, dossier, transition)
            found.append(Step(transition, move, refusal.refusal_vi if refusal else ""))
    return found


def parse_transition(raw: str) -> Transition:
    """The transition named by a form or API body; BadInput naming the accepted values otherwise."""
    return duties.parse_step(Transition, raw)


def units_prepared_q(actor: Any) -> Q:
    """Units whose dossiers the actor may register: their village, their commune and its villages."""
    condition = Q(pk__in=[])
    for m in memberships_of(actor):
        if m.role == Role.VILLAGE_BOARD:
            condition |= Q(pk=m.unit_id, level=Level.VILLAGE)
        elif m.role == Role.COMMUNE_OFFICIAL and m.unit.level == Level.COMMUNE:
            condition |= Q(pk=m.unit_id) | Q(parent_id=m.unit_id, level=Level.VILLAGE)
    return condition


def may_register(actor: Any, unit: Unit) -> bool:
    """Whether `actor` may register a dossier for `unit` (the unit's own body; the system too)."""
    if actor is None:
        return True
    if not getattr(actor, "is_authenticated", False) or actor.is_superuser:
        return False
    return Unit.objects.filter(units_prepared_q(actor), pk=unit.pk).exists()
