"""Upload a filled exchange template: check every row, then save through the apps' services.

All or nothing by default: every row is tried inside one transaction (each in its own savepoint, so
every row's problems are found, scope, locked periods and stale edits included), and the whole
transaction is rolled back if any row is at fault. With `keep_valid` the valid rows stay and the
others are listed. Every write goes through monitoring.services.record_observation or the finance
services: scope checked again, revision checked (stale edit), audited.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Hashable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import transaction  # type: ignore[import-untyped]

from ntm.common.errors import BadInput, NtmError
from ntm.common.scope import Access, parse_unit_key, require_scope
from ntm.common.text import name_key
from ntm.criteria.catalog import family_of
from ntm.criteria.model import CriteriaSet, Indicator
from ntm.finance import services as finance
from ntm.finance.models import Contribution, Funding, Work
from ntm.geo.models import Level, Unit
from ntm.monitoring.models import Observation, Source
from ntm.monitoring.periods import Period
from ntm.monitoring.services import Target, record_observation

from . import selectors
from .parse import CellError, CellProblem, Row, RowFault, error_at, observation_value, open_book, parse_sheet, read_meta
from .sheets import KIND_LABELS, SPECS, Kind, SheetSpec


class Outcome(StrEnum):
    SAVED = "saved"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"  # nothing typed in the value cells


@dataclass
class ExchangeReport:
    """What an upload did: rows read, saved, left as they were, and every row at fault."""

    kind: Kind
    unit: Unit
    period: Period
    rows: int = 0
    saved: int = 0
    unchanged: int = 0
    keep_valid: bool = False
    errors: list[CellError] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        """True when nothing was saved because of the errors (the default, all or nothing)."""
        return bool(self.errors) and not self.keep_valid

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


def upload_exchange(*, actor: Any, unit: Unit, content: bytes, keep_valid: bool = False) -> ExchangeReport:
    """Save a filled template of `unit`; BadInput for a file that is not one; row errors in the report."""
    require_scope(actor, unit, Access.EDIT)
    book = open_book(content)
    meta = read_meta(book)
    if meta.get("unit") != unit.key:
        raise BadInput(f"tệp là mẫu của «{meta.get('unit_name', meta.get('unit'))}», không phải của {unit.name}",
                       f"the file is the template of '{meta.get('unit')}', not of {unit.key}", field="file")
    kind = Kind(meta["kind"])
    selectors.require_kind(unit, kind)
    report = ExchangeReport(kind, unit, Period.parse(meta.get("period", "")), keep_valid=keep_valid)
    rows, report.errors = parse_sheet(book, kind, selectors.vocabulary())
    report.rows = len(rows) + len({e.row for e in report.errors})
    writer = _WRITERS[kind](actor, unit, report.period)
    with transaction.atomic():
        for row in rows:
            _write_row(writer, row, report)
        if report.rejected:
            transaction.set_rollback(True)
            report.saved = report.unchanged = 0
    report.errors.sort(key=lambda e: (e.row, e.column))
    return report


def _write_row(writer: _Rows, row: Row, report: ExchangeReport) -> None:
    try:
        with transaction.atomic():
            outcome = writer.write(row)
    except RowFault as fault:
        report.errors.append(fault.error)
    except NtmError as err:
        report.errors.append(writer.error(row, err))
    else:
        report.saved += outcome is Outcome.SAVED
        report.unchanged += outcome is Outcome.UNCHANGED


class _Rows(ABC):
    """What every writer shares: its sheet, where a service's error field sits, duplicates in the file."""

    spec: SheetSpec
    columns: dict[str, str] = {}  # a service error's field → the column it is shown at

    def __init__(self, actor: Any, unit: Unit, period: Period) -> None:
        self.actor, self.unit, self.period = actor, unit, period
        self.seen: dict[Hashable, int] = {}

    @abstractmethod
    def write(self, row: Row) -> Outcome:
        """Save one checked row through its service; say whether anything changed."""

    def fault(self, row: Row, key: str | None, vi: str, en: str) -> RowFault:
        return RowFault(error_at(self.spec, row.number, key, CellProblem(vi, en)))

    def error(self, row: Row, err: NtmError) -> CellError:
        """A service's error placed at its column (the whole row when the field is not a column)."""
        own = err.field if err.field in {c.key for c in self.spec.columns} else None
        key = self.columns.get(err.field or "", own) or None
        message = err if key is None else CellProblem(_unprefixed(err.message_vi), _unprefixed(err.message_en))
        return error_at(self.spec, row.number, key, message)

    def once(self, row: Row, key: Hashable, column: str) -> None:
        """RowFault when an earlier row of the file is about the same thing."""
        first = self.seen.setdefault(key, row.number)
        if first != row.number:
            raise self.fault(row, column, f"trùng với dòng {first}", f"duplicates row {first}")


def _unprefixed(message: str) -> str:
    for start in ("trường «", "field '"):
        if message.startswith(start) and ": " in message:
            return message.split(": ", 1)[1]
    return message


