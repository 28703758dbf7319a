"""Page URLs (Vietnamese paths; unit keys carry their scheme, e.g. legacy:15169)."""

from django.contrib.auth.views import LogoutView
from django.urls import path

from . import (
    bulk,
    documents,
    documents_batch,
    entry,
    finance,
    imports,
    pages,
    planning,
    province,
    recognition,
    reporting,
    review,
    sets,
)
from .auth import LoginView

app_name = "web"
urlpatterns = [
    path("", pages.home, name="home"),
    path("dang-nhap/", LoginView.as_view(), name="login"),
    path("dang-xuat/", LogoutView.as_view(next_page="web:login"), name="logout"),
    path("don-vi/<str:key>/", pages.scorecard, name="scorecard"),
    path("don-vi/<str:key>/nhap/<str:period_key>/", entry.entry, name="entry"),
    path("don-vi/<str:key>/duyet/<str:period_key>/", review.review, name="review"),
    path("don-vi/<str:key>/lich-su/", pages.history, name="history"),
    path("duyet/", review.worklist, name="worklist"),
    path("minh-chung/<int:pk>/", review.evidence, name="evidence"),
    path("don-vi/<str:key>/so-sanh/", pages.compare_sets, name="compare"),
    path("tinh/<str:key>/", province.province, name="province"),
    path("nhap-bao-cao/", imports.upload, name="imports"),
    path("nhap-bao-cao/xac-nhan/", imports.confirm_batch, name="imports_confirm"),
    path("nhap-bao-cao/<int:pk>/", imports.review_import, name="import_review"),
]
# Each area keeps its own page URLs beside its views.
for area in (planning, finance, reporting, bulk, documents, documents_batch, recognition, sets):
    urlpatterns += area.urlpatterns
