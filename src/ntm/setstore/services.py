"""Writes to the database sets: import, create, edit a draft, publish. One transaction each, checked and audited.

Every document goes through criteria.catalog.load_text: the same checks and messages as a file.
A published version is never changed: editing it opens a new draft version.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ntm.common.audit import audit
from ntm.common.errors import BadInput, CatalogError, NotAllowed, NotFound, StaleEdit
from ntm.criteria.catalog import all_sets, file_sets, get_set, load_text
from ntm.criteria.model import CriteriaSet

from . import documents
from .models import SetState, SetVersion, ThresholdSource
from .permissions import keeps, require_publisher
from .provider import forget


def check_document(text: str, name: str) -> CriteriaSet:
    """The set the document describes, resolved against the catalogue; BadInput with the loader's message."""
    try:
        header_id = (documents.read(text) or {}).get("id")
    except Exception:  # noqa: BLE001 - broken YAML: the loader names the line below
        header_id = None
    known = {k: v for k, v in all_sets().items() if k != header_id}
    try:
        cset = load_text(text, name, known)
    except CatalogError as err:
        raise BadInput(err.message_vi, err.message_en, field=err.field) from err
    replaced = file_sets().get(cset.id)
    if replaced is not None and not _replaces(cset, replaced):
        raise BadInput(f"{name}: mã bộ tiêu chí «{cset.id}» đã có trong danh mục tệp; đặt mã khác (chỉ bộ quốc "
                       "gia cùng cấp, cùng loại mới thay được bộ quốc gia trong tệp)",
                       f"{name}: set id '{cset.id}' belongs to a catalogue file; choose another id (only a national "
                       "set of the same level and kind replaces a national file set)", field="id")
    return cset


def _replaces(cset: CriteriaSet, replaced: CriteriaSet) -> bool:
    """True when `cset` may stand in for the file set `replaced`: both national, same level and kind (the
    observations and scorecards of the file set carry over under the same id)."""
    return (replaced.province is None and cset.province is None and cset.level == replaced.level
            and cset.kind == replaced.kind)


def _require_keeper(actor: Any, province_code: str) -> None:
    if not keeps(actor, province_code):
        raise NotAllowed("bạn không được sửa bộ tiêu chí này (văn phòng điều phối tỉnh sửa bộ của tỉnh mình, "
                         "quản trị hệ thống sửa bộ quốc gia)",
                         "you may not edit this set (a province office keeps its province's sets, the "
                         "administrator the national ones)", field="province")


def _fill(version: SetVersion, text: str, cset: CriteriaSet) -> None:
    version.content = text
    version.extends = cset.extends or ""
    version.level, version.province_code, version.title = cset.level, cset.province or "", cset.title
    version.decision = cset.decision_label if cset.decision else ""
    version.valid_from, version.valid_to = cset.valid_from, cset.valid_to


@transaction.atomic
def save_new_version(*, actor: Any, text: str, name: str) -> SetVersion:
    """Store a document as the set's draft (a new version, or the open draft replaced); BadInput if invalid."""
    cset = check_document(text, name)
    _require_keeper(actor, cset.province or "")
    draft = SetVersion.objects.select_for_update().filter(set_id=cset.id, state=SetState.DRAFT).first()
    if draft is not None:
        _require_keeper(actor, draft.province_code)
        before = draft.as_audit()
        _fill(draft, text, cset)
        draft.revision += 1
        draft.edited_by = _user(actor)
        draft.save()
        audit(actor, "setstore.set.edited", draft, before=before, after=draft.as_audit())
        return draft
    latest = SetVersion.objects.filter(set_id=cset.id).aggregate(n=Max("version"))["n"] or 0
    if latest:
        _require_keeper(actor, SetVersion.objects.get(set_id=cset.id, version=latest).province_code)
    version = SetVersion(set_id=cset.id, version=latest + 1, created_by=_user(actor), edited_by=_user(actor))
    _fill(version, text, cset)
    version.save()
    audit(actor, "setstore.set.drafted", version, after=version.as_audit())
    return version


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def import_set(*, actor: Any, text: str, name: str, publish: bool = False) -> SetVersion:
    """Load a document in the catalogue format into the database as a draft, published at once if asked."""
    version = save_new_version(actor=actor, text=text, name=name)
    if publish:
        version = publish_version(actor=actor, version=version, revision=version.revision)
    return version


