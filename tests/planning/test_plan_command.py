"""`ntm plan --unit U --year Y [--json]`: the contract for scripts, text for people, exit 2 on bad input."""

from __future__ import annotations

import json

import pytest

from ntm.cli import main

pytestmark = pytest.mark.django_db
CAM_NGOC = "legacy:15169"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(make_plan, commune, record, capsys):
    make_plan()
    for period, value in [("2023-Q3", 83), ("2023-Q4", 86), ("2024-Q1", 89)]:
        record(commune, "15.1", period, value)
    code, out, _ = run(capsys, "plan", "--unit", CAM_NGOC, "--year", "2024", "--date", "2024-07-15", "--json")
    data = json.loads(out)
    assert code == 0 and (data["unit"], data["year"]) == (CAM_NGOC, 2024)
    assert {k: data["plan"][k] for k in ("number", "state", "version")} == {
        "number": "45/KH-UBND", "state": "issued", "version": 1}
    indicator, criterion = data["targets"]
    assert (indicator["indicator"], indicator["value"], indicator["deadline"], indicator["status"]) == (
        "15.1", 95.0, "2024-06-30", "not_met")
    assert indicator["forecast"]["outlook"] == "off_track" and indicator["forecast"]["points"] == 3
    assert "Bình phương tối thiểu" in indicator["forecast"]["method"]
    assert (criterion["criterion"], criterion["deadline"], criterion["forecast"]) == (15, "2024-12-31", None)
    assert "indicator" not in criterion
    assert [(t["title"], t["deadline"], t["overdue"]) for t in data["tasks"]] == [
        ("Tuyên truyền vận động mua BHYT", "2024-05-31", True), ("Rà soát hộ nghèo", "2024-11-30", False)]


def test_text_output_reads_as_vietnamese(make_plan, capsys):
    make_plan()
    code, out, _ = run(capsys, "plan", "--unit", CAM_NGOC, "--year", "2024", "--date", "15/7/2024")
    assert code == 0
    assert "Kế hoạch xây dựng NTM năm 2024 (phiên bản 1, Đã ban hành, số 45/KH-UBND ngày 15/2/2024)" in out
    assert "hạn 30/6/2024: Chưa rõ [quá hạn]" in out and "[quá hạn 45 ngày]" in out
    assert "dự báo: không đủ dữ liệu" in out


@pytest.mark.parametrize(("argv", "named"), [
    (["--unit", "legacy:99999999", "--year", "2024"], "legacy:99999999"),
    (["--unit", CAM_NGOC, "--year", "hai nghìn"], "hai nghìn"),
    (["--unit", CAM_NGOC, "--year", "1890"], "1890"),
    (["--unit", CAM_NGOC, "--year", "2031"], "2031"),  # no plan that year
])
def test_bad_unit_or_year_exits_2_with_one_line_naming_it(make_plan, capsys, argv, named):
    make_plan()
    code, out, err = run(capsys, "plan", *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and named in err and "Traceback" not in err
