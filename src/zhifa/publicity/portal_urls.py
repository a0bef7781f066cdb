"""The public portal (no login), under /portal/: it reads publication snapshots and published catalog pages."""
from django.urls import URLPattern

app_name = "portal"
urlpatterns: list[URLPattern] = []