def create_variant(*, actor: Any, parent_id: str, set_id: str, title: str, province_code: str,
                   decision: dict[str, Any], valid_from: dt.date, valid_to: dt.date | None) -> SetVersion:
    """A new provincial variant of a set (`extends`), changing nothing yet, as a draft."""
    parent = get_set(parent_id)
    _require_keeper(actor, province_code)
    if SetVersion.objects.filter(set_id=set_id).exists() or set_id in all_sets():
        raise BadInput(f"mã bộ tiêu chí «{set_id}» đã được dùng", f"set id '{set_id}' is taken", field="set_id")
    doc = documents.variant_document(parent, set_id=set_id, title=title, province=province_code,
                                     decision=decision, valid_from=valid_from, valid_to=valid_to)
    return save_new_version(actor=actor, text=documents.write(doc), name=f"db:{set_id}@v1.yaml")


def create_copy(*, actor: Any, source_id: str, set_id: str, title: str, province_code: str) -> SetVersion:
    """A new set of its own holding every criterion and indicator of `source_id` (to complete or change)."""
    _require_keeper(actor, province_code)
    if SetVersion.objects.filter(set_id=set_id).exists() or set_id in all_sets():
        raise BadInput(f"mã bộ tiêu chí «{set_id}» đã được dùng", f"set id '{set_id}' is taken", field="set_id")
    doc = documents.standalone_document(get_set(source_id), set_id=set_id, title=title, province=province_code)
    return save_new_version(actor=actor, text=documents.write(doc), name=f"db:{set_id}@v1.yaml")


def _editable(actor: Any, version: SetVersion, revision: int | None) -> SetVersion:
    version = SetVersion.objects.get(pk=version.pk)  # as stored now, whatever the caller holds
    _require_keeper(actor, version.province_code)
    if version.state != SetState.DRAFT:
        raise BadInput("bộ đã ban hành không sửa trực tiếp: mở một bản nháp mới",
                       "a published set is never edited in place: open a new draft", field="state")
    if revision is not None and version.revision != revision:
        raise StaleEdit("bộ tiêu chí vừa được người khác sửa; tải lại trang", "the set changed since you loaded it",
                        field="revision", current=version)
    return version


def save_content(*, actor: Any, version: SetVersion, text: str, revision: int | None) -> SetVersion:
    """Replace a draft's whole document (the YAML editor); BadInput with the loader's message, StaleEdit."""
    version = _editable(actor, version, revision)
    cset = check_document(text, version.document_name)
    if cset.id != version.set_id:
        raise BadInput("không đổi mã của bộ tiêu chí đang sửa", "the set id cannot change", field="id")
    return save_new_version(actor=actor, text=text, name=version.document_name)


def save_indicator(*, actor: Any, version: SetVersion, criterion: int, fields: dict[str, Any],
                   revision: int | None) -> SetVersion:
    """Change or add one indicator of a draft (a variant records it as an override or an addition)."""
    version = _editable(actor, version, revision)
    doc = documents.read(version.content)
    parent = all_sets().get(doc.get("extends") or "")
    text = documents.write(documents.set_indicator(doc, parent, criterion, fields))
    return save_content(actor=actor, version=version, text=text, revision=version.revision)


def remove_indicator(*, actor: Any, version: SetVersion, code: str, revision: int | None) -> SetVersion:
    """Drop one indicator from a draft (a variant lists an inherited one as removed); BadInput if that would
    leave a criterion without indicators or the indicator is not in the draft."""
    version = _editable(actor, version, revision)
    doc = documents.read(version.content)
    parent = all_sets().get(doc.get("extends") or "")
    before = load_text(version.content, version.document_name, _others(version.set_id))
    if before.indicator(code) is None:
        raise NotFound(f"không có chỉ tiêu «{code}» trong bộ này", f"no indicator '{code}' in this set", field="code")
    criterion = next(c for c in before.criteria if any(i.code == code for i in c.indicators))
    if len(criterion.indicators) == 1:
        raise BadInput(f"tiêu chí {criterion.number} phải còn ít nhất một chỉ tiêu: thêm chỉ tiêu mới trước khi bỏ "
                       f"chỉ tiêu {code}", f"criterion {criterion.number} must keep at least one indicator: add the "
                       f"new indicators before removing {code}", field="code")
    text = documents.write(documents.remove_indicator(doc, parent, code))
    return save_content(actor=actor, version=version, text=text, revision=version.revision)


def _others(set_id: str) -> dict[str, CriteriaSet]:
    return {k: v for k, v in all_sets().items() if k != set_id}


