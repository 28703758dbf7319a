"""The loader: every shipped file loads; a malformed file names file, line and field."""

import textwrap
from pathlib import Path

import pytest

from ntm.common.errors import CatalogError
from ntm.criteria.catalog import CATALOG_DIR, load_dir

GOOD = """\
id: good
title: "Bộ tốt"
kind: xa_ntm
level: commune
decision: {number: "1/TEST", date: 2022-01-01}
valid_from: 2022-01-01
criteria:
  - number: 1
    name: "Quy hoạch"
    indicators:
      - {code: "1.1", name: "Có quy hoạch", value_type: boolean, comparator: is_true, threshold: true}
"""


def write(tmp_path: Path, text: str, name: str = "set.yaml") -> Path:
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def rejected(tmp_path: Path, text: str) -> CatalogError:
    with pytest.raises(CatalogError) as caught:
        load_dir(write(tmp_path, text))
    return caught.value


def test_every_shipped_set_loads():
    sets = load_dir(CATALOG_DIR)
    assert {"qd318-2022", "qd51-2025", "th-32-2022"} <= set(sets)
    for cset in sets.values():
        assert cset.criteria and all(c.indicators for c in cset.criteria)


def test_good_file_loads(tmp_path):
    sets = load_dir(write(tmp_path, GOOD))
    assert sets["good"].indicator("1.1").name == "Có quy hoạch"


def test_bad_comparator_names_file_line_and_field(tmp_path):
    err = rejected(tmp_path, GOOD.replace("comparator: is_true", "comparator: '>>'"))
    assert "set.yaml, dòng 11" in err.message_vi
    assert "criteria[0].indicators[0].comparator" in err.message_vi
    assert "line 11" in err.message_en


def test_missing_field_is_named(tmp_path):
    err = rejected(tmp_path, GOOD.replace('title: "Bộ tốt"\n', ""))
    assert "«title»" in err.message_vi and "thiếu" in err.message_vi


def test_invalid_yaml_gives_the_line(tmp_path):
    err = rejected(tmp_path, GOOD + "  - [unclosed\n")
    assert "YAML" in err.message_vi and "dòng" in err.message_vi


def test_numeric_threshold_on_a_boolean_indicator_is_refused(tmp_path):
    err = rejected(tmp_path, GOOD.replace("threshold: true", "threshold: 90"))
    assert "threshold" in err.field


def test_threshold_by_unknown_dimension_is_refused(tmp_path):
    text = GOOD.replace("value_type: boolean, comparator: is_true, threshold: true",
                        "value_type: percent, comparator: '>=', threshold: {by: colour, values: {red: 1}}")
    err = rejected(tmp_path, text)
    assert "threshold.by" in err.field


def test_duplicate_indicator_code_is_refused(tmp_path):
    text = GOOD + '      - {code: "1.1", name: "Lặp", value_type: boolean, comparator: is_true, threshold: true}\n'
    assert "1.1" in rejected(tmp_path, text).message_vi


def test_criterion_without_indicators_is_refused(tmp_path):
    text = GOOD.split("    indicators:")[0] + "    indicators: []\n"
    assert "ít nhất một chỉ tiêu" in rejected(tmp_path, text).message_vi


def test_variant_of_a_missing_parent_is_refused(tmp_path):
    write(tmp_path, GOOD)
    err = rejected(tmp_path, 'id: child\ntitle: "Con"\nextends: nobody\nvalid_from: 2022-01-01\n')
    assert "nobody" in err.message_vi


def test_variant_overriding_an_unknown_code_is_refused(tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    err = rejected(tmp_path, 'id: child\ntitle: "Con"\nextends: good\nvalid_from: 2022-01-01\n'
                             'overrides: {"9.9": {threshold: 1}}\n')
    assert "9.9" in err.message_vi


def test_a_province_adds_its_variant_as_a_file_without_code(tmp_path, monkeypatch):
    from ntm.criteria import catalog

    write(tmp_path, 'id: th-test\ntitle: "Biến thể tỉnh"\nextends: qd318-2022\nprovince: "38"\n'
                    'valid_from: 2022-08-10\noverrides: {"15.1": {threshold: 95, status: seed}}\n')
    monkeypatch.setenv("NTM_CATALOG_DIRS", str(tmp_path))
    sets = catalog.load_dir(*catalog.catalog_dirs())
    assert sets["th-test"].indicator("15.1").threshold == 95
    assert len(sets["th-test"].criteria) == 19
