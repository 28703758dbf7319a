"""The kinds of recognition dossier, read from data/checklists.yaml: who appraises, the share in favour
required at the consultation (None when no source confirms it), and the documents each dossier must hold."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import yaml

from ntm.common.errors import BadInput

DATA_FILE = Path(__file__).with_name("data") / "checklists.yaml"


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str
    source: str
    required: bool = True


@dataclass(frozen=True)
class DossierKind:
    code: str
    label: str
    level: str                 # "village" or "commune": the unit the dossier is about
    set_kind: str              # the criteria set kind it is judged on (catalog `kind`)
    appraiser: str             # "commune" or "province": the level that appraises and decides
    appraiser_note: str
    required_share: Decimal | None
    documents: tuple[ChecklistItem, ...]
    sources: tuple[str, ...]


@cache
def _load() -> tuple[dict[str, DossierKind], dict[str, str], str]:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    kinds = {}
    for code, spec in data["kinds"].items():
        share = spec.get("required_share_in_favour")
        kinds[code] = DossierKind(
            code=code, label=spec["label"], level=spec["level"], set_kind=spec["set_kind"],
            appraiser=spec["appraiser"], appraiser_note=" ".join(spec.get("appraiser_note", "").split()),
            required_share=None if share is None else Decimal(str(share)),
            documents=tuple(ChecklistItem(d["code"], d["label"], d["source"], d.get("required", True))
                            for d in spec["documents"]),
            sources=tuple(spec.get("sources", ())))
    return kinds, data["sources"], " ".join(data.get("share_in_favour_note", "").split())


def all_kinds() -> dict[str, DossierKind]:
    """Every dossier kind, by code, in the data file's order."""
    return _load()[0]


def kinds_for_level(level: str) -> list[DossierKind]:
    """The kinds a unit of `level` ("village" or "commune") may register."""
    return [k for k in all_kinds().values() if k.level == level]


def get_kind(code: str) -> DossierKind:
    """The kind named `code`; BadInput listing the known codes otherwise."""
    kinds = all_kinds()
    if code not in kinds:
        known = ", ".join(kinds)
        raise BadInput(f"loại hồ sơ «{code}» không hợp lệ (chấp nhận: {known})",
                       f"unknown dossier kind '{code}' (accepted: {known})", field="kind")
    return kinds[code]


def source_text(code: str) -> str:
    """The full citation of a source code used in the data file."""
    return _load()[1].get(code, code)


def share_note() -> str:
    """Why the required share in favour is unknown (shown next to it)."""
    return _load()[2]
