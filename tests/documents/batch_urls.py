"""URLs for the batch tests until the lead wires web/urls.py and api/urls.py: the pages and the API plus the batch's.

Once `documents_batch.urlpatterns` is in web/urls.py and `jobs.router` in api/urls.py, the tests can drop
`@pytest.mark.urls` and this module.
"""

from django.urls import include, path
from ninja import NinjaAPI

from ntm.api import errors, jobs
from ntm.api.auth import AUTH
from ntm.web import documents_batch
from ntm.web import urls as web_urls

api = NinjaAPI(title="ntm API (batch tests)", auth=AUTH, urls_namespace="api")
errors.install(api)
api.add_router("/", jobs.router)

wired = {p.name for p in web_urls.urlpatterns}
web_patterns = list(web_urls.urlpatterns) + [p for p in documents_batch.urlpatterns if p.name not in wired]
urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include((web_patterns, "web"))),
]
