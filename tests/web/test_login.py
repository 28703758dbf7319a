"""Sign-in throttle (django-axes): per user name and address, on every login form, counted in the database."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory

from ntm.web.auth import client_address

pytestmark = pytest.mark.django_db
OWNER, STRANGER = "10.0.0.1", "203.0.113.9"


def sign_in(url, username, password, address):
    return Client(REMOTE_ADDR=address).post(url, {"username": username, "password": password})


def test_five_wrong_passwords_lock_that_name_from_that_address_only(make_user):
    make_user("xa_cam_ngoc_2")  # password "pw"
    for _ in range(4):
        assert sign_in("/dang-nhap/", "xa_cam_ngoc_2", "sai", STRANGER).status_code == 200
    assert sign_in("/dang-nhap/", "xa_cam_ngoc_2", "sai", STRANGER).status_code == 429  # the fifth locks
    refused = sign_in("/dang-nhap/", "xa_cam_ngoc_2", "pw", STRANGER)
    assert refused.status_code == 429 and "quá nhiều lần" in refused.content.decode()
    assert sign_in("/dang-nhap/", "xa_cam_ngoc_2", "pw", OWNER).status_code == 302  # the owner is not locked out


def test_the_failures_are_kept_in_the_database_for_every_worker(make_user):
    from axes.models import AccessAttempt

    make_user("someone")
    for _ in range(3):
        sign_in("/dang-nhap/", "someone", "sai", STRANGER)
    attempt = AccessAttempt.objects.get(username="someone", ip_address=STRANGER)
    assert attempt.failures_since_start == 3


def test_a_right_password_before_the_limit_starts_the_count_again(make_user):
    make_user("someone")
    for _ in range(4):
        sign_in("/dang-nhap/", "someone", "sai", OWNER)
    assert sign_in("/dang-nhap/", "someone", "pw", OWNER).status_code == 302
    for _ in range(4):
        sign_in("/dang-nhap/", "someone", "sai", OWNER)
    assert sign_in("/dang-nhap/", "someone", "pw", OWNER).status_code == 302


def test_the_admin_login_is_throttled_too(make_user):
    make_user("quan_tri_2", is_staff=True, is_superuser=True)
    for _ in range(4):
        assert sign_in("/admin/login/", "quan_tri_2", "sai", STRANGER).status_code == 200
    assert sign_in("/admin/login/", "quan_tri_2", "sai", STRANGER).status_code == 429
    assert sign_in("/admin/login/", "quan_tri_2", "pw", STRANGER).status_code == 429
    assert sign_in("/admin/login/", "quan_tri_2", "pw", OWNER).status_code == 302


def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    settings.BEHIND_PROXY = False
    assert client_address(request) == "127.0.0.1"  # a client cannot choose its address by sending the header
    settings.BEHIND_PROXY = True
    assert client_address(request) == "198.51.100.7"


@pytest.mark.parametrize("weak", ["ntm-demo", "12345678901", "password123"])
def test_weak_passwords_are_refused_by_the_validators(weak):
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_a_long_unusual_password_passes_the_validators():
    validate_password("Cam-Ngoc-thon-Song-Nga-2024")
