"""Locust user for bench/web.py: province and commune officers reading pages, commune officers writing values.

Reads (80 %): scorecard, data-entry page, province heat-map. Writes (20 %): one indicator value through the API
(`PUT /api/units/{key}/observations/...`) with the commune official's token, on that official's own commune, with
the version the writer last saw, so a 409 or 422 is a real error (every non-2xx answer counts as one).
Each simulated user claims its own official (bench/web.py makes at least as many as there are users), so two
users never edit the same value.
"""

import itertools
import os
import random

from locust import HttpUser, between, task

COMMUNES = os.environ.get("BENCH_COMMUNES", "").split(",")
# "key=session=token" per commune official
OFFICIALS = [pair.split("=") for pair in os.environ.get("BENCH_OFFICIALS", "").split(",") if pair]
# "code:type" of every indicator the writer may write (types: boolean, percent, number, count, money)
INDICATORS = [pair.split(":") for pair in os.environ.get("BENCH_INDICATORS", "").split(",") if pair]
THINK = float(os.environ.get("BENCH_THINK", "1"))
PROVINCE = os.environ.get("BENCH_PROVINCE", "")
PERIODS = os.environ.get("BENCH_PERIODS", "2024-Q4,2025-Q2,2025-Q4").split(",")
SET_ID = os.environ.get("BENCH_SET", "qd318-2022")
WRITE_PERIOD = PERIODS[-1]
_claims = itertools.count()  # every simulated user runs in this one process (gevent), so a counter hands out slots


def value_for(kind: str) -> object:
    """A value the indicator accepts: a boolean, a percentage, or a positive figure."""
    if kind == "boolean":
        return random.random() < 0.8
    if kind == "percent":
        return round(random.uniform(50, 100), 1)
    if kind in ("count", "money"):
        return random.randint(1, 50)
    return round(random.uniform(10, 100), 1)


class Official(HttpUser):
    wait_time = between(THINK * 0.5, THINK * 1.5)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", os.environ["BENCH_SESSION"])
        self.commune, self.session, token = OFFICIALS[next(_claims) % len(OFFICIALS)]
        self.auth = {"Authorization": f"Bearer {token}"}
        self.versions: dict[str, int] = {}
        with self.client.get(f"/api/units/{self.commune}/observations", params={"period": WRITE_PERIOD,
                             "set": SET_ID}, headers=self.auth, name="api-read (start)",
                             catch_response=True) as response:
            if response.status_code == 200:
                self.versions = {row["indicator"]: row["version"] for row in response.json()}

    @task(20)
    def scorecard(self) -> None:
        self.client.get(f"/don-vi/{random.choice(COMMUNES)}/?ky={random.choice(PERIODS)}&bo={SET_ID}",
                        name="scorecard")

    @task(12)
    def entry(self) -> None:
        self.client.get(f"/don-vi/{self.commune}/nhap/{random.choice(PERIODS)}/?bo={SET_ID}", name="data-entry",
                        cookies={"sessionid": self.session})

    @task(4)
    def province(self) -> None:
        self.client.get(f"/tinh/{PROVINCE}/?ky={random.choice(PERIODS)}&bo={SET_ID}", name="province")

    @task(9)  # 9 of 45 = 20 % of requests
    def write(self) -> None:
        code, kind = random.choice(INDICATORS)
        body = {"value": value_for(kind), "expected_version": self.versions.get(code)}
        response = self.client.put(f"/api/units/{self.commune}/observations/{SET_ID}/{code}/{WRITE_PERIOD}",
                                   json=body, headers=self.auth, name="api-write")
        if response.status_code == 200:
            self.versions[code] = response.json()["version"]
