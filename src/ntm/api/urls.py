"""The API: /api/, OpenAPI at /api/openapi.json and docs at /api/docs."""

from ninja import NinjaAPI

from . import errors
from .auth import AUTH
from .routes import router

api = NinjaAPI(title="ntm API", version="1", auth=AUTH, urls_namespace="api",
               description="Đơn vị, bộ tiêu chí, số liệu và kết quả đánh giá. Units, criteria sets, observations, "
                           "evaluations. Authenticate with `Authorization: Bearer <token>` (ntm create-api-token).")
errors.install(api)
api.add_router("/", router)
