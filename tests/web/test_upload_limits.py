"""Request bodies refused by their declared size before anything reads them; a per-request time limit."""

from __future__ import annotations

import io

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command

from ntm.web.middleware import RequestTimeoutMiddleware, RequestWatchdog

pytestmark = pytest.mark.django_db


class UnreadableBody(io.BytesIO):
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the body was read")

    readline = read


def wsgi_post(path: str, length: int, **extra: str) -> tuple[str, bytes]:
    """POST straight to the WSGI application, declaring `length` bytes that are never sent."""
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": path, "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
               "wsgi.url_scheme": "http", "wsgi.input": UnreadableBody(), "wsgi.errors": io.StringIO(),
               "CONTENT_TYPE": "multipart/form-data; boundary=x", "CONTENT_LENGTH": str(length), **extra}
    status: list[str] = []
    body = b"".join(WSGIHandler()(environ, lambda s, headers: status.append(s)))
    return status[0], body


def test_an_anonymous_body_over_1_mb_is_refused_before_it_is_read() -> None:
    status, body = wsgi_post("/dang-nhap/", 100 * 1024 * 1024)
    assert status.startswith("413") and "Dữ liệu gửi lên quá lớn" in body.decode()


def test_an_anonymous_api_body_over_1_mb_gets_a_json_413() -> None:
    status, body = wsgi_post("/api/v1/units", 2 * 1024 * 1024)
    assert status.startswith("413") and b'"code": "ntm.too_large"' in body


def test_a_signed_in_official_may_send_a_batch_of_reports(client, commune_official) -> None:  # type: ignore[no-untyped-def]
    client.force_login(commune_official)
    response = client.post("/nhap-bao-cao/", {"note": "x" * (2 * 1024 * 1024)})
    assert response.status_code != 413


def test_a_signed_in_body_over_the_limit_is_refused_too(client, commune_official, settings) -> None:  # type: ignore[no-untyped-def]
    client.force_login(commune_official)
    response = client.generic("POST", "/nhap-bao-cao/", b"", CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1))
    assert response.status_code == 413


def test_a_request_past_its_time_ends_the_worker() -> None:
    ended: list[bool] = []
    watchdog = RequestWatchdog(60, end=lambda: ended.append(True))
    watchdog.running[1] = (1000.0, "/nhap-bao-cao/")
    assert watchdog.check(now=1059.0) is None and not ended
    assert watchdog.check(now=1061.0) == "/nhap-bao-cao/" and ended


def test_no_watchdog_runs_outside_the_production_server(client) -> None:  # type: ignore[no-untyped-def]
    client.get("/dang-nhap/")
    assert RequestTimeoutMiddleware.watchdog is None


def test_serve_gives_gunicorn_and_the_watchdog_the_same_timeout(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    started: dict[str, object] = {}
    monkeypatch.setattr("ntm.web.management.commands.serve.call_command", lambda *a, **k: None)
    monkeypatch.setattr("os.execve", lambda program, argv, env: started.update(argv=argv, env=env))
    call_command("serve", "8123", stdout=io.StringIO())
    argv = started["argv"]
    assert isinstance(argv, list) and argv[argv.index("--timeout") + 1] == "60"
    assert started["env"]["NTM_REQUEST_TIMEOUT"] == "60"  # type: ignore[index]
