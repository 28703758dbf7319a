"""Write storm: W threads saving observations through the API while R threads read, on a database of its own.

Each writer is a commune official with a bearer token (so every read also passes the token check that once
wrote `last_used` on every request). Writers PUT values through the API in-process (Django's test client:
the same views, services and database code as the server, without the HTTP layer); readers GET the unit's
observations and its evaluation until the writers are done. Prints the errors (5xx or exceptions, with the
first messages) and the latencies; 409 answers (a stale version, in --same mode) are correct refusals, not
errors. Exit status 1 when there was any error.

    python bench/storm.py                          # SQLite in a temporary folder
    scripts/with-postgres python bench/storm.py    # a database it creates on that server, dropped afterwards
    python bench/storm.py --writers 20 --readers 4 --writes 10 --same
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SET_ID = "qd318-2022"
PROVINCE_CODE = "98"
PERIODS = ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]


@dataclass
class Tally:
    """Latencies and failures of one kind of request, filled by several threads."""

    seconds: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, seconds: float, status: int | None, error: str | None = None) -> None:
        with self.lock:
            self.seconds.append(seconds)
            if status is not None:
                self.statuses[status] = self.statuses.get(status, 0) + 1
            if error is not None:
                self.errors.append(error)

    def summary(self) -> dict[str, object]:
        ms = sorted(s * 1000 for s in self.seconds) or [0.0]
        p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
        return {"requests": len(self.seconds), "errors": len(self.errors), "statuses": self.statuses,
                "p50_ms": round(statistics.median(ms), 1), "p95_ms": round(p95, 1), "max_ms": round(ms[-1], 1),
                "first_errors": self.errors[:3]}


def prepare(writers: int, readers: int) -> tuple[str, list[str], list[str]]:
    """Migrate, create one commune per writer and its official with a token; return unit key, tokens."""
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from ntm.api.models import ApiToken
    from ntm.common.models import Membership
    from ntm.geo.models import Unit

    call_command("migrate", verbosity=0)
    province = Unit.objects.create(scheme="2025", level="province", code=PROVINCE_CODE, name="Tỉnh Bão Ghi",
                                   short_name="Bão Ghi", province_code=PROVINCE_CODE, search_key="tinh bao ghi")
    commune = Unit.objects.create(scheme="2025", level="commune", code="980001", name="Xã Bão Ghi",
                                  short_name="Bão Ghi", parent=province, province_code=PROVINCE_CODE,
                                  search_key="xa bao ghi", region="BTB")
    write_tokens, read_tokens = [], []
    for i in range(writers + readers):
        user = User.objects.create_user(f"storm{i}", password=None)
        Membership.objects.create(user=user, unit=commune, role="commune_official")
        (write_tokens if i < writers else read_tokens).append(ApiToken.issue(user, "storm")[1])
    return commune.key, write_tokens, read_tokens


def write_loop(key: str, token: str, indicators: list[str], writes: int, same: bool, tally: Tally) -> None:
    """PUT `writes` values: each writer on its own indicator, or all on one (reading the version first)."""
    from django.db import connections
    from django.test import Client

    client, headers = Client(), {"Authorization": f"Bearer {token}"}
    versions: dict[str, int | None] = {}
    try:
        for n in range(writes):
            indicator, period = indicators[n % len(indicators)], PERIODS[n % len(PERIODS)]
            url = f"/api/units/{key}/observations/{SET_ID}/{indicator}/{period}"
            started = time.perf_counter()
            try:
                expected = versions.get(url)
                if same:
                    rows = client.get(f"/api/units/{key}/observations?period={period}&set={SET_ID}", headers=headers)
                    found = [r for r in rows.json() if r["indicator"] == indicator]
                    expected = found[0]["version"] if found else None
                body = {"value": str(Decimal(500 + n) / 10), "expected_version": expected}
                response = client.put(url, json.dumps(body), content_type="application/json", headers=headers)
            except Exception as err:  # noqa: BLE001 - every failure is counted and shown, none stops the storm
                tally.note(time.perf_counter() - started, None, f"{type(err).__name__}: {err}")
                continue
            error = response.content.decode()[:200] if response.status_code >= 500 else None
            tally.note(time.perf_counter() - started, response.status_code, error)
            if response.status_code == 200:
                versions[url] = response.json()["version"]
    finally:
        connections.close_all()


def read_loop(key: str, token: str, done: threading.Event, tally: Tally) -> None:
    """GET the unit's values and its evaluation until the writers are done."""
    from django.db import connections
    from django.test import Client

    client, headers = Client(), {"Authorization": f"Bearer {token}"}
    urls = [f"/api/units/{key}/observations?period={PERIODS[0]}&set={SET_ID}",
            f"/api/units/{key}/evaluation?period={PERIODS[0]}&set={SET_ID}"]
    n = 0
    try:
        while not done.is_set():
            started = time.perf_counter()
            try:
                response = client.get(urls[n % len(urls)], headers=headers)
            except Exception as err:  # noqa: BLE001
                tally.note(time.perf_counter() - started, None, f"{type(err).__name__}: {err}")
            else:
                error = response.content.decode()[:200] if response.status_code >= 500 else None
                tally.note(time.perf_counter() - started, response.status_code, error)
            n += 1
    finally:
        connections.close_all()