def _same(obj: Any, values: dict[str, Any]) -> bool:
    """True when saving `values` would change nothing on `obj`."""
    for name, value in values.items():
        current = getattr(obj, name)
        if isinstance(value, Unit) or isinstance(current, Unit):
            current, value = getattr(obj, f"{name}_id"), value.pk if value is not None else None
        if (current if current != "" else None) != (value if value != "" else None):
            return False
    return True


# --- observations -------------------------------------------------------------------------------

class _ObservationRows(_Rows):
    spec = SPECS[Kind.OBSERVATIONS]
    columns = {"unit": "unit", "set": "unit", "indicator": "indicator", "value": "value", "version": "value",
               "evidence_note": "note"}

    def __init__(self, actor: Any, unit: Unit, period: Period) -> None:
        super().__init__(actor, unit, period)
        self.units = {u.key: u for u in selectors.exchange_units(actor, unit)}
        self.sets: dict[str, CriteriaSet | None] = {}

    def write(self, row: Row) -> Outcome:
        unit = self._unit(row)
        cset, ind = self._indicator(row, unit)
        self.once(row, (unit.key, ind.code), "indicator")
        raw = observation_value(self.spec, row, ind)
        if raw is None:
            return Outcome.SKIPPED
        note = row.cells.get("note") or ""
        current = Observation.objects.filter(unit=unit, set_family=family_of(cset), indicator=ind.code,
                                             period_key=self.period.key).first()
        if current is not None and _same_observation(current, raw, note):
            return Outcome.UNCHANGED
        record_observation(actor=self.actor, unit=unit, target=Target(cset.id, indicator=ind.code),
                           period=self.period, raw=raw, expected_version=row.cells.get("version"),
                           evidence_note=note, source=Source.IMPORTED)
        return Outcome.SAVED

    def _unit(self, row: Row) -> Unit:
        key = row.cells["unit"]
        unit = self.units.get(key)
        if unit is not None:
            return unit
        try:
            exists = Unit.objects.filter(**parse_unit_key(key)).exists()
        except (ValueError, TypeError):
            exists = False
        if exists:
            raise self.fault(row, "unit", f"đơn vị «{key}» không thuộc phạm vi của anh/chị trong mẫu này",
                             f"unit '{key}' is outside your scope in this template")
        raise self.fault(row, "unit", f"không có đơn vị «{key}»", f"no unit '{key}'")

    def _indicator(self, row: Row, unit: Unit) -> tuple[CriteriaSet, Indicator]:
        if unit.key not in self.sets:
            self.sets[unit.key] = selectors.set_or_none(unit, self.period)
        cset = self.sets[unit.key]
        if cset is None:
            raise self.fault(row, "unit", f"không có bộ tiêu chí cho {unit.name} vào {self.period.label_vi}",
                             f"no criteria set applies to {unit.name} for {self.period.key}")
        ind = cset.indicator(str(row.cells["indicator"]))
        if ind is None:
            raise self.fault(row, "indicator", f"bộ {cset.decision_label} không có chỉ tiêu «{row.cells['indicator']}»",
                             f"set {cset.id} has no indicator '{row.cells['indicator']}'")
        return cset, ind


def _same_observation(obs: Observation, raw: Any, note: str) -> bool:
    if obs.evidence_note != note:
        return False
    if isinstance(raw, dict):
        return bool(obs.numerator == raw["numerator"] and obs.denominator == raw["denominator"])
    if isinstance(raw, bool):
        return obs.value_bool is raw
    return bool(obs.value == raw and obs.numerator is None)


# --- funding, works, contributions --------------------------------------------------------------

class _FundingRows(_Rows):
    spec = SPECS[Kind.FUNDING]
    columns = {"revision": ""}

    def __init__(self, actor: Any, unit: Unit, period: Period) -> None:
        super().__init__(actor, unit, period)
        self.works = selectors.works_by_name(unit)

    def write(self, row: Row) -> Outcome:
        cells = row.cells
        work = self._work(row)
        key = {"year": cells["year"], "source_kind": cells["source_kind"], "work": work}
        self.once(row, (cells["year"], cells["source_kind"], work.pk if work else None), "source_kind")
        values = {name: cells.get(name) for name in ("planned", "allocated", "disbursed")}
        current = Funding.objects.filter(unit=self.unit, **key).first()
        if cells.get("id") and (current is None or current.pk != cells["id"]):
            raise self.fault(row, "source_kind", "không đổi được năm, nguồn vốn hay công trình của dòng đã lưu; "
                             "hãy thêm một dòng mới", "a saved row's year, source or work cannot change; add a row")
        if current is not None and _same(current, values):
            return Outcome.UNCHANGED
        finance.save_funding(actor=self.actor, unit=self.unit, values=values, expected_revision=cells.get("revision"),
                             source=Source.IMPORTED, **key)
        return Outcome.SAVED

    def _work(self, row: Row) -> Work | None:
        name = row.cells.get("work")
        if not name:
            return None
        found = self.works.get(name_key(name), [])
        same_year = [w for w in found if w.year == row.cells["year"]]
        if not found:
            raise self.fault(row, "work", f"{self.unit.name} không có công trình «{name}»",
                             f"{self.unit.name} has no work '{name}'")
        chosen: Work = (same_year or found)[0]
        return chosen


