"""The admin shows set versions and threshold sources and changes none of them."""

import pytest

from ntm.setstore.models import SetVersion, ThresholdSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client, make_user):
    client.force_login(make_user("quan_tri_he_thong", is_superuser=True, is_staff=True))
    return client


def test_versions_are_listed_and_shown_read_only(superuser_client, th_variant):
    listing = superuser_client.get("/admin/setstore/setversion/")
    assert listing.status_code == 200 and "th-thu" in listing.content.decode()
    page = superuser_client.get(f"/admin/setstore/setversion/{th_variant.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="content"' not in html and "/bo-tieu-chi/th-thu/?phien-ban=1" in html


def test_nothing_is_added_changed_or_deleted_there(superuser_client, th_variant):
    assert superuser_client.get("/admin/setstore/setversion/add/").status_code == 403
    before = SetVersion.objects.get(pk=th_variant.pk).content
    superuser_client.post(f"/admin/setstore/setversion/{th_variant.pk}/change/", {"content": "id: x"})
    assert SetVersion.objects.get(pk=th_variant.pk).content == before
    assert superuser_client.post(f"/admin/setstore/setversion/{th_variant.pk}/delete/",
                                 {"post": "yes"}).status_code == 403
    assert SetVersion.objects.filter(pk=th_variant.pk).exists()


def test_sources_are_listed(superuser_client, th_variant):
    ThresholdSource.objects.create(set_id="th-thu", indicator="15.1", decision_number="99/2024/QĐ-UBND",
                                   article="Phụ lục, dòng 15.1", status="confirmed")
    listing = superuser_client.get("/admin/setstore/thresholdsource/")
    assert listing.status_code == 200 and "99/2024/QĐ-UBND" in listing.content.decode()
    assert superuser_client.get("/admin/setstore/thresholdsource/add/").status_code == 403
