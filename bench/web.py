"""Benchmark of the pages under load: a synthetic province, 20 concurrent clients, 20 % of requests API writes.

Builds its data in a database it creates and nothing else: a fresh temporary data folder every time (any
NTM_DATA_DIR in the environment is ignored), SQLite in it by default; with DATABASE_URL (e.g. the throwaway server
of scripts/with-postgres) that database must be empty, or the script refuses to run. The default data set is a
synthetic province (166 communes, 12 villages each, two years of quarterly values on QĐ 318); `--national` builds
the largest real province with bench/national.py's generator instead (its 2025 communes with 30 villages each on
QĐ 51/2025 and its pre-2025 communes on QĐ 318, quarterly values 2022–2026).

Serves the site with gunicorn (2 workers × 4 threads on this 2-core machine) and drives it with locust (a dev
extra): scorecard, data-entry and province pages and API writes of one indicator value (with a commune official's
token, expected version given, so a 409/422 is an error), each client pausing --think seconds (mean) between
requests. Runs --runs times against the same server and prints, per page, p50 / p95 / p99 and errors as ranges
over the runs, and the server's CPU time per request (user + system of gunicorn's processes from /proc, before
and after each run; the database server's own CPU is not in it).

    python bench/web.py                                  # SQLite in a temporary folder
    scripts/with-postgres python bench/web.py            # the PostgreSQL server the wrapper starts
    scripts/with-postgres python bench/web.py --national --users 50
    python bench/web.py --seconds 20 --users 10 --runs 3
"""

from __future__ import annotations

import argparse
import atexit
import csv
import os
import random
import shutil
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
PERIODS = [f"{year}-Q{q}" for year in (2024, 2025) for q in range(1, 5)]
PAGES = ("scorecard", "data-entry", "province", "api-write")
TICKS = os.sysconf("SC_CLK_TCK")


def fresh_database() -> str:
    """Point Django at a data folder made now and a database with no tables; return the vendor's name."""
    folder = tempfile.mkdtemp(prefix="ntm-bench-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ.update(NTM_DATA_DIR=folder, DJANGO_SETTINGS_MODULE="ntm.settings", NTM_DEBUG="false",
                      NTM_SECRET_KEY="bench-only-" + "k" * 50, NTM_ALLOWED_HOSTS="127.0.0.1,testserver,localhost")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.introspection.table_names():
        sys.exit(f"Cơ sở dữ liệu {connection.settings_dict['NAME']} đã có bảng: không dùng "
                 "(the target database is not empty; this benchmark only fills a database it creates)")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"


def build_province(communes: int, villages: int, seed: int) -> tuple[object, list[object], int]:
    """The synthetic province: (province, its communes, observations written)."""
    from ntm.criteria.catalog import get_set
    from ntm.geo.models import Unit
    from ntm.monitoring.models import Observation
    from ntm.monitoring.periods import Period

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
    cset = get_set("qd318-2022")
    rows = []
    for commune in commune_units:
        for key in PERIODS:
            period = Period.parse(key)
            for ind in rng.sample(cset.indicators, 30):
                rows.append(Observation(
                    unit=commune, set_family=cset.id, criterion=ind.criterion, indicator=ind.code, period_key=key,
                    period_end=period.end, value_bool=(rng.random() < 0.8) if ind.value_type == "boolean" else None,
                    value=None if ind.value_type == "boolean" else Decimal(rng.randint(500, 1000)) / 10))
    Observation.objects.bulk_create(rows, batch_size=5000)
    return province, commune_units, len(rows)


