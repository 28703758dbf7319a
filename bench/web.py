"""Benchmark of the pages under load: a synthetic province, 20 concurrent clients for 60 s.

Builds a synthetic province (166 communes, 12 villages each, two years of quarterly values
on QĐ 318) in a fresh database, serves the site with gunicorn (2 workers × 4 threads on this
2-core machine), and drives it with locust: scorecard, data-entry and province pages, each
client pausing --think seconds (mean) between requests. Prints p50 / p95 / p99 per page and
the error count.

    python bench/web.py                       # SQLite in a temporary folder
    scripts/with-postgres python bench/web.py # the PostgreSQL server the wrapper starts
    python bench/web.py --seconds 20 --users 10
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
PROVINCE_CODE = "99"
SET_ID = "qd318-2022"
PERIODS = [f"{year}-Q{q}" for year in (2024, 2025) for q in range(1, 5)]


def build_province(communes: int, villages: int, seed: int) -> dict[str, str]:
    """Create the synthetic province, its users and values; return the keys the load test visits."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from ntm.common.models import Membership
    from ntm.criteria.catalog import get_set
    from ntm.geo.models import Unit
    from ntm.monitoring.models import Observation
    from ntm.monitoring.periods import Period

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    rng = random.Random(seed)
    province = Unit.objects.create(scheme="2025", level="province", code=PROVINCE_CODE, name="Tỉnh Thử Nghiệm",
                                   short_name="Thử Nghiệm", province_code=PROVINCE_CODE, search_key="tinh thu nghiem")
    commune_units = Unit.objects.bulk_create([
        Unit(scheme="2025", level="commune", code=str(990000 + i), name=f"Xã Thử {i}", short_name=f"Thử {i}",
             parent=province, province_code=PROVINCE_CODE, search_key=f"xa thu {i}", region="BTB")
        for i in range(communes)])
    Unit.objects.bulk_create([
        Unit(scheme="local", level="village", code=f"bench-{c.code}-{j}", name=f"Thôn {j}", short_name=f"Thôn {j}",
             parent=c, province_code=PROVINCE_CODE, search_key=f"thon {j}", region="BTB")
        for c in commune_units for j in range(villages)])
    cset = get_set(SET_ID)
    rows = []
    for commune in commune_units:
        for key in PERIODS:
            period = Period.parse(key)
            for ind in rng.sample(cset.indicators, 30):
                rows.append(Observation(
                    unit=commune, set_family=SET_ID, criterion=ind.criterion, indicator=ind.code, period_key=key,
                    period_end=period.end, value_bool=(rng.random() < 0.8) if ind.value_type == "boolean" else None,
                    value=None if ind.value_type == "boolean" else Decimal(rng.randint(500, 1000)) / 10))
    Observation.objects.bulk_create(rows, batch_size=5000)
    def session_for(user: User) -> str:
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        return str(session.session_key)

    office = User.objects.create_user("bench_tinh", password="x")
    Membership.objects.create(user=office, unit=province, role="province_office")
    officials = []
    for commune in commune_units[:40]:
        user = User.objects.create_user(f"bench_{commune.code}", password="x")
        Membership.objects.create(user=user, unit=commune, role="commune_official")
        officials.append(f"{commune.key}={session_for(user)}")
    return {"session": session_for(office), "province": province.key, "officials": ",".join(officials),
            "communes": ",".join(c.key for c in commune_units), "observations": str(len(rows))}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not start at {url}")


def run(args: argparse.Namespace) -> None:
    env = dict(os.environ)
    data_dir = Path(tempfile.mkdtemp(prefix="ntm-bench-"))
    env.setdefault("NTM_DATA_DIR", str(data_dir))
    env.update(DJANGO_SETTINGS_MODULE="ntm.settings", NTM_DEBUG="false", NTM_SECRET_KEY="bench-only",
               NTM_ALLOWED_HOSTS="127.0.0.1")
    os.environ.update(env)
    database = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    started = time.perf_counter()
    keys = build_province(args.communes, args.villages, args.seed)
    print(f"{database}: {args.communes} communes, {args.communes * args.villages} villages, "
          f"{keys['observations']} observations built in {time.perf_counter() - started:.1f} s")
    port = free_port()
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "ntm.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--threads", "4",
         "--log-level", "warning"], env=env, cwd=ROOT)
    try:
        wait_ready(f"http://127.0.0.1:{port}/dang-nhap/")
        prefix = data_dir / "locust"
        env.update(BENCH_SESSION=keys["session"], BENCH_PROVINCE=keys["province"], BENCH_COMMUNES=keys["communes"],
                   BENCH_OFFICIALS=keys["officials"], BENCH_THINK=str(args.think))
        subprocess.run(
            [str(VENV_BIN / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
             "-u", str(args.users), "-r", str(args.users), "-t", f"{args.seconds}s", "--host",
             f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR"],
            env=env, cwd=ROOT, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        report(prefix.with_name("locust_stats.csv"), database, args)
    finally:
        server.terminate()
        server.wait(timeout=10)


def report(stats_file: Path, database: str, args: argparse.Namespace) -> None:
    print(f"{database}, {args.users} clients, {args.seconds} s, think time {args.think} s between requests:")
    print(f"  {'page':<14}{'requests':>9}{'errors':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'req/s':>8}")
    with stats_file.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            print(f"  {row['Name']:<14}{row['Request Count']:>9}{row['Failure Count']:>8}{row['50%']:>8}"
                  f"{row['95%']:>8}{row['99%']:>8}{float(row['Requests/s']):>8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communes", type=int, default=166)
    parser.add_argument("--villages", type=int, default=12)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean pause of each client between requests, in seconds (0 = saturation)")
    sys.path.insert(0, str(ROOT / "src"))
    run(parser.parse_args())


if __name__ == "__main__":
    main()
