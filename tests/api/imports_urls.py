"""The project's URLs with the import API mounted at /api/imports, until api/urls.py registers its router.

Used by tests/api/test_imports.py (`pytest.mark.urls`): once ntm.api.urls adds `imports.router`, this
module is the project's URLconf unchanged and the tests run against the real one.
"""

from django.urls import path
from ninja import NinjaAPI

from ntm.api import errors, imports
from ntm.api.auth import AUTH
from ntm.urls import urlpatterns as project

if getattr(imports.router, "api", None) is None:
    mounted = NinjaAPI(title="ntm API: imports", version="imports", auth=AUTH, urls_namespace="api_imports",
                       docs_url=None, openapi_url=None)
    errors.install(mounted)
    mounted.add_router("/", imports.router)
    urlpatterns = [path("api/", mounted.urls), *project]
else:
    urlpatterns = list(project)