def build_national(seed: int) -> tuple[object, list[object], int]:
    """The largest province by bench/national.py's generator: (province, its 2025 communes, observations)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from national import generate, largest_province

    from ntm.geo.models import Level, Scheme, Unit

    counts = generate("", seed)
    province = largest_province()
    communes = list(Unit.objects.filter(scheme=Scheme.Y2025, level=Level.COMMUNE, province_code=province.code)
                    .order_by("code"))
    return province, communes, counts["observations"]


def make_users(province: object, communes: list[object], officials: int, set_id: str) -> dict[str, str]:
    """A province officer (a session) and `officials` commune officials (a session and an API token each)."""
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    from ntm.api.models import ApiToken
    from ntm.common.models import Membership
    from ntm.criteria.catalog import get_set

    def session_for(user: User) -> str:
        session = SessionStore()
        session.update({"_auth_user_id": str(user.pk), "_auth_user_hash": user.get_session_auth_hash(),
                        "_auth_user_backend": "django.contrib.auth.backends.ModelBackend"})
        session.create()
        return str(session.session_key)

    office = User.objects.create_user("bench_tinh", password=None)
    Membership.objects.create(user=office, unit=province, role="province_office")
    keys = []
    for commune in communes[:officials]:
        user = User.objects.create_user(f"bench_{commune.code}", password=None)
        Membership.objects.create(user=user, unit=commune, role="commune_official")
        keys.append(f"{commune.key}={session_for(user)}={ApiToken.issue(user, 'bench')[1]}")
    indicators = [f"{ind.code}:{ind.value_type}" for ind in get_set(set_id).indicators]
    return {"BENCH_SESSION": session_for(office), "BENCH_PROVINCE": province.key, "BENCH_OFFICIALS": ",".join(keys),
            "BENCH_COMMUNES": ",".join(c.key for c in communes), "BENCH_INDICATORS": ",".join(indicators)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not start at {url}")


def cpu_seconds(root: int) -> float:
    """User + system CPU seconds of `root` and its children (gunicorn's master and workers), from /proc."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if root in (pid, ppid):
            total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def load_once(port: int, server: int, env: dict[str, str], args: argparse.Namespace, prefix: Path) -> dict:
    """One locust run; per page (requests, errors, p50, p95, p99) and the server's CPU ms per request."""
    before = cpu_seconds(server)
    subprocess.run(
        [str(VENV_BIN / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
         "-u", str(args.users), "-r", str(args.users), "-t", f"{args.seconds}s", "--host", f"http://127.0.0.1:{port}",
         "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR"],
        env=env, cwd=ROOT, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu = cpu_seconds(server) - before
    pages = {}
    with prefix.with_name(prefix.name + "_stats.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            pages[row["Name"]] = tuple(int(float(row[k])) for k in
                                       ("Request Count", "Failure Count", "50%", "95%", "99%"))
    requests = pages.get("Aggregated", (0,))[0]
    with prefix.with_name(prefix.name + "_failures.csv").open(encoding="utf-8") as fh:
        failures = {f"{row['Name']}: {row['Error'][:160]}": int(row["Occurrences"]) for row in csv.DictReader(fh)}
    return {"pages": pages, "cpu_ms": 1000 * cpu / requests if requests else 0.0, "requests": requests,
            "failures": failures}


def span(values: list[float], fmt: str = "{:.0f}") -> str:
    low, high = min(values), max(values)
    return fmt.format(low) if low == high else f"{fmt.format(low)}–{fmt.format(high)}"


def report(runs: list[dict], database: str, args: argparse.Namespace) -> None:
    print(f"{database}, {args.users} clients, {len(runs)} runs of {args.seconds} s, think time {args.think} s "
          f"(ranges over the runs):")
    print(f"  {'page':<12}{'requests':>12}{'errors':>9}{'p50 ms':>12}{'p95 ms':>12}{'p99 ms':>12}")
    for name in (*PAGES, "Aggregated"):
        rows = [r["pages"][name] for r in runs if name in r["pages"]]
        if rows:
            print(f"  {name:<12}" + "".join(f"{span([row[i] for row in rows]):>{w}}"
                                            for i, w in ((0, 12), (1, 9), (2, 12), (3, 12), (4, 12))))
    print(f"  server CPU per request (gunicorn, user+system): {span([r['cpu_ms'] for r in runs], '{:.1f}')} ms; "
          f"throughput {span([r['requests'] / args.seconds for r in runs], '{:.1f}')} req/s")
    failures: dict[str, int] = {}
    for r in runs:
        for what, count in r["failures"].items():
            failures[what] = failures.get(what, 0) + count
    for what, count in sorted(failures.items(), key=lambda item: -item[1]):
        print(f"  error ×{count}: {what}")


def run(args: argparse.Namespace) -> None:
    database = fresh_database()
    started = time.perf_counter()
    set_id = "qd51-2025" if args.national else "qd318-2022"
    province, communes, observations = (build_national(args.seed) if args.national
                                        else build_province(args.communes, args.villages, args.seed))
    keys = make_users(province, communes, max(40, args.users), set_id)
    print(f"{database}: {len(communes)} communes of {province.name}, {observations:,} observations built in "
          f"{time.perf_counter() - started:.0f} s")
    periods = "2025-Q4,2026-Q2,2026-Q4" if args.national else "2024-Q4,2025-Q2,2025-Q4"
    env = {**os.environ, **keys, "BENCH_THINK": str(args.think), "BENCH_SET": set_id, "BENCH_PERIODS": periods}
    port = free_port()
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "ntm.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--threads", "4",
         "--log-level", "warning", "--no-control-socket"], env=env, cwd=ROOT)
    try:
        wait_ready(f"http://127.0.0.1:{port}/dang-nhap/")
        folder = Path(os.environ["NTM_DATA_DIR"])
        runs = [load_once(port, server.pid, env, args, folder / f"locust{i}") for i in range(args.runs)]
        report(runs, database, args)
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--national", action="store_true",
                        help="the largest real province by bench/national.py's generator instead of the synthetic one")
    parser.add_argument("--communes", type=int, default=166)
    parser.add_argument("--villages", type=int, default=12)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean pause of each client between requests, in seconds (0 = saturation)")
    sys.path.insert(0, str(ROOT / "src"))
    run(parser.parse_args())


if __name__ == "__main__":
    main()
