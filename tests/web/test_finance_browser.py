"""Finance pages in a real Chromium at a phone's 360 px: no sideways scroll; an official adds a source."""

import pytest
from tests.web.test_browser import SHOTS, browser, sign_in, site  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIDEWAYS = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def finance_data(site):  # noqa: F811
    from ntm.finance import services
    from ntm.geo.models import Unit

    cam_ngoc = Unit.objects.get(scheme="legacy", level="commune", code="15169")
    song_nga = cam_ngoc.children.get(name="Song Nga")
    for source, amount in {"central_province": "3.392.000.000", "people": "2.170.000.000"}.items():
        services.save_funding(actor=None, unit=cam_ngoc, year=2022, source_kind=source, values={"planned": amount})
    # 2022, not 2023: the demo holds the seed's own 2023 figures; these are made up for the layout
    services.set_stated_total(actor=None, unit=cam_ngoc, year=2022, values={
        "amount": "14.808.000.000", "quote": "Tổng nguồn vốn năm 2022 (số giả định để thử): 14.808.000.000 đồng"})
    work = services.create_work(actor=None, unit=cam_ngoc, values={
        "name": "Rãnh thoát nước có nắp đậy (150 tấn xi măng)", "year": 2022, "criterion": 2, "status": "done",
        "progress_pct": 100, "village": song_nga.pk})
    services.save_funding(actor=None, unit=cam_ngoc, work=work, year=2022, source_kind="central_province",
                          values={"planned": "217.000.000", "disbursed": "109.000.000"})
    services.add_contribution(actor=None, village=song_nga, values={
        "year": 2022, "kind": "material", "item": "Xi măng", "quantity": 150, "measure_unit": "tấn"})
    services.add_ocop_product(actor=None, unit=cam_ngoc, values={"name": "Mật ong", "producer": "HTX", "stars": 3})
    return work


def test_finance_pages_fit_a_phone(browser, site, finance_data):  # noqa: F811
    page = sign_in(browser, site, "xa_cam_ngoc", width=360)
    unit = "/don-vi/legacy:15169"
    for name, url in (("funding", f"{unit}/nguon-von/2022/"), ("works", f"{unit}/cong-trinh/"),
                      ("work", f"/cong-trinh/{finance_data.pk}/"), ("contributions", f"{unit}/dong-gop/2022/"),
                      ("ocop", f"{unit}/ocop/")):
        response = page.goto(f"{site}{url}")
        assert response.status == 200, url
        page.screenshot(path=str(SHOTS / f"finance-{name}-360.png"), full_page=True)
        overflow = page.evaluate(SIDEWAYS)
        assert overflow <= 0, f"{url} scrolls sideways by {overflow} px at 360 px"
    page.close()


def test_official_adds_a_source_and_sees_the_stated_total_warning(browser, site, finance_data):  # noqa: F811
    page = sign_in(browser, site, "xa_cam_ngoc", width=360)
    page.goto(f"{site}/don-vi/legacy:15169/nguon-von/2022/")
    form = page.locator("#add-funding")
    form.get_by_label("Nguồn vốn").select_option("enterprise")
    form.get_by_label("Kế hoạch (đồng)").fill("3.886.000.000")
    form.get_by_role("button", name="Thêm nguồn").click()
    page.wait_for_load_state()
    assert "9.448.000.000 đồng" in page.locator("#total").inner_text()
    assert "14.808.000.000 đồng khác tổng các nguồn 9.448.000.000 đồng" in page.locator(".warning").first.inner_text()
    page.close()
