"""In a real Chromium at 1366 px and 360 px: the overdue list and a plan page with a forecast, in Vietnamese,
without sideways scrolling. The plan is made here (the seeds' plans are loaded into the demo elsewhere)."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.web.test_browser import SHOTS, browser, sign_in, site  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CAM_NGOC = "legacy:15169"
SIDEWAYS = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def plan_site(site):  # noqa: F811
    from ntm.common.scope import get_unit_in_scope
    from ntm.monitoring.periods import Period
    from ntm.monitoring.services import Target as Obs
    from ntm.monitoring.services import record_observation
    from ntm.planning.models import CommitteeMember, Plan, Target, Task

    commune = get_unit_in_scope(None, CAM_NGOC)
    for period, value in [("2024-01", 86), ("2024-02", 87.5), ("2024-03", 89)]:
        record_observation(actor=None, unit=commune, target=Obs("th-32-2022", "15.1"), period=Period.parse(period),
                           raw=value)
    latest = Plan.objects.filter(unit=commune, year=2024).order_by("-version").first()  # the demo may hold one
    plan = Plan.objects.create(unit=commune, year=2024, title="Kế hoạch xây dựng nông thôn mới năm 2024",
                               version=latest.version + 1 if latest else 1, supersedes=latest,
                               state="issued", set_id="th-32-2022", number="45/KH-UBND",
                               issued_on=dt.date(2024, 2, 15))
    member = CommitteeMember.objects.create(unit=commune, body="steering", name="Nguyễn Văn An",
                                            position="Phó Chủ tịch UBND xã", criteria=["15"])
    Target.objects.create(plan=plan, kind="indicator", indicator="15.1", value=95, deadline=dt.date(2024, 6, 30),
                          text="Tỷ lệ người dân tham gia bảo hiểm y tế đạt 95% trở lên")
    Task.objects.create(plan=plan, title="Tuyên truyền, vận động người dân mua bảo hiểm y tế", responsible=member,
                        deadline=dt.date(2024, 5, 31), status="in_progress", progress_pct=60)
    return site


@pytest.mark.parametrize("width", [1366, 360])
def test_overdue_list_and_plan_forecast_fit_and_read_in_vietnamese(browser, plan_site, width):  # noqa: F811
    page = sign_in(browser, plan_site, "xa_cam_ngoc", width=width)
    try:
        response = page.goto(f"{plan_site}/viec-qua-han/?ngay=15/7/2024")
        assert response.status == 200
        text = page.locator("main").inner_text()
        assert "Việc quá hạn" in text and "Tuyên truyền, vận động người dân mua bảo hiểm y tế" in text
        assert "45 ngày" in text and "Nguyễn Văn An" in text
        page.screenshot(path=str(SHOTS / f"overdue-{width}.png"), full_page=True)
        assert page.evaluate(SIDEWAYS) <= 0, f"overdue list scrolls sideways at {width} px"

        response = page.goto(f"{plan_site}/don-vi/{CAM_NGOC}/ke-hoach/2024/?ngay=15/7/2024")
        assert response.status == 200
        text = page.locator("main").inner_text()
        assert "Mục tiêu" in text and "Nhiệm vụ" in text and "Đã ban hành" in text and "Chưa đạt" in text
        assert "Chệch hướng" in text and "dự kiến" in text and "Quá hạn 45 ngày" in text
        page.get_by_text("Cách tính").first.click()
        assert "Bình phương tối thiểu" in page.locator(".forecast-method").first.inner_text()
        page.screenshot(path=str(SHOTS / f"plan-{width}.png"), full_page=True)
        assert page.evaluate(SIDEWAYS) <= 0, f"plan page scrolls sideways at {width} px"
    finally:
        page.close()
