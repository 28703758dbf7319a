"""In a real headless Chromium (Debian's, driven by Playwright): sign in, enter a value, see the tile change.

Screenshots of the main pages go to var/screenshots/ (ignored by git).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed (apt-get install chromium): the browser tests need it")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, django_db_setup):
    from ntm.geo.services import load_units
    from ntm.monitoring.demo import load_demo

    load_units()  # a transactional test database is emptied between tests
    load_demo()
    SHOTS.mkdir(parents=True, exist_ok=True)
    return live_server.url


def sign_in(browser, site, username, width=1280):
    page = browser.new_page(viewport={"width": width, "height": 900}, locale="vi-VN")
    page.goto(f"{site}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill("ntm-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    assert "/dang-nhap/" not in page.url, page.locator("main").inner_text()
    return page


def test_commune_official_enters_a_value_and_sees_the_tile_change(browser, site):
    page = sign_in(browser, site, "xa_cam_ngoc")
    response = page.goto(f"{site}/don-vi/legacy:15169/?ky=2024-Q1&bo=th-32-2022")
    assert response.status == 200, page.content()[:2000]
    assert "unknown" in page.locator("#tile-15").get_attribute("class")
    page.screenshot(path=str(SHOTS / "scorecard-before.png"), full_page=True)
    page.get_by_role("link", name="Nhập số liệu").click()
    page.locator("#head-15").click()  # criteria are collapsed sections: open 15
    page.locator("#v_15\\.1").fill("79,9")
    page.locator("#note-15").fill("Số liệu BHXH huyện, tháng 3/2024")
    page.screenshot(path=str(SHOTS / "entry.png"))
    page.locator("#save").click()  # one save for the whole page
    page.wait_for_load_state()
    assert "not_met" in page.locator("#tile-15").get_attribute("class")
    assert page.locator("#value-15\\.1").inner_text().startswith("79,9")
    page.screenshot(path=str(SHOTS / "scorecard-after.png"), full_page=True)


def test_village_board_cannot_open_another_village(browser, site):
    from ntm.geo.models import Unit

    other = Unit.objects.get(level="village", name="Sành")
    page = sign_in(browser, site, "thon_song_nga", width=360)
    response = page.goto(f"{site}/don-vi/{other.key}/")
    assert response.status == 404
    assert page.goto(f"{site}/api/units/{other.key}/evaluation?period=2024-Q1").status == 404
    own = Unit.objects.get(level="village", name="Song Nga")
    assert page.goto(f"{site}/don-vi/{own.key}/").status == 200
    page.screenshot(path=str(SHOTS / "village-phone.png"), full_page=True)


def test_province_heat_map_loads_and_filters(browser, site):
    from ntm.web.heatmap import PAGE_SIZE

    page = sign_in(browser, site, "tinh_thanh_hoa", width=1366)
    page.goto(f"{site}/tinh/legacy:province:38/")  # no period asked: the latest with data, and its set
    assert page.locator("#ky").input_value() == "2024-Q1" and page.locator("#bo").input_value() == "th-32-2022"
    assert page.locator("#heat tbody tr").count() == PAGE_SIZE
    page.screenshot(path=str(SHOTS / "province-heatmap-1366.png"), full_page=True)
    first = page.locator("#heat tbody").inner_text()
    page.check("#loai")  # each change refreshes the map in place (htmx) and the address
    page.wait_for_url("**loai=xa**")
    page.get_by_role("link", name="Sau").click()
    page.wait_for_url("**trang=2**")
    assert "loai=xa" in page.url and page.locator("#heat tbody").inner_text() != first
    assert page.locator("#loai").is_checked()
    page.select_option("#tieu_chi", "6")
    page.wait_for_url("**tieu_chi=6**")
    page.select_option("#trang_thai", "not_met")
    page.wait_for_url("**trang_thai=not_met**")
    page.wait_for_function("document.querySelectorAll('#heat tbody tr').length === 1")
    assert "Cao Ngọc" in page.locator("#heat tbody").inner_text()
    page.screenshot(path=str(SHOTS / "province-filtered.png"))
    phone = sign_in(browser, site, "tinh_thanh_hoa", width=360)
    phone.goto(f"{site}/tinh/legacy:province:38/")
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    phone.screenshot(path=str(SHOTS / "province-heatmap-360.png"), full_page=True)


def test_official_imports_a_seed_report_and_sees_the_scorecard_filled(browser, site):
    seed = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_029306e97db87dbe.txt"
    page = sign_in(browser, site, "xa_cao_ngoc")
    page.goto(f"{site}/nhap-bao-cao/")
    page.set_input_files("#files", str(seed))
    page.locator("#upload").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Xem và sửa").click()
    page.wait_for_load_state()
    assert page.locator("#source mark").count() > 3  # the sentences the facts came from
    page.screenshot(path=str(SHOTS / "import-review.png"), full_page=True)
    page.locator("#confirm").click()
    page.wait_for_load_state()
    summary = page.locator("#summary").inner_text()
    assert "16 đạt" in summary and "3 chưa đạt" in summary and "0 chưa rõ" in summary
    assert "not_met" in page.locator("#tile-6").get_attribute("class")
    page.screenshot(path=str(SHOTS / "scorecard-imported.png"), full_page=True)
