"""Actors of two provinces and the administrator; the catalogue forgets database sets between tests."""

import pytest


@pytest.fixture(autouse=True)
def forget_database_sets():
    from ntm.setstore.provider import forget

    forget()
    yield
    forget()


@pytest.fixture
def th_office(make_user, unit):
    """Văn phòng điều phối Thanh Hóa (province 38, both schemes)."""
    from ntm.common.models import Membership

    user = make_user("vpdp_th_1", unit("legacy:province:38"), "province_office")
    Membership.objects.create(user=user, unit=unit("2025:province:38"), role="province_office")
    return user


@pytest.fixture
def th_office_2(make_user, unit):
    """A second officer of the same office: the one who publishes."""
    return make_user("vpdp_th_2", unit("legacy:province:38"), "province_office")


@pytest.fixture
def na_office(make_user, unit):
    """The office of another province (Nghệ An, 40)."""
    return make_user("vpdp_nghe_an", unit("legacy:province:40"), "province_office")


@pytest.fixture
def administrator(make_user, unit):
    return make_user("quan_tri", unit("2025:province:38"), "administrator")


@pytest.fixture
def th_variant(db, th_office):
    """A draft variant of th-32-2022 for Thanh Hóa, drafted by the first officer."""
    import datetime as dt

    from ntm.setstore import services

    return services.create_variant(actor=th_office, parent_id="th-32-2022", set_id="th-thu", title="Bộ thử Thanh Hóa",
                                   province_code="38", decision={"number": "99/2024/QĐ-UBND"},
                                   valid_from=dt.date(2022, 8, 10), valid_to=dt.date(2026, 2, 14))
