"""Villages are evaluated on a village set, and appear with their status on the commune's page."""

from pathlib import Path

import pytest

from ntm.criteria.model import Status
from ntm.geo.services import create_village
from ntm.monitoring.periods import Period
from ntm.monitoring.selectors import evaluate_unit
from ntm.monitoring.services import Target, record_observation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def village_set(monkeypatch):
    monkeypatch.setenv("NTM_CATALOG_DIRS", str(Path(__file__).parent / "fixtures"))


def test_model_village_that_lost_its_water_and_insurance_is_not_met(unit):
    song_nga = create_village(actor=None, commune=unit("legacy:15169"), name="Song Nga")
    period = Period.parse("2023")
    record_observation(actor=None, unit=song_nga, target=Target("test-village", "1.1"), period=period,
                       raw={"numerator": 700, "denominator": 1000})
    record_observation(actor=None, unit=song_nga, target=Target("test-village", "2.1"), period=period, raw=False)
    result = evaluate_unit(actor=None, unit=song_nga, period=period)
    assert result.cset.id == "test-village"
    assert [c.status for c in result.evaluation.criteria] == [Status.NOT_MET, Status.NOT_MET]
    assert result.evaluation.criterion(1).indicators[0].gap == 200  # 200 more people to insure


def test_commune_page_lists_villages_with_their_status(client, unit, make_user):
    commune = unit("legacy:15169")
    village = create_village(actor=None, commune=commune, name="Song Nga")
    record_observation(actor=None, unit=village, target=Target("test-village", "2.1"), period=Period.parse("2024"),
                       raw=True)
    client.force_login(make_user("cb", commune, "commune_official"))
    html = client.get(f"/don-vi/{commune.key}/?ky=2024&bo=th-32-2022").content.decode()
    assert "Song Nga" in html and "đạt 1/2 tiêu chí" in html
