"""One place maps every API failure to JSON: {"code", "message", "message_en", "fields"}.

Domain errors (NtmError) keep their code and status; ninja's validation errors become 422 naming
the field; ninja's HTTP errors (no credentials, failed CSRF check, unreadable body) keep their
status. NotFound and OutOfScope give the same 404 body: an outsider cannot tell absent from not-yours.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

from ntm.common.errors import NotFound, NtmError, OutOfScope, StaleEdit

# Vietnamese wording for pydantic's error types; anything else keeps pydantic's English message.
_VALIDATION_VI = {
    "missing": "bắt buộc phải có",
    "int_parsing": "phải là số nguyên", "int_type": "phải là số nguyên", "int_from_float": "phải là số nguyên",
    "decimal_parsing": "phải là một số", "decimal_type": "phải là một số", "float_parsing": "phải là một số",
    "literal_error": "giá trị không được chấp nhận", "enum": "giá trị không được chấp nhận",
    "string_type": "phải là chuỗi ký tự", "bool_parsing": "phải là true hoặc false",
}
# ninja's HttpError statuses: (code, Vietnamese, English)
_HTTP = {
    400: ("ntm.bad_request", "Không đọc được nội dung gửi lên (cần JSON)", "The request body could not be read"),
    401: ("ntm.unauthenticated", "Cần đăng nhập hoặc mã truy cập", "Authentication required"),
    403: ("ntm.forbidden", "Thiếu mã CSRF hoặc không được phép", "CSRF check failed or not allowed"),
    429: ("ntm.throttled", "Quá nhiều yêu cầu, hãy thử lại sau", "Too many requests"),
}
NOT_FOUND = "ntm.not_found", "Không tìm thấy", "Not found"
# The statuses every endpoint may answer with an Error, documented in the OpenAPI schema by `with_errors`.
ERROR_STATUSES = (400, 401, 403, 404, 409, 413, 422)  # 413: web.middleware refuses a body too large


class Error(Schema):
    """The one error shape: a code, the message in Vietnamese and English, and {field: message}."""

    code: str
    message: str
    message_en: str
    fields: dict[str, str]


def with_errors(ok: Any) -> dict[int, Any]:
    """An endpoint's `response=`: its success schema (or {status: schema}) and the Error of every failure."""
    codes = dict(ok) if isinstance(ok, dict) else {200: ok}
    return {**codes, **{status: Error for status in ERROR_STATUSES if status not in codes}}


def error_body(code: str, message: str, message_en: str, fields: dict[str, str] | None = None) -> dict[str, Any]:
    """The one error shape of the API."""
    return {"code": code, "message": message, "message_en": message_en, "fields": fields or {}}


def domain_error_body(err: NtmError) -> dict[str, Any]:
    """A domain error as JSON; a stale edit also carries the value and version now saved."""
    fields = {err.field: err.message_vi} if err.field else dict(err.fields)
    body = error_body(err.code, err.message_vi, err.message_en, fields)
    if isinstance(err, StaleEdit) and err.current is not None:
        body["current"] = {"version": err.current.version, **err.current.as_audit()}
    return body


def validation_fields(errors: list[dict[str, Any]]) -> dict[str, str]:
    """{field: Vietnamese message} from ninja's errors; loc is (where, [body param,] field, ...)."""
    fields: dict[str, str] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        path = loc[2:] if loc[:1] == ["body"] and len(loc) > 2 else loc[1:]
        name = path[0] if path else (loc[0] if loc else "body")
        fields.setdefault(name, _VALIDATION_VI.get(error.get("type", ""), error.get("msg", "")))
    return fields


def install(api: NinjaAPI) -> None:
    """Register the handlers on `api`."""

    @api.exception_handler(NtmError)
    def domain_error(request: HttpRequest, err: NtmError) -> HttpResponse:
        if isinstance(err, NotFound | OutOfScope):  # absent and not-yours look alike
            return api.create_response(request, error_body(*NOT_FOUND), status=404)
        return api.create_response(request, domain_error_body(err), status=err.http_status)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, err: ValidationError) -> HttpResponse:
        body = error_body("ntm.bad_input", "Dữ liệu gửi lên không hợp lệ", "Invalid input",
                          validation_fields(err.errors))
        return api.create_response(request, body, status=422)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, err: HttpError) -> HttpResponse:
        code, message, message_en = _HTTP.get(err.status_code, ("ntm.error", err.message, err.message))
        return api.create_response(request, error_body(code, message, message_en), status=err.status_code)
