"""The planning API: lists and reads scoped, writes through the services, errors 403/404/409/422 in both languages."""

from __future__ import annotations

import pytest
from django.test import Client

from ntm.api.models import ApiToken

pytestmark = pytest.mark.django_db
CAM_NGOC = "legacy:15169"


@pytest.fixture
def call():
    def make(user):
        headers = {"Authorization": f"Bearer {ApiToken.issue(user, 'test')[1]}"}

        def request(method, url, data=None):
            return getattr(Client(), method)(url, data or {}, content_type="application/json", headers=headers) \
                if method != "get" else Client().get(url, headers=headers)
        return request
    return make


def test_plan_read_gives_status_forecast_and_tasks_at_a_date(make_plan, official, call):
    make_plan()
    body = call(official)("get", f"/api/units/{CAM_NGOC}/plans/2024?date=2024-07-15").json()
    assert (body["unit"], body["year"], body["date"]) == (CAM_NGOC, 2024, "2024-07-15")
    assert {k: body["plan"][k] for k in ("number", "state", "version")} == {
        "number": "45/KH-UBND", "state": "issued", "version": 1}
    indicator = next(t for t in body["targets"] if t["kind"] == "indicator")
    assert (indicator["indicator"], indicator["value"], indicator["deadline"]) == ("15.1", 95.0, "2024-06-30")
    assert indicator["status"] == "unknown" and indicator["overdue"] is True
    assert indicator["forecast"]["outlook"] == "insufficient_data"
    assert [t["overdue"] for t in body["tasks"]] == [True, False]


def test_lists_of_plans_targets_tasks_and_committee(make_plan, official, call):
    plan = make_plan()
    get = call(official)
    assert [p["id"] for p in get("get", f"/api/units/{CAM_NGOC}/plans").json()] == [plan.pk]
    assert len(get("get", f"/api/plans/{plan.pk}/targets").json()) == 2
    assert [t["title"] for t in get("get", f"/api/plans/{plan.pk}/tasks").json()][0] == "Tuyên truyền vận động mua BHYT"
    members = get("get", f"/api/units/{CAM_NGOC}/committee").json()
    assert [(m["name"], m["criteria"]) for m in members] == [("Nguyễn Văn An", ["15"])]


def test_outsiders_get_404_everywhere(make_plan, outsider, call):
    plan = make_plan()
    get = call(outsider)
    for url in (f"/api/units/{CAM_NGOC}/plans", f"/api/units/{CAM_NGOC}/plans/2024", f"/api/plans/{plan.pk}/targets",
                f"/api/plans/{plan.pk}/tasks", f"/api/units/{CAM_NGOC}/committee"):
        response = get("get", url)
        assert response.status_code == 404 and response.json()["code"] == "ntm.not_found", url
    assert get("get", "/api/overdue?date=2024-07-15").json() == []


def test_a_whole_plan_through_the_api(official, call):
    post = call(official)
    plan = post("post", f"/api/units/{CAM_NGOC}/plans", {"year": 2024, "set_id": "th-32-2022"}).json()
    assert plan["state"] == "draft"
    target = post("post", f"/api/plans/{plan['id']}/targets",
                  {"kind": "indicator", "indicator": "15.1", "value": 95, "deadline": "2024-06-30"})
    assert target.status_code == 200 and target.json()["indicator"] == "15.1"
    task = post("post", f"/api/plans/{plan['id']}/tasks", {"title": "Rà soát BHYT", "deadline": "31/5/2024"}).json()
    stale = post("put", f"/api/tasks/{task['id']}", {"title": "Đổi", "expected_revision": 7})
    assert stale.status_code == 409 and stale.json()["code"] == "ntm.stale_edit"
    assert stale.json()["current"]["version"] == 1
    issued = post("post", f"/api/plans/{plan['id']}/issue", {"number": "45/KH-UBND", "issued_on": "2024-02-15",
                                                             "expected_revision": plan["revision"]})
    assert issued.json()["state"] == "issued" and issued.json()["issued_on"] == "2024-02-15"
    frozen = post("post", f"/api/plans/{plan['id']}/targets", {"kind": "criterion", "criterion": 6,
                                                              "deadline": "2024-06-30"})
    assert frozen.status_code == 422 and "Đã ban hành" in frozen.json()["message"]
    assert frozen.json()["message_en"].startswith("cannot edit the plan")
    progress = post("post", f"/api/tasks/{task['id']}/progress", {"status": "done", "done_on": "2024-05-20"})
    assert (progress.json()["status"], progress.json()["progress_pct"]) == ("done", 100)
    draft = post("post", f"/api/plans/{plan['id']}/new-version", {}).json()
    assert (draft["version"], draft["supersedes"]) == (2, plan["id"])


def test_a_village_board_may_not_issue_403_and_bad_input_is_422(village, board, call):
    post = call(board)
    plan = post("post", f"/api/units/{village.key}/plans", {"year": 2024}).json()
    refused = post("post", f"/api/plans/{plan['id']}/issue", {"number": "1/KH-BPT", "issued_on": "2024-02-15"})
    assert refused.status_code == 403 and refused.json()["code"] == "ntm.not_allowed"
    assert "cán bộ xã" in refused.json()["message"]
    bad = post("post", f"/api/plans/{plan['id']}/targets", {"kind": "criterion", "criterion": 2,
                                                           "deadline": "31/2/2024"})
    assert bad.status_code == 422 and bad.json()["fields"] == {"deadline": bad.json()["message"]}
    missing = post("post", f"/api/plans/{plan['id']}/targets", {"kind": "criterion"})
    assert missing.status_code == 422 and "deadline" in missing.json()["fields"]


def test_committee_member_written_through_the_api(village, official, call):
    post = call(official)
    member = post("post", f"/api/units/{CAM_NGOC}/committee",
                  {"name": "Lê Thị Hoa", "criteria": [6, 16], "villages": [village.key]})
    assert member.status_code == 200
    data = member.json()
    assert (data["criteria"], data["villages"], data["body"]) == (["6", "16"], [village.key], "steering")
    changed = post("put", f"/api/committee/{data['id']}", {"name": "Lê Thị Hoa", "criteria": [6],
                                                           "expected_revision": 1})
    assert changed.json()["revision"] == 2
    assert post("delete", f"/api/committee/{data['id']}?expected_revision=2").status_code == 204


def test_overdue_api(make_plan, official, call):
    make_plan()
    rows = call(official)("get", "/api/overdue?date=2024-07-15").json()
    assert [(r["kind"], r["days_late"]) for r in rows] == [("task", 45), ("target", 15)]


def test_every_planning_endpoint_is_in_the_openapi_schema(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/units/{key}/plans", "/api/units/{key}/plans/{year}", "/api/plans/{plan_id}",
                 "/api/plans/{plan_id}/issue", "/api/plans/{plan_id}/close", "/api/plans/{plan_id}/new-version",
                 "/api/plans/{plan_id}/targets", "/api/targets/{target_id}", "/api/plans/{plan_id}/tasks",
                 "/api/tasks/{task_id}", "/api/tasks/{task_id}/progress", "/api/units/{key}/committee",
                 "/api/committee/{member_id}", "/api/overdue"):
        assert path in paths, path
