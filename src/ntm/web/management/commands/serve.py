"""`ntm serve [ADDRESS:PORT]`: the production server, gunicorn, with WhiteNoise serving the static files.

`ntm serve --dev [ADDRESS:PORT]` runs Django's development server instead, with NTM_DEBUG=true (reloads on
every change, shows tracebacks in the browser). Both replace this process, so signals reach the server itself.

`--with-worker` (what `make run` and `make dev` use) first starts the background-task worker (`db_worker`: the
province's batches of documents, queued in the database) as a child of this process; it ends when the server
ends, however the server is stopped (Linux's parent-death signal).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

DEFAULT_ADDRESS = "127.0.0.1:8000"
# Sized for a 2-core machine: a worker more than the cores, each with 4 threads for requests that wait on the
# database. No request needs a minute: large uploads are read by the worker (ingest.jobs), small ones within
# 20 s. gunicorn's --timeout does not reach a request in a thread, so NTM_REQUEST_TIMEOUT (the same figure)
# arms web.middleware.RequestTimeoutMiddleware, which ends a worker whose request runs past it.
DEFAULT_WORKERS = (os.cpu_count() or 1) + 1
DEFAULT_THREADS = 4
DEFAULT_TIMEOUT = 60
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def bind_address(address: str) -> str:
    """"8000" means 127.0.0.1:8000, as it does for runserver."""
    return f"127.0.0.1:{address}" if address.isdigit() else address


def gunicorn_argv(address: str, workers: int, threads: int, timeout: int) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "ntm.wsgi:application", "--bind", bind_address(address),
            "--workers", str(workers), "--threads", str(threads), "--timeout", str(timeout),
            # A worker is replaced now and then, so a slow leak cannot grow without end.
            "--max-requests", "2000", "--max-requests-jitter", "200",
            # No control socket: it would sit in $HOME, shared by every gunicorn of the user.
            "--no-control-socket", "--access-logfile", "-", "--error-logfile", "-"]


def runserver_argv(address: str) -> list[str]:
    return [sys.executable, "-m", "django", "runserver", address]


def worker_argv() -> list[str]:
    # No autoreload even with --dev: the reloader's own child would outlive the server.
    return [sys.executable, "-m", "django", "db_worker", "--no-reload", "--interval", "1"]


def _end_with_parent(parent: int) -> Callable[[], None]:
    """In the child, before it runs: ask Linux for SIGTERM when the parent (soon the server) ends."""
    def arrange() -> None:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent ended before the request: nothing would signal us
            os._exit(0)
    return arrange


def start_worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """The task worker, as a child that ends with this process (which becomes the server)."""
    arrange = _end_with_parent(os.getpid()) if sys.platform == "linux" else None
    return subprocess.Popen(worker_argv(), env=env, preexec_fn=arrange)  # this process has one thread here


class Command(BaseCommand):
    help = "Chạy máy chủ web (gunicorn); --dev: máy chủ phát triển của Django với NTM_DEBUG=true."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", nargs="?", default=DEFAULT_ADDRESS, help="ĐỊA CHỈ:CỔNG hoặc CỔNG")
        parser.add_argument("--dev", action="store_true", help="máy chủ phát triển (runserver), DEBUG bật")
        parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
        parser.add_argument("--threads", type=int, default=DEFAULT_THREADS)
        parser.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT, help="giây cho một yêu cầu")
        parser.add_argument("--with-worker", action="store_true",
                            help="chạy kèm tiến trình xử lý việc chạy nền (db_worker), dừng cùng máy chủ")

    def handle(self, *args: Any, **options: Any) -> None:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ntm.settings"}
        if options["dev"]:
            argv = runserver_argv(options["address"])
            env["NTM_DEBUG"] = "true"
        else:
            # With DEBUG off WhiteNoise serves only collected files: bring them up to date (copies changes only).
            call_command("collectstatic", interactive=False, verbosity=0)
            argv = gunicorn_argv(options["address"], options["workers"], options["threads"], options["timeout"])
            env["NTM_REQUEST_TIMEOUT"] = str(options["timeout"])
        if options["with_worker"]:
            worker = start_worker(env)
            self.stdout.write(f"{' '.join(worker_argv()[2:])} (pid {worker.pid})")
        self.stdout.write(" ".join(argv[2:]))
        self.stdout.flush()
        os.execve(argv[0], argv, env)
