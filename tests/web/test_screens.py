"""Every main screen in a real Chromium at a laptop's 1366 px and a phone's 360 px: a full-page screenshot
each (var/screenshots/<name>-<width>.png, ignored by git), and no page scrolls sideways.

Add a page by adding a row to SCREENS: (name, username or None for signed out, address).
"""

from __future__ import annotations

import pytest
from tests.web.test_browser import SHOTS, browser, sign_in, site  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = [
    # name                     user              address
    ("login",                  None,             "/dang-nhap/"),
    ("home-quantri",           "quantri",        "/"),
    ("home-tinh",              "tinh_thanh_hoa", "/"),
    ("home-cam-ngoc",          "xa_cam_ngoc",    "/"),
    ("home-cao-ngoc",          "xa_cao_ngoc",    "/"),
    ("home-song-nga",          "thon_song_nga",  "/"),
    ("scorecard-cao-ngoc",     "xa_cao_ngoc",    "/don-vi/legacy:15079/?ky=2024-Q1"),
    ("scorecard-cam-ngoc",     "xa_cam_ngoc",    "/don-vi/legacy:15169/?ky=2023"),
    ("scorecard-merged",       "tinh_thanh_hoa", "/don-vi/2025:15127/?ky=2024"),
    ("scorecard-ba-thanh",     "quantri",        "/don-vi/legacy:21493/?ky=2024"),
    ("entry-cao-ngoc",         "xa_cao_ngoc",    "/don-vi/legacy:15079/nhap/2024-Q1/"),
    ("compare-cao-ngoc",       "xa_cao_ngoc",    "/don-vi/legacy:15079/so-sanh/"),
    ("province-legacy",        "tinh_thanh_hoa", "/tinh/legacy:province:38/"),
    ("province-2025",          "tinh_thanh_hoa", "/tinh/2025:province:38/"),
    ("imports",                "xa_cao_ngoc",    "/nhap-bao-cao/"),
    ("api-docs",               "quantri",        "/api/docs"),
    ("worklist-tinh",          "tinh_thanh_hoa", "/duyet/"),
    ("review-cao-ngoc",        "xa_cao_ngoc",    "/don-vi/legacy:15079/duyet/2024-Q1/"),
    ("history-merged",         "xa_cam_ngoc",    "/don-vi/2025:15127/lich-su/"),
    ("village-song-nga",       "thon_song_nga",  "/don-vi/local:legacy-15169-3/?ky=2026-Q1"),
]
WIDTHS = [1366, 360]
SIDEWAYS = "document.documentElement.scrollWidth - window.innerWidth"


def open_screen(browser, site, username, url, width):  # noqa: F811
    if username is None:
        page = browser.new_page(viewport={"width": width, "height": 900}, locale="vi-VN")
    else:
        page = sign_in(browser, site, username, width=width)
    response = page.goto(f"{site}{url}")
    page.wait_for_load_state("networkidle")
    return page, response


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "username", "url"), SCREENS, ids=[s[0] for s in SCREENS])
def test_screen_fits_without_sideways_scroll(browser, site, name, username, url, width):  # noqa: F811
    page, response = open_screen(browser, site, username, url, width)
    try:
        assert response is not None and response.status == 200, f"{url}: {response and response.status}"
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate(SIDEWAYS)
        assert overflow <= 0, f"{name} at {width} px scrolls sideways by {overflow} px"
    finally:
        page.close()
