"""Benchmark: the province completeness page (/tinh/<key>/bao-cao/) on the synthetic demo.

Run it on a COPY of a database prepared with `ntm setup --synthetic` (585 Thanh Hóa communes),
never on the one you work with: `--villages N` adds N villages to every commune of the period and
submits about two thirds of their reports.

    cp var/ntm.sqlite3 /tmp/bench.sqlite3
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/ntm setup --synthetic
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/reporting.py [--villages 10] [--runs 3]

Prints the time of each run (in-process Django test client, signed in as the province office,
one warm-up request first), their range, and the page's figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ntm.settings")



def add_villages(province_key: str, period_key: str, per_commune: int, seed: int = 7) -> int:
    """N villages under each owing commune, two thirds of them with a submitted report for the period."""
    from django.utils import timezone

    from ntm.common.scope import get_unit_in_scope
    from ntm.geo.models import Level, Unit
    from ntm.monitoring.models import PeriodReview, ReviewEvent
    from ntm.monitoring.periods import Period
    from ntm.monitoring.reporting.province import province_codes
    from ntm.monitoring.reporting.status import owing_units

    rng, period = random.Random(seed), Period.parse(period_key)
    province = get_unit_in_scope(None, province_key)
    communes = owing_units(Unit.objects.filter(province_code__in=province_codes(province)), Level.COMMUNE, period)
    villages = Unit.objects.bulk_create([
        Unit(scheme="local", code=f"bench-{c.code}-{i}", level=Level.VILLAGE, name=f"Thôn {i}", short_name=f"Thôn {i}",
             division_type="thôn", parent=c, province_code=c.province_code, search_key=f"thon {i}",
             valid_from=c.valid_from, valid_to=c.valid_to) for c in communes for i in range(1, per_commune + 1)])
    reviews = []
    for v in villages:
        if rng.random() < 2 / 3:
            at = timezone.make_aware(dt.datetime.combine(period.end + dt.timedelta(days=rng.randint(1, 12)),
                                                         dt.time(9)))
            reviews.append(PeriodReview(unit=v, set_family="bench", period_key=period.key, period_start=period.start,
                                        period_end=period.end, state="submitted", submitted_at=at))
    PeriodReview.objects.bulk_create(reviews)
    events = ReviewEvent.objects.bulk_create([ReviewEvent(review=r, transition="submit", from_state="draft",
                                                          to_state="submitted", actor_label="bench") for r in reviews])
    for event, review in zip(events, reviews, strict=True):
        ReviewEvent.objects.filter(pk=event.pk).update(at=review.submitted_at)
    return len(villages)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", default="legacy:province:38", help="legacy: 585 communes; 2025:province:38")
    parser.add_argument("--period", default="2025-Q1")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--villages", type=int, default=0, help="villages to add under every commune (a copy DB!)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    if args.villages:
        print(f"thêm {add_villages(args.province, args.period, args.villages)} thôn")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(User.objects.get(username="tinh_thanh_hoa"))
    url = f"/tinh/{args.province}/bao-cao/?ky={args.period}"
    for label, query in (("trang", ""), ("CSV", "&xuat=csv")):
        response = client.get(url + query)  # warm-up
        assert response.status_code == 200, response.status_code
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            response = client.get(url + query)
            times.append((time.perf_counter() - start) * 1000)
        print(f"{label} {url}{query}: " + ", ".join(f"{t:.0f} ms" for t in times)
              + f" (khoảng {min(times):.0f}–{max(times):.0f} ms, {len(response.content) // 1024} KB)")
    html = client.get(url).content.decode()
    start = html.index('id="summary"')
    print(" ".join(html[start:start + 1500].split())[:600])
    return 0


if __name__ == "__main__":
    sys.exit(main())
