"""行政执法统计 pages, under /statistics/."""
from django.urls import path

from zhifa.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.index, name="index"),
    path("export/", views.xlsx, name="xlsx"),
    path("analysis/", views.docx, name="docx"),
    path("agencies/<int:agency_pk>/report/", views.report, name="report"),
]
