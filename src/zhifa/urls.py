from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("zhifa.agencies.urls")),
    path("workdays/", include("zhifa.workdays.urls")),
    path("todo/", include("zhifa.obligations.urls")),
    path("supervision/", include("zhifa.supervision.urls")),
    path("records/", include("zhifa.records.urls")),
    path("catalog/", include("zhifa.catalog.urls")),
    path("public/ledger/", include("zhifa.ledger.urls")),
]
