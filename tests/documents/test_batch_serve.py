"""`ntm serve --with-worker` (what `make run` does): the task worker runs beside the server and ends with it."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ntm.web.management.commands.serve import worker_argv


def test_the_worker_is_the_database_worker_without_reloader():
    argv = worker_argv()
    assert argv[:4] == [sys.executable, "-m", "django", "db_worker"] and "--no-reload" in argv


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children_of(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid:
            found.append((int(entry.name), cmdline))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until(condition, tries: int = 600) -> bool:
    """Poll `condition` every 0.1 s, at most `tries` times (a bound, not an assertion on speed)."""
    for _ in range(tries):
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.skipif(sys.platform != "linux", reason="the worker ends with the server through Linux's prctl")
def test_the_worker_starts_with_the_server_and_stops_with_it(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("NTM_") and k != "DATABASE_URL"}
    env["NTM_DATA_DIR"] = str(tmp_path)
    ntm = [sys.executable, "-m", "ntm.cli"]
    subprocess.run([*ntm, "manage", "migrate", "--no-input", "-v", "0"], env=env, check=True)
    port = free_port()
    server = subprocess.Popen([*ntm, "serve", "--with-worker", f"127.0.0.1:{port}", "--workers", "1"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_until(lambda: any("db_worker" in c for _, c in children_of(server.pid))), "no worker started"
        worker = next(pid for pid, c in children_of(server.pid) if "db_worker" in c)
        assert wait_until(lambda: any("gunicorn" in c for _, c in children_of(server.pid)))  # the server is up
        assert alive(worker)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        assert wait_until(lambda: not alive(worker)), "the worker outlived the server"
    finally:
        if server.poll() is None:
            server.kill()