def warm_up(key: str, token: str, indicator: str) -> None:
    """One untimed write and read first: loading the criteria catalogue is not what the storm measures."""
    from django.test import Client

    client, headers = Client(), {"Authorization": f"Bearer {token}"}
    client.put(f"/api/units/{key}/observations/{SET_ID}/{indicator}/2023", json.dumps({"value": "50"}),
               content_type="application/json", headers=headers)
    client.get(f"/api/units/{key}/evaluation?period=2023&set={SET_ID}", headers=headers)


def storm(writers: int, readers: int, writes: int, same: bool) -> dict[str, object]:
    """Run the storm on the configured database (already pointed at a fresh one); return the figures."""
    from ntm.criteria.catalog import get_set

    key, write_tokens, read_tokens = prepare(writers, readers)
    numeric = [i.code for i in get_set(SET_ID).indicators if i.value_type == "percent"]
    warm_up(key, write_tokens[0], numeric[-1])
    written, read, done = Tally(), Tally(), threading.Event()
    threads = [threading.Thread(target=write_loop, args=(key, token, [numeric[0]] if same else
                                                        [numeric[i % len(numeric)]], writes, same, written))
               for i, token in enumerate(write_tokens)]
    reading = [threading.Thread(target=read_loop, args=(key, token, done, read)) for token in read_tokens]
    started = time.perf_counter()
    for thread in reading + threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    for thread in reading:
        thread.join()
    from django.db import connection

    return {"database": connection.vendor, "writers": writers, "readers": readers, "writes_each": writes,
            "same_observation": same, "seconds": round(time.perf_counter() - started, 2),
            "writes": written.summary(), "reads": read.summary()}


def _own_postgres_database(url: str) -> tuple[str, str]:
    """Create a database of our own on the server of `url`; return its URL and name (dropped at the end)."""
    import psycopg

    name = f"ntm_storm_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}")), name


def _drop_postgres_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--writes", type=int, default=10, help="values each writer saves")
    parser.add_argument("--same", action="store_true", help="every writer on the same observation")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "ntm.settings"
    os.environ["NTM_ALLOWED_HOSTS"] = "testserver"
    os.environ.pop("NTM_DEBUG", None)
    server_url = os.environ.get("DATABASE_URL", "")
    dropping = None
    with tempfile.TemporaryDirectory(prefix="ntm-storm-") as folder:
        os.environ["NTM_DATA_DIR"] = folder  # never a database this script did not create
        if server_url.startswith(("postgres://", "postgresql://")):
            os.environ["DATABASE_URL"], name = _own_postgres_database(server_url)
            dropping = (server_url, name)
        else:
            os.environ.pop("DATABASE_URL", None)
        try:
            figures = storm(args.writers, args.readers, args.writes, args.same)
        finally:
            from django.db import connections

            connections.close_all()
            if dropping:
                _drop_postgres_database(*dropping)
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        print(f"{figures['database']}: {args.writers} writers × {args.writes} values"
              f"{' (same observation)' if args.same else ''}, {args.readers} readers, {figures['seconds']} s")
        for kind in ("writes", "reads"):
            f = figures[kind]
            print(f"  {kind:<6} {f['requests']:>5} requests  errors {f['errors']:>3}  p50 {f['p50_ms']:>7} ms  "
                  f"p95 {f['p95_ms']:>7} ms  max {f['max_ms']:>7} ms  statuses {f['statuses']}")
            for message in f["first_errors"]:
                print(f"    {message}")
    return 1 if figures["writes"]["errors"] or figures["reads"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
