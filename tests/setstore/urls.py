"""The project's URLs plus the set pages and API (until the lead mounts them in web/urls.py and api/urls.py)."""

from django.urls import include, path
from ninja import NinjaAPI

from ntm.api import errors
from ntm.api import sets as sets_api
from ntm.api.auth import AUTH
from ntm.web import sets
from ntm.web import urls as web_urls

api = NinjaAPI(auth=AUTH, urls_namespace="setstore-api")
errors.install(api)
api.add_router("/", sets_api.router)

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include((web_urls.urlpatterns + sets.urlpatterns, "web"), namespace="web")),
]
