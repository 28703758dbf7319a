"""The `ntm` command's contract: criteria list/show, evaluate from a file, bad input exits 2."""

import json

import pytest

from ntm.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write_input(tmp_path, data):
    path = tmp_path / "input.json"
    path.write_text(json.dumps(data, ensure_ascii=False) if not isinstance(data, str) else data, encoding="utf-8")
    return str(path)


def test_criteria_list_json_names_every_set(capsys):
    code, out, _ = run(capsys, "criteria", "list", "--json")
    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and {"qd318-2022", "qd51-2025", "th-32-2022"} <= set(rows)
    assert rows["qd318-2022"]["valid_from"] == "2022-03-08" and rows["qd318-2022"]["criteria"] == 19


def test_criteria_list_reads_as_a_table(capsys):
    code, out, _ = run(capsys, "criteria", "list")
    assert code == 0 and "qd318-2022" in out and "tiêu chí" in out


def test_criteria_show_json_contract(capsys):
    code, out, _ = run(capsys, "criteria", "show", "qd318-2022", "--json")
    data = json.loads(out)
    assert code == 0 and {"id", "title", "regions", "groups", "criteria"} <= set(data)
    assert "BTB" in data["regions"] and len(data["criteria"]) == 19
    first = data["criteria"][0]
    assert {"number", "name", "indicators"} <= set(first)
    assert {"code", "name", "unit", "value_type"} <= set(first["indicators"][0])


def test_criteria_show_groups_of_the_new_set(capsys):
    _, out, _ = run(capsys, "criteria", "show", "qd51-2025", "--json")
    data = json.loads(out)
    assert data["groups"] == ["1", "2", "3"] and len(data["criteria"]) == 10


def test_evaluate_file_json_contract(capsys, tmp_path):
    path = write_input(tmp_path, {"region": "BTB", "year": 2024, "flags": [],
                                  "values": {"15.1": 79.9, "17.1": {"numerator": 812, "denominator": 1020},
                                             "1.1": True}})
    code, out, _ = run(capsys, "evaluate", "--set", "th-32-2022", "--input", path, "--json")
    data = json.loads(out)
    assert code == 0
    assert {"set", "criteria_met", "criteria_total", "indicators_met", "indicators_total", "unknown",
            "criteria"} <= set(data)
    assert data["criteria_total"] == 19
    indicators = {i["code"]: i for c in data["criteria"] for i in c["indicators"]}
    assert indicators["15.1"]["status"] == "not_met" and indicators["15.1"]["threshold"] == 90
    assert indicators["1.1"]["status"] == "met"
    assert {c["status"] for c in data["criteria"]} <= {"met", "not_met", "unknown"}
    assert "15.1" not in data["unknown"] and "2.2" in data["unknown"]


def test_evaluate_file_readable_output(capsys, tmp_path):
    path = write_input(tmp_path, {"region": "BTB", "year": 2024, "values": {"15.1": 79.9}})
    code, out, _ = run(capsys, "evaluate", "--set", "th-32-2022", "--input", path)
    assert code == 0 and "15.1: 79,9%" in out and "Chưa đạt" in out


@pytest.mark.parametrize(("argv_set", "data", "field_words"), [
    ("nope", {"values": {}}, "nope"),
    ("qd318-2022", {"values": {"99.9": 1}}, "values.99.9"),
    ("qd318-2022", {"values": {"15.1": "nhiều"}}, "values.15.1"),
    ("qd318-2022", {"values": {"15.1": 120}}, "100"),
    ("qd318-2022", {"values": {"9.1": -2}}, "values.9.1"),
    ("qd318-2022", {"values": {"1.1": 5}}, "values.1.1"),
    ("qd318-2022", {"region": "MARS", "values": {}}, "region"),
    ("qd318-2022", {"year": "next", "values": {}}, "year"),
    ("qd318-2022", {"colour": "red"}, "colour"),
    ("qd318-2022", "{not json", "JSON"),
])
def test_bad_input_exits_2_with_one_line_naming_the_field(capsys, tmp_path, argv_set, data, field_words):
    path = write_input(tmp_path, data)
    code, out, err = run(capsys, "evaluate", "--set", argv_set, "--input", path)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and field_words in err and "Traceback" not in err
    assert err.startswith("lỗi: ") and "error: " in err


def test_missing_input_file_exits_2(capsys, tmp_path):
    code, _, err = run(capsys, "evaluate", "--set", "qd318-2022", "--input", str(tmp_path / "none.json"))
    assert code == 2 and "none.json" in err


def test_evaluate_needs_a_set_with_input(capsys, tmp_path):
    code, _, err = run(capsys, "evaluate", "--input", write_input(tmp_path, {}))
    assert code == 2 and "--set" in err
