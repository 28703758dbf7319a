"""The scope of one user object is worked out once (as Django's permission cache), and stays exactly as strict."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from ntm.common.errors import OutOfScope
from ntm.common.models import Membership
from ntm.common.scope import Access, get_unit_in_scope, in_scope, require_scope, visible_units

pytestmark = pytest.mark.django_db


def test_repeated_checks_of_one_request_ask_for_the_memberships_once(commune_official, unit,
                                                                      django_assert_num_queries):
    cam_ngoc = unit("legacy:15169")
    with django_assert_num_queries(2):  # the memberships, then the unit
        get_unit_in_scope(commune_official, "legacy:15169")
    with django_assert_num_queries(0):  # the lookup above already showed the unit is in scope
        require_scope(commune_official, cam_ngoc, Access.VIEW)
        assert in_scope(commune_official, cam_ngoc, Access.VIEW)
    with django_assert_num_queries(1):  # another access: its own check, the memberships are known
        require_scope(commune_official, cam_ngoc, Access.EDIT)
    with django_assert_num_queries(1):
        assert visible_units(commune_official).filter(pk=cam_ngoc.pk).count() == 1


def test_a_unit_outside_the_scope_is_refused_every_time(commune_official, unit):
    cao_ngoc = unit("legacy:15079")
    for _ in range(2):
        with pytest.raises(OutOfScope):
            require_scope(commune_official, cao_ngoc, Access.VIEW)
    assert not in_scope(commune_official, cao_ngoc, Access.EDIT)


def test_a_province_office_may_view_but_not_edit_the_same_commune(make_user, unit):
    office = make_user("vp_tinh", unit("legacy:province:38"), "province_office")
    cam_ngoc = unit("legacy:15169")
    assert in_scope(office, cam_ngoc, Access.VIEW)
    with pytest.raises(OutOfScope):
        require_scope(office, cam_ngoc, Access.EDIT)


def test_a_new_membership_counts_from_the_next_request(make_user, unit):
    user = make_user("moi")
    cam_ngoc = unit("legacy:15169")
    assert not in_scope(user, cam_ngoc, Access.VIEW)
    Membership.objects.create(user=user, unit=cam_ngoc, role="commune_official")
    next_request = User.objects.get(pk=user.pk)  # each request loads its user anew
    assert in_scope(next_request, cam_ngoc, Access.VIEW)


def test_an_anonymous_visitor_is_in_no_scope(unit):
    from django.contrib.auth.models import AnonymousUser

    assert not in_scope(AnonymousUser(), unit("legacy:15169"), Access.VIEW)
    assert not visible_units(AnonymousUser()).exists()
