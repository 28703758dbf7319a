"""Middleware of the pages: one handler for domain errors (the Vietnamese message, the right status);
a request id on every response and every log line of the request; request bodies refused by their
declared size before anything reads them; under gunicorn, a request past its time ends its worker."""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
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


class UploadSizeMiddleware:
    """Refuse a body whose Content-Length is over the limit (413) before anything reads or spools it.

    Signed-in users (a session, or an API token in the Authorization header) may send
    MAX_REQUEST_BYTES, a batch of reports; anonymous requests only ANONYMOUS_MAX_REQUEST_BYTES
    (a sign-in form is a few hundred bytes). A body without a Content-Length is not read by Django at all.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        size = int(declared) if declared.isdigit() else 0
        limit = self.limit(request)
        if size > limit:
            return self.refuse(request, size, limit)
        return self.get_response(request)

    @staticmethod
    def limit(request: HttpRequest) -> int:
        signed_in = request.user.is_authenticated or "Authorization" in request.headers
        return int(settings.MAX_REQUEST_BYTES if signed_in else settings.ANONYMOUS_MAX_REQUEST_BYTES)

    @staticmethod
    def refuse(request: HttpRequest, size: int, limit: int) -> HttpResponse:
        vi = f"Dữ liệu gửi lên quá lớn ({size // 1024} KB, tối đa {limit // 1024} KB)."
        en = f"Request body too large ({size // 1024} KB, at most {limit // 1024} KB)."
        if request.path.startswith("/api/"):
            body = {"code": "ntm.too_large", "message": vi, "message_en": en, "fields": {}}
            response: HttpResponse = JsonResponse(body, status=413)
        else:
            response = render(request, "web/error.html", {"title": _("Không thực hiện được"),
                                                          "message": vi}, status=413)
        response["Connection"] = "close"   # the unread body must not be taken for the next request
        return response


_log = logging.getLogger("ntm.web")


class RequestWatchdog:
    """Requests running in this process, and a check that ends the process when one is past `limit` seconds.

    gunicorn's --timeout does not reach a request running in one of a worker's threads (the worker's main
    loop keeps reporting alive); this does: the worker exits, gunicorn starts a fresh one, the other
    requests it was serving are cut like those of a timed-out sync worker.
    """

    def __init__(self, limit: float, *, end: Callable[[], None] = lambda: os._exit(70)):
        self.limit, self.end = limit, end
        self.running: dict[int, tuple[float, str]] = {}

    def check(self, now: float | None = None) -> str | None:
        """End the process if a request is past the limit; return its path (None when all are in time)."""
        now = time.monotonic() if now is None else now
        late = [path for start, path in list(self.running.values()) if now - start > self.limit]
        if not late:
            return None
        _log.error("request past %s s, worker ends: %s", self.limit, late[0])
        for handler in [*logging.getLogger().handlers, *_log.handlers, *logging.getLogger("ntm").handlers]:
            with contextlib.suppress(OSError, ValueError):  # a closed stream has nothing left to flush
                handler.flush()   # os._exit skips the flush at exit: the line would be lost
        self.end()
        return late[0]

    def watch(self) -> None:
        """Check every second, for ever (a daemon thread)."""
        while True:
            time.sleep(1)
            self.check()


class RequestTimeoutMiddleware:
    """Under `ntm serve` (settings.REQUEST_TIMEOUT > 0): a request past its time ends its gunicorn worker."""

    watchdog: RequestWatchdog | None = None

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        limit = float(getattr(settings, "REQUEST_TIMEOUT", 0) or 0)
        if limit > 0 and RequestTimeoutMiddleware.watchdog is None:
            RequestTimeoutMiddleware.watchdog = RequestWatchdog(limit)
            threading.Thread(target=RequestTimeoutMiddleware.watchdog.watch, daemon=True,
                             name="ntm-request-watchdog").start()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        watchdog = RequestTimeoutMiddleware.watchdog
        if watchdog is None:
            return self.get_response(request)
        key = threading.get_ident()
        watchdog.running[key] = (time.monotonic(), request.path)
        try:
            return self.get_response(request)
        finally:
            watchdog.running.pop(key, None)
