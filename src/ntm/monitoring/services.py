"""Writes to observations: one value at a time, whole, audited, with stale edits refused."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import filetype
from django.db import IntegrityError, transaction

from ntm.common.audit import actor_label, audit
from ntm.common.errors import BadInput, StaleEdit
from ntm.common.scope import Access, require_scope
from ntm.criteria.catalog import family_of, get_set
from ntm.criteria.inputs import parse_status, parse_value
from ntm.criteria.model import Status
from ntm.geo.models import Unit

from .models import Observation, ObservationChange, ReportedResult, Source
from .periods import Period
from .review import require_writable
from .sets import require_set_fits


@dataclass(frozen=True)
class Target:
    """What an observation is about: one indicator, or a whole criterion (`criterion` set)."""

    set_id: str
    indicator: str = ""
    criterion: int | None = None


def observation_key(unit: Unit, target: Target, period: Period) -> dict[str, Any]:
    """The fields that identify an observation; BadInput for a criterion or code the set lacks."""
    cset = get_set(target.set_id)
    require_set_fits(unit, cset)
    if target.indicator:
        ind = cset.indicator(target.indicator)
        if ind is None:
            raise BadInput(f"bộ {cset.id} không có chỉ tiêu «{target.indicator}»",
                           f"set {cset.id} has no indicator '{target.indicator}'", field="indicator")
        criterion = ind.criterion
    elif target.criterion in {c.number for c in cset.criteria}:
        criterion = target.criterion
    else:
        raise BadInput(f"bộ {cset.id} không có tiêu chí {target.criterion}",
                       f"set {cset.id} has no criterion {target.criterion}", field="criterion")
    return {"unit": unit, "set_family": family_of(cset), "criterion": criterion, "indicator": target.indicator,
            "period_key": period.key}


def require_some_value(raw: Any) -> None:
    """BadInput for a write that gives no value ({} or only a version): it must not clear the saved one."""
    empty = raw is None or raw == "" or (isinstance(raw, dict) and all(v in (None, "") for v in raw.values()))
    if empty:
        raise BadInput("chưa nhập giá trị nào để lưu", "no value given to save", field="value")


def _apply(obs: Observation, target: Target, raw: Any) -> None:
    """Put a raw value (figure, bool, {numerator, denominator}, {assessed}) on `obs`, validated."""
    if not target.indicator:
        obs.assessed = parse_status(raw, "assessed").value
        return
    ind = get_set(target.set_id).indicator(target.indicator)
    assert ind is not None  # checked by _lookup
    value = parse_value(ind, raw, field="value")
    obs.value = value.value if isinstance(value.value, Decimal) else None
    obs.value_bool = value.value if isinstance(value.value, bool) else None
    obs.numerator, obs.denominator = value.numerator, value.denominator
    obs.assessed = value.assessed.value if value.assessed else ""


@transaction.atomic
def record_observation(*, actor: Any, unit: Unit, target: Target, period: Period, raw: Any,
                       expected_version: int | None = None, evidence_note: str = "",
                       source: str = Source.ENTERED) -> Observation:
    """Save one value; raise StaleEdit if it changed since `expected_version` (None = new)."""
    require_scope(actor, unit, Access.EDIT)
    require_some_value(raw)
    key = observation_key(unit, target, period)
    require_writable(unit, key["set_family"], period)
    obs = current_for_update(key)
    if obs is not None and obs.version != expected_version:
        raise StaleEdit("giá trị đã được người khác sửa sau khi bạn mở biểu mẫu",
                        "the value was changed by someone else since you opened the form",
                        field="version", current=obs)
    if obs is None and expected_version not in (None, 0):
        raise StaleEdit("giá trị đã bị xóa sau khi bạn mở biểu mẫu", "the value was deleted since you opened the form",
                        field="version")
    before = obs.as_audit() if obs else None
    obs = obs or Observation(**key, period_end=period.end, version=0)
    _apply(obs, target, raw)
    obs.evidence_note, obs.source = evidence_note, source
    if before is not None and obs.as_audit() == before:
        return obs  # nothing changed: no new version, no history entry
    obs.version += 1
    obs.author = actor if getattr(actor, "pk", None) else None
    obs.full_clean(exclude=["evidence_file", "unit", "author"])
    _save_checked(obs, key)
    after = obs.as_audit()
    ObservationChange.objects.create(observation=obs, version=obs.version, actor=obs.author,
                                     actor_label=actor_label(actor), old=before, new=after)
    audit(actor, "monitoring.observation.saved", obs, unit_code=unit.key, before=before, after=after)
    return obs


def current_for_update(key: dict[str, Any]) -> Observation | None:
    """The stored observation, row-locked where the database can (PostgreSQL)."""
    return Observation.objects.select_for_update().filter(**key).first()


def _save_checked(obs: Observation, key: dict[str, Any]) -> None:
    """Write `obs` only if nobody wrote it since it was read: compare-and-set on the version.

    SQLite has no row locks, so two transactions may both have read version n: the conditional
    UPDATE lets only the first one write; the other gets StaleEdit, never a silent overwrite.
    """
    stale = StaleEdit("giá trị đã được người khác sửa trong lúc bạn lưu", "the value was changed while saving",
                      field="version")
    if obs.pk is None:
        try:
            with transaction.atomic():
                obs.save()
        except IntegrityError as err:  # created meanwhile by someone else
            stale.current = Observation.objects.filter(**key).first()
            raise stale from err
        return
    if not Observation.objects.filter(pk=obs.pk, version=obs.version - 1).update(version=obs.version):
        stale.current = Observation.objects.filter(pk=obs.pk).first()
        raise stale
    obs.save()


EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_TYPES = {".pdf": "PDF", ".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".docx": "Word",
                  ".xlsx": "Excel", ".doc": "Word", ".xls": "Excel"}
# What the content must be for each extension, as `filetype` names it from the first bytes. Office files are ZIP
# (docx, xlsx; some writers put the part names that tell them apart after the first bytes) or OLE2 (doc, xls).
EVIDENCE_CONTENT = {".pdf": {"pdf"}, ".jpg": {"jpg"}, ".jpeg": {"jpg"}, ".png": {"png"}, ".docx": {"docx", "zip"},
                    ".xlsx": {"xlsx", "zip"}, ".doc": {"doc", "ole2"}, ".xls": {"xls", "ole2"}}
_OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def check_evidence_file(upload: Any) -> None:
    """Refuse an evidence file over 10 MB or of a type not allowed, naming the limit."""
    name = getattr(upload, "name", "") or ""
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    if suffix not in EVIDENCE_TYPES:
        allowed = ", ".join(sorted(EVIDENCE_TYPES))
        raise BadInput(f"tệp «{name}» không thuộc loại cho phép ({allowed})",
                       f"file '{name}' is not an allowed type ({allowed})", field="evidence_file")
    if upload.size > EVIDENCE_MAX_BYTES:
        raise BadInput(f"tệp «{name}» lớn hơn 10 MB", f"file '{name}' is larger than 10 MB", field="evidence_file")
    if sniffed_type(upload) not in EVIDENCE_CONTENT[suffix]:
        raise BadInput(f"nội dung tệp «{name}» không phải là {EVIDENCE_TYPES[suffix]} như tên tệp cho biết",
                       f"the content of '{name}' is not {EVIDENCE_TYPES[suffix]} as its name says",
                       field="evidence_file")


def sniffed_type(upload: Any) -> str | None:
    """The file's type from its first bytes ("pdf", "png", "docx", "zip", "ole2", ...), None if unknown."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None:
        return str(kind.extension)
    return "ole2" if head.startswith(_OLE2_MAGIC) else None


