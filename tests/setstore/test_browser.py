"""In Chromium at 360 px: the Thanh Hóa office makes a variant, changes one threshold, sees the what-if; another
officer publishes it; the scorecard then uses it."""

import pytest
from tests.web.test_browser import browser, sign_in, site  # noqa: F401 - fixtures shared with the web tests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.setstore.urls")]


@pytest.fixture
def second_officer(site):  # noqa: F811
    from django.contrib.auth.models import User

    from ntm.common.models import Membership
    from ntm.common.scope import parse_unit_key
    from ntm.geo.models import Unit
    from ntm.setstore.provider import forget

    forget()
    user = User.objects.create_user("tinh_thanh_hoa_2", password="ntm-demo")
    Membership.objects.create(user=user, unit=Unit.objects.get(**parse_unit_key("legacy:province:38")),
                              role="province_office")
    yield user
    forget()


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def create_variant(page, site, *, parent, set_id, title):  # noqa: F811
    """The office's "Tạo bộ tiêu chí" form: a Thanh Hóa variant of `parent`; the page then shows the draft."""
    page.goto(f"{site}/bo-tieu-chi/")
    page.select_option("#parent", parent)
    page.fill("#set_id", set_id)
    page.select_option("#province", "38")
    page.fill("#title", title)
    page.get_by_role("button", name="Tạo bản nháp").click()
    page.wait_for_load_state()
    assert f"/bo-tieu-chi/{set_id}/" in page.url, page.locator("main").inner_text()


def publish_as_second_officer(browser, site, set_id, width):  # noqa: F811
    """The other officer of the office publishes the draft; their page is returned, still signed in."""
    other = sign_in(browser, site, "tinh_thanh_hoa_2", width=width)
    other.goto(f"{site}/bo-tieu-chi/{set_id}/")
    other.locator("#publish").click()
    other.wait_for_load_state()
    assert "Đã ban hành" in other.locator("#set-state").inner_text()
    return other


def test_office_variant_what_if_and_publication(browser, site, second_officer):  # noqa: F811
    page = sign_in(browser, site, "tinh_thanh_hoa", width=360)
    page.goto(f"{site}/bo-tieu-chi/")
    assert no_sideways_scroll(page)
    create_variant(page, site, parent="th-32-2022", set_id="th-bt", title="Bộ tiêu chí xã NTM Thanh Hóa (sửa BHYT)")
    page.locator("#ct-15\\.1").get_by_role("link", name="Sửa").click()
    page.fill("#threshold", "0")
    page.select_option("#status", "confirmed")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert "≥ 0" in page.locator("#ct-15\\.1 .threshold").inner_text()
    assert page.locator("#publish").count() == 0  # the drafter does not publish
    page.goto(f"{site}/bo-tieu-chi/th-bt/thu-truoc/?tinh=legacy:province:38&ky=2024-Q4")
    assert page.locator("#tc-15").count() == 1 and "xã" in page.locator("#whatif-summary").inner_text()
    assert no_sideways_scroll(page)
    page.close()

    other = publish_as_second_officer(browser, site, "th-bt", 360)
    other.goto(f"{site}/don-vi/legacy:15169/?ky=2024-Q4")
    assert "th-bt" in other.content()
    other.close()
