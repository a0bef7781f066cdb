"""Staff pages of 行政执法公示 (drafts, review, withdrawal, corrections, export), under /publicity/."""
from django.urls import URLPattern

app_name = "publicity"
urlpatterns: list[URLPattern] = []
