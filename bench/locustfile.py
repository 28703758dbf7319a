"""Locust user for bench/web.py: a province officer's and a commune officer's page views."""

import os
import random

from locust import HttpUser, between, task

COMMUNES = os.environ.get("BENCH_COMMUNES", "").split(",")
OFFICIALS = [pair.split("=") for pair in os.environ.get("BENCH_OFFICIALS", "").split(",") if pair]
THINK = float(os.environ.get("BENCH_THINK", "1"))
PROVINCE = os.environ.get("BENCH_PROVINCE", "")
PERIODS = ["2024-Q4", "2025-Q2", "2025-Q4"]


class Official(HttpUser):
    wait_time = between(THINK * 0.5, THINK * 1.5)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", os.environ["BENCH_SESSION"])

    @task(5)
    def scorecard(self) -> None:
        self.client.get(f"/don-vi/{random.choice(COMMUNES)}/?ky={random.choice(PERIODS)}&bo=qd318-2022",
                        name="scorecard")

    @task(3)
    def entry(self) -> None:
        commune, session = random.choice(OFFICIALS)
        self.client.get(f"/don-vi/{commune}/nhap/{random.choice(PERIODS)}/?bo=qd318-2022", name="data-entry",
                        cookies={"sessionid": session})

    @task(1)
    def province(self) -> None:
        self.client.get(f"/tinh/{PROVINCE}/?ky={random.choice(PERIODS)}&bo=qd318-2022", name="province")
