"""Small criteria sets for engine tests: tests/criteria/fixtures/*.yaml (test figures, not law)."""

from pathlib import Path

import pytest

from ntm.criteria.catalog import load_dir
from ntm.criteria.model import CriteriaSet

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def tiny_sets() -> dict[str, CriteriaSet]:
    return load_dir(FIXTURES)


@pytest.fixture(scope="session")
def regions_set(tiny_sets: dict[str, CriteriaSet]) -> CriteriaSet:
    return tiny_sets["tiny-regions"]


@pytest.fixture(scope="session")
def groups_set(tiny_sets: dict[str, CriteriaSet]) -> CriteriaSet:
    return tiny_sets["tiny-groups"]
