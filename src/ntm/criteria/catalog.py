"""Load and validate the criteria-set files (catalogs/*.yaml); resolve `extends`.

One loader for every set. A malformed file raises CatalogError naming the file, the line and
the field, in Vietnamese and English. The format is documented in catalogs/README.md.

Sets kept elsewhere (the province offices' sets in the database, app `ntm.setstore`) come in
through `register_extra_sets`: a provider hands over documents in the same YAML format, which
go through the same checks and join the files' sets in `all_sets()`. This module stays pure:
it knows the provider only as a callable.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ntm.common.errors import CatalogError

from .model import (
    AGGREGATES,
    COMPARATORS,
    KINDS,
    LEVELS,
    PROFILE_KEYS,
    THRESHOLD_STATUSES,
    CriteriaSet,
    Criterion,
    Flag,
    Indicator,
    ValueType,
)

CATALOG_DIR = Path(__file__).parent / "catalogs"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
CODE_RE = re.compile(r"^\d+(\.\d+)*$")
DEFAULT_AGGREGATE = {
    ValueType.BOOLEAN: "all",
    ValueType.PERCENT: "ratio",
    ValueType.NUMBER: "ratio",
    ValueType.COUNT: "sum",
    ValueType.MONEY: "sum",
}


class _LineDict(dict[str, Any]):
    line = 0


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when built with it: 10× faster
    """SafeLoader that remembers the line of every mapping, for error messages."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> _LineDict:
    mapping = _LineDict({str(k): v for k, v in loader.construct_mapping(node, deep=True).items()})
    mapping.line = node.start_mark.line + 1
    return mapping


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay text here: `_date` reads them, so "2022-13-01" is named by line and field instead of crashing.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


