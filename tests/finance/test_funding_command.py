"""`ntm funding --unit U --year Y [--json]`, called through ntm's main()."""

import json

import pytest

from ntm.cli import main
from ntm.finance import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def cam_ngoc_2023(cam_ngoc):
    for source, amount in {"central_province": "3.392.000.000", "people": "2.170.000.000"}.items():
        services.save_funding(actor=None, unit=cam_ngoc, year=2023, source_kind=source, values={"planned": amount})
    services.set_stated_total(actor=None, unit=cam_ngoc, year=2023, values={"amount": "5.600.000.000"})
    return cam_ngoc


def test_json_has_the_contract_keys(cam_ngoc_2023, capsys):
    assert main(["funding", "--unit", "legacy:15169", "--year", "2023", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"unit", "year", "total_vnd", "by_source", "stated_total_vnd", "warnings"} <= set(data)
    assert (data["unit"], data["year"], data["total_vnd"], data["stated_total_vnd"]) == (
        "legacy:15169", 2023, 5_562_000_000, 5_600_000_000)
    assert data["by_source"] == {"central_province": 3_392_000_000, "people": 2_170_000_000}
    assert len(data["warnings"]) == 1 and "5.600.000.000 đồng" in data["warnings"][0]
    assert "5.562.000.000 đồng" in data["warnings"][0]


def test_plain_text_uses_vietnamese_numbers(cam_ngoc_2023, capsys):
    assert main(["funding", "--unit", "legacy:15169", "--year", "2023"]) == 0
    out = capsys.readouterr().out
    assert "Tổng các nguồn: 5.562.000.000 đồng" in out and "Nhân dân đóng góp: 2.170.000.000 đồng" in out


def test_a_year_without_data_has_no_total(cam_ngoc, capsys):
    assert main(["funding", "--unit", "legacy:15169", "--year", "2019", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["total_vnd"], data["by_source"], data["warnings"]) == (None, {}, [])


@pytest.mark.parametrize(("argv", "named"), [
    (["--unit", "legacy:99999999", "--year", "2023"], "99999999"),
    (["--unit", "legacy:15169", "--year", "hai nghìn"], "hai nghìn"),
])
def test_unknown_unit_or_bad_year_exits_2_with_one_line(db, capsys, argv, named):
    assert main(["funding", *argv]) == 2
    err = capsys.readouterr().err
    assert named in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
