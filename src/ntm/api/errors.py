"""One handler maps domain errors to JSON: {"code", "message", "message_en", "fields"}."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from ntm.common.errors import NotFound, NtmError, OutOfScope, StaleEdit

NOT_FOUND = {"code": "ntm.not_found", "message": "Không tìm thấy", "message_en": "Not found", "fields": {}}


def install(api: NinjaAPI) -> None:
    """Register the handlers on `api`."""

    @api.exception_handler(NtmError)
    def domain_error(request: HttpRequest, err: NtmError) -> HttpResponse:
        if isinstance(err, NotFound | OutOfScope):  # absent and not-yours look alike
            return api.create_response(request, NOT_FOUND, status=404)
        body: dict[str, Any] = {"code": err.code, "message": err.message_vi, "message_en": err.message_en,
                                "fields": {err.field: err.message_vi} if err.field else dict(err.fields)}
        if isinstance(err, StaleEdit) and err.current is not None:
            body["current"] = {"version": err.current.version, **err.current.as_audit()}
        return api.create_response(request, body, status=err.http_status)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, err: ValidationError) -> HttpResponse:
        fields = {".".join(str(p) for p in e.get("loc", [])[1:]) or "body": e.get("msg", "") for e in err.errors}
        body = {"code": "ntm.bad_input", "message": "Dữ liệu gửi lên không hợp lệ", "message_en": "Invalid input",
                "fields": fields}
        return api.create_response(request, body, status=422)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, err: AuthenticationError) -> HttpResponse:
        body = {"code": "ntm.unauthenticated", "message": "Cần đăng nhập hoặc mã truy cập",
                "message_en": "Authentication required", "fields": {}}
        return api.create_response(request, body, status=401)