class _Reader:
    """Reads one document's mapping, naming file, line and field in every complaint."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.name = self.path.name

    def fail(self, node: Any, field: str, vi: str, en: str) -> CatalogError:
        line = getattr(node, "line", 0)
        where = f"{self.name}, dòng {line}, trường «{field}»"
        where_en = f"{self.name}, line {line}, field '{field}'"
        return CatalogError(f"{where}: {vi}", f"{where_en}: {en}", field=f"{self.name}:{line}:{field}")

    def get(self, node: dict[str, Any], key: str, field: str, kind: type | tuple[type, ...],
            required: bool = True, default: Any = None) -> Any:
        if key not in node or node[key] is None:
            if required:
                raise self.fail(node, field, "thiếu trường bắt buộc", "required field is missing")
            return default
        value = node[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(node, field, f"kiểu không hợp lệ ({type(value).__name__})",
                            f"wrong type ({type(value).__name__})")
        return value

    def choice(self, node: dict[str, Any], key: str, field: str, allowed: Iterable[str],
               required: bool = True, default: str | None = None) -> Any:
        value = self.get(node, key, field, str, required, default)
        if value is not None and value not in allowed:
            options = ", ".join(allowed)
            raise self.fail(node, field, f"giá trị «{value}» không hợp lệ (chọn một trong: {options})",
                            f"invalid value '{value}' (one of: {options})")
        return value


def _read_yaml(text: str, name: str) -> _LineDict:
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise CatalogError(f"{name}, dòng {line}: YAML không hợp lệ ({err})",
                           f"{name}, line {line}: invalid YAML ({err})", field=f"{name}:{line}") from err
    if not isinstance(data, _LineDict):
        raise CatalogError(f"{name}: tệp phải là một bảng khóa–giá trị",
                           f"{name}: the file must be a mapping", field=name)
    return data


def _date(reader: _Reader, node: dict[str, Any], key: str, required: bool) -> dt.date | None:
    value = node.get(key)
    if value is None:
        if required:
            raise reader.fail(node, key, "thiếu ngày", "date is missing")
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as err:
        raise reader.fail(node, key, f"ngày «{value}» không đúng dạng YYYY-MM-DD",
                          f"date '{value}' is not YYYY-MM-DD") from err


def _check_threshold(reader: _Reader, node: dict[str, Any], spec: Any, field: str, vt: ValueType) -> None:
    if spec is None:
        return
    if isinstance(spec, bool):
        if vt is not ValueType.BOOLEAN:
            raise reader.fail(node, field, "ngưỡng đúng/sai chỉ dùng cho chỉ tiêu đạt/không đạt",
                              "a true/false threshold is only for boolean indicators")
        return
    if isinstance(spec, int | float):
        if vt is ValueType.BOOLEAN:
            raise reader.fail(node, field, "chỉ tiêu đạt/không đạt phải có ngưỡng true",
                              "a boolean indicator takes threshold true")
        return
    if not isinstance(spec, dict) or set(spec) - {"by", "values", "default"} or "values" not in spec:
        raise reader.fail(node, field, "ngưỡng phải là số, true, null hoặc {by, values, default}",
                          "threshold must be a number, true, null or {by, values, default}")
    if spec.get("by") not in PROFILE_KEYS:
        raise reader.fail(spec, f"{field}.by", f"«by» phải là một trong: {', '.join(PROFILE_KEYS)}",
                          f"'by' must be one of: {', '.join(PROFILE_KEYS)}")
    if not isinstance(spec["values"], dict):
        raise reader.fail(spec, f"{field}.values", "«values» phải là một bảng", "'values' must be a mapping")
    for key, sub in spec["values"].items():
        _check_threshold(reader, spec, sub, f"{field}.values.{key}", vt)
    _check_threshold(reader, spec, spec.get("default"), f"{field}.default", vt)


def _indicator(reader: _Reader, node: Any, field: str, criterion: int) -> Indicator:
    if not isinstance(node, dict):
        raise reader.fail(node, field, "chỉ tiêu phải là một bảng", "an indicator must be a mapping")
    code = str(reader.get(node, "code", f"{field}.code", (str, int, float)))
    if not CODE_RE.match(code):
        raise reader.fail(node, f"{field}.code", f"mã chỉ tiêu «{code}» không hợp lệ", f"invalid code '{code}'")
    vt = ValueType(reader.choice(node, "value_type", f"{field}.value_type", [v.value for v in ValueType]))
    comparator = reader.choice(node, "comparator", f"{field}.comparator", COMPARATORS)
    if (comparator == "is_true") != (vt is ValueType.BOOLEAN):
        raise reader.fail(node, f"{field}.comparator",
                          "chỉ tiêu đạt/không đạt dùng «is_true», chỉ tiêu số dùng phép so sánh",
                          "boolean indicators use 'is_true', numeric ones a comparison")
    threshold = node.get("threshold")
    _check_threshold(reader, node, threshold, f"{field}.threshold", vt)
    aggregate = reader.choice(node, "aggregate", f"{field}.aggregate", AGGREGATES, False, DEFAULT_AGGREGATE[vt])
    return Indicator(
        code=code, name=reader.get(node, "name", f"{field}.name", str), criterion=criterion,
        unit=str(node.get("unit") or ""), value_type=vt, comparator=comparator, threshold=threshold,
        aggregate=aggregate, source=str(node.get("source") or ""),
        status=reader.choice(node, "status", f"{field}.status", THRESHOLD_STATUSES, False, "unknown"),
        note=str(node.get("note") or "").strip(), counts=str(node.get("counts") or ""),
    )


def _criteria(reader: _Reader, nodes: Any) -> tuple[Criterion, ...]:
    if not isinstance(nodes, list) or not nodes:
        raise reader.fail(nodes, "criteria", "phải có ít nhất một tiêu chí", "at least one criterion is required")
    result = []
    for i, node in enumerate(nodes):
        field = f"criteria[{i}]"
        if not isinstance(node, dict):
            raise reader.fail(node, field, "tiêu chí phải là một bảng", "a criterion must be a mapping")
        number = reader.get(node, "number", f"{field}.number", int)
        inds = reader.get(node, "indicators", f"{field}.indicators", list)
        if not inds:
            raise reader.fail(node, f"{field}.indicators", "tiêu chí phải có ít nhất một chỉ tiêu",
                              "a criterion needs at least one indicator")
        indicators = tuple(_indicator(reader, ind, f"{field}.indicators[{j}]", number) for j, ind in enumerate(inds))
        result.append(Criterion(number, reader.get(node, "name", f"{field}.name", str), indicators))
    _check_unique(reader, nodes, result)
    return tuple(result)


def _check_unique(reader: _Reader, nodes: list[Any], criteria: list[Criterion]) -> None:
    numbers, codes = set(), set()
    for node, crit in zip(nodes, criteria, strict=True):
        if crit.number in numbers:
            raise reader.fail(node, "criteria.number", f"tiêu chí số {crit.number} bị lặp",
                              f"criterion {crit.number} appears twice")
        numbers.add(crit.number)
        for ind in crit.indicators:
            if ind.code in codes:
                raise reader.fail(node, "indicators.code", f"mã chỉ tiêu {ind.code} bị lặp",
                                  f"indicator code {ind.code} appears twice")
            codes.add(ind.code)


def _flags(reader: _Reader, node: Any) -> dict[str, Flag]:
    flags = {}
    for key, spec in (node or {}).items():
        if not isinstance(spec, dict):
            raise reader.fail(node, f"flags.{key}", "cờ phải là một bảng", "a flag must be a mapping")
        flags[str(key)] = Flag(str(key), reader.get(spec, "name", f"flags.{key}.name", str),
                               spec.get("use_region"), str(spec.get("source") or ""))
    return flags


def _names(reader: _Reader, node: dict[str, Any], key: str) -> dict[str, str]:
    value = reader.get(node, key, key, dict, required=False, default={})
    return {str(k): str(v) for k, v in value.items()}


def _header(reader: _Reader, data: dict[str, Any]) -> dict[str, Any]:
    set_id = reader.get(data, "id", "id", str)
    if not ID_RE.match(set_id):
        raise reader.fail(data, "id", f"mã bộ tiêu chí «{set_id}» không hợp lệ", f"invalid set id '{set_id}'")
    decision = reader.get(data, "decision", "decision", dict, required=not data.get("extends"), default={})
    return {
        "id": set_id, "title": reader.get(data, "title", "title", str), "decision": {
            k: str(v) for k, v in decision.items()},
        "valid_from": _date(reader, data, "valid_from", required=True),
        "valid_to": _date(reader, data, "valid_to", required=False),
        "extends": data.get("extends"), "province": (str(data["province"]) if data.get("province") else None),
        "notes": str(data.get("notes") or "").strip(), "path": str(reader.path),
    }


def parse_file(path: Path) -> tuple[dict[str, Any], _LineDict]:
    """Validate one file on its own; return its header fields and raw data for `extends`."""
    return parse_text(path.read_text(encoding="utf-8"), path)


def parse_text(text: str, path: Path | str) -> tuple[dict[str, Any], _LineDict]:
    """Validate one document in the file format; `path` names it in messages ("db:th-38@v2.yaml")."""
    reader, data = _Reader(path), _read_yaml(text, Path(path).name)
    header = _header(reader, data)
    if header["extends"]:
        return header, data
    header.update(
        kind=reader.choice(data, "kind", "kind", KINDS), level=reader.choice(data, "level", "level", LEVELS),
        regions=_names(reader, data, "regions"), groups=_names(reader, data, "groups"),
        zones=_names(reader, data, "zones"), flags=_flags(reader, data.get("flags")),
        criteria=_criteria(reader, data.get("criteria")),
    )
    return header, data


def _apply_variant(parent: CriteriaSet, header: dict[str, Any], data: _LineDict, path: Path | str) -> CriteriaSet:
    reader = _Reader(path)
    overrides = reader.get(data, "overrides", "overrides", dict, required=False, default={})
    removed = set(map(str, reader.get(data, "remove_indicators", "remove_indicators", list, False, [])))
    added = reader.get(data, "add_indicators", "add_indicators", list, required=False, default=[])
    unknown = (set(map(str, overrides)) | removed) - {ind.code for ind in parent.indicators}
    if unknown:
        raise reader.fail(data, "overrides", f"không có chỉ tiêu {', '.join(sorted(unknown))} trong bộ {parent.id}",
                          f"no indicator {', '.join(sorted(unknown))} in set {parent.id}")
    criteria = []
    for crit in parent.criteria:
        inds = [_override(reader, ind, overrides.get(ind.code)) for ind in crit.indicators if ind.code not in removed]
        for i, node in enumerate(added):
            if isinstance(node, dict) and node.get("criterion") == crit.number:
                inds.append(_indicator(reader, node, f"add_indicators[{i}]", crit.number))
        criteria.append(replace(crit, indicators=tuple(inds)))
    fields = {k: v for k, v in header.items() if k != "extends" and v not in (None, "", {})}
    fields["decision"] = header["decision"] or parent.decision
    for key in ("regions", "groups", "zones"):
        if key in data:
            fields[key] = _names(reader, data, key)
    if "flags" in data:
        fields["flags"] = _flags(reader, data["flags"])
    return replace(parent, **fields, criteria=tuple(criteria), extends=parent.id)


def _override(reader: _Reader, ind: Indicator, change: Any) -> Indicator:
    if change is None:
        return ind
    if not isinstance(change, dict):
        raise reader.fail(change, f"overrides.{ind.code}", "phải là một bảng", "must be a mapping")
    raw = {
        "code": ind.code, "name": ind.name, "unit": ind.unit, "value_type": ind.value_type.value,
        "comparator": ind.comparator, "threshold": ind.threshold, "aggregate": ind.aggregate,
        "source": ind.source, "status": ind.status, "note": ind.note, "counts": ind.counts,
    }
    merged = _LineDict({**raw, **change})
    merged.line = getattr(change, "line", 0)
    return _indicator(reader, merged, f"overrides.{ind.code}", ind.criterion)


def load_dir(*dirs: Path) -> dict[str, CriteriaSet]:
    """Load every *.yaml in the folders; raise CatalogError on the first bad file."""
    parsed: dict[str, tuple[dict[str, Any], _LineDict, Path]] = {}
    for folder in dirs:
        for path in sorted(folder.glob("*.yaml")):
            header, data = parse_file(path)
            if header["id"] in parsed:
                raise CatalogError(f"{path.name}: mã bộ tiêu chí «{header['id']}» đã có ở tệp khác",
                                   f"{path.name}: set id '{header['id']}' is used by another file", field=path.name)
            parsed[header["id"]] = (header, data, path)
    sets: dict[str, CriteriaSet] = {}
    for set_id in parsed:
        _resolve(set_id, parsed, sets, ())
    return sets


def _resolve(set_id: str, parsed: dict[str, Any], sets: dict[str, CriteriaSet], chain: tuple[str, ...],
             known: dict[str, CriteriaSet] | None = None) -> CriteriaSet:
    if set_id in sets:
        return sets[set_id]
    header, data, path = parsed[set_id]
    parent_id = header["extends"]
    if parent_id is None:
        fields = {k: v for k, v in header.items() if k != "extends"}
        sets[set_id] = CriteriaSet(**fields)
        return sets[set_id]
    known = known or {}
    if (parent_id not in parsed and parent_id not in known) or parent_id in chain:
        name = Path(path).name
        why_vi = "vòng kế thừa" if parent_id in chain else "không tìm thấy bộ cha"
        why_en = "inheritance cycle" if parent_id in chain else "parent set not found"
        raise CatalogError(f"{name}, trường «extends»: {why_vi} «{parent_id}»",
                           f"{name}, field 'extends': {why_en} '{parent_id}'", field=f"{name}:extends")
    parent = (_resolve(parent_id, parsed, sets, (*chain, set_id), known) if parent_id in parsed
              else known[parent_id])
    sets[set_id] = _apply_variant(parent, header, data, path)
    return sets[set_id]


def load_text(text: str, name: str, known: dict[str, CriteriaSet] | None = None) -> CriteriaSet:
    """Validate and resolve one document (an import, a database set) against the `known` sets.

    The same checks and messages as a file in catalogs/; `name` stands for the file name.
    """
    header, data = parse_text(text, name)
    known = all_sets() if known is None else known
    return _resolve(header["id"], {header["id"]: (header, data, name)}, {}, (), known)


def catalog_dirs() -> tuple[Path, ...]:
    """The built-in folder plus any named in NTM_CATALOG_DIRS (os.pathsep-separated)."""
    extra = [Path(p) for p in os.environ.get("NTM_CATALOG_DIRS", "").split(os.pathsep) if p]
    return (CATALOG_DIR, *extra)


@cache
def _default_sets(dirs: tuple[Path, ...]) -> dict[str, CriteriaSet]:
    return load_dir(*dirs)


def file_sets() -> dict[str, CriteriaSet]:
    """The sets of the catalog folders only (loaded once per process)."""
    return _default_sets(catalog_dirs())


# A provider returns (token, documents): `token` changes whenever its documents do; each document is
# (name, text) in the file format. It is asked on every `all_sets()` call and should answer cheaply.
ExtraProvider = Callable[[], tuple[Any, list[tuple[str, str]]]]
_providers: list[ExtraProvider] = []
_extra: dict[str, Any] = {"token": None, "sets": {}}


def register_extra_sets(provider: ExtraProvider) -> None:
    """Add a source of sets beside the files (once; registering the same provider again does nothing)."""
    if provider not in _providers:
        _providers.append(provider)
    forget_extra_sets()


def forget_extra_sets() -> None:
    """Drop the resolved extra sets: the next `all_sets()` asks the providers again."""
    _extra.update(token=None, sets={})


def _extra_sets(base: dict[str, CriteriaSet]) -> dict[str, CriteriaSet]:
    answers = [provider() for provider in _providers]
    token = tuple(token for token, _docs in answers)
    if _extra["token"] == token:
        return _extra["sets"]
    docs: dict[str, tuple[dict[str, Any], _LineDict, str]] = {}
    for _token, documents in answers:
        for name, text in documents:
            try:
                header, data = parse_text(text, name)
            except CatalogError:
                continue  # checked when it was saved; a set broken since is left out, never the whole catalogue
            if _may_replace(header, base):
                docs[header["id"]] = (header, data, name)
    sets: dict[str, CriteriaSet] = {}
    for set_id in docs:
        try:
            _resolve(set_id, docs, sets, (), base)
        except CatalogError:
            sets.pop(set_id, None)
    _extra.update(token=token, sets=sets)
    return sets


def _may_replace(header: dict[str, Any], base: dict[str, CriteriaSet]) -> bool:
    """A provider's document joins the catalogue under a new id, or replaces a national file set as a national
    set (the administrator's published version of it); it never replaces a provincial file set."""
    replaced = base.get(header["id"])
    return replaced is None or (replaced.province is None and not header["province"])


def all_sets() -> dict[str, CriteriaSet]:
    """Every criteria set, by id: the files', then those of registered providers (published database sets); a
    published database version of a national file set replaces the file (variants in the database follow it,
    variants in files keep the file they were loaded with)."""
    base = file_sets()
    if not _providers:
        return base
    return {**base, **_extra_sets(base)}


def get_set(set_id: str) -> CriteriaSet:
    """The set with this id; BadInput naming the known ids if there is none."""
    from ntm.common.errors import BadInput

    sets = all_sets()
    if set_id not in sets:
        known = ", ".join(sorted(sets))
        raise BadInput(f"không có bộ tiêu chí «{set_id}» (có: {known})",
                       f"unknown criteria set '{set_id}' (known: {known})", field="set")
    return sets[set_id]


def sets_in_force(day: dt.date, *, level: str, kind: str | None = None,
                  province: str | None = None) -> list[CriteriaSet]:
    """Sets that apply on `day` to a unit of `level`; a province's own variants first."""
    sets = all_sets()
    found = [s for s in sets.values()
             if s.level == level and s.in_force(day) and (kind is None or s.kind == kind)
             and s.province in (None, province)]
    return sorted(found, key=lambda s: (s.province is None, s.kind, -_depth(s, sets), s.id))


def _depth(cset: CriteriaSet, sets: dict[str, CriteriaSet]) -> int:
    """How many parents a set has: a variant of a variant comes before the variant it refines."""
    depth = 0
    while cset.extends and cset.extends in sets and depth < 10:
        cset, depth = sets[cset.extends], depth + 1
    return depth


def family_of(cset: CriteriaSet) -> str:
    """The national set a variant descends from: observations are stored under its id."""
    sets = all_sets()
    while cset.extends and cset.extends in sets:
        cset = sets[cset.extends]
    return cset.id
