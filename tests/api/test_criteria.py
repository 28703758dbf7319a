"""GET /api/criteria-sets and /api/criteria-sets/{id}: the catalogs, for any signed-in caller."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_sets_are_listed_with_their_counts(api, commune_official):
    sets = {s["id"]: s for s in api(commune_official).get("/api/criteria-sets").json()}
    assert {"qd318-2022", "th-32-2022", "qd51-2025"} <= set(sets)
    assert sets["qd318-2022"]["criteria"] == 19 and sets["qd51-2025"]["criteria"] == 10


def test_one_set_with_its_criteria_and_indicators(api, outsider):
    data = api(outsider).get("/api/criteria-sets/th-32-2022").json()
    bhyt = next(i for c in data["criteria"] for i in c["indicators"] if i["code"] == "15.1")
    assert data["decision"]["number"] and bhyt["unit"] == "%" and bhyt["threshold"] is not None


def test_an_unknown_set_is_404(api, outsider):
    response = api(outsider).get("/api/criteria-sets/qd999-2030")
    assert response.status_code == 404 and response.json()["code"] == "ntm.not_found"
