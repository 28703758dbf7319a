"""The shape every finance write shares: who may write, lock, check the revision, save, audit."""

from __future__ import annotations

from typing import Any

from django.db import models

from ntm.common.audit import audit
from ntm.common.errors import NotAllowed, OutOfScope, StaleEdit
from ntm.common.scope import Access, require_scope
from ntm.geo.models import Level, Unit

from .fields import bad, check_revision


def commune_of(unit: Unit) -> Unit:
    """A village's commune; a commune (or any other unit) is its own."""
    return unit.parent if unit.level == Level.VILLAGE and unit.parent else unit


def require_edit(actor: Any, unit: Unit) -> None:
    """OutOfScope (404) for outsiders; NotAllowed (403) for those who may only read, such as the province office."""
    try:
        require_scope(actor, unit, Access.EDIT)
    except OutOfScope:
        require_scope(actor, unit, Access.VIEW)
        raise NotAllowed("bạn chỉ được xem, không được sửa số liệu của đơn vị này",
                         "you may read this unit's records but not change them", field="unit") from None


def fit(obj: models.Model) -> None:
    """Refuse a text longer than its column, naming the field (the database would fail less kindly)."""
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        limit = getattr(field, "max_length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            raise bad(field.name, f"dài quá {limit} ký tự", f"longer than {limit} characters")


def locked[M: models.Model](obj: M) -> M:
    """The row again, locked until the transaction ends (so two saves cannot both pass the revision check)."""
    return type(obj).objects.select_for_update().get(pk=obj.pk)  # type: ignore[attr-defined,no-any-return]


def _entity(obj: models.Model) -> str:
    return f"finance.{obj._meta.model_name}"


def require_absent(expected_revision: int | None) -> None:
    """A form that saw a row (it sends the row's revision) finds it gone: someone deleted it meanwhile."""
    if expected_revision is not None:
        raise StaleEdit("mục này vừa bị người khác xóa; hãy tải lại trang", "this record was deleted meanwhile; reload",
                        field="revision")


def save_created[M: models.Model](actor: Any, obj: M, unit: Unit) -> M:
    fit(obj)
    obj.save()
    audit(actor, f"{_entity(obj)}.created", obj, unit_code=unit.key, after=obj.as_audit())  # type: ignore[attr-defined]
    return obj


def save_changed[M: models.Model](actor: Any, obj: M, changes: dict[str, Any], expected_revision: int | None,
                                  unit: Unit) -> M:
    """Apply `changes` to the locked row if it is still at `expected_revision`; raise StaleEdit otherwise."""
    obj = locked(obj)
    check_revision(obj, expected_revision)
    before = obj.as_audit()  # type: ignore[attr-defined]
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.revision += 1  # type: ignore[attr-defined]
    fit(obj)
    obj.save()
    audit(actor, f"{_entity(obj)}.changed", obj, unit_code=unit.key, before=before,
          after=obj.as_audit())  # type: ignore[attr-defined]
    return obj


def delete_checked(actor: Any, obj: models.Model, expected_revision: int | None, unit: Unit) -> None:
    obj = locked(obj)
    check_revision(obj, expected_revision)
    audit(actor, f"{_entity(obj)}.deleted", obj, unit_code=unit.key, before=obj.as_audit())  # type: ignore[attr-defined]
    obj.delete()
