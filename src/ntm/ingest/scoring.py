"""Field accuracy and invented facts of `extract()` on the development corpus (tests/ingest/fixtures/corpus).

An expected file holds only the facts read by hand that are scored (see the corpus README): `document`,
`unit`, `assessments` (the document's own counts as [met, total] pairs), `units` (one entry per unit the
text reports on) and `villages`. A key left out is not scored. A fact the extractor gives that the hand
reading does not have is *invented*: counted apart, because an invented fact is worse than a missed one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ntm.common.text import name_key

_UNIT_FIELDS = ("level", "criteria_met", "criteria_total")


@dataclass
class Score:
    """Right and scored fields, facts given and facts invented, with the names of what went wrong."""

    right: int = 0
    total: int = 0
    given: int = 0
    invented: int = 0
    wrong: list[str] = field(default_factory=list)

    def check(self, name: str, ok: bool) -> None:
        """Score one field."""
        self.total += 1
        self.right += ok
        if not ok:
            self.wrong.append(name)

    def invent(self, name: str) -> None:
        """Count a fact the text does not state."""
        self.invented += 1
        self.wrong.append(f"invented {name}")

    def add(self, other: Score) -> None:
        """Sum another score into this one."""
        self.right += other.right
        self.total += other.total
        self.given += other.given
        self.invented += other.invented

    @property
    def accuracy(self) -> float:
        """Right fields over scored fields (1.0 when nothing is scored)."""
        return self.right / self.total if self.total else 1.0

    @property
    def invented_per_100(self) -> float:
        """Invented facts per 100 facts given."""
        return 100 * self.invented / self.given if self.given else 0.0


def score(expected: dict[str, Any], got: dict[str, Any]) -> Score:
    """Compare one extraction with the facts read by hand."""
    result = Score()
    for part in ("document", "unit", "villages"):
        for key, want in (expected.get(part) or {}).items():
            have = (got.get(part) or {}).get(key)
            result.given += have is not None
            result.check(f"{part}.{key}", _same(want, have))
            if want is None and have is not None:
                result.invent(f"{part}.{key}")
    if "assessments" in expected:
        _assessments(result, expected["assessments"], got.get("assessments") or [])
    if "units" in expected:
        _units(result, expected["units"], got.get("units") or [])
    return result


def _same(want: Any, have: Any) -> bool:
    if isinstance(want, str) and isinstance(have, str):
        return name_key(want) == name_key(have)
    return bool(want == have)


def _assessments(result: Score, expected: list[list[int]], got: list[dict[str, Any]]) -> None:
    pairs = [[g.get("criteria_met"), g.get("criteria_total")] for g in got]
    result.given += len(pairs)
    if not expected:
        result.check("assessments: none", not pairs)
    for want in expected:
        found = want in pairs
        if found:
            pairs.remove(want)
        result.check(f"assessment {want[0]}/{want[1]}", found)
        result.check(f"assessment {want[0]}/{want[1]} total", found)
    for extra in pairs:
        result.invent(f"assessment {extra[0]}/{extra[1]}")


def _units(result: Score, expected: list[dict[str, Any]], got: list[dict[str, Any]]) -> None:
    remaining = {name_key(u["name"]): u for u in got}
    result.given += len(got) + sum(u.get(k) is not None for u in got for k in ("criteria_met", "criteria_total"))
    if not expected:
        result.check("units: none", not got)
    for want in expected:
        have = remaining.pop(name_key(want["name"]), None)
        result.check(f"units.{want['name']}", have is not None)
        for key in _UNIT_FIELDS:
            value = have.get(key) if have else None
            result.check(f"units.{want['name']}.{key}", have is not None and value == want.get(key))
            if have is not None and want.get(key) is None and value is not None:
                result.invent(f"units.{want['name']}.{key}")
    for name in remaining:
        result.invent(f"units.{name}")