class _VillageRows(_Rows):
    """Writers whose rows name a village of the commune (or the page's own village)."""

    def __init__(self, actor: Any, unit: Unit, period: Period) -> None:
        super().__init__(actor, unit, period)
        self.villages = selectors.villages_by_name(actor, unit)

    def village(self, row: Row) -> Unit | None:
        name = row.cells.get("village")
        if not name:
            return None
        found = self.villages.get(name) or self.villages.get(name_key(name))
        if found is not None:
            return found
        commune = self.unit.parent if self.unit.level == Level.VILLAGE else self.unit
        if commune is not None and any(name_key(v.name) == name_key(name) for v in commune.children.all()):
            raise self.fault(row, "village", f"thôn «{name}» không thuộc phạm vi của anh/chị",
                             f"village '{name}' is outside your scope")
        raise self.fault(row, "village", f"{commune.name if commune else ''} không có thôn «{name}»",
                         f"no village '{name}' here")


class _WorkRows(_VillageRows):
    spec = SPECS[Kind.WORKS]
    columns = {"revision": "", "unit": ""}

    def write(self, row: Row) -> Outcome:
        cells = row.cells
        values = {name: cells.get(name) for name in ("name", "criterion", "year", "status", "progress_pct", "start",
                                                      "end")}
        values["village"] = self.village(row)
        self.once(row, (name_key(cells["name"]), cells["year"]), "name")
        work = self._saved(row)
        if work is None:
            finance.create_work(actor=self.actor, unit=self.unit, values=values, source=Source.IMPORTED)
            return Outcome.SAVED
        if _same(work, values):
            return Outcome.UNCHANGED
        finance.update_work(actor=self.actor, work=work, values=values, expected_revision=cells.get("revision"))
        return Outcome.SAVED

    def _saved(self, row: Row) -> Work | None:
        """The work the row is about: by its id, or one of the same name and year (never a twin)."""
        cells = row.cells
        if cells.get("id"):
            work: Work | None = Work.objects.filter(pk=cells["id"], unit=self.unit).first()
            if work is None:
                raise self.fault(row, None, "công trình của dòng này không còn (đã bị xóa)", "the work was deleted")
            return work
        twins = [w for w in Work.objects.filter(unit=self.unit, year=cells["year"])
                 if name_key(w.name) == name_key(cells["name"])]
        if twins and cells.get("revision") is None:
            raise self.fault(row, "name", f"đã có công trình «{cells['name']}» năm {cells['year']}; hãy tải mẫu mới "
                             "và sửa ở dòng của công trình đó", "this work already exists; download a fresh template")
        return None


class _ContributionRows(_VillageRows):
    spec = SPECS[Kind.CONTRIBUTIONS]
    columns = {"revision": ""}
    _FIELDS = ("year", "campaign", "kind", "item", "quantity", "measure_unit", "value_vnd")

    def write(self, row: Row) -> Outcome:
        cells = row.cells
        village = self.village(row)
        assert village is not None  # the column is required
        values = {name: cells.get(name) for name in self._FIELDS}
        values["campaign"] = values["campaign"] or ""
        same = (village.pk, cells["year"], cells["kind"], name_key(cells["item"]), name_key(str(values["campaign"])))
        self.once(row, same, "item")
        saved = self._saved(row, village)
        if saved is None:
            finance.add_contribution(actor=self.actor, village=village, values=values, source=Source.IMPORTED)
            return Outcome.SAVED
        if _same(saved, values):
            return Outcome.UNCHANGED
        finance.update_contribution(actor=self.actor, contribution=saved, values=values,
                                    expected_revision=cells.get("revision"))
        return Outcome.SAVED

    def _saved(self, row: Row, village: Unit) -> Contribution | None:
        cells = row.cells
        if not cells.get("id"):
            return None
        saved: Contribution | None = Contribution.objects.filter(pk=cells["id"], village__parent=village.parent).first()
        if saved is None:
            raise self.fault(row, None, "mục đóng góp của dòng này không còn (đã bị xóa)",
                             "the contribution was deleted")
        if saved.village_id != village.pk:
            raise self.fault(row, "village", "không đổi được thôn của dòng đã lưu; hãy thêm một dòng mới",
                             "a saved row's village cannot change; add a row")
        return saved


_WRITERS: dict[Kind, type[_Rows]] = {Kind.OBSERVATIONS: _ObservationRows, Kind.FUNDING: _FundingRows,
                                     Kind.WORKS: _WorkRows, Kind.CONTRIBUTIONS: _ContributionRows}
