"""Middleware of the pages: one handler for domain errors (the Vietnamese message, the right status);
a request id on every response and every log line of the request."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ntm.common.errors import NotFound, NtmError, OutOfScope
from ntm.common.logs import REQUEST_ID

_SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class RequestIdMiddleware:
    """X-Request-ID: the proxy's (if it looks like one) or a new one; answered in the header, logged with errors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _SANE_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = REQUEST_ID.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        response["X-Request-ID"] = request_id
        return response


class NtmErrorMiddleware:
    """NotFound and OutOfScope look the same (404): an outsider cannot tell absent from not-yours."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/") or not isinstance(exception, NtmError):
            return None
        if isinstance(exception, NotFound | OutOfScope):
            context = {"title": _("Không tìm thấy"), "message": _("Không tìm thấy trang hoặc đơn vị này.")}
            return render(request, "web/error.html", context, status=404)
        message = exception.message_en if get_language() == "en" else exception.message_vi
        return render(request, "web/error.html", {"title": _("Không thực hiện được"), "message": message,
                                                  "field": exception.field}, status=exception.http_status)
