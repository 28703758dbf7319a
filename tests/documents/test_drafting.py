"""The village báo cáo, the province roll-up and the reporting section read back against the data; the year of
an undated draft; the notice of figures that changed since an official's edit (service, page and API)."""

from __future__ import annotations

import datetime as dt
import io

import docx
import openpyxl
import pytest

from ntm.criteria.catalog import family_of
from ntm.criteria.model import Status
from ntm.documents import services
from ntm.documents.build import render_document
from ntm.documents.rendering import draft_year
from ntm.documents.selectors import today
from ntm.geo.models import Level, Unit
from ntm.monitoring.models import Observation
from ntm.monitoring.periods import Period
from ntm.monitoring.reporting import village_reports
from ntm.monitoring.selectors import evaluate_unit, statuses_of_units
from ntm.monitoring.sets import choose_set

Q1 = Period.parse("2024-Q1")


def _read(content: bytes) -> tuple[list[str], list[list[str]]]:
    document = docx.Document(io.BytesIO(content))
    cells = [[p.text for p in cell.paragraphs] for table in document.tables for cell in table.rows[0].cells]
    return [p.text for p in document.paragraphs], cells


@pytest.mark.parametrize(("end", "kind", "drafted_on", "year"), [
    ("2024-03-31", "bao-cao", "2024-03-14", 2024),   # seed 000: made within the quarter
    ("2023-12-31", "bao-cao", "2024-05-10", 2024),   # seed 001: the 2023 report made in May 2024
    ("2024-03-31", "bao-cao", "2026-11-30", 2024),   # drafted long after from the records: the period's year
    ("2024-12-31", "ke-hoach", "2023-12-20", 2023),  # a plan drafted in the December before its year
    ("2024-12-31", "ke-hoach", "2022-12-20", 2024),
])
def test_undated_draft_prints_the_year_it_is_made_in_or_the_periods(end, kind, drafted_on, year):
    assert draft_year(dt.date.fromisoformat(end), kind, dt.date.fromisoformat(drafted_on)) == year


@pytest.fixture
def song_nga(demo, unit):
    """Song Nga (Cẩm Ngọc) with criterion 1 of its village set assessed as met in 2024-Q1."""
    village = unit("legacy:15169").children.get(name="Song Nga")
    cset = choose_set(village, Q1)
    first = cset.criteria[0].number
    Observation.objects.create(unit=village, set_family=family_of(cset), criterion=first, indicator="",
                               period_key=Q1.key, period_end=Q1.end, assessed="met")
    return village


def test_village_report_is_the_village_boards_with_the_figures_of_the_data(song_nga):
    expected = evaluate_unit(actor=None, unit=song_nga, period=Q1, with_previous=False).evaluation
    paragraphs, cells = _read(render_document(song_nga, "2024-Q1"))
    left, _right, recipients, signature = cells
    assert left[:2] == ["UBND XÃ CẨM NGỌC", "BAN PHÁT TRIỂN THÔN SONG NGA"]
    assert left[-1].endswith("/BC")
    total = len(expected.criteria)
    assert expected.criteria_met == 1
    assert f"Đến tháng 3/2024 thôn đã đạt 1/{total} tiêu chí, cụ thể:" in paragraphs
    assert f"- Tiêu chí số {expected.criteria[0].number} - {expected.criteria[0].name}" in paragraphs
    assert "4. Kết quả xây dựng thôn nông thôn mới" not in paragraphs  # a commune's section only
    assert recipients[1:] == ["- UBND xã (b/c);", "- Chi bộ thôn (b/c);", "- Lưu: BPT thôn."]
    assert signature[:2] == ["TM. BAN PHÁT TRIỂN THÔN", "TRƯỞNG BAN"]
    assert next(p for p in paragraphs if p.startswith("Trên đây")).endswith("quý 2 năm 2024 của thôn Song Nga./.")


def test_village_plan_is_made_by_the_village_board(song_nga):
    paragraphs, cells = _read(render_document(song_nga, "2024", kind="ke-hoach"))
    assert cells[0][-1].endswith("/KH")
    assert "Thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới trên địa bàn thôn Song Nga năm 2024" \
        in paragraphs
    assert any(p.startswith("Ban phát triển thôn xây dựng kế hoạch") for p in paragraphs)
    assert "Phần thứ ba\nTỔ CHỨC THỰC HIỆN" in paragraphs


def test_communes_report_lists_the_village_with_its_figures(song_nga, unit):
    paragraphs, _ = _read(render_document(unit("legacy:15169"), "2024-Q1"))
    total = len(choose_set(song_nga, Q1).criteria)  # the Thanh Hóa village set is one criterion in the catalogue
    word, met = ("đạt chuẩn", 1) if total == 1 else ("chưa đạt chuẩn", 0)
    assert f"- Song Nga: {word}, đạt 1/{total} tiêu chí." in paragraphs
    assert "- Kim: chưa có số liệu." in paragraphs
    assert f"Toàn xã có 07 thôn; {met:02d}/07 thôn đạt chuẩn nông thôn mới theo số liệu đã nhập." in paragraphs


