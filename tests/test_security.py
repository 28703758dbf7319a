"""Safe by default: demo accounts only on request, a Content-Security-Policy with no inline script, a request id."""

import json
import logging
import re
from io import StringIO
from pathlib import Path

import pytest
from django.test import Client, RequestFactory

from ntm.common.logs import JsonLines, RequestIdFilter
from ntm.monitoring.management.commands import setup
from ntm.web.middleware import RequestIdMiddleware

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "ntm"


@pytest.mark.parametrize(("argv", "loads_demo"), [([], False), (["--demo"], True), (["--synthetic"], True)])
def test_setup_loads_the_demo_accounts_only_when_asked(monkeypatch, argv, loads_demo):
    called = []
    monkeypatch.setattr(setup, "call_command", lambda name, *a, **kw: called.append(name))
    out = StringIO()
    command = setup.Command(stdout=out)
    command.run_from_argv(["ntm", "setup", *argv])
    assert ("demo" in called) is loads_demo
    assert ("ntm-demo" in out.getvalue()) is loads_demo  # `make run` (setup --demo) says the password is known


@pytest.mark.django_db
def test_pages_carry_a_policy_that_refuses_inline_scripts():
    policy = Client().get("/dang-nhap/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for template in TEMPLATES.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{template.name}: {tag}")
        offenders += [f"{template.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=\s*[\"']", text)]
    assert offenders == []


@pytest.mark.django_db
def test_every_response_has_a_request_id_and_a_proxys_id_is_kept():
    first, second = Client().get("/dang-nhap/"), Client().get("/dang-nhap/")
    assert re.fullmatch(r"[0-9a-f]{32}", first["X-Request-ID"]) and first["X-Request-ID"] != second["X-Request-ID"]
    kept = Client().get("/dang-nhap/", headers={"X-Request-ID": "nginx-4f2a9c1e"})
    assert kept["X-Request-ID"] == "nginx-4f2a9c1e"
    odd = Client().get("/dang-nhap/", headers={"X-Request-ID": "<script>\n"})
    assert odd["X-Request-ID"] != "<script>\n"


def test_a_log_line_written_during_a_request_names_the_request_in_json():
    stream = StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonLines())
    logger = logging.getLogger("ntm.test_security")
    logger.addHandler(handler)

    def view(request):
        try:
            raise ValueError("hỏng")
        except ValueError:
            logger.exception("Internal Server Error: %s", request.path)
        from django.http import HttpResponse

        return HttpResponse(status=500)

    try:
        response = RequestIdMiddleware(view)(RequestFactory().get("/x", HTTP_X_REQUEST_ID="req-12345678"))
        logger.error("after the request")
    finally:
        logger.removeHandler(handler)
    during, after = (json.loads(line) for line in stream.getvalue().splitlines())
    assert response["X-Request-ID"] == during["request_id"] == "req-12345678"
    assert during["message"] == "Internal Server Error: /x" and "ValueError: hỏng" in during["traceback"]
    assert after["request_id"] == "-"
