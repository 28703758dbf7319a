"""With DEBUG off an unknown URL gets the site's own 404 page: never Django's list of URL patterns."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/abc%2Fdef", "/khong-co/", "/api-khong-co"])
def test_an_unknown_url_gets_the_plain_404_page(client, settings, path):
    settings.DEBUG = False
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == 404 and "Không tìm thấy trang hoặc đơn vị này." in page
    assert "URLconf" not in page and "Django tried these URL patterns" not in page


def test_the_500_page_renders_without_a_request(settings):
    from django.template.loader import render_to_string

    assert "Lỗi máy chủ" in render_to_string("500.html")
