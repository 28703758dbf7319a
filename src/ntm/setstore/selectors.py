"""Reads of the database sets: the list with threshold counts, one version in scope, the what-if."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from ntm.common.errors import NotFound
from ntm.criteria.catalog import all_sets, file_sets
from ntm.criteria.model import CriteriaSet
from ntm.geo.models import Level, Unit

from . import documents
from .models import SetState, SetVersion, ThresholdSource
from .permissions import keeps, kept_provinces


@dataclass(frozen=True)
class SetRow:
    """One line of the sets page: a file set or a database set (its newest version the actor may see)."""

    set_id: str
    title: str
    level: str
    province: str
    extends: str
    decision: str
    origin: str  # "file" or "db"
    state: str  # "published" for files
    version: int | None
    counts: dict[str, int] = field(default_factory=dict)
    editable: bool = False
    province_name: str = ""  # "Thanh Hóa" for province "38"; "" for a national set


def visible_versions(actor: Any) -> Any:
    """Published versions (public law) and the drafts and superseded versions of the sets the actor keeps."""
    provinces = kept_provinces(actor)
    return SetVersion.objects.filter(Q(state=SetState.PUBLISHED) | Q(province_code__in=provinces))


def find_version(actor: Any, set_id: str, version: int | None = None) -> SetVersion | None:
    """The given version, else the newest the actor may see (a draft first for its keepers), or None."""
    rows = visible_versions(actor).filter(set_id=set_id)
    return rows.filter(version=version).first() if version else rows.order_by("-version").first()


def get_version(actor: Any, set_id: str, version: int | None = None) -> SetVersion:
    """The given version, else the newest the actor may see (a draft first for its keepers); NotFound."""
    found = find_version(actor, set_id, version)
    if found is None:
        raise NotFound(f"không có bộ tiêu chí «{set_id}»", f"no criteria set '{set_id}'", field="set_id")
    return found


def set_rows(actor: Any) -> list[SetRow]:
    """Every file set and every database set the actor may see, with threshold counts by status."""
    newest: dict[str, SetVersion] = {}
    for version in visible_versions(actor).order_by("set_id", "-version"):
        newest.setdefault(version.set_id, version)
    # A national file set with database versions is shown once, by its newest version the actor may see.
    rows = [SetRow(s.id, s.title, s.level, s.province or "", s.extends or "", s.decision_label, "file", "published",
                   None, documents.status_counts(s)) for s in file_sets().values() if s.id not in newest]
    for version in newest.values():
        cset = resolved(version)
        rows.append(SetRow(version.set_id, version.title, version.level, version.province_code, version.extends,
                           version.decision, "db", version.state, version.version,
                           documents.status_counts(cset) if cset else {},
                           keeps(actor, version.province_code)))
    names = province_names([r.province for r in rows])
    rows = [dataclasses.replace(r, province_name=names.get(r.province, "")) for r in rows]
    return sorted(rows, key=lambda r: (r.level, r.province, r.set_id))


def province_names(codes: Any) -> dict[str, str]:
    """Province code (the new scheme's, as the catalogue keeps it) → short name, e.g. "38" → "Thanh Hóa"; one query.
    A code only the old scheme knows takes that name; an unknown code maps to itself."""
    wanted = {c for c in codes if c}
    names: dict[str, str] = {}
    for code, name in (Unit.objects.filter(level=Level.PROVINCE, code__in=wanted)
                       .order_by("-scheme").values_list("code", "short_name")):
        names[code] = name  # "2025" sorts after "legacy" descending: the new scheme's name is written last, and wins
    return {c: names.get(c, c) for c in wanted}


def resolved(version: SetVersion) -> CriteriaSet | None:
    """The version as the engine would read it (None if its document no longer resolves)."""
    from ntm.common.errors import CatalogError
    from ntm.criteria.catalog import load_text

    known = {k: v for k, v in all_sets().items() if k != version.set_id}
    try:
        return load_text(version.content, version.document_name, known)
    except CatalogError:
        return None


def export_text(actor: Any, set_id: str) -> str:
    """The set in the catalogue's YAML format: a database set's newest visible version (a national file set's
    too, once the administrator keeps it in the database), else a file set's file as it is."""
    from .provider import database_off

    cset = file_sets().get(set_id)
    version = None if cset is not None and (cset.province or database_off()) else find_version(actor, set_id)
    if version is not None:
        return version.content
    if cset is not None:
        from pathlib import Path

        return Path(cset.path).read_text(encoding="utf-8")
    return get_version(actor, set_id).content  # NotFound


def sources_of(set_id: str) -> dict[str, ThresholdSource]:
    """The recorded sources of a set's thresholds, by indicator code (public, like the set)."""
    return {s.indicator: s for s in ThresholdSource.objects.filter(set_id=set_id)}
