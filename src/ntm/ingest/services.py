"""The Django side of imports: upload and extract, suggest the unit, confirm and save (all or nothing)."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ntm.common.audit import audit
from ntm.common.errors import BadInput, ImportRejected, NotFound, NtmError
from ntm.common.formats import format_date
from ntm.common.scope import Access, require_scope, visible_units
from ntm.common.text import fold, name_key
from ntm.criteria.catalog import get_set
from ntm.geo.models import Level, Succession, Unit
from ntm.monitoring.models import Observation, ReportedResult, Source
from ntm.monitoring.periods import Period
from ntm.monitoring.services import (
    Target,
    observation_key,
    record_observation,
    record_reported_result,
    stored_file_audit,
)

from .bounded import ReadTooLong, Report, read_report
from .models import ImportRecord, ImportStatus
from .readers import MAX_BYTES
from .records import retire_records, write_records
from .review import bare_name_key, names_differ

ALLOWED_SUFFIXES = (".txt", ".docx", ".pdf", ".doc")


@dataclass(frozen=True)
class DuplicateUpload:
    """A file whose bytes were already imported: the earlier import, and whether the actor may open it."""

    filename: str
    earlier: ImportRecord
    visible: bool


@dataclass(frozen=True)
class Refusal:
    """One file of a batch refused at upload, and why, in Vietnamese and English."""

    filename: str
    reason_vi: str
    reason_en: str
    slow: bool = False   # its reading went past the request's time limit: the worker, with longer ones, may read it

    @property
    def message_vi(self) -> str:
        """«bao-cao.pdf»: không đọc được tệp PDF."""
        named = self.reason_vi.startswith(f"«{self.filename}»")
        return self.reason_vi if named else f"«{self.filename}»: {self.reason_vi}"

    @property
    def message_en(self) -> str:
        """'bao-cao.pdf': not a readable PDF."""
        named = self.reason_en.startswith(f"'{self.filename}'")
        return self.reason_en if named else f"'{self.filename}': {self.reason_en}"


@dataclass
class UploadRejected(ImportRejected):
    """Files refused at upload (nothing of the batch was kept); `duplicates` names earlier imports."""

    duplicates: list[DuplicateUpload] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)


@dataclass
class UploadOutcome:
    """What an upload kept (pending confirmation), the files it left out (only when asked to keep the
    valid ones), and the background job reading the rest, if any (`ingest.jobs.upload_or_queue`)."""

    records: list[ImportRecord]
    refused: list[Refusal] = field(default_factory=list)
    job: Any = None


@dataclass(frozen=True)
class _ReadFile:
    name: str
    upload: Any
    content_hash: str
    text: str
    facts: dict[str, Any]


def content_hash(upload: Any) -> str:
    """The SHA-256 of an uploaded file's bytes, as 64 hex digits; the file is rewound."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _read_upload(upload: Any, reader: Callable[[Path], Report]) -> _ReadFile:
    name = Path(getattr(upload, "name", "") or "tệp").name
    if not name.lower().endswith(ALLOWED_SUFFIXES) or upload.size > MAX_BYTES:
        raise BadInput(f"«{name}»: chỉ nhận .txt, .docx, .pdf, .doc đến {MAX_BYTES // 2**20} MB",
                       f"'{name}': only .txt, .docx, .pdf, .doc up to {MAX_BYTES // 2**20} MB", field=name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        with path.open("wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
        report = reader(path)
    upload.seek(0)
    return _ReadFile(name, upload, content_hash(upload), report.text, report.facts)


def may_open(actor: Any, record: ImportRecord) -> bool:
    """The uploader and administrators may open (and replace) an import; nobody else."""
    return bool(getattr(actor, "is_superuser", False) or record.uploaded_by_id == actor.pk)


def live_twins(content_hash: str) -> list[ImportRecord]:
    """Imports of the same bytes that still count: pending or confirmed (discarded ones do not)."""
    return list(ImportRecord.objects.filter(content_hash=content_hash,
                                            status__in=[ImportStatus.PENDING, ImportStatus.CONFIRMED])
                .select_related("uploaded_by", "unit").order_by("uploaded_at", "id"))


def describe_import(record: ImportRecord, *, visible: bool = True) -> str:
    """«bao-cao.txt», tải lên ngày 30/11/2026 bởi can_bo, đơn vị Xã Cao Ngọc, Đã xác nhận."""
    when = format_date(timezone.localdate(record.uploaded_at))
    if not visible:
        return f"tải lên ngày {when} bởi một cán bộ khác, {record.get_status_display().lower()}"
    who = record.uploaded_by.username if record.uploaded_by else "hệ thống"
    unit = record.unit.name if record.unit else "chưa chọn đơn vị"
    return (f"lần nhập số {record.pk}, tệp «{record.filename}», tải lên ngày {when} bởi {who}, "
            f"đơn vị {unit}, {record.get_status_display().lower()}")


def _duplicate_problem(actor: Any, item: _ReadFile, earlier: ImportRecord, replace: bool) -> DuplicateUpload | None:
    """None when `item` may go ahead (replacement asked and allowed); otherwise what to tell the official."""
    visible = may_open(actor, earlier)
    if replace and visible:
        return None
    return DuplicateUpload(item.name, earlier, visible)


def _duplicate_message(problem: DuplicateUpload) -> str:
    told = describe_import(problem.earlier, visible=problem.visible)
    if not problem.visible:
        return (f"«{problem.filename}»: tệp này đã được nhập ({told}); chỉ người đã nhập hoặc quản trị viên "
                "mới thay thế được")
    return (f"«{problem.filename}»: tệp này đã được nhập ({told}). Không tạo bản trùng; nếu muốn thay bản cũ "
            "bằng tệp này, đánh dấu «Thay thế bản đã nhập» rồi tải lên lại")


@transaction.atomic
def upload_batch(*, actor: Any, uploads: list[Any], replace: bool = False, keep_valid: bool = False,
                 reader: Callable[[Path], Report] = read_report) -> UploadOutcome:
    """Read every file and keep their facts, pending confirmation: all files, or none (UploadRejected
    naming each refused file and why); with `keep_valid`, the valid files and the refused ones listed.

    A file whose bytes match a pending or confirmed import is refused, naming it, unless `replace`:
    then a pending twin is discarded now and a confirmed one is retired when the new file is confirmed.
    `reader` reads one file (the upload job passes one held to a time and memory limit).
    """
    read, refused, duplicates, seen = [], [], [], set()
    for upload in uploads:
        try:
            item = _read_upload(upload, reader)
        except NtmError as err:
            name = Path(str(getattr(upload, "name", "") or "tệp")).name
            refused.append(Refusal(name, err.message_vi, err.message_en, slow=isinstance(err, ReadTooLong)))
            continue
        if item.content_hash in seen:
            refused.append(Refusal(item.name, "trùng nội dung với một tệp khác trong cùng lần tải lên",
                                   "the same content as another file of this upload"))
            continue
        seen.add(item.content_hash)
        twins = live_twins(item.content_hash)
        problem = next((p for p in (_duplicate_problem(actor, item, t, replace) for t in twins) if p), None)
        if problem is not None:
            duplicates.append(problem)
            refused.append(Refusal(item.name, _duplicate_message(problem),
                                   f"already imported (import {problem.earlier.pk})" if problem.visible
                                   else "already imported by another official"))
            continue
        read.append((item, twins))
    if refused and not (keep_valid and read):
        raise _rejected(refused, duplicates)
    return UploadOutcome([_save_upload(actor, item, twins) for item, twins in read], refused)


def _rejected(refused: list[Refusal], duplicates: list[DuplicateUpload]) -> UploadRejected:
    errors = [r.message_vi for r in refused]
    return UploadRejected("Không tệp nào được lưu: " + "; ".join(errors),
                          "Nothing was kept: " + "; ".join(r.message_en for r in refused),
                          errors=errors, duplicates=duplicates, refusals=refused,
                          fields={r.filename: r.message_vi for r in refused})


def upload_reports(*, actor: Any, uploads: list[Any], replace: bool = False,
                   reader: Callable[[Path], Report] = read_report) -> list[ImportRecord]:
    """`upload_batch`, all files or none: the imports kept."""
    return upload_batch(actor=actor, uploads=uploads, replace=replace, reader=reader).records


def _save_upload(actor: Any, item: _ReadFile, twins: list[ImportRecord]) -> ImportRecord:
    confirmed = next((t for t in twins if t.status == ImportStatus.CONFIRMED), None)
    record = ImportRecord(filename=item.name, uploaded_by=actor if getattr(actor, "pk", None) else None,
                          content_hash=item.content_hash, text=item.text, facts=item.facts, replaces=confirmed)
    record.file.save(item.name, item.upload, save=False)
    record.save()
    audit(actor, "ingest.import.uploaded", record,
          after={"filename": item.name, "sha256": item.content_hash, "replaces": confirmed.pk if confirmed else None})
    for twin in twins:
        if twin.status == ImportStatus.PENDING:
            discard_import(actor=actor, record=twin, reason=f"thay bằng lần nhập số {record.pk}")
    return record


def upload_report(*, actor: Any, upload: Any, replace: bool = False) -> ImportRecord:
    """Read one uploaded report and keep its extracted facts, pending confirmation."""
    return upload_reports(actor=actor, uploads=[upload], replace=replace)[0]


@transaction.atomic
def discard_import(*, actor: Any, record: ImportRecord, reason: str = "") -> ImportRecord:
    """Set a pending upload aside (nothing of it was saved); the same file may then be uploaded again."""
    if not may_open(actor, record):
        raise NotFound("không tìm thấy tệp đã tải lên", "upload not found", field="import")
    if record.status != ImportStatus.PENDING:
        raise BadInput(f"«{record.filename}» đã được xử lý, không bỏ được",
                       f"'{record.filename}' was already handled", field=record.filename)
    record.status = ImportStatus.DISCARDED
    record.save(update_fields=["status"])
    audit(actor, "ingest.import.discarded", record, before={"status": ImportStatus.PENDING},
          after={"status": ImportStatus.DISCARDED, "reason": reason})
    return record


def pending_imports(actor: Any) -> list[ImportRecord]:
    """The actor's own uploads still waiting for confirmation."""
    return list(ImportRecord.objects.filter(uploaded_by=actor, status=ImportStatus.PENDING))


def get_import(actor: Any, pk: int) -> ImportRecord:
    """An upload of the actor's (or any, for an administrator); NotFound otherwise."""
    found = ImportRecord.objects.filter(pk=pk).first()
    if found is None or not may_open(actor, found):
        raise NotFound("không tìm thấy tệp đã tải lên", "upload not found", field="import")
    return found


def suggest_units(actor: Any, facts: dict[str, Any]) -> list[Unit]:
    """Units in the actor's scope whose name matches the report's, both schemes, communes first."""
    name = (facts.get("unit") or {}).get("name") or ""
    if not name:
        return []
    key = fold(name)
    candidates = visible_units(actor, Access.EDIT).filter(level__in=[Level.COMMUNE, Level.VILLAGE],
                                                          search_key__endswith=key)
    found = [u for u in candidates.select_related("parent")[:50] if fold(u.short_name) == key]
    district = fold((facts.get("unit") or {}).get("district") or "")
    if district:
        found.sort(key=lambda u: district not in fold(u.parent.name if u.parent else ""))
    return found


@dataclass
class Confirmation:
    """What the official confirmed for one file (the review form, corrected)."""

    unit: Unit
    set_id: str
    period: Period
    criteria_met: int | None = None
    criteria_total: int | None = None
    indicators_met: int | None = None
    indicators_total: int | None = None
    met: list[int] = field(default_factory=list)
    unmet: list[int] = field(default_factory=list)
    unmet_indicators: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    accept_other_name: bool = False  # the official ticked "the document names another unit, save anyway"


@dataclass(frozen=True)
class UnitMismatch:
    """The document names one unit, the official chose another (names as shown: «Xã Ngọc Phụng»)."""

    document: str
    chosen: str

    @property
    def message_vi(self) -> str:
        """The sentence the official ticks to save anyway."""
        return f"Tôi xác nhận văn bản nói về đơn vị khác tên: «{self.document}» ≠ «{self.chosen}»"


def document_unit_label(unit_facts: dict[str, Any]) -> str:
    """"Ngọc Phụng" of level commune → "Xã Ngọc Phụng"; a name that already has its level word stays."""
    name = (unit_facts.get("name") or "").strip()
    level = unit_facts.get("level")
    if not name or level not in Level.values or bare_name_key(name) != name_key(name):
        return name
    return f"{Level(level).label} {name}"


def unit_mismatch(facts: dict[str, Any], unit: Unit) -> UnitMismatch | None:
    """How the document's unit differs from `unit`, or None when it names that unit, one of its
    predecessors or successors in the 2025 merger, or no unit at all (tone placement and case ignored)."""
    unit_facts = facts.get("unit") or {}
    name = unit_facts.get("name") or ""
    level = unit_facts.get("level")
    if level in (Level.COMMUNE, Level.VILLAGE) and level != unit.level:
        return UnitMismatch(document_unit_label(unit_facts), unit.name)
    related = Succession.objects.filter(Q(predecessor=unit) | Q(successor=unit)).select_related(
        "predecessor", "successor")
    names = [unit.name, unit.short_name]
    names += [s.successor.short_name if s.predecessor_id == unit.pk else s.predecessor.short_name for s in related]
    if not names_differ(name, names):
        return None
    return UnitMismatch(document_unit_label(unit_facts), unit.name)


def _check_unit(actor: Any, record: ImportRecord, c: Confirmation) -> None:
    """Refuse a unit named differently from the document's, unless the official confirmed it (audited)."""
    mismatch = unit_mismatch(record.facts, c.unit)
    if mismatch is None:
        return
    if not c.accept_other_name:
        raise BadInput(f"«{record.filename}»: văn bản nói về «{mismatch.document}», đơn vị đã chọn là "
                       f"«{mismatch.chosen}». Kiểm tra lại đơn vị, hoặc đánh dấu ô xác nhận nếu đúng là đơn vị này",
                       f"'{record.filename}': the document names '{mismatch.document}', the chosen unit is "
                       f"'{mismatch.chosen}'; tick the confirmation to save anyway", field="accept_other_name")
    audit(actor, "ingest.import.other_name_accepted", record, unit_code=c.unit.key,
          after={"document_unit": mismatch.document, "chosen_unit": mismatch.chosen})


def _writes(c: Confirmation) -> list[tuple[Target, Any]]:
    writes: list[tuple[Target, Any]] = [(Target(c.set_id, criterion=n), "met") for n in c.met]
    writes += [(Target(c.set_id, criterion=n), "not_met") for n in c.unmet]
    writes += [(Target(c.set_id, indicator=code), {"assessed": "not_met"}) for code in c.unmet_indicators]
    writes += [(Target(c.set_id, indicator=code), raw) for code, raw in c.values.items()]
    return writes


def _attach_evidence(actor: Any, obs: Observation, record: ImportRecord) -> None:
    """The imported file becomes the value's evidence; the file it replaces is named in the audit."""
    if obs.evidence_file.name == record.file.name:
        return
    before = stored_file_audit(obs.evidence_file) if obs.evidence_file else None
    obs.evidence_file.name = record.file.name
    obs.save(update_fields=["evidence_file"])
    audit(actor, "monitoring.evidence.replaced" if before else "monitoring.evidence.attached", obs,
          unit_code=obs.unit.key, before=before, after={"file": record.file.name, "sha256": record.content_hash})


def _save_one(actor: Any, record: ImportRecord, c: Confirmation) -> int:
    require_scope(actor, c.unit, Access.EDIT)
    get_set(c.set_id)
    note = f"Nhập từ tệp «{record.filename}» (lần nhập số {record.pk})"
    errors, count = [], 0
    for target, raw in _writes(c):
        try:
            key = observation_key(c.unit, target, c.period)
            current = Observation.objects.filter(**key).values_list("version", flat=True).first()
            obs = record_observation(actor=actor, unit=c.unit, target=target, period=c.period, raw=raw,
                                     expected_version=current, evidence_note=note, source=Source.IMPORTED)
            _attach_evidence(actor, obs, record)
            count += 1
        except NtmError as err:
            errors.append(f"{record.filename}: {err.message_vi}")
    if errors:
        raise ImportRejected("; ".join(errors), "; ".join(errors), errors=errors, field=record.filename)
    if c.criteria_met is not None and c.criteria_total:
        record_reported_result(actor=actor, unit=c.unit, set_id=c.set_id, period=c.period,
                               criteria_met=c.criteria_met, criteria_total=c.criteria_total,
                               indicators_met=c.indicators_met, indicators_total=c.indicators_total,
                               document=record.filename, source=Source.IMPORTED)
    return count


@transaction.atomic
def confirm_imports(*, actor: Any, items: list[tuple[ImportRecord, Confirmation]]) -> int:
    """Save the confirmed facts of one or many files: every value of every file, or nothing."""
    total = 0
    for record, confirmation in items:
        if record.status != ImportStatus.PENDING:
            raise BadInput(f"«{record.filename}» đã được xử lý", f"'{record.filename}' was already handled",
                           field=record.filename)
        _check_unit(actor, record, confirmation)
        _check_no_confirmed_twin(record)
        if record.replaces is not None and record.replaces.status == ImportStatus.CONFIRMED:
            _retire(actor, record.replaces, by=record)
        total += _save_one(actor, record, confirmation)
        record.status, record.unit = ImportStatus.CONFIRMED, confirmation.unit
        record.set_id, record.period_key = confirmation.set_id, confirmation.period.key
        record.confirmed_by = actor if getattr(actor, "pk", None) else None
        record.confirmed_at = timezone.now()
        record.confirmed_facts = {k: record.facts.get(k) for k in ("funding", "works", "targets", "villages",
                                                                  "signer", "document")}
        record.save()
        records = write_records(actor=actor, record=record, unit=confirmation.unit, set_id=confirmation.set_id,
                                year=confirmation.period.year)
        audit(actor, "ingest.import.confirmed", record, unit_code=confirmation.unit.key,
              after={"set": confirmation.set_id, "period": confirmation.period.key, "values": total, **records})
    return total


def _check_no_confirmed_twin(record: ImportRecord) -> None:
    """A file confirmed once is not confirmed again, except by the import that replaces it."""
    if not record.content_hash:
        return
    twin = next((t for t in live_twins(record.content_hash)
                 if t.status == ImportStatus.CONFIRMED and t.pk not in (record.pk, record.replaces_id)), None)
    if twin is not None:
        raise BadInput(f"«{record.filename}»: tệp này đã được xác nhận ({describe_import(twin)})",
                       f"'{record.filename}': this file was already confirmed (import {twin.pk})",
                       field=record.filename)


def _retire(actor: Any, old: ImportRecord, *, by: ImportRecord) -> None:
    """Take back what `old` stated as totals (its ReportedResult row) and the programme records it wrote
    (ingest/records.py) before `by` saves its own.

    Observations need nothing here: `by` updates them in place, version-checked, through
    record_observation; a totals row is keyed by its document, so the old one would stay beside it.
    """
    rows = ReportedResult.objects.filter(unit=old.unit, set_id=old.set_id, period_key=old.period_key,
                                         document=old.filename)
    removed = [{"unit": old.unit.key if old.unit else None, "set": r.set_id, "period": r.period_key,
                "criteria": f"{r.criteria_met}/{r.criteria_total}", "document": r.document} for r in rows]
    rows.delete()
    retired = retire_records(actor=actor, old=old)
    old.status = ImportStatus.REPLACED
    old.save(update_fields=["status"])
    audit(actor, "ingest.import.replaced", old, unit_code=old.unit.key if old.unit else "",
          before={"status": ImportStatus.CONFIRMED, "reported_results": removed, "records": retired},
          after={"status": ImportStatus.REPLACED, "replaced_by": by.pk, "filename": by.filename})


def proposed_confirmation(actor: Any, record: ImportRecord) -> Confirmation | None:
    """The confirmation the extracted facts suggest, when the unit and set are unambiguous."""
    from .review import default_period

    units = suggest_units(actor, record.facts)
    assessments = record.facts.get("assessments") or []
    if len(units) != 1 or not assessments:
        return None
    first = assessments[0]
    period_key = default_period(first.get("as_of"), (record.facts.get("document") or {}).get("period"))
    try:
        period = Period.parse(period_key)
        from ntm.monitoring.selectors import choose_set

        cset = choose_set(units[0], period)
    except NtmError:
        return None
    values = {v["code"]: v["value"] for v in record.facts.get("indicator_values") or []
              if v.get("code") and cset.indicator(v["code"]) is not None}
    return Confirmation(units[0], cset.id, period, first.get("criteria_met"), first.get("criteria_total"),
                        first.get("indicators_met"), first.get("indicators_total"), first.get("met_criteria") or [],
                        first.get("unmet_criteria") or [], first.get("unmet_indicators") or [], values)
