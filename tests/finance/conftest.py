"""Finance fixtures: Cẩm Ngọc (legacy:15169) with two villages, and who may do what there."""

import pytest
from tests.api.conftest import api, token_for  # noqa: F401  (the API callers' fixtures)


@pytest.fixture
def cam_ngoc(unit):
    return unit("legacy:15169")


@pytest.fixture
def song_nga(cam_ngoc):
    from ntm.geo.services import create_village

    return create_village(actor=None, commune=cam_ngoc, name="Song Nga")


@pytest.fixture
def dong_lao(cam_ngoc):
    from ntm.geo.services import create_village

    return create_village(actor=None, commune=cam_ngoc, name="Đồng Lão")


@pytest.fixture
def village_board(make_user, song_nga):
    return make_user("ban_song_nga", song_nga, "village_board")


@pytest.fixture
def province_office(make_user, unit):
    return make_user("vpdp_thanh_hoa", unit("legacy:province:38"), "province_office")

