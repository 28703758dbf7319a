"""The reporting pages in a real Chromium at 1366 px and 360 px: no sideways scroll (screenshots in var/screenshots)."""

import pytest
from tests.web.test_browser import SHOTS, browser, sign_in, site  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = [
    ("reporting-villages", "xa_cam_ngoc", "/don-vi/legacy:15169/bao-cao-thon/?ky=2024-Q1"),
    ("reporting-province", "tinh_thanh_hoa", "/tinh/legacy:province:38/bao-cao/?ky=2024-Q1"),
    ("reporting-schedule", "tinh_thanh_hoa", "/che-do-bao-cao/"),
]


@pytest.mark.parametrize("width", [1366, 360])
@pytest.mark.parametrize(("name", "username", "url"), SCREENS, ids=[s[0] for s in SCREENS])
def test_reporting_screen_fits_without_sideways_scroll(browser, site, name, username, url, width):  # noqa: F811
    page = sign_in(browser, site, username, width=width)
    try:
        response = page.goto(f"{site}{url}")
        assert response is not None and response.status == 200, f"{url}: {response and response.status}"
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {width} px scrolls sideways by {overflow} px"
    finally:
        page.close()
