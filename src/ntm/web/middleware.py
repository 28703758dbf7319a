"""One handler for domain errors on pages: the Vietnamese message, with the right status."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ntm.common.errors import NotFound, NtmError, OutOfScope


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
