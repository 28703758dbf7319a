"""URL configuration. The pages and the API arrive with the web issue; the admin is here now."""

from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
