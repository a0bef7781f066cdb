"""The public portal (no login), under /portal/: it reads publication snapshots and published catalog pages."""
from django.urls import URLPattern

app_name = "portal"
urlpatterns: list[URLPattern] = []

# publications (publicity.publication_views)
from django.urls import path  # noqa: E402

from zhifa.publicity import publication_views  # noqa: E402

urlpatterns += [
    path("publications/", publication_views.search, name="search"),
    path("publications/<int:pk>/", publication_views.publication, name="publication"),
]
