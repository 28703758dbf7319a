"""`ntm criteria import|export|list|show` with database sets."""

import json

import pytest

from ntm.cli import main
from ntm.criteria.catalog import CATALOG_DIR

pytestmark = pytest.mark.django_db


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_publish_then_list_show_and_export(capsys, tmp_path):
    text = (CATALOG_DIR / "th-32-2022.yaml").read_text(encoding="utf-8").replace("id: th-32-2022", "id: th-nhap")
    path = tmp_path / "th-nhap.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "criteria", "import", str(path), "--publish")
    assert code == 0 and "th-nhap" in out
    code, out, _ = run(capsys, "criteria", "list", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["th-nhap"]["level"] == "commune" and all("level" in r for r in rows.values())
    code, out, _ = run(capsys, "criteria", "show", "th-nhap", "--json")
    shown = json.loads(out)
    indicators = [i for c in shown["criteria"] for i in c["indicators"]]
    assert all({"threshold_status", "source"} <= set(i) for i in indicators)
    code, out, _ = run(capsys, "criteria", "export", "th-nhap")
    assert code == 0 and out == text


def test_a_broken_file_exits_2_naming_file_line_and_field(capsys, tmp_path):
    path = tmp_path / "hong.yaml"
    path.write_text('id: th-x\nextends: qd318-2022\nprovince: "38"\ntitle: "x"\nvalid_from: 2022-01-01\n'
                    'overrides:\n  "15.1":\n    comparator: ">>"\n', encoding="utf-8")
    code, _, err = run(capsys, "criteria", "import", str(path))
    assert code == 2 and "hong.yaml, dòng 8, trường «overrides.15.1.comparator»" in err


def test_export_of_a_file_set_is_its_file(capsys):
    code, out, _ = run(capsys, "criteria", "export", "qd318-2022")
    assert code == 0 and out == (CATALOG_DIR / "qd318-2022.yaml").read_text(encoding="utf-8")


def test_list_json_counts_thresholds_by_status_for_every_set(capsys, tmp_path):
    from ntm.criteria.catalog import all_sets

    code, out, _ = run(capsys, "criteria", "list", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and set(rows) == set(all_sets())
    for row in rows.values():
        counts = row["threshold_status_counts"]
        assert list(counts) == ["confirmed", "seed", "recalled", "unknown"]
        assert sum(counts.values()) == row["indicators"]
    qd318 = all_sets()["qd318-2022"]
    assert rows["qd318-2022"]["threshold_status_counts"]["confirmed"] == sum(
        1 for i in qd318.indicators if i.status == "confirmed" and i.threshold is not None) > 0


def test_list_table_says_the_counts_in_words(capsys):
    code, out, _ = run(capsys, "criteria", "list")
    assert code == 0 and "đã xác nhận ·" in out and "nhớ lại ·" in out and "chưa rõ" in out