@transaction.atomic
def save_indicator_and_source(*, actor: Any, version: SetVersion, criterion: int, fields: dict[str, Any],
                              revision: int | None, source: dict[str, Any] | None = None,
                              copy: Any = None) -> SetVersion:
    """The editor's form: one indicator and, when given, its decision, article and page copy, whole or not at all."""
    version = save_indicator(actor=actor, version=version, criterion=criterion, fields=fields, revision=revision)
    if source or copy is not None:
        save_source(actor=actor, set_id=version.set_id, province_code=version.province_code,
                    indicator=str(fields["code"]), fields=source or {}, copy=copy)
    return version


@transaction.atomic
def open_draft(*, actor: Any, set_id: str) -> SetVersion:
    """The set's open draft, or a new draft version copied from its newest version (for a national file set
    with no version yet, version 1 holding the file's text: administrators only)."""
    current = SetVersion.objects.filter(set_id=set_id).order_by("-version").first()
    if current is None:
        return _first_draft_of_file(actor, set_id)
    _require_keeper(actor, current.province_code)
    if current.state == SetState.DRAFT:
        return current
    draft = SetVersion(set_id=set_id, version=current.version + 1, created_by=_user(actor), edited_by=_user(actor))
    for key in ("content", "extends", "level", "province_code", "title", "decision", "valid_from", "valid_to"):
        setattr(draft, key, getattr(current, key))
    draft.save()
    audit(actor, "setstore.set.drafted", draft, after=draft.as_audit())
    return draft


def _first_draft_of_file(actor: Any, set_id: str) -> SetVersion:
    """Version 1 of a national file set, as a draft holding the file's text (the administrator completes it; once
    published it replaces the file for evaluation, under the same id)."""
    cset = file_sets().get(set_id)
    if cset is None or cset.province is not None:
        raise NotFound(f"không có bộ tiêu chí «{set_id}» trong cơ sở dữ liệu (bộ của tỉnh trong tệp danh mục: tạo "
                       "bộ theo bộ này)", f"no database set '{set_id}' (a provincial file set: create a variant "
                       "of it)", field="set_id")
    _require_keeper(actor, "")
    return save_new_version(actor=actor, text=Path(cset.path).read_text(encoding="utf-8"),
                            name=f"db:{set_id}@v1.yaml")


@transaction.atomic
def publish_version(*, actor: Any, version: SetVersion, revision: int | None) -> SetVersion:
    """Publish a draft: the previous published version is superseded; the engine uses it at once."""
    version = _editable(actor, SetVersion.objects.select_for_update().get(pk=version.pk), revision)
    require_publisher(actor, version)
    check_document(version.content, version.document_name)
    before = version.as_audit()
    for old in SetVersion.objects.select_for_update().filter(set_id=version.set_id, state=SetState.PUBLISHED):
        old.state = SetState.SUPERSEDED
        old.save(update_fields=["state", "updated_at"])
        audit(actor, "setstore.set.superseded", old, after={"state": old.state})
    version.state, version.published_by, version.published_at = SetState.PUBLISHED, _user(actor), timezone.now()
    version.save()
    audit(actor, "setstore.set.published", version, before=before, after=version.as_audit())
    transaction.on_commit(forget)
    forget()
    return version


@transaction.atomic
def save_source(*, actor: Any, set_id: str, province_code: str, indicator: str, fields: dict[str, Any],
                copy: Any = None) -> ThresholdSource:
    """Record a threshold's decision, article and status, and keep a copy of the page (PDF/image, ≤ 10 MB)."""
    _require_keeper(actor, province_code)
    source = ThresholdSource.objects.filter(set_id=set_id, indicator=indicator).first()
    before = _source_audit(source) if source else None
    source = source or ThresholdSource(set_id=set_id, indicator=indicator)
    for key in ("decision_number", "decision_date", "article", "status"):
        if key in fields:
            setattr(source, key, fields[key])
    if copy is not None:
        source.copy = copy
    source.uploaded_by = _user(actor)
    try:
        source.full_clean()
    except ValidationError as err:
        field, problems = next(iter(err.message_dict.items()))
        raise BadInput(f"nguồn của chỉ tiêu {indicator}: {' '.join(problems)}",
                       f"source of indicator {indicator}: {' '.join(problems)}", field=field) from err
    source.save()
    audit(actor, "setstore.source.saved", source, before=before, after=_source_audit(source))
    return source


def _source_audit(source: ThresholdSource) -> dict[str, Any]:
    return {"set_id": source.set_id, "indicator": source.indicator, "decision_number": source.decision_number,
            "decision_date": source.decision_date.isoformat() if source.decision_date else None,
            "article": source.article, "status": source.status, "copy": source.copy.name or ""}
