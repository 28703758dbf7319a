"""Observations and evaluations through the API: scoped writes, refusals naming the field, no stale overwrite."""

from pathlib import Path

import pytest

from ntm.monitoring.models import Observation

pytestmark = pytest.mark.django_db
CAM_NGOC = "legacy:15169"
BHYT = f"/api/units/{CAM_NGOC}/observations/th-32-2022/15.1/2024-Q1"
VILLAGE_SETS = Path(__file__).parents[1] / "monitoring" / "fixtures"  # test-village: 1.1 a percent, 2.1 yes/no


def test_put_then_evaluation_reflects_the_value_at_once(api, commune_official):
    caller = api(commune_official)
    saved = caller.put(BHYT, {"value": "79,9", "evidence_note": "BHXH"})
    assert saved.status_code == 200 and saved.json()["version"] == 1
    evaluation = caller.get(f"/api/units/{CAM_NGOC}/evaluation?period=2024-Q1&set=th-32-2022").json()
    bhyt = next(i for c in evaluation["criteria"] for i in c["indicators"] if i["code"] == "15.1")
    assert bhyt["value"] == 79.9 and bhyt["status"] == "not_met"
    listed = caller.get(f"/api/units/{CAM_NGOC}/observations?period=2024-Q1").json()
    assert [(o["indicator"], o["evidence_note"]) for o in listed] == [("15.1", "BHXH")]


def test_a_second_put_with_the_version_changes_the_evaluation(api, commune_official):
    caller = api(commune_official)
    caller.put(BHYT, {"value": 80})
    caller.put(BHYT, {"numerator": 950, "denominator": 1000, "expected_version": 1})
    evaluation = caller.get(f"/api/units/{CAM_NGOC}/evaluation?period=2024-Q1&set=th-32-2022").json()
    bhyt = next(i for c in evaluation["criteria"] for i in c["indicators"] if i["code"] == "15.1")
    assert bhyt["value"] == 95 and bhyt["status"] == "met"


@pytest.mark.parametrize(("body", "words"), [
    ({"value": 120}, "vượt quá 100%"),
    ({"value": "nhiều"}, "không phải là một số"),
    ({"numerator": 5, "denominator": 0}, "mẫu số"),
])
def test_bad_values_are_422_naming_the_field_and_nothing_is_saved(api, commune_official, body, words):
    response = api(commune_official).put(BHYT, body)
    data = response.json()
    assert response.status_code == 422 and "value" in data["fields"] and words in data["message"]
    assert not Observation.objects.exists()


def test_a_negative_count_is_refused_and_nothing_is_saved(api, commune_official):
    url = f"/api/units/{CAM_NGOC}/observations/th-32-2022/9.1/2024-Q1"
    response = api(commune_official).put(url, {"value": -1})
    assert response.status_code == 422 and "không được âm" in response.json()["fields"]["value"]
    assert not Observation.objects.exists()


def test_a_stale_version_is_409_with_the_current_value_and_version(api, commune_official):
    caller = api(commune_official)
    caller.put(BHYT, {"value": 80})
    caller.put(BHYT, {"value": 85, "expected_version": 1})
    response = caller.put(BHYT, {"value": 90, "expected_version": 1})
    current = response.json()["current"]
    assert response.status_code == 409 and (current["value"], current["version"]) == ("85", 2)
    assert Observation.objects.get().value == 85


def test_whole_criterion_assessment(api, commune_official):
    response = api(commune_official).put(f"/api/units/{CAM_NGOC}/criteria/th-32-2022/6/2024-Q1",
                                         {"assessed": "not_met"})
    assert response.status_code == 200 and response.json()["criterion"] == 6


def test_a_commune_official_writes_and_reads_its_villages(api, commune_official, unit, monkeypatch):
    from ntm.geo.services import create_village

    monkeypatch.setenv("NTM_CATALOG_DIRS", str(VILLAGE_SETS))
    village = create_village(actor=None, commune=unit(CAM_NGOC), name="Song Nga")
    caller = api(commune_official)
    saved = caller.put(f"/api/units/{village.key}/observations/test-village/2.1/2024", {"value": True})
    assert saved.status_code == 200
    evaluation = caller.get(f"/api/units/{village.key}/evaluation?period=2024").json()
    assert evaluation["unit"]["key"] == village.key and evaluation["criteria"][1]["status"] == "met"


def test_a_village_board_cannot_touch_the_next_village(api, make_user, unit):
    from ntm.geo.services import create_village

    cam_ngoc = unit(CAM_NGOC)
    song_nga, lang_ngoc = (create_village(actor=None, commune=cam_ngoc, name=n) for n in ("Song Nga", "Làng Ngọc"))
    caller = api(make_user("ban_song_nga", song_nga, "village_board"))
    assert caller.get(f"/api/units/{song_nga.key}/observations").status_code == 200
    assert caller.put(f"/api/units/{lang_ngoc.key}/observations/th-32-2022/15.1/2024", {"value": 1}).status_code == 404


def test_an_outsider_gets_404s_like_for_an_absent_unit_and_saves_nothing(api, outsider):
    caller = api(outsider)
    for tail in ("", "/observations", "/evaluation?period=2024-Q1"):
        theirs = caller.get(f"/api/units/{CAM_NGOC}{tail}")
        absent = caller.get(f"/api/units/legacy:99999999{tail}")
        assert theirs.status_code == absent.status_code == 404 and theirs.json() == absent.json(), tail
    assert caller.put(BHYT, {"value": 90}).status_code == 404
    assert not Observation.objects.exists()


def test_the_evaluation_says_what_its_statuses_rest_on(api, commune_official):
    caller = api(commune_official)
    caller.put(BHYT, {"value": 80})
    tally = caller.get(f"/api/units/{CAM_NGOC}/evaluation?period=2024-Q1&set=th-32-2022").json()["tally"]
    resting = tally["threshold_status_counts"]
    assert set(resting) == {"confirmed", "seed", "recalled", "unknown"}
    assert sum(resting.values()) == tally["indicators_met"] + tally["indicators_not_met"] + tally["indicators_unknown"]
    assert tally["indicators_measured"] >= 1