def test_reporting_section_counts_as_the_reporting_pages_do(demo, unit):
    cam_ngoc = unit("legacy:15169")
    reports = village_reports(actor=None, commune=cam_ngoc, period=Q1, today=today())
    tally = reports.tally
    paragraphs, _ = _read(render_document(cam_ngoc, "2024-Q1"))
    heading = paragraphs.index("5. Chế độ thông tin báo cáo của các thôn")
    assert paragraphs[heading + 1].startswith(
        f"Trong quý 1 năm 2024 có {tally.received:02d}/{tally.expected:02d} thôn gửi báo cáo về xã "
        f"(đúng hạn {tally.on_time:02d}, trễ hạn {tally.late:02d}); tỷ lệ đầy đủ {tally.completeness_vi}")
    missing = paragraphs[heading + 2: heading + 2 + len(reports.missing)]
    assert [line.split(":")[0] for line in missing] == [f"- {row.unit.name}" for row in reports.missing]
    assert tally.expected == 7 and reports.missing  # the demo has villages that did not report


def test_province_roll_up_counts_the_communes_as_the_engine_does(demo, unit):
    province = unit("legacy:province:38")
    communes = list(Unit.objects.filter(level=Level.COMMUNE, province_code=province.code, scheme=province.scheme,
                                        division_type="xã").order_by("name"))  # not phường, thị trấn
    rows = statuses_of_units(actor=None, units=communes, period=Q1, cset=choose_set(communes[0], Q1))
    decided = [(c, st) for c, st, _ in rows if any(s != Status.UNKNOWN for s in st)]
    full = [c for c, st in decided if all(s == Status.MET for s in st)]
    paragraphs, cells = _read(render_document(province, "2024-Q1"))
    assert cells[0][:2] == ["UBND TỈNH THANH HÓA", "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI"]
    summary = next(p for p in paragraphs if "toàn tỉnh có" in p)
    assert f"toàn tỉnh có {len(communes)} xã được theo dõi, trong đó {len(decided)} xã có số liệu đánh giá:" in summary
    assert f"- Đạt đủ 19/19 tiêu chí: {len(full)} xã;" in paragraphs
    assert f"- Chưa có số liệu: {len(communes) - len(decided)} xã." in paragraphs
    sheet = openpyxl.load_workbook(io.BytesIO(render_document(province, "2024-Q1", fmt="xlsx")))["Các xã"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert ("Xã Cao Ngọc", 16, 19, 0) in rows
    assert len(rows) == len(communes) and not any(str(row[0]).startswith("Phường") for row in rows)


@pytest.fixture
def edited_then_changed(demo, unit, make_user):
    """Cao Ngọc's Q1 report: the official rewrites the criteria section, then 17.1 is recorded as met
    (criterion 17 leaves the unmet list; its other indicators have no figure, so it is undecided)."""
    cao = unit("legacy:15079")
    official = make_user("xa_cao", cao, "commune_official")
    doc = services.create_draft(actor=official, unit=cao, kind="bao-cao", period_key="2024-Q1")
    services.edit_document(actor=official, document=doc, revision=doc.revision,
                           texts={"criteria": "Đến tháng 3/2024 xã đã đạt 16/19 tiêu chí (đã rà soát)."})
    observation = Observation.objects.get(unit=cao, indicator="17.1", period_key="2024-Q1")
    observation.assessed = "met"
    observation.save()
    doc.refresh_from_db()
    services.redraft_document(actor=official, document=doc, revision=doc.revision)
    doc.refresh_from_db()
    return official, doc


def test_redraft_names_the_figure_that_changed_since_the_edit(edited_then_changed):
    official, doc = edited_then_changed
    changes = services.figure_changes(actor=official, document=doc)
    assert ("Tiêu chí chưa đạt", "6, 15, 17", "6, 15") in changes["criteria"]
    assert doc.edits["criteria"] == "Đến tháng 3/2024 xã đã đạt 16/19 tiêu chí (đã rà soát)."  # kept
    assert "* Còn 2 tiêu chí chưa đạt gồm: Tiêu chí số 6" in "\n".join(doc.paragraphs["criteria"])  # redrafted


def test_page_and_api_show_the_changed_figure(edited_then_changed, client):
    official, doc = edited_then_changed
    client.force_login(official)
    notice = client.get(f"/van-ban/{doc.pk}/").content.decode()
    assert 'id="figures-changed"' in notice and "Tiêu chí chưa đạt 6, 15, 17 → 6, 15" in notice
    rows = client.get(f"/api/documents/{doc.pk}/changes").json()
    assert {"section": "criteria", "section_label": "Kết quả thực hiện các tiêu chí", "figure": "Tiêu chí chưa đạt",
            "when_edited": "6, 15, 17", "now": "6, 15"} in rows


def test_a_draft_kept_from_before_still_exports(edited_then_changed):
    """Facts stored by an older draft (the reporting section as sent/missing names) are still drafted from."""
    official, doc = edited_then_changed
    doc.facts["reporting"] = {"total": 3, "sent": ["Thôn Lỏ"], "missing": ["Làng Thau", "Chò Tráng"]}
    doc.facts["header"].pop("above", None)
    doc.facts["unit"].pop("title", None)
    doc.save()
    _, _, content = services.export_document(actor=official, document=doc, fmt="docx")
    assert "Đến tháng 3/2024 xã đã đạt 16/19 tiêu chí (đã rà soát)." in _read(content)[0]