@dataclass(frozen=True)
class Entry:
    """One value of a multi-value save: what, the raw value, and the version the form saw."""

    target: Target
    raw: Any
    expected_version: int | None


@transaction.atomic
def record_observations(*, actor: Any, unit: Unit, period: Period, entries: list[Entry], evidence_note: str = "",
                        evidence_file: Any = None, source: str = Source.ENTERED) -> list[Observation]:
    """Save several values at once (one criterion's form): all of them, or none."""
    if evidence_file is not None:
        check_evidence_file(evidence_file)
    saved = [record_observation(actor=actor, unit=unit, target=e.target, period=period, raw=e.raw,
                                expected_version=e.expected_version, evidence_note=evidence_note, source=source)
             for e in entries]
    if evidence_file is not None:
        sha256 = _sha256(evidence_file.chunks())
        for obs in saved:
            before = stored_file_audit(obs.evidence_file) if obs.evidence_file else None
            obs.evidence_file.save(evidence_file.name, evidence_file, save=True)
            evidence_file.seek(0)
            audit(actor, "monitoring.evidence.replaced" if before else "monitoring.evidence.attached", obs,
                  unit_code=unit.key, before=before, after={"file": obs.evidence_file.name, "sha256": sha256})
    return saved


def stored_file_audit(file: Any) -> dict[str, str]:
    """A stored evidence file's name and SHA-256 for the audit (no hash when the file is gone from storage)."""
    try:
        with file.open("rb") as stored:
            return {"file": file.name, "sha256": _sha256(stored.chunks())}
    except OSError:
        return {"file": file.name, "sha256": ""}


