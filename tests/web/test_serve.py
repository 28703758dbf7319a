"""`ntm serve`: gunicorn with WhiteNoise and DEBUG off; `--dev` is Django's development server with DEBUG on."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from ntm.web.management.commands.serve import bind_address, gunicorn_argv, runserver_argv


def test_the_production_server_is_gunicorn_on_the_given_address():
    argv = gunicorn_argv("0.0.0.0:8080", workers=3, threads=4, timeout=120)
    assert argv[:4] == [sys.executable, "-m", "gunicorn", "ntm.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:8080" and argv[argv.index("--workers") + 1] == "3"


def test_a_bare_port_binds_the_loopback_as_runserver_does():
    assert bind_address("8000") == "127.0.0.1:8000" and bind_address("[::1]:8000") == "[::1]:8000"


def test_the_development_server_is_runserver():
    assert runserver_argv("127.0.0.1:8001")[2:] == ["django", "runserver", "127.0.0.1:8001"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A real `ntm serve` on a free port, with its own data folder (empty SQLite database)."""
    tmp_path = tmp_path_factory.mktemp("data")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NTM_") and k != "DATABASE_URL"}
    env["NTM_DATA_DIR"] = str(tmp_path)
    server = subprocess.Popen([sys.executable, "-m", "ntm.cli", "serve", f"127.0.0.1:{port}", "--workers", "1"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # waits for the port to open: collectstatic and the first worker's start
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                time.sleep(0.1)
        yield base, tmp_path
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_runs_gunicorn_with_static_files_and_debug_off(served):
    served, _ = served
    status, css = fetch(f"{served}/static/web/ntm.css")
    assert status == 200 and "{" in css
    status, page = fetch(f"{served}/abc%2Fdef")
    assert status == 404 and "Không tìm thấy" in page and "URLconf" not in page
    status, docs = fetch(f"{served}/api/docs")
    assert status == 200 and "/static/ninja/swagger-ui-bundle.js" in docs
    assert fetch(f"{served}/static/ninja/swagger-ui-bundle.js")[0] == 200


def test_a_server_error_shows_the_plain_page_and_logs_its_traceback(served):
    served, data_dir = served
    # The data folder's database is empty: reading the session behind this cookie fails on the missing table.
    status, page = fetch(f"{served}/", headers={"Cookie": "sessionid=" + "a1" * 16})
    assert status == 500 and "Lỗi máy chủ" in page and "Traceback" not in page
    log = (data_dir / "ntm.log").read_text()
    assert "Internal Server Error: /" in log and "Traceback (most recent call last)" in log and "django_session" in log
