"""The API: /api/, OpenAPI at /api/openapi.json and docs at /api/docs; one router module per app."""

from ninja import NinjaAPI

from . import (
    criteria,
    documents,
    errors,
    exchange,
    finance,
    geo,
    imports,
    jobs,
    monitoring,
    planning,
    recognition,
    reporting,
    sets,
)
from .auth import AUTH

api = NinjaAPI(title="ntm API", version="1", auth=AUTH, urls_namespace="api",
               description="Đơn vị, bộ tiêu chí, số liệu và kết quả đánh giá. Units, criteria sets, observations, "
                           "evaluations. Authenticate with `Authorization: Bearer <token>` "
                           "(`ntm manage create_api_token USERNAME NAME`), or the signed-in session with its "
                           "CSRF token for writes.")
errors.install(api)
for module in (geo, criteria, monitoring, planning, finance, reporting, exchange, imports, documents, jobs,
               recognition, sets):
    api.add_router("/", module.router)