def _sha256(chunks: Any) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


@transaction.atomic
def record_reported_result(*, actor: Any, unit: Unit, set_id: str, period: Period, criteria_met: int,
                           criteria_total: int, indicators_met: int | None = None,
                           indicators_total: int | None = None, quote: str = "", document: str = "",
                           source: str = Source.ENTERED) -> ReportedResult:
    """Keep the totals a document stated, beside what ntm computes from the data (a province office may, from
    its bulletins: a quoted statement, not a measured value)."""
    require_scope(actor, unit, Access.RECORD_STATED)
    cset = get_set(set_id)
    require_set_fits(unit, cset)
    check_reported_totals(cset.id, len(cset.criteria), criteria_met, criteria_total, indicators_met, indicators_total)
    result, _ = ReportedResult.objects.update_or_create(
        unit=unit, set_id=set_id, period_key=period.key, document=document,
        defaults={"criteria_met": criteria_met, "criteria_total": criteria_total, "indicators_met": indicators_met,
                  "indicators_total": indicators_total, "quote": quote, "source": source},
    )
    audit(actor, "monitoring.reported_result.saved", result, unit_code=unit.key,
          after={"set": set_id, "period": period.key, "criteria": f"{criteria_met}/{criteria_total}",
                 "indicators": f"{indicators_met}/{indicators_total}"})
    return result


# A document counts indicators its own way (seed 001 states 51/57 under a set of 56), so the set's count cannot
# bound them; no programme set has had more than 60, and this bound only stops a typo such as 99999999.
MAX_REPORTED_INDICATORS = 200


def check_reported_totals(set_id: str, criteria_in_set: int, criteria_met: int, criteria_total: int,
                          indicators_met: int | None, indicators_total: int | None) -> None:
    """BadInput unless 0 ≤ met ≤ total, the criteria within the set's count, the indicators within reason."""
    if not 0 < criteria_total <= criteria_in_set:
        raise BadInput(f"tổng số tiêu chí phải từ 1 đến {criteria_in_set} (số tiêu chí của bộ {set_id})",
                       f"the criteria total must be between 1 and {criteria_in_set} (the criteria of {set_id})",
                       field="criteria_total")
    if not 0 <= criteria_met <= criteria_total:
        raise BadInput("số tiêu chí đạt phải từ 0 đến tổng số", "criteria met must be between 0 and the total",
                       field="criteria_met")
    if (indicators_met is None) != (indicators_total is None):
        raise BadInput("cần cả số chỉ tiêu đạt và tổng số chỉ tiêu", "give both indicators met and their total",
                       field="indicators_total")
    if indicators_total is not None and not 0 < indicators_total <= MAX_REPORTED_INDICATORS:
        raise BadInput(f"tổng số chỉ tiêu phải từ 1 đến {MAX_REPORTED_INDICATORS}",
                       f"the indicators total must be between 1 and {MAX_REPORTED_INDICATORS}",
                       field="indicators_total")
    if indicators_met is not None and not 0 <= indicators_met <= (indicators_total or 0):
        raise BadInput("số chỉ tiêu đạt phải từ 0 đến tổng số", "indicators met must be between 0 and the total",
                       field="indicators_met")


def status_from(text: str) -> Status | None:
    """The stored assessment as a Status (blank → None)."""
    return Status(text) if text else None
